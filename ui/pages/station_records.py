"""Hồ sơ các xã (aggregator): each station's records as received, to read, not edit."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from storage import labels, vocabulary
from storage.exchange.aggregate import known_stations, station_records
from storage.exchange.records import TABLES
from storage.records.people import mask_cccd
from ui.formatting import date_time, format_date
from ui.i18n import tr
from ui.tables import read_only_table

NAME_FIELDS = ("full_name", "name", "title", "target_name", "content", "route", "category", "kind", "patrol_date")


def describe(data: dict | None, table: str | None = None) -> str:
    if data is None:
        return tr("(đã xóa tại xã)")
    return next((str(vocabulary.column_label(table, f, data[f])) for f in NAME_FIELDS if data.get(f)), "")


def _shown(value) -> str:
    """Dates as dd/mm/yyyy, everything else as is."""
    text = str(value)
    return format_date(text) if len(text) == 10 and text[4] == "-" and text[7] == "-" else text


class StationRecordsPage(QWidget):
    HEADERS = ("Hồ sơ", "Phiên bản", "Sửa lúc", "Trạng thái")

    def __init__(self, context):
        super().__init__()
        self.context = context
        self.station = QComboBox(self)
        self.table_choice = QComboBox(self)
        for key in TABLES:
            self.table_choice.addItem(tr(labels.table(key)), key)
        self.count = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Đơn vị:"), self))
        top.addWidget(self.station, 1)
        top.addWidget(QLabel(tr("Loại hồ sơ:"), self))
        top.addWidget(self.table_choice)
        top.addWidget(self.count)
        self.table = read_only_table(self, self.HEADERS, (340, 80, 150))
        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        splitter = QSplitter(self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([700, 400])
        layout = QVBoxLayout(self)
        note = QLabel(tr("Hồ sơ do các xã gửi lên, chỉ để xem; muốn sửa, xã sửa rồi gửi gói mới."), self)
        layout.addWidget(note)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.station.currentIndexChanged.connect(lambda _i: self.show_records())
        self.table_choice.currentIndexChanged.connect(lambda _i: self.show_records())
        self.table.currentCellChanged.connect(lambda row, *_: self.show_detail(row))
        context.changed.connect(lambda _t: self.load_stations())
        self.load_stations()

    def load_stations(self) -> None:
        current = self.station.currentData()
        self.station.blockSignals(True)
        self.station.clear()
        for uuid, name in known_stations(self.context.db):
            self.station.addItem(name, uuid)
        self.station.setCurrentIndex(max(0, self.station.findData(current)))
        self.station.blockSignals(False)
        self.show_records()

    def show_records(self) -> None:
        uuid = self.station.currentData()
        self.records = station_records(self.context.db, uuid, self.table_choice.currentData()) if uuid else []
        self.table.setRowCount(len(self.records))
        for row, record in enumerate(self.records):
            for column, value in enumerate((describe(record["data"], self.table_choice.currentData()), str(record["version"]),
                                            date_time(record["updated_at"][:16]),
                                            tr("đã xóa") if record["deleted_at"] else "")):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.count.setText(tr("{0} hồ sơ").format(len(self.records)))
        self.detail.clear()

    def show_detail(self, row: int) -> None:
        if not 0 <= row < len(self.records):
            return
        data = dict(self.records[row]["data"] or {})
        if data.get("cccd"):
            data["cccd"] = mask_cccd(data["cccd"])
        table = self.table_choice.currentData()
        self.detail.setPlainText("\n".join(f"{labels.field(k).capitalize()}: "
                                            f"{_shown(vocabulary.column_label(table, k, v))}" for k, v in data.items()
                                            if v not in (None, "", []) and not k.endswith(("_uuid", "_uuids"))))

    def focus_search(self) -> None:
        self.station.setFocus()
