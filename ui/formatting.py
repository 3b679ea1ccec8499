"""How values look on screen: dates dd/MM/yyyy, numbers 10.349, yes/no."""

from __future__ import annotations

from storage.query.figure_labels import format_number, format_ratio
from storage.records.validate import format_date

__all__ = ["format_date", "format_number", "format_ratio", "yes_no", "date_time"]


def yes_no(value) -> str:
    return "Có" if value else ""


def date_time(value: str | None) -> str:
    """'2026-07-05T08:00' → '08:00 05/07/2026'."""
    if not value:
        return ""
    day, _, clock = value.partition("T")
    return f"{clock[:5]} {format_date(day)}".strip()
