"""Địa bàn: the commune's villages and residential groups."""

from __future__ import annotations

from storage.records import lists
from storage.records.areas import areas
from ui import fields as f
from ui.i18n import tr
from ui.list_page import ListPage


def area_fields(page):
    return [
        f.Text("name", "Tên địa bàn", required=True, placeholder="Ví dụ: Đông, Tân Lập, số 3"),
        f.ListChoice("kind", "Loại địa bàn", lists.AREA_KINDS, required=True),
        f.Integer("households_count", "Số hộ (khai báo)"),
        f.Integer("population", "Dân số (khai báo)"),
        f.Text("leader_name", "Trưởng thôn, tổ trưởng"),
        f.Text("notes", "Ghi chú", multiline=True),
    ]


def make_page(context) -> ListPage:
    return ListPage(context, "areas", areas, area_fields, singular=tr("địa bàn"))
