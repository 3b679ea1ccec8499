"""Mô hình: the movement's models, where they run and how they do."""

from __future__ import annotations

from storage import vocabulary
from storage.records import lists
from storage.records.models import models
from ui import fields as f
from ui.i18n import tr
from ui.list_page import ListPage


def model_fields(page):
    return [
        f.Text("name", "Tên mô hình", required=True),
        f.ListChoice("kind", "Loại mô hình", lists.MODEL_KINDS, optional=True,
                 editable=True),
        f.DateField("launched_on", "Ngày ra mắt"),
        f.CheckList("area_ids", "Điểm triển khai (địa bàn)"),
        f.Check("exemplary", "Điển hình tiên tiến", hint="Là mô hình điển hình tiên tiến"),
        f.Choice("status", "Trạng thái", vocabulary.choices("model_status")),
        f.DateField("ended_on", "Ngày kết thúc"),
        f.Text("end_reason", "Lý do kết thúc", multiline=True),
        f.Text("description", "Mô tả, cách làm", multiline=True),
    ]


def make_page(context) -> ListPage:
    return ListPage(context, "models", models, model_fields, singular=tr("mô hình"))
