"""The editable lists: team kinds, mediation categories, surrendered item kinds, area
kinds. Seeded with the usual entries; a station adds, renames and removes its own."""

from __future__ import annotations

from dataclasses import dataclass

from storage.records.repository import Record, Repository
from storage.records.validate import Checker
from storage.text import same_text

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

SEEDS = {
    TEAM_KINDS: [
        "Tổ tự phòng, tự quản, tự bảo vệ",
        "Tổ an ninh nhân dân",
        "Nhóm liên gia tự quản",
        "Tổ bảo vệ an ninh, trật tự",
        "Tổ hòa giải",
        "Dòng họ tự quản về ANTT",
    ],
    MEDIATION_CATEGORIES: ["Đất đai", "Hôn nhân và gia đình", "Hàng xóm láng giềng", "Dân sự", "Khác"],
    ITEM_KINDS: ["Vũ khí quân dụng", "Súng tự chế", "Vật liệu nổ", "Công cụ hỗ trợ",
                 "Dao, kiếm và vũ khí thô sơ", "Pháo"],
    AREA_KINDS: ["Thôn", "Tổ dân phố", "Khu phố", "Ấp", "Bản", "Buôn", "Khu dân cư"],
    TIP_CHANNELS: ["Trực tiếp", "Điện thoại", "Hòm thư tố giác", "Mạng xã hội", "Qua tổ ANTT"],
    MODEL_KINDS: ["Tự quản về ANTT", "Phòng chống tội phạm", "Phòng chống ma túy",
                  "Hòa giải cơ sở", "Phòng cháy, chữa cháy", "An toàn giao thông",
                  "Tôn giáo, dân tộc", "Giúp đỡ người tái hòa nhập"],
}


@dataclass(kw_only=True)
class ListItem(Record):
    list_name: str
    label: str
    position: int = 0


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
        return {"list_name": list_name, "label": label, "position": position}

    def display_name(self, record):
        return record.label


list_items = ListItems()


def labels(db, list_name: str) -> list[str]:
    return [item.label for item in list_items.list(db, "list_name = ?", [list_name])]


def seed(db, actor: str) -> None:
    for list_name, entries in SEEDS.items():
        list_items.create_many(db, actor, [
            {"list_name": list_name, "label": label, "position": index}
            for index, label in enumerate(entries)])
