"""Tuần tra: the patrol log."""

from __future__ import annotations

from datetime import date

from storage.records.patrols import patrols
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


def make_page(context) -> ListPage:
    return ListPage(context, "patrols", patrols, patrol_fields, singular=tr("ca tuần tra"),
                    defaults=lambda: {"patrol_date": date.today().isoformat()})
