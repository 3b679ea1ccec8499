"""Printing from the app: Ctrl+P on a page proposes the document that fits, the PDF is
made in the background (a real file database, a worker thread), then opened."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from storage.db.connection import open_database
from storage.records.mediation import MEDIATOR, PARTY, mediation_cases
from tests.conftest import ACTOR
from ui import print_dialog
from ui.context import AppContext
from ui.main_window import MainWindow


@pytest.fixture
def file_window(db_path, qtbot, qsettings, monkeypatch):
    from storage.records.areas import areas
    from storage.records.households import households
    from storage.records.people import people

    db = open_database(db_path)
    east = areas.create(db, ACTOR, name="Đông", kind="Thôn")
    for name in ("Nguyễn Thị Hương", "Trần Văn Đức", "Lê Văn Ánh"):
        head = people.create(db, ACTOR, full_name=name, area_id=east.id, birth_year=1970)
        households.create(db, ACTOR, head_id=head.id, area_id=east.id)
    window = MainWindow(AppContext(db, db_path, ACTOR))
    qtbot.addWidget(window)
    window.show()
    opened = []
    monkeypatch.setattr(print_dialog, "open_file", lambda path: opened.append(path) or True)
    monkeypatch.setattr(print_dialog, "send_to_printer", lambda path: opened.append(("printer", path)))
    window.opened = opened
    yield window
    window.close()
    db.close()


def drive(monkeypatch, qtbot, handler):
    dialogs = []

    def fake_exec(dialog):
        qtbot.addWidget(dialog)
        dialog.show()
        dialogs.append(dialog)
        handler(dialog)
        return dialog.result()

    monkeypatch.setattr(print_dialog.PrintDialog, "exec", fake_exec)
    return dialogs


def test_print_pledges_for_selected_households(file_window, qtbot, monkeypatch, tmp_path):
    target = tmp_path / "cam-ket.pdf"

    def handler(dialog):
        assert dialog.current_kind() == "pledges"
        assert dialog.scope.currentText() == "2 hộ đang chọn"
        dialog.path.setText(str(target))
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result_path is not None or bool(dialog.error.text()), timeout=30_000)

    dialogs = drive(monkeypatch, qtbot, handler)
    file_window.navigate("households", 0)
    page = file_window.current_list()
    qtbot.waitUntil(lambda: not page.model.loading)  # the list is read on a worker (a file database)
    page.table.selectRow(0)
    from PySide6.QtCore import QItemSelectionModel

    page.table.selectionModel().select(page.model.index(1, 0), QItemSelectionModel.SelectionFlag.Select
                                       | QItemSelectionModel.SelectionFlag.Rows)
    qtbot.keyClick(file_window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert dialogs and dialogs[0].result_path == target, dialogs[0].error.text()
    assert len(PdfReader(str(target)).pages) == 3  # two pledges and the sign-in sheet
    assert file_window.opened == [target]
    statuses = [r[0] for r in file_window.context.db.conn.execute("SELECT status FROM pledges")]
    assert statuses == ["printed", "printed"]


def test_print_mediation_minutes_of_the_selected_case(file_window, qtbot, monkeypatch, tmp_path):
    db = file_window.context.db
    case = mediation_cases.create(db, ACTOR, received_on="2026-04-01", category="Đất đai", content="Lối đi",
                                  people=[{"role": PARTY, "name": "Trần Văn Nam"},
                                          {"role": PARTY, "name": "Đỗ Thị Lan"},
                                          {"role": MEDIATOR, "name": "Hoàng Văn Hòa"}],
                                  result="không thành", result_on="2026-04-03")
    target = tmp_path / "hoa-giai.pdf"

    def handler(dialog):
        assert dialog.current_kind() == "mediation"
        assert dialog.record_label.text() == "Vụ việc giữa Trần Văn Nam và Đỗ Thị Lan"
        dialog.path.setText(str(target))
        dialog.open_after.setChecked(False)
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result_path is not None or bool(dialog.error.text()), timeout=30_000)

    drive(monkeypatch, qtbot, handler)
    file_window.navigate("mediation")
    qtbot.waitUntil(lambda: not file_window.current_list().model.loading)
    file_window.current_list().select_id(case.id)
    qtbot.keyClick(file_window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    text = PdfReader(str(target)).pages[0].extract_text()
    assert "BIÊN BẢN HÒA GIẢI KHÔNG THÀNH" in text
    assert file_window.opened == []


def test_print_refuses_a_name_without_pdf_and_a_case_still_in_progress(file_window, qtbot, monkeypatch, tmp_path):
    db = file_window.context.db
    case = mediation_cases.create(db, ACTOR, received_on="2026-04-01", category="Đất đai", content="Lối đi",
                                  people=[{"role": PARTY, "name": "A Văn B"}, {"role": PARTY, "name": "C Thị D"}])

    def handler(dialog):
        dialog.path.setText(str(tmp_path / "x.doc"))
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
        assert dialog.error.text() == "Tên tệp phải có đuôi .pdf."
        dialog.path.setText(str(tmp_path / "x.pdf"))
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.error.text()) and dialog.print_button.isEnabled(), timeout=30_000)
        assert "Vụ việc đang hòa giải" in dialog.error.text()
        dialog.reject()

    drive(monkeypatch, qtbot, handler)
    file_window.navigate("mediation")
    qtbot.waitUntil(lambda: not file_window.current_list().model.loading)
    file_window.current_list().select_id(case.id)
    qtbot.keyClick(file_window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert not (tmp_path / "x.pdf").exists()


def test_report_from_the_overview(file_window, qtbot, monkeypatch, tmp_path):
    target = tmp_path / "bao-cao.pdf"

    def handler(dialog):
        assert dialog.current_kind() == "report"
        assert dialog.rows["period"][1].isVisible() and not dialog.rows["area"][1].isVisible()
        dialog.path.setText(str(target))
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result_path is not None, timeout=30_000)

    drive(monkeypatch, qtbot, handler)
    file_window.navigate("overview")
    qtbot.keyClick(file_window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert "BÁO CÁO" in PdfReader(str(target)).pages[0].extract_text()
