"""The read-only tables of pages and dialogs (trash, stations, history …), set up alike."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableWidget

from ui.i18n import tr


def read_only_table(parent, headers, widths=(), rows: int = 0) -> QTableWidget:
    """Whole-row selection, no editing, the last column stretched; `widths` for the
    first columns, in pixels."""
    table = QTableWidget(rows, len(headers), parent)
    table.setHorizontalHeaderLabels([tr(h) for h in headers])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    return table
