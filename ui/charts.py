"""Small bar charts drawn with QPainter: no chart library needed for three charts.
Colours come from the palette (base, text, highlight, mid), so the charts read in the
light and the dark system themes alike; every bar and column carries its value, and a
month not over yet is drawn hatched with a note."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.formatting import format_number
from ui.i18n import tr


class BarChart(QWidget):
    """Horizontal bars (label, value) or vertical columns for a series over time."""

    def __init__(self, title: str, vertical: bool = False, parent=None):
        super().__init__(parent)
        self.title, self.vertical = title, vertical
        self.items: list[tuple[str, float]] = []
        self.partial: int | None = None
        self.note = ""
        self.values_drawn: list[str] = []  # the value texts of the last paint (what a person sees)
        self.setMinimumHeight(190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_items(self, items: list[tuple[str, float]], *, partial: int | None = None, note: str = "") -> None:
        """`partial`: the index of a column whose period is not over yet (drawn hatched,
        with `note` explaining it)."""
        self.items, self.partial, self.note = items, partial, note
        self.setToolTip("\n".join(f"{label}: {format_number(value)}" for label, value in items))
        self.setAccessibleDescription(self.toolTip())
        self.update()

    def sizeHint(self):  # noqa: N802 (Qt's name)
        return QSize(360, 220)

    def colours(self) -> dict:
        palette = self.palette()
        return {"base": palette.color(QPalette.ColorRole.Base), "text": palette.color(QPalette.ColorRole.Text),
                "bar": palette.color(QPalette.ColorRole.Highlight), "grid": palette.color(QPalette.ColorRole.Mid)}

    def paintEvent(self, _event):  # noqa: N802
        colours = self.colours()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), colours["base"])
        title_font = QFont(self.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(colours["text"])
        painter.drawText(QRectF(8, 4, self.width() - 16, 22), Qt.AlignmentFlag.AlignLeft, self.title)
        painter.setFont(self.font())
        self.values_drawn = []
        if not self.items:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("Chưa có số liệu"))
            return
        top = 30
        peak = max(value for _label, value in self.items) or 1
        if self.vertical:
            self._columns(painter, top, peak, colours)
        else:
            self._bars(painter, top, peak, colours)

    def _bars(self, painter: QPainter, top: int, peak: float, colours: dict) -> None:
        label_width = min(230, int(self.width() * 0.48))
        row = max(16, min(26, (self.height() - top - 6) // max(1, len(self.items))))
        for index, (label, value) in enumerate(self.items):
            y = top + index * row
            painter.setPen(colours["text"])
            painter.drawText(QRectF(8, y, label_width - 12, row), Qt.AlignmentFlag.AlignVCenter
                             | Qt.AlignmentFlag.AlignLeft, painter.fontMetrics().elidedText(
                                 label, Qt.TextElideMode.ElideRight, label_width - 12))
            room = self.width() - label_width - 60
            width = max(2, int(room * value / peak))
            painter.fillRect(QRectF(label_width, y + 4, width, row - 8), colours["bar"])
            text = format_number(value)
            painter.drawText(QRectF(label_width + width + 6, y, 60, row), Qt.AlignmentFlag.AlignVCenter, text)
            self.values_drawn.append(text)

    def _columns(self, painter: QPainter, top: int, peak: float, colours: dict) -> None:
        metrics = painter.fontMetrics()
        bottom = self.height() - 22
        count = len(self.items)
        slot = (self.width() - 16) / count
        if self.partial is not None and self.note:
            painter.setPen(colours["text"])
            painter.drawText(QRectF(8, 4, self.width() - 16, 22), Qt.AlignmentFlag.AlignRight, self.note)
        painter.setPen(colours["grid"])
        painter.drawLine(8, bottom, self.width() - 8, bottom)
        step = max(1, count // 8)
        column_top = top + metrics.height()  # room for the values above the columns
        for index, (label, value) in enumerate(self.items):
            x = 8 + index * slot
            height = (bottom - column_top) * value / peak
            column = QRectF(x + slot * 0.15, bottom - height, slot * 0.7, height)
            if index == self.partial:  # not over yet: hatched, outlined
                painter.fillRect(column, QBrush(colours["bar"], Qt.BrushStyle.BDiagPattern))
                painter.setPen(QPen(colours["bar"], 1))
                painter.drawRect(column)
            else:
                painter.fillRect(column, colours["bar"])
            painter.setPen(colours["text"])
            text = format_number(value)
            if metrics.horizontalAdvance(text) <= slot - 2:  # values never touch each other
                painter.drawText(QRectF(x - 2, bottom - height - metrics.height(), slot + 4, metrics.height()),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, text)
                self.values_drawn.append(text)
            if index % step == 0:
                painter.drawText(QRectF(x - 10, bottom + 2, slot + 20, 18), Qt.AlignmentFlag.AlignHCenter,
                                 label)
