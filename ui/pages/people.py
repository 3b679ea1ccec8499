"""Người: residents, with their history across teams in the detail panel."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from storage import vocabulary
from storage.query import lookups
from storage.records.people import history, people
from ui import fields as f
from ui.formatting import format_date
from ui.i18n import tr
from ui.list_page import ListPage
from ui.pickers import RecordPicker
from ui.record_form import RecordForm


def person_fields(context):
    return [
        f.Text("full_name", "Họ và tên", required=True, placeholder="Ví dụ: Nguyễn Thị Hương"),
        f.Choice("gender", "Giới tính", vocabulary.choices("gender"), optional=True),
        f.DateField("birth_date", "Ngày sinh"),
        f.Integer("birth_year", "Năm sinh (nếu không rõ ngày)"),
        f.Text("cccd", "Số CCCD", placeholder="12 chữ số"),
        f.Text("phone", "Điện thoại", placeholder="10 chữ số, bắt đầu bằng 0"),
        f.Text("address", "Địa chỉ"),
        f.Reference("area_id", "Địa bàn", "area"),
        f.Picker("household_id", "Thuộc hộ", "household"),
        f.Choice("relation_to_head", "Quan hệ với chủ hộ", vocabulary.choices("relation"), optional=True),
        f.Text("occupation", "Nghề nghiệp"),
        f.Text("notes", "Ghi chú", multiline=True),
    ]


def create_person(context, parent, defaults: dict | None = None) -> tuple[int | None, str]:
    """Open the person form from inside another form; returns (id, name) when saved.
    From a picker's '+ Mới' the name already typed there fills Họ và tên."""
    typed = parent.typed_text() if isinstance(parent, RecordPicker) else ""
    if typed:
        defaults = {"full_name": typed, **(defaults or {})}
    form = RecordForm(parent, context.db, context.operator, people, person_fields(context),
                      tr("Thêm người"), defaults=defaults)
    if form.exec() and form.saved_id:
        context.notify("people")
        label = lookups.label(context.db, "person", form.saved_id)
        context.status.emit(tr("Đã thêm {0}.").format(label))
        return form.saved_id, label
    return None, ""


class PersonDetail(QLabel):
    def __init__(self, context):
        super().__init__()
        self.context = context
        self.setWordWrap(True)
        self.setMargin(8)

    def show_record(self, person_id):
        if not person_id:
            self.setText(tr("Chọn một người để xem quá trình tham gia các tổ."))
            return
        rows = history(self.context.db, person_id)
        if not rows:
            self.setText(tr("Người này chưa tham gia tổ nào."))
            return
        lines = [tr("<b>Quá trình tham gia các tổ</b>")]
        for row in rows:
            until = format_date(row["end_on"]) if row["end_on"] else tr("nay")
            lines.append(f"• {vocabulary.label('member_role', row['role'])} — {row['team_name']} ({format_date(row['start_on'])} – {until})")
        self.setText("<br>".join(lines))


def make_page(context) -> ListPage:
    return ListPage(context, "people", people, lambda page: person_fields(context),
                    singular=tr("người"), detail=PersonDetail(context))
