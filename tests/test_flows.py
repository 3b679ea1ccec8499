"""Issue 11's flows through the real window: a patrol takes the whole team with one
click and its areas from the team."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from tests.conftest import ACTOR
from tests.ui_helpers import patch_forms, save_with_enter


def test_a_patrol_takes_the_whole_team_and_its_areas(window, world, db, qtbot, monkeypatch):
    from storage.records.people import people
    from storage.records.teams import memberships

    team, east = world["team"], world["east"]
    second = people.create(db, ACTOR, full_name="Đỗ Văn Tới", area_id=east.id, birth_year=1990)
    memberships.create(db, ACTOR, person_id=second.id, team_id=team.id, role="tổ viên", start_on="2024-07-01")
    seen = {}

    def fill(form):
        areas, members = form.field("area_ids"), form.field("member_ids")
        whole = form.findChild(QPushButton, "whole_team")
        assert whole.text() == "+ Cả tổ"
        combo = form.field("team_id").widget
        combo.setCurrentIndex(combo.findText("Tổ hòa giải thôn Đông"))  # a team with no areas
        areas.set([])
        combo.setCurrentIndex(combo.findText(team.name))
        assert areas.get() == [east.id]  # the team's ground, ticked
        assert whole.isEnabled()
        qtbot.mouseClick(whole, Qt.MouseButton.LeftButton)
        seen["listed"] = [members.list.item(i).text() for i in range(members.list.count())]
        qtbot.mouseClick(whole, Qt.MouseButton.LeftButton)  # twice: nobody listed twice
        assert members.list.count() == 2
        save_with_enter(qtbot, form)
        assert form.result()

    forms = patch_forms(monkeypatch, qtbot, fill)
    window.navigate("patrols")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    patrol_id = forms[0].saved_id
    assert seen["listed"] == ["Lê Thị Mận", "Đỗ Văn Tới"]  # the leader first
    assert sorted(r[0] for r in db.conn.execute("SELECT person_id FROM patrol_members WHERE patrol_id = ?",
                                                (patrol_id,))) == sorted([world["helper"].id, second.id])
    assert [r[0] for r in db.conn.execute("SELECT area_id FROM patrol_areas WHERE patrol_id = ?",
                                          (patrol_id,))] == [east.id]
    assert window.statusBar().currentMessage() == "Đã lưu ca tuần tra."


def test_areas_already_ticked_are_kept(window, world, db, qtbot, monkeypatch):
    from storage.records.areas import areas as area_repo

    west = area_repo.create(db, ACTOR, name="Tây", kind="Thôn")

    def fill(form):
        form.field("area_ids").set([west.id])
        combo = form.field("team_id").widget
        combo.setCurrentIndex(combo.findText(world["team"].name))
        assert form.field("area_ids").get() == [west.id]  # a choice of the officer's own stays
        form.reject()

    patch_forms(monkeypatch, qtbot, fill)
    window.navigate("patrols")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
