"""Accounts: scrypt hashes, roles, lockout after five wrong tries, audit of logins, and
the command line working on behalf of an account."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

import main
from storage.db.connection import open_database
from storage.errors import ValidationError
from storage.records import accounts
from tests.conftest import ACTOR


def test_create_and_login(db):
    admin = accounts.create(db, ACTOR, username="Quan.Tri", full_name="Nguyễn Văn Quản", role=accounts.ADMIN,
                            password="mật khẩu mạnh")
    assert admin.username == "quan.tri" and admin.is_admin
    stored = db.conn.execute("SELECT password_hash FROM accounts").fetchone()[0]
    assert stored.startswith("scrypt$") and "mật khẩu" not in stored
    assert accounts.login(db, "QUAN.TRI", "mật khẩu mạnh").full_name == "Nguyễn Văn Quản"
    actions = [r[0] for r in db.conn.execute("SELECT action FROM audit_log WHERE table_name = 'accounts'")]
    assert actions == ["create_account", "login"]


def test_validation_messages(db):
    with pytest.raises(ValidationError) as caught:
        accounts.create(db, ACTOR, username="a b", full_name="", role="vua", password="ngan")
    assert set(caught.value.errors) == {"username", "full_name", "role", "password"}


def test_five_wrong_tries_lock_for_five_minutes(db, monkeypatch):
    accounts.create(db, ACTOR, username="canbo", full_name="Lê Thị Cán", role=accounts.OFFICER,
                    password="dung-mat-khau")
    for _attempt in range(1, 5):  # the same answer as for an unknown name: no count of tries left
        with pytest.raises(accounts.LoginError) as caught:
            accounts.login(db, "canbo", "sai")
        assert str(caught.value) == "Sai tên đăng nhập hoặc mật khẩu."
    with pytest.raises(accounts.LoginError, match="bị khóa 5 phút"):
        accounts.login(db, "canbo", "sai")
    with pytest.raises(accounts.LoginError, match="đang bị khóa"):
        accounts.login(db, "canbo", "dung-mat-khau")  # even the right password waits
    later = datetime.now() + timedelta(minutes=6)

    class Later(datetime):
        @classmethod
        def now(cls, tz=None):
            return later

    monkeypatch.setattr(accounts, "datetime", Later)
    assert accounts.login(db, "canbo", "dung-mat-khau").role == accounts.OFFICER
    failed = db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'login_failed'").fetchone()[0]
    assert failed == 6  # five wrong passwords and the right one while locked


@pytest.mark.parametrize("password, message", [
    ("x" * 129, "Mật khẩu dài quá 128 ký tự; hãy chọn mật khẩu ngắn hơn, dễ nhớ hơn."),
    ("x" * 100_000, "Mật khẩu dài quá 128 ký tự; hãy chọn mật khẩu ngắn hơn, dễ nhớ hơn."),
    ("mật khẩu\ncó dòng", "Mật khẩu có ký tự điều khiển (ví dụ dấu xuống dòng); hãy gõ lại mật khẩu."),
    ("bảy ký", "Mật khẩu phải có ít nhất 8 ký tự."),
])
def test_a_password_too_long_or_with_control_characters_is_refused_everywhere(db, password, message):
    before = db.conn.execute("SELECT * FROM accounts").fetchall()
    with pytest.raises(ValidationError) as caught:
        accounts.create(db, ACTOR, username="canbo", full_name="Cán Bộ", role=accounts.OFFICER, password=password)
    assert caught.value.errors == {"password": message}
    assert db.conn.execute("SELECT * FROM accounts").fetchall() == before
    admin = accounts.create(db, ACTOR, username="admin", full_name="Quản Trị", role=accounts.ADMIN,
                            password="x" * 128)  # the longest accepted
    stored = db.conn.execute("SELECT password_hash FROM accounts").fetchone()[0]
    for change in (lambda: accounts.change_password(db, admin, "x" * 128, password),
                   lambda: accounts.reset_password(db, admin, "admin", password),
                   lambda: accounts.set_password(db, ACTOR, "admin", password)):
        with pytest.raises(ValidationError) as caught:
            change()
        assert str(caught.value) == message
    assert db.conn.execute("SELECT password_hash FROM accounts").fetchone()[0] == stored
    assert accounts.login(db, "admin", "x" * 128).username == "admin"


def test_change_and_reset_password(db):
    admin = accounts.create(db, ACTOR, username="admin", full_name="Quản Trị", role=accounts.ADMIN,
                            password="ban-dau-123")
    officer = accounts.create(db, ACTOR, username="canbo", full_name="Cán Bộ", role=accounts.OFFICER,
                              password="cu-12345678")
    with pytest.raises(ValidationError, match="không đúng"):
        accounts.change_password(db, officer, "sai", "moi-12345678")
    accounts.change_password(db, officer, "cu-12345678", "moi-12345678")
    assert accounts.login(db, "canbo", "moi-12345678")
    with pytest.raises(ValidationError, match="Chỉ quản trị"):
        accounts.reset_password(db, officer, "admin", "xxxxxxxxxx")
    accounts.reset_password(db, admin, "canbo", "dat-lai-123")
    assert accounts.login(db, "canbo", "dat-lai-123")


def test_command_line_on_behalf_of_an_account(db_path, capsys, monkeypatch, tmp_path):
    db = open_database(db_path)
    accounts.create(db, ACTOR, username="xem", full_name="Người Xem", role=accounts.VIEWER, password="chi-xem-123")
    accounts.create(db, ACTOR, username="canbo", full_name="Trần Cán Bộ", role=accounts.OFFICER,
                    password="can-bo-123")
    db.close()
    monkeypatch.setenv("BINHYEN_PASSWORD", "chi-xem-123")
    assert main.main(["stats", "--db", str(db_path), "--user", "xem"]) == 0
    capsys.readouterr()
    assert main.main(["backup", "--db", str(db_path), "--user", "xem"]) == 2
    assert "chỉ xem" in capsys.readouterr().err
    monkeypatch.setenv("BINHYEN_PASSWORD", "sai")
    assert main.main(["stats", "--db", str(db_path), "--user", "canbo"]) == 2
    assert "Sai tên đăng nhập hoặc mật khẩu" in capsys.readouterr().err
    monkeypatch.setenv("BINHYEN_PASSWORD", "can-bo-123")
    assert main.main(["backup", "--db", str(db_path), "--user", "canbo", "--out", str(tmp_path / "b.db")]) == 0
    assert main.main(["restore", "--db", str(db_path), "--user", "canbo", str(tmp_path / "b.db")]) == 2
    assert "quản trị" in capsys.readouterr().err
