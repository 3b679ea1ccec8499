"""The program's icon and taskbar identity: the red shield with the yellow star that
packaging/make_icon.py draws for the installer (resources/binhyen.png in the bundle),
drawn here with QPainter when that file is not there (running from source)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QPolygonF

PNG = Path(__file__).resolve().parent.parent / "resources" / "binhyen.png"
SIZES = (16, 24, 32, 48, 64, 128, 256)
RED, YELLOW, DARK = QColor(200, 16, 46), QColor(255, 205, 0), QColor(120, 8, 24)
APP_ID = "BinhYen.BinhYen"  # Windows groups the windows under this on the taskbar


def _shield(size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    margin, top, inset = size * 0.08, size * 0.06, size * 0.035

    def polygon(points):
        return QPolygonF([QPointF(x, y) for x, y in points])

    painter.setBrush(DARK)
    painter.drawPolygon(polygon([(margin, top), (size - margin, top), (size - margin, size * 0.52),
                                 (size / 2, size - top), (margin, size * 0.52)]))
    painter.setBrush(RED)
    painter.drawPolygon(polygon([(margin + inset, top + inset), (size - margin - inset, top + inset),
                                 (size - margin - inset, size * 0.515), (size / 2, size - top - inset * 1.6),
                                 (margin + inset, size * 0.515)]))
    cx, cy, outer = size / 2, size * 0.42, size * 0.26
    star = []
    for point in range(10):
        radius = outer if point % 2 == 0 else outer * 0.4
        angle = -math.pi / 2 + point * math.pi / 5
        star.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    painter.setBrush(YELLOW)
    painter.drawPolygon(polygon(star))
    painter.end()
    return pixmap


def app_icon() -> QIcon:
    if PNG.exists():
        icon = QIcon(str(PNG))
        if not icon.isNull():
            return icon
    icon = QIcon()
    for size in SIZES:
        icon.addPixmap(_shield(size))
    return icon


def install(app) -> None:
    """Window icon for every window, and the identity the taskbar groups them by."""
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("binhyen")  # Linux: matches binhyen.desktop
    if sys.platform == "win32":
        try:
            import ctypes

            ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(APP_ID)
        except (AttributeError, OSError):  # an old Windows: the taskbar groups by program instead
            pass
