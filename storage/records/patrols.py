"""Patrol log entries: who patrolled where and when, what they found, what was done."""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.records.repository import Child, Record, Repository
from storage.records.validate import Checker


@dataclass(kw_only=True)
class Patrol(Record):
    team_id: int
    patrol_date: str
    start_time: str | None = None
    end_time: str | None = None
    route: str | None = None
    findings: str | None = None
    handling: str | None = None
    notes: str | None = None
    member_ids: list[int] = field(default_factory=list)
    area_ids: list[int] = field(default_factory=list)


class Patrols(Repository[Patrol]):
    table = "patrols"
    record = Patrol
    label = "ca tuần tra"
    order_by = "patrol_date DESC, start_time DESC"
    children = {"member_ids": Child("patrol_members", "patrol_id", ("person_id",)),
                "area_ids": Child("patrol_areas", "patrol_id", ("area_id",))}

    def clean(self, db, values, current):
        check = Checker(values)
        out = {
            "team_id": check.reference(db, "team_id", "teams", "tổ", required=True),
            "patrol_date": check.date("patrol_date", "ngày tuần tra", required=True, not_future=True),
            "start_time": check.time("start_time", "giờ bắt đầu"),
            "end_time": check.time("end_time", "giờ kết thúc"),
            "route": check.text("route", "tuyến, địa bàn tuần tra", max_len=500),
            "findings": check.text("findings", "tình hình phát hiện"),
            "handling": check.text("handling", "kết quả xử lý"),
            "notes": check.text("notes", "ghi chú"),
            "member_ids": check.references(db, "member_ids", "people", "người trực"),
            "area_ids": check.references(db, "area_ids", "areas", "địa bàn"),
        }
        # A night shift may end after midnight (22:00 → 02:00); only equal times are wrong.
        if out["start_time"] and out["start_time"] == out["end_time"]:
            check.fail("end_time", "Giờ kết thúc phải khác giờ bắt đầu.")
        if not out["route"] and not out["area_ids"]:
            check.fail("route", "Hãy ghi tuyến tuần tra hoặc chọn địa bàn.")
        check.done()
        return out

    def display_name(self, record):
        return f"Tuần tra ngày {record.patrol_date[8:]}/{record.patrol_date[5:7]}/{record.patrol_date[:4]}"


patrols = Patrols()
