"""Dates typed as an officer types them: digits only, the slashes come by themselves,
an empty field takes typing, Tab leaves, clearing works, the calendar opens at today
(a birth date decades back), and a person known only by the year of birth keeps it."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QTableWidgetItem, QVBoxLayout, QWidget

from operations.base import ADMIN, Actor
from storage.records.people import people
from tests.conftest import ACTOR
from tests.ui_helpers import type_text
from ui import fields as f
from ui.record_form import RecordForm


def _form_with(qtbot, field: f.DateField):
    """A date field between two text boxes, shown and focused like in a form."""
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    before = QLineEdit(holder)
    layout.addWidget(before)
    layout.addWidget(field.build(None, holder))
    after = QLineEdit(holder)
    layout.addWidget(after)
    field.holder = holder  # kept alive as long as the field
    holder.resize(400, 200)
    holder.show()
    holder.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is holder, timeout=2000)
    field.widget.setFocus()
    return holder, before, after


def test_digits_only_and_the_slashes_come_by_themselves(qtbot):
    field = f.DateField("received_on", "Ngày tiếp nhận")
    _form_with(qtbot, field)
    edit = field.widget.edit
    assert QApplication.focusWidget() is edit and edit.text() == ""
    type_text(qtbot, edit, "12")
    assert edit.text() == "12/"
    type_text(qtbot, edit, "0a3x1975")
    assert edit.text() == "12/03/1975"
    assert field.widget.date() == QDate(1975, 3, 12) and field.get() == "1975-03-12"
    type_text(qtbot, edit, "9")
    assert edit.text() == "12/03/1975"  # never more than a date


def test_a_day_or_month_of_one_digit_closed_by_a_slash(qtbot):
    field = f.DateField("received_on", "Ngày tiếp nhận")
    _form_with(qtbot, field)
    type_text(qtbot, field.widget.edit, "1/3/2026")
    assert field.widget.text() == "01/03/2026" and field.get() == "2026-03-01"


def test_a_pasted_iso_date_is_read(qtbot):
    field = f.DateField("received_on", "Ngày tiếp nhận")
    _form_with(qtbot, field)
    QApplication.clipboard().setText("2026-07-05")
    qtbot.keyClick(field.widget.edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert field.widget.text() == "05/07/2026" and field.get() == "2026-07-05"


def test_backspace_goes_back_over_the_slash(qtbot):
    field = f.DateField("received_on", "Ngày tiếp nhận")
    _form_with(qtbot, field)
    edit = field.widget.edit
    type_text(qtbot, edit, "1203")
    assert edit.text() == "12/03/"
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert edit.text() == "12/0"


def test_tab_leaves_the_date_for_the_next_field(qtbot):
    field = f.DateField("received_on", "Ngày tiếp nhận")
    _holder, before, after = _form_with(qtbot, field)
    before.setFocus()
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is field.widget.edit
    type_text(qtbot, field.widget.edit, "05072026")
    qtbot.keyClick(field.widget.edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after  # the calendar button is not a stop
    assert field.get() == "2026-07-05"


def test_select_all_and_delete_clears_the_date(qtbot):
    field = f.DateField("received_on", "Ngày tiếp nhận")
    _form_with(qtbot, field)
    field.set("2026-07-05")
    seen = []
    field.widget.dateChanged.connect(seen.append)
    edit = field.widget.edit
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert edit.selectedText() == "05/07/2026"
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert edit.text() == "" and field.get() is None
    assert len(seen) == 1 and not seen[0].isValid()


def test_the_calendar_opens_at_today_and_picks_a_date(qtbot):
    field = f.DateField("patrol_date", "Ngày tuần tra")
    _form_with(qtbot, field)
    qtbot.mouseClick(field.widget.button, Qt.MouseButton.LeftButton)
    calendar = field.widget.calendar
    qtbot.waitUntil(calendar.isVisible, timeout=2000)
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    calendar.clicked.emit(QDate(today.year(), today.month(), 1))
    assert not calendar.isVisible()
    assert field.widget.text() == QDate(today.year(), today.month(), 1).toString("dd/MM/yyyy")


def test_a_birth_date_calendar_opens_decades_back_and_at_the_date_shown(qtbot):
    field = f.DateField("birth_date", "Ngày sinh")
    _form_with(qtbot, field)
    qtbot.keyClick(field.widget.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = field.widget.calendar
    qtbot.waitUntil(calendar.isVisible, timeout=2000)
    assert calendar.yearShown() == QDate.currentDate().year() - 40
    calendar.hide()
    field.set("1975-03-12")
    field.widget.open_calendar()
    assert (calendar.yearShown(), calendar.monthShown(), calendar.selectedDate()) == (1975, 3, QDate(1975, 3, 12))
    calendar.hide()


def test_an_impossible_date_is_refused_under_the_field(db, qtbot):
    from ui.pages.people import person_fields

    form = RecordForm(None, db, Actor(ACTOR, ADMIN), people, person_fields(None), "Thêm người")
    qtbot.addWidget(form)
    form.show()
    form.field("full_name").widget.setText("Nguyễn Văn Ngày")
    type_text(qtbot, form.field("birth_date").widget.edit, "3102198")
    form.save()
    assert form.result() == 0
    assert form.errors["birth_date"].text() == "Ngày chưa đúng: hãy gõ ngày/tháng/năm, ví dụ 12/03/1975."
    assert db.conn.execute("SELECT count(*) FROM people WHERE full_name = 'Nguyễn Văn Ngày'").fetchone()[0] == 0


def test_a_birth_known_only_by_its_year_stays(db, qtbot):
    from ui.pages.people import person_fields

    person = people.create(db, ACTOR, full_name="Lò Văn Năm", birth_year=1962)
    form = RecordForm(None, db, Actor(ACTOR, ADMIN), people, person_fields(None), "Sửa", record_id=person.id)
    qtbot.addWidget(form)
    form.show()
    assert form.field("birth_date").widget.text() == ""
    assert form.field("birth_year").widget.text() == "1962"
    form.field("occupation").widget.setText("Làm ruộng")
    form.save()
    assert form.result() == 1
    row = db.conn.execute("SELECT birth_date, birth_year, occupation FROM people WHERE id = ?",
                          [person.id]).fetchone()
    assert tuple(row) == (None, 1962, "Làm ruộng")


def test_a_mediation_session_date_is_typed_like_every_other(window, qtbot, db):
    form = window.navigate("mediation").open_form()
    qtbot.addWidget(form)
    form.show()
    sessions = form.field("sessions")
    sessions.add_row({})
    day = sessions.table.cellWidget(0, 0)
    assert isinstance(day, f.DateEdit)
    type_text(qtbot, day.edit, "0307202")
    assert day.text() == "03/07/202"
    type_text(qtbot, day.edit, "6")
    sessions.table.setItem(0, 1, QTableWidgetItem("Nhà văn hóa thôn Đông"))
    assert sessions.get() == [{"held_on": "2026-07-03", "place": "Nhà văn hóa thôn Đông", "notes": None}]
    sessions.set([{"held_on": "2026-05-02", "place": "Trụ sở", "notes": ""}])
    assert sessions.table.cellWidget(0, 0).text() == "02/05/2026"
