"""A station's package numbers never go backwards. The highest number it used is taken
from three places, whichever is highest: the exports table, a small file kept beside
the database file outside it (`<tệp dữ liệu>.so-goi.json`, so that restoring an older
copy of the database does not rewind it), and the receipts its superior signed. The
superior identifies packages by content; this keeps numbers meaningful for people."""

from __future__ import annotations

import json
from pathlib import Path

from storage.db.files import write_atomically
from storage.errors import StorageError

SUFFIX = ".so-goi.json"


def _file(db) -> Path | None:
    row = db.conn.execute("PRAGMA database_list").fetchone()
    return Path(row[2] + SUFFIX) if row and row[2] else None


def _station_uuid(db) -> str | None:
    row = db.conn.execute("SELECT uuid FROM unit LIMIT 1").fetchone()
    return row[0] if row else None


MAX_ANCHORS = 100


def _read(db) -> dict:
    path = _file(db)
    if path is None:
        return {}
    try:
        kept = json.loads(path.read_bytes()[:64 << 10])
        if isinstance(kept, dict) and kept.get("station_uuid") == _station_uuid(db):
            return kept
    except (OSError, ValueError):
        pass
    return {}


def _kept(db) -> int:
    value = _read(db).get("last_sequence")
    return max(0, value) if type(value) is int else 0


def anchors(db) -> list[dict]:
    """The audit chain heads of the last exports, kept outside the database."""
    found = _read(db).get("anchors")
    if not isinstance(found, list):
        return []
    return [a for a in found if isinstance(a, dict) and type(a.get("sequence")) is int
            and isinstance(a.get("audit_head"), str) and isinstance(a.get("at"), str)]


def last_used(db) -> int:
    exported = db.conn.execute("SELECT max(sequence) FROM exports").fetchone()[0] or 0
    return max(exported, _kept(db))


def next_sequence(db) -> int:
    return last_used(db) + 1


def remember(db, sequence: int, audit_head: str | None = None) -> None:
    """Keep `sequence` beside the database if it is the highest seen (an export, a
    receipt), with the audit chain head an export carried (an anchor)."""
    from storage.clock import now_iso

    path = _file(db)
    if path is None or (sequence <= _kept(db) and audit_head is None):
        return
    kept = anchors(db)
    if audit_head is not None:
        kept = (kept + [{"sequence": sequence, "audit_head": audit_head, "at": now_iso()}])[-MAX_ANCHORS:]
    write_atomically(path, json.dumps({"station_uuid": _station_uuid(db), "last_sequence": max(sequence, _kept(db)),
                                       "anchors": kept}).encode())


def kept_file(db) -> bytes | None:
    """The bytes of the file kept beside the database (None: there is none), to put back
    with put_back() when the package whose number was just kept never reached its place."""
    path = _file(db)
    try:
        return path.read_bytes()[:64 << 10] if path is not None else None
    except OSError:
        return None


def put_back(db, kept: bytes | None) -> None:
    path = _file(db)
    if path is None:
        return
    try:
        if kept is None:
            path.unlink(missing_ok=True)
        else:
            write_atomically(path, kept)
    except (OSError, StorageError):
        pass  # the number stays used: a gap the superior reports, never a number used twice
