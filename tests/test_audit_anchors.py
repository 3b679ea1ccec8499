"""The anchored audit chain: packages carry the chain since the previous one and the
superior checks it continues; the station's `check` finds every head it sent or backed
up, so cutting the log or rewriting it with recomputed hashes is named, while a
legitimate restore raises no alarm."""

from __future__ import annotations

import json

import pytest

import main
from storage.db import backup
from storage.db.connection import open_database
from storage.exchange import importer, keys, package
from storage.query.periods import parse_period
from storage.records import audit, unit
from storage.records.people import people
from tests.conftest import ACTOR

PERIOD = parse_period("2026")
ANCHOR_CHECK = "Đối chiếu chuỗi nhật ký với gói đã gửi và bản sao lưu"


@pytest.fixture
def pair(tmp_path):
    agg = open_database(tmp_path / "tinh.db")
    unit.initialise(agg, ACTOR, role="aggregator", province=22)
    station_path = tmp_path / "xa.db"
    station = open_database(station_path)
    unit.initialise(station, ACTOR, role="station", province=22, commune=7090)
    keys.trust_superior(station, ACTOR, keys.public_key_file(agg))
    yield agg, station, station_path
    agg.close()
    station.close()


def send(agg, station, tmp_path, name):
    path = tmp_path / name
    package.export(station, ACTOR, PERIOD, path)
    return importer.import_packages(agg, ACTOR, [path], trust_new=True)[0]


def rewrite_history(station, keep: int | None = None):
    """What someone with the file could do: drop the triggers, change the first entry
    (or cut the log after `keep` entries), recompute every hash."""
    station.execute("DROP TRIGGER audit_no_update")
    station.execute("DROP TRIGGER audit_no_delete")
    if keep is not None:
        station.execute("DELETE FROM audit_log WHERE id > ?", [keep])
        return
    station.execute("UPDATE audit_log SET actor = 'người khác' WHERE id = (SELECT min(id) FROM audit_log)")
    previous = audit.GENESIS
    for row in station.conn.execute("SELECT id, at, actor, action, table_name, record_uuid, before, after "
                                    "FROM audit_log ORDER BY id").fetchall():
        digest = audit.entry_hash(previous, *row[1:])
        station.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", [previous, digest, row[0]])
        previous = digest


def check_lines(path, capsys) -> tuple[int, list[str]]:
    code = main.main(["check", "--db", str(path)])
    return code, capsys.readouterr().out.splitlines()


def test_the_superior_sees_the_chain_continue(pair, tmp_path):
    agg, station, _ = pair
    first = send(agg, station, tmp_path, "1.byx")
    assert first.audit_chain.startswith("mốc đầu tiên được lưu (")
    for number in range(3):
        people.create(station, ACTOR, full_name=f"Người Thứ {number}")
    second = send(agg, station, tmp_path, "2.byx")
    assert second.status == importer.ACCEPTED
    assert second.audit_chain == "nối tiếp gói đã nhận trước (4 mục mới)."  # export 1's entry and 3 people
    receipt = importer.write_receipt(agg, second, tmp_path)
    assert json.loads(receipt.read_text(encoding="utf-8"))["receipt"]["report"]["audit_chain"] == second.audit_chain


def test_a_rewritten_history_is_flagged_by_the_superior_and_by_check(pair, tmp_path, capsys):
    agg, station, station_path = pair
    send(agg, station, tmp_path, "1.byx")
    people.create(station, ACTOR, full_name="Nguyễn Văn Thật")
    rewrite_history(station)
    assert audit.verify_chain(station) is None  # the chain alone looks whole
    report = send(agg, station, tmp_path, "2.byx")
    assert report.status == importer.ACCEPTED and report.flag == "audit_broken"
    assert report.audit_chain.startswith("CẢNH BÁO: không nối tiếp gói đã nhận trước")
    warning = agg.conn.execute("SELECT after FROM audit_log WHERE action = 'package_warning'").fetchone()
    assert json.loads(warning[0])["flag"] == "audit_broken"
    code, lines = check_lines(station_path, capsys)
    assert code == 1
    assert "Đạt   Chuỗi nhật ký thao tác: ổn" in " ".join(lines)
    assert [line for line in lines if ANCHOR_CHECK in line] == [
        f"LỖI   {ANCHOR_CHECK}: 2 mốc không còn trong nhật ký, ví dụ gói số 1 (bảng exports): nhật ký đã bị cắt bớt "
        "hoặc viết lại sau mốc đó"]


def test_a_cut_log_is_named_by_check(pair, tmp_path, capsys):
    _agg, station, station_path = pair
    people.create(station, ACTOR, full_name="Trần Thị Một")
    backup.make_backup(station, station_path, "thu-cong")
    kept = station.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    people.create(station, ACTOR, full_name="Trần Thị Hai")
    backup.make_backup(station, station_path, "thu-cong")
    rewrite_history(station, keep=kept)
    code, lines = check_lines(station_path, capsys)
    assert code == 1
    line = next(line for line in lines if ANCHOR_CHECK in line)
    assert line.startswith(f"LỖI   {ANCHOR_CHECK}: 1 mốc không còn trong nhật ký, ví dụ bản sao lưu station-") or \
        line.startswith(f"LỖI   {ANCHOR_CHECK}: 1 mốc không còn trong nhật ký, ví dụ bản sao lưu xa-")


def test_a_restore_raises_no_alarm(pair, tmp_path, capsys):
    agg, station, station_path = pair
    old = backup.make_backup(station, station_path, "thu-cong")
    people.create(station, ACTOR, full_name="Lê Văn Sau")
    send(agg, station, tmp_path, "1.byx")
    station.close()
    backup.restore(station_path, old, ACTOR)
    code, lines = check_lines(station_path, capsys)
    assert code == 0, lines
    assert any(line.startswith(f"Đạt   {ANCHOR_CHECK}: ổn (") for line in lines)
    pair_station = open_database(station_path)
    pair_station.close()
