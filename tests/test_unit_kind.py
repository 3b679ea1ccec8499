"""A station's jobs refuse the superior's data file with one sentence and change nothing:
`evaluate`, `calendar`, `print-evaluation` and `excel-import` used to run on a province's
file and print an empty evaluation ("Xã: chưa đăng ký") or an empty list."""

from __future__ import annotations

import hashlib

import pytest

import main
from operations.base import REGISTRY, UNIT_REFUSALS, WrongUnit

REFUSAL = UNIT_REFUSALS["station"]


@pytest.fixture()
def province(tmp_path, capsys):
    path = tmp_path / "tinh.db"
    assert main.main(["init", "--db", str(path), "--role", "aggregator", "--province", "22"]) == 0
    capsys.readouterr()
    return path


def digest(path) -> str:
    from storage.db.connection import connect

    db = connect(path)
    try:
        return hashlib.sha256("\n".join(db.conn.iterdump()).encode()).hexdigest()
    finally:
        db.close()


@pytest.mark.parametrize("command", [
    ["evaluate", "--year", "2026"],
    ["evaluate", "--year", "2026", "--json"],
    ["calendar", "--year", "2026"],
    ["print-evaluation", "grading", "--year", "2026", "--out", "xep-loai.pdf"],
    ["print-evaluation", "allowance", "--year", "2026", "--month", "5", "--out", "bang-ke.pdf"],
    ["excel-export", "--kind", "people", "--out", "nguoi.xlsx"],
    ["excel-import", "danh-sach.csv", "--kind", "people"],
    ["print", "pledge-form", "--out", "mau.pdf"],
])
def test_station_commands_refuse_the_superiors_file(province, tmp_path, capsys, command):
    (tmp_path / "danh-sach.csv").write_text("Họ và tên,Năm sinh\nNguyễn Văn An,1990\n", encoding="utf-8")
    before = digest(province)
    code = main.main([*command, "--db", str(province)])
    out, err = capsys.readouterr()
    assert (code, out, err.strip()) == (2, "", REFUSAL)
    assert digest(province) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".xlsx")) == []


def test_every_station_operation_refuses_before_its_body(province):
    from operations.base import Actor
    from storage.db.connection import open_database

    station_only = sorted(name for name, op in REGISTRY.items() if op.unit == "station")
    assert {"evaluation.year_evaluation", "evaluation.year_calendar", "evaluation.save_team_grades",
            "excel.import_file", "excel.export_kind", "documents.print"} <= set(station_only)
    db = open_database(province)
    try:
        for name in station_only:
            with pytest.raises(WrongUnit) as refused:
                REGISTRY[name](db, Actor("Cán bộ"))  # no arguments: refused before they are read
            assert str(refused.value) == REFUSAL, name
    finally:
        db.close()


def test_the_superiors_own_jobs_are_not_refused(province, tmp_path, capsys):
    code = main.main(["report", "--db", str(province), "--period", "2026", "--out", str(tmp_path / "bc.pdf")])
    assert (code, capsys.readouterr().err.strip()) == (
        2, "Chưa có xã nào gửi số liệu năm 2026; hãy nhập gói của các xã trước.")
    assert main.main(["stations", "--db", str(province), "--period", "2026"]) == 0
    assert REFUSAL not in capsys.readouterr().out
