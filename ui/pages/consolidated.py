"""Tổng hợp (aggregator): the period's figures summed over the stations, each
station's own, and the consolidated report as PDF or Excel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from operations import documents, reports
from storage.documents import gather as printouts
from storage.errors import StorageError
from storage.query import figure_labels
from storage.query.periods import station_period
from ui.errors import show_error
from ui.i18n import file_dialog, tr
from ui.periods import period_combo
from ui.printer import open_file  # says in words when no viewer opens it
from ui.system import documents_folder
from ui.tasks import run_operation


def _number(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class ConsolidatedPage(QWidget):
    def __init__(self, context):
        super().__init__()
        self.context = context
        self.period = period_combo(self)
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.pdf_button = QPushButton(tr("Báo cáo tổng hợp (PDF)…"), self)
        self.pdf_button.clicked.connect(lambda: self.save_report("pdf"))
        self.xlsx_button = QPushButton(tr("Xuất Excel…"), self)
        self.xlsx_button.clicked.connect(lambda: self.save_report("xlsx"))
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Kỳ:"), self))
        top.addWidget(self.period)
        top.addWidget(self.heading, 1)
        top.addWidget(self.pdf_button)
        top.addWidget(self.xlsx_button)
        self.totals = QTableWidget(0, 2, self)
        self.totals.setHorizontalHeaderLabels([tr("Nội dung"), tr("Tổng số")])
        self.totals.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.totals.horizontalHeader().setStretchLastSection(True)
        self.totals.setColumnWidth(0, 620)
        self.stations = QTableWidget(0, 1 + len(printouts.STATION_COLUMNS), self)
        self.stations.setHorizontalHeaderLabels([tr("Đơn vị")] + [tr(h) for _p, h in printouts.STATION_COLUMNS])
        self.stations.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.stations.setColumnWidth(0, 260)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.totals, 3)
        layout.addWidget(QLabel(tr("Từng đơn vị"), self))
        layout.addWidget(self.stations, 2)
        self._task, self._again = None, False
        context.changed.connect(lambda _t: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        """Sum the stations' figures off the GUI thread (operations.reports.consolidated:
        slow for a province of many stations), then fill the tables. A refresh asked for
        while one runs starts again when it ends, with the period then chosen."""
        if self._task is not None:
            self._again = True
            return
        self._again = False
        self.heading.setText(tr("Đang cộng số liệu các đơn vị…"))

        def done(value) -> None:
            self._task = None
            self.show_totals(*value)
            if self._again:
                self.refresh()

        def failed(error, details) -> None:
            self._task = None
            show_error(self, error, details)

        self._task = run_operation(self.context, self, tr("Đang cộng số liệu các đơn vị…"), reports.consolidated,
                                   self.period.currentData(), on_success=done, on_failure=failed,
                                   show_progress=False)

    def show_totals(self, period, totals: dict) -> None:
        self.heading.setText(tr("{0} đơn vị đã gửi số liệu {1}").format(totals["stations_reported"], period.label))
        reported = totals["stations_reported"] > 0
        self.pdf_button.setEnabled(reported)
        self.xlsx_button.setEnabled(reported)
        rows = [(label, figure_labels.format_value(figure_labels.value_at(totals, path), kind))
                for path, label, kind in figure_labels.FIGURE_ROWS] if reported else []
        self.totals.setRowCount(len(rows))
        for row, (label, value) in enumerate(rows):
            self.totals.setItem(row, 0, QTableWidgetItem(label))
            self.totals.setItem(row, 1, _number(value))
        entries = totals.get("by_station", [])
        self.stations.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            self.stations.setItem(row, 0, QTableWidgetItem(entry["station_name"]))
            for column, (path, _h) in enumerate(printouts.STATION_COLUMNS, 1):
                value = figure_labels.value_at(entry["figures"], path)
                self.stations.setItem(row, column, _number(figure_labels.format_number(value)))

    def save_report(self, kind: str, path: str | None = None) -> Path | None:
        period = station_period(self.context.db, self.period.currentData())
        default = documents_folder() / f"bao-cao-tong-hop-{period.code}.{kind}"
        files = [path] if path else file_dialog(self, tr("Lưu báo cáo tổng hợp"), save=True,
                                                directory=str(default))
        if not files:
            return None
        target = Path(files[0])
        try:
            self.context.run(documents.report, period, target)
        except StorageError as error:
            show_error(self, error)
            return None
        self.context.status.emit(tr("Đã ghi {0}.").format(target))
        if not path:
            open_file(target)
        return target

    def focus_search(self) -> None:
        self.period.setFocus()
