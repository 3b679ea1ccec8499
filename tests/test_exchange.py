"""Handing up: export at the station, import at the superior. Every way a file can be
wrong leaves the aggregator's database exactly as it was."""

from __future__ import annotations

import hashlib
import json
import struct

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage import demo
from storage.db.connection import open_database
from storage.exchange import aggregate, importer, keys, package
from storage.exchange.reader import PackageError, open_package
from storage.query.periods import parse_period
from storage.query.stats import period_figures
from storage.records import unit
from tests.conftest import ACTOR

PERIOD = parse_period("2026")
ADDITIVE = [("households", "total"), ("households", "pledged"), ("teams", "total"), ("teams", "members"),
            ("patrols", "total"), ("mediation", "received"), ("mediation", "settled"), ("tips", "received"),
            ("tips", "valuable"), ("surrendered", "handovers"), ("reintegration", "total"),
            ("commendations", "total"), ("areas", "total"), ("models", "points")]


def fingerprint_of(db) -> str:
    """Everything an import could change, hashed."""
    digest = hashlib.sha256()
    for table in ("stations", "packages", "station_records"):
        for row in db.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):
            digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """An aggregator for Quảng Ninh and three demo stations that trust it, each exported."""
    folder = tmp_path_factory.mktemp("exchange")
    aggregator = open_database(folder / "tinh.db")
    unit.initialise(aggregator, ACTOR, role="aggregator", province=22)
    public = keys.public_key_file(aggregator)
    stations, files = [], []
    for seed in (1, 2, 3):
        station = demo.generate(folder / f"xa{seed}.db", households_count=60, seed=seed, province_code=22)
        keys.trust_superior(station, ACTOR, public)
        target = folder / f"goi{seed}.byx"
        package.export(station, ACTOR, PERIOD, target)
        stations.append(station)
        files.append(target)
    aggregator.close()
    return {"folder": folder, "stations": stations, "files": files}


@pytest.fixture
def agg(world, tmp_path):
    """A fresh copy of the aggregator per test."""
    import shutil

    path = tmp_path / "tinh.db"
    shutil.copy(world["folder"] / "tinh.db", path)
    db = open_database(path)
    yield db
    db.close()


def test_round_trip_gives_the_station_figures(world, agg):
    reports = importer.import_packages(agg, ACTOR, [world["files"][0]], trust_new=True)
    assert [r.status for r in reports] == [importer.ACCEPTED]
    station_figures = period_figures(world["stations"][0], PERIOD)
    totals = aggregate.aggregate(agg, PERIOD)
    for section, key in ADDITIVE:
        assert totals[section][key] == station_figures[section][key], (section, key)
    assert totals["households"]["ratio_pledged"] == station_figures["households"]["ratio_pledged"]
    # minimal by default: the members of the teams travel, the other residents only as counts per area
    station = world["stations"][0]
    members = station.conn.execute("SELECT count(DISTINCT person_id) FROM memberships").fetchone()[0]
    assert agg.conn.execute("SELECT count(*) FROM station_records WHERE table_name = 'people'").fetchone()[0] == members
    assert agg.conn.execute("SELECT count(*) FROM station_records WHERE table_name IN ('households', 'pledges', "
                            "'mediation_cases')").fetchone()[0] == 0
    per_area = json.loads(agg.conn.execute("SELECT residents FROM packages").fetchone()[0])
    assert sum(a["people"] for a in per_area) == station.conn.execute(
        "SELECT count(*) FROM people WHERE deleted_at IS NULL").fetchone()[0]
    assert sum(a["households"] for a in per_area) == station_figures["households"]["total"]


def test_three_stations_sum_and_reimport_changes_nothing(world, agg):
    importer.import_packages(agg, ACTOR, world["files"], trust_new=True)
    totals = aggregate.aggregate(agg, PERIOD, by_station=True)
    for section, key in ADDITIVE:
        assert totals[section][key] == sum(period_figures(s, PERIOD)[section][key] for s in world["stations"])
    assert len(totals["by_station"]) == 3
    before = fingerprint_of(agg)
    again = importer.import_packages(agg, ACTOR, world["files"], trust_new=True)
    assert [r.status for r in again] == [importer.UNCHANGED] * 3
    assert fingerprint_of(agg) == before


def test_newer_package_changes_only_its_station(world, agg, tmp_path):
    from storage.records.people import people

    importer.import_packages(agg, ACTOR, world["files"], trust_new=True)
    others = {uuid: agg.conn.execute("SELECT count(*), sum(version) FROM station_records WHERE station_uuid = ?",
                                     (uuid,)).fetchone()
              for (uuid,) in agg.conn.execute("SELECT station_uuid FROM stations")}
    station = world["stations"][1]
    member = station.conn.execute("SELECT min(person_id) FROM memberships").fetchone()[0]
    person = people.get(station, member)  # a team member: the people who travel by default
    people.update(station, ACTOR, person.id, phone="0912000999")
    newer = tmp_path / "goi2-moi.byx"
    package.export(station, ACTOR, PERIOD, newer)
    report = importer.import_packages(agg, ACTOR, [newer])[0]
    assert report.status == importer.ACCEPTED and report.tables["people"].updated >= 1
    station_uuid = unit.get_unit(station).uuid
    row = agg.conn.execute("SELECT version, data FROM station_records WHERE station_uuid = ? AND uuid = ?",
                           (station_uuid, person.uuid)).fetchone()
    assert row[0] == person.version + 1 and json.loads(row[1])["data"]["phone"] == "0912000999"
    for uuid, counts in others.items():
        if uuid != station_uuid:
            assert agg.conn.execute("SELECT count(*), sum(version) FROM station_records WHERE station_uuid = ?",
                                    (uuid,)).fetchone() == counts
    older = importer.import_packages(agg, ACTOR, [world["files"][1]])[0]
    assert older.status == importer.UNCHANGED


def test_sequence_gap_is_reported(world, agg, tmp_path):
    station = world["stations"][2]
    importer.import_packages(agg, ACTOR, [world["files"][2]], trust_new=True)
    package.export(station, ACTOR, PERIOD, tmp_path / "skipped.byx")
    latest = tmp_path / "latest.byx"
    package.export(station, ACTOR, PERIOD, latest)
    report = importer.import_packages(agg, ACTOR, [latest])[0]
    assert report.status == importer.ACCEPTED and report.missing_sequences == [2]


def test_first_package_needs_trust_and_a_changed_key_is_refused(world, agg, tmp_path):
    before = fingerprint_of(agg)
    waiting = importer.import_packages(agg, ACTOR, [world["files"][0]])[0]
    assert waiting.status == importer.NEEDS_TRUST and waiting.fingerprint in waiting.message
    assert fingerprint_of(agg) == before
    importer.import_packages(agg, ACTOR, [world["files"][0]], trust_new=True)
    agg.execute("UPDATE stations SET signing_key = ?", [b"\x01" * 32])
    newer = tmp_path / "moi.byx"
    package.export(world["stations"][0], ACTOR, PERIOD, newer)
    report = importer.check(agg, open_package(agg, newer))[0]
    assert report.status == importer.REJECTED and "Khóa ký của xã đã thay đổi" in report.message


def test_dry_run_writes_nothing(world, agg):
    before = fingerprint_of(agg)
    reports = importer.import_packages(agg, ACTOR, world["files"], dry_run=True, trust_new=True)
    assert [r.status for r in reports] == [importer.ACCEPTED] * 3
    assert reports[0].tables["people"].new > 0
    assert fingerprint_of(agg) == before


def test_sensitive_fields_never_leave(world):
    from storage.records.incidents import tips

    station = world["stations"][0]
    informants = {t.informant_name for t in tips.list(station) if t.informant_name}
    assert informants
    db = open_database(world["folder"] / "tinh.db")
    opened = open_package(db, world["files"][0])
    db.close()
    tip_text = "\n".join(record["_line"] for record in opened.records["tips"])
    assert opened.records["tips"] and "informant" not in tip_text
    assert not any(name in tip_text for name in informants)
    for record in opened.records["reintegration_cases"]:
        assert set(record["data"]) == {"source", "started_on", "ended_on", "status"}


def test_every_flipped_byte_is_caught(world, agg, tmp_path):
    original = world["files"][0].read_bytes()
    before = fingerprint_of(agg)
    positions = list(range(0, 200)) + list(range(200, len(original), max(1, len(original) // 150)))
    positions.append(len(original) - 1)
    for position in positions:
        damaged = bytearray(original)
        damaged[position] ^= 0x01
        path = tmp_path / "damaged.byx"
        path.write_bytes(bytes(damaged))
        report = importer.import_packages(agg, ACTOR, [path], trust_new=True)[0]
        assert report.status == importer.REJECTED, position
    assert fingerprint_of(agg) == before


@pytest.mark.parametrize("damage, message", [
    (lambda data: data[: len(data) // 2], "không giải mã được"),
    (lambda data: b"PK\x03\x04" + data[4:], "không phải gói dữ liệu Bình Yên"),
    (lambda data: b"", "không phải gói dữ liệu Bình Yên"),
])
def test_truncated_and_foreign_files(world, agg, tmp_path, damage, message):
    path = tmp_path / "x.byx"
    path.write_bytes(damage(world["files"][0].read_bytes()))
    before = fingerprint_of(agg)
    report = importer.import_packages(agg, ACTOR, [path])[0]
    assert report.status == importer.REJECTED and message in report.message
    assert fingerprint_of(agg) == before


def test_future_format_is_refused_with_advice(world, agg, tmp_path):
    data = world["files"][0].read_bytes()
    start = len(package.MAGIC)
    (length,) = struct.unpack(">I", data[start:start + 4])
    header = json.loads(data[start + 4:start + 4 + length])
    header["major"] = package.MAJOR + 1
    new_header = json.dumps(header, sort_keys=True).encode()
    path = tmp_path / "future.byx"
    path.write_bytes(package.MAGIC + struct.pack(">I", len(new_header)) + new_header + data[start + 4 + length:])
    report = importer.import_packages(agg, ACTOR, [path])[0]
    assert report.status == importer.REJECTED and "hãy cập nhật phần mềm" in report.message


def test_package_for_another_superior_is_refused(world, tmp_path):
    other = open_database(tmp_path / "khac.db")
    unit.initialise(other, ACTOR, role="aggregator", province=22)
    report = importer.import_packages(other, ACTOR, [world["files"][0]], trust_new=True)[0]
    assert report.status == importer.REJECTED and "mã hóa cho một đơn vị khác" in report.message
    assert other.conn.execute("SELECT count(*) FROM station_records").fetchone()[0] == 0


def test_without_the_superior_key_the_package_is_plain_and_says_so(tmp_path, agg):
    station = demo.generate(tmp_path / "xa.db", households_count=20, seed=7, province_code=22)
    plan = package.plan(station, PERIOD)
    assert plan.encrypted_for is None and "KHÔNG được mã hóa" in plan.describe()
    path = tmp_path / "plain.byx"
    package.export(station, ACTOR, PERIOD, path)
    report = importer.import_packages(agg, ACTOR, [path], trust_new=True)[0]
    assert report.status == importer.ACCEPTED
    assert not open_package(agg, path).encrypted


def test_receipt_is_signed_and_matches_the_export(world, agg, tmp_path):
    report = importer.import_packages(agg, ACTOR, [world["files"][0]], trust_new=True)[0]
    receipt = importer.write_receipt(agg, report, tmp_path)
    body = importer.read_receipt(world["stations"][0], receipt)
    assert body["matches_export"] and body["report"]["status"] == importer.ACCEPTED
    forged = json.loads(receipt.read_text(encoding="utf-8"))
    forged["receipt"]["report"]["status"] = "từ chối"
    receipt.write_text(json.dumps(forged), encoding="utf-8")
    with pytest.raises(Exception, match="chữ ký không hợp lệ"):
        importer.read_receipt(world["stations"][0], receipt)


def test_reporting_grid_lists_every_commune_of_the_province(world, agg):
    importer.import_packages(agg, ACTOR, world["files"][:2], trust_new=True)
    grid = aggregate.reporting_grid(agg, "2026")
    assert len(grid) == 54  # Quảng Ninh's communes in the official list
    assert sum(g.reported for g in grid) == 2
    assert sum(g.reported for g in aggregate.reporting_grid(agg, "2025")) == 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_mutated_packages_never_crash_and_never_write(world, agg, tmp_path, data):
    original = world["files"][1].read_bytes()
    kind = data.draw(st.sampled_from(["flip", "cut", "insert", "replace"]))
    position = data.draw(st.integers(0, len(original) - 1))
    if kind == "flip":
        mutated = original[:position] + bytes([original[position] ^ data.draw(st.integers(1, 255))]) + \
            original[position + 1:]
    elif kind == "cut":
        mutated = original[:position]
    elif kind == "insert":
        mutated = original[:position] + data.draw(st.binary(min_size=1, max_size=16)) + original[position:]
    else:
        mutated = data.draw(st.binary(max_size=400))
    path = tmp_path / "mutated.byx"
    path.write_bytes(mutated)
    before = fingerprint_of(agg)
    report = importer.import_packages(agg, ACTOR, [path], trust_new=True)[0]
    assert report.status == importer.REJECTED
    assert fingerprint_of(agg) == before
    with pytest.raises(PackageError):
        open_package(agg, path)
