"""Start-up's quick check runs after the window shows, on a worker: the window never
waits for it, and a failure puts a banner across the window and offers the newest good
backup."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QLabel, QPushButton, QToolBar

from storage.db import backup, integrity
from storage.db.connection import open_database
from tests.conftest import ACTOR
from ui import app as app_module
from ui import tasks
from ui.app import Desktop


def banner_text(window) -> str | None:
    bar = window.findChild(QToolBar, "banner")
    return None if bar is None else bar.findChild(QLabel).text()


def test_the_window_opens_before_the_check_and_a_good_file_shows_no_banner(db_path, qtbot, qsettings,
                                                                            monkeypatch, no_login):
    release, seen = threading.Event(), []

    def slow_check(db):
        seen.append(threading.current_thread() is threading.main_thread())
        release.wait(10)
        return True

    monkeypatch.setattr(integrity, "quick_check", slow_check)
    earlier = set(tasks._running)  # tasks other tests left behind are not this one
    desktop = Desktop(ACTOR)
    assert desktop.open(db_path)  # returns with the check still running
    qtbot.addWidget(desktop.window)
    assert desktop.window.isVisible() and not release.is_set()
    qtbot.waitUntil(lambda: seen == [False])  # on a worker, not the GUI thread
    release.set()
    qtbot.waitUntil(lambda: not (tasks._running - earlier))
    assert banner_text(desktop.window) is None
    desktop.close_current()


def test_a_failed_check_shows_a_banner_and_offers_the_newest_backup(db_path, qtbot, qsettings, monkeypatch,
                                                                   no_login):
    db = open_database(db_path)
    saved = backup.make_backup(db, db_path, "thu-cong")
    db.close()
    monkeypatch.setattr(integrity, "quick_check", lambda db: False)
    asked, restored = [], []
    monkeypatch.setattr(app_module, "ask", lambda parent, title, text: asked.append(text) or False)
    monkeypatch.setattr(Desktop, "restore_from", lambda self, source: restored.append(source) or True)
    desktop = Desktop(ACTOR)
    assert desktop.open(db_path)
    qtbot.addWidget(desktop.window)
    qtbot.waitUntil(lambda: banner_text(desktop.window) is not None)
    assert "không qua kiểm tra nhanh khi mở" in banner_text(desktop.window)
    assert len(asked) == 1 and "Khôi phục bản sao lưu mới nhất" in asked[0] and not restored
    button = desktop.window.findChild(QToolBar, "banner").findChild(QPushButton)
    assert button.text() == "Khôi phục bản sao lưu mới nhất…"
    button.click()
    assert restored == [saved]
    desktop.close_current()
