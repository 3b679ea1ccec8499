"""Checks shared by every kind of record; each failure is a Vietnamese message that
says what is wrong and how to fix it. Collect them with Checker, raise once."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from storage import vocabulary
from storage.clock import today
from storage.errors import ValidationError
from storage.text import nfc

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
# Control characters (line breaks and tabs aside) and bidirectional embeddings, overrides
# and isolates: a name that prints backwards on a document, never typed in Vietnamese.
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
# Never part of a name (of a person, a unit, an area): control characters (line breaks and
# tabs too), the soft hyphen, bidirectional marks, embeddings, overrides and isolates,
# zero-width spaces and joiners, the byte-order mark. The one rule for names; the same
# characters accounts.py refuses in a user's full name.
HIDDEN_IN_NAMES = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
                             "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")


def without_hidden(name: str) -> str:
    """A name without hidden characters: line breaks and tabs become spaces, the others
    go, runs of spaces become one, the ends are trimmed."""
    if name.isprintable():
        return " ".join(name.split())
    return " ".join(HIDDEN_IN_NAMES.sub("", name.replace("\t", " ").replace("\n", " ")
                                        .replace("\r", " ")).split())


def parse_date(value) -> date | None:
    """A date from a date, an ISO string or dd/mm/yyyy; None for empty; ValueError else."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if len(text) == 10 and text[4] == "-":
        return date.fromisoformat(text)  # the stored form: fast path
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def format_date(value: str | date | None) -> str:
    """dd/mm/yyyy for people; '' for nothing."""
    parsed = parse_date(value) if value else None
    return parsed.strftime("%d/%m/%Y") if parsed else ""


class Checker:
    """Collects field errors while cleaning a record's values."""

    def __init__(self, values: dict):
        self.values = values
        self.errors: dict[str | None, str] = {}

    def fail(self, field: str | None, message: str) -> None:
        self.errors.setdefault(field, message)

    def done(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)

    def text(self, field: str, label: str, *, required: bool = False, max_len: int = 2000):
        value = nfc(self.values.get(field))
        if value == "":
            value = None
        if value is None and required:
            self.fail(field, f"Chưa nhập {label}: đây là thông tin bắt buộc.")
        elif value is not None and len(value) > max_len:
            self.fail(field, f"{label.capitalize()} dài quá {max_len} ký tự, hãy viết ngắn lại.")
        elif value is not None and _HIDDEN.search(value):
            self.fail(field, f"{label.capitalize()} có ký tự ẩn (ký tự điều khiển hoặc ký tự đảo chiều chữ); "
                             "hãy gõ lại.")
        return value

    def choice(self, field: str, label: str, choices, *, required: bool = True, default=None):
        value = nfc(self.values.get(field)) or default
        if value is None:
            if required:
                self.fail(field, f"Chưa chọn {label}.")
            return None
        if value not in choices:
            self.fail(field, f"{label.capitalize()} “{value}” không hợp lệ; hãy chọn một trong: "
                             + ", ".join(choices) + ".")
        return value

    def code(self, field: str, label: str, kind: str, *, required: bool = True, default=None):
        """The stored code of a choice from storage/vocabulary.py; the value may be the
        code or its Vietnamese label (forms, imports, old data)."""
        raw = self.values.get(field)
        raw = nfc(raw) if raw not in (None, "") else default
        if raw is None:
            if required:
                self.fail(field, f"Chưa chọn {label}.")
            return None
        value = vocabulary.code_of(kind, raw)
        if value is None:
            self.fail(field, f"{label.capitalize()} “{raw}” không hợp lệ; hãy chọn một trong: "
                             + ", ".join(vocabulary.labels(kind).values()) + ".")
        return value

    def date(self, field: str, label: str, *, required: bool = False,
             not_future: bool = False) -> str | None:
        raw = self.values.get(field)
        try:
            value = parse_date(raw)
        except ValueError:
            self.fail(field, f"{label.capitalize()} “{raw}” không phải ngày hợp lệ; "
                             "hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/02/2026.")
            return None
        if value is None:
            if required:
                self.fail(field, f"Chưa nhập {label}.")
            return None
        if value.year < 1900:
            self.fail(field, f"{label.capitalize()} trước năm 1900 là không hợp lệ.")
        if not_future and value > today():
            self.fail(field, f"{label.capitalize()} không thể ở tương lai "
                             f"(sau hôm nay {today().strftime('%d/%m/%Y')}).")
        return value.isoformat()

    def time(self, field: str, label: str) -> str | None:
        raw = self.values.get(field)
        if raw in (None, ""):
            return None
        if isinstance(raw, time):
            return raw.strftime("%H:%M")
        text = str(raw).strip()
        # 19:30, 19h30, 19g30, 19.30, 19h, 19, and digits alone as typed in a hurry: 1930, 930
        match = (re.fullmatch(r"(\d{1,2})(?:\s*[:hHgG.]\s*(\d{2})?)?", text)
                 or re.fullmatch(r"(\d{1,2})(\d{2})", text))
        if match and match[2] is None:
            return f"{int(match[1]):02d}:00" if int(match[1]) <= 23 else self._bad_time(field, label, raw)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            return self._bad_time(field, label, raw)
        return f"{int(match[1]):02d}:{match[2]}"

    def _bad_time(self, field: str, label: str, raw) -> None:
        self.fail(field, f"{label.capitalize()} “{raw}” không hợp lệ; hãy nhập giờ:phút, ví dụ 19:30 (hoặc gõ 1930).")

    def integer(self, field: str, label: str, *, required: bool = False, minimum: int | None = 0,
                maximum: int | None = None) -> int | None:
        raw = self.values.get(field)
        if raw in (None, ""):
            if required:
                self.fail(field, f"Chưa nhập {label}.")
            return None
        try:
            value = int(str(raw).replace(".", "").strip()) if not isinstance(raw, int) else raw
        except ValueError:
            self.fail(field, f"{label.capitalize()} “{raw}” phải là một số nguyên.")
            return None
        if isinstance(raw, bool):
            value = int(raw)
        if minimum is not None and value < minimum:
            self.fail(field, f"{label.capitalize()} không được nhỏ hơn {minimum}.")
        if maximum is not None and value > maximum:
            self.fail(field, f"{label.capitalize()} không được lớn hơn {maximum}.")
        return value

    def number(self, field: str, label: str, *, positive: bool = True) -> float | None:
        raw = self.values.get(field)
        if raw in (None, ""):
            self.fail(field, f"Chưa nhập {label}.")
            return None
        try:
            value = float(str(raw).replace(",", ".")) if not isinstance(raw, (int, float)) else float(raw)
        except ValueError:
            self.fail(field, f"{label.capitalize()} “{raw}” phải là một số.")
            return None
        if positive and not value > 0:
            self.fail(field, f"{label.capitalize()} phải lớn hơn 0.")
        return value

    def flag(self, field: str) -> int:
        return 1 if self.values.get(field) in (True, 1, "1", "true", "có") else 0

    def cccd(self, field: str = "cccd") -> str | None:
        raw = self.values.get(field)
        value = re.sub(r"[\s.]", "", str(raw)) if raw not in (None, "") else None
        if value is not None and not re.fullmatch(r"\d{12}", value):
            self.fail(field, f"Số CCCD phải có đúng 12 chữ số (đang nhập {len(value)} ký tự).")
        return value

    def phone(self, field: str = "phone") -> str | None:
        raw = self.values.get(field)
        value = re.sub(r"[\s.\-]", "", str(raw)) if raw not in (None, "") else None
        if value is not None and not re.fullmatch(r"0\d{9}", value):
            self.fail(field, "Số điện thoại phải có 10 chữ số và bắt đầu bằng số 0, ví dụ 0912345678.")
        return value

    def reference(self, db, field: str, table: str, label: str, *, required: bool = False):
        """The id of a live row in `table`, or a message when it is missing or deleted."""
        raw = self.values.get(field)
        if raw in (None, ""):
            if required:
                self.fail(field, f"Chưa chọn {label}.")
            return None
        row = db.conn.execute(f"SELECT deleted_at FROM {table} WHERE id = ?", (raw,)).fetchone()
        if row is None:
            self.fail(field, f"Không tìm thấy {label} đã chọn; hãy chọn lại.")
        elif row[0] is not None:
            self.fail(field, f"{label.capitalize()} đã chọn đang ở thùng rác; hãy khôi phục hoặc chọn khác.")
        return int(raw)

    def references(self, db, field: str, table: str, label: str) -> list[int]:
        ids = []
        for raw in self.values.get(field) or []:
            row = db.conn.execute(f"SELECT deleted_at FROM {table} WHERE id = ?", (raw,)).fetchone()
            if row is None or row[0] is not None:
                self.fail(field, f"Có {label} đã chọn không còn tồn tại; hãy chọn lại.")
            elif int(raw) not in ids:
                ids.append(int(raw))
        return ids

    def order(self, start_field: str, start, end_field: str, end, start_label: str, end_label: str):
        """end must not come before start (both ISO strings of dates or times)."""
        if start and end and end < start:
            self.fail(end_field, f"{end_label.capitalize()} phải sau {start_label}.")
