"""JSON Schemas of a package's manifest.json and figures.json (docs/exchange-schemas/),
the caps a package must stay within, and fastjsonschema failures told in Vietnamese.
The reader checks every input against these before any field is used."""

from __future__ import annotations

import re
from functools import cache

import fastjsonschema

# Caps, checked on the file and on the zip's central directory before anything is
# decompressed, and again while streaming (docs/exchange-format.md, "Giới hạn").
MAX_FILE = 128 << 20            # the whole package on disk
MAX_HEADER = 4 << 10            # the outer JSON header
MAX_ENTRIES = 64                # files in the zip
MAX_DIRECTORY = 64 << 10        # the zip's central directory
MAX_NAME = 100                  # one file name in the zip
MAX_MANIFEST = 1 << 20
MAX_SIGNATURE = 64
MAX_FIGURES = 4 << 20
MAX_ATTACHMENT = 32 << 20       # summary.pdf, figures.xlsx
MAX_TABLE = 64 << 20            # one records/<table>.jsonl
MAX_TOTAL = 128 << 20           # everything in the zip, uncompressed
MAX_RATIO = 200                 # uncompressed / compressed, for entries above 64 KiB
RATIO_FLOOR = 64 << 10
MAX_RECORD = 64 << 10           # one line of records/<table>.jsonl
MAX_RECORDS = 250_000           # lines in one package, all tables
MAX_SEQUENCE = 2**31 - 1
MAX_VERSION = 2**53
MAX_DIGITS = 20                 # of an integer anywhere in a package (SQLite's are 64-bit; str() stops at 4,300)

_TEXT = {"type": "string", "maxLength": 300}
PERIOD_CODE = r"^([0-9]{4}(-(H[12]|Q[1-4]|[0-9]{2}))?|[0-9]{4}-[0-9]{2}-[0-9]{2}\.\.[0-9]{4}-[0-9]{2}-[0-9]{2})$"
_TEXT_OR_NULL = {"type": ["string", "null"], "maxLength": 300}
_TEXT_OR_NULL_LONG = {"type": ["string", "null"], "maxLength": 500}
_DATE = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_COUNT = {"type": "integer", "minimum": 0, "maximum": 10**12}
_NUMBER = {"type": "number", "minimum": -1e15, "maximum": 1e15}
_FLAT = {"type": ["number", "boolean", "string", "null"], "maxLength": 300,
         "minimum": -1e15, "maximum": 1e15}

MANIFEST_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "Bình Yên — manifest.json",
    "type": "object",
    "required": ["format", "format_version", "station", "superior", "period", "created_at", "sequence",
                 "full", "counts", "files"],
    "properties": {
        "format": {"const": "binhyen-exchange"},
        "format_version": {"type": "string", "pattern": r"^[0-9]{1,3}\.[0-9]{1,3}$"},
        "app_version": {"type": "string", "maxLength": 40},
        "unit_list_version": {"type": ["string", "null"], "maxLength": 40},
        "station": {
            "type": "object",
            "required": ["uuid", "name", "signing_key", "province_code", "commune_code"],
            "properties": {
                "uuid": {"type": "string", "pattern": r"^[0-9a-f-]{36}$"},
                "name": {"type": "string", "minLength": 1, "maxLength": 300},
                "parent_body": _TEXT_OR_NULL,
                "province_code": {"type": ["integer", "null"], "minimum": 1, "maximum": 999},
                "commune_code": {"type": ["integer", "null"], "minimum": 1, "maximum": 99999},
                "commune_name": _TEXT_OR_NULL,
                "signing_key": {"type": "string", "pattern": r"^[A-Za-z0-9+/]{43}=$"},
                "fingerprint": _TEXT,
            },
        },
        "superior": {
            "type": "object",
            "properties": {"name": _TEXT_OR_NULL, "fingerprint": _TEXT_OR_NULL},
        },
        "period": {
            "type": "object",
            "required": ["code", "start", "end"],
            "properties": {"code": {"type": "string", "pattern": PERIOD_CODE},
                           "start": _DATE, "end": _DATE, "label": _TEXT},
        },
        "created_at": {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.+\-Z]{2,30}$"},
        "sequence": {"type": "integer", "minimum": 1, "maximum": MAX_SEQUENCE},
        "full": {"type": "boolean"},
        "counts": {"type": "object", "maxProperties": MAX_ENTRIES,
                   "additionalProperties": {"type": "integer", "minimum": 0, "maximum": MAX_RECORDS}},
        "files": {"type": "object", "maxProperties": MAX_ENTRIES,
                  "additionalProperties": {"type": "string", "pattern": r"^[0-9a-f]{64}$"}},
        "audit_head": {"type": ["string", "null"], "maxLength": 128},
        "left_out": {"type": "array", "maxItems": 200, "items": {"type": "string", "maxLength": 500}},
        "residents": {"type": "object", "required": ["named"],
                      "properties": {"named": {"type": "boolean"}, "reason": _TEXT_OR_NULL_LONG}},
    },
}

RESIDENTS_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "Bình Yên — residents.json (số hộ, số người theo địa bàn)",
    "type": "array",
    "maxItems": 5000,
    "items": {"type": "object", "required": ["area_uuid", "area_name", "households", "people"],
              "additionalProperties": False,
              "properties": {"area_uuid": {"type": ["string", "null"], "pattern": r"^[0-9a-f-]{36}$"},
                             "area_name": _TEXT, "households": _COUNT, "people": _COUNT}},
}

_PERIOD = {"type": "object", "required": ["code", "start", "end"],
           "properties": {"code": {"type": "string", "maxLength": 20}, "start": _DATE, "end": _DATE,
                          "label": _TEXT}}


def _section(counts: list[str], ratios: tuple[str, ...] = (), lists: dict[str, dict] | None = None,
             years: tuple[str, ...] = ()) -> dict:
    properties = {name: _COUNT for name in counts}
    properties.update({name: _NUMBER for name in ratios})
    properties.update({name: {"type": "integer", "minimum": 1900, "maximum": 2200} for name in years})
    for name, fields in (lists or {}).items():
        properties[name] = {"type": "array", "maxItems": 2000,
                            "items": {"type": "object", "required": list(fields), "properties": fields,
                                      "additionalProperties": _FLAT}}
    return {"type": "object", "required": list(properties), "properties": properties,
            "additionalProperties": _FLAT}


_STRING = {"type": "string", "maxLength": 300}
FIGURES_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "Bình Yên — figures.json",
    "type": "object",
    "required": ["period"],
    "maxProperties": 100,
    "properties": {
        "period": _PERIOD,
        "areas": _section(["total", "registered", "recognised_safe"], ("ratio_recognised",), years=("year",)),
        "teams": _section(["total", "members", "launched", "ended"],
                          lists={"by_kind": {"kind": _STRING, "teams": _COUNT, "members": _COUNT}}),
        "models": _section(["total", "points", "exemplary", "replicated"],
                           lists={"by_name": {"name": _STRING, "points": _COUNT, "exemplary": {"type": "boolean"}}}),
        "households": _section(["total", "pledged"], ("ratio_pledged",)),
        "patrols": _section(["total", "with_findings", "person_turns"],
                            lists={"by_month": {"month": _STRING, "count": _COUNT}}),
        "mediation": _section(["received", "settled", "not_settled", "in_progress", "excluded"], ("ratio_settled",),
                              lists={"by_category": {"category": _STRING, "count": _COUNT}}),
        "tips": _section(["received", "valuable"]),
        "surrendered": _section(["handovers"], lists={"by_kind": {"kind": _STRING, "unit": _STRING,
                                                                   "quantity": _COUNT, "handovers": _COUNT}}),
        "reintegration": _section(["total", "new", "helping", "reintegrated", "reoffended"]),
        "commendations": _section(["total", "collective", "individual"],
                                  lists={"by_level": {"level": _STRING, "count": _COUNT}}),
    },
    # A section added by a newer minor version: flat values or lists of flat entries.
    "additionalProperties": {"type": "object", "maxProperties": 200, "additionalProperties": {
        "anyOf": [_FLAT, {"type": "array", "maxItems": 2000,
                          "items": {"type": "object", "maxProperties": 50, "additionalProperties": _FLAT}}]}},
}

SCHEMAS = {"manifest": MANIFEST_SCHEMA, "figures": FIGURES_SCHEMA, "residents": RESIDENTS_SCHEMA}

RULES = {
    "type": "sai kiểu dữ liệu", "required": "thiếu trường bắt buộc", "pattern": "sai định dạng",
    "maximum": "vượt giá trị lớn nhất cho phép", "minimum": "nhỏ hơn giá trị nhỏ nhất cho phép",
    "maxLength": "quá dài", "minLength": "quá ngắn", "const": "sai giá trị", "enum": "không thuộc các giá trị cho phép",
    "additionalProperties": "có trường không được phép", "maxItems": "quá nhiều phần tử",
    "maxProperties": "quá nhiều trường", "anyOf": "không đúng kiểu nào được phép",
}


# Control characters, bidirectional overrides, zero-width characters: a name that reads
# otherwise than it is (a right-to-left override), hides a NUL, or breaks a workbook.
HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
                    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")


def visible(text: str) -> str:
    """`text` without hidden characters, its spaces (tabs, line breaks) collapsed to one."""
    return " ".join(HIDDEN.sub("", text).split())


@cache
def validator(name: str):
    return fastjsonschema.compile(SCHEMAS[name])


def explain(problem: fastjsonschema.JsonSchemaException) -> str:
    """A fastjsonschema failure as a Vietnamese phrase naming the field."""
    where = (problem.name or "data").removeprefix("data").lstrip(".")
    rule = RULES.get(problem.rule or "", "không hợp lệ")
    if problem.rule == "required" and isinstance(problem.rule_definition, list):
        rule += " (" + ", ".join(map(str, problem.rule_definition)) + ")"
    return f"trường {where} {rule}" if where else rule


def check(name: str, value) -> str | None:
    """None when `value` fits the schema, else why not (Vietnamese)."""
    try:
        validator(name)(value)
    except fastjsonschema.JsonSchemaException as problem:
        return explain(problem)
    return loose_integer(SCHEMAS[name], value)


def _kinds(schema: dict) -> list:
    kinds = schema.get("type")
    return kinds if isinstance(kinds, list) else [kinds]


def _float_for_integer(schema, value, where: str) -> str | None:
    if not isinstance(schema, dict):
        return None
    if "anyOf" in schema:  # fits if one branch takes it as it is
        found = [_float_for_integer(branch, value, where) for branch in schema["anyOf"]]
        return None if None in found else found[0]
    if isinstance(value, float):
        kinds = _kinds(schema)
        return where if "integer" in kinds and "number" not in kinds else None
    if isinstance(value, dict):
        properties, extra = schema.get("properties", {}), schema.get("additionalProperties")
        for key, item in value.items():
            found = _float_for_integer(properties.get(key, extra), item, f"{where}.{key}" if where else str(key))
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _float_for_integer(schema.get("items"), item, f"{where}[{index}]")
            if found is not None:
                return found
    return None


def loose_integer(schema: dict, value) -> str | None:
    """JSON Schema's "integer" takes 3.0 (fastjsonschema too): None when every integer
    the schema asks for is a Python int, else which field is not (Vietnamese)."""
    where = _float_for_integer(schema, value, "")
    if where is None:
        return None
    return f"trường {where} phải là số nguyên, không phải số thực" if where else "phải là số nguyên"
