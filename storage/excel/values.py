"""Cell values as the records want them: CCCD with the leading zeros Excel dropped, dates
from Excel dates, serial numbers or d/m/yyyy text, names without "Ông"/"Bà", genders,
relations and roles as the codes (or, for kinds storage.vocabulary does not know yet,
the values the record modules accept). Each parser returns the value or raises
ValueError with the Vietnamese reason shown for the row."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache

from storage.clock import today
from storage.excel.reader import as_text, is_blank
from storage.text import fold, nfc

_EXCEL_EPOCH = date(1899, 12, 30)
_PREFIXES = ("ông", "bà", "anh", "chị", "cụ", "ô.", "b.", "ô", "đ/c", "đc")
_DIGITS = re.compile(r"[0-9]+")
_SCIENTIFIC = re.compile(r"[0-9]+(?:[.,][0-9]+)?\s*[eE]\s*[+]?\s*[0-9]+")


def shorten(value, limit: int = 40) -> str:
    """A cell as shown in a reason: a 10,000-character cell is not repeated whole."""
    text = as_text(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def cccd(value) -> tuple[str | None, str | None]:
    """(12-digit CCCD, 9-digit old CMND): one of them or neither."""
    if is_blank(value):
        return None, None
    if isinstance(value, bool):
        raise ValueError(f"Số CCCD “{shorten(value)}” phải là dãy chữ số (12 số, hoặc CMND cũ 9 số).")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"Số CCCD “{shorten(value)}” không phải dãy chữ số.")
        value = int(value)
    if isinstance(value, int) and value < 0:
        raise ValueError(f"Số CCCD “{value}” là số âm; hãy ghi đúng dãy chữ số trên thẻ.")
    raw = unicodedata.normalize("NFKC", as_text(value)).strip()  # full-width digits ０-９ too
    if _SCIENTIFIC.fullmatch(raw):
        raise ValueError(f"Số CCCD “{shorten(raw)}” bị Excel ghi dạng số mũ nên đã mất chữ số; hãy định dạng "
                         "cột CCCD là Văn bản (Text) và gõ lại đủ 12 số.")
    if raw.startswith(("-", "+")):
        raise ValueError(f"Số CCCD “{shorten(raw)}” có dấu {raw[0]} ở đầu; hãy ghi đúng dãy chữ số trên thẻ.")
    text = re.sub(r"[\s.\-']", "", raw)
    if not text.isdigit() or not text.isascii():
        raise ValueError(f"Số CCCD “{shorten(value)}” phải là dãy chữ số (12 số, hoặc CMND cũ 9 số).")
    if len(text) in (10, 11, 12):
        return text.zfill(12), None  # Excel dropped the zeros of "001…", "0…"
    if len(text) in (8, 9):
        return None, text.zfill(9)
    raise ValueError(f"Số CCCD “{shorten(text)}” có {len(text)} chữ số; CCCD phải có 12 chữ số, CMND cũ 9 chữ số.")


def phone(value) -> str | None:
    if is_blank(value):
        return None
    text = re.sub(r"[\s.\-()']", "", as_text(value))
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) == 11:
        text = "0" + text[2:]
    if text.isascii() and text.isdigit() and len(text) == 9:
        text = "0" + text  # Excel dropped the leading zero
    if not (text.isascii() and text.isdigit() and len(text) == 10 and text.startswith("0")):
        raise ValueError(f"Số điện thoại “{shorten(value)}” phải có 10 chữ số và bắt đầu bằng 0.")
    return text


def day(value, label: str = "ngày") -> tuple[str | None, int | None]:
    """(ISO date, year) from an Excel date, a serial number, d/m/yyyy text or a year."""
    if is_blank(value):
        return None, None
    found: date | None = None
    if isinstance(value, datetime):
        found = value.date()
    elif isinstance(value, date):
        found = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if value != value or value in (float("inf"), float("-inf")):  # NaN or infinity
            raise ValueError(f"{label.capitalize()} “{value}” không phải ngày.")
        number = int(value)
        if number == value and 1900 <= number <= today().year:
            return None, number  # a year
        if 1 <= value < 2958466:
            found = _EXCEL_EPOCH + timedelta(days=int(value))
    else:
        text = as_text(value).strip().rstrip(".")
        if not text.isascii():
            text = re.sub(r"[^\x00-\x7f]", "?", text)  # only ASCII digits are read as digits
        parts = _DIGITS.findall(text)
        if len(parts) == 1 and len(parts[0]) == 4 and text.isdigit():
            year = int(parts[0])
            if 1900 <= year <= today().year:
                return None, year
        elif len(parts) == 1 and text.isdigit() and 1 <= int(text) < 2958466:
            found = _EXCEL_EPOCH + timedelta(days=int(text))
        elif len(parts) == 3 and re.fullmatch(r"[0-9]{1,4}\s*[/\-.]\s*[0-9]{1,2}\s*[/\-.]\s*[0-9]{1,4}", text):
            first, second, third = (int(p) for p in parts)
            if len(parts[0]) == 4:
                year, month, day_ = first, second, third
            else:
                day_, month, year = first, second, third
                if len(parts[2]) == 2:
                    year += 1900 if year > today().year % 100 else 2000
            try:
                found = date(year, month, day_)
            except ValueError:
                raise ValueError(f"{label.capitalize()} “{shorten(value)}” không có trên lịch (tháng "
                                 f"{month} không có ngày {day_}, hoặc không có tháng {month}); hãy kiểm "
                                 "tra ngày và tháng.") from None
        elif len(parts) == 2 and re.fullmatch(r"[0-9]{1,2}\s*[/\-.]\s*[0-9]{4}", text):
            year = int(parts[1])
            if 1900 <= year <= today().year:
                return None, year  # month/year: the year is what the record keeps
    if found is None:
        raise ValueError(f"{label.capitalize()} “{shorten(value)}” không đọc được; hãy ghi dạng "
                         "ngày/tháng/năm, ví dụ 05/02/1980, hoặc chỉ năm.")
    if found.year < 1900 or found > today():
        raise ValueError(f"{label.capitalize()} {found.strftime('%d/%m/%Y')} không hợp lệ "
                         "(trước năm 1900 hoặc ở tương lai).")
    return found.isoformat(), found.year


def full_name(value) -> str | None:
    """'Ông NGUYỄN VĂN AN' → 'Nguyễn Văn An'."""
    if is_blank(value):
        return None
    text = nfc(as_text(value)) or ""
    text = re.sub(r"^\d+[.)]\s*", "", text)  # "1. Nguyễn Văn An"
    words = text.split()
    while len(words) > 2 and len(words[0]) <= 5 and (words[0].lower() in _PREFIXES
                                                      or fold(words[0]).rstrip(":") in ("ong", "ba")):
        words = words[1:]
    text = " ".join(words)
    if text.isupper():
        text = " ".join(w[:1].upper() + w[1:].lower() for w in text.split())
    return text or None


def gender_of_title(value) -> str | None:
    """'Ông …'/'Anh …' → male, 'Bà …'/'Chị …' → female (for lists with no gender column)."""
    if is_blank(value):
        return None
    words = as_text(value).split(maxsplit=3)
    if len(words) < 3 or len(words[0]) > 5:  # a title is short: a cell of 100,000 letters is not folded
        return None
    label = {"ong": "nam", "anh": "nam", "ba": "nữ", "chi": "nữ"}.get(fold(words[0]).rstrip(".:"))
    return _coded("gender", label) if label else None


def text(value) -> str | None:
    return None if is_blank(value) else nfc(as_text(value))


# ---- enumerations -------------------------------------------------------------------
_GENDERS = {"nam": "nam", "m": "nam", "male": "nam", "trai": "nam",
            "nu": "nữ", "f": "nữ", "female": "nữ", "gai": "nữ"}
_RELATIONS = {
    "chu ho": "chủ hộ", "ch": "chủ hộ", "chuho": "chủ hộ", "chu": "chủ hộ",
    "vo": "vợ", "chong": "chồng", "con": "con", "con trai": "con", "con gai": "con",
    "con de": "con", "con nuoi": "con", "bo": "bố", "cha": "bố", "ba": "bà", "me": "mẹ",
    "ong": "ông", "ong noi": "ông", "ong ngoai": "ông", "ba noi": "bà", "ba ngoai": "bà",
    "chau": "cháu", "chau noi": "cháu", "chau ngoai": "cháu", "anh": "anh", "anh trai": "anh",
    "chi": "chị", "chi gai": "chị", "em": "em", "em trai": "em", "em gai": "em",
    "con dau": "con dâu", "con re": "con rể", "khac": "khác", "o nho": "khác", "o ghep": "khác",
    "bo de": "bố", "me de": "mẹ", "bo vo": "khác", "me vo": "khác", "bo chong": "khác", "me chong": "khác",
}
_ROLES = {"to truong": "tổ trưởng", "tt": "tổ trưởng", "to pho": "tổ phó", "tp": "tổ phó",
          "to vien": "tổ viên", "tv": "tổ viên", "thanh vien": "tổ viên", "": "tổ viên"}


@lru_cache(maxsize=256)
def _coded(kind: str, label: str) -> str:
    """The stored form of a value: the vocabulary's code when the kind is there, else the
    label the record module accepts today."""
    from storage import vocabulary

    if kind in vocabulary.VOCABULARIES:
        return vocabulary.code_of(kind, label) or label
    return label


def _key(value) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(as_text(value))).split())


def gender(value) -> str | None:
    if is_blank(value):
        return None
    return _gender(as_text(value))


@lru_cache(maxsize=1024)
def _gender(value: str) -> str:
    label = _GENDERS.get(_key(value))
    if label is None:
        raise ValueError(f"Giới tính “{shorten(value)}” không rõ; hãy ghi Nam hoặc Nữ.")
    return _coded("gender", label)


def relation(value) -> str | None:
    if is_blank(value):
        return None
    return _relation(as_text(value))


@lru_cache(maxsize=1024)
def _relation(value: str) -> str:
    label = _RELATIONS.get(_key(value))
    if label is None:
        raise ValueError(f"Quan hệ với chủ hộ “{shorten(value)}” không rõ; hãy ghi Chủ hộ, Vợ, "
                         "Chồng, Con, Bố, Mẹ, Ông, Bà, Cháu, Anh, Chị, Em, Con dâu, Con rể hoặc Khác.")
    return _coded("relation", label)


def is_head(code: str | None) -> bool:
    return code is not None and code in ("chủ hộ", _coded("relation", "chủ hộ"))


def role(value) -> str:
    label = _ROLES.get(_key(value))
    if label is None:
        raise ValueError(f"Chức vụ trong tổ “{shorten(value)}” không rõ; hãy ghi Tổ trưởng, Tổ phó "
                         "hoặc Tổ viên.")
    return _coded("member_role", label)
