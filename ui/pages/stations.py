"""Các xã (aggregator): every commune of the province, who has and hasn't reported for
a period, each one's newest package; importing packages from files or a folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from storage.exchange.aggregate import reporting_grid
from storage.exchange.importer import is_package
from storage.query.periods import station_period
from ui.formatting import date_time
from ui.i18n import file_dialog, tr
from ui.import_dialog import start_import
from ui.periods import period_combo
from ui.tables import read_only_table
from ui.theme import attention_colours


class StationsPage(QWidget):
    HEADERS = ("Xã, phường, đặc khu", "Kỳ này", "Gói gần nhất", "Kỳ của gói gần nhất", "Nhập lúc")

    def __init__(self, context):
        super().__init__()
        self.context = context
        self.period = period_combo(self)
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.count = QLabel(self)
        self.import_button = QPushButton(tr("Nhập gói…"), self)
        self.import_button.clicked.connect(self.import_files)
        self.folder_button = QPushButton(tr("Nhập cả thư mục…"), self)
        self.folder_button.clicked.connect(self.import_folder)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Kỳ:"), self))
        top.addWidget(self.period)
        top.addWidget(self.count, 1)
        top.addWidget(self.import_button)
        top.addWidget(self.folder_button)
        self.table = read_only_table(self, self.HEADERS, (280, 110, 120, 170))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        context.changed.connect(lambda _t: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        period = station_period(self.context.db, self.period.currentData())
        grid = reporting_grid(self.context.db, period.code)
        self.grid = grid
        self.table.setRowCount(len(grid))
        for row, status in enumerate(grid):
            values = (status.commune_name, tr("đã gửi") if status.reported else tr("chưa gửi"),
                      str(status.last_sequence or ""), status.last_period or "", date_time(status.last_imported))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if not status.reported:
                    background, text = attention_colours(self)  # reads on light and dark
                    item.setBackground(QBrush(background))
                    item.setForeground(QBrush(text))
                self.table.setItem(row, column, item)
        done = sum(s.reported for s in grid)
        self.count.setText(tr("{0}/{1} đơn vị đã gửi số liệu {2}").format(done, len(grid), period.label))

    def import_files(self, files: list[str] | None = None) -> None:
        files = files or file_dialog(self, tr("Chọn các gói của xã"), filters=tr("Gói Bình Yên (*.byx);;Mọi tệp (*)"),
                                     multiple=True)
        if files:
            start_import(self.context, self, [Path(f) for f in files])

    def import_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, tr("Chọn thư mục chứa các gói"))
        if folder:
            paths = sorted(p for p in Path(folder).iterdir() if p.is_file() and is_package(p))
            if paths:
                start_import(self.context, self, paths)
            else:
                self.count.setText(tr("Thư mục đã chọn không có gói nào của Bình Yên."))

    def focus_search(self) -> None:
        self.period.setFocus()
