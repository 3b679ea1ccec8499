"""Checking a database: SQLite's quick check at every start, and on request the full
integrity check, the foreign keys and the audit chain."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

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


def full_check(db) -> list[CheckResult]:
    """Each check on its own: damaged pages make a check fail with a sentence, never
    stop the others or end in a traceback."""
    results = []
    try:
        results.append(_integrity(db))
    except sqlite3.Error as error:
        results.append(_damaged("Toàn vẹn tệp (integrity_check)", error))
    for name, check in (("Khóa ngoại (foreign_key_check)", _keys), ("Chuỗi nhật ký thao tác", _chain)):
        try:
            results.append(check(db))
        except sqlite3.Error as error:
            results.append(_damaged(name, error))
    return results


def _integrity(db) -> CheckResult:
    integrity = [row[0] for row in db.conn.execute("PRAGMA integrity_check")]
    return CheckResult("Toàn vẹn tệp (integrity_check)", integrity == ["ok"],
                       "ổn" if integrity == ["ok"] else
                       f"hỏng ở {len(integrity)} chỗ (chi tiết kỹ thuật của SQLite: {'; '.join(integrity[:3])})")


def _keys(db) -> CheckResult:
    keys = db.conn.execute("PRAGMA foreign_key_check").fetchall()
    return CheckResult("Khóa ngoại (foreign_key_check)", not keys,
                       "ổn" if not keys else f"{len(keys)} dòng trỏ tới hồ sơ không tồn tại, ví dụ bảng {keys[0][0]}")


def _chain(db) -> CheckResult:
    broken = audit.verify_chain(db)
    entries = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    return CheckResult("Chuỗi nhật ký thao tác", broken is None,
                       f"ổn ({entries} mục)" if broken is None else
                       f"mục số {broken} không khớp chuỗi: nhật ký đã bị sửa hoặc xóa từ mục này")
