"""A consistent copy of an open database through SQLite's online backup API, written
atomically. The lowest room of storage/db: migrations copy the file before upgrading it
and backup.py builds its rotation on it, so neither needs the other (docs/architecture.md)."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from storage.db.paths import ensure_private_dir

STAMP = "%Y%m%d-%H%M%S"


def backup_name(db_path: Path, reason: str) -> str:
    return f"{Path(db_path).stem}-{datetime.now().strftime(STAMP)}-{reason}.db"


def backup_to_file(db, target: Path) -> Path:
    """Write a consistent copy of `db` to `target` atomically (temporary file, rename)."""
    target = Path(target)
    ensure_private_dir(target.parent)
    temporary = target.with_suffix(target.suffix + ".tmp")
    temporary.unlink(missing_ok=True)
    destination = sqlite3.connect(str(temporary))
    try:
        db.conn.backup(destination)
    finally:
        destination.close()
    if os.name == "posix":
        os.chmod(temporary, 0o600)
    os.replace(temporary, target)
    return target
