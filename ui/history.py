"""Lịch sử thay đổi of one record (who, when, what before and after), and the audit
log page with filters."""

from __future__ import annotations

from functools import lru_cache

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from storage.query.audit_words import Describer
from storage.query.figure_labels import format_number
from storage.records import audit
from ui import fields as f
from ui.formatting import date_time
from ui.i18n import button_box, tr
from ui.tables import read_only_table
from ui.tasks import run_db_task

HEADERS = ("Lúc", "Người thực hiện", "Việc", "Hồ sơ", "Thay đổi")
FILL_CHUNK = 250  # rows put in the log's table per turn of the event loop


_when = lru_cache(maxsize=4096)(date_time)  # a page of 2,000 entries spans a few hundred minutes


def describe_changes(entry: audit.AuditEntry, words: Describer | None = None) -> str:
    return (words or Describer(None)).changes(entry)


def row_texts(entry: audit.AuditEntry, words: Describer | None = None) -> tuple[str, ...]:
    """What a row shows (plain text: made on a worker for the log page), in an officer's
    words: record kinds, names, field labels, dates dd/MM/yyyy, numbers 18.489."""
    words = words or Describer(None)
    return (_when(entry.at[:16]), entry.actor, audit.action_label(entry.action),
            words.subject(entry), words.changes(entry))


def fill_rows(table: QTableWidget, rows: list[tuple[str, ...]], start: int = 0, stop: int | None = None) -> None:
    for row in range(start, len(rows) if stop is None else min(stop, len(rows))):
        for column, value in enumerate(rows[row]):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(row, column, item)


def fill_table(table: QTableWidget, entries: list[audit.AuditEntry], words: Describer | None = None) -> None:
    table.setRowCount(len(entries))
    fill_rows(table, [row_texts(entry, words) for entry in entries])


def make_table(parent) -> QTableWidget:
    return read_only_table(parent, HEADERS, (130, 150, 100, 230))  # "Người: Nguyễn Văn An" whole


class HistoryDialog(QDialog):
    def __init__(self, db, record_uuid: str, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Lịch sử thay đổi: {0}").format(title))
        self.resize(860, 420)
        self.table = make_table(self)
        entries = list(reversed(audit.history(db, record_uuid)))
        fill_table(self.table, entries, Describer(db))
        buttons = button_box(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)


class AuditPage(QWidget):
    """Nhật ký thao tác: every change, print, export, import, filtered by person, kind
    of action, kind of record and dates."""

    def __init__(self, context):
        super().__init__()
        self.context = context
        self.actor = QComboBox(self)
        # filled by a worker after the page is first shown: grow with the names it brings
        self.actor.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.action = QComboBox(self)
        self.action.addItem(tr("Mọi việc"), None)
        for code, shown in audit.ACTIONS:
            self.action.addItem(shown, code)
        self.since = f.DateField("since", "")
        self.since.build(None, self)
        self.until = f.DateField("until", "")
        self.until.build(None, self)
        self.count = QLabel(self)
        top = QHBoxLayout()
        for label, widget in ((tr("Người:"), self.actor), (tr("Việc:"), self.action),
                              (tr("Từ ngày:"), self.since.widget), (tr("Đến ngày:"), self.until.widget)):
            top.addWidget(QLabel(label, self))
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.count)
        self.table = make_table(self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        for signal in (self.actor.currentIndexChanged, self.action.currentIndexChanged,
                       self.since.widget.dateChanged, self.until.widget.dateChanged):
            signal.connect(lambda *_: self.refresh())
        context.changed.connect(lambda _t: self.load_actors())
        self.load_actors()

    def load_actors(self) -> None:
        """The people who ever acted (a scan of the whole log: 680,000 entries at 80,000
        households) read on a worker, then the entries."""
        def show(names: list[str]) -> None:
            if not shiboken6.isValid(self):
                return
            current = self.actor.currentData()
            self.actor.blockSignals(True)
            self.actor.clear()
            self.actor.addItem(tr("Mọi người"), None)
            for name in names:
                self.actor.addItem(name, name)
            self.actor.setCurrentIndex(max(0, self.actor.findData(current)))
            self.actor.blockSignals(False)
            self.refresh()

        run_db_task(self.context, self, tr("Đang đọc nhật ký thao tác…"),
                    lambda db, _progress, _cancelled: audit.actors(db), show, show_progress=False)

    def refresh(self) -> None:
        """The newest 2,000 entries read and described on a worker, then put in the table
        a few hundred rows per turn of the event loop: the window never waits."""
        filters = {"actor": self.actor.currentData(), "action": self.action.currentData(),
                   "since": self.since.get(), "until": self.until.get()}
        self.asked = getattr(self, "asked", 0) + 1
        asked = self.asked

        def gather(db, _progress, _cancelled):
            found = audit.entries(db, **filters, limit=2000)
            words = Describer(db)
            words.prefetch(found)  # the records' names in a few queries, not two per row
            return [row_texts(entry, words) for entry in found]

        def show(rows: list[tuple[str, ...]]) -> None:
            if not shiboken6.isValid(self) or asked != self.asked:
                return  # closed, or other filters chosen meanwhile
            self.table.setRowCount(len(rows))
            self.count.setText(tr("{0} mục (tối đa 2.000 mục mới nhất)").format(format_number(len(rows))))
            self._fill(rows, asked, 0)

        run_db_task(self.context, self, tr("Đang đọc nhật ký thao tác…"), gather, show, show_progress=False)

    def _fill(self, rows: list[tuple[str, ...]], asked: int, start: int) -> None:
        if not shiboken6.isValid(self) or asked != self.asked:
            return
        stop = start + FILL_CHUNK
        fill_rows(self.table, rows, start, stop)
        if stop < len(rows):
            QTimer.singleShot(0, lambda: self._fill(rows, asked, stop))

    def focus_search(self) -> None:
        self.actor.setFocus()
