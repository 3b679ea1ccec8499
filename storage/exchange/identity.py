"""A station's package numbers never go backwards. The highest number it used is taken
from three places, whichever is highest: the exports table, a small file kept beside
the database file outside it (`<tệp dữ liệu>.so-goi.json`, so that restoring an older
copy of the database does not rewind it), and the receipts its superior signed. The
superior identifies packages by content; this keeps numbers meaningful for people."""

from __future__ import annotations

import json
from pathlib import Path

from storage.db.files import write_atomically

SUFFIX = ".so-goi.json"


def _file(db) -> Path | None:
    row = db.conn.execute("PRAGMA database_list").fetchone()
    return Path(row[2] + SUFFIX) if row and row[2] else None


def _station_uuid(db) -> str | None:
    row = db.conn.execute("SELECT uuid FROM unit LIMIT 1").fetchone()
    return row[0] if row else None


def _kept(db) -> int:
    path = _file(db)
    if path is None:
        return 0
    try:
        kept = json.loads(path.read_bytes()[:4096])
        if kept.get("station_uuid") == _station_uuid(db) and type(kept.get("last_sequence")) is int:
            return max(0, kept["last_sequence"])
    except (OSError, ValueError, AttributeError):
        pass
    return 0


def last_used(db) -> int:
    exported = db.conn.execute("SELECT max(sequence) FROM exports").fetchone()[0] or 0
    return max(exported, _kept(db))


def next_sequence(db) -> int:
    return last_used(db) + 1


def remember(db, sequence: int) -> None:
    """Keep `sequence` beside the database if it is the highest seen (an export, a receipt)."""
    path = _file(db)
    if path is None or sequence <= _kept(db):
        return
    write_atomically(path, json.dumps({"station_uuid": _station_uuid(db), "last_sequence": sequence}).encode())
