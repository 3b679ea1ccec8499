"""Trợ giúp → Hướng dẫn sử dụng: the guide docs/huong-dan.md inside the app, F1 opening
the part for the page in front; every page has its part and every picture exists."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ui import help as guide
from ui import main_window


def test_the_help_menu(window):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "Trợ &giúp")
    texts = [(a.text(), a.shortcut().toString()) for a in menu.actions()]
    assert texts == [("Hướng dẫn sử dụng", "F1"), ("Giới thiệu", "")]


def test_f1_opens_the_part_for_the_page_in_front(window, qtbot):
    window.navigate("mediation")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.help_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    assert dialog.current_key() == "mediation"
    assert dialog.list.currentItem().text() == "Hòa giải"
    assert "Sổ theo dõi hoạt động hòa giải ở cơ sở" in dialog.browser.toPlainText()
    assert dialog.browser.horizontalScrollBar().maximum() == 0  # the screenshot fits its width
    window.navigate("areas")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.help_dialog is dialog and dialog.current_key() == "areas"
    assert "Tổ dân phố số 2" in dialog.browser.toPlainText()
    dialog.close()


def test_every_page_has_its_part_in_the_guide():
    keys = {part.key for part in guide.parts()}
    pages = {key for key, _label, _factory in main_window.STATION_PAGES + main_window._aggregator_pages()}
    assert pages - keys == set()
    assert {"", "start", "accounts", "dates"} <= keys


def test_every_picture_in_the_guide_exists():
    path = guide.guide_path()
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", path.read_text(encoding="utf-8"))
    assert len(pictures) >= 15
    assert [p for p in pictures if not (path.parent / p).exists()] == []


def test_a_page_without_a_part_opens_the_introduction(qtbot):
    dialog = guide.HelpDialog(key="khong-co-trang-nay")
    qtbot.addWidget(dialog)
    assert dialog.current_key() == "" and dialog.list.currentItem().text() == "Giới thiệu"
    assert "Bình Yên là sổ sách phong trào toàn dân bảo vệ an ninh Tổ quốc" in dialog.browser.toPlainText()
