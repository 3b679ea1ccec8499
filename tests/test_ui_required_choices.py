"""Required lists start on nothing: a new patrol used to open on whichever team sorted
first (a mediation team), and Enter saved it there. And a head of household made with
"+ Mới" inside the household form lives in the household's area."""

from __future__ import annotations

from PySide6.QtCore import Qt

from storage.records.households import households
from storage.records.people import people
from tests.conftest import ACTOR
from tests.ui_helpers import fill, patch_forms, save_with_enter


def test_a_new_patrol_waits_for_its_team(window, world, db, qtbot, monkeypatch):
    before = db.conn.execute("SELECT count(*) FROM patrols").fetchone()[0]
    attempts = []

    def without_team(form):
        combo = form.field("team_id").widget
        attempts.append((combo.currentText(), combo.currentData()))
        fill(qtbot, form, {"patrol_date": "2026-05-02", "route": "Đường làng"})
        save_with_enter(qtbot, form)
        attempts.append((form.result(), form.errors["team_id"].text()))
        assert db.conn.execute("SELECT count(*) FROM patrols").fetchone()[0] == before
        fill(qtbot, form, {"team_id": "Tổ bảo vệ ANTT thôn Đông"})
        save_with_enter(qtbot, form)
        attempts.append(form.result())

    forms = patch_forms(monkeypatch, qtbot, without_team)
    window.navigate("patrols")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert attempts == [("— chọn —", None), (0, "Chưa chọn tổ."), 1]
    row = db["patrols"].get(forms[0].saved_id)
    assert (row["team_id"], row["route"]) == (world["team"].id, "Đường làng")


def test_a_head_made_in_the_household_form_lives_in_its_area(db):
    east = db.conn.execute("SELECT id FROM areas WHERE name = 'Đông'").fetchone()
    if east is None:
        from storage.records.areas import areas

        east = (areas.create(db, ACTOR, name="Đông", kind="Thôn").id,)
    head = people.create(db, ACTOR, full_name="Trần Văn Mới", relation_to_head="head")  # as "+ Mới" makes it
    home = households.create(db, ACTOR, head_id=head.id, area_id=east[0], address="Số 1")
    row = db["people"].get(head.id)
    assert (row["household_id"], row["relation_to_head"], row["area_id"]) == (home.id, "head", east[0])
    elsewhere = people.create(db, ACTOR, full_name="Lê Văn Cũ", area_id=None)
    from storage.records.areas import areas

    west = areas.create(db, ACTOR, name="Tây", kind="Thôn")
    people.update(db, ACTOR, elsewhere.id, area_id=west.id)
    households.create(db, ACTOR, head_id=elsewhere.id, area_id=east[0])
    assert db["people"].get(elsewhere.id)["area_id"] == west.id  # an area already given is kept


def test_a_household_form_takes_the_day_a_family_moved_in(window, world, db, qtbot, monkeypatch):
    seen = []

    def moved(form):
        field = form.field("moved_in_on")
        holder = field.widget.parentWidget()
        seen.append([label.text() for label in holder.findChildren(type(form.banner)) if label.text()])
        fill(qtbot, form, {"head_id": ("le thi man", "Lê Thị Mận"), "area_id": "Thôn Đông",
                           "moved_in_on": "2026-10-05"})
        save_with_enter(qtbot, form)

    forms = patch_forms(monkeypatch, qtbot, moved)
    window.navigate("households", 0)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen == [["Chỉ ghi khi hộ mới chuyển đến; để trống nếu hộ đã ở đây từ trước."]]
    row = db["households"].get(forms[0].saved_id)
    assert (row["moved_in_on"], row["area_id"]) == ("2026-10-05", world["east"].id)


def test_esc_asks_before_throwing_away_what_was_typed(window, world, db, qtbot, monkeypatch):
    import ui.record_form as record_form
    from tests.ui_helpers import type_text

    asked, answers = [], [False, True]
    monkeypatch.setattr(record_form, "ask", lambda parent, title, text: asked.append((title, text)) or answers.pop(0))
    window.navigate("mediation")
    page = window.current_list()
    untouched = page.open_form()
    qtbot.addWidget(untouched)
    untouched.show()
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)
    assert asked == [] and not untouched.isVisible()  # nothing typed: closes at once

    form = page.open_form()
    qtbot.addWidget(form)
    form.show()
    content = form.field("content").widget
    content.setFocus()
    type_text(qtbot, content, "Tranh chấp lối đi chung giữa hai hộ")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert asked == [("Bỏ thông tin chưa lưu?",
                      "Các thông tin vừa nhập chưa được lưu.\nĐóng biểu mẫu và bỏ các thông tin này?")]
    assert form.isVisible() and content.toPlainText() == "Tranh chấp lối đi chung giữa hai hộ"  # kept: "Không"
    qtbot.mouseClick(form.buttons.button(form.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert len(asked) == 2 and not form.isVisible()  # "Có": closed, nothing saved
    assert db.conn.execute("SELECT count(*) FROM mediation_cases").fetchone()[0] == 0


def test_a_required_list_starts_on_nothing_and_says_so(window, world, db, qtbot, monkeypatch):
    said = []

    def mediation(form):
        combo = form.field("category").widget
        said.append(combo.currentText())
        fill(qtbot, form, {"content": "Tranh chấp lối đi chung", "received_on": "2026-05-02"})
        save_with_enter(qtbot, form)
        said.append(form.errors["category"].text())
        form.reject()

    patch_forms(monkeypatch, qtbot, mediation)
    window.navigate("mediation")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert said == ["— chọn —", "Chưa nhập lĩnh vực: đây là thông tin bắt buộc."]
    assert db.conn.execute("SELECT count(*) FROM mediation_cases").fetchone()[0] == 0


def test_a_household_takes_its_heads_address_and_passes_it_to_its_members(window, world, db, qtbot, monkeypatch):
    from PySide6.QtWidgets import QPushButton

    people.create(db, ACTOR, full_name="Vũ Văn Địa", area_id=world["east"].id, birth_year=1960,
                  address="Số 7 ngõ Đình")
    seen = {}

    def household(form):
        fill(qtbot, form, {"head_id": ("vu van dia", "Vũ Văn Địa")})
        seen["household"] = form.field("address").get()
        qtbot.mouseClick(form.findChild(QPushButton, "add_member"), Qt.MouseButton.LeftButton)
        save_with_enter(qtbot, form)

    def member(form):
        seen["member"] = form.field("address").get()
        form.reject()

    patch_forms(monkeypatch, qtbot, household, member)
    window.navigate("households", 0)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen == {"household": "Số 7 ngõ Đình", "member": "Số 7 ngõ Đình"}
