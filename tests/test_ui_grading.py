"""Xếp loại tổ driven from the keyboard (issue 17: a table over a model, editors only for
the cell being edited): arrows to a team's level, F2 opens the combo, Down and Enter
save it through the operation; a refused level shows the Vietnamese reason and changes
nothing; Space toggles a box, Tab moves on, typing opens the tasks' spin box."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox

from storage.records import evaluation as ev
from storage.records.areas import areas
from storage.records.people import people
from storage.records.teams import memberships, teams
from ui.grading_model import view_rows

ACTOR = "cán bộ kiểm thử"
YEAR = date.today().year
REFUSED = ("Chưa đủ điều kiện “Hoàn thành xuất sắc nhiệm vụ”: cần hoàn thành trên 95% nhiệm vụ được giao, "
           "sinh hoạt định kỳ.")


def _grades(db):
    return [(g.team_id, g.year, g.level, g.tasks_percent, g.regular_meetings, g.member_breach, g.under_complaint)
            for g in ev.team_gradings.list(db)]


def _editor(view, kind):
    index = view.currentIndex()
    editor = view.indexWidget(index)
    assert isinstance(editor, kind), editor
    return editor


def test_grade_a_team_with_the_keyboard(window, db, qtbot, monkeypatch):
    dong = areas.create(db, ACTOR, name="Thôn Đông", kind="village")
    first = teams.create(db, ACTOR, name="Tổ tự quản số 1", kind="self_defense", launched_on="2020-01-01",
                         area_ids=[dong.id])
    teams.create(db, ACTOR, name="Tổ tự quản số 2", kind="self_defense", launched_on="2020-01-01",
                 area_ids=[dong.id])
    person = people.create(db, ACTOR, full_name="Lê Văn Tâm", gender="male", birth_year=1980, area_id=dong.id)
    memberships.create(db, ACTOR, person_id=person.id, team_id=first.id, role="leader", start_on="2020-01-01")
    window.context.notify("teams")
    page = window.navigate("grading")
    view = page.teams
    errors = []
    monkeypatch.setattr("ui.pages.evaluation_common.show_error", lambda parent, error: errors.append(str(error)))
    assert view_rows(view) == [["Tổ tự quản số 1", "Tổ tự phòng, tự quản, tự bảo vệ", "Có", "Chưa xếp loại", "0 %", "", "", ""],
                               ["Tổ tự quản số 2", "Tổ tự phòng, tự quản, tự bảo vệ", "Có", "Chưa xếp loại", "0 %", "", "", ""]]
    assert view.indexWidget(view.model().index(0, 3)) is None  # no editor until one is asked for

    # the first team's row, then three cells right: its level
    view.setFocus()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(view.model().index(0, 0)).center())
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (0, 3)
    assert page.members_label.text() == "Thành viên của Tổ tự quản số 1"
    assert view_rows(page.members) == [["Lê Văn Tâm", "tổ trưởng", "Có", "Chưa xếp loại", ""]]

    qtbot.keyClick(view, Qt.Key.Key_F2)
    combo = _editor(view, QComboBox)
    assert combo.currentText() == "Chưa xếp loại"
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "Hoàn thành tốt nhiệm vụ"
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _grades(db) == [(first.id, YEAR, "good", 0, 0, 0, 0)], timeout=3000)
    qtbot.waitUntil(lambda: view.indexWidget(view.currentIndex()) is None, timeout=3000)
    assert errors == []
    assert view_rows(view)[0] == ["Tổ tự quản số 1", "Tổ tự phòng, tự quản, tự bảo vệ", "Có", "Hoàn thành tốt nhiệm vụ", "0 %", "", "", ""]
    assert (view.currentIndex().row(), view.currentIndex().column()) == (0, 3)  # kept after the page refreshed

    # "xuất sắc" without 95% of the tasks: refused, the database and the cell unchanged
    qtbot.keyClick(view, Qt.Key.Key_F2)
    combo = _editor(view, QComboBox)
    qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert combo.currentText() == "Hoàn thành xuất sắc nhiệm vụ"
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: errors == [REFUSED], timeout=3000)
    qtbot.waitUntil(lambda: view.indexWidget(view.currentIndex()) is None, timeout=3000)
    assert _grades(db) == [(first.id, YEAR, "good", 0, 0, 0, 0)]
    assert view.model().index(0, 3).data() == "Hoàn thành tốt nhiệm vụ"

    # Tab to the tasks, typing opens the spin box; Tab again to "Họp định kỳ", Space ticks it
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.currentIndex().column() == 4
    qtbot.keyClick(view, "9")  # typing opens the editor with what was typed
    spin = _editor(view, QDoubleSpinBox)
    qtbot.keyClick(spin, "7")
    assert spin.text() == "97 %"
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _grades(db) == [(first.id, YEAR, "good", 97, 0, 0, 0)], timeout=3000)
    qtbot.waitUntil(lambda: view.indexWidget(view.currentIndex()) is None, timeout=3000)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.currentIndex().column() == 5
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: _grades(db) == [(first.id, YEAR, "good", 97, 1, 0, 0)], timeout=3000)
    qtbot.waitUntil(lambda: view.model().index(0, 5).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked,
                    timeout=3000)
    assert view_rows(view)[0][:5] == ["Tổ tự quản số 1", "Tổ tự phòng, tự quản, tự bảo vệ", "Có", "Hoàn thành tốt nhiệm vụ", "97 %"]
    assert errors == [REFUSED]  # only the refused level before

    # the second team's tasks typed before it has a level: kept on screen (nothing to record
    # yet) across the refresh another team's edit brings, then saved with its level
    view.setCurrentIndex(view.model().index(1, 4))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    spin = _editor(view, QDoubleSpinBox)
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "100")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.indexWidget(view.currentIndex()) is None, timeout=3000)
    assert [g[0] for g in _grades(db)] == [first.id]
    assert view_rows(view)[1][3:5] == ["Chưa xếp loại", "100 %"]
    view.model().setData(view.model().index(0, 6), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    qtbot.waitUntil(lambda: _grades(db)[0] == (first.id, YEAR, "good", 97, 1, 1, 0), timeout=3000)
    qtbot.wait(50)  # the page refreshed from the saved grade
    assert view_rows(view)[1][3:5] == ["Chưa xếp loại", "100 %"]
    view.setCurrentIndex(view.model().index(1, 3))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    combo = _editor(view, QComboBox)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "Hoàn thành nhiệm vụ"
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    second = view.model().rows[1]["_id"]
    qtbot.waitUntil(lambda: len(_grades(db)) == 2, timeout=3000)
    assert _grades(db)[1] == (second, YEAR, "completed", 100, 0, 0, 0)

    assert page.members_label.text() == "Thành viên của Tổ tự quản số 2"
    assert view_rows(page.members) == []

    # a member's level from the keyboard too; the leader may not be above the team
    view.setCurrentIndex(view.model().index(0, 3))
    members = page.members
    qtbot.waitUntil(lambda: page.members_label.text() == "Thành viên của Tổ tự quản số 1", timeout=3000)
    members.setFocus()
    members.setCurrentIndex(members.model().index(0, 3))
    qtbot.keyClick(members, Qt.Key.Key_F2)
    combo = _editor(members, QComboBox)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "Hoàn thành xuất sắc nhiệm vụ"
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(errors) == 2, timeout=3000)
    assert errors == [REFUSED, "Lê Văn Tâm là tổ trưởng: không được xếp loại cao hơn tổ "
                               "(tổ xếp loại “Hoàn thành tốt nhiệm vụ”)."]
    assert ev.member_gradings.count(db) == 0
    assert view_rows(members) == [["Lê Văn Tâm", "tổ trưởng", "Có", "Chưa xếp loại", ""]]
