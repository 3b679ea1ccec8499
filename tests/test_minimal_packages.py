"""What leaves the station: by default the figures, the records the superior manages
(teams and their members, models, evaluations, commendations…) and residents only as
counts per area; named lists of residents only with a stated reason, shown in the
preview and recorded in the manifest and the audit log."""

from __future__ import annotations

import json

import pytest

import main
from storage import demo
from storage.db.connection import open_database
from storage.errors import ValidationError
from storage.exchange import importer, keys, package
from storage.exchange.reader import open_package
from storage.query.periods import parse_period
from storage.records import unit
from tests.conftest import ACTOR

PERIOD = parse_period("2026")
REASON = "Công an tỉnh yêu cầu rà soát danh sách hộ theo công văn số 12/CAT"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    folder = tmp_path_factory.mktemp("toi-thieu")
    agg = open_database(folder / "tinh.db")
    unit.initialise(agg, ACTOR, role="aggregator", province=22)
    station = demo.generate(folder / "xa.db", households_count=80, seed=5, province_code=22)
    keys.trust_superior(station, ACTOR, keys.public_key_file(agg))
    yield {"folder": folder, "agg": agg, "station": station}
    station.close()
    agg.close()


def test_by_default_only_counts_of_residents_leave(world, tmp_path):
    station, agg = world["station"], world["agg"]
    plan = package.plan(station, PERIOD, full=True)
    assert "Cư dân: chỉ gửi số hộ, số người theo địa bàn (và thành viên các tổ)." in plan.describe()
    assert plan.counts["households"] == plan.counts["pledges"] == plan.counts["mediation_cases"] == 0
    path = tmp_path / "goi.byx"
    manifest = package.export(station, ACTOR, PERIOD, path, full=True)
    assert manifest["residents"] == {"named": False, "reason": None}
    opened = open_package(agg, path)
    names = {r["data"]["full_name"] for r in opened.records["people"]}
    members = {row[0] for row in station.conn.execute(
        "SELECT full_name FROM people WHERE id IN (SELECT person_id FROM memberships)")}
    assert names == members and len(names) < station.conn.execute("SELECT count(*) FROM people").fetchone()[0]
    assert sum(a["households"] for a in opened.residents) == station.conn.execute(
        "SELECT count(*) FROM households WHERE deleted_at IS NULL").fetchone()[0]
    cccds = [row[0] for row in station.conn.execute(
        "SELECT cccd FROM people WHERE cccd IS NOT NULL AND id NOT IN (SELECT person_id FROM memberships)")]
    text = "\n".join(record["_line"] for records in opened.records.values() for record in records)
    assert cccds and not any(cccd in text for cccd in cccds)


def test_named_lists_leave_only_with_a_stated_reason(world, tmp_path, capsys):
    station, agg = world["station"], world["agg"]
    with pytest.raises(ValidationError, match="Hãy ghi rõ lý do gửi danh sách cư dân có tên"):
        package.plan(station, PERIOD, full=True, residents_reason="cần")
    plan = package.plan(station, PERIOD, full=True, residents_reason=REASON)
    assert f"GỬI DANH SÁCH CƯ DÂN CÓ TÊN, lý do: {REASON}" in plan.describe()
    path = tmp_path / "day-du.byx"
    manifest = package.export(station, ACTOR, PERIOD, path, full=True, residents_reason=REASON)
    assert manifest["residents"] == {"named": True, "reason": REASON}
    opened = open_package(agg, path)
    assert len(opened.records["people"]) == station.conn.execute("SELECT count(*) FROM people").fetchone()[0]
    assert len(opened.records["households"]) > 0
    entry = station.conn.execute("SELECT after FROM audit_log WHERE action = 'export_package' "
                                 "ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert json.loads(entry)["residents"] == {"named": True, "reason": REASON}
    report = importer.import_packages(agg, ACTOR, [path], dry_run=True, trust_new=True)[0]
    assert report.status == importer.ACCEPTED and report.tables["households"].new > 0


def test_the_command_line_asks_for_the_reason(world, tmp_path, capsys):
    db_path = world["folder"] / "xa.db"
    assert main.main(["export", "--db", str(db_path), "--period", "2026", "--out", str(tmp_path / "a.byx"),
                      "--residents-reason", "vì"]) == 2
    assert capsys.readouterr().err.strip().startswith("Hãy ghi rõ lý do gửi danh sách cư dân có tên")
    assert not (tmp_path / "a.byx").exists()
    assert main.main(["export", "--db", str(db_path), "--period", "2026", "--out", str(tmp_path / "b.byx"),
                      "--residents-reason", REASON]) == 0
    assert f"GỬI DANH SÁCH CƯ DÂN CÓ TÊN, lý do: {REASON}" in capsys.readouterr().out
