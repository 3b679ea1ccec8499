"""The operations layer: roles declared by each operation (the app and the command line
get the same answer), one transaction per job, the Changes the app refreshes from, the
writer lock held through a restore from either side, and the consolidated figures off
the GUI thread."""

from __future__ import annotations

import threading

import pytest

import main
from operations import maintenance, records, reports
from operations.base import ADMIN, OFFICER, VIEWER, Actor, Changes, PermissionDenied, Result
from storage.db import backup, lock
from storage.db.connection import open_database
from storage.errors import NotFoundError, StorageError
from storage.records.people import people
from tests.conftest import ACTOR

ADMIN_ACTOR = Actor(ACTOR, ADMIN)


def count(db, table: str) -> int:
    return db.conn.execute(f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0]


def audit_count(db) -> int:
    return db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def test_create_returns_the_record_and_what_changed(db, area):
    result = records.create(db, Actor("Trần Văn Cán", OFFICER), "people",
                            {"full_name": "Lê Văn Mới", "area_id": area.id})
    assert result.value.full_name == "Lê Văn Mới"
    assert (result.changes.tables, result.changes.ids) == ({"people"}, {"people": {result.value.id}})
    row = db.conn.execute("SELECT actor, table_name FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert tuple(row) == ("Trần Văn Cán", "people")


def test_a_viewer_is_refused_before_anything_is_written(db, person):
    before = audit_count(db)
    with pytest.raises(PermissionDenied) as refused:
        records.delete(db, Actor("Người Xem", VIEWER), "people", [person.id])
    assert str(refused.value) == ("Tài khoản chỉ xem không được làm việc này; "
                                  "cần tài khoản cán bộ hoặc quản trị.")
    assert count(db, "people") == 1 and audit_count(db) == before


def test_an_officer_may_not_restore_a_backup(db):
    with pytest.raises(PermissionDenied, match="cần tài khoản quản trị"):
        maintenance.restore(db, Actor("Cán Bộ", OFFICER), "khong-can.db")


def test_delete_is_all_or_nothing(db, person):
    before = audit_count(db)
    with pytest.raises(NotFoundError, match="Không tìm thấy người"):
        records.delete(db, ADMIN_ACTOR, "people", [person.id, 999_999])
    assert people.get(db, person.id).deleted_at is None
    assert audit_count(db) == before


def test_restore_from_the_trash_reports_each_table(db, person, area):
    records.delete(db, ADMIN_ACTOR, "people", [person.id])
    result = records.restore(db, ADMIN_ACTOR, [("people", person.id)])
    assert result == Result(1, Changes().add("people", person.id))
    assert people.get(db, person.id).deleted_at is None


def test_renaming_a_list_item_and_a_setting_need_their_roles(db):
    existing = db.conn.execute("SELECT count(*) FROM list_items WHERE list_name = 'team_kind' "
                               "AND deleted_at IS NULL").fetchone()[0]
    item = records.add_list_item(db, ADMIN_ACTOR, "team_kind", "Tổ phòng cháy").value
    assert (item.list_name, item.label, item.position) == ("team_kind", "Tổ phòng cháy", existing)
    renamed = records.rename_list_item(db, Actor("Cán Bộ", OFFICER), item.id, "Tổ PCCC").value
    assert (renamed.id, renamed.code, renamed.label) == (item.id, item.code, "Tổ PCCC")
    with pytest.raises(PermissionDenied):
        records.set_setting(db, Actor("Cán Bộ", OFFICER), "period_year_start", "12-15")
    records.set_setting(db, ADMIN_ACTOR, "period_year_start", "12-15")
    from storage.records import settings

    assert settings.get(db, "period_year_start") == "12-15"


def test_context_refreshes_pages_from_changes(window, db, area):
    seen = []
    window.context.changed.connect(seen.append)
    window.context.run(records.create, "people", {"full_name": "Lê Văn Một", "area_id": area.id})
    window.context.apply(Changes().add("people").add("households"))
    window.context.apply(Changes())
    window.context.apply(Changes().add(""))
    assert seen == ["people", "households", "people", ""]


# ---- restore and the writer lock ---------------------------------------------------------
def test_restore_refused_while_another_instance_writes(db_path, monkeypatch):
    database = open_database(db_path)
    saved = backup.make_backup(database, db_path, "thu-cong")
    people.create(database, ACTOR, full_name="Nguyễn Văn Sau")
    holder = lock.LockInfo("may-kia", 4242, "2026-05-01T08:00:00", "người khác")
    monkeypatch.setattr(lock, "acquire", lambda path, user="": (False, holder))
    with pytest.raises(StorageError) as refused:
        maintenance.restore(database, ADMIN_ACTOR, saved)
    assert str(refused.value) == ("Tệp dữ liệu đang được mở trên may-kia (tiến trình 4242); "
                                  "hãy đóng Bình Yên ở đó trước khi khôi phục.")
    assert database.conn.execute("SELECT count(*) FROM people WHERE full_name = 'Nguyễn Văn Sau'").fetchone()[0] == 1
    database.close()


def test_command_line_restore_holds_the_lock_then_lets_go(db_path, tmp_path, monkeypatch, capsys):
    copy = tmp_path / "ban-sao.db"
    assert main.main(["backup", "--db", str(db_path), "--out", str(copy)]) == 0
    held_during = []
    real_restore = backup.restore

    def watching(path, source, actor):
        held_during.append(lock.read(path))
        return real_restore(path, source, actor)

    monkeypatch.setattr(backup, "restore", watching)
    assert main.main(["restore", "--db", str(db_path), str(copy)]) == 0
    assert "Đã khôi phục từ ban-sao.db" in capsys.readouterr().out
    assert held_during[0] is not None and held_during[0].pid == __import__("os").getpid()
    assert lock.read(db_path) is None


def test_app_restore_keeps_its_lock_until_the_file_is_open_again(db_path, qtbot, qsettings, monkeypatch, no_login):
    from ui import app as app_module
    from ui.app import Desktop

    monkeypatch.setattr(app_module, "warn", lambda *a: None)
    desktop = Desktop(ACTOR)
    assert desktop.open(db_path)
    qtbot.addWidget(desktop.window)
    saved = backup.make_backup(desktop.db, db_path, "thu-cong")
    people.create(desktop.db, ACTOR, full_name="Trần Văn Sau")
    released, on_gui_thread = [], []
    real_release, real_restore = lock.release, backup.restore
    monkeypatch.setattr(lock, "release", lambda path: (released.append(path), real_release(path)))

    def watching(path, source, actor):
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return real_restore(path, source, actor)

    monkeypatch.setattr(backup, "restore", watching)
    try:
        assert desktop.restore_from(saved)
        qtbot.addWidget(desktop.window)
        assert on_gui_thread == [False]  # restored by a worker, the window waiting
        assert released == []  # the lock was never let go
        assert lock.read(db_path).pid == __import__("os").getpid()
        assert desktop.db.conn.execute(
            "SELECT count(*) FROM people WHERE full_name = 'Trần Văn Sau'").fetchone()[0] == 0
    finally:
        desktop.close_current()
    assert lock.read(db_path) is None


# ---- slow work off the GUI thread --------------------------------------------------------
def test_consolidated_figures_are_summed_off_the_gui_thread(tmp_path, qtbot, qsettings, monkeypatch):
    from storage.records import unit
    from ui.context import AppContext
    from ui.main_window import MainWindow

    path = tmp_path / "tinh.db"
    database = open_database(path)
    unit.initialise(database, ACTOR, role="aggregator", province=22)
    threads = []
    real = reports.consolidated

    def watching(db, actor, period):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(db, actor, period)

    monkeypatch.setattr(reports, "consolidated", watching)
    window = MainWindow(AppContext(database, path, ACTOR))
    qtbot.addWidget(window)
    page = window.navigate("consolidated")
    qtbot.waitUntil(lambda: page.heading.text().startswith("0 đơn vị đã gửi số liệu"), timeout=10_000)
    assert threads and not any(threads)
    database.close()
