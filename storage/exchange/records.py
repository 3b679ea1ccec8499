"""Which records travel, and how: foreign keys become the uuids of the records they
point to (ids are local to each database), and what is sensitive stays behind."""

from __future__ import annotations

import dataclasses
import typing

from storage import vocabulary
from storage.records.registry import repository_for

# Tables in the order an importer can rely on (referenced records first).
TABLES = ["areas", "people", "households", "teams", "memberships", "models", "pledges", "patrols",
          "mediation_cases", "tips", "surrendered_items", "reintegration_cases", "reviews", "commendations",
          "area_assessments"]

# column → table it points to; list columns hold several ids.
REFERENCES = {
    "area_id": "areas", "household_id": "households", "head_id": "people", "person_id": "people",
    "team_id": "teams", "text_id": "pledge_texts", "area_ids": "areas", "member_ids": "people",
}

# Never leave the station: who gave a tip, and who is being helped back into society.
LEFT_OUT = {
    "tips": {"informant_name": "tên người cung cấp tin", "informant_contact": "liên hệ người cung cấp tin"},
    "reintegration_cases": {"person_id": "người được giúp đỡ (chỉ gửi số lượng)",
                            "helper": "người giúp đỡ", "notes": "ghi chú"},
}
META = ("uuid", "version", "created_at", "updated_at", "deleted_at", "deleted_by", "id")


def fields_of(table: str) -> dict[str, object]:
    """The exported fields of a table and their Python types (uuids in place of ids)."""
    repo = repository_for(table)
    hints = typing.get_type_hints(repo.record)
    out = {}
    for field in dataclasses.fields(repo.record):
        if field.name in META or field.name in LEFT_OUT.get(table, {}):
            continue
        name, hint = field.name, hints[field.name]
        if name in REFERENCES:
            plural = name.endswith("_ids")
            name = name[:-4] + "_uuids" if plural else name[:-3] + "_uuid"
            hint = list[str] if plural else str | None
        out[name] = hint
    return out


def _uuid_map(db, table: str) -> dict[int, str]:
    return {row[0]: row[1] for row in db.conn.execute(f"SELECT id, uuid FROM {table}")}


class Translator:
    """Local ids → uuids, loaded once per table."""

    def __init__(self, db):
        self.db = db
        self.maps: dict[str, dict[int, str]] = {}

    def uuid(self, table: str, record_id):
        if record_id is None:
            return None
        if table not in self.maps:
            self.maps[table] = _uuid_map(self.db, table)
        return self.maps[table].get(record_id)

    def record(self, table: str, snapshot: dict) -> dict:
        data = {}
        for key, value in snapshot.items():
            if key in META or key in LEFT_OUT.get(table, {}) or key in ("sort_key", "search_text"):
                continue
            if key in REFERENCES:
                target = REFERENCES[key]
                if key.endswith("_ids"):
                    data[key[:-4] + "_uuids"] = [self.uuid(target, v) for v in value or []]
                else:
                    data[key[:-3] + "_uuid"] = self.uuid(target, value)
            elif key == "people" and table == "mediation_cases":
                data[key] = [{**{k: v for k, v in p.items() if k != "person_id"},
                              "person_uuid": self.uuid("people", p.get("person_id"))} for p in value]
            else:
                data[key] = value
        return data


def json_type(hint) -> dict:
    """A JSON Schema fragment for a Python type hint of a record field. Nullable types
    are written as a list of types, not anyOf: the compiled validator then never
    raises and catches an exception for a null, which made it three times slower."""
    args = typing.get_args(hint)
    nullable = type(None) in args
    base = next((a for a in args if a is not type(None)), hint) if args and nullable else hint
    origin = typing.get_origin(base)
    if origin is list:
        inner = typing.get_args(base)[0]
        schema = {"type": "array", "items": {"type": "object"} if inner is dict else {"type": ["string", "null"]}}
    elif base is int:
        schema = {"type": "integer"}
    elif base is float:
        schema = {"type": "number"}
    else:
        schema = {"type": "string"}
    if nullable:
        schema["type"] = [schema["type"], "null"]
    return schema


def schema_for(table: str) -> dict:
    """The JSON Schema of one line of records/<table>.jsonl."""
    properties = {name: json_type(hint) for name, hint in fields_of(table).items()}
    for (coded_table, column), kind in vocabulary.COLUMNS.items():
        if coded_table == table and column in properties:
            # Codes since format 2.0; a list a station may extend is not closed by an enum.
            shown = "; ".join(f"{code} = {label}" for code, label in vocabulary.VOCABULARIES[kind].items())
            extendable = " (xã có thể thêm mã)" if kind in vocabulary.LIST_KINDS else ""
            properties[column] = {**properties[column], "description": f"Mã{extendable}: {shown}"}
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": f"Bình Yên — {table}",
        "type": "object",
        "required": ["uuid", "version", "updated_at", "deleted_at", "data"],
        "additionalProperties": False,
        "properties": {
            "uuid": {"type": "string", "pattern": "^[0-9a-f-]{36}$"},
            "version": {"type": "integer", "minimum": 1},
            "created_at": {"type": "string"},
            "updated_at": {"type": "string"},
            "deleted_at": {"type": ["string", "null"]},
            "data": {"type": ["object", "null"], "additionalProperties": False, "properties": properties},
        },
    }
