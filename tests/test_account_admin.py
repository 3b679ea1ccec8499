"""Accounts under attack and in an administrator's hands: the failure count is one
atomic UPDATE (thirty parallel wrong passwords lock the account and only five are
checked), unknown names answer like wrong passwords and are not stored, scrypt costs
n = 2^17 with its parameters stored, and the `account` commands."""

from __future__ import annotations

import json
import statistics
import threading
import time

import pytest

import main
from storage.db.connection import open_database
from storage.records import accounts
from tests.conftest import ACTOR


@pytest.fixture
def station(db_path):
    db = open_database(db_path)
    accounts.create(db, ACTOR, username="quantri", full_name="Nguyễn Quản Trị", role=accounts.ADMIN,
                    password="quan-tri-123")
    accounts.create(db, ACTOR, username="canbo", full_name="Lê Thị Cán", role=accounts.OFFICER,
                    password="can-bo-1234")
    db.close()
    return db_path


def test_thirty_parallel_wrong_passwords_lock_the_account_and_only_five_are_checked(station):
    barrier = threading.Barrier(30)
    answers = []

    def attempt():
        db = open_database(station)
        barrier.wait()
        try:
            accounts.login(db, "canbo", "doan-mo")
        except accounts.LoginError as error:
            answers.append(str(error))
        finally:
            db.close()

    threads = [threading.Thread(target=attempt) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db = open_database(station)
    failed_count, locked_until = db.conn.execute(
        "SELECT failed_count, locked_until FROM accounts WHERE username = 'canbo'").fetchone()
    entries = [json.loads(r[0]) for r in db.conn.execute(
        "SELECT after FROM audit_log WHERE action = 'login_failed' AND record_uuid = 'canbo'")]
    with pytest.raises(accounts.LoginError, match="đang bị khóa"):
        accounts.login(db, "canbo", "can-bo-1234")
    db.close()
    assert len(answers) == 30 and locked_until is not None and failed_count == 5
    assert sorted(e.get("failed", 0) for e in entries) == [0] * 25 + [1, 2, 3, 4, 5]  # five checked
    assert sum(bool(e.get("locked")) for e in entries) == 25
    assert answers.count("Nhập sai 5 lần: tài khoản bị khóa 5 phút.") == 1
    assert answers.count("Sai tên đăng nhập hoặc mật khẩu.") == 4


def test_unknown_name_and_wrong_password_look_the_same_and_the_name_is_not_kept(station):
    db = open_database(station)

    def answer(name):
        started = time.perf_counter()
        with pytest.raises(accounts.LoginError) as caught:
            accounts.login(db, name, "sai-mat-khau")
        return str(caught.value), time.perf_counter() - started

    answer("khong-co-ai-ten-nay")  # the dummy hash is made once
    unknown = [answer("khong-co-ai-ten-nay") for _ in range(3)]
    wrong = [answer("quantri") for _ in range(3)]
    assert {text for text, _ in unknown} == {text for text, _ in wrong} == {"Sai tên đăng nhập hoặc mật khẩu."}
    ratio = statistics.median(t for _, t in unknown) / statistics.median(t for _, t in wrong)
    assert 0.6 < ratio < 1.6, ratio
    dump = "\n".join(repr(row) for row in db.conn.execute("SELECT * FROM audit_log"))
    assert "khong-co-ai-ten-nay" not in dump
    assert db.conn.execute("SELECT actor, record_uuid, after FROM audit_log WHERE action = 'login_failed' "
                           "ORDER BY id LIMIT 1").fetchone() == ("?", None, None)
    db.close()


def test_scrypt_cost_is_stored_and_old_hashes_still_work_and_are_upgraded(db):
    stored = accounts.hash_password("mat-khau-moi")
    assert stored.startswith("scrypt$n=131072,r=8,p=1$") and accounts.SCRYPT["n"] >= 2 ** 17
    import base64
    import hashlib

    salt = b"0123456789abcdef"
    legacy = "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(
        hashlib.scrypt(b"mat-khau-cu-1", salt=salt, dklen=32, n=2 ** 14, r=8, p=1)).decode()
    accounts.create(db, ACTOR, username="taikhoancu", full_name="Tài Khoản Cũ", role=accounts.OFFICER,
                    password="tam-thoi-123")
    db.execute("UPDATE accounts SET password_hash = ? WHERE username = 'taikhoancu'", [legacy])
    assert accounts.login(db, "taikhoancu", "mat-khau-cu-1").username == "taikhoancu"
    upgraded = db.conn.execute("SELECT password_hash FROM accounts WHERE username = 'taikhoancu'").fetchone()[0]
    assert upgraded.startswith("scrypt$n=131072,") and upgraded != legacy
    assert accounts.login(db, "taikhoancu", "mat-khau-cu-1").username == "taikhoancu"


def test_account_commands(station, capsys, monkeypatch):
    db = str(station)
    monkeypatch.setenv("BINHYEN_NEW_PASSWORD", "xem-thoi-123")
    assert main.main(["account", "add", "--db", db, "xem", "--role", "viewer", "--full-name", "Phạm Văn Xem"]) == 0
    assert capsys.readouterr().out == "Đã thêm tài khoản xem (chỉ xem).\n"
    assert main.main(["account", "list", "--db", db]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "canbo\tLê Thị Cán\tcán bộ\tđang dùng", "quantri\tNguyễn Quản Trị\tquản trị\tđang dùng",
        "xem\tPhạm Văn Xem\tchỉ xem\tđang dùng"]
    handle = open_database(station)
    for _ in range(5):
        with pytest.raises(accounts.LoginError):
            accounts.login(handle, "canbo", "sai")
    handle.close()
    assert main.main(["account", "list", "--db", db, "--json"]) == 0
    listed = {row["username"]: row for row in json.loads(capsys.readouterr().out)}
    assert listed["canbo"]["failed_count"] == 5 and listed["canbo"]["locked_until"]
    assert main.main(["account", "unlock", "--db", db, "canbo"]) == 0
    assert capsys.readouterr().out == "Đã mở khóa canbo (cán bộ).\n"
    monkeypatch.setenv("BINHYEN_NEW_PASSWORD", "moi-hoan-toan-1")
    assert main.main(["account", "reset", "--db", db, "canbo"]) == 0
    handle = open_database(station)
    assert accounts.login(handle, "canbo", "moi-hoan-toan-1").username == "canbo"
    handle.close()
    capsys.readouterr()
    # a viewer may not administer; an officer neither
    monkeypatch.setenv("BINHYEN_PASSWORD", "xem-thoi-123")
    assert main.main(["account", "disable", "--db", db, "--user", "xem", "canbo"]) == 2
    assert "cần tài khoản quản trị" in capsys.readouterr().err
    monkeypatch.setenv("BINHYEN_PASSWORD", "quan-tri-123")
    assert main.main(["account", "disable", "--db", db, "--user", "quantri", "canbo"]) == 0
    assert main.main(["account", "disable", "--db", db, "quantri"]) == 2
    assert capsys.readouterr().err.strip().endswith(
        "Không thể vô hiệu hóa quản trị cuối cùng: hãy tạo một tài khoản quản trị khác trước.")
    handle = open_database(station)
    assert handle.conn.execute("SELECT username, active FROM accounts ORDER BY username").fetchall() == [
        ("canbo", 0), ("quantri", 1), ("xem", 1)]
    with pytest.raises(accounts.LoginError, match="Sai tên đăng nhập"):
        accounts.login(handle, "canbo", "moi-hoan-toan-1")
    handle.close()


@pytest.mark.parametrize("argv, message", [
    (["account", "add", "ai"], "Lỗi: thiếu tham số bắt buộc: --role. Xem hướng dẫn: python main.py account add -h"),
    (["account", "unlock"], "Lỗi: thiếu tham số bắt buộc: name. Xem hướng dẫn: python main.py account unlock -h"),
    (["account", "unlock", "khongco"], "Không có tài khoản “khongco”."),
])
def test_account_command_mistakes_are_one_line(station, capsys, argv, message):
    assert main.main(argv + ["--db", str(station)]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [message]


def test_a_new_password_is_needed_and_never_guessed(station, capsys, monkeypatch):
    monkeypatch.delenv("BINHYEN_NEW_PASSWORD", raising=False)
    assert main.main(["account", "passwd", "--db", str(station), "canbo"]) == 2  # piped: no one to ask
    assert capsys.readouterr().err.strip() == ("Thiếu mật khẩu mới: đặt biến môi trường BINHYEN_NEW_PASSWORD "
                                               "hoặc chạy trong cửa sổ lệnh.")
