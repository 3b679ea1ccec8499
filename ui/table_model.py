"""One Qt table model for every list: it holds the ordered ids of the rows that pass
the search and filters, and fetches the rows' columns lazily, a page at a time, so a
list of 100,000 records opens at once and scrolling to the end stays light."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from storage.query.listing import ListQuery
from storage.records.people import mask_cccd
from ui.formatting import date_time, format_date, format_number, yes_no

FORMATS = {
    "date": lambda v: format_date(str(v)) if v and len(str(v)) == 10 else ("" if v is None else str(v)),
    "datetime": date_time,
    "number": lambda v: "" if v is None else format_number(v),
    "flag": yes_no,
    "cccd": mask_cccd,  # lists show only the last four digits
    "text": lambda v: "" if v is None else str(v),
}

RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROOT = QModelIndex()
PAGE = 100
MAX_PAGES = 60  # about 6,000 rows kept in memory at most


class RecordTableModel(QAbstractTableModel):
    def __init__(self, db, spec: ListQuery, parent=None):
        super().__init__(parent)
        self.db, self.spec = db, spec
        self.ids: list[int] = []
        self.pages: OrderedDict[int, dict[int, tuple]] = OrderedDict()
        self.query_text = ""
        self.filters: dict[str, tuple[str, list]] = {}
        self.sort_column = spec.default_sort
        self.descending = spec.default_descending
        self.refresh()

    # ---- what is shown -----------------------------------------------------------
    def set_query(self, text: str) -> None:
        """Typing only intersects the cached ordered ids with the text's matches."""
        if text != self.query_text:
            self.query_text = text
            self._apply_text()

    def set_filter(self, name: str, condition: str | None, params: list | None = None) -> None:
        previous = dict(self.filters)
        if condition is None:
            self.filters.pop(name, None)
        else:
            self.filters[name] = (condition, params or [])
        try:
            self.refresh()
        except Exception:
            self.filters = previous
            self.refresh()
            raise

    def refresh(self) -> None:
        """Re-read the ordered ids (after a change, a filter or a new sort)."""
        self.ordered = self.spec.ordered_ids(self.db, list(self.filters.values()), self.sort_column,
                                             self.descending)
        self._apply_text()

    def _apply_text(self) -> None:
        found = self.spec.matching(self.db, self.query_text)
        self.beginResetModel()
        self.ids = self.ordered if found is None else [i for i in self.ordered if i in found]
        self.pages.clear()
        self.endResetModel()

    def _page(self, number: int) -> dict[int, tuple]:
        if number in self.pages:
            self.pages.move_to_end(number)
            return self.pages[number]
        page = self.spec.rows(self.db, self.ids[number * PAGE:(number + 1) * PAGE])
        self.pages[number] = page
        while len(self.pages) > MAX_PAGES:
            self.pages.popitem(last=False)
        return page

    def row_values(self, row: int) -> tuple | None:
        record_id = self.ids[row]
        return self._page(row // PAGE).get(record_id)

    def record_id(self, row: int) -> int | None:
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def row_of(self, record_id: int) -> int:
        try:
            return self.ids.index(record_id)
        except ValueError:
            return -1

    # ---- Qt ----------------------------------------------------------------------
    def rowCount(self, parent=ROOT):  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent=ROOT):  # noqa: N802
        return 0 if parent.isValid() else len(self.spec.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.spec.columns[section].header
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == RECORD_ID_ROLE:
            return self.record_id(index.row())
        column = self.spec.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            values = self.row_values(index.row())
            if values is None:
                return None
            return FORMATS[column.kind](values[index.column()])
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind == "number":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            values = self.row_values(index.row())
            value = values[index.column()] if values else None
            return str(value) if value and column.kind == "text" and len(str(value)) > 40 else None
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        if not 0 <= column < len(self.spec.columns) or (column, descending) == (self.sort_column,
                                                                                 self.descending):
            return  # Qt asks again for the order already shown (set-up, restored headers)
        previous = self.sort_column, self.descending
        self.sort_column, self.descending = column, descending
        try:
            self.refresh()
        except Exception:
            # A sort that fails must not leave the list broken for every later refresh:
            # go back to the order that worked, then let the error be reported.
            self.sort_column, self.descending = previous
            self.refresh()
            raise
