"""Lịch năm: the movement's dates of the year (Q1 registration, 16/6, 19/8, the windows'
ends, the classification deadlines, sơ kết and tổng kết) with what is still to do at
each; and the events held (tuyên truyền, tập huấn, Ngày hội 19/8) per area."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from operations import evaluation as ops
from storage.clock import today
from storage.query import evaluation as computed
from storage.records import evaluation as ev
from storage.records.validate import format_date
from storage.vocabulary import choices, label
from ui import fields as f
from ui.formatting import format_number
from ui.grading_model import Column, current_record, rows_view
from ui.i18n import tr
from ui.pages.evaluation_common import attempt, year_box
from ui.pages.evaluation_subjects import _areas
from ui.record_form import RecordForm
from ui.tasks import run_db_task

OVERDUE = QColor("#b3261e")
DONE = QColor("#1a7f37")
CALENDAR_COLUMNS = [Column("Ngày", "date"), Column("Việc", "title"), Column("Còn phải làm", "todo")]
EVENT_COLUMNS = [Column("Ngày", "held_on"), Column("Hoạt động", "kind"), Column("Địa bàn", "area"),
                 Column("Địa điểm", "place"), Column("Số người", "participants"), Column("Nội dung", "content")]


def calendar_rows(items: list, now: str) -> list[dict]:
    """The dates' rows as shown: what is left in red once the date has passed, "Xong" in
    green (built on the worker)."""
    return [{"date": format_date(i["date"]), "title": i["title"],
             "todo": "\n".join(i["todo"]) if i["todo"] else tr("Xong"), "_record": i,
             "_colors": {"todo": QBrush(DONE if not i["todo"] else OVERDUE)} if not i["todo"] or i["date"] < now
             else {}} for i in items]


def event_rows(found: list, names: dict) -> list[dict]:
    return [{"held_on": format_date(e.held_on), "kind": label("event_kind", e.kind), "area": names.get(e.area_id, ""),
             "place": e.place or "", "participants": format_number(e.participants) if e.participants is not None else "",
             "content": e.content or "", "_record": e.id} for e in found]


def event_fields(_page=None):
    return [
        f.Choice("kind", "Loại hoạt động", choices("event_kind")),
        f.DateField("held_on", "Ngày tổ chức", required=True),
        f.Choice("area_id", "Địa bàn", _areas, optional=True),
        f.Text("place", "Địa điểm"),
        f.Integer("participants", "Số người tham dự"),
        f.Text("content", "Nội dung", multiline=True),
    ]


class CalendarPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.year = year_box(self)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        # tables over models: the rows swapped in at once, wrapped rows fitted as they show
        self.calendar = rows_view(self, CALENDAR_COLUMNS, (100, 500), wrap=True)
        self.events = rows_view(self, EVENT_COLUMNS, (100, 260, 150, 220, 80))
        self.events.doubleClicked.connect(lambda _i: self.edit_event())
        self.events_label = QLabel(self)
        add = QPushButton(tr("Thêm hoạt động…"), self)
        add.clicked.connect(self.new_event)
        delete = QPushButton(tr("Xóa"), self)
        delete.clicked.connect(self.delete_event)
        top = QHBoxLayout()
        heading = QLabel(tr("Lịch năm của phong trào"), self)
        heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        top.addWidget(heading, 1)
        top.addWidget(self.year)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("<b>Tuyên truyền, tập huấn, Ngày hội toàn dân bảo vệ an ninh Tổ quốc</b>"), lower), 1)
        row.addWidget(self.events_label)
        row.addWidget(add)
        row.addWidget(delete)
        lower_layout.addLayout(row)
        lower_layout.addWidget(self.events)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.calendar)
        splitter.addWidget(lower)
        splitter.setSizes([380, 240])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        context.changed.connect(lambda _t: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        """The year's calendar (what each date still needs: 0.8 s at 80,000 households)
        and its events read and their rows built on a worker, shown when ready unless
        the year changed."""
        year = self.year.value()
        self.asked = getattr(self, "asked", 0) + 1
        asked = self.asked

        def gather(db, _progress, _cancelled):
            found = ev.events.list(db, "held_on BETWEEN ? AND ?", [f"{year}-01-01", f"{year}-12-31"])
            items = computed.calendar(db, year)
            return (items, calendar_rows(items, today().isoformat()), event_rows(found, dict(_areas(db))),
                    sum(e.participants or 0 for e in found))

        def show(result) -> None:
            if shiboken6.isValid(self) and asked == self.asked:
                self.show_year(*result)

        run_db_task(self.context, self, tr("Đang đọc lịch năm…"), gather, show, show_progress=False)

    def show_year(self, items: list, calendar: list, events: list, people: int) -> None:
        self.items = items
        self.calendar.model().set_rows(calendar)
        self.events.model().set_rows(events)
        self.events_label.setText(tr("{0} hoạt động, {1} lượt người").format(
            format_number(len(events)), format_number(people)))

    def open_form(self, record_id: int | None = None) -> RecordForm:
        title = tr("Sửa hoạt động") if record_id else tr("Thêm hoạt động phong trào")
        return RecordForm(self, self.context.db, self.context.operator, ev.events, event_fields(), title, record_id)

    def new_event(self) -> None:
        if self.context.read_only:
            return
        form = self.open_form()
        if form.exec() and form.saved_id:
            self.context.notify("movement_events")

    def edit_event(self) -> None:
        record_id = current_record(self.events)
        if record_id is None:
            return
        form = self.open_form(record_id)
        if form.exec() and form.saved_id:
            self.context.notify("movement_events")

    def delete_event(self) -> None:
        record_id = current_record(self.events)
        if record_id is not None:
            attempt(self, self.context, ops.delete_event, record_id)

    def focus_search(self) -> None:
        self.calendar.setFocus()
