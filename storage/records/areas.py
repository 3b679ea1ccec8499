"""Residential areas (thôn, tổ dân phố): the units the movement is organised by."""

from __future__ import annotations

from dataclasses import dataclass

from storage.records import lists
from storage.records.repository import Record, Repository
from storage.records.validate import Checker
from storage.text import fold, same_text, text_sort_key


@dataclass(kw_only=True)
class Area(Record):
    name: str
    kind: str = "village"
    households_count: int | None = None
    population: int | None = None
    leader_name: str | None = None
    notes: str | None = None


class Areas(Repository[Area]):
    table = "areas"
    record = Area
    label = "địa bàn"
    order_by = "sort_key"

    def clean(self, db, values, current):
        check = Checker(values)
        name = check.text("name", "tên địa bàn", required=True, max_len=200)
        kind = lists.check_item(check, db, "kind", "loại địa bàn", lists.AREA_KINDS,
                                current.kind if current else None)
        kind_label = lists.label_of(db, lists.AREA_KINDS, kind) if kind else ""
        if name and kind_label and fold(name).startswith(fold(kind_label) + " "):
            name = name[len(kind_label) + 1:].strip()  # "Thôn Đông" of kind "Thôn" is named "Đông"
        if name:
            for other in db.query("SELECT id, name FROM areas WHERE deleted_at IS NULL"):
                if same_text(other["name"], name) and (current is None or other["id"] != current.id):
                    check.fail("name", f"Đã có địa bàn “{other['name']}”; hãy đặt tên khác.")
                    break
        out = {
            "name": name, "kind": kind,
            "households_count": check.integer("households_count", "số hộ", maximum=1_000_000),
            "population": check.integer("population", "số nhân khẩu", maximum=10_000_000),
            "leader_name": check.text("leader_name", "tên trưởng thôn/tổ trưởng", max_len=200),
            "notes": check.text("notes", "ghi chú"),
        }
        check.done()
        return out

    def derived(self, db, clean):
        return {"sort_key": text_sort_key(clean["name"]),
                "search_text": fold(f"{lists.label_of(db, lists.AREA_KINDS, clean['kind'])} {clean['name']}")}


areas = Areas()


def find_area(db, name_or_uuid: str) -> Area:
    """An area by its uuid or its name (accents and tone placement ignored)."""
    from storage.errors import NotFoundError

    for area in areas.list(db):
        if area.uuid == name_or_uuid or same_text(area.name, name_or_uuid) \
                or fold(area.name) == fold(name_or_uuid):
            return area
    raise NotFoundError(f"Không có địa bàn nào tên hoặc mã “{name_or_uuid}”.")
