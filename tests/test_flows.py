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


def test_members_added_inside_the_household_form(window, world, db, qtbot, monkeypatch):
    from PySide6.QtWidgets import QLabel

    from storage.records.people import people
    from tests.ui_helpers import fill

    east = world["east"]
    head = people.create(db, ACTOR, full_name="Trần Văn Cả", area_id=east.id, birth_year=1965)
    seen = {}

    def household(form):
        fill(qtbot, form, {"head_id": ("tran van ca", "Trần Văn Cả"), "area_id": "Thôn Đông",
                           "address": "Số 4 ngõ Chùa"})
        listing = form.findChild(QLabel, "household_members")
        assert listing.text().startswith("Chưa có ai")
        cancel = form.buttons.button(form.buttons.StandardButton.Cancel)
        assert cancel.text() == "Hủy"
        qtbot.mouseClick(form.findChild(QPushButton, "add_member"), Qt.MouseButton.LeftButton)
        seen["after_one"] = listing.text()
        assert cancel.text() == "Đóng"  # the household is saved: Hủy would no longer undo it
        save_with_enter(qtbot, form)
        assert form.result()

    def member(form):
        # the household and its area come filled in; the officer types the name and the relation
        assert form.field("area_id").get() == east.id
        assert form.field("household_id").get() is not None
        fill(qtbot, form, {"full_name": "Trần Thị Út", "relation_to_head": "con", "birth_year": "2010"})
        save_with_enter(qtbot, form)
        assert form.result()

    forms = patch_forms(monkeypatch, qtbot, household, member)
    window.navigate("households", 0)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    home_id = forms[0].saved_id
    assert home_id is not None and forms[1].saved_id is not None
    assert seen["after_one"] == "• Trần Văn Cả — chủ hộ\n• Trần Thị Út — con"
    assert [tuple(r) for r in db.conn.execute(
        "SELECT full_name, relation_to_head, area_id FROM people WHERE household_id = ? ORDER BY id",
        (home_id,))] == [("Trần Văn Cả", "head", east.id), ("Trần Thị Út", "child", east.id)]
    assert db.conn.execute("SELECT head_id, address, version FROM households WHERE id = ?",
                           (home_id,)).fetchone()[:2] == (head.id, "Số 4 ngõ Chùa")
    assert db.conn.execute("SELECT count(*) FROM households WHERE head_id = ?", (head.id,)).fetchone()[0] == 1
    assert window.statusBar().currentMessage() == "Đã lưu hộ gia đình."
    page = window.current_list()
    qtbot.waitUntil(lambda: page.selected_ids() == [home_id], timeout=3000)


def test_a_household_that_cannot_be_saved_adds_no_member(window, world, db, qtbot, monkeypatch):
    def household(form):
        qtbot.mouseClick(form.findChild(QPushButton, "add_member"), Qt.MouseButton.LeftButton)
        assert not form.errors["head_id"].isHidden()  # no head yet: said under the field, no person form
        form.reject()

    forms = patch_forms(monkeypatch, qtbot, household)
    before = db.conn.execute("SELECT count(*) FROM households").fetchone()[0]
    window.navigate("households", 0)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(forms) == 1
    assert db.conn.execute("SELECT count(*) FROM households").fetchone()[0] == before


def test_a_party_added_with_its_button_takes_the_typed_name(window, world, db, qtbot, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from tests.ui_helpers import fill, type_text

    def case(form):
        fill(qtbot, form, {"received_on": "2026-04-01", "category": "Đất đai", "content": "Tranh chấp ranh giới"})
        field = form.field("people")
        field.set([])
        for name, age in (("Trần Văn Đức", "50"), ("Đỗ Thị Lan", "47")):
            add = next(b for b in field.widget.findChildren(QPushButton) if b.text() == "+ Thêm một bên")
            qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
            # a person types straight away: the name cell is open, the role stays "bên"
            for char in name:
                type_text(qtbot, QApplication.focusWidget(), char)
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            for char in age:
                type_text(qtbot, QApplication.focusWidget(), char)
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        save_with_enter(qtbot, form)
        assert form.result(), form.banner.text()

    forms = patch_forms(monkeypatch, qtbot, case)
    window.navigate("mediation")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert [tuple(r) for r in db.conn.execute(
        "SELECT role, name, age FROM mediation_people WHERE case_id = ? ORDER BY id", (forms[0].saved_id,))] == [
        ("party", "Trần Văn Đức", 50), ("party", "Đỗ Thị Lan", 47)]


def test_a_new_household_takes_its_heads_area(window, world, db, qtbot, monkeypatch):
    from storage.records.areas import areas as area_repo
    from storage.records.people import people
    from tests.ui_helpers import fill

    west = area_repo.create(db, ACTOR, name="Tây", kind="Thôn")
    people.create(db, ACTOR, full_name="Hà Văn Tây", area_id=west.id)

    def household(form):
        assert form.field("area_id").get() != west.id
        fill(qtbot, form, {"head_id": ("ha van tay", "Hà Văn Tây")})
        assert form.field("area_id").get() == west.id  # where the head lives
        save_with_enter(qtbot, form)
        assert form.result()

    forms = patch_forms(monkeypatch, qtbot, household)
    window.navigate("households", 0)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert db["households"].get(forms[0].saved_id)["area_id"] == west.id
