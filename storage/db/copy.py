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


def backup_to_file(db, target: Path, name: str | None = None) -> Path:
    """Write a consistent copy of `db` to `target` atomically (temporary file, rename).
    The copy is checked (quick_check) before it takes its name: a damaged copy, or one
    cut short by a full disk, is removed and never kept. Raises StorageError, naming the
    copy `name` (the backup a snapshot is for) or the target's own name."""
    from storage.db.files import refuse_special_target
    from storage.errors import StorageError

    target = Path(target)
    refuse_special_target(target)
    temporary = target.with_suffix(target.suffix + ".tmp")
    try:
        ensure_private_dir(target.parent)
        temporary.unlink(missing_ok=True)
        destination = sqlite3.connect(str(temporary))
        try:
            db.conn.backup(destination)
            healthy = destination.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            destination.close()
        if not healthy:
            raise StorageError("Bản sao vừa tạo không qua kiểm tra toàn vẹn (quick_check): tệp dữ liệu có trang "
                               "bị hỏng. Đã bỏ bản sao hỏng; hãy chạy lệnh check rồi khôi phục từ bản sao lưu tốt.")
        if os.name == "posix":
            os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as error:
        _remove(temporary)
        from storage.db.files import failure_sentence

        raise StorageError("Không tạo được bản sao " + (name or target.name) + ": " +
                           failure_sentence(error)[0].lower() + failure_sentence(error)[1:]) from None
    except BaseException:
        _remove(temporary)
        raise
    return target


def _remove(path: Path) -> None:
    for item in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            item.unlink(missing_ok=True)
        except OSError:
            pass
