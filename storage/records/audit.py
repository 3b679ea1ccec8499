"""The audit trail: append-only and hash-chained. Each entry's hash covers the entry
and the hash before it, so editing or removing an entry breaks the chain."""

from __future__ import annotations

import hashlib
import json

from storage import vocabulary
from storage.clock import now_iso

GENESIS = "0" * 64


class AuditEntry:
    """One entry. `before` and `after` are read from their JSON text only when asked for:
    the audit log page lists 2,000 entries and describes only the rows it shows."""

    __slots__ = ("id", "at", "actor", "action", "table_name", "record_uuid", "_before", "_after",
                 "prev_hash", "hash")

    def __init__(self, id: int, at: str, actor: str, action: str, table_name: str | None,
                 record_uuid: str | None, before: dict | str | None, after: dict | str | None,
                 prev_hash: str, hash: str):  # noqa: A002 (the column's name)
        self.id, self.at, self.actor, self.action = id, at, actor, action
        self.table_name, self.record_uuid = table_name, record_uuid
        self._before, self._after = before, after  # a dict, None, or the JSON text as stored
        self.prev_hash, self.hash = prev_hash, hash

    @property
    def before(self) -> dict | None:
        if isinstance(self._before, str):
            self._before = json.loads(self._before) if self._before else None
        return self._before

    @property
    def after(self) -> dict | None:
        if isinstance(self._after, str):
            self._after = json.loads(self._after) if self._after else None
        return self._after

    def __eq__(self, other) -> bool:
        return isinstance(other, AuditEntry) and all(
            getattr(self, name) == getattr(other, name) for name in
            ("id", "at", "actor", "action", "table_name", "record_uuid", "before", "after", "prev_hash", "hash"))

    def __repr__(self) -> str:
        return (f"AuditEntry(id={self.id!r}, at={self.at!r}, actor={self.actor!r}, action={self.action!r}, "
                f"table_name={self.table_name!r}, record_uuid={self.record_uuid!r}, before={self.before!r}, "
                f"after={self.after!r})")


_COLUMNS = "id, at, actor, action, table_name, record_uuid, before, after, prev_hash, hash"

# What an entry of a record does not keep: what the entry already holds (the record's uuid in
# record_uuid, the time in `at`, the person in `actor`), the row's bookkeeping (its local id,
# version, trash stamps) and columns derived from the others (sort keys, folded search text,
# the parts of a full name).
NOT_KEPT = frozenset({"id", "uuid", "created_at", "updated_at", "version", "deleted_at", "deleted_by",
                      "sort_key", "search_text", "family_name", "middle_name", "given_name"})


def created(values: dict) -> dict:
    """What an entry keeps of a new record: its meaningful fields once (empty ones left out,
    and the birth year when the birth date already says it)."""
    kept = {key: value for key, value in values.items()
            if key not in NOT_KEPT and value is not None and value != "" and value != []}
    birth_date = kept.get("birth_date")
    if isinstance(birth_date, str) and str(kept.get("birth_year")) == birth_date[:4]:
        del kept["birth_year"]
    return kept


def changed(before: dict, after: dict) -> tuple[dict | None, dict | None]:
    """What an entry keeps of an update: the changed fields' old and new values only
    (None, None when nothing a person typed changed)."""
    keys = [key for key in sorted(set(before) | set(after))
            if key not in NOT_KEPT and before.get(key) != after.get(key)]
    if not keys:
        return None, None
    return {key: before.get(key) for key in keys}, {key: after.get(key) for key in keys}


def _dump(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def entry_hash(prev_hash: str, at: str, actor: str, action: str, table_name, record_uuid,
               before_json, after_json) -> str:
    # Fields joined by the unit separator; a missing one is the NUL character.
    fields = (prev_hash, at, actor, action, table_name, record_uuid, before_json, after_json)
    payload = "\x1f".join("\x00" if f is None else f for f in fields)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def last_hash(db) -> str:
    row = db.conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else GENESIS


def append(db, actor: str, action: str, table_name: str | None = None,
           record_uuid: str | None = None, before: dict | None = None,
           after: dict | None = None) -> None:
    append_many(db, [(actor, action, table_name, record_uuid, before, after)])


def append_many(db, entries) -> None:
    """Append (actor, action, table, uuid, before, after) tuples in order, inside the
    caller's transaction or a transaction of its own (never left open)."""
    with db.atomic():
        _append_rows(db, entries)


def _append_rows(db, entries) -> None:
    prev = last_hash(db)
    at = now_iso()
    rows = []
    for actor, action, table_name, record_uuid, before, after in entries:
        before_json, after_json = _dump(before), _dump(after)
        digest = entry_hash(prev, at, actor, action, table_name, record_uuid, before_json, after_json)
        rows.append((at, actor, action, table_name, record_uuid, before_json, after_json, prev, digest))
        prev = digest
    db.conn.executemany(
        "INSERT INTO audit_log(at, actor, action, table_name, record_uuid, before, after, "
        "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def verify_chain(db) -> int | None:
    """The id of the first entry that does not fit the chain, or None when all fit."""
    prev = GENESIS
    cursor = db.conn.execute(
        "SELECT id, at, actor, action, table_name, record_uuid, before, after, prev_hash, hash "
        "FROM audit_log ORDER BY id")
    for (entry_id, at, actor, action, table_name, record_uuid, before_json, after_json,
         prev_hash, digest) in cursor:
        expected = entry_hash(prev, at, actor, action, table_name, record_uuid, before_json, after_json)
        if prev_hash != prev or digest != expected:
            return entry_id
        prev = digest
    return None


def history(db, record_uuid: str) -> list[AuditEntry]:
    # index audit_record_start (migration 12) holds the uuid's first 8 characters; the whole
    # uuid (its + keeps the planner on that index) sorts out the rare entries sharing them
    cursor = db.conn.execute(f"SELECT {_COLUMNS} FROM audit_log WHERE substr(record_uuid, 1, 8) = "
                             "substr(?, 1, 8) AND +record_uuid = ? ORDER BY id", (record_uuid, record_uuid))
    return [AuditEntry(*row) for row in cursor]


# Every action the code writes, as (code, label): the audit page's filter. Entries made
# before the codes migration (schema 5) hold the label; they stay as written (the chain
# covers them) and a filter by code finds them too.
ACTIONS = tuple(vocabulary.choices("audit_action"))


def action_label(action: str) -> str:
    return vocabulary.label("audit_action", action)


def entries(db, *, actor: str | None = None, action: str | None = None, table: str | None = None,
            since: str | None = None, until: str | None = None, limit: int = 1000) -> list[AuditEntry]:
    """The newest entries matching the filters (dates as yyyy-mm-dd, inclusive)."""
    clauses, params = [], []
    for column, value in (("actor", actor), ("table_name", table)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if action:
        code = vocabulary.code_of("audit_action", action) or action
        clauses.append("action IN (?, ?)")
        params += [code, vocabulary.label("audit_action", code)]
    if since:
        clauses.append("at >= ?")
        params.append(since)
    if until:
        clauses.append("at < date(?, '+1 day')")
        params.append(until)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    cursor = db.conn.execute(f"SELECT {_COLUMNS} FROM audit_log{where} ORDER BY id DESC LIMIT {int(limit)}",
                             params)
    return [AuditEntry(*row) for row in cursor]  # before/after read when a row is described


def actors(db) -> list[str]:
    return [row[0] for row in db.conn.execute("SELECT DISTINCT actor FROM audit_log ORDER BY actor")]


def changes(entry: AuditEntry) -> list[tuple[str, object, object]]:
    """(field, before, after) of what an entry changed."""
    before, after = entry.before or {}, entry.after or {}
    skip = {"updated_at", "version", "created_at", "id"}
    return [(key, before.get(key), after.get(key)) for key in sorted(set(before) | set(after))
            if key not in skip and before.get(key) != after.get(key)]
