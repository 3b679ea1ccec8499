"""Checking a database: SQLite's quick check at every start, and on request the full
integrity check, the foreign keys and the audit chain."""

from __future__ import annotations

from dataclasses import dataclass

from storage.records import audit


@dataclass
class CheckResult:
    name: str
    ok: bool
    detail: str


def quick_check(db) -> bool:
    return db.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"


def full_check(db) -> list[CheckResult]:
    integrity = [row[0] for row in db.conn.execute("PRAGMA integrity_check")]
    keys = db.conn.execute("PRAGMA foreign_key_check").fetchall()
    broken = audit.verify_chain(db)
    entries = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    return [
        CheckResult("Toàn vẹn tệp (integrity_check)", integrity == ["ok"],
                    "ổn" if integrity == ["ok"] else "; ".join(integrity[:5])),
        CheckResult("Khóa ngoại (foreign_key_check)", not keys,
                    "ổn" if not keys else f"{len(keys)} dòng trỏ tới hồ sơ không tồn tại, ví dụ bảng {keys[0][0]}"),
        CheckResult("Chuỗi nhật ký thao tác", broken is None,
                    f"ổn ({entries} mục)" if broken is None else
                    f"mục số {broken} không khớp chuỗi: nhật ký đã bị sửa hoặc xóa từ mục này"),
    ]
