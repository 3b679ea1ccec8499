"""Backups, thinning, restore, integrity checks, the writer lock and encrypted copies."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

import main
from storage.db import backup, integrity
from storage.db.connection import open_database
from storage.errors import StorageError
from storage.records.people import people
from tests.conftest import ACTOR


def test_backup_restore_round_trip_keeps_a_safety_copy(db_path):
    db = open_database(db_path)
    people.create(db, ACTOR, full_name="Nguyễn Văn Trước")
    first = backup.make_backup(db, db_path, "thu-cong")
    people.create(db, ACTOR, full_name="Trần Thị Sau")
    db.close()
    safety = backup.restore(db_path, first, ACTOR)
    db = open_database(db_path)
    names = [r[0] for r in db.conn.execute("SELECT full_name FROM people")]
    assert names == ["Nguyễn Văn Trước"]
    assert db.conn.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0] == "restore_backup"
    assert integrity.full_check(db)[2].ok
    db.close()
    assert safety.suffix == ".json" and first.suffix == ".json"  # stored backups: manifests of the store
    kept = sqlite3.connect(backup.store.rebuild(safety, db_path.parent / "an-toan.db"))
    assert kept.execute("SELECT count(*) FROM people").fetchone()[0] == 2
    kept.close()
    listed = backup.list_backups(db_path)
    assert {b.reason for b in listed} == {"thu-cong", "truoc-khoi-phuc"}
    assert listed[0].counts["people"] in (1, 2)


def test_backup_only_when_changed(db_path):
    db = open_database(db_path)
    assert backup.make_backup(db, db_path, only_if_changed=True) is not None
    assert backup.make_backup(db, db_path, only_if_changed=True) is None
    people.create(db, ACTOR, full_name="Lê Văn Mới")
    assert backup.make_backup(db, db_path, only_if_changed=True) is not None
    db.close()


def test_thinning_keeps_7_daily_4_weekly_12_monthly(db_path):
    db = open_database(db_path)
    source = backup.backup_to_file(db, db_path.parent / "goc.db")  # older plain copies are thinned alike
    backup.folder_for(db_path).mkdir()
    db.close()
    folder = backup.folder_for(db_path)
    now = datetime(2026, 11, 22, 12, 0)
    for hours in range(0, 24 * 400, 12):  # two copies a day for 400 days
        moment = now - timedelta(hours=hours)
        target = folder / f"{db_path.stem}-{moment.strftime(backup.STAMP)}-tu-dong.db"
        target.write_bytes(source.read_bytes())
    source.unlink()
    backup.thin(db_path, now=now)
    kept = sorted(b.created for b in backup.list_backups(db_path))
    assert len(kept) <= 7 + 4 + 12
    assert kept[-1] == now
    days = {k.date() for k in kept if now - k < timedelta(days=7)}
    assert len(days) == 7
    assert min(kept) > now - timedelta(days=366)


def test_thinning_keeps_copies_a_person_asked_for(db_path):
    db = open_database(db_path)
    asked = backup.make_backup(db, db_path, "thu-cong")
    people.create(db, ACTOR, full_name="Hồ Văn Sau")
    backup.make_backup(db, db_path, "khi-dong")
    people.create(db, ACTOR, full_name="Hồ Văn Nữa")
    backup.make_backup(db, db_path, "khi-dong")
    db.close()
    assert asked.exists()
    assert [b.reason for b in backup.list_backups(db_path)].count("khi-dong") == 1


def test_restore_refuses_a_damaged_or_foreign_file(db_path, tmp_path):
    bad = tmp_path / "hong.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(StorageError):
        backup.restore(db_path, bad, ACTOR)
    other = tmp_path / "khac.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE x (y)")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match="không phải bản sao lưu Bình Yên"):
        backup.restore(db_path, other, ACTOR)
    db = open_database(db_path)
    assert db["unit"].count == 1
    db.close()


def test_check_finds_a_broken_audit_chain(db_path, capsys):
    db = open_database(db_path)
    people.create(db, ACTOR, full_name="Đỗ Văn Thật")
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("UPDATE audit_log SET actor = 'kẻ gian' WHERE id = (SELECT max(id) FROM audit_log)")
    db.close()
    assert main.main(["check", "--db", str(db_path)]) == 1
    out = capsys.readouterr().out
    assert "LỖI   Chuỗi nhật ký thao tác: mục số" in out and "Đạt   Tệp dữ liệu nguyên vẹn" in out


def test_encrypted_second_copy(db_path, tmp_path):
    db = open_database(db_path)
    source = backup.make_backup(db, db_path)
    db.close()
    usb = tmp_path / "usb"
    copy = backup.encrypt_copy(source, usb, "mật khẩu dài")
    assert b"SQLite format" not in copy.read_bytes()
    with pytest.raises(StorageError, match="Sai mật khẩu"):
        backup.decrypt_copy(copy, "sai mật khẩu", tmp_path / "x.db")
    with pytest.raises(StorageError, match="ít nhất 8 ký tự"):
        backup.encrypt_copy(source, usb, "ngắn")
    plain = backup.decrypt_copy(copy, "mật khẩu dài", tmp_path / "lai.db")
    assert plain.read_bytes() == backup.store.rebuild(source, tmp_path / "goc.db").read_bytes()
    assert sorted(p.name for p in source.parent.iterdir()) == ["chunks", source.name]  # no temporary left


def test_backup_and_restore_commands(db_path, capsys, tmp_path):
    assert main.main(["backup", "--db", str(db_path), "--out", str(tmp_path / "ban.db")]) == 0
    assert "Đã sao lưu vào" in capsys.readouterr().out
    assert main.main(["restore", "--db", str(db_path), str(tmp_path / "ban.db")]) == 0
    assert "Đã khôi phục từ ban.db" in capsys.readouterr().out
    assert main.main(["restore", "--db", str(db_path), str(tmp_path / "khong-co.db")]) == 2


def test_second_place_gets_encrypted_copies_and_restores(db_path, tmp_path, capsys, monkeypatch):
    usb = tmp_path / "usb"
    db = open_database(db_path)
    with pytest.raises(StorageError, match="cắm USB"):
        backup.set_second_place(db, ACTOR, usb, "mat-khau-usb")
    usb.mkdir()
    backup.set_second_place(db, ACTOR, usb, "mat-khau-usb")
    assert "mat-khau-usb" not in db.conn.execute("SELECT value FROM settings WHERE key = 'second_place'").fetchone()[0]
    people.create(db, ACTOR, full_name="Phan Văn Usb")
    made = backup.make_backup(db, db_path, "thu-cong")
    copies = list(usb.glob("*.byb"))
    assert [c.stem for c in copies] == [made.stem]
    people.create(db, ACTOR, full_name="Phan Văn Sau")
    db.close()
    monkeypatch.setenv("BINHYEN_BACKUP_PASSWORD", "mat-khau-usb")
    assert main.main(["restore", "--db", str(db_path), str(copies[0])]) == 0
    db = open_database(db_path)
    assert [r[0] for r in db.conn.execute("SELECT full_name FROM people")] == ["Phan Văn Usb"]
    db.close()
    monkeypatch.setenv("BINHYEN_BACKUP_PASSWORD", "sai")
    assert main.main(["restore", "--db", str(db_path), str(copies[0])]) == 2
    assert "Sai mật khẩu" in capsys.readouterr().err
