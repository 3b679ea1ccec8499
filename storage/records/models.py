"""Models of the movement (mô hình): where they run (their points) and how they do."""

from __future__ import annotations

from dataclasses import dataclass, field

from storage import vocabulary
from storage.records import lists
from storage.records.repository import Child, Record, Repository
from storage.records.validate import Checker
from storage.text import fold, text_sort_key

MODEL_STATUSES = tuple(vocabulary.VOCABULARIES["model_status"])  # codes: active, replicated, ended


@dataclass(kw_only=True)
class MovementModel(Record):
    name: str
    kind: str | None = None
    launched_on: str | None = None
    exemplary: int = 0
    status: str = "active"
    ended_on: str | None = None
    end_reason: str | None = None
    description: str | None = None
    area_ids: list[int] = field(default_factory=list)


class Models(Repository[MovementModel]):
    table = "models"
    record = MovementModel
    label = "mô hình"
    order_by = "sort_key"
    children = {"area_ids": Child("model_points", "model_id", ("area_id",))}

    def clean(self, db, values, current):
        check = Checker(values)
        out = {
            "name": check.text("name", "tên mô hình", required=True, max_len=300),
            "kind": lists.check_item(check, db, "kind", "loại mô hình", lists.MODEL_KINDS,
                                     current.kind if current else None, required=False),
            "launched_on": check.date("launched_on", "ngày ra mắt", not_future=True),
            "exemplary": check.flag("exemplary"),
            "status": check.code("status", "trạng thái", "model_status", default="active"),
            "ended_on": check.date("ended_on", "ngày kết thúc", not_future=True),
            "end_reason": check.text("end_reason", "lý do kết thúc", max_len=1000),
            "description": check.text("description", "mô tả"),
            "area_ids": check.references(db, "area_ids", "areas", "địa bàn"),
        }
        check.order("launched_on", out["launched_on"], "ended_on", out["ended_on"],
                    "ngày ra mắt", "ngày kết thúc")
        if out["status"] == "ended" and not out["end_reason"]:
            check.fail("end_reason", "Mô hình kết thúc cần ghi lý do (ví dụ: không còn phù hợp).")
        check.done()
        return out

    def derived(self, db, clean):
        return {"sort_key": text_sort_key(clean["name"]),
                "search_text": fold(f"{clean['name']} {lists.label_of(db, lists.MODEL_KINDS, clean.get('kind'))}")}


models = Models()
