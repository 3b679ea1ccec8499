"""Tệp → Nhập từ Excel, Tệp → Lịch sử nhập and the "Xuất Excel" button, driven like a person."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from storage.records.areas import areas
from tests.test_excel_import import household_book


def test_import_dialog_shows_mapping_lets_it_be_corrected_and_imports(window, db, qtbot, tmp_path):
    from ui.excel_import_dialog import ExcelImportDialog

    areas.create(db, "kiểm thử", name="Đông Hải", kind="Thôn")
    path = household_book(tmp_path / "so-ho.xlsx")
    dialog = ExcelImportDialog(window.context, window, str(path))
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    mapping = {dialog.mapping_table.item(r, 0).text(): dialog.mapping_table.cellWidget(r, 1).currentText()
               for r in range(dialog.mapping_table.rowCount())}
    assert mapping == {"STT": "— bỏ qua —", "Họ và tên": "Họ và tên", "Nam": "Năm sinh (cột Nam)",
                       "Nữ": "Năm sinh (cột Nữ)", "Số CCCD/CMND": "Số CCCD",
                       "Quan hệ với chủ hộ": "Quan hệ với chủ hộ", "Thôn/Tổ": "Thôn/Tổ",
                       "Điện thoại": "Điện thoại"}
    rows = [[dialog.rows_table.item(r, c).text() for c in range(3)] for r in range(dialog.rows_table.rowCount())]
    assert rows[:4] == [["7", "mới", "Nguyễn Văn An"], ["8", "mới", "Nguyễn Thị Hoa"],
                        ["9", "mới", "Nguyễn Văn Bình"], ["10", "từ chối", "Trần Văn Cường"]]
    assert dialog.summary.text() == "Trang “Sổ hộ”, dòng tiêu đề 5: 3 mới, 0 đã có giống hệt, 0 sẽ cập nhật, 3 bị từ chối."
    assert [dialog.sheet_box.itemText(i) for i in range(dialog.sheet_box.count())] == ["Sổ hộ"]
    assert dialog.rows_table.item(3, 3).text().startswith("Thôn/tổ “Tây Sơn” chưa có trong danh sách địa bàn")
    # the officer says the phone column is not to be read
    phone_row = next(r for r in range(dialog.mapping_table.rowCount())
                     if dialog.mapping_table.item(r, 0).text() == "Điện thoại")
    dialog.mapping_table.cellWidget(phone_row, 1).setCurrentIndex(0)
    assert dialog.outcome.plan.table.column_of("phone") is None
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert [tuple(r) for r in db.conn.execute("SELECT full_name, phone FROM people ORDER BY id")] == [
        ("Nguyễn Văn An", None), ("Nguyễn Thị Hoa", None), ("Nguyễn Văn Bình", None)]


def test_history_dialog_undoes_an_import(window, db, qtbot, tmp_path, monkeypatch):
    from operations import excel
    from operations.base import Actor
    from ui.excel_import_dialog import ImportHistoryDialog

    areas.create(db, "kiểm thử", name="Đông Hải", kind="Thôn")
    excel.import_file(db, Actor("kiểm thử"), household_book(tmp_path / "so-ho.xlsx"))
    dialog = ImportHistoryDialog(window.context, window)
    qtbot.addWidget(dialog)
    assert [dialog.table.item(0, c).text() for c in (1, 2, 3, 4, 5, 6)] == [
        "so-ho.xlsx", "Sổ hộ", "kiểm thử", "4", "0", "đang dùng"]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert dialog.table.item(0, 6).text().startswith("đã hoàn tác")
    assert db.conn.execute("SELECT count(*) FROM people WHERE deleted_at IS NULL").fetchone()[0] == 0


def test_list_page_exports_what_it_shows(window, db, qtbot, tmp_path):
    from storage.records.people import people

    east = areas.create(db, "kiểm thử", name="Đông", kind="Thôn")
    west = areas.create(db, "kiểm thử", name="Đoài", kind="Thôn")
    people.create(db, "kiểm thử", full_name="Trần Văn Ba", area_id=east.id, cccd="001080000003")
    people.create(db, "kiểm thử", full_name="Lê Văn An", area_id=east.id, phone="0912000111")
    people.create(db, "kiểm thử", full_name="Phạm Thị Cúc", area_id=west.id)
    from ui.pages.people import make_page

    page = make_page(window.context)
    qtbot.addWidget(page)
    page.refresh()
    box, _flt = page.filter_boxes["area"]
    box.setCurrentIndex(box.findText("Thôn Đông"))
    page.table.horizontalHeader().hideSection(1)        # Giới tính hidden
    page.table.horizontalHeader().moveSection(3, 1)     # Số CCCD shown second
    out = tmp_path / "nguoi.xlsx"
    page.export_excel(str(out))
    sheet = openpyxl.load_workbook(out).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Họ và tên", "Số CCCD", "Ngày/năm sinh", "Điện thoại", "Địa bàn", "Địa chỉ"],
        ["Lê Văn An", None, None, "0912000111", "Thôn Đông", None],
        ["Trần Văn Ba", "001080000003", None, None, "Thôn Đông", None],
    ]
    assert sheet["B3"].data_type == "s" and sheet.freeze_panes == "A2"
