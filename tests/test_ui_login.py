"""Logging in as an officer does on the first day: type the name, Tab, the password,
Enter; the first administrator works straight after making the account; Tệp → Đăng
xuất / đổi người dùng hands the window to someone else."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from storage.db.connection import open_database
from storage.records import accounts
from tests.conftest import ACTOR
from tests.ui_helpers import type_text
from ui import app as app_module
from ui import login
from ui.app import Desktop


def _admin(db):
    return accounts.create(db, ACTOR, username="quantri", full_name="Nguyễn Văn Quản", role=accounts.ADMIN,
                           password="mat-khau-123")


@pytest.fixture
def shown_login(db, qtbot):
    _admin(db)
    dialog = login.LoginDialog(db, "Công an xã Thanh Lâm")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    return dialog


def test_focus_starts_in_the_name_and_tab_goes_name_password_login(shown_login, qtbot):
    dialog = shown_login
    assert QApplication.focusWidget() is dialog.username
    type_text(qtbot, dialog.username, "quantri")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.password
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.ok
    assert dialog.ok.text() == "Đăng nhập" and dialog.ok.isDefault()
    assert dialog.isVisible() and dialog.result() == 0


def test_name_tab_password_enter_logs_in(shown_login, qtbot, db):
    dialog = shown_login
    type_text(qtbot, dialog.username, "quantri")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Tab)
    type_text(qtbot, QApplication.focusWidget(), "mat-khau-123")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (dialog.account.username, dialog.account.full_name) == ("quantri", "Nguyễn Văn Quản")
    assert db.conn.execute("SELECT failed_count, locked_until FROM accounts WHERE username = 'quantri'").fetchone() == (0, None)


def test_a_wrong_password_stays_with_the_password_field(shown_login, qtbot):
    dialog = shown_login
    type_text(qtbot, dialog.username, "quantri")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Tab)
    type_text(qtbot, dialog.password, "sai-mat-khau")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.account is None
    assert dialog.error.text() == "Sai tên đăng nhập hoặc mật khẩu."
    assert dialog.password.text() == "" and QApplication.focusWidget() is dialog.password


def _make_first_admin(qtbot):
    def run(dialog):
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.full_name, timeout=2000)
        for text in ("Nguyễn Văn Quản", "quantri", "mat-khau-123", "mat-khau-123"):
            type_text(qtbot, QApplication.focusWidget(), text)
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # the role is fixed: skipped
        assert QApplication.focusWidget() is dialog.ok and dialog.ok.text() == "Tạo và đăng nhập"
        qtbot.keyClick(dialog.ok, Qt.Key.Key_Return)
        return dialog.result()
    return run


def _never(dialog):
    raise AssertionError("the login dialog must not be asked for")


def test_the_first_administrator_is_logged_in_after_creating_the_account(db_path, qtbot, qsettings,
                                                                           monkeypatch):
    monkeypatch.setattr(login.AccountDialog, "exec", _make_first_admin(qtbot))
    monkeypatch.setattr(login.LoginDialog, "exec", _never)
    desktop = Desktop("hệ điều hành")
    assert desktop.open(db_path)
    qtbot.addWidget(desktop.window)
    account = desktop.window.context.account
    assert (account.username, account.full_name, account.is_admin) == ("quantri", "Nguyễn Văn Quản", True)
    assert desktop.window.context.actor == "Nguyễn Văn Quản"
    tips = desktop.window.help_dialog  # first start: the five common jobs beside the window
    assert tips.isVisible() and tips.current_key() == "start"
    assert tips.list.currentItem().text() == "Năm việc thường làm"
    tips.close()
    desktop.close_current()


def test_log_out_and_switch_user_from_the_file_menu(db_path, qtbot, qsettings, monkeypatch):
    database = open_database(db_path)
    _admin(database)
    accounts.create(database, ACTOR, username="canbo", full_name="Trần Thị Cán", role=accounts.OFFICER,
                    password="can-bo-1234")
    database.close()

    def log_in_as(username, password):
        def run(dialog):
            qtbot.addWidget(dialog)
            dialog.show()
            type_text(qtbot, dialog.username, username)
            type_text(qtbot, dialog.password, password)
            qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
            return dialog.result()
        return run

    monkeypatch.setattr(login.LoginDialog, "exec", log_in_as("quantri", "mat-khau-123"))
    desktop = Desktop("hệ điều hành")
    assert desktop.open(db_path)
    first_window = desktop.window
    qtbot.addWidget(first_window)
    file_menu = desktop.window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions() if a.text()]
    assert "Đăng xuất / đổi người dùng…" in texts
    monkeypatch.setattr(login.LoginDialog, "exec", log_in_as("canbo", "can-bo-1234"))
    next(a for a in file_menu.actions() if a.text() == "Đăng xuất / đổi người dùng…").trigger()
    qtbot.waitUntil(lambda: desktop.window is not None and desktop.window is not first_window, timeout=5000)
    qtbot.addWidget(desktop.window)
    assert not first_window.isVisible()
    assert (desktop.window.context.account.username, desktop.window.context.actor) == ("canbo", "Trần Thị Cán")
    assert QApplication.instance().quitOnLastWindowClosed()
    desktop.close_current()


def test_giving_up_after_log_out_ends_the_app(db_path, qtbot, qsettings, monkeypatch):
    database = open_database(db_path)
    _admin(database)
    database.close()
    monkeypatch.setattr(login.LoginDialog, "exec", lambda dialog: (
        setattr(dialog, "account", accounts.login(dialog.db, "quantri", "mat-khau-123")), 1)[1])
    desktop = Desktop("hệ điều hành")
    assert desktop.open(db_path)
    qtbot.addWidget(desktop.window)
    quits = []
    monkeypatch.setattr(app_module.QApplication, "quit", lambda *args: quits.append(True))
    monkeypatch.setattr(login.LoginDialog, "exec", lambda dialog: 0)
    assert not desktop.log_out()
    assert desktop.window is None and desktop.db is None and quits == [True]
