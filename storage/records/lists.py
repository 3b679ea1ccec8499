"""The editable lists: team kinds, mediation categories, surrendered item kinds, area
kinds, tip channels, model kinds. Seeded with the usual entries; a station adds, renames
and removes its own. Records store an item's code, which never changes: renaming an item
changes only its label."""

from __future__ import annotations

import re
from dataclasses import dataclass

from storage import vocabulary
from storage.records.repository import Record, Repository
from storage.records.validate import Checker
from storage.text import fold, same_text

TEAM_KINDS = "team_kind"
MEDIATION_CATEGORIES = "mediation_category"
ITEM_KINDS = "item_kind"
AREA_KINDS = "area_kind"
TIP_CHANNELS = "tip_channel"
MODEL_KINDS = "model_kind"

LIST_TITLES = {
    TEAM_KINDS: "Loại tổ",
    MEDIATION_CATEGORIES: "Lĩnh vực hòa giải",
    ITEM_KINDS: "Loại vũ khí, vật liệu nổ, công cụ hỗ trợ",
    AREA_KINDS: "Loại địa bàn",
    TIP_CHANNELS: "Hình thức nhận tin báo",
    MODEL_KINDS: "Loại mô hình",
}

# The seeded entries of each list, code -> label (storage/vocabulary.py keeps them).
SEEDS = {name: vocabulary.VOCABULARIES[name] for name in LIST_TITLES}


@dataclass(kw_only=True)
class ListItem(Record):
    list_name: str
    label: str
    position: int = 0
    code: str = ""


class ListItems(Repository[ListItem]):
    table = "list_items"
    record = ListItem
    label = "mục danh mục"
    order_by = "position, id"

    def clean(self, db, values, current):
        check = Checker(values)
        list_name = check.choice("list_name", "danh mục", list(LIST_TITLES))
        label = check.text("label", "tên mục", required=True, max_len=200)
        if label and list_name:
            for item in self.list(db, "list_name = ?", [list_name]):
                if same_text(item.label, label) and (current is None or item.id != current.id):
                    check.fail("label", f"“{label}” đã có trong danh mục {LIST_TITLES[list_name]}.")
        position = check.integer("position", "thứ tự") or 0
        check.done()
        if current is not None:
            code = current.code  # renaming keeps the code the records hold
        else:
            code = values.get("code") or new_code(db, list_name, label)
        return {"list_name": list_name, "label": label, "position": position, "code": code}

    def display_name(self, record):
        return record.label


list_items = ListItems()


def new_code(db, list_name: str, label: str) -> str:
    """A stable ASCII code for a new item: its label folded ("Tổ xung kích" ->
    "to_xung_kich"), made unique within the list."""
    base = re.sub(r"[^a-z0-9]+", "_", fold(label)).strip("_")[:40] or "muc"
    taken = {row[0] for row in db.conn.execute(
        "SELECT code FROM list_items WHERE list_name = ?", (list_name,))}
    taken |= set(SEEDS.get(list_name, {}))
    code, number = base, 2
    while code in taken:
        code, number = f"{base}_{number}", number + 1
    return code


def labels(db, list_name: str) -> list[str]:
    return [item.label for item in list_items.list(db, "list_name = ?", [list_name])]


def choices(db, list_name: str) -> list[tuple[str, str]]:
    """(code, label) of the live items, in the list's order: what forms offer."""
    return [(item.code, item.label) for item in list_items.list(db, "list_name = ?", [list_name])]


def label_of(db, list_name: str, code: str | None) -> str:
    """The label of an item (also of one in the trash); an unknown code shows as it is."""
    if code is None:
        return ""
    row = db.conn.execute(
        "SELECT label FROM list_items WHERE list_name = ? AND code = ? "
        "ORDER BY deleted_at IS NOT NULL LIMIT 1", (list_name, code)).fetchone()
    return row[0] if row else vocabulary.label(list_name, code)


def code_of(db, list_name: str, text: str | None) -> str | None:
    """The code of a live item named by its code or its label (any case or tone
    placement); None when the list has no such item."""
    if text in (None, ""):
        return None
    items = choices(db, list_name)
    for code, _ in items:
        if code == text:
            return code
    for code, shown in items:
        if same_text(shown, text):
            return code
    return None


def check_item(check: Checker, db, field: str, label: str, list_name: str, current_code=None,
               *, required: bool = True) -> str | None:
    """Clean a field holding an item of `list_name`: its code. A record may keep an item
    that has since gone to the trash."""
    raw = check.text(field, label, required=required, max_len=200)
    if raw is None:
        return None
    if current_code is not None and raw == current_code:
        return raw
    code = code_of(db, list_name, raw)
    if code is None:
        check.fail(field, f"{label.capitalize()} “{raw}” không có trong danh mục "
                          f"{LIST_TITLES[list_name]}; hãy chọn: "
                          + ", ".join(labels(db, list_name)) + " (hoặc thêm mục này trong Cài đặt → Danh mục).")
    return code


def seed(db, actor: str) -> None:
    """Give each list its seeded items; an item a migration already added (same code)
    keeps its place."""
    for list_name, entries in SEEDS.items():
        held = {row[0] for row in db.conn.execute(
            "SELECT code FROM list_items WHERE list_name = ?", (list_name,))}
        list_items.create_many(db, actor, [
            {"list_name": list_name, "label": label, "position": index, "code": code}
            for index, (code, label) in enumerate(entries.items()) if code not in held])
        for index, code in enumerate(entries):  # the seeds' order, also for those held
            db.conn.execute("UPDATE list_items SET position = ? WHERE list_name = ? AND code = ?",
                            (index, list_name, code))
