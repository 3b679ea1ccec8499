"""For each kind of record, the real main window driven as a person would: create
through the form (Ctrl+N, typing, Enter), edit (Enter on the row), search with and
without accents, delete to the trash, restore from the trash. Each step asserts what
the list shows and what the database holds."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.conftest import ACTOR
from tests.ui_helpers import filler, patch_forms, shown_texts, type_text

# page, tab, table, values to create, column-0 text shown, (search without accents, with accents),
# a change to make, and the column and value the database must then hold (forms show labels,
# the database holds codes).
KINDS = {
    "areas": ("areas", None, "areas", {"name": "Đường Mới", "kind": "Tổ dân phố", "households_count": "120"},
              "Đường Mới", ("duong moi", "Đường Mới"), {"population": "530"}, ("population", 530)),
    "people": ("teams", 1, "people",
               {"full_name": "Nguyễn Thị Hương", "gender": "nữ", "cccd": "037180001234", "phone": "0912345678",
                "area_id": "Thôn Đông"},
               "Nguyễn Thị Hương", ("nguyen thi huong", "Nguyễn Hương"), {"phone": "0987654321"},
               ("phone", "0987654321")),
    "households": ("households", 0, "households",
                   {"head_id": ("le thi man", "Lê Thị Mận"), "area_id": "Thôn Đông", "address": "Số 3 ngõ Đình"},
                   "Lê Thị Mận", ("man", "Mận"), {"address": "Số 5 ngõ Đình"}, ("address", "Số 5 ngõ Đình")),
    "pledges": ("households", 1, "pledges",
                {"household_id": ("pham van dat", "Hộ Phạm Văn Đạt"), "ceremony_date": "2026-03-01",
                 "ceremony_place": "Nhà văn hóa thôn Đông"},
                "Phạm Văn Đạt", ("dat", "Đạt"), {"status": "đã ký", "signed_on": "2026-03-01"},
                ("status", "signed")),
    "teams": ("teams", 0, "teams",
              {"name": "Tổ tự quản xóm Đường", "kind": "Tổ tự phòng, tự quản, tự bảo vệ",
               "area_ids": ["Thôn Đông"], "launched_on": "2025-03-26"},
              "Tổ tự quản xóm Đường", ("xom duong", "xóm Đường"), {"founding_decision": "15/QĐ-UBND"},
              ("founding_decision", "15/QĐ-UBND")),
    "models": ("models", None, "models",
               {"name": "Camera an ninh đường làng", "launched_on": "2025-05-01", "area_ids": ["Thôn Đoài"]},
               "Camera an ninh đường làng", ("duong lang", "đường làng"), {"exemplary": True},
               ("exemplary", 1)),
    "patrols": ("patrols", None, "patrols",
                {"team_id": "Tổ bảo vệ ANTT thôn Đông", "patrol_date": "2026-05-02", "start_time": "21:00",
                 "end_time": "23:30", "route": "Đường trục thôn Đông", "member_ids": [("le thi", "Lê Thị Mận")],
                 "findings": "Nhóm thanh niên tụ tập"},
                "02/05/2026", ("thanh nien", "thanh niên"), {"handling": "Nhắc nhở giải tán"},
                ("handling", "Nhắc nhở giải tán")),
    "mediation": ("mediation", None, "mediation_cases",
                  {"received_on": "2026-04-01", "category": "Đất đai", "content": "Tranh chấp lối đi chung",
                   "people": [{"role": "bên", "name": "Trần Văn Đức", "age": "50"},
                              {"role": "bên", "name": "Đỗ Thị Lan", "age": "47"},
                              {"role": "hòa giải viên", "name": "Lê Thị Mận"}]},
                  "01/04/2026", ("duc", "Đức"), {"result": "thành", "result_on": "2026-04-05",
                                                 "agreement": "Mở lối đi rộng 2 m"}, ("result", "settled")),
    "tips": ("incidents", 0, "tips",
             {"received_on": "2026-02-03", "channel": "Điện thoại", "content": "Nghi vấn đánh bạc ở bãi đất trống",
              "informant_name": "Người giấu tên"},
             "03/02/2026", ("danh bac", "đánh bạc"), {"valuable": True}, ("valuable", 1)),
    "surrendered": ("incidents", 1, "surrendered_items",
                    {"received_on": "2026-02-10", "kind": "Pháo", "quantity": "2,5", "unit": "kg",
                     "from_whom": "Hoàng Văn Hải"},
                    "10/02/2026", ("hoang van hai", "Hoàng Văn Hải"), {"quantity": "3"}, ("quantity", 3.0)),
    "reintegration": ("incidents", 2, "reintegration_cases",
                      {"person_id": ("pham van", "Phạm Văn Đạt"), "source": "đặc xá", "started_on": "2025-09-02"},
                      "Phạm Văn Đạt", ("dat", "Đạt"), {"status": "đã tái hòa nhập"},
                      ("status", "reintegrated")),
    "reviews": ("reviews", 0, "reviews",
                {"kind": "sơ kết", "title": "Sơ kết 6 tháng đầu năm 2026", "period_start": "2026-01-01",
                 "period_end": "2026-06-30", "place": "Hội trường xã"},
                "sơ kết", ("so ket", "Sơ kết"), {"chair": "Trưởng Công an xã"}, ("chair", "Trưởng Công an xã")),
    "commendations": ("reviews", 1, "commendations",
                      {"target_kind": "tổ", "team_id": "Tổ bảo vệ ANTT thôn Đông", "level": "UBND xã",
                       "form": "Giấy khen", "awarded_on": "2026-01-10"},
                      "10/01/2026", ("thon dong", "thôn Đông"), {"decision_number": "12/QĐ-UBND"},
                      ("decision_number", "12/QĐ-UBND")),
    "assessments": ("reviews", 2, "area_assessments",
                    {"area_id": "Thôn Đông", "year": "2025", "registered": True},
                    "2025", ("dong", "Đông"), {"recognised": True}, ("recognised", 1)),
}


def _row_where(db, table, column, value):
    return db.conn.execute(f"SELECT id, deleted_at FROM {table} WHERE {column} = ?", (value,)).fetchone()


@pytest.mark.parametrize("kind", list(KINDS))
def test_record_lifecycle_through_the_window(kind, window, world, db, qtbot, monkeypatch):
    page_key, tab, table, create, shown, (plain, accented), change, (column, expected) = KINDS[kind]
    forms = patch_forms(monkeypatch, qtbot, filler(qtbot, create), filler(qtbot, change))
    window.navigate(page_key, tab)
    page = window.current_list()
    before = db.conn.execute(f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0]

    # Create: Ctrl+N opens the form of the page in front; Enter saves.
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(forms) == 1
    new_id = forms[0].saved_id
    assert new_id is not None
    assert db.conn.execute(f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0] == before + 1
    assert shown in shown_texts(page)
    assert page.selected_ids() == [new_id]

    # Edit: Enter on the selected row opens it; the change lands in the database.
    window.activateWindow()  # focus comes back to the window when a dialog closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert len(forms) == 2 and forms[1].record_id == new_id
    assert db[table].get(new_id)[column] == expected
    assert db[table].get(new_id)["version"] == 2

    # Search as you type, without accents and with them.
    for text in (plain, accented):
        page.search.clear()
        type_text(qtbot, page.search, text)
        qtbot.waitUntil(lambda t=text: page.model.query_text == t, timeout=2000)
        assert new_id in page.model.ids, f"“{text}” did not find the new {kind}"
        assert shown in shown_texts(page)
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.query_text == "", timeout=2000)

    # Delete: to the trash; the list no longer shows it.
    page.select_id(new_id)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert db[table].get(new_id)["deleted_at"] is not None
    assert new_id not in page.model.ids

    # Restore from the trash page.
    trash_page = window.navigate("trash")
    row = next(i for i, item in enumerate(trash_page.items) if item.table == table and item.id == new_id)
    assert trash_page.table.item(row, 3).text() == ACTOR
    trash_page.table.selectRow(row)
    qtbot.mouseClick(trash_page.restore_button, Qt.MouseButton.LeftButton)
    assert db[table].get(new_id)["deleted_at"] is None
    assert all(item.id != new_id or item.table != table for item in trash_page.items)
    window.navigate(page_key, tab)
    assert new_id in page.model.ids
