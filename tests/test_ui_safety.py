"""The desktop keeps data safe: one writer (a second instance is read-only), a backup
when closing after changes, restore from the list of backups, and a damaged file
offering the newest good backup."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from storage.db import backup, lock
from storage.db.connection import open_database
from storage.records.people import people
from tests.conftest import ACTOR
from ui import app as app_module
from ui.app import Desktop


@pytest.fixture
def desktop(db_path, qtbot, qsettings, monkeypatch, no_login):
    monkeypatch.setattr(app_module, "warn", lambda *a: None)
    first = Desktop(ACTOR)
    assert first.open(db_path)
    qtbot.addWidget(first.window)
    yield first
    first.close_current()


def test_second_instance_is_read_only(desktop, db_path, qtbot, monkeypatch):
    assert lock.read(db_path).pid == __import__("os").getpid()
    monkeypatch.setattr(lock, "acquire", lambda path, user="": (False, lock.LockInfo("may-kia", 4242, "08:00", "")))
    monkeypatch.setattr(app_module, "ask", lambda *a: False)  # offered a take-over of another machine's lock: no
    second = Desktop("người khác")
    assert second.open(db_path)
    qtbot.addWidget(second.window)
    assert second.window.windowTitle().endswith("(chỉ đọc)")
    page = second.window.navigate("areas")
    assert not page.new_button.isEnabled() and "may-kia" in page.new_button.toolTip()
    assert page.new_record() is None
    second.db.close()
    second.db = None


def test_closing_after_a_change_makes_a_backup(desktop, db_path):
    before = len(backup.list_backups(db_path))
    people.create(desktop.db, ACTOR, full_name="Nguyễn Văn Mới")
    desktop.close_current()
    after = backup.list_backups(db_path)
    assert len(after) == before + 1 and after[0].reason == "khi-dong"
    assert not lock.lock_path(db_path).exists()


def test_restore_from_a_backup_reopens_the_window(desktop, db_path):
    saved = backup.make_backup(desktop.db, db_path, "thu-cong")
    people.create(desktop.db, ACTOR, full_name="Trần Văn Sau")
    assert desktop.restore_from(saved)
    assert desktop.window is not None
    assert desktop.db.conn.execute("SELECT count(*) FROM people WHERE full_name = 'Trần Văn Sau'").fetchone()[0] == 0
    info = backup.describe(saved)
    assert desktop.window.statusBar().currentMessage() == (
        f"Đã khôi phục dữ liệu về bản sao lưu lúc {info.created:%H:%M %d/%m/%Y} (làm tay); tình trạng ngay trước "
        "khi khôi phục được giữ thành một bản sao lưu.")
    assert QSettings().value("database/path") == str(db_path)


def test_damaged_file_offers_the_newest_backup(db_path, qtbot, qsettings, monkeypatch, no_login):
    db = open_database(db_path)
    people.create(db, ACTOR, full_name="Lê Thị Còn")
    backup.make_backup(db, db_path, "thu-cong")
    db.close()
    data = bytearray(db_path.read_bytes())
    for page_start in range(4096 * 3, len(data), 4096):  # scribble over the b-tree pages
        data[page_start:page_start + 64] = b"\xff" * 64
    db_path.write_bytes(bytes(data))
    monkeypatch.setattr(app_module, "ask", lambda *a: True)
    monkeypatch.setattr(app_module, "warn", lambda *a: None)
    monkeypatch.setattr(app_module, "show_error", lambda *a: None)
    desktop = Desktop(ACTOR)
    assert desktop.open(db_path)
    qtbot.addWidget(desktop.window)
    assert desktop.db.conn.execute("SELECT full_name FROM people").fetchone()[0] == "Lê Thị Còn"
    assert list(backup.folder_for(db_path).glob("*-tep-hong.db")) or \
        any(b.reason == "truoc-khoi-phuc" for b in backup.list_backups(db_path))
    desktop.close_current()


def test_first_start_creates_the_administrator_then_logs_in(db_path, qtbot, qsettings, monkeypatch):
    from storage.records import accounts
    from ui import login

    def make_admin(dialog):
        qtbot.addWidget(dialog)
        dialog.full_name.setText("Nguyễn Văn Quản")
        dialog.username.setText("quantri")
        dialog.password.setText("mat-khau-123")
        dialog.again.setText("mat-khau-12")
        dialog.submit()
        assert dialog.error.text() == "Hai lần nhập mật khẩu không giống nhau."
        dialog.again.setText("mat-khau-123")
        dialog.submit()
        return dialog.result()

    def log_in(dialog):
        qtbot.addWidget(dialog)
        dialog.username.setText("quantri")
        dialog.password.setText("sai-mat-khau")
        dialog.submit()
        assert "còn 4 lần thử" in dialog.error.text()
        dialog.password.setText("mat-khau-123")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(login.AccountDialog, "exec", make_admin)
    monkeypatch.setattr(login.LoginDialog, "exec", log_in)
    desktop = Desktop("hệ điều hành")
    assert desktop.open(db_path)
    qtbot.addWidget(desktop.window)
    assert desktop.window.context.actor == "Nguyễn Văn Quản"
    assert desktop.window.context.account.is_admin
    settings_page = desktop.window.navigate("settings")
    qtbot.waitUntil(lambda: hasattr(settings_page, "accounts"), timeout=10000)  # built once loaded on a worker
    assert settings_page.accounts.list.item(0).text() == "quantri — Nguyễn Văn Quản (quản trị)"
    desktop.close_current()
    db = open_database(db_path)
    accounts.create(db, "x", username="xem", full_name="Người Xem", role=accounts.VIEWER, password="chi-xem-123")
    db.close()

    def log_in_viewer(dialog):
        qtbot.addWidget(dialog)
        dialog.username.setText("xem")
        dialog.password.setText("chi-xem-123")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(login.LoginDialog, "exec", log_in_viewer)
    viewer = Desktop("hệ điều hành")
    assert viewer.open(db_path)
    qtbot.addWidget(viewer.window)
    assert viewer.window.windowTitle().endswith("(chỉ đọc)")
    assert not viewer.window.navigate("areas").new_button.isEnabled()
    viewer.close_current()


def test_giving_up_the_login_opens_nothing(db_path, qtbot, qsettings, monkeypatch):
    from ui import login

    monkeypatch.setattr(login.AccountDialog, "exec", lambda dialog: 0)
    desktop = Desktop("x")
    assert not desktop.open(db_path)
    assert desktop.window is None and not lock.lock_path(db_path).exists()


def test_restore_from_the_usb_copy_in_the_app(desktop, db_path, tmp_path):
    from ui.backups_dialog import BackupsDialog

    usb = tmp_path / "usb"
    usb.mkdir()
    backup.set_second_place(desktop.db, ACTOR, usb, "mat-khau-usb")
    people.create(desktop.db, ACTOR, full_name="Đinh Văn Usb")
    backup.make_backup(desktop.db, db_path, "thu-cong")
    people.create(desktop.db, ACTOR, full_name="Đinh Văn Sau")
    dialog = BackupsDialog(db_path, desktop.window)
    dialog.choose_encrypted(str(next(usb.glob("*.byb"))), "mat-khau-usb")
    assert dialog.result() and dialog.chosen.exists()
    assert desktop.restore_from(dialog.chosen)
    names = {r[0] for r in desktop.db.conn.execute("SELECT full_name FROM people")}
    assert "Đinh Văn Usb" in names and "Đinh Văn Sau" not in names


def test_backup_now_from_the_menu(desktop, db_path, qtbot):
    people.create(desktop.db, ACTOR, full_name="Mai Văn Lưu")
    before = len(backup.list_backups(db_path))
    action = next(a for a in desktop.window.menuBar().actions()[0].menu().actions() if a.text() == "Sao lưu ngay")
    action.trigger()
    qtbot.waitUntil(lambda: len(backup.list_backups(db_path)) == before + 1, timeout=10_000)
    assert backup.list_backups(db_path)[0].reason == "thu-cong"
