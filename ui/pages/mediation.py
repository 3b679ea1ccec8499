"""Hòa giải: mediation cases with parties, mediators, sessions and result; a warning
when the matter is one the law keeps out of grassroots mediation."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel

from storage import vocabulary
from storage.records import lists
from storage.records.mediation import (
    EXCLUDED_WARNING,
    INVITED,
    MEDIATOR,
    PARTY,
    RELATED,
    mediation_cases,
)
from ui import fields as f
from ui.formatting import format_date
from ui.i18n import tr
from ui.list_page import ListPage

WARNING_STYLE = "background: #fff4e5; color: #7a4100; padding: 6px; border: 1px solid #f0b95b;"


def case_fields(page):
    return [
        f.DateField("received_on", "Ngày tiếp nhận", required=True),
        f.Reference("team_id", "Tổ hòa giải", "mediation_team"),
        f.ListChoice("category", "Lĩnh vực", lists.MEDIATION_CATEGORIES, required=True),
        f.Text("content", "Nội dung chính của vụ việc", multiline=True, required=True),
        f.Text("place", "Địa điểm hòa giải", placeholder="Ví dụ: Nhà văn hóa thôn Đông"),
        f.RowsTable("people", "Các bên, hòa giải viên và người được mời",
                    [("role", "Vai trò", 200, vocabulary.choices("mediation_role")), ("name", "Họ và tên", 190, None),
                     ("age", "Tuổi", 50, None), ("address", "Địa chỉ", 160, None)],
                    [("+ Thêm một bên", {"role": PARTY}), ("+ Thêm hòa giải viên", {"role": MEDIATOR})],
                    register=("+ Một bên trong sổ cư dân…", {"role": PARTY})),
        f.Check("excluded_matter", "Ngoài phạm vi hòa giải",
                hint="Vụ việc có dấu hiệu tội phạm hoặc vi phạm hành chính"),
        f.Text("excluded_reason", "Lý do ngoài phạm vi"),
        f.Choice("result", "Kết quả", vocabulary.choices("mediation_result")),
        f.DateField("result_on", "Ngày có kết quả"),
        f.Text("agreement", "Nội dung thỏa thuận (hoặc yêu cầu của mỗi bên)", multiline=True),
        f.Text("follow_up", "Theo dõi thực hiện", multiline=True),
        f.RowsTable("sessions", "Các buổi hòa giải",
                    [("held_on", "Ngày (ngày/tháng/năm)", 150, None), ("place", "Địa điểm", 200, None),
                     ("notes", "Ghi chú", 160, None)],
                    [("+ Thêm buổi hòa giải", {})]),
        f.Text("notes", "Ghi chú", multiline=True),
    ]


class CaseDetail(QLabel):
    def __init__(self, context):
        super().__init__()
        self.context = context
        self.setWordWrap(True)
        self.setMargin(8)

    def show_record(self, case_id):
        if not case_id:
            self.setText(tr("Chọn một vụ việc để xem chi tiết."))
            self.setStyleSheet("")
            return
        case = mediation_cases.get(self.context.db, case_id)
        lines = []
        if case.warning:
            lines.append(f"<b>⚠ {case.warning}</b>")
        for role, title in ((PARTY, "Các bên"), (RELATED, "Người có quyền lợi, nghĩa vụ liên quan"),
                            (MEDIATOR, "Hòa giải viên"), (INVITED, "Người được mời")):
            people = case.with_role(role)
            if people:
                lines.append(f"<b>{tr(title)}:</b> " + "; ".join(
                    p["name"] + (f" ({p['age']} tuổi)" if p["age"] else "") for p in people))
        lines.append(f"<b>{tr('Nội dung')}:</b> {case.content}")
        for session in case.sessions:
            lines.append(f"• {tr('Buổi hòa giải')} {format_date(session['held_on'])}"
                         + (f" tại {session['place']}" if session["place"] else ""))
        result = vocabulary.label("mediation_result", case.result) + (f" ngày {format_date(case.result_on)}" if case.result_on else "")
        lines.append(f"<b>{tr('Kết quả')}:</b> {result}")
        if case.agreement:
            lines.append(f"<b>{tr('Thỏa thuận')}:</b> {case.agreement}")
        self.setText("<br>".join(lines))
        self.setStyleSheet(WARNING_STYLE if case.warning else "")


class MediationPage(ListPage):
    def __init__(self, context):
        super().__init__(context, "mediation", mediation_cases, case_fields, singular=tr("vụ việc hòa giải"),
                         detail=CaseDetail(context),
                         defaults=lambda: {"received_on": date.today().isoformat(),
                                           "people": [{"role": PARTY}, {"role": PARTY}]})

    def open_form(self, record_id=None, defaults=None):
        form = super().open_form(record_id, defaults)
        warning = QLabel(tr(EXCLUDED_WARNING), form)
        warning.setObjectName("excluded_warning")
        warning.setWordWrap(True)
        warning.setStyleSheet(WARNING_STYLE)
        form.extra.addWidget(warning)
        check = form.field("excluded_matter").widget
        warning.setVisible(check.isChecked())
        check.toggled.connect(warning.setVisible)
        return form


def make_page(context) -> ListPage:
    return MediationPage(context)
