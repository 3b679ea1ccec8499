"""Lịch sử thay đổi of one record (who, when, what before and after), and the audit
log page with filters."""

from __future__ import annotations

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

from storage import labels, vocabulary
from storage.records import audit
from ui import fields as f
from ui.formatting import date_time
from ui.i18n import button_box, tr
from ui.tables import read_only_table

HEADERS = ("Lúc", "Người thực hiện", "Việc", "Hồ sơ", "Thay đổi")


def describe_changes(entry: audit.AuditEntry) -> str:
    action = vocabulary.code_of("audit_action", entry.action)  # old entries hold the label
    if action == "create":
        return tr("tạo mới")
    if action == "delete":
        return tr("chuyển vào thùng rác")
    if action == "restore":
        return tr("lấy lại từ thùng rác")
    parts = []
    for key, before, after in audit.changes(entry):
        if key == "deleted_at":
            continue
        before = vocabulary.column_label(entry.table_name, key, before)
        after = vocabulary.column_label(entry.table_name, key, after)
        parts.append(f"{labels.field(key)}: {before if before not in (None, '') else '—'} → "
                     f"{after if after not in (None, '') else '—'}")
    return "; ".join(parts)


def fill_table(table: QTableWidget, entries: list[audit.AuditEntry]) -> None:
    table.setRowCount(len(entries))
    for row, entry in enumerate(entries):
        for column, value in enumerate((date_time(entry.at[:16]), entry.actor, audit.action_label(entry.action),
                                        labels.table(entry.table_name), describe_changes(entry))):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(row, column, item)


def make_table(parent) -> QTableWidget:
    return read_only_table(parent, HEADERS, (130, 160, 110, 130))


class HistoryDialog(QDialog):
    def __init__(self, db, record_uuid: str, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Lịch sử thay đổi: {0}").format(title))
        self.resize(860, 420)
        self.table = make_table(self)
        entries = list(reversed(audit.history(db, record_uuid)))
        fill_table(self.table, entries)
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
        current = self.actor.currentData()
        self.actor.blockSignals(True)
        self.actor.clear()
        self.actor.addItem(tr("Mọi người"), None)
        for name in audit.actors(self.context.db):
            self.actor.addItem(name, name)
        self.actor.setCurrentIndex(max(0, self.actor.findData(current)))
        self.actor.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        entries = audit.entries(self.context.db, actor=self.actor.currentData(), action=self.action.currentData(),
                                since=self.since.get(), until=self.until.get(), limit=2000)
        fill_table(self.table, entries)
        self.count.setText(tr("{0} mục (tối đa 2.000 mục mới nhất)").format(len(entries)))

    def focus_search(self) -> None:
        self.actor.setFocus()
