"""The deduplicated, compressed backup store (storage/db/backup_store.py): byte-identical
round trips, chunks stored once, thinning and collection that leave every remaining backup
restorable, damaged and hostile content said in one sentence, no stray files, and the
older plain copies still listed and restorable beside the stored ones."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import main
from storage.db import backup
from storage.db import backup_store as store
from storage.db.connection import open_database
from storage.errors import StorageError
from storage.records.people import people
from tests.conftest import ACTOR


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in Path(folder).iterdir())


def chunk_files(folder: Path) -> set[str]:
    return {p.name for p in (Path(folder) / store.CHUNKS).glob("??/*")}


def people_in(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT full_name FROM people WHERE deleted_at IS NULL ORDER BY id")]
    finally:
        conn.close()


def with_people(db_path: Path, count: int, prefix: str = "Người"):
    db = open_database(db_path)
    with db.atomic():
        for number in range(count):
            people.create(db, ACTOR, full_name=f"{prefix} Thứ {number}", notes="ghi chú " * 40)
    return db


def test_a_file_round_trips_byte_for_byte_with_a_short_last_chunk(tmp_path):
    data = os.urandom(store.CHUNK_SIZE * 2) + b"binh yen " * 1000 + os.urandom(store.CHUNK_SIZE)[:777]
    source = tmp_path / "goc.bin"
    source.write_bytes(data)
    folder = tmp_path / "backups"
    manifest = store.put(folder, source, folder / "goc-20261126-080000-thu-cong.json", {
        "created": "2026-11-26T08:00:00", "reason": "thu-cong", "counts": {}, "audit_head": None,
        "schema_version": 1, "unit": None})
    body = json.loads(manifest.read_text())
    assert body["size"] == len(data) and body["sha256"] == hashlib.sha256(data).hexdigest()
    assert len(body["chunks"]) == 3  # two whole chunks and a short last one
    assert store.rebuild(manifest, tmp_path / "lai.bin").read_bytes() == data
    assert oct(manifest.stat().st_mode & 0o777) == "0o600" and oct(folder.stat().st_mode & 0o777) == "0o700"
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in (folder / store.CHUNKS).glob("??/*"))
    assert store.verify(manifest) is None


def test_a_backup_restores_the_same_database_and_leaves_no_stray_file(db_path, tmp_path):
    db = with_people(db_path, 30)
    made = backup.make_backup(db, db_path, "thu-cong")
    plain = backup.backup_to_file(db, tmp_path / "thuong.db")
    db.close()
    rebuilt = store.rebuild(made, tmp_path / "lai.db")
    assert people_in(rebuilt) == people_in(plain) == [f"Người Thứ {n}" for n in range(30)]
    backup.check_file(rebuilt)
    info = backup.describe(made)
    assert (info.reason, info.counts["people"], info.size) == ("thu-cong", 30, rebuilt.stat().st_size)
    manifest = store.read_manifest(made)
    assert manifest["unit"]["role"] == "station" and manifest["schema_version"] > 0
    assert manifest["audit_head"] == info.audit_head is not None
    assert names(tmp_path / "backups") == ["chunks", made.name]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".binhyen-tmp-") or p.name.endswith(
        ("-journal", ".tmp"))]


def test_a_second_backup_of_an_unchanged_database_adds_no_chunk(db_path):
    db = with_people(db_path, 200)
    first = backup.make_backup(db, db_path, "thu-cong")
    before = chunk_files(first.parent)
    second = backup._store_backup(db, db_path, "khi-dong")
    assert chunk_files(first.parent) == before
    assert store.read_manifest(second)["chunks"] == store.read_manifest(first)["chunks"]
    people.update(db, ACTOR, 7, notes="đổi một dòng")
    third = backup._store_backup(db, db_path, "tu-dong")
    added = chunk_files(first.parent) - before
    db.close()
    assert 0 < len(added) < len(before) / 2  # only the slices that changed are new
    assert store.verify(third) is None


def test_two_backups_within_one_second_are_two_backups(db_path):
    """The second one took the first one's name (the time to the second) and replaced it."""
    db = with_people(db_path, 20)
    first = backup.make_backup(db, db_path, "thu-cong")
    people.update(db, ACTOR, 3, notes="sửa ngay sau đó")
    second = backup.make_backup(db, db_path, "thu-cong")
    db.close()
    assert first != second and first.exists() and second.exists()
    assert [b.path for b in backup.list_backups(db_path)] == [second, first]


def test_thinning_then_collection_keeps_every_remaining_backup_restorable(db_path, monkeypatch):
    monkeypatch.setattr(store, "GRACE", 0)
    db = with_people(db_path, 50)
    folder = backup.folder_for(db_path)
    now = datetime(2026, 11, 26, 12, 0)
    made = []
    for day in range(12):  # one automatic backup a day for 12 days, each after a change
        people.create(db, ACTOR, full_name=f"Ngày {day}")
        path = backup._store_backup(db, db_path, "tu-dong")
        moment = now - timedelta(days=11 - day)
        dated = folder / f"{db_path.stem}-{moment.strftime(backup.STAMP)}-tu-dong.json"
        path.rename(dated)
        made.append(dated)
    db.close()
    deleted = backup.thin(db_path, now=now)
    kept = [b.path for b in backup.list_backups(db_path)]
    assert set(deleted) | set(kept) == set(made) and deleted and len(kept) >= 7
    named = set().union(*(store.read_manifest(p)["chunks"] for p in kept))
    assert chunk_files(folder) == named  # what no backup names is gone, nothing else
    for number, path in enumerate(kept):
        assert store.verify(path) is None
        day = made.index(path)
        assert people_in(store.rebuild(path, folder.parent / f"lai{number}.db"))[-1] == f"Ngày {day}"


def test_a_missing_or_damaged_chunk_is_said_and_other_backups_stay_usable(db_path):
    db = with_people(db_path, 40)
    older = backup.make_backup(db, db_path, "thu-cong")
    people.create(db, ACTOR, full_name="Người Sau Cùng")
    newer = backup._store_backup(db, db_path, "khi-dong")
    db.close()
    only_newer = [c for c in store.read_manifest(newer)["chunks"] if c not in store.read_manifest(older)["chunks"]]
    sentence = (f"Bản sao lưu {newer.name} bị hỏng (thiếu hoặc hỏng một phần dữ liệu); "
                "hãy chọn bản sao lưu khác.")
    victim = store.chunk_path(newer.parent, only_newer[0])
    victim.write_bytes(victim.read_bytes()[:-5] + b"xxxxx")  # damaged in place
    assert store.verify(newer) == sentence
    victim.unlink()  # then missing altogether
    assert store.verify(newer) == sentence
    listed = {b.path: b for b in backup.list_backups(db_path)}
    assert not listed[newer].intact() and listed[older].intact()
    with pytest.raises(StorageError) as refused:
        backup.restore(db_path, newer, ACTOR)
    assert str(refused.value) == sentence
    assert people_in(db_path)[-1] == "Người Sau Cùng"  # nothing touched
    assert not [p for p in db_path.parent.iterdir() if p.name.startswith(".binhyen-tmp-")]
    backup.restore(db_path, older, ACTOR)
    assert people_in(db_path) == [f"Người Thứ {n}" for n in range(40)]


def _valid(folder: Path) -> dict:
    folder.mkdir(exist_ok=True)
    source = folder.parent / "nguon.bin"
    source.write_bytes(b"SQLite " * 20000)
    target = store.put(folder, source, folder / "x-20261126-080000-thu-cong.json", {
        "created": "2026-11-26T08:00:00", "reason": "thu-cong", "counts": {"people": 1}, "audit_head": "ab",
        "schema_version": 3, "unit": {"uuid": "u", "role": "station", "station_name": "Xã"}})
    return json.loads(target.read_text())


def _sealed(manifest: dict) -> bytes:
    manifest = dict(manifest)
    manifest["manifest_sha256"] = hashlib.sha256(store._canonical(manifest)).hexdigest()
    return json.dumps(manifest).encode()


@pytest.mark.parametrize("change, why", [
    ({"chunks": ["../../../etc/passwd"]}, "danh sách khối không hợp lệ"),
    ({"size": 1 << 50}, "cỡ tệp không hợp lệ"),
    ({"size": 10 ** 12}, "danh sách khối không khớp cỡ tệp"),
    ({"chunk_size": 0}, "cỡ khối không hợp lệ"),
    ({"chunk_size": 1 << 40}, "cỡ khối không hợp lệ"),
    ({"reason": "../x"}, "lý do không hợp lệ"),
    ({"counts": {"people": -1}}, "số bản ghi không hợp lệ"),
    ({"schema_version": "3"}, "phiên bản dữ liệu không hợp lệ"),
])
def test_hostile_manifests_are_refused_in_one_sentence(tmp_path, change, why):
    folder = tmp_path / "backups"
    manifest = _valid(folder)
    hostile = folder / "x-20261126-090000-thu-cong.json"
    hostile.write_bytes(_sealed({**manifest, **change}))
    with pytest.raises(store.DamagedBackup) as refused:
        store.read_manifest(hostile)
    assert str(refused.value) == f"Bản sao lưu {hostile.name} bị hỏng ({why}); hãy chọn bản sao lưu khác."
    hostile.write_bytes(json.dumps({**manifest, "reason": "tu-dong"}).encode())  # hash no longer matches
    with pytest.raises(store.DamagedBackup, match="tệp mô tả bị sửa hoặc hỏng"):
        store.read_manifest(hostile)


def test_an_oversized_or_malformed_manifest_is_refused_unread(tmp_path, monkeypatch):
    folder = tmp_path / "backups"
    folder.mkdir()
    big = folder / "x-20261126-080000-thu-cong.json"
    big.write_bytes(b"[" * 5000)
    monkeypatch.setattr(store, "MAX_MANIFEST", 4096)
    with pytest.raises(store.DamagedBackup, match="tệp mô tả lớn bất thường"):
        store.read_manifest(big)
    monkeypatch.setattr(store, "MAX_MANIFEST", 1 << 20)
    with pytest.raises(store.DamagedBackup, match="không đúng định dạng"):
        store.read_manifest(big)  # nested past the parser's depth: refused, no RecursionError


def test_a_chunk_that_inflates_beyond_its_size_is_damage_not_memory(tmp_path):
    folder = tmp_path / "backups"
    manifest = _valid(folder)
    bomb = store.chunk_path(folder, manifest["chunks"][0])
    import zlib

    bomb.write_bytes(zlib.compress(b"\x00" * (64 << 20), 9))  # 64 MiB of zeros in ~65 KB
    assert store._read_chunk(folder, manifest["chunks"][0], store.CHUNK_SIZE) is None


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                      max_size=4), max_leaves=20)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["format", "chunk_size", "size", "sha256", "chunks", "created", "reason",
                                        "counts", "audit_head", "schema_version", "unit", "manifest_sha256"]),
                       json_values), st.binary(max_size=200))
def test_the_manifest_reader_refuses_anything_malformed(tmp_path, fields, noise):
    folder = tmp_path / "fuzz"
    folder.mkdir(exist_ok=True)
    path = folder / "x-20261126-080000-thu-cong.json"
    for body in (_sealed({**fields, "format": store.FORMAT}), noise, json.dumps(fields).encode()):
        path.write_bytes(body)
        try:
            manifest = store.read_manifest(path)
        except store.DamagedBackup as error:
            assert str(error).startswith(f"Bản sao lưu {path.name} bị hỏng (")
            continue
        assert store._shape_problem(manifest) is None  # accepted only when whole and well-formed
        for digest in manifest["chunks"]:
            assert store.chunk_path(folder, digest).is_relative_to(folder)


def test_damaged_manifests_are_left_out_of_the_list_and_the_others_stay(db_path):
    db = with_people(db_path, 5)
    good = backup.make_backup(db, db_path, "thu-cong")
    db.close()
    folder = good.parent
    (folder / f"{db_path.stem}-20261126-080000-tu-dong.json").write_bytes(b"{not json")
    (folder / f"{db_path.stem}-20261126-080001-tu-dong.json").write_bytes(_sealed(
        {**json.loads(good.read_text()), "chunks": ["0" * 64]}))
    assert [b.path for b in backup.list_backups(db_path)] == [good]
    with pytest.raises(StorageError, match="không đúng định dạng"):
        backup.restore(db_path, folder / f"{db_path.stem}-20261126-080000-tu-dong.json", ACTOR)


def test_older_plain_copies_are_listed_described_and_restored_beside_stored_ones(db_path, monkeypatch):
    db = with_people(db_path, 3, "Cũ")
    old = backup.backup_to_file(db, backup.folder_for(db_path) / f"{db_path.stem}-20260601-080000-thu-cong.db")
    people.create(db, ACTOR, full_name="Mới Hơn")
    stored = backup.make_backup(db, db_path, "thu-cong")
    db.close()
    listed = backup.list_backups(db_path)
    assert [(b.path, b.reason, b.counts["people"]) for b in listed] == [(stored, "thu-cong", 4),
                                                                          (old, "thu-cong", 3)]
    for stray in (Path(f"{old}-wal"), Path(f"{old}-shm")):  # what older versions could leave beside a copy
        stray.write_bytes(b"")
    monkeypatch.setattr(store, "GRACE", 0)  # (reading the copy's counts touches them: ten minutes otherwise)
    backup.thin(db_path)
    assert names(old.parent) == sorted(["chunks", old.name, stored.name])
    backup.restore(db_path, old, ACTOR)
    assert people_in(db_path) == ["Cũ Thứ 0", "Cũ Thứ 1", "Cũ Thứ 2"]
    backup.restore(db_path, stored, ACTOR)
    assert people_in(db_path) == ["Cũ Thứ 0", "Cũ Thứ 1", "Cũ Thứ 2", "Mới Hơn"]


def test_the_commands_backup_into_the_store_and_out_to_one_plain_file(db_path, tmp_path, capsys):
    with_people(db_path, 2).close()
    assert main.main(["backup", "--db", str(db_path)]) == 0
    made = next(backup.folder_for(db_path).glob("*.json"))
    assert capsys.readouterr().out == f"Đã sao lưu vào {made}.\n"
    assert main.main(["backup", "--db", str(db_path), "--out", str(tmp_path / "mot-tep.db")]) == 0
    assert capsys.readouterr().out == f"Đã sao lưu vào {tmp_path / 'mot-tep.db'}.\n"
    assert people_in(tmp_path / "mot-tep.db") == ["Người Thứ 0", "Người Thứ 1"]  # an ordinary SQLite file
    strays = [p.name for folder in (tmp_path, tmp_path / "backups") for p in folder.iterdir()
              if p.name.startswith(".binhyen-tmp-") or p.name.startswith("mot-tep.db-") or p.suffix == ".tmp"]
    assert strays == []
    people_before = people_in(db_path)
    assert main.main(["restore", "--db", str(db_path), str(made)]) == 0
    assert capsys.readouterr().out.startswith(f"Đã khôi phục từ {made.name}. Bản trước khi khôi phục được giữ ở ")
    assert people_in(db_path) == people_before


def test_the_backups_command_lists_them_and_says_which_is_damaged(db_path, capsys):
    assert main.main(["backups", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out == f"Chưa có bản sao lưu nào trong {db_path.parent / 'backups'}.\n"
    db = with_people(db_path, 3)
    older = backup.make_backup(db, db_path, "thu-cong")
    older = older.rename(older.with_name(f"{db_path.stem}-20261101-080000-thu-cong.json"))
    people.create(db, ACTOR, full_name="Người Cuối")
    newer = backup.make_backup(db, db_path, "khi-dong")
    db.close()
    extra = sorted(set(store.read_manifest(newer)["chunks"]) - set(store.read_manifest(older)["chunks"]))
    victim = store.chunk_path(newer.parent, extra[0])
    victim.write_bytes(b"hong")  # there, but damaged: only the full check sees it
    assert main.main(["backups", "--db", str(db_path)]) == 0
    size = store.read_manifest(newer)["size"] / 1e6
    when = datetime.strptime(newer.stem.split("-")[1] + newer.stem.split("-")[2], "%Y%m%d%H%M%S")
    assert capsys.readouterr().out.splitlines() == [
        f"{when:%H:%M %d/%m/%Y}  khi đóng ứng dụng  {size:.1f} MB  4 người, 0 hộ  {newer.name}",
        f"08:00 01/11/2026  làm tay  {size:.1f} MB  3 người, 0 hộ  {older.name}"]
    assert main.main(["backups", "--db", str(db_path), "--kiem-tra-het"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == (f"  HỎNG: Bản sao lưu {newer.name} bị hỏng (thiếu hoặc hỏng một phần dữ liệu); "
                        "hãy chọn bản sao lưu khác.") and len(lines) == 3
    victim.unlink()  # missing: the quick look sees it too
    assert main.main(["backups", "--db", str(db_path)]) == 1
    assert "HỎNG: Bản sao lưu " + newer.name in capsys.readouterr().out


def test_a_file_without_the_apps_tables_is_refused_and_leaves_nothing(tmp_path):
    from sqlite_utils import Database

    path = tmp_path / "la.db"
    db = Database(path)
    db["x"].insert({"y": 1})
    with pytest.raises(StorageError) as refused:
        backup.make_backup(db, path, "thu-cong")
    db.close()
    assert str(refused.value).startswith("Không tạo được bản sao lưu la-")
    assert str(refused.value).endswith(": tệp dữ liệu thiếu bảng của Bình Yên (không đếm được hồ sơ); hãy chạy "
                                       "lệnh check.")
    assert names(tmp_path) == ["backups", "la.db"] and names(tmp_path / "backups") == []
