"""Issue 11, the rest of the first day: the overview's monthly chart shows every month of
the period with the current one marked; long filter lists are typed into; the first
start offers tips for the most common jobs."""

from __future__ import annotations

from datetime import date

from storage.records.patrols import patrols
from tests.conftest import ACTOR
from ui.pages import overview


def test_the_patrol_chart_shows_every_month_of_the_period(window, world, db, qtbot, monkeypatch):
    on = date(2026, 7, 5)
    monkeypatch.setattr(overview, "today", lambda: on)
    for day in ("2026-05-03", "2026-05-20", "2026-07-01"):
        patrols.create(db, ACTOR, team_id=world["team"].id, patrol_date=day, route="Đường làng")
    page = window.navigate("overview")
    page.period.addItem("năm 2026", "2026")
    page.period.setCurrentIndex(page.period.findData("2026"))
    page.refresh()
    qtbot.waitUntil(lambda: len(page.patrols_chart.items) == 7, timeout=5000)
    chart = page.patrols_chart
    assert chart.items == [("01/26", 0), ("02/26", 0), ("03/26", 0), ("04/26", 0), ("05/26", 2), ("06/26", 0),
                           ("07/26", 1)]
    assert chart.partial == 6 and chart.note == "▨ tháng 7 chưa hết"
    assert db.conn.execute("SELECT count(*) FROM patrols WHERE deleted_at IS NULL").fetchone()[0] == 3
    # a past period: all of it, nothing marked
    from storage.query.periods import parse_period

    past = overview.every_month(parse_period("2025-Q4"), [{"month": "2025-11", "count": 4}], on)
    assert past == [{"month": "2025-10", "count": 0}, {"month": "2025-11", "count": 4},
                    {"month": "2025-12", "count": 0}]


def test_a_long_filter_list_is_typed_into_accents_optional(window, world, db, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from storage.records.teams import teams
    from tests.ui_helpers import type_text

    made = {}
    for number in range(1, 31):
        made[number] = teams.create(db, ACTOR, name=f"Tổ tuần tra số {number} thôn Đông", kind="Tổ bảo vệ an ninh, "
                                    "trật tự", launched_on="2024-07-01")
    patrols.create(db, ACTOR, team_id=made[17].id, patrol_date="2026-03-02", route="Đường đê")
    patrols.create(db, ACTOR, team_id=made[7].id, patrol_date="2026-03-03", route="Chợ")
    page = window.navigate("patrols")
    page.refresh()
    box, _flt = page.filter_boxes["team"]
    assert box.count() == 33 and box.isEditable()  # Tất cả, two teams of the world, thirty new
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    box.lineEdit().setFocus()
    box.lineEdit().selectAll()
    type_text(qtbot, box.lineEdit(), "so 17 thon dong")
    popup = box.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    shown = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert shown == ["Tổ tuần tra số 17 thôn Đông"]
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: box.currentText() == "Tổ tuần tra số 17 thôn Đông", timeout=3000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert page.model.ids == [db.conn.execute("SELECT id FROM patrols WHERE team_id = ?",
                                              (made[17].id,)).fetchone()[0]]
    # text naming no team gives the chosen one back
    box.lineEdit().selectAll()
    type_text(qtbot, box.lineEdit(), "khong co to nay")
    box.lineEdit().editingFinished.emit()
    assert box.currentText() == "Tổ tuần tra số 17 thôn Đông" and page.model.rowCount() == 1


def test_a_mediation_party_is_picked_from_the_register_or_typed_new(window, world, db, qtbot, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QPushButton

    from tests.ui_helpers import fill, patch_forms, pick, save_with_enter, type_text
    from ui import fields

    def choose(dialog):  # the register picker: type without accents, click the person
        qtbot.addWidget(dialog)
        dialog.show()
        pick(qtbot, dialog.picker, "pham van dat", "Phạm Văn Đạt")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(fields.RegisterPick, "exec", choose)

    def case(form):
        fill(qtbot, form, {"received_on": "2026-04-01", "category": "Đất đai", "content": "Tranh chấp lối đi"})
        field = form.field("people")
        field.set([])
        qtbot.mouseClick(field.register_button, Qt.MouseButton.LeftButton)
        form.activateWindow()  # as when the modal picker returns
        qtbot.waitUntil(lambda: QApplication.activeWindow() is form, timeout=2000)
        assert field.table.rowCount() == 1
        assert field.table.item(0, 1).text() == "Phạm Văn Đạt"
        assert field.table.item(0, 2).text() == str(date.today().year - 1970)
        assert field.table.cellWidget(0, 0).currentData() == "party"
        add = next(b for b in field.widget.findChildren(QPushButton) if b.text() == "+ Thêm một bên")
        qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
        for char in "Đỗ Thị Lan":
            type_text(qtbot, QApplication.focusWidget(), char)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        save_with_enter(qtbot, form)
        assert form.result(), form.banner.text()

    forms = patch_forms(monkeypatch, qtbot, case)
    window.navigate("mediation")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert [tuple(r) for r in db.conn.execute(
        "SELECT role, name, age, person_id FROM mediation_people WHERE case_id = ? ORDER BY id",
        (forms[0].saved_id,))] == [("party", "Phạm Văn Đạt", date.today().year - 1970, world["head"].id),
                                   ("party", "Đỗ Thị Lan", None, None)]


def test_a_long_area_picker_in_a_form_is_typed_into(window, world, db, qtbot, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from storage.records.areas import areas
    from tests.ui_helpers import fill, patch_forms, save_with_enter, type_text

    for number in range(1, 26):
        areas.create(db, ACTOR, name=f"Tổ dân phố số {number}", kind="Tổ dân phố")

    def person(form):
        fill(qtbot, form, {"full_name": "Hoàng Văn Tư"})
        box = form.field("area_id").widget
        assert box.isEditable()
        box.lineEdit().setFocus()
        box.lineEdit().selectAll()
        type_text(qtbot, box.lineEdit(), "to dan pho so 21")
        qtbot.waitUntil(lambda: box.typeahead.rowCount() == 1, timeout=2000)
        popup = box.completer().popup()  # open, it takes the keys (as the keyboard grab does)
        qtbot.keyClick(popup if popup.isVisible() else box.lineEdit(), Qt.Key.Key_Tab)  # Tab takes the match
        assert box.currentText() == "Tổ dân phố số 21" and box.currentData() is not None
        assert QApplication.focusWidget() is not box.lineEdit()
        save_with_enter(qtbot, form)
        assert form.result(), form.banner.text()

    forms = patch_forms(monkeypatch, qtbot, person)
    window.navigate("teams", 1)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    area = db.conn.execute("SELECT a.name FROM people p JOIN areas a ON a.id = p.area_id WHERE p.id = ?",
                           (forms[0].saved_id,)).fetchone()
    assert area == ("số 21",)  # the kind is kept apart from the name
