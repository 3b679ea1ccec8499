"""First start: each of the welcome dialog's three choices, and the window staying
responsive while demo data is made in the background."""

from __future__ import annotations

import gc
import time

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox

from storage.db.connection import open_database
from tests.conftest import ACTOR
from tests.ui_helpers import type_text
from ui import welcome as welcome_module
from ui.welcome import WelcomeDialog


@pytest.fixture
def dialog(tmp_path, qtbot, qsettings):
    target = tmp_path / "data" / "binhyen.db"
    found = WelcomeDialog(ACTOR, target)
    qtbot.addWidget(found)
    found.show()
    return found


def test_setup_this_station(dialog, qtbot):
    qtbot.mouseClick(dialog.setup_button, Qt.MouseButton.LeftButton)
    assert dialog.stack.currentIndex() == 1
    dialog.province.setCurrentIndex(dialog.province.findText("Quảng Ninh"))
    dialog.commune.setCurrentIndex(dialog.commune.findText("Xã Quảng Tân"))
    assert dialog.names["station_name"].text() == "Công an xã Quảng Tân"
    assert dialog.names["parent_body"].text() == "Công an tỉnh Quảng Ninh"
    assert dialog.names["place_name"].text() == "Quảng Tân"
    type_text(qtbot, dialog.areas, "Đông\nĐoài\nTân Lập")
    save = dialog.stack.currentWidget().findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    assert save.text() == "Lưu"
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.result() and dialog.chosen_path == dialog.target
    db = open_database(dialog.chosen_path)
    assert db["unit"].get(1)["station_name"] == "Công an xã Quảng Tân"
    assert [r["name"] for r in db.query("SELECT name FROM areas ORDER BY id")] == ["Đông", "Đoài", "Tân Lập"]
    assert {r["kind"] for r in db.query("SELECT kind FROM areas")} == {"village"}  # shown as “Thôn”


def test_setup_refuses_without_a_name_and_creates_no_file(dialog, qtbot):
    qtbot.mouseClick(dialog.setup_button, Qt.MouseButton.LeftButton)
    save = dialog.stack.currentWidget().findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not dialog.result() and dialog.error.text() == "Hãy chọn tỉnh và xã, hoặc ghi tên đơn vị."
    assert not dialog.target.exists()


def test_open_existing_file(dialog, db_path, qtbot, monkeypatch):
    monkeypatch.setattr(welcome_module, "file_dialog", lambda *a, **k: [str(db_path)])
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.result() and dialog.chosen_path == db_path


def test_open_a_file_that_is_not_a_database(dialog, tmp_path, qtbot, monkeypatch):
    bad = tmp_path / "notes.db"
    bad.write_text("không phải cơ sở dữ liệu " * 50, encoding="utf-8")
    shown = []
    monkeypatch.setattr(welcome_module, "file_dialog", lambda *a, **k: [str(bad)])
    monkeypatch.setattr(welcome_module, "show_error", lambda parent, error, *a: shown.append(str(error)))
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert not dialog.result() and dialog.chosen_path is None
    assert "không phải là tệp dữ liệu Bình Yên" in shown[0]


def test_demo_in_background_keeps_the_window_responsive(dialog, qtbot, monkeypatch):
    monkeypatch.setattr(welcome_module, "DEMO_HOUSEHOLDS", 1500)
    beats = []
    heartbeat = QTimer(interval=20)
    heartbeat.timeout.connect(lambda: beats.append(time.perf_counter()))
    heartbeat.start()
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert dialog.task is not None and dialog.task.dialog is not None
    assert dialog.task.dialog.findChildren(type(dialog.demo_button))[0].text() == "Hủy"
    qtbot.waitUntil(lambda: dialog.chosen_path is not None, timeout=120_000)
    heartbeat.stop()
    gaps = [b - a for a, b in zip(beats, beats[1:])]
    assert len(beats) > 50
    assert max(gaps) - 0.020 < 0.100, f"the GUI thread was blocked {max(gaps) * 1000:.0f} ms (GC: {gc.get_stats()})"
    db = open_database(dialog.chosen_path)
    assert db["households"].count == 1500


def test_cancel_demo(dialog, qtbot, monkeypatch):
    monkeypatch.setattr(welcome_module, "DEMO_HOUSEHOLDS", 3000)
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    task = dialog.task
    cancel = task.dialog.findChildren(type(dialog.demo_button))[0]
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.waitUntil(lambda: task.dialog is None, timeout=60_000)
    assert dialog.chosen_path is None
    assert not list(dialog.target.parent.glob("xa-mau*.db"))


def test_desktop_opens_and_remembers_the_file(db_path, qtbot, qsettings, no_login):
    from PySide6.QtCore import QSettings

    from ui.app import Desktop

    desktop = Desktop(ACTOR)
    assert desktop.open(db_path)
    qtbot.addWidget(desktop.window)
    assert desktop.window.windowTitle() == f"Công an xã Quảng Tân — {db_path}"  # Qt adds " — Bình Yên"
    assert QSettings().value("database/path") == str(db_path)
    assert desktop.choose(None) == db_path
    desktop.close_current()
