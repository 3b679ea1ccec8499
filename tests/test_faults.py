"""Faults as sentences: damaged pages, a full disk, an immutable file, a backup of
another unit or role. One Vietnamese line, exit 2 (check: its report, exit 1), nothing
half-written; backups verify their copy and never keep a damaged one; USB copies are
thinned like local ones."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime, timedelta

import pytest

import main
from storage.db import backup
from storage.db.connection import open_database
from storage.records import unit
from storage.records.people import people
from tests.conftest import ACTOR

ROOT_ONLY = pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="needs root (tmpfs, chattr)")


def one_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "Traceback" not in err[0]
    return err[0]


@pytest.fixture
def damaged(db_path):
    """A station whose people table has a page overwritten with garbage."""
    db = open_database(db_path)
    with db.atomic():
        for number in range(300):
            people.create(db, ACTOR, full_name=f"Nguyễn Văn {number}")
    page_size = db.conn.execute("PRAGMA page_size").fetchone()[0]
    page = db.conn.execute("SELECT pageno FROM dbstat WHERE name = 'people' AND pagetype = 'leaf' "
                           "ORDER BY pageno LIMIT 1 OFFSET 2").fetchone()[0]
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    with open(db_path, "r+b") as handle:
        handle.seek((page - 1) * page_size + 8)
        handle.write(os.urandom(page_size - 16))
    return db_path


def test_check_reports_damaged_pages_without_a_traceback(damaged, capsys):
    assert main.main(["check", "--db", str(damaged)]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    # Where the damage lands decides which sentence SQLite lets us say: the damaged page
    # named ("hỏng ở …"), or the file unreadable at that page. Either is a report, not a crash.
    assert ("LỖI   Tệp dữ liệu nguyên vẹn (không có trang hỏng): hỏng ở" in captured.out
            or "LỖI   Tệp dữ liệu nguyên vẹn (không có trang hỏng): không đọc được: tệp có trang bị hỏng" in captured.out)


def test_backup_never_keeps_a_damaged_copy(damaged, capsys):
    assert main.main(["backup", "--db", str(damaged)]) == 2
    message = one_line(capsys)
    assert message.startswith("Không tạo được bản sao station-") or message.startswith("Bản sao vừa tạo không qua")
    assert message.endswith(("tệp dữ liệu bị hỏng. Hãy chạy lệnh check để xem chỗ hỏng, rồi restore từ bản sao lưu "
                             "gần nhất.", "hãy chạy lệnh check rồi khôi phục từ bản sao lưu tốt."))
    assert list((damaged.parent / "backups").glob("*")) == []


@pytest.mark.parametrize("other", ["aggregator", "station"])
def test_restore_refuses_a_backup_of_another_role_or_unit(db_path, tmp_path, capsys, other):
    foreign = tmp_path / "khac.db"
    db = open_database(foreign)
    if other == "aggregator":
        unit.initialise(db, ACTOR, role="aggregator", province=22)
    else:
        unit.initialise(db, ACTOR, role="station", province=22, commune=7090)
    db.close()
    before = db_path.read_bytes()
    assert main.main(["restore", "--db", str(db_path), str(foreign)]) == 2
    message = one_line(capsys)
    if other == "aggregator":
        assert message == ("Bản sao lưu khac.db là của Cấp trên tổng hợp (Công an tỉnh Quảng Ninh), còn tệp này là "
                           "của Công an cấp xã: không khôi phục.")
    else:
        assert message.startswith("Bản sao lưu khac.db là của đơn vị khác (Công an phường An Sinh), không phải ")
    assert db_path.read_bytes() == before


def test_usb_copies_are_thinned_like_local_ones(tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    now = datetime(2026, 11, 26, 12, 0)
    for days in range(40):
        stamp = (now - timedelta(days=days)).strftime("%Y%m%d-%H%M%S")
        (usb / f"binhyen-{stamp}-tu-dong.byb").write_bytes(b"x")
    (usb / "binhyen-20261001-090000-thu-cong.byb").write_bytes(b"x")
    (usb / "mot-tep-khac.byb").write_bytes(b"x")
    deleted = backup.thin_second_place(usb, "binhyen", now=now)
    kept = sorted(p.name for p in usb.iterdir())
    assert len(deleted) == 40 - len(kept) + 2
    assert "binhyen-20261001-090000-thu-cong.byb" in kept and "mot-tep-khac.byb" in kept
    automatic = [k for k in kept if k.endswith("tu-dong.byb")]
    assert automatic == [  # the newest of each of 7 days, then of older weeks, then of October
        "binhyen-20261031-120000-tu-dong.byb", "binhyen-20261108-120000-tu-dong.byb",
        "binhyen-20261115-120000-tu-dong.byb"] + [f"binhyen-202611{day}-120000-tu-dong.byb" for day in range(20, 27)]


@pytest.fixture
def tiny_disk(tmp_path):
    folder = tmp_path / "o-nho"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)]).returncode:
        pytest.skip("tmpfs cannot be mounted here")
    yield folder
    subprocess.run(["umount", "-l", str(folder)])


@ROOT_ONLY
def test_a_full_disk_is_one_sentence_and_leaves_nothing_half_written(tiny_disk, db_path, capsys, monkeypatch):
    shutil.copy(db_path, tiny_disk / "xa.db")
    db = tiny_disk / "xa.db"
    filler = tiny_disk / "day.bin"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(descriptor, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(descriptor)
    before = db.read_bytes()
    assert main.main(["export", "--db", str(db), "--period", "2026", "--out", str(tiny_disk / "goi.byx")]) == 2
    line = capsys.readouterr().err.strip().splitlines()[-1]
    assert "ổ đĩa đã đầy" in line.lower() and "Traceback" not in line
    assert not (tiny_disk / "goi.byx").exists()
    assert not [p for p in tiny_disk.iterdir() if p.name.startswith(".binhyen-tmp-")]
    monkeypatch.setenv("BINHYEN_NEW_PASSWORD", "mat-khau-dai-1")
    assert main.main(["account", "add", "--db", str(db), "moi", "--role", "viewer"]) == 2
    assert "ổ đĩa đã đầy" in one_line(capsys).lower()
    filler.unlink()
    handle = open_database(db)
    assert handle.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert handle.conn.execute("SELECT count(*) FROM accounts").fetchone()[0] == 0
    handle.close()
    del before


@ROOT_ONLY
def test_an_immutable_file_is_one_sentence(db_path, capsys, monkeypatch):
    db = open_database(db_path)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    for suffix in ("-wal", "-shm"):
        (db_path.parent / f"{db_path.name}{suffix}").unlink(missing_ok=True)
    before = db_path.read_bytes()
    subprocess.run(["chattr", "+i", str(db_path)], check=True)
    try:
        monkeypatch.setenv("BINHYEN_NEW_PASSWORD", "mat-khau-dai-1")
        assert main.main(["account", "add", "--db", str(db_path), "moi", "--role", "viewer"]) == 2
        line = one_line(capsys)
        assert "chỉ cho đọc" in line or "không có quyền" in line or "bất biến" in line, line
    finally:
        subprocess.run(["chattr", "-i", str(db_path)], check=True)
    assert db_path.read_bytes() == before


def test_the_usb_stick_is_found_by_its_marker_and_a_failed_copy_is_told(db_path, tmp_path, monkeypatch):
    media = tmp_path / "media"
    first = media / "usb-e" / "sao-luu"
    first.mkdir(parents=True)
    db = open_database(db_path)
    backup.set_second_place(db, ACTOR, first, "mật khẩu USB dài")
    assert (first / backup.MARKER).exists()
    backup.make_backup(db, db_path, "thu-cong")
    assert len(list(first.glob("*.byb"))) == 1
    moved = media / "usb-f" / "sao-luu"  # plugged in again under another letter / mount point
    moved.parent.mkdir()
    first.rename(moved)
    monkeypatch.setattr(backup, "MOUNT_ROOTS", [media])
    backup.make_backup(db, db_path, "truoc-nhap")
    assert len(list(moved.glob("*.byb"))) == 2 and backup.second_place_problem(db_path) is None
    failing = lambda *a: (_ for _ in ()).throw(OSError(28, "No space left on device"))  # noqa: E731
    monkeypatch.setattr(backup, "_encrypt_with_key", failing)
    local = backup.make_backup(db, db_path, "truoc-khoi-phuc")
    assert local.exists()  # the local copy stands
    assert backup.second_place_problem(db_path) == "Không chép được bản sao lưu sang USB: ổ đĩa đã đầy."
    shutil.rmtree(media / "usb-f")
    monkeypatch.undo()
    assert backup.locate_second_place(__import__("storage.records.settings", fromlist=["get"]).get(
        db, "second_place")) is None  # unplugged: no copy, no error
    db.close()
