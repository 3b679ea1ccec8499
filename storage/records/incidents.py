"""Tips from residents, surrendered weapons and explosives, and reintegration cases.
Informants' names and people under reintegration are sensitive: they stay here."""

from __future__ import annotations

from dataclasses import dataclass

from storage import vocabulary
from storage.records import lists
from storage.records.repository import Record, Repository
from storage.records.validate import Checker

# Codes; their labels are in storage/vocabulary.py.
REINTEGRATION_SOURCES = tuple(vocabulary.VOCABULARIES["reintegration_source"])
REINTEGRATION_STATUSES = tuple(vocabulary.VOCABULARIES["reintegration_status"])
ITEM_UNITS = ("khẩu", "viên", "quả", "kg", "chiếc", "cái", "hộp", "bộ")


@dataclass(kw_only=True)
class Tip(Record):
    received_on: str
    channel: str
    content: str
    valuable: int = 0
    informant_name: str | None = None
    informant_contact: str | None = None
    area_id: int | None = None
    outcome: str | None = None


class Tips(Repository[Tip]):
    table = "tips"
    record = Tip
    label = "tin báo"
    order_by = "received_on DESC, id DESC"

    def clean(self, db, values, current):
        check = Checker(values)
        out = {
            "received_on": check.date("received_on", "ngày nhận tin", required=True, not_future=True),
            "channel": lists.check_item(check, db, "channel", "hình thức nhận tin", lists.TIP_CHANNELS,
                                        current.channel if current else None),
            "content": check.text("content", "nội dung tin báo", required=True, max_len=5000),
            "valuable": check.flag("valuable"),
            "informant_name": check.text("informant_name", "người cung cấp tin", max_len=200),
            "informant_contact": check.text("informant_contact", "liên hệ người cung cấp tin", max_len=200),
            "area_id": check.reference(db, "area_id", "areas", "địa bàn"),
            "outcome": check.text("outcome", "kết quả xử lý", max_len=5000),
        }
        check.done()
        return out

    def display_name(self, record):
        return f"Tin báo ngày {record.received_on[8:]}/{record.received_on[5:7]}/{record.received_on[:4]}"


tips = Tips()


@dataclass(kw_only=True)
class SurrenderedItem(Record):
    received_on: str
    kind: str
    quantity: float
    unit: str
    description: str | None = None
    from_whom: str | None = None
    area_id: int | None = None
    notes: str | None = None


class SurrenderedItems(Repository[SurrenderedItem]):
    table = "surrendered_items"
    record = SurrenderedItem
    label = "vũ khí, vật liệu nổ giao nộp"
    order_by = "received_on DESC, id DESC"

    def clean(self, db, values, current):
        check = Checker(values)
        out = {
            "received_on": check.date("received_on", "ngày giao nộp", required=True, not_future=True),
            "kind": lists.check_item(check, db, "kind", "loại", lists.ITEM_KINDS,
                                     current.kind if current else None),
            "description": check.text("description", "mô tả", max_len=1000),
            "quantity": check.number("quantity", "số lượng"),
            "unit": check.text("unit", "đơn vị tính", required=True, max_len=50),
            "from_whom": check.text("from_whom", "người giao nộp", max_len=200),
            "area_id": check.reference(db, "area_id", "areas", "địa bàn"),
            "notes": check.text("notes", "ghi chú"),
        }
        check.done()
        return out

    def display_name(self, record):
        return f"{vocabulary.label('item_kind', record.kind)}: {record.quantity:g} {record.unit}"


surrendered_items = SurrenderedItems()


@dataclass(kw_only=True)
class ReintegrationCase(Record):
    person_id: int
    source: str
    started_on: str
    status: str = "helping"
    ended_on: str | None = None
    helper: str | None = None
    notes: str | None = None


class ReintegrationCases(Repository[ReintegrationCase]):
    table = "reintegration_cases"
    record = ReintegrationCase
    label = "trường hợp giúp đỡ tái hòa nhập"
    order_by = "started_on DESC, id DESC"

    def clean(self, db, values, current):
        check = Checker(values)
        out = {
            "person_id": check.reference(db, "person_id", "people", "người được giúp đỡ", required=True),
            "source": check.code("source", "diện", "reintegration_source"),
            "started_on": check.date("started_on", "ngày bắt đầu giúp đỡ", required=True, not_future=True),
            "ended_on": check.date("ended_on", "ngày kết thúc", not_future=True),
            "status": check.code("status", "tình trạng", "reintegration_status", default="helping"),
            "helper": check.text("helper", "người, tổ chức giúp đỡ", max_len=300),
            "notes": check.text("notes", "ghi chú"),
        }
        check.order("started_on", out["started_on"], "ended_on", out["ended_on"],
                    "ngày bắt đầu", "ngày kết thúc")
        check.done()
        return out

    def display_name(self, record):
        return f"Trường hợp số {record.id}"


reintegration_cases = ReintegrationCases()
