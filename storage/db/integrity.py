"""Checking a database: SQLite's quick check at every start, and on request the full
integrity check, the foreign keys and the audit chain, step by step: the caller hears
which step starts (the app's progress dialog, the command line's stderr) and may stop it
part way (SQLite's progress handler interrupts a statement that is running)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from storage.errors import StorageError
from storage.records import audit


@dataclass
class CheckResult:
    name: str
    ok: bool
    detail: str


def quick_check(db) -> bool:
    try:
        return db.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        return False  # damaged beyond reading: not ok


DAMAGED = "không đọc được: tệp có trang bị hỏng ({0}); hãy khôi phục từ bản sao lưu gần nhất"


def _damaged(name: str, error: sqlite3.Error) -> CheckResult:
    return CheckResult(name, False, DAMAGED.format(_sqlite_reason(error)))


def _sqlite_reason(error: sqlite3.Error) -> str:
    text = str(error).lower()
    return ("ảnh đĩa hỏng" if "malformed" in text else "không phải cơ sở dữ liệu" if "not a database" in text
            else "lỗi đọc ổ đĩa" if "i/o" in text else "lỗi SQLite")


class CheckCancelled(StorageError):
    """The check was stopped part way (Hủy): it only reads, so nothing changed."""

    def __init__(self):
        super().__init__("Đã dừng kiểm tra tệp dữ liệu giữa chừng; tệp không bị thay đổi.")


# What a person is told while each step runs (the anchors step is the operation's, in
# operations.maintenance.check, after these three).
STEPS = ("kiểm tra toàn vẹn tệp", "kiểm tra khóa ngoại", "kiểm tra chuỗi nhật ký thao tác")
INTERRUPT_EVERY = 10_000  # SQLite virtual-machine steps between two looks at `cancelled`


@contextmanager
def interruptible(db, cancelled: Callable[[], bool] | None) -> Iterator[list]:
    """While inside, SQLite asks `cancelled()` every INTERRUPT_EVERY steps of whatever
    statement runs on `db` (PRAGMA integrity_check takes seconds at 80,000 households;
    the audit chain is read row by row); a yes stops the statement and CheckCancelled is
    raised instead of SQLite's "interrupted". Yields a list that is not empty once
    SQLite was stopped (for a caller that turns SQLite errors into results)."""
    stopped: list = []
    if cancelled is None:
        yield stopped
        return

    def handler() -> int:
        if cancelled():
            stopped.append(True)
            return 1  # non-zero: SQLite interrupts the statement
        return 0

    db.conn.set_progress_handler(handler, INTERRUPT_EVERY)
    try:
        if cancelled():
            raise CheckCancelled()
        yield stopped
    except sqlite3.Error:
        if stopped or cancelled():
            raise CheckCancelled() from None
        raise
    finally:
        db.conn.set_progress_handler(None, 0)


# What each check looks at, in the officer's words (SQLite's own names stay in the code).
INTEGRITY = "Tệp dữ liệu nguyên vẹn (không có trang hỏng)"
LINKS = "Liên kết giữa các hồ sơ (không hồ sơ nào trỏ tới hồ sơ đã mất)"


def full_check(db, step: Callable[[int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> list[CheckResult]:
    """Each check on its own: damaged pages make a check fail with a sentence, never
    stop the others or end in a traceback. `step(i)` is called as STEPS[i] starts;
    `cancelled()` true stops the check with CheckCancelled (between steps or inside one)."""
    results = []
    checks = ((INTEGRITY, _integrity), (LINKS, _keys),
              ("Chuỗi nhật ký thao tác", _chain))
    with interruptible(db, cancelled) as stopped:
        for index, (name, check) in enumerate(checks):
            if cancelled is not None and cancelled():
                raise CheckCancelled()
            if step is not None:
                step(index)
            try:
                results.append(check(db))
            except sqlite3.Error as error:
                if stopped or (cancelled is not None and cancelled()):
                    raise CheckCancelled() from None  # interrupted, not damaged
                results.append(_damaged(name, error))
    return results


def _integrity(db) -> CheckResult:
    integrity = [row[0] for row in db.conn.execute("PRAGMA integrity_check")]
    return CheckResult(INTEGRITY, integrity == ["ok"],
                       "ổn" if integrity == ["ok"] else
                       f"hỏng ở {len(integrity)} chỗ (chi tiết kỹ thuật của SQLite: {'; '.join(integrity[:3])})")


def _keys(db) -> CheckResult:
    keys = db.conn.execute("PRAGMA foreign_key_check").fetchall()
    return CheckResult(LINKS, not keys,
                       "ổn" if not keys else f"{len(keys)} dòng trỏ tới hồ sơ không tồn tại, ví dụ bảng {keys[0][0]}")


def _chain(db) -> CheckResult:
    broken = audit.verify_chain(db)
    entries = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    return CheckResult("Chuỗi nhật ký thao tác", broken is None,
                       f"ổn ({entries:,} mục)".replace(",", ".") if broken is None else
                       f"mục số {broken} không khớp chuỗi: nhật ký đã bị sửa hoặc xóa từ mục này")
