"""Numbered schema migrations. Each runs in its own transaction after a copy of the
file has been taken; a released migration is never edited, only followed."""

from __future__ import annotations

import importlib
import pkgutil
import sqlite3
from datetime import datetime
from pathlib import Path

from storage.errors import DatabaseFileError


def _discover() -> list[tuple[int, str, object]]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("m") and info.name[1:5].isdigit():
            module = importlib.import_module(f"{__name__}.{info.name}")
            found.append((int(info.name[1:5]), info.name, module))
    return sorted(found)


MIGRATIONS = _discover()
LATEST = MIGRATIONS[-1][0]


def split_statements(script: str) -> list[str]:
    """Split an SQL script into complete statements (triggers keep their inner ;)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements


def current_version(db) -> int:
    if "schema_migrations" not in db.table_names():
        return 0
    row = db.conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return row[0] or 0


def migrate(db, path: Path | None) -> list[int]:
    """Apply every pending migration in order; returns the versions applied."""
    version = current_version(db)
    if version > LATEST:
        raise DatabaseFileError(
            f"Tệp dữ liệu được tạo bởi phiên bản Bình Yên mới hơn (lược đồ {version}, "
            f"phiên bản này chỉ hiểu đến {LATEST}). Hãy cập nhật phần mềm."
        )
    if version == 0 and db.table_names() and "schema_migrations" not in db.table_names():
        raise DatabaseFileError("Tệp này là một cơ sở dữ liệu khác, không phải của Bình Yên.")
    applied = []
    pending = [m for m in MIGRATIONS if m[0] > version]
    if pending and path is not None and version > 0:
        # One copy of the file as it was, before the first step (named after it), not one per
        # step: an aggregator of 15 GB with six steps pending wrote six 15 GB copies.
        from storage.db.copy import backup_name, backup_to_file

        backup_to_file(db, path.parent / "backups" / backup_name(path, f"truoc-nang-cap-{pending[0][0]}"))
    for number, name, module in pending:
        with db.atomic():
            for statement in split_statements(module.SQL):
                db.conn.execute(statement)
            if hasattr(module, "after"):
                module.after(db)
            db.conn.execute(
                "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)",
                (number, name, datetime.now().isoformat(timespec="seconds")),
            )
        applied.append(number)
    return applied
