"""Thùng rác: every deleted record, who deleted it and when; restore, or empty after
confirmation."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from operations import records
from storage.errors import StorageError
from storage.records import trash
from ui.errors import show_error
from ui.formatting import date_time, format_number
from ui.i18n import ask, tr
from ui.tables import read_only_table
from ui.tasks import run_db_task


class TrashPage(QWidget):
    HEADERS = ("Loại hồ sơ", "Tên", "Xóa lúc", "Người xóa")

    def __init__(self, context):
        super().__init__()
        self.context = context
        self.items: list[trash.TrashItem] = []
        self.table = read_only_table(self, self.HEADERS, (200, 320, 150))
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())
        self.count = QLabel(self)
        self.restore_button = QPushButton(tr("Khôi phục"), self)
        self.restore_button.clicked.connect(self.restore_selected)
        self.empty_button = QPushButton(tr("Dọn sạch thùng rác…"), self)
        self.empty_button.clicked.connect(self.empty)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.empty_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        layout = QVBoxLayout(self)
        note = QLabel(tr("Hồ sơ đã xóa nằm ở đây cho đến khi dọn thùng rác; khôi phục để dùng lại."), self)
        layout.addWidget(note)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.stale = False
        self.asked = 0
        context.changed.connect(lambda _t: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        """The trash read on a worker (every table's deleted rows: half a second at 80,000
        households), shown when ready; while the page is hidden it is only marked to be
        read when shown (a print or an export used to make it read on the GUI thread)."""
        if not self.isVisible():
            self.stale = True
            return
        self.stale = False
        self.asked += 1
        asked = self.asked

        def show(found) -> None:
            if shiboken6.isValid(self) and asked == self.asked:
                self.show_items(found)

        run_db_task(self.context, self, tr("Đang đọc thùng rác…"), lambda db, _p, _c: trash.items(db), show,
                    show_progress=False)

    def showEvent(self, event):  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def show_items(self, found: list) -> None:
        self.items = found
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            for column, value in enumerate((tr(item.kind_label).capitalize(), item.name,
                                            date_time(item.deleted_at), item.deleted_by or "")):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.ItemDataRole.UserRole, row)
                self.table.setItem(row, column, cell)
        self.count.setText(tr("{0} hồ sơ trong thùng rác").format(format_number(len(self.items))))
        self.empty_button.setEnabled(bool(self.items))

    def restore_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows:
            return
        try:
            self.context.run(records.restore, [(self.items[row].table, self.items[row].id) for row in rows])
        except StorageError as error:
            show_error(self, error)
            return
        self.context.status.emit(tr("Đã khôi phục {0} hồ sơ.").format(format_number(len(rows))))

    def empty(self) -> None:
        if not ask(self, tr("Dọn sạch thùng rác"),
                   tr("Xóa hẳn {0} hồ sơ trong thùng rác? Việc này không hoàn tác được "
                      "(nhật ký thao tác vẫn được giữ).").format(format_number(len(self.items)))):
            return
        try:
            erased = self.context.run(records.empty_trash)
        except StorageError as error:
            show_error(self, error)
            return
        kept = len(trash.items(self.context.db))
        message = tr("Đã xóa hẳn {0} hồ sơ.").format(format_number(erased))
        if kept:
            message += " " + tr("{0} hồ sơ còn được hồ sơ khác tham chiếu nên được giữ lại.").format(
                format_number(kept))
        self.context.status.emit(message)

    def focus_search(self) -> None:
        self.table.setFocus()
