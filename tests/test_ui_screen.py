"""Everything fits a 1366×768 laptop (1366×728 available above the task bar) and a
1280×720 one: the main window opens maximized at first start, every page shows whole,
every dialog fits, scrolls vertically when it must and never sideways, and no field is
cut; "&" in page names shows as "&" in the Xem menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QScrollArea,
    QTabWidget,
    QWidget,
)

from operations.base import ADMIN, Actor
from storage.records import accounts
from tests.conftest import ACTOR
from ui import screen
from ui.list_page import ListPage

LAPTOP = QRect(0, 0, 1366, 728)
SMALL = QRect(0, 0, 1280, 680)


@pytest.fixture
def laptop(monkeypatch, qapp):
    area = {"rect": LAPTOP}
    monkeypatch.setattr(screen, "available", lambda widget=None: area["rect"])
    return area


def _inside_scroll_content(widget: QWidget, top: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        if parent is top:
            return False
        parent = parent.parentWidget()
    return False


def cut(top: QWidget) -> list[str]:
    """Widgets shown smaller than their minimum or reaching outside their parent, and
    scroll areas that would scroll sideways."""
    QApplication.processEvents()
    problems = []
    for widget in top.findChildren(QWidget):
        if widget.isWindow() or not widget.isVisibleTo(top) or _inside_scroll_content(widget, top):
            continue
        if isinstance(widget.parentWidget(), (QAbstractSpinBox, QComboBox)):
            continue  # the editor inside a spin or combo box: sized by the style, not a layout
        name = f"{type(widget).__name__} {widget.objectName() or getattr(widget, 'text', lambda: '')()!r}"
        hint = widget.minimumSizeHint().expandedTo(widget.minimumSize())
        if hint.isValid() and (widget.width() < hint.width() or widget.height() < hint.height()):
            problems.append(f"{name}: {widget.width()}×{widget.height()} < {hint.width()}×{hint.height()}")
        parent = widget.parentWidget()
        if parent is not None and not parent.rect().contains(widget.geometry()):
            problems.append(f"{name}: {widget.geometry()} outside {parent.rect()}")
    for area in [top] + top.findChildren(QScrollArea):
        if not isinstance(area, QScrollArea) or not area.isVisibleTo(top) or area.widget() is None:
            continue
        if area.horizontalScrollBar().maximum() > 0:
            problems.append(f"scrolls sideways: {area.objectName() or type(area.parentWidget()).__name__}")
        inner = area.widget()
        if inner.width() < inner.minimumSizeHint().width():
            problems.append(f"{type(area.parentWidget()).__name__}: content {inner.width()} < "
                            f"{inner.minimumSizeHint().width()} wide")
    return problems


def fits(dialog: QWidget, area: QRect) -> list[str]:
    frame = QSize(dialog.width() + screen.FRAME.width(), dialog.height() + screen.FRAME.height())
    problems = [] if area.width() >= frame.width() and area.height() >= frame.height() else [
        f"{dialog.windowTitle()}: {frame.width()}×{frame.height()} larger than {area.width()}×{area.height()}"]
    return problems + [f"{dialog.windowTitle()}: {p}" for p in cut(dialog)]


def test_first_start_is_maximized(window):
    assert window.windowState() & Qt.WindowState.WindowMaximized
    assert window.minimumSizeHint().width() <= 1280


@pytest.mark.parametrize("area", [LAPTOP, SMALL], ids=["1366x768", "1280x720"])
def test_every_page_shows_whole(window, laptop, area, qtbot):
    laptop["rect"] = area
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(screen.room(window))
    problems = []
    for key, _label, _factory in window.page_list:
        page = window.navigate(key)
        tabs = [page.widget(i) for i in range(page.count())] if isinstance(page, QTabWidget) else [page]
        for index, tab in enumerate(tabs):
            if isinstance(page, QTabWidget):
                page.setCurrentIndex(index)
            problems += [f"{key}/{index}: {p}" for p in cut(tab)]
            if tab.width() < tab.minimumSizeHint().width():
                problems.append(f"{key}/{index}: page {tab.width()} < {tab.minimumSizeHint().width()}")
    assert problems == []


def _shown(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _every_form(window):
    for key, _label, _factory in window.page_list:
        page = window.navigate(key)
        for lister in ([page] if isinstance(page, ListPage) else page.findChildren(ListPage)):
            yield lister.key, lister.open_form()


def test_every_record_form_fits_and_scrolls_only_down(window, laptop, qtbot):
    problems, seen = [], []
    for key, form in _every_form(window):
        seen.append(key)
        _shown(qtbot, form)
        problems += fits(form, LAPTOP)
        form.close()
    assert {"people", "households", "mediation", "patrols", "teams", "reviews"} <= set(seen)
    assert problems == []


def test_the_mediation_form_shows_its_parties_table_whole(window, laptop, qtbot):
    form = _shown(qtbot, window.navigate("mediation").open_form())
    table = form.field("people").table
    width = sum(table.columnWidth(c) for c in range(table.columnCount()))
    assert table.viewport().width() >= width - 1
    assert form.height() + screen.FRAME.height() <= LAPTOP.height()
    assert form.scroll.verticalScrollBar().maximum() > 0  # long: it scrolls down instead


def test_other_dialogs_fit(window, laptop, qtbot, db, tmp_path):
    from ui.backups_dialog import BackupsDialog
    from ui.export_dialog import ExportDialog
    from ui.history import HistoryDialog
    from ui.login import AccountDialog, LoginDialog, PasswordDialog
    from ui.pages.teams import RoleDialog
    from ui.print_dialog import PrintDialog
    from ui.welcome import WelcomeDialog

    admin = accounts.create(db, ACTOR, username="quantri", full_name="Nguyễn Văn Quản", role=accounts.ADMIN,
                            password="mat-khau-123")
    dialogs = [LoginDialog(db, "Công an xã Thanh Lâm"), AccountDialog(db, Actor(ACTOR, ADMIN), first=True),
               PasswordDialog(db, admin), WelcomeDialog(ACTOR, tmp_path / "moi.db"),
               PrintDialog(window.context, window), ExportDialog(window.context, window),
               BackupsDialog(tmp_path / "station.db", window),
               HistoryDialog(db, "khong-co", "Hồ sơ", window),
               RoleDialog(window, "Đổi vai trò", with_role=True)]
    problems = []
    for dialog in dialogs:
        _shown(qtbot, dialog)
        problems += fits(dialog, LAPTOP)
        dialog.close()
    assert problems == []


def test_a_window_larger_than_the_screen_is_brought_inside(laptop, qtbot):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.resize(1500, 900)
    dialog.move(300, 200)
    screen.fit(dialog)
    assert dialog.size() == QSize(1366 - screen.FRAME.width(), 728 - screen.FRAME.height())
    assert LAPTOP.contains(dialog.frameGeometry().topLeft())


def test_the_guide_fits_a_small_screen(laptop, qtbot):
    from ui.help import HelpDialog

    laptop["rect"] = QRect(0, 0, 800, 560)
    dialog = _shown(qtbot, HelpDialog())
    assert fits(dialog, laptop["rect"]) == []


def test_ampersand_in_page_names_is_shown_not_underlined(window):
    go_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Xem")
    texts = [a.text() for a in go_menu.actions()]
    assert "Tổ && thành viên" in texts and "Tổ & thành viên" not in texts
    assert "Hộ gia đình && cam kết" in texts
    assert all("&" not in t.replace("&&", "") for t in texts)


def test_the_check_sees_a_cut_field_and_a_sideways_scroll(qtbot):
    """The checks above can fail: a field squeezed below its minimum, a table wider
    than its form's scroll area."""
    from PySide6.QtWidgets import QLineEdit, QTableWidget, QVBoxLayout

    holder = QWidget()
    qtbot.addWidget(holder)
    squeezed = QLineEdit(holder)
    squeezed.setGeometry(0, 0, 10, 10)  # no layout keeps it whole
    area = QScrollArea(holder)
    area.setGeometry(0, 40, 200, 150)
    area.setWidgetResizable(True)
    inner = QWidget()
    QVBoxLayout(inner).addWidget(QTableWidget(2, 2, inner))
    inner.setMinimumWidth(600)
    area.setWidget(inner)
    holder.resize(320, 200)
    holder.show()
    qtbot.waitExposed(holder)
    problems = cut(holder)
    assert any(p.startswith("QLineEdit") and ": 10×10 < " in p for p in problems)
    assert any(p.startswith("scrolls sideways") for p in problems)


def test_a_status_message_never_writes_over_the_station_name(window, qtbot):
    window.statusBar().showMessage("Nhắc việc: 8 địa bàn chưa đăng ký (hạn 31/03)")
    QApplication.processEvents()
    label = window.status_label
    assert label.isVisible() and label.text().startswith("Công an xã Thanh Lâm")
    message_width = window.statusBar().fontMetrics().horizontalAdvance(window.statusBar().currentMessage())
    assert label.geometry().left() > message_width  # side by side, not on top of each other
