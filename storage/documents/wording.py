"""What a station may change in its printed documents (Cài đặt → Mẫu in), kept in
settings: the standing wording of minutes, checked for unknown placeholders like the
pledge text, and the page margins, within the ranges of Nghị định 30/2020."""

from __future__ import annotations

import re

from storage.errors import ValidationError
from storage.records import audit, settings
from storage.text import nfc

MINUTES_PLACEHOLDERS = {"gio_ket_thuc": "giờ kết thúc cuộc họp", "don_vi": "tên đơn vị"}
DEFAULT_MINUTES_CLOSING = ("Cuộc họp kết thúc hồi {gio_ket_thuc} cùng ngày. Biên bản đã được đọc lại cho "
                           "những người dự họp cùng nghe và nhất trí thông qua.")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def minutes_closing(db) -> str:
    return settings.get(db, "minutes_closing") or DEFAULT_MINUTES_CLOSING


def set_minutes_closing(db, actor: str, value: str) -> str:
    text = nfc(value) or ""
    if not text:
        raise ValidationError("Chưa nhập câu kết thúc biên bản.", "minutes_closing")
    unknown = sorted({n for n in _PLACEHOLDER.findall(text) if n not in MINUTES_PLACEHOLDERS})
    if unknown:
        raise ValidationError("Câu kết thúc biên bản có chỗ điền không hợp lệ: "
                              + ", ".join("{" + u + "}" for u in unknown) + ". Chỉ dùng: "
                              + ", ".join("{" + p + "}" for p in MINUTES_PLACEHOLDERS) + ".", "minutes_closing")
    with db.atomic():
        before = minutes_closing(db)
        settings.put(db, "minutes_closing", text)
        audit.append(db, actor, "update", "settings", "minutes_closing", {"value": before}, {"value": text})
    return text


def fill_minutes_closing(template: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


# (name, label, low, high, default) in millimetres.
MARGINS = (("top", "trên", 20, 25, 20), ("bottom", "dưới", 20, 25, 20), ("left", "trái", 30, 35, 30),
           ("right", "phải", 15, 20, 15))


def margins(db) -> tuple[float, float, float, float]:
    """(top, bottom, left, right) in millimetres."""
    stored = settings.get(db, "print_margins") or {}
    return tuple(float(stored.get(name, default)) for name, _label, _low, _high, default in MARGINS)


def set_margins(db, actor: str, **values) -> tuple[float, float, float, float]:
    errors = {}
    clean = {}
    for name, label, low, high, _default in MARGINS:
        try:
            value = float(str(values[name]).replace(",", "."))
        except (KeyError, ValueError):
            errors[name] = f"Lề {label} phải là một số milimét."
            continue
        if not low <= value <= high:
            errors[name] = f"Lề {label} phải từ {low} đến {high} mm theo Nghị định 30/2020 (đang là {value:g})."
        clean[name] = value
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        before = margins(db)
        settings.put(db, "print_margins", clean)
        audit.append(db, actor, "update", "settings", "print_margins", {"value": before}, {"value": clean})
    return margins(db)
