"""Small bar charts drawn with QPainter: no chart library needed for three charts."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.formatting import format_number

BAR = QColor("#2f6f9f")
TEXT = QColor("#222222")
GRID = QColor("#dddddd")


class BarChart(QWidget):
    """Horizontal bars (label, value) or vertical columns for a series over time."""

    def __init__(self, title: str, vertical: bool = False, parent=None):
        super().__init__(parent)
        self.title, self.vertical = title, vertical
        self.items: list[tuple[str, float]] = []
        self.setMinimumHeight(190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_items(self, items: list[tuple[str, float]]) -> None:
        self.items = items
        self.update()

    def sizeHint(self):  # noqa: N802 (Qt's name)
        return QSize(360, 220)

    def paintEvent(self, _event):  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        title_font = QFont(self.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(TEXT)
        painter.drawText(QRectF(8, 4, self.width() - 16, 22), Qt.AlignmentFlag.AlignLeft, self.title)
        painter.setFont(self.font())
        if not self.items:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Chưa có số liệu")
            return
        top = 30
        peak = max(value for _label, value in self.items) or 1
        if self.vertical:
            self._columns(painter, top, peak)
        else:
            self._bars(painter, top, peak)

    def _bars(self, painter: QPainter, top: int, peak: float) -> None:
        label_width = min(230, int(self.width() * 0.48))
        row = max(16, min(26, (self.height() - top - 6) // max(1, len(self.items))))
        for index, (label, value) in enumerate(self.items):
            y = top + index * row
            painter.setPen(TEXT)
            painter.drawText(QRectF(8, y, label_width - 12, row), Qt.AlignmentFlag.AlignVCenter
                             | Qt.AlignmentFlag.AlignLeft, painter.fontMetrics().elidedText(
                                 label, Qt.TextElideMode.ElideRight, label_width - 12))
            room = self.width() - label_width - 60
            width = max(2, int(room * value / peak))
            painter.fillRect(QRectF(label_width, y + 4, width, row - 8), BAR)
            painter.drawText(QRectF(label_width + width + 6, y, 60, row), Qt.AlignmentFlag.AlignVCenter,
                             format_number(value))

    def _columns(self, painter: QPainter, top: int, peak: float) -> None:
        bottom = self.height() - 22
        count = len(self.items)
        slot = (self.width() - 16) / count
        painter.setPen(GRID)
        painter.drawLine(8, bottom, self.width() - 8, bottom)
        step = max(1, count // 8)
        for index, (label, value) in enumerate(self.items):
            x = 8 + index * slot
            height = (bottom - top - 14) * value / peak
            painter.fillRect(QRectF(x + slot * 0.15, bottom - height, slot * 0.7, height), BAR)
            painter.setPen(TEXT)
            if index % step == 0:
                painter.drawText(QRectF(x - 10, bottom + 2, slot + 20, 18), Qt.AlignmentFlag.AlignHCenter,
                                 label)
