"""Windows that fit the screen they open on: the main window maximized at first start,
every dialog no larger than the screen's available area (a form scrolls vertically
instead, never sideways) and placed inside it. 1366×768 laptops with a task bar leave
1366×728 available; the tests use exactly that. Dialogs sized by their content are
kept inside the screen by Qt itself; a dialog given a size of its own calls
fit_size() (no application-wide event filter: it would run Python for every event)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# What a desktop adds around a window: its frame and title bar.
FRAME = QSize(16, 40)


def available(widget: QWidget | None = None) -> QRect:
    """The available area (without task bar) of the screen `widget` is on."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def room(widget: QWidget | None = None) -> QSize:
    """The largest client size a window may take on its screen."""
    area = available(widget)
    return QSize(area.width() - FRAME.width(), area.height() - FRAME.height())


def fit_size(window: QWidget) -> None:
    """Shrink `window` to the screen's room if it is larger (a dialog given a size of
    its own: Qt places it over its parent, inside the screen, when it shows)."""
    space = room(window)
    size = window.size().boundedTo(space).expandedTo(window.minimumSize().boundedTo(space))
    if size != window.size():
        window.resize(size)


def fit(window: QWidget) -> None:
    """Shrink `window` to the screen's room if larger, and move it inside the area."""
    fit_size(window)
    area = available(window)
    geometry = window.frameGeometry()
    x = min(max(geometry.x(), area.left()), max(area.left(), area.right() - geometry.width()))
    y = min(max(geometry.y(), area.top()), max(area.top(), area.bottom() - geometry.height()))
    if (x, y) != (geometry.x(), geometry.y()):
        window.move(x, y)
