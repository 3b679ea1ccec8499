"""A change refreshes only the lists on screen (read on a worker, a file database); a
list out of sight is marked stale and read again when it is shown."""

from __future__ import annotations

from storage.db.connection import open_database
from storage.records.areas import areas
from storage.records.people import people
from tests.conftest import ACTOR
from ui.context import AppContext
from ui.main_window import MainWindow


def test_hidden_lists_wait_until_shown(db_path, qtbot, qsettings):
    db = open_database(db_path)
    east = areas.create(db, ACTOR, name="Đông", kind="Thôn")
    people.create(db, ACTOR, full_name="Nguyễn Thị Hương", area_id=east.id, birth_year=1970)
    window = MainWindow(AppContext(db, db_path, ACTOR))
    qtbot.addWidget(window)
    window.show()
    listed = window.navigate("teams", 1)  # Tổ & thành viên › Người
    people_page = listed.currentWidget()
    assert people_page.key == "people"
    qtbot.waitUntil(lambda: not people_page.model.loading)
    assert people_page.model.rowCount() == 1
    window.navigate("areas")
    reads = []
    people_page.model.loaded.connect(lambda: reads.append(people_page.model.rowCount()))
    people.create(db, ACTOR, full_name="Trần Văn Đức", area_id=east.id, birth_year=1968)
    window.context.notify("people")
    areas_page = window.current_list()
    qtbot.waitUntil(lambda: not areas_page.model.loading)
    assert people_page.stale and not people_page.model.loading and reads == []  # not read while hidden
    assert people_page.model.rowCount() == 1
    window.navigate("teams", 1)
    qtbot.waitUntil(lambda: reads == [2])  # read once, when shown
    assert not people_page.stale and people_page.count_label.text() == "2 hồ sơ"
    window.close()
    db.close()
