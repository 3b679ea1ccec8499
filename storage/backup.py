"""Copies of the database through SQLite's online backup API (safe while in use)."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from storage.paths import ensure_private_dir


def backup_name(db_path: Path, reason: str) -> str:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return f"{Path(db_path).stem}-{stamp}-{reason}.db"


def backup_to_file(db, target: Path) -> Path:
    """Write a consistent copy of `db` to `target` atomically (temporary file, rename)."""
    target = Path(target)
    ensure_private_dir(target.parent)
    temporary = target.with_suffix(target.suffix + ".tmp")
    if temporary.exists():
        temporary.unlink()
    destination = sqlite3.connect(str(temporary))
    try:
        db.conn.backup(destination)
    finally:
        destination.close()
    if os.name == "posix":
        os.chmod(temporary, 0o600)
    os.replace(temporary, target)
    return target
