"""Reporting periods: '2026', '2026-H1', '2026-Q3', '2026-05', '2026-01-15..2026-06-14'.
A station whose year starts before 1 January (settings) shifts years, halves and
quarters with it."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from storage.errors import ValidationError

PERIOD_HELP = ("Kỳ báo cáo phải có dạng 2026 (cả năm), 2026-H1 (6 tháng đầu), 2026-Q3 (quý), "
               "2026-05 (tháng) hoặc 2026-01-15..2026-06-14 (từ ngày đến ngày).")


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    code: str

    @property
    def label(self) -> str:
        """Vietnamese name: 'năm 2026', '6 tháng đầu năm 2026', 'quý III năm 2026' …"""
        m = re.fullmatch(r"(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?", self.code)
        if m:
            year, part = m.groups()
            if part is None:
                return f"năm {year}"
            if part == "H1":
                return f"6 tháng đầu năm {year}"
            if part == "H2":
                return f"6 tháng cuối năm {year}"
            if part.startswith("Q"):
                return f"quý {'I II III IV'.split()[int(part[1]) - 1]} năm {year}"
            return f"tháng {int(part):02d} năm {year}"
        return f"từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before (the same part of last year for
        named periods)."""
        m = re.fullmatch(r"(\d{4})(-.+)?", self.code)
        if m and ".." not in self.code:
            return parse_period(f"{int(m[1]) - 1}{m[2] or ''}", _year_start=self._year_start)
        length = self.end - self.start
        end = self.start - timedelta(days=1)
        return Period(end - length, end, f"{(end - length).isoformat()}..{end.isoformat()}")

    _year_start: str = "01-01"


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _year_bounds(year: int, year_start: str) -> tuple[date, date]:
    month, day = (int(x) for x in year_start.split("-"))
    if (month, day) == (1, 1):
        return date(year, 1, 1), date(year, 12, 31)
    start = date(year - 1, month, day)
    return start, _add_months(start, 12) - timedelta(days=1)


def parse_period(text: str | None, *, today: date | None = None, _year_start: str = "01-01") -> Period:
    """Parse a period code; None means the current year."""
    if text is None or str(text).strip() == "":
        text = str((today or date.today()).year)
    text = str(text).strip().upper()
    try:
        if ".." in text:
            left, right = text.split("..", 1)
            start, end = date.fromisoformat(left), date.fromisoformat(right)
            if not (1900 < start.year < 2200 and 1900 < end.year < 2200):
                raise ValueError(text)  # 9999-12-31: the day after it overflows in every figure
            if end < start:
                raise ValidationError("Ngày cuối kỳ phải sau ngày đầu kỳ. " + PERIOD_HELP, "period")
            return Period(start, end, f"{start.isoformat()}..{end.isoformat()}", _year_start)
        m = re.fullmatch(r"(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?", text)
        if not m or not 1900 < int(m[1]) < 2200:
            raise ValueError(text)
        year, part = int(m[1]), m[2]
        year_from, year_to = _year_bounds(year, _year_start)
        if part is None:
            return Period(year_from, year_to, f"{year}", _year_start)
        if part.startswith("H"):
            start = _add_months(year_from, 6 * (int(part[1]) - 1))
            return Period(start, _add_months(start, 6) - timedelta(days=1), f"{year}-{part}", _year_start)
        if part.startswith("Q"):
            start = _add_months(year_from, 3 * (int(part[1]) - 1))
            return Period(start, _add_months(start, 3) - timedelta(days=1), f"{year}-{part}", _year_start)
        month = int(part)
        if not 1 <= month <= 12:
            raise ValueError(text)
        return Period(date(year, month, 1),
                      date(year, month, calendar.monthrange(year, month)[1]), f"{year}-{month:02d}",
                      _year_start)
    except ValidationError:
        raise
    except ValueError as error:
        raise ValidationError(f"Kỳ báo cáo “{text}” không hợp lệ. " + PERIOD_HELP, "period") from error


def station_period(db, text: str | None) -> Period:
    """Parse with the station's own year start (settings)."""
    from storage.records import settings

    return parse_period(text, _year_start=settings.get(db, "period_year_start") or "01-01")
