"""Tuần tra: the patrol log."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QPushButton

from storage.records.patrols import patrols
from storage.records.teams import members_of, teams
from ui import fields as f
from ui.i18n import tr
from ui.list_page import ListPage


def patrol_fields(page):
    return [
        f.Reference("team_id", "Tổ tuần tra", "team", required=True),
        f.DateField("patrol_date", "Ngày tuần tra", required=True),
        f.Text("start_time", "Giờ bắt đầu", placeholder="Ví dụ 19:30"),
        f.Text("end_time", "Giờ kết thúc", placeholder="Ví dụ 23:00"),
        f.Text("route", "Tuyến tuần tra", placeholder="Các tuyến đường, khu vực đã đi qua"),
        f.CheckList("area_ids", "Địa bàn"),
        f.PeopleList("member_ids", "Người tham gia"),
        f.Text("findings", "Tình hình phát hiện", multiline=True),
        f.Text("handling", "Kết quả xử lý", multiline=True),
        f.Text("notes", "Ghi chú", multiline=True),
    ]


class PatrolsPage(ListPage):
    """A patrol is most often the whole team on its own ground: choosing the team ticks
    the team's areas (when none is ticked yet), and "+ Cả tổ" lists every member at once."""

    def open_form(self, record_id=None, defaults=None):
        form = super().open_form(record_id, defaults)
        team, areas, people = form.field("team_id"), form.field("area_ids"), form.field("member_ids")
        whole = QPushButton(tr("+ Cả tổ"), people.widget)
        whole.setObjectName("whole_team")
        whole.setAutoDefault(False)
        whole.setToolTip(tr("Thêm mọi thành viên đang tham gia của tổ tuần tra đã chọn"))
        people.widget.layout().itemAt(0).layout().insertWidget(2, whole)

        def team_chosen(_index=None) -> None:
            team_id = team.get()
            whole.setEnabled(team_id is not None)
            if team_id is not None and not areas.get():
                areas.set(teams.get(self.context.db, team_id).area_ids)

        def add_whole_team() -> None:
            team_id = team.get()
            if team_id is None:
                return
            chosen = people.get()
            found = [m["person_id"] for m in members_of(self.context.db, team_id) if m["person_id"] not in chosen]
            people.set(chosen + found)
            form.banner.hide()

        team.widget.currentIndexChanged.connect(team_chosen)
        whole.clicked.connect(add_whole_team)
        if record_id is None:
            team_chosen()  # the team the form starts with brings its areas too
        else:
            whole.setEnabled(team.get() is not None)
        return form


def make_page(context) -> ListPage:
    return PatrolsPage(context, "patrols", patrols, patrol_fields, singular=tr("ca tuần tra"),
                       defaults=lambda: {"patrol_date": date.today().isoformat()})
