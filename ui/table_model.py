"""One Qt table model for every list: it holds the ordered ids of the rows that pass
the search and filters, and fetches the rows' columns lazily, a page at a time, so a
list of 100,000 records opens at once and scrolling to the end stays light.

Reading the ordered ids (sorting and counting a whole table) and matching typed text
run on a worker thread with a read connection of its own (a SQLite connection is never
shared across threads); the result is applied on the GUI thread, so opening, sorting
and filtering a list of 300,000 people never blocks the window. Until the first result
the list is empty and `loading` is true (the page says "Đang tải…"). An in-memory
database (tests) has no file another connection could open: there it all runs at once."""

from __future__ import annotations

import logging
from collections import OrderedDict

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)

from storage.query.listing import ListQuery, database_file
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
log = logging.getLogger("binhyen")


_pool: QThreadPool | None = None


def reader_pool() -> QThreadPool:
    """Two reader threads of their own: a list never waits behind an export or a backup
    running in the global pool."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(2)
        _pool.setExpiryTimeout(30_000)
    return _pool


class _Signals(QObject):
    done = Signal(int, object, object)  # generation, (ordered key, ordered ids), shown ids
    failed = Signal(int, object)


class _Read(QRunnable):
    """Ordered ids (unless the cached ones still hold) and the text's matches, on a
    worker with its own read-only connection."""

    def __init__(self, path: str, spec: ListQuery, generation: int, key, cached, positions, text: str,
                 signals: _Signals):
        super().__init__()
        self.path, self.spec, self.generation = path, spec, generation
        self.key, self.cached, self.positions, self.text, self.signals = key, cached, positions, text, signals
        self.setAutoDelete(True)

    def run(self) -> None:
        from storage.db.connection import open_read_only

        try:
            db = open_read_only(self.path)
            try:
                ordered, positions = self.cached, self.positions
                if ordered is None:
                    conditions, sort, descending = self.key
                    ordered, positions = self.spec.ordered_ids(db, conditions, sort, descending), None
                if self.text.strip() and positions is None:
                    positions = self.spec.positions(ordered)  # kept with the order for the next keystroke
                shown = self.spec.shown(db, self.text, ordered, positions)
                # the first page's columns too (counts per area, the latest pledge …): the
                # rows on screen first are never read on the GUI thread
                first = self.spec.rows(db, shown[:PAGE])
            finally:
                db.close()
            outcome = (self.signals.done, self.generation, (self.key, ordered, positions), (shown, first))
        except BaseException as error:  # handed to the GUI thread
            outcome = (self.signals.failed, self.generation, error)
        try:
            outcome[0].emit(*outcome[1:])
        except RuntimeError:  # the list was closed while it was being read
            pass


class RecordTableModel(QAbstractTableModel):
    loaded = Signal()            # new ids applied (after a refresh, a sort, a filter, typing)
    failed = Signal(object)      # a background read failed; the previous order is kept

    def __init__(self, db, spec: ListQuery, parent=None):
        super().__init__(parent)
        self.db, self.spec = db, spec
        self.ids: list[int] = []
        self.pages: OrderedDict[int, dict[int, tuple]] = OrderedDict()
        self.query_text = ""
        self.filters: dict[str, tuple[str, list]] = {}
        self.sort_column = spec.default_sort
        self.descending = spec.default_descending
        self.path = database_file(db)
        self.generation = 0          # the newest read asked for; older answers are dropped
        self.loading = False
        self.ordered: list[int] = []
        self.positions: dict[int, int] | None = None  # where each id of self.ordered stands
        self.ordered_key = None      # (conditions, sort, descending) that self.ordered is for
        self.working = (dict(self.filters), self.sort_column, self.descending)  # last that read well
        self.signals = _Signals()
        self.signals.done.connect(self._done)
        self.signals.failed.connect(self._failed)
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

    def _key(self):
        return (list(self.filters.values()), self.sort_column, self.descending)

    def refresh(self) -> None:
        """Re-read the ordered ids (after a change, a filter or a new sort)."""
        self.ordered_key = None
        self._read()

    def _apply_text(self) -> None:
        self._read()

    def _read(self) -> None:
        key = self._key()
        cached = self.ordered if self.ordered_key == key else None
        positions = self.positions if cached is not None else None
        if self.path is None:  # in memory: nothing to hand to another thread
            if cached is None:
                cached = self.spec.ordered_ids(self.db, *key)
            self._show((key, cached, None), self.spec.shown(self.db, self.query_text, cached))
            return
        self.generation += 1
        self.loading = True
        reader_pool().start(_Read(self.path, self.spec, self.generation, key, cached, positions, self.query_text,
                                  self.signals))

    def _done(self, generation: int, ordered, result) -> None:
        if generation != self.generation:
            return  # a newer read is on its way
        self.loading = False
        shown, first = result
        self._show(ordered, shown, first)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self.generation:
            return
        self.loading = False
        filters, sort, descending = self.working
        if (filters, sort, descending) != (self.filters, self.sort_column, self.descending):
            # A sort or filter that fails must not leave the list broken for every later
            # refresh: go back to the one that worked, then report the error.
            self.filters, self.sort_column, self.descending = dict(filters), sort, descending
            self.ordered_key = None
            self._read()
        log.error("Không đọc được danh sách %s: %s", self.spec.table, type(error).__name__)
        self.failed.emit(error)

    def _show(self, ordered, shown: list[int], first: dict[int, tuple] | None = None) -> None:
        self.ordered_key, self.ordered, self.positions = ordered
        self.working = (dict(self.filters), self.sort_column, self.descending)
        if shown != self.ids or not self.pages:
            self.beginResetModel()
            self.ids = shown
            self.pages.clear()
            if first is not None:
                self.pages[0] = first
            self.endResetModel()
        else:  # the same rows in the same order: only their values may have changed
            self.pages.clear()
            if first is not None:
                self.pages[0] = first
            if self.ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, len(self.spec.columns) - 1))
        self.loaded.emit()

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until the newest read is applied (the command line, scripts and tests of
        whole flows); the GUI never calls it."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QThread

        deadline = QDeadlineTimer(timeout_ms)
        while self.loading and not deadline.hasExpired():
            QCoreApplication.processEvents()
            if self.loading:
                QThread.msleep(2)
        return not self.loading

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
            self._read()
        except Exception:
            # A sort that fails must not leave the list broken for every later refresh:
            # go back to the order that worked, then let the error be reported.
            self.sort_column, self.descending = previous
            self.refresh()
            raise
