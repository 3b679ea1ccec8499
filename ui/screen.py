"""Windows that fit the screen they open on: the main window maximized at first start,
every dialog no larger than the screen's available area (a form scrolls vertically
instead, never sideways) and placed inside it. 1366×768 laptops with a task bar leave
1366×728 available; the tests use exactly that."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QWidget

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


def fit(window: QWidget) -> None:
    """Shrink `window` to the screen's room if larger, and move it inside the area."""
    space, area = room(window), available(window)
    size = window.size().boundedTo(space).expandedTo(window.minimumSize().boundedTo(space))
    if size != window.size():
        window.resize(size)
    geometry = window.frameGeometry()
    x = min(max(geometry.x(), area.left()), max(area.left(), area.right() - geometry.width()))
    y = min(max(geometry.y(), area.top()), max(area.top(), area.bottom() - geometry.height()))
    if (x, y) != (geometry.x(), geometry.y()):
        window.move(x, y)


class DialogFitter(QObject):
    """Fits every dialog to its screen the first time it shows (an application-wide
    event filter: no dialog needs to remember it)."""

    def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog) and watched.isWindow():
            if not watched.property("binhyen_fitted"):
                watched.setProperty("binhyen_fitted", True)
                fit(watched)
        return False


def install(app: QApplication) -> DialogFitter:
    fitter = getattr(app, "_binhyen_fitter", None)
    if fitter is None:
        fitter = DialogFitter(app)
        app.installEventFilter(fitter)
        app._binhyen_fitter = fitter
    return fitter
