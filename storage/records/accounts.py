"""Officers' accounts: scrypt password hashes, three roles, five wrong tries lock an
account for five minutes; every login and failed login goes to the audit trail."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage import vocabulary
from storage.clock import now_iso
from storage.errors import StorageError, ValidationError
from storage.records import audit
from storage.text import nfc

ADMIN, OFFICER, VIEWER = "admin", "officer", "viewer"  # codes; labels in storage/vocabulary.py
ROLES = (ADMIN, OFFICER, VIEWER)
MAX_TRIES, LOCK_MINUTES = 5, 5
SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}


class LoginError(StorageError):
    """Wrong name or password, or a locked account: the message says which."""


@dataclass
class Account:
    id: int
    username: str
    full_name: str
    role: str
    active: int

    @property
    def can_write(self) -> bool:
        return self.role in (ADMIN, OFFICER)

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def _matches(password: str, stored: str) -> bool:
    try:
        _scheme, salt, digest = stored.split("$")
        computed = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), dklen=32, **SCRYPT)
        return hmac.compare_digest(computed, base64.b64decode(digest))
    except (ValueError, TypeError):
        return False


def _check_password(password: str) -> None:
    if len(password or "") < 8:
        raise ValidationError("Mật khẩu phải có ít nhất 8 ký tự.", "password")


def _account(row) -> Account:
    return Account(row["id"], row["username"], row["full_name"], row["role"], row["active"])


def count(db) -> int:
    return db.conn.execute("SELECT count(*) FROM accounts WHERE active = 1").fetchone()[0]


def list_accounts(db) -> list[Account]:
    return [_account(r) for r in db.query("SELECT * FROM accounts ORDER BY username")]


def create(db, actor: str, *, username: str, full_name: str, role: str, password: str) -> Account:
    username = (nfc(username) or "").lower()
    errors = {}
    if not re.fullmatch(r"[a-z0-9._-]{3,32}", username):
        errors["username"] = "Tên đăng nhập gồm 3–32 chữ không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới."
    elif db.conn.execute("SELECT 1 FROM accounts WHERE username = ?", (username,)).fetchone():
        errors["username"] = f"Đã có tài khoản “{username}”."
    if not nfc(full_name):
        errors["full_name"] = "Chưa nhập họ và tên."
    role = vocabulary.code_of("account_role", role) if role else None
    if role not in ROLES:
        errors["role"] = "Vai trò phải là: " + ", ".join(vocabulary.labels("account_role").values()) + "."
    if len(password or "") < 8:
        errors["password"] = "Mật khẩu phải có ít nhất 8 ký tự."
    if errors:
        raise ValidationError(errors)
    stamp = now_iso()
    with db.atomic():
        account_id = db["accounts"].insert({"username": username, "full_name": nfc(full_name), "role": role,
                                            "password_hash": hash_password(password), "created_at": stamp,
                                            "updated_at": stamp}).last_pk
        audit.append(db, actor, "create_account", "accounts", username, None, {"role": role})
    return _account(next(db.query("SELECT * FROM accounts WHERE id = ?", [account_id])))


def login(db, username: str, password: str) -> Account:
    """The account, or LoginError; a failed try is counted and audited (committed before
    the error is raised, so a lockout survives)."""
    username = (nfc(username) or "").lower()
    row = next(db.query("SELECT * FROM accounts WHERE username = ? AND active = 1", [username]), None)
    now = datetime.now()
    problem = None
    with db.atomic():
        if row is None:
            audit.append(db, username or "?", "login_failed", "accounts", None, None, None)
            problem = "Sai tên đăng nhập hoặc mật khẩu."
        elif row["locked_until"] and datetime.fromisoformat(row["locked_until"]) > now:
            minutes = max(1, round((datetime.fromisoformat(row["locked_until"]) - now).seconds / 60))
            problem = f"Tài khoản đang bị khóa do nhập sai {MAX_TRIES} lần; thử lại sau {minutes} phút."
        elif not _matches(password, row["password_hash"]):
            failed = row["failed_count"] + 1
            locked = (now + timedelta(minutes=LOCK_MINUTES)).isoformat(timespec="seconds") \
                if failed >= MAX_TRIES else None
            db.conn.execute("UPDATE accounts SET failed_count = ?, locked_until = ? WHERE id = ?",
                            (0 if locked else failed, locked, row["id"]))
            audit.append(db, username, "login_failed", "accounts", username, None, {"failed": failed})
            problem = (f"Nhập sai {MAX_TRIES} lần: tài khoản bị khóa {LOCK_MINUTES} phút." if locked else
                       f"Sai tên đăng nhập hoặc mật khẩu (còn {MAX_TRIES - failed} lần thử).")
        else:
            db.conn.execute("UPDATE accounts SET failed_count = 0, locked_until = NULL WHERE id = ?", (row["id"],))
            audit.append(db, row["full_name"], "login", "accounts", username, None, None)
    if problem:
        raise LoginError(problem)
    return _account(row)


def change_password(db, account: Account, old: str, new: str) -> None:
    row = next(db.query("SELECT password_hash FROM accounts WHERE id = ?", [account.id]))
    if not _matches(old, row["password_hash"]):
        raise ValidationError("Mật khẩu hiện tại không đúng.", "old")
    _check_password(new)
    with db.atomic():
        db.conn.execute("UPDATE accounts SET password_hash = ?, updated_at = ? WHERE id = ?",
                        (hash_password(new), now_iso(), account.id))
        audit.append(db, account.full_name, "change_password", "accounts", account.username, None, None)


def reset_password(db, admin: Account, username: str, new: str) -> None:
    if not admin.is_admin:
        raise ValidationError("Chỉ quản trị mới đặt lại mật khẩu cho người khác.")
    _check_password(new)
    with db.atomic():
        changed = db.conn.execute("UPDATE accounts SET password_hash = ?, failed_count = 0, locked_until = NULL, "
                                  "updated_at = ? WHERE username = ?", (hash_password(new), now_iso(), username))
        if changed.rowcount != 1:
            raise ValidationError(f"Không có tài khoản “{username}”.")
        audit.append(db, admin.full_name, "reset_password", "accounts", username, None, None)
