"""The writer lock as jobs: who holds it, and an administrator taking over a lock held
from another machine (storage/db/lock.py). The data file is not opened: another process
may be writing it, so `db` is None."""

from __future__ import annotations

from pathlib import Path

from operations.base import ADMIN, VIEWER, Result, operation
from storage.db import lock
from storage.db.files import is_sqlite_file
from storage.errors import StorageError


def _check_data_file(path: Path) -> None:
    """The lock belongs to a data file: any other file (a package, a spreadsheet, an empty
    file) would be reported as "nobody writes it", which says nothing true."""
    if not is_sqlite_file(path):
        raise StorageError(f"Tệp {Path(path).name} không phải tệp dữ liệu Bình Yên; hãy kiểm tra đường dẫn --db.")


@operation(VIEWER, transaction=False)
def status(db, actor, path: Path) -> Result:
    """The holder (LockInfo) when some process holds the lock, else None."""
    _check_data_file(path)
    return Result(lock.read(path) if lock.is_locked(path) else None)


@operation(ADMIN, transaction=False)
def take_over(db, actor, path: Path) -> Result:
    """Take the lock from another machine, then free it for the next writer; returns
    who held it. A holder on this machine is a running process: refused (LockedError)."""
    _check_data_file(path)
    previous = lock.take_over(path, actor.name)
    lock.release(path)
    return Result(previous)
