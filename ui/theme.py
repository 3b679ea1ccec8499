"""Colours that read in the light and the dark system theme. Most of the interface takes
its colours from the palette (style sheets say palette(base), palette(text) …); the few
colours of meaning (an error in red, a row that needs attention) come from here, chosen
for the theme in use."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget


def is_dark(widget: QWidget | None = None) -> bool:
    palette = widget.palette() if widget is not None else QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_colour(widget: QWidget | None = None) -> str:
    """Red for a message under a field: dark red on light, light red on dark."""
    return "#ff8a80" if is_dark(widget) else "#b00020"


def error_style(widget: QWidget | None = None, *, bold: bool = False) -> str:
    return f"color: {error_colour(widget)};" + (" font-weight: bold;" if bold else "")


def note_style(padding: int = 10) -> str:
    """A boxed note (reminders, hints): the palette's alternate base and text colours."""
    return (f"background: palette(alternate-base); color: palette(text); padding: {padding}px; "
            "border: 1px solid palette(mid);")


def attention_colours(widget: QWidget | None = None) -> tuple[QColor, QColor]:
    """(background, text) of a table row that needs attention (a station not reported)."""
    if is_dark(widget):
        return QColor("#5c1f1f"), QColor("#ffe0e0")
    return QColor("#fde8e8"), QColor("#5c0000")
