"""The periods offered wherever a person picks one: this year, its halves and quarters,
last year and its first half."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox

from ui.i18n import tr


def period_choices(today: date) -> list[tuple[str, str]]:
    year = today.year
    return [(str(year), f"Năm {year}"), (f"{year}-H1", f"6 tháng đầu năm {year}"),
            (f"{year}-H2", f"6 tháng cuối năm {year}")] + \
           [(f"{year}-Q{q}", f"Quý {'I II III IV'.split()[q - 1]} năm {year}") for q in range(1, 5)] + \
           [(str(year - 1), f"Năm {year - 1}"), (f"{year - 1}-H1", f"6 tháng đầu năm {year - 1}")]


def period_combo(parent) -> QComboBox:
    """A combo box of period codes (its data) named in Vietnamese."""
    combo = QComboBox(parent)
    for code, label in period_choices(date.today()):
        combo.addItem(tr(label), code)
    return combo
