"""Pledge texts (editable templates with placeholders) and households' pledges."""

from __future__ import annotations

import re
from dataclasses import dataclass

from storage import vocabulary
from storage.errors import ValidationError
from storage.records.repository import Record, Repository
from storage.records.validate import Checker

STATUSES = tuple(vocabulary.VOCABULARIES["pledge_status"])  # codes; labels in storage/vocabulary.py
UNPRINTED, PRINTED, SIGNED, CANCELLED = STATUSES

# Placeholder → what it stands for, shown to the person editing the template.
PLACEHOLDERS = {
    "chu_ho": "họ và tên chủ hộ",
    "nam_sinh": "năm sinh của chủ hộ",
    "cccd": "số CCCD của chủ hộ",
    "dia_chi": "địa chỉ của hộ",
    "dia_ban": "tên thôn, tổ dân phố",
    "so_nhan_khau": "số nhân khẩu của hộ",
    "ngay_ky": "ngày tổ chức ký cam kết",
    "noi_ky": "nơi tổ chức ký cam kết",
    "don_vi": "tên đơn vị Công an (xã, phường, đặc khu)",
    "xa": "tên xã, phường",
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

DEFAULT_TITLE = "Bản cam kết thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc"
DEFAULT_BODY = """Tôi là: {chu_ho}, sinh năm: {nam_sinh}, số CCCD: {cccd}.
Là chủ hộ gia đình ở: {dia_chi}, {xa}; hộ có {so_nhan_khau} nhân khẩu.
Để góp phần giữ gìn an ninh, trật tự ở khu dân cư, thay mặt gia đình, tôi xin cam kết:
1. Chấp hành nghiêm chủ trương của Đảng, chính sách, pháp luật của Nhà nước và các quy định của địa phương.
2. Không tàng trữ, sử dụng trái phép vũ khí, vật liệu nổ, công cụ hỗ trợ; không sản xuất, mua bán, tàng trữ, đốt pháo trái phép.
3. Không tham gia và vận động người thân không tham gia các tệ nạn ma túy, cờ bạc, mại dâm; không che giấu, chứa chấp tội phạm.
4. Thực hiện tốt "tự phòng, tự quản, tự bảo vệ": tự phòng ngừa tội phạm, tệ nạn; tự quản lý người, tài sản; tự bảo vệ khu dân cư.
5. Kịp thời cung cấp tin báo, tố giác tội phạm và các hành vi vi phạm pháp luật cho {don_vi}.
6. Giải quyết mâu thuẫn trong gia đình, với hàng xóm bằng hòa giải, không để xảy ra xô xát.
7. Thực hiện đầy đủ việc đăng ký cư trú, thông báo lưu trú theo quy định.
8. Chấp hành quy định về phòng cháy, chữa cháy và an toàn giao thông.
Nếu vi phạm, gia đình tôi xin chịu trách nhiệm trước pháp luật và chịu hình thức xử lý của địa phương."""


def unknown_placeholders(body: str) -> list[str]:
    return sorted({name for name in _PLACEHOLDER.findall(body) if name not in PLACEHOLDERS})


def fill(body: str, values: dict[str, str]) -> str:
    """Replace each {name} with its value; unknown names were refused on save."""
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), "")), body)


@dataclass(kw_only=True)
class PledgeText(Record):
    title: str
    body: str
    is_default: int = 0


class PledgeTexts(Repository[PledgeText]):
    table = "pledge_texts"
    record = PledgeText
    label = "mẫu bản cam kết"

    def clean(self, db, values, current):
        check = Checker(values)
        out = {"title": check.text("title", "tiêu đề", required=True, max_len=300),
               "body": check.text("body", "nội dung cam kết", required=True, max_len=20000),
               "is_default": check.flag("is_default")}
        if out["body"]:
            unknown = unknown_placeholders(out["body"])
            if unknown:
                check.fail("body", "Mẫu có chỗ điền không hợp lệ: " + ", ".join("{" + u + "}" for u in unknown)
                           + ". Chỉ dùng: " + ", ".join("{" + p + "}" for p in PLACEHOLDERS) + ".")
        check.done()
        if out["is_default"]:
            db.conn.execute("UPDATE pledge_texts SET is_default = 0 WHERE is_default = 1 AND id IS NOT ?",
                            (current.id if current else None,))
        return out

    def display_name(self, record):
        return record.title


pledge_texts = PledgeTexts()


def seed_default_text(db, actor: str) -> PledgeText:
    return pledge_texts.create(db, actor, title=DEFAULT_TITLE, body=DEFAULT_BODY, is_default=1)


def default_text(db) -> PledgeText:
    found = pledge_texts.list(db, "is_default = 1", limit=1) or pledge_texts.list(db, limit=1)
    if not found:
        raise ValidationError("Chưa có mẫu bản cam kết nào. Hãy tạo mẫu trong Cài đặt → Mẫu in.")
    return found[0]


@dataclass(kw_only=True)
class Pledge(Record):
    household_id: int
    text_id: int | None = None
    text_version: int | None = None
    ceremony_date: str | None = None
    ceremony_place: str | None = None
    status: str = UNPRINTED
    printed_at: str | None = None
    signed_on: str | None = None
    notes: str | None = None


class Pledges(Repository[Pledge]):
    table = "pledges"
    record = Pledge
    label = "bản cam kết"
    order_by = "ceremony_date DESC, id"

    def clean(self, db, values, current):
        check = Checker(values)
        out = {
            "household_id": check.reference(db, "household_id", "households", "hộ gia đình", required=True),
            "text_id": check.reference(db, "text_id", "pledge_texts", "mẫu bản cam kết"),
            "ceremony_date": check.date("ceremony_date", "ngày ký cam kết"),
            "ceremony_place": check.text("ceremony_place", "nơi ký cam kết", max_len=300),
            "status": check.code("status", "trạng thái", "pledge_status", default=UNPRINTED),
            "printed_at": values.get("printed_at"),
            "signed_on": check.date("signed_on", "ngày ký", not_future=True),
            "notes": check.text("notes", "ghi chú"),
        }
        if out["status"] == SIGNED and not out["signed_on"]:
            out["signed_on"] = out["ceremony_date"]
            if not out["signed_on"]:
                check.fail("signed_on", "Bản cam kết đã ký cần có ngày ký.")
        if out["text_id"] and not check.errors:
            out["text_version"] = db.conn.execute("SELECT version FROM pledge_texts WHERE id = ?",
                                                  (out["text_id"],)).fetchone()[0]
        check.done()
        return out

    def display_name(self, record):
        return f"Bản cam kết số {record.id}"


pledges = Pledges()


def mark(db, actor: str, pledge_ids: list[int], status: str, *, on: str | None = None) -> None:
    """Mark many pledges printed or signed in one transaction."""
    with db.atomic():
        for pledge_id in pledge_ids:
            changes = {"status": status}
            status = vocabulary.code_of("pledge_status", status) or status
            if status == SIGNED:
                changes["signed_on"] = on
            pledges.update(db, actor, pledge_id, **changes)
