"""The detail pane shows the record just clicked: it showed the one clicked before (it read
the selection on currentRowChanged, which Qt emits before the selection moves)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from storage.records.households import households
from storage.records.people import people
from tests.conftest import ACTOR


def test_clicking_a_household_shows_its_own_members(window, world, db, qtbot):
    east = world["east"]
    for name, child in (("Nguyễn Thị Hoa", "Trần Minh Khoa"), ("Lê Văn Bảo", "Lê Thị Cúc")):
        head = people.create(db, ACTOR, full_name=name, area_id=east.id, birth_year=1975)
        home = households.create(db, ACTOR, head_id=head.id, area_id=east.id)
        people.create(db, ACTOR, full_name=child, area_id=east.id, birth_year=2005, household_id=home.id,
                      relation_to_head="con")
    window.navigate("households", 0)
    page = window.current_list()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=5000)
    for row in (0, 1, 2, 1, 0, 2):
        rect = page.table.visualRect(page.model.index(row, 0))
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        (clicked,) = page.selected_ids()
        head = db.conn.execute("SELECT p.full_name FROM households h JOIN people p ON p.id = h.head_id "
                               "WHERE h.id = ?", (clicked,)).fetchone()[0]
        shown = page.detail.text()
        assert f"• {head} — chủ hộ" in shown, (row, head, shown)
        others = {"Nguyễn Thị Hoa", "Lê Văn Bảo", "Phạm Văn Đạt"} - {head}
        assert not any(f"• {name} — chủ hộ" in shown for name in others), (row, shown)
        qtbot.keyClick(page.table, Qt.Key.Key_Down if row < 2 else Qt.Key.Key_Up)
        (moved,) = page.selected_ids()
        head = db.conn.execute("SELECT p.full_name FROM households h JOIN people p ON p.id = h.head_id "
                               "WHERE h.id = ?", (moved,)).fetchone()[0]
        assert f"• {head} — chủ hộ" in page.detail.text()


def test_the_trash_is_read_only_when_shown(window, world, db, qtbot, monkeypatch):
    """A print or an export notified every page; the hidden Thùng rác read every table's
    deleted rows on the GUI thread (half a second at 80,000 households)."""
    from storage.records import trash

    reads = []
    real = trash.items
    monkeypatch.setattr(trash, "items", lambda db: reads.append(1) or real(db))
    page = window.navigate("trash")
    window.navigate("areas")
    reads.clear()
    for _ in range(3):
        window.context.notify("patrols")
    assert reads == [] and page.stale
    window.navigate("trash")
    assert reads == [1] and not page.stale


def test_down_from_the_search_box_goes_into_the_results(window, world, db, qtbot):
    from tests.ui_helpers import type_text

    window.navigate("households", 0)
    page = window.current_list()
    page.focus_search()
    type_text(qtbot, page.search, "dat")
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus() or window.focusWidget() is page.table
    assert page.selected_ids() == [world["home"].id]
