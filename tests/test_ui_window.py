"""The main window beyond one record: members of a team, inline validation, undo of a
delete, Vietnamese sorting, masked CCCD, the overview, settings, remembered state."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication

from storage.records.areas import areas
from storage.records.people import people
from storage.records.teams import memberships
from tests.conftest import ACTOR
from tests.ui_helpers import fill, patch_forms, save_with_enter, shown_texts, type_text


def test_title_and_navigation_are_vietnamese(window):
    assert window.windowTitle() == "Công an xã Thanh Lâm"  # Qt adds " — Bình Yên" on screen
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert labels == ["Tổng quan", "Địa bàn", "Tổ & thành viên", "Hộ gia đình & cam kết", "Tuần tra", "Hòa giải",
                      "Mô hình", "Tin báo & vũ khí", "Sơ kết & khen thưởng", "Đánh giá năm", "Cơ quan, trường học",
                      "Xếp loại tổ", "Lịch năm", "Thùng rác", "Nhật ký thao tác", "Cài đặt"]
    assert [a.text() for a in window.menuBar().actions()] == ["&Tệp", "&Sửa", "&Xem", "Trợ &giúp"]


def test_invalid_form_shows_message_next_to_field_and_writes_nothing(window, world, db, qtbot, monkeypatch):
    def bad_then_fixed(form):
        fill(qtbot, form, {"full_name": "Trần Văn Tư", "cccd": "12345", "phone": "912"})
        save_with_enter(qtbot, form)
        assert form.isVisible() and not form.result()
        assert form.errors["cccd"].isVisible()
        assert form.errors["cccd"].text() == "Số CCCD phải có đúng 12 chữ số (đang nhập 5 ký tự)."
        assert "10 chữ số" in form.errors["phone"].text()
        assert db.conn.execute("SELECT count(*) FROM people WHERE full_name = 'Trần Văn Tư'").fetchone()[0] == 0
        fill(qtbot, form, {"cccd": "001085000321", "phone": "0912000111"})
        save_with_enter(qtbot, form)
        assert form.result()

    patch_forms(monkeypatch, qtbot, bad_then_fixed)
    window.navigate("teams", 1)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    row = db.conn.execute("SELECT cccd, phone FROM people WHERE full_name = 'Trần Văn Tư'").fetchone()
    assert tuple(row) == ("001085000321", "0912000111")


def test_people_list_masks_cccd_and_sorts_the_vietnamese_way(window, db, qtbot):
    for name in ("Trần Văn Bình", "Nguyễn Thị An", "Lê Văn Đức", "Phạm Văn Dũng", "Võ Thị Ánh"):
        people.create(db, ACTOR, full_name=name, cccd=None)
    people.create(db, ACTOR, full_name="Hồ Văn Ơn", cccd="001090001234")
    window.navigate("teams", 1)
    page = window.current_list()
    assert shown_texts(page) == ["Nguyễn Thị An", "Võ Thị Ánh", "Trần Văn Bình", "Phạm Văn Dũng", "Lê Văn Đức",
                                 "Hồ Văn Ơn"]
    assert "••••••••1234" in shown_texts(page, 3)
    assert "001090001234" not in shown_texts(page, 3)
    header = page.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionPosition(0) + 20, 10))
    assert shown_texts(page)[0] == "Hồ Văn Ơn"  # descending now


def test_team_members_add_change_role_and_end(window, world, db, qtbot, monkeypatch):
    from ui.pages import teams as teams_page

    window.navigate("teams", 0)
    page = window.current_list()
    page.select_id(world["team"].id)
    detail = page.detail
    assert detail.table.rowCount() == 1 and detail.table.item(0, 1).text() == "Lê Thị Mận"

    def add(form):
        fill(qtbot, form, {"person_id": ("pham van dat", "Phạm Văn Đạt"), "role": "tổ phó",
                           "start_on": "2025-01-01"})
        save_with_enter(qtbot, form)

    patch_forms(monkeypatch, qtbot, add)
    qtbot.mouseClick(detail.add_button, Qt.MouseButton.LeftButton)
    assert [detail.table.item(r, 1).text() for r in range(detail.table.rowCount())] == ["Lê Thị Mận", "Phạm Văn Đạt"]
    membership = memberships.list(db, "person_id = ?", [world["head"].id])[0]
    assert (membership.role, membership.start_on, membership.team_id) == ("deputy", "2025-01-01", world["team"].id)
    assert [detail.table.item(r, 0).text() for r in range(detail.table.rowCount())] == ["tổ trưởng", "tổ phó"]

    monkeypatch.setattr(teams_page.RoleDialog, "exec", lambda dialog: (dialog.role.setCurrentIndex(0),
                                                                       dialog.day.set("2026-01-01"), True)[-1])
    detail.table.selectRow(1)
    qtbot.mouseClick(detail.role_button, Qt.MouseButton.LeftButton)
    rows = list(db.query("SELECT role, start_on, end_on FROM memberships WHERE person_id = ? ORDER BY id",
                         [world["head"].id]))
    assert rows == [{"role": "deputy", "start_on": "2025-01-01", "end_on": "2025-12-31"},
                    {"role": "leader", "start_on": "2026-01-01", "end_on": None}]
    row = [detail.table.item(r, 1).text() for r in range(detail.table.rowCount())].index("Phạm Văn Đạt")
    detail.table.selectRow(row)
    monkeypatch.setattr(teams_page.RoleDialog, "exec", lambda dialog: (dialog.day.set("2026-02-01"), True)[-1])
    qtbot.mouseClick(detail.end_button, Qt.MouseButton.LeftButton)
    assert db.conn.execute("SELECT end_on FROM memberships WHERE person_id = ? AND role = 'leader'",
                           (world["head"].id,)).fetchone()[0] == "2026-02-01"
    assert "Phạm Văn Đạt" not in [detail.table.item(r, 1).text() for r in range(detail.table.rowCount())]
    qtbot.mouseClick(detail.past, Qt.MouseButton.LeftButton, pos=QPoint(6, detail.past.height() // 2))
    assert "Phạm Văn Đạt" in [detail.table.item(r, 1).text() for r in range(detail.table.rowCount())]


def test_ctrl_z_restores_the_last_delete(window, world, db, qtbot, monkeypatch):
    window.navigate("areas")
    page = window.current_list()
    east = world["east"]
    page.select_id(east.id)
    asked = []  # the area has households, people and a team: deleting it asks first
    monkeypatch.setattr("ui.list_page.ask", lambda _parent, _title, text: asked.append(text) or True)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert asked and "1 hộ thuộc địa bàn" in asked[0]
    assert db["areas"].get(east.id)["deleted_at"] is not None
    assert "Đông" not in shown_texts(page)
    assert "Ctrl+Z" in window.statusBar().currentMessage()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert db["areas"].get(east.id)["deleted_at"] is None
    assert "Đông" in shown_texts(page)


def test_mediation_form_warns_for_matters_outside_grassroots_mediation(window, world, qtbot, monkeypatch):
    from storage.records.mediation import EXCLUDED_WARNING

    def check_warning(form):
        warning = form.findChild(type(form.banner), "excluded_warning")
        assert warning.text() == EXCLUDED_WARNING and not warning.isVisible()
        fill(qtbot, form, {"excluded_matter": True})
        assert warning.isVisible()
        form.reject()

    patch_forms(monkeypatch, qtbot, check_warning)
    window.navigate("mediation")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)


def test_overview_figures_and_clicking_a_figure_opens_its_list(world, window, qtbot):
    page = window.navigate("overview")
    assert page.tiles["teams.total"].number.text() == "2"
    assert page.tiles["teams.members"].number.text() == "1"
    qtbot.mouseClick(page.tiles["patrols.total"], Qt.MouseButton.LeftButton)
    assert window.current_key() == "patrols"


def test_settings_edit_station_and_lists(window, db, qtbot, monkeypatch):
    from storage.records import lists
    from ui.pages import settings as settings_page

    page = window.navigate("settings")
    page.identity["superior_unit"].clear()
    type_text(qtbot, page.identity["superior_unit"], "Công an tỉnh Ninh Bình (Phòng PV05)")
    page.save_button.click()
    assert db["unit"].get(1)["superior_unit"] == "Công an tỉnh Ninh Bình (Phòng PV05)"
    monkeypatch.setattr(settings_page.QInputDialog, "getText", lambda *a, **k: ("Tổ phòng cháy chữa cháy", True))
    page.list_choice.setCurrentIndex(page.list_choice.findData(lists.TEAM_KINDS))
    page.add_item()
    assert "Tổ phòng cháy chữa cháy" in lists.labels(db, lists.TEAM_KINDS)
    assert ("to_phong_chay_chua_chay", "Tổ phòng cháy chữa cháy") in lists.choices(db, lists.TEAM_KINDS)
    assert page.items.item(page.items.count() - 1).text() == "Tổ phòng cháy chữa cháy"


def test_window_remembers_page_and_columns(db, qtbot, qsettings):
    from ui.context import AppContext
    from ui.main_window import MainWindow

    first = MainWindow(AppContext(db, None, ACTOR))
    qtbot.addWidget(first)
    first.navigate("areas")
    first.current_list().table.setColumnWidth(0, 333)
    first.close()
    assert QSettings().value("window/page") == "areas"
    second = MainWindow(AppContext(db, None, ACTOR))
    qtbot.addWidget(second)
    assert second.current_key() == "areas"
    assert second.current_list().table.columnWidth(0) == 333


def test_list_of_100000_rows_opens_lazily(window, db, qtbot):
    areas.create(db, ACTOR, name="Lớn", kind="Thôn")
    area_id = db.conn.execute("SELECT id FROM areas").fetchone()[0]
    people.create_many(db, ACTOR, [{"full_name": f"Nguyễn Văn Số{i}", "area_id": area_id} for i in range(3000)],
                       audit_each=False)
    window.navigate("teams", 1)
    page = window.current_list()
    assert page.model.rowCount() == 3000
    assert len(page.model.pages) <= 3  # only the pages on screen were read
    page.table.scrollToBottom()
    QApplication.processEvents()
    assert len(page.model.pages) <= 6
    assert page.count_label.text() == "3.000 hồ sơ"


def test_print_templates_refuse_unknown_placeholders_and_save(window, db, qtbot):
    from storage.documents import wording
    from storage.records import pledges

    page = window.navigate("settings")
    box = page.templates
    assert "Nguyễn Văn An" in box.preview_text  # the first page of the real PDF, drawn by PDFium
    box.body.setPlainText("Tôi là {chu_ho}, ở {noi_o}.")
    qtbot.waitUntil(lambda: "{noi_o}" in box.error.text(), timeout=2000)
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert "Mẫu có chỗ điền không hợp lệ: {noi_o}" in box.error.text()
    assert pledges.default_text(db).body == pledges.DEFAULT_BODY
    box.body.setPlainText("Tôi là {chu_ho}, ở {dia_chi}.\nTôi cam kết chấp hành pháp luật.")
    box.closing.setText("Họp xong lúc {gio_ket_thuc}.")
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert box.error.text() == ""
    text = pledges.default_text(db)
    assert text.body == "Tôi là {chu_ho}, ở {dia_chi}.\nTôi cam kết chấp hành pháp luật." and text.version == 2
    assert wording.minutes_closing(db) == "Họp xong lúc {gio_ket_thuc}."
    qtbot.waitUntil(lambda: "Tôi là Nguyễn Văn An, ở Số 12, thôn Đông." in " ".join(box.preview_text.split()),
                    timeout=3000)


def test_record_history_and_audit_log(window, db, qtbot, monkeypatch):
    from ui import history

    person = people.create(db, ACTOR, full_name="Vũ Văn Sử", phone="0912000001")
    people.update(db, "Trần Thị Sửa", person.id, phone="0912000002")
    shown = []
    monkeypatch.setattr(history.HistoryDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    window.navigate("teams", 1)
    page = window.current_list()
    page.select_id(person.id)
    page.show_history()
    table = shown[0].table
    assert [table.item(r, 2).text() for r in range(table.rowCount())] == ["sửa", "tạo"]  # newest first
    assert table.item(0, 1).text() == "Trần Thị Sửa"
    assert table.item(0, 4).text() == "điện thoại: 0912000001 → 0912000002"
    assert table.item(0, 3).text() == "Người: Vũ Văn Sử"
    log = window.navigate("audit")
    log.actor.setCurrentIndex(log.actor.findData("Trần Thị Sửa"))
    assert log.table.rowCount() == 1 and log.table.item(0, 2).text() == "sửa"
    log.actor.setCurrentIndex(0)
    log.action.setCurrentIndex(log.action.findText("tạo"))
    assert log.action.currentData() == "create"  # the filter shows labels and filters by code
    assert log.table.rowCount() > 0
    assert all(log.table.item(r, 2).text() == "tạo" for r in range(log.table.rowCount()))


def test_second_backup_place_from_settings(window, db, tmp_path):
    from storage.db import backup

    page = window.navigate("settings")
    assert "Chưa chọn" in page.backups.second.text()
    usb = tmp_path / "usb"
    usb.mkdir()
    page.backups.choose(str(usb), "mat-khau-usb")
    assert str(usb) in page.backups.second.text()
    assert backup.second_place(db) == str(usb)
