"""Cơ quan, doanh nghiệp, trường học: the agencies, enterprises and schools on the
commune's territory, with the category that decides whether TT 124 applies to them
(Điều 1: not small and micro enterprises, armed-forces units, primary and pre-schools)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from operations import evaluation as ops
from storage.query.evaluation import area_name
from storage.records import evaluation as ev
from storage.vocabulary import choices, label
from ui import fields as f
from ui.formatting import format_number
from ui.i18n import tr
from ui.pages.evaluation_common import attempt, fill, selected_record, table
from ui.record_form import RecordForm

HEADERS = ["Tên đơn vị", "Loại", "Loại hình", "Số người", "Địa bàn", "Người đứng đầu", "Xét công nhận"]


def _areas(db):
    return [(r["id"], area_name(db, r["kind"], r["name"])) for r in db.query(
        "SELECT id, name, kind FROM areas WHERE deleted_at IS NULL ORDER BY sort_key")]


def organisation_fields(_page=None):
    return [
        f.Text("name", "Tên đơn vị", required=True),
        f.Choice("kind", "Loại", [(c, shown) for c, shown in choices("evaluation_subject") if c in ev.ORG_KINDS]),
        f.Choice("category", "Loại hình", choices("organisation_category"),
                 hint="Doanh nghiệp nhỏ, siêu nhỏ, đơn vị lực lượng vũ trang, trường tiểu học, mầm non "
                      "không thuộc diện xét công nhận"),
        f.Integer("staff_count", "Số cán bộ, nhân viên, người lao động"),
        f.Choice("area_id", "Địa bàn", _areas, optional=True),
        f.Text("address", "Địa chỉ"),
        f.Text("head_name", "Người đứng đầu"),
        f.Text("notes", "Ghi chú", multiline=True),
    ]


class OrganisationsPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.kind = QComboBox(self)
        self.kind.addItem(tr("Tất cả"), None)
        for code in ev.ORG_KINDS:
            self.kind.addItem(label("evaluation_subject", code), code)
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.count = QLabel(self)
        self.view = table(self, HEADERS, (300, 110, 290, 70, 140, 150))
        self.view.doubleClicked.connect(lambda _i: self.edit_selected())
        add = QPushButton(tr("Thêm đơn vị…"), self)
        add.clicked.connect(self.new_record)
        edit = QPushButton(tr("Sửa…"), self)
        edit.clicked.connect(self.edit_selected)
        delete = QPushButton(tr("Xóa"), self)
        delete.clicked.connect(self.delete_selected)
        top = QHBoxLayout()
        heading = QLabel(tr("Cơ quan, doanh nghiệp, cơ sở giáo dục trên địa bàn"), self)
        heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        top.addWidget(heading, 1)
        top.addWidget(QLabel(tr("Loại:"), self))
        top.addWidget(self.kind)
        buttons = QHBoxLayout()
        for button in (add, edit, delete):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        context.changed.connect(lambda table_name: self.refresh() if table_name in ("", "organisations", "areas")
                                else None)
        self.refresh()

    def refresh(self) -> None:
        db = self.context.db
        kind = self.kind.currentData()
        found = ev.organisations.list(db, "kind = ?" if kind else "", [kind] if kind else [])
        names = dict(_areas(db))
        rows = [[o.name, label("evaluation_subject", o.kind), label("organisation_category", o.category),
                 format_number(o.staff_count) if o.staff_count is not None else "", names.get(o.area_id, ""),
                 o.head_name or "", tr("Không (TT 124 Điều 1)") if o.excluded else tr("Có")]
                for o in found]
        fill(self.view, rows, [o.id for o in found])
        applies = sum(1 for o in found if not o.excluded)
        self.count.setText(tr("{0} đơn vị, {1} thuộc diện xét công nhận").format(
            format_number(len(found)), format_number(applies)))

    def open_form(self, record_id: int | None = None) -> RecordForm:
        title = tr("Sửa đơn vị") if record_id else tr("Thêm cơ quan, doanh nghiệp, cơ sở giáo dục")
        return RecordForm(self, self.context.db, self.context.operator, ev.organisations,
                          organisation_fields(), title, record_id)

    def new_record(self) -> None:
        if self.context.read_only:
            return
        form = self.open_form()
        if form.exec() and form.saved_id:
            self.context.notify("organisations")

    def edit_selected(self) -> None:
        record_id = selected_record(self.view)
        if record_id is None:
            return
        form = self.open_form(record_id)
        if form.exec() and form.saved_id:
            self.context.notify("organisations")

    def delete_selected(self) -> None:
        record_id = selected_record(self.view)
        if record_id is not None:
            attempt(self, self.context, ops.delete_organisation, record_id)

    def focus_search(self) -> None:
        self.view.setFocus()
