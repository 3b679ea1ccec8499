"""Issue 11's flows: deleting asks when other records depend on the one deleted (naming
them), a lone record goes at once (Ctrl+Z undoes it), and counts agree everywhere
after a delete; saves and adds say so in the status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from storage.query import dependents
from tests.conftest import ACTOR


def answer(qtbot, button, seen: list):
    """Answer the next question box with `button`, keeping its text in `seen`."""
    def poll():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            timer.stop()
            seen.append(box.text())
            qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)

    timer = QTimer(interval=20)
    timer.timeout.connect(poll)
    timer.start()
    return timer


def team_row(page, name):
    model = page.table.model()
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == name:
            return [model.index(row, c).data() for c in range(model.columnCount())]
    return None


def test_dependents_in_words(db, world):
    from storage.records.people import people
    from storage.records.pledges import pledges

    helper, home, team, east = world["helper"], world["home"], world["team"], world["east"]
    assert dependents.describe(db, "people", [helper.id]) == [
        "đang là thành viên của 1 tổ (Tổ bảo vệ ANTT thôn Đông); số thành viên của tổ sẽ giảm"]
    assert dependents.describe(db, "people", [world["head"].id]) == [
        "là chủ hộ của 1 hộ (hộ vẫn còn nhưng sẽ không có chủ hộ)"]
    assert dependents.describe(db, "households", [home.id]) == []  # the head alone
    people.create(db, ACTOR, full_name="Phạm Thị Na", household_id=home.id, relation_to_head="con")
    pledges.create(db, ACTOR, household_id=home.id, ceremony_date="2026-03-01")
    assert dependents.describe(db, "households", [home.id]) == [
        "1 nhân khẩu trong hộ (vẫn giữ trong sổ, không còn thuộc hộ nào)", "1 bản cam kết của hộ"]
    assert dependents.describe(db, "teams", [team.id]) == ["1 thành viên đang tham gia tổ"]
    assert dependents.describe(db, "areas", [east.id]) == [
        "1 hộ thuộc địa bàn", "2 người thuộc địa bàn", "1 tổ phụ trách thuộc địa bàn"]
    assert dependents.describe(db, "areas", []) == []


def test_deleting_a_team_member_asks_and_counts_agree(window, world, db, qtbot):
    helper, team = world["helper"], world["team"]
    teams_tabs = window.navigate("teams", 0)
    teams_page = teams_tabs.widget(0)
    qtbot.waitUntil(lambda: (team_row(teams_page, team.name) or [None] * 5)[4] == "1", timeout=3000)
    window.navigate("teams", 1)
    people_page = window.current_list()
    qtbot.waitUntil(lambda: helper.id in people_page.model.ids, timeout=3000)
    people_page.select_id(helper.id)

    # "Không": nothing changes
    seen: list[str] = []
    timer = answer(qtbot, QMessageBox.StandardButton.No, seen)
    qtbot.mouseClick(people_page.delete_button, Qt.MouseButton.LeftButton)
    timer.stop()
    assert seen and "Tổ bảo vệ ANTT thôn Đông" in seen[0] and "Chuyển người “Lê Thị Mận” vào thùng rác?" in seen[0]
    assert db["people"].get(helper.id)["deleted_at"] is None

    # "Có": to the trash, said in the status bar, the team's count and its member list agree
    timer = answer(qtbot, QMessageBox.StandardButton.Yes, seen)
    qtbot.mouseClick(people_page.delete_button, Qt.MouseButton.LeftButton)
    timer.stop()
    assert db["people"].get(helper.id)["deleted_at"] is not None
    assert "thùng rác" in window.statusBar().currentMessage()
    window.navigate("teams", 0)
    qtbot.waitUntil(lambda: (team_row(teams_page, team.name) or [None] * 5)[4] == "0", timeout=3000)
    teams_page.select_id(team.id)
    qtbot.waitUntil(lambda: teams_page.detail.table.rowCount() == 0, timeout=3000)

    # Ctrl+Z brings the member back, and the count with them
    window.activateWindow()  # the question box gave the keyboard back to the window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert db["people"].get(helper.id)["deleted_at"] is None
    qtbot.waitUntil(lambda: (team_row(teams_page, team.name) or [None] * 5)[4] == "1", timeout=3000)


def test_a_lone_record_goes_at_once(window, world, db, qtbot):
    from storage.records.people import people

    lone = people.create(db, ACTOR, full_name="Vũ Văn Lẻ", area_id=world["east"].id)
    window.navigate("teams", 1)
    page = window.current_list()
    page.refresh()
    qtbot.waitUntil(lambda: lone.id in page.model.ids, timeout=3000)
    page.select_id(lone.id)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)  # no question: nothing depends on it
    assert db["people"].get(lone.id)["deleted_at"] is not None
    assert window.statusBar().currentMessage() == "Đã chuyển 1 hồ sơ vào thùng rác. Bấm Ctrl+Z để hoàn tác."


def test_adding_a_member_says_so(window, world, db, qtbot, monkeypatch):
    from tests.ui_helpers import filler, patch_forms

    team = world["team"]
    patch_forms(monkeypatch, qtbot, filler(qtbot, {"person_id": ("pham van dat", "Phạm Văn Đạt")}))
    page = window.navigate("teams", 0).widget(0)
    qtbot.waitUntil(lambda: team.id in page.model.ids, timeout=3000)
    page.select_id(team.id)
    qtbot.mouseClick(page.detail.add_button, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == "Đã thêm Phạm Văn Đạt vào tổ."
    assert db.conn.execute("SELECT count(*) FROM memberships WHERE team_id = ? AND person_id = ?",
                           (team.id, world["head"].id)).fetchone()[0] == 1
