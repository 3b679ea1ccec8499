"""Handing up from the app: the station's export dialog and superior key; the
aggregator's window with its stations, imports and consolidated report."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from storage import demo
from storage.db.connection import open_database
from storage.exchange import keys, package
from storage.query.periods import parse_period
from storage.records import unit
from tests.conftest import ACTOR
from ui import import_dialog
from ui.context import AppContext
from ui.main_window import MainWindow


def test_station_exports_showing_what_leaves(window, db, qtbot, monkeypatch, tmp_path):
    from ui import export_dialog

    seen = []

    def fake_exec(dialog):
        qtbot.addWidget(dialog)
        seen.append(dialog)
        assert "KHÔNG được mã hóa" in dialog.warning.text()
        assert "tên người cung cấp tin (tin báo)" in dialog.plan_text.toPlainText()
        dialog.path.setText(str(tmp_path / "goi.byx"))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)  # not confirmed: nothing written
        assert "vẫn xuất gói KHÔNG mã hóa" in dialog.error.text() and not (tmp_path / "goi.byx").exists()
        dialog.plain_ok.setChecked(True)
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(export_dialog.ExportDialog, "exec", fake_exec)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert seen and seen[0].manifest["sequence"] == 1
    assert (tmp_path / "goi.byx").read_bytes().startswith(package.MAGIC)
    assert db.conn.execute("SELECT count(*) FROM exports").fetchone()[0] == 1


def test_station_takes_the_superior_key_in_settings(window, db, qtbot, monkeypatch, tmp_path):
    aggregator = open_database(tmp_path / "tinh.db")
    unit.initialise(aggregator, ACTOR, role="aggregator", province="Ninh Bình")
    key_file = tmp_path / "tinh.pub"
    key_file.write_text(keys.public_key_file(aggregator), encoding="utf-8")
    from ui.pages import superior

    monkeypatch.setattr(superior, "inform", lambda *a: None)
    page = window.navigate("settings")
    assert "Chưa có" in page.keys.superior.text()
    page.keys.import_key(str(key_file))
    assert keys.fingerprint(keys.encryption_public(aggregator)) in page.keys.superior.text()
    assert keys.superior(db)[0] == "Công an tỉnh Ninh Bình"


@pytest.fixture
def aggregator_window(tmp_path, qtbot, qsettings):
    db = open_database(tmp_path / "tinh.db")
    unit.initialise(db, ACTOR, role="aggregator", province=22)
    main = MainWindow(AppContext(db, None, ACTOR))
    qtbot.addWidget(main)
    main.show()
    public = keys.public_key_file(db)
    files = []
    for seed in (4, 5):
        station = demo.generate(tmp_path / f"xa{seed}.db", households_count=30, seed=seed, province_code=22)
        keys.trust_superior(station, ACTOR, public)
        path = tmp_path / f"goi{seed}.byx"
        package.export(station, ACTOR, parse_period("2026"), path)
        files.append(path)
        station.close()
    main.files = files
    yield main
    main.close()
    db.close()


def test_aggregator_imports_confirms_fingerprints_and_reports(aggregator_window, qtbot, monkeypatch, tmp_path):
    window = aggregator_window
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Tổng hợp", "Các xã", "Hồ sơ các xã", "Cài đặt"]
    stations = window.navigate("stations")
    window.page("stations").period.setCurrentIndex(0)
    assert stations.count.text() == "0/54 đơn vị đã gửi số liệu năm 2026"

    def confirm_first_only(dialog):
        qtbot.addWidget(dialog)
        assert dialog.new_stations.count() == 2
        dialog.new_stations.item(0).setCheckState(Qt.CheckState.Checked)
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(import_dialog.ImportDialog, "exec", confirm_first_only)
    stations.import_files([str(f) for f in window.files])
    assert stations.count.text() == "1/54 đơn vị đã gửi số liệu năm 2026"
    db = window.context.db
    assert db.conn.execute("SELECT count(*) FROM stations").fetchone()[0] == 1
    assert len(list(tmp_path.glob("*.bien-nhan.json"))) == 2  # a receipt for each, accepted or waiting
    consolidated = window.navigate("consolidated")
    assert consolidated.heading.text() == "1 đơn vị đã gửi số liệu năm 2026"
    shown = {consolidated.totals.item(row, 0).text(): consolidated.totals.item(row, 1).text()
             for row in range(consolidated.totals.rowCount())}
    assert shown["Tổng số hộ gia đình"] == "30"
    target = consolidated.save_report("pdf", str(tmp_path / "tong-hop.pdf"))
    from pypdf import PdfReader

    assert "BÁO CÁO TỔNG HỢP" in PdfReader(str(target)).pages[0].extract_text()
    records = window.navigate("station_records")
    records.table_choice.setCurrentIndex(records.table_choice.findData("people"))
    assert records.table.rowCount() > 30
    assert records.table.editTriggers() == records.table.EditTrigger.NoEditTriggers
