"""The streamed export (format 2.1: records written table by table into the zip, the zip
sealed in segments) and what the aggregator does with packages it already holds.

tests/fixtures/exchange-2.0/ was made by the previous exporter (format 2.0, one AES-GCM
call over the whole zip) before the streamed one replaced it: a demo station of 40
households (xa.db), its aggregator (tinh.db, holding the key the packages are encrypted
to), a full package with named lists (toan-bo.byx) and a minimal one (toi-thieu.byx)."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from storage.db import backup
from storage.db.connection import open_database
from storage.exchange import aggregate, importer, package, reader
from storage.exchange.reader import open_package
from storage.query.periods import parse_period
from storage.query.stats import period_figures
from tests.conftest import ACTOR

FIXTURE = Path(__file__).parent / "fixtures" / "exchange-2.0"
PERIOD = parse_period("2026")
REASON = "Công an tỉnh yêu cầu rà soát theo công văn số 12"


@pytest.fixture
def world(tmp_path):
    for item in FIXTURE.iterdir():
        if item.name.endswith(".sqlite.gz"):  # the databases travel compressed (*.db is not kept in git)
            (tmp_path / item.name.replace(".sqlite.gz", ".db")).write_bytes(gzip.decompress(item.read_bytes()))
        elif item.suffix == ".byx":
            shutil.copy(item, tmp_path / item.name)
    return tmp_path


def held(db) -> tuple[list, list]:
    """What the aggregator holds from its stations: every record row and every package's
    figures and residents per area."""
    records = db.conn.execute("SELECT table_name, uuid, version, updated_at, deleted_at, data FROM station_records "
                              "ORDER BY table_name, uuid").fetchall()
    packages = db.conn.execute("SELECT period_code, full_export, figures, residents FROM packages "
                               "ORDER BY id").fetchall()
    return records, packages


def before_importing(path: Path) -> int:
    """Backups made before an import (opening the fixture's older file makes one before
    upgrading it)."""
    return sum(1 for b in backup.list_backups(path) if b.reason == "truoc-nhap")


def imported(world: Path, name: str, files: list[Path]) -> tuple[list, list]:
    shutil.copy(world / "tinh.db", world / name)
    db = open_database(world / name)
    try:
        reports = importer.import_packages(db, ACTOR, files, trust_new=True)
        assert [r.status for r in reports] == [importer.ACCEPTED] * len(files), [r.message for r in reports]
        return held(db)
    finally:
        db.close()


ADDED_SINCE = {"households": ("moved_in_on",)}  # migration 16


def since_fixture(row: tuple) -> tuple:
    """A record row of today's export as the fixture's version wrote it: fields added since,
    when empty, left out of its JSON."""
    added = ADDED_SINCE.get(row[0])
    if not added:
        return row
    record = json.loads(row[-1])
    data = record.get("data") or {}
    for name in added:
        if data.get(name, "") is None:
            del data[name]
    return (*row[:-1], json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(", ", ": ")))


@pytest.mark.parametrize("old, reason", [("toan-bo.byx", REASON), ("toi-thieu.byx", None)])
def test_the_streamed_export_imports_to_what_the_previous_format_gave(world, old, reason):
    station = open_database(world / "xa.db")
    new = world / "moi.byx"
    manifest = package.export(station, ACTOR, PERIOD, new, full=True, residents_reason=reason)
    figures = period_figures(station, PERIOD)
    station.close()
    assert manifest["format_version"] == "2.1"
    header = new.read_bytes()[:400]
    assert b'"minor": 1' in header and b'"segment": 1048576' in header
    before, after = imported(world, "cu.db", [world / old]), imported(world, "moi.db", [new])
    # every record, byte for byte, but for fields added since the fixture was made (empty)
    assert before[0] == [since_fixture(row) for row in after[0]]
    # residents per area alike; the figures are today's (how some are counted changed since)
    assert [(p[0], p[1], p[3]) for p in before[1]] == [(p[0], p[1], p[3]) for p in after[1]]
    records, packages = after
    assert json.loads(packages[0][2]) == json.loads(json.dumps(figures))
    assert len(records) > 100 and json.loads(packages[0][2])["households"]["total"] == 40
    counted = {table: count for table, count in manifest["counts"].items() if count}
    assert counted == {table: sum(1 for r in records if r[0] == table) for table in counted}
    assert ("households" in counted) == (reason is not None)


def test_a_package_of_the_previous_format_still_imports_and_sums(world):
    db = open_database(world / "tinh.db")
    header = (world / "toi-thieu.byx").read_bytes()[:400]
    assert b'"minor": 0' in header and b'"nonce": ' in header and b"segment" not in header
    opened = open_package(db, world / "toi-thieu.byx")
    assert opened.manifest["format_version"] == "2.0" and opened.encrypted
    report = importer.import_packages(db, ACTOR, [world / "toi-thieu.byx"], trust_new=True)[0]
    assert report.status == importer.ACCEPTED
    totals = aggregate.aggregate(db, PERIOD)
    assert totals["households"]["total"] == 40
    db.close()


def test_the_export_streams_one_query_per_table(world):
    """At most a few statements per table (the table, its child tables, counts), not one
    per record: the station holds far more records than that."""
    station = open_database(world / "xa.db")
    statements = []
    station.conn.set_trace_callback(statements.append)
    package.export(station, ACTOR, PERIOD, world / "moi.byx", full=True, residents_reason=REASON)
    station.conn.set_trace_callback(None)
    records = sum(package.plan(station, PERIOD, True, REASON).counts.values())
    station.close()
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert records > 1000 and len(selects) < 240  # (with one count per table, the size check before writing)


def test_an_unchanged_package_is_recognised_by_its_hash_without_decrypting(world, monkeypatch):
    db = open_database(world / "tinh.db")
    first = importer.import_packages(db, ACTOR, [world / "toi-thieu.byx"], trust_new=True)[0]
    assert first.status == importer.ACCEPTED
    entries = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    before = held(db)

    def never(*args, **kwargs):
        raise AssertionError("a package already imported was decrypted again")

    monkeypatch.setattr(reader, "_unseal", never)
    copy = world / "ban-sao.byx"
    shutil.copy(world / "toi-thieu.byx", copy)
    again = importer.import_packages(db, ACTOR, [world / "toi-thieu.byx", copy], trust_new=True)
    assert [(r.file, r.status, r.message) for r in again] == [
        ("toi-thieu.byx", importer.UNCHANGED, importer.ALREADY), ("ban-sao.byx", importer.UNCHANGED, importer.ALREADY)]
    assert again[0].station_name == first.station_name and again[0].sequence == first.sequence
    assert again[0].describe().startswith(f"toi-thieu.byx: không thay đổi — {first.station_name}, gói số 2")
    # No audit entry: nothing changed (the receipt still tells the station it arrived).
    assert db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == entries
    assert held(db) == before
    db.close()


def test_the_backup_before_importing_is_skipped_for_new_stations_only(world):
    path = world / "tinh.db"
    db = open_database(path)
    report = importer.import_packages(db, ACTOR, [world / "toi-thieu.byx"], trust_new=True)[0]
    assert report.status == importer.ACCEPTED and report.new_station
    assert before_importing(path) == 0  # only added: the new station and its package
    report = importer.import_packages(db, ACTOR, [world / "toan-bo.byx"], trust_new=True)[0]
    assert report.status == importer.ACCEPTED and not report.new_station
    assert before_importing(path) == 1  # a station it held: kept
    db.close()


def test_a_refused_or_dry_run_import_makes_no_backup(world):
    path = world / "tinh.db"
    db = open_database(path)
    importer.import_packages(db, ACTOR, [world / "toi-thieu.byx"], trust_new=True)
    importer.import_packages(db, ACTOR, [world / "toan-bo.byx"], dry_run=True)
    broken = world / "hong.byx"
    broken.write_bytes((world / "toan-bo.byx").read_bytes()[:-10])
    report = importer.import_packages(db, ACTOR, [broken])[0]
    assert (report.status, report.message) == (
        importer.REJECTED, "Tệp hong.byx: không giải mã được: gói đã bị sửa, bị cắt cụt hoặc hỏng.")
    assert before_importing(path) == 0
    db.close()


def test_station_records_is_a_rowid_table_with_its_key_unique(world):
    """Migration 13: rows appended into full pages, the key in a unique index; the fixture's
    aggregator (schema before 13) is brought up to it when opened."""
    db = open_database(world / "tinh.db")
    sql = db.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'station_records'").fetchone()[0]
    assert "WITHOUT ROWID" not in sql
    assert db.conn.execute("PRAGMA index_info(station_records_key)").fetchall() == [
        (0, 0, "station_uuid"), (1, 1, "table_name"), (2, 2, "uuid")]
    assert [row[2] for row in db.conn.execute("PRAGMA index_list(station_records)")] == [1]  # unique
    db.close()


def test_a_package_too_large_for_the_superior_is_refused_before_it_is_written(world, monkeypatch):
    """A named-lists package of the largest communes passes the superior's cap on records:
    it was built for a quarter of a minute, then refused for a 'wrong structure'."""
    from storage.errors import ValidationError
    from storage.exchange import identity, schemas

    station = open_database(world / "xa.db")
    monkeypatch.setattr(schemas, "MAX_RECORDS", 100)
    counts = package.plan(station, PERIOD, True, REASON).counts
    total = sum(counts.values())
    assert total > 100
    kept = identity.kept_file(station)
    with pytest.raises(ValidationError) as refused:
        package.export(station, ACTOR, PERIOD, world / "lon.byx", full=True, residents_reason=REASON)
    shown = f"{total:,}".replace(",", ".")
    assert str(refused.value) == (f"Gói sẽ có {shown} hồ sơ, quá 100 hồ sơ một gói mà cấp trên nhận; hãy bỏ chọn gửi "
                                  "danh sách cư dân có tên, hoặc xuất các thay đổi của kỳ (bỏ chọn “Gửi toàn bộ”).")
    assert not (world / "lon.byx").exists() and identity.kept_file(station) == kept
    assert package.plan(station, PERIOD, True, REASON).describe().splitlines()[1].startswith("KHÔNG XUẤT ĐƯỢC: Gói sẽ có")
    station.close()
