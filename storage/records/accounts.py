"""Officers' accounts: scrypt password hashes, three roles, five wrong tries lock an
account for five minutes; every login and failed login goes to the audit trail.

- The hash stores its scrypt parameters ("scrypt$n=131072,r=8,p=1$salt$digest"), so a
  cost raised later keeps old hashes verifiable; an old hash is replaced at the next
  good login. Hashes made before parameters were stored ("scrypt$salt$digest") used
  n = 2^14.
- A try is counted before the password is checked, by one UPDATE that adds one and
  sets the lock (atomic in SQLite): thirty tries in parallel lock the account after
  five and only the first five are checked.
- An unknown name and a wrong password give the same answer and cost the same time
  (a dummy hash is checked); the name typed is never stored when it is unknown."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage import vocabulary
from storage.clock import now_iso
from storage.errors import StorageError, ValidationError
from storage.records import audit
from storage.records.validate import HIDDEN_IN_NAMES
from storage.text import nfc

ADMIN, OFFICER, VIEWER = "admin", "officer", "viewer"  # codes; labels in storage/vocabulary.py
ROLES = (ADMIN, OFFICER, VIEWER)
MAX_TRIES, LOCK_MINUTES = 5, 5
SCRYPT = {"n": 2 ** 17, "r": 8, "p": 1}
LEGACY_SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}
MAX_SCRYPT_N = 2 ** 20
WRONG = "Sai tên đăng nhập hoặc mật khẩu."


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


def _scrypt(password: str, salt: bytes, params: dict) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32,
                          maxmem=256 * params["r"] * params["n"] + (1 << 20), **params)


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = _scrypt(password, salt, SCRYPT)
    return (f"scrypt$n={SCRYPT['n']},r={SCRYPT['r']},p={SCRYPT['p']}$" + base64.b64encode(salt).decode() + "$"
            + base64.b64encode(digest).decode())


def _parse(stored: str) -> tuple[dict, bytes, bytes]:
    parts = stored.split("$")
    if len(parts) == 3 and parts[0] == "scrypt":
        return dict(LEGACY_SCRYPT), base64.b64decode(parts[1]), base64.b64decode(parts[2])
    if len(parts) != 4 or parts[0] != "scrypt":
        raise ValueError(stored[:10])
    params = {key: int(value) for key, value in (item.split("=") for item in parts[1].split(","))}
    if set(params) != {"n", "r", "p"} or not 2 <= params["n"] <= MAX_SCRYPT_N or not 1 <= params["r"] <= 32 \
            or not 1 <= params["p"] <= 16:
        raise ValueError(parts[1])
    return params, base64.b64decode(parts[2]), base64.b64decode(parts[3])


def _matches(password: str, stored: str) -> bool:
    try:
        params, salt, digest = _parse(stored)
        return hmac.compare_digest(_scrypt(password, salt, params), digest)
    except (ValueError, TypeError, MemoryError):
        return False


def needs_rehash(stored: str) -> bool:
    try:
        return _parse(stored)[0] != SCRYPT
    except (ValueError, TypeError):
        return True


_DUMMY: list[str] = []


def _dummy_hash() -> str:
    """A hash checked for an unknown name, so that it takes as long as a wrong password."""
    if not _DUMMY:
        _DUMMY.append(hash_password(base64.b64encode(os.urandom(12)).decode()))
    return _DUMMY[0]


MAX_FULL_NAME = 100
# Control characters, bidirectional overrides (a name that reads backwards in the audit log
# and the account list), zero-width characters: never part of a person's name.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


MIN_PASSWORD, MAX_PASSWORD = 8, 128


def _password_problem(password: str) -> str | None:
    if len(password or "") < MIN_PASSWORD:
        return f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự."
    if len(password) > MAX_PASSWORD:
        return f"Mật khẩu dài quá {MAX_PASSWORD} ký tự; hãy chọn mật khẩu ngắn hơn, dễ nhớ hơn."
    if _CONTROL.search(password):
        return "Mật khẩu có ký tự điều khiển (ví dụ dấu xuống dòng); hãy gõ lại mật khẩu."
    return None


def _check_password(password: str) -> None:
    problem = _password_problem(password)
    if problem:
        raise ValidationError(problem, "password")


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
    if not (nfc(full_name) or "").strip():
        errors["full_name"] = "Chưa nhập họ và tên."
    elif len(full_name) > MAX_FULL_NAME:
        errors["full_name"] = f"Họ và tên dài quá {MAX_FULL_NAME} ký tự; hãy ghi đúng họ và tên người dùng."
    elif HIDDEN_IN_NAMES.search(full_name):  # one definition with every other name
        errors["full_name"] = ("Họ và tên có ký tự ẩn hoặc ký tự điều khiển (ví dụ ký tự đảo chiều chữ); "
                               "hãy gõ lại họ và tên.")
    role = vocabulary.code_of("account_role", role) if role else None
    if role not in ROLES:
        errors["role"] = "Vai trò phải là: " + ", ".join(vocabulary.labels("account_role").values()) + "."
    if _password_problem(password):
        errors["password"] = _password_problem(password)
    if errors:
        raise ValidationError(errors)
    stamp = now_iso()
    with db.atomic():
        account_id = db["accounts"].insert({"username": username, "full_name": nfc(full_name), "role": role,
                                            "password_hash": hash_password(password), "created_at": stamp,
                                            "updated_at": stamp}).last_pk
        audit.append(db, actor, "create_account", "accounts", username, None, {"role": role})
    return _account(next(db.query("SELECT * FROM accounts WHERE id = ?", [account_id])))


@contextmanager
def _writing(db):
    """A write transaction taken at once (BEGIN IMMEDIATE): parallel logins queue on the
    busy timeout instead of failing to upgrade a read lock ("database is locked")."""
    if db.conn.in_transaction:
        with db.atomic():
            yield
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()


def login(db, username: str, password: str) -> Account:
    """The account, or LoginError. The try is counted first, in one UPDATE committed
    before the password is checked; a good password then clears the count. An unknown
    name is answered like a wrong password, after the same work, and not stored."""
    username = (nfc(username) or "").lower()
    now = datetime.now()
    stamp = now.isoformat(timespec="seconds")
    lock_until = (now + timedelta(minutes=LOCK_MINUTES)).isoformat(timespec="seconds")
    with _writing(db):
        row = db.conn.execute(
            "UPDATE accounts SET failed_count = failed_count + 1, locked_until = CASE WHEN failed_count + 1 >= ? "
            "THEN ? ELSE NULL END WHERE username = ? AND active = 1 AND (locked_until IS NULL OR locked_until <= ?) "
            "RETURNING id, failed_count, password_hash", (MAX_TRIES, lock_until, username, stamp)).fetchone()
        locked = None if row else db.conn.execute(
            "SELECT locked_until FROM accounts WHERE username = ? AND active = 1", (username,)).fetchone()
    if locked:  # locked before this try: nothing is checked
        minutes = max(1, round((datetime.fromisoformat(locked[0]) - now).total_seconds() / 60))
        with _writing(db):
            audit.append(db, username, "login_failed", "accounts", username, None, {"locked": True})
        raise LoginError(f"Tài khoản đang bị khóa do nhập sai {MAX_TRIES} lần; thử lại sau {minutes} phút.")
    good = _matches(password or "", row[2] if row else _dummy_hash()) and row is not None
    with _writing(db):
        if good:
            account_row = next(db.query("SELECT * FROM accounts WHERE id = ?", [row[0]]))
            new_hash = hash_password(password) if needs_rehash(row[2]) else row[2]
            db.conn.execute("UPDATE accounts SET failed_count = 0, locked_until = NULL, password_hash = ? "
                            "WHERE id = ?", (new_hash, row[0]))
            audit.append(db, account_row["full_name"], "login", "accounts", username, None, None)
            return _account(account_row)
        if row is None:
            audit.append(db, "?", "login_failed", "accounts", None, None, None)  # the typed name is not kept
        else:
            audit.append(db, username, "login_failed", "accounts", username, None, {"failed": row[1]})
    if row is not None and row[1] >= MAX_TRIES:
        raise LoginError(f"Nhập sai {MAX_TRIES} lần: tài khoản bị khóa {LOCK_MINUTES} phút.")
    raise LoginError(WRONG)


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


def get(db, username: str) -> Account:
    row = next(db.query("SELECT * FROM accounts WHERE username = ?", [(nfc(username) or "").lower()]), None)
    if row is None:
        raise ValidationError(f"Không có tài khoản “{username}”.", "username")
    return _account(row)


def status(db) -> list[dict]:
    """Every account with its state, for `account list` (no hashes)."""
    now = datetime.now().isoformat(timespec="seconds")
    return [{"username": r["username"], "full_name": r["full_name"], "role": r["role"],
             "active": bool(r["active"]), "failed_count": r["failed_count"],
             "locked_until": r["locked_until"] if r["locked_until"] and r["locked_until"] > now else None}
            for r in db.query("SELECT * FROM accounts ORDER BY username")]


def set_password(db, actor: str, username: str, new: str, *, unlock: bool = False) -> Account:
    """An administrator sets `username`'s password (with `unlock`, also clears the lock)."""
    account = get(db, username)
    _check_password(new)
    with db.atomic():
        db.conn.execute("UPDATE accounts SET password_hash = ?, updated_at = ?" +
                        (", failed_count = 0, locked_until = NULL" if unlock else "") + " WHERE id = ?",
                        (hash_password(new), now_iso(), account.id))
        audit.append(db, actor, "reset_password", "accounts", account.username, None, {"unlock": unlock})
    return account


def unlock(db, actor: str, username: str) -> Account:
    account = get(db, username)
    with db.atomic():
        db.conn.execute("UPDATE accounts SET failed_count = 0, locked_until = NULL, updated_at = ? WHERE id = ?",
                        (now_iso(), account.id))
        audit.append(db, actor, "unlock_account", "accounts", account.username, None, None)
    return account


def disable(db, actor: str, username: str) -> Account:
    """Stop an account from logging in; the last active administrator cannot be disabled."""
    account = get(db, username)
    if not account.active:
        raise ValidationError(f"Tài khoản “{account.username}” đã bị vô hiệu hóa trước đó.", "username")
    with db.atomic():
        if account.role in (ADMIN, "quản trị") and db.conn.execute(
                "SELECT count(*) FROM accounts WHERE active = 1 AND role IN (?, 'quản trị') AND id != ?",
                (ADMIN, account.id)).fetchone()[0] == 0:
            raise ValidationError("Không thể vô hiệu hóa quản trị cuối cùng: hãy tạo một tài khoản quản trị khác "
                                  "trước.", "username")
        db.conn.execute("UPDATE accounts SET active = 0, updated_at = ? WHERE id = ?", (now_iso(), account.id))
        audit.append(db, actor, "disable_account", "accounts", account.username, {"active": 1}, {"active": 0})
    return get(db, account.username)
