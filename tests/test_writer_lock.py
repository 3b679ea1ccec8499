"""One writer, really: the operating system's lock on `<tệp>.lock`, released by a crash,
honoured by command-line writers; the lock file only tells who holds it; a lock held
from another machine can be taken over."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import main
from storage.db import lock

ROOT = Path(__file__).resolve().parent.parent
HOLDER = """
import json, sys, time
sys.path.insert(0, sys.argv[2])
from storage.db import lock
print(json.dumps(lock.acquire(sys.argv[1], "người giữ")[0]), flush=True)
if len(sys.argv) > 3:  # pretend to be another machine (a shared folder)
    path = lock.lock_path(sys.argv[1])
    info = json.loads(path.read_text(encoding="utf-8"))
    info["host"] = sys.argv[3]
    with open(path, "r+", encoding="utf-8") as handle:
        handle.write(json.dumps(info))
    print("true", flush=True)
time.sleep(120)
"""


@pytest.fixture
def holder(db_path):
    started = []

    def start(*extra):
        process = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path), str(ROOT), *extra],
                                   stdout=subprocess.PIPE, text=True)
        for _ in range(2 if extra else 1):
            assert process.stdout.readline().strip() == "true"
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait()
        process.stdout.close()


def test_a_running_writer_keeps_others_out_and_a_crash_lets_them_in(db_path, holder, capsys, monkeypatch):
    process = holder()
    allowed, who = lock.acquire(db_path, "thử")
    assert not allowed and (who.pid, who.user, who.host) == (process.pid, "người giữ", socket.gethostname())
    with pytest.raises(lock.LockedError) as caught:
        lock.ensure_writer(db_path)
    assert str(caught.value) == (f"Tệp dữ liệu đang được Bình Yên ghi trên máy {socket.gethostname()} (tiến trình "
                                 f"{process.pid}, người dùng người giữ) từ {who.since}. Hãy đóng Bình Yên ở đó rồi "
                                 "làm lại.")
    before = db_path.read_bytes()
    monkeypatch.setenv("BINHYEN_NEW_PASSWORD", "mat-khau-dai-1")
    assert main.main(["account", "add", "--db", str(db_path), "moi", "--role", "viewer"]) == 2  # a writer: refused
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"Tệp dữ liệu đang được Bình Yên ghi trên máy {socket.gethostname()} (tiến trình {process.pid}, "
                   f"người dùng người giữ) từ {who.since}. Lệnh này chỉ đọc được; hãy đóng Bình Yên ở đó rồi chạy lại."]
    assert db_path.read_bytes() == before
    assert main.main(["stats", "--db", str(db_path)]) == 0  # reading works meanwhile
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert lock.acquire(db_path, "thử") == (True, None)  # the crash released it
    assert lock.read(db_path).pid == os.getpid()
    lock.release(db_path)


def test_the_file_only_tells(db_path):
    lock.lock_path(db_path).write_text(json.dumps({"host": socket.gethostname(), "pid": 1, "since": "x"}))
    assert lock.acquire(db_path, "thử") == (True, None)  # pid 1 named, but nobody holds the OS lock
    assert lock.acquire(db_path, "thử") == (True, None)  # the same process again
    assert lock.is_locked(db_path)
    assert stat.S_IMODE(os.stat(lock.lock_path(db_path)).st_mode) == 0o600
    lock.release(db_path)
    assert not lock.lock_path(db_path).exists() and not lock.is_locked(db_path)


def test_a_lock_from_another_machine_can_be_taken_over(db_path, holder):
    holder("may-tinh-khac")
    assert lock.acquire(db_path)[0] is False
    previous = lock.take_over(db_path, "quản trị")
    assert previous.host == "may-tinh-khac" and lock.held_here(db_path)
    assert lock.read(db_path).pid == os.getpid()
    lock.release(db_path)


def test_a_lock_on_this_machine_is_never_taken_over(db_path, holder):
    process = holder()
    with pytest.raises(lock.LockedError, match=f"tiến trình {process.pid}"):
        lock.take_over(db_path, "quản trị")


def test_the_lock_command_says_who_writes_and_takes_over_after_confirming(db_path, holder, capsys):
    assert main.main(["lock", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out == "Không chương trình nào đang ghi tệp dữ liệu này.\n"
    process = holder("may-tinh-khac")
    assert main.main(["lock", "--db", str(db_path)]) == 0
    assert f"ghi trên máy may-tinh-khac (tiến trình {process.pid}, người dùng người giữ)" in capsys.readouterr().out
    assert main.main(["lock", "--db", str(db_path), "--take-over"]) == 2  # piped: nobody confirmed
    assert "Tiếp quản cần xác nhận" in capsys.readouterr().err
    assert lock.is_locked(db_path) and not lock.held_here(db_path)
    assert main.main(["lock", "--db", str(db_path), "--take-over", "--yes"]) == 0
    assert capsys.readouterr().out == ("Đã tiếp quản khóa ghi của máy may-tinh-khac; tệp dữ liệu đã có thể mở để "
                                       "ghi.\n")
    assert lock.acquire(db_path, "thử") == (True, None)  # the next writer gets it
    lock.release(db_path)


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 a package, not a database", "Họ và tên\n".encode()])
def test_the_lock_command_refuses_a_file_that_is_not_a_data_file(tmp_path, capsys, content):
    other = tmp_path / "danh-sach.csv"
    other.write_bytes(content)
    for extra in ([], ["--take-over", "--yes"]):
        assert main.main(["lock", "--db", str(other), *extra]) == 2
        assert capsys.readouterr() == ("", "Tệp danh-sach.csv không phải tệp dữ liệu Bình Yên; hãy kiểm tra "
                                           "đường dẫn --db.\n")
    assert other.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["danh-sach.csv"]  # no lock file beside it
