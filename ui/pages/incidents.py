"""Tin báo & vũ khí: tips (the informant stays here), surrendered weapons, explosives
and firecrackers, and reintegration cases."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QTabWidget

from storage import vocabulary
from storage.records import lists
from storage.records.incidents import (
    ITEM_UNITS,
    reintegration_cases,
    surrendered_items,
    tips,
)
from ui import fields as f
from ui.i18n import tr
from ui.list_page import ListPage
from ui.pages.people import create_person


def tip_fields(page):
    return [
        f.DateField("received_on", "Ngày nhận tin", required=True),
        f.ListChoice("channel", "Hình thức nhận", lists.TIP_CHANNELS, required=True,
                 editable=True),
        f.Text("content", "Nội dung tin báo", multiline=True, required=True),
        f.Check("valuable", "Tin có giá trị", hint="Đánh dấu khi tin giúp phát hiện, xử lý vụ việc"),
        f.Reference("area_id", "Địa bàn", "area"),
        f.Text("informant_name", "Người cung cấp tin (chỉ lưu tại đơn vị)"),
        f.Text("informant_contact", "Liên hệ người cung cấp tin"),
        f.Text("outcome", "Kết quả xử lý", multiline=True),
    ]


def item_fields(page):
    return [
        f.DateField("received_on", "Ngày giao nộp", required=True),
        f.ListChoice("kind", "Loại", lists.ITEM_KINDS, required=True),
        f.Text("description", "Mô tả"),
        f.Text("quantity", "Số lượng", required=True),
        f.Choice("unit", "Đơn vị tính", ITEM_UNITS, editable=True, required=True),
        f.Text("from_whom", "Người giao nộp"),
        f.Reference("area_id", "Địa bàn", "area"),
        f.Text("notes", "Ghi chú", multiline=True),
    ]


def reintegration_fields(context):
    return [
        f.Picker("person_id", "Người được giúp đỡ", "person", required=True,
                 create_new=lambda parent: create_person(context, parent)),
        f.Choice("source", "Diện", vocabulary.choices("reintegration_source")),
        f.DateField("started_on", "Ngày bắt đầu giúp đỡ", required=True),
        f.Choice("status", "Tình trạng", vocabulary.choices("reintegration_status")),
        f.DateField("ended_on", "Ngày kết thúc"),
        f.Text("helper", "Người, tổ chức giúp đỡ"),
        f.Text("notes", "Ghi chú", multiline=True),
    ]


def make_page(context) -> QTabWidget:
    today = {"received_on": date.today().isoformat()}
    tabs = QTabWidget()
    tabs.addTab(ListPage(context, "tips", tips, tip_fields, singular=tr("tin báo"), defaults=lambda: today),
                tr("Tin báo, tố giác"))
    tabs.addTab(ListPage(context, "surrendered", surrendered_items, item_fields,
                         singular=tr("lần giao nộp"), defaults=lambda: today),
                tr("Vũ khí, vật liệu nổ, pháo giao nộp"))
    tabs.addTab(ListPage(context, "reintegration", reintegration_cases,
                         lambda page: reintegration_fields(context), singular=tr("trường hợp giúp đỡ"),
                         defaults=lambda: {"started_on": date.today().isoformat()}),
                tr("Giúp đỡ tái hòa nhập"))
    return tabs
