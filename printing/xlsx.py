"""Figures as an Excel workbook (openpyxl), for people who keep their own sheets."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter


def figures_workbook(title: str, rows: list[tuple[str, object]], *, per_station: list[tuple[str, list]] | None = None,
                     columns: list[str] | None = None) -> bytes:
    """A sheet 'Số liệu' (label, value) and, for a superior, a sheet 'Theo đơn vị'."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Số liệu"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(["STT", "Nội dung", "Số liệu"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for index, (label, value) in enumerate(rows, 1):
        sheet.append([index, label, value])
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 70
    sheet.column_dimensions["C"].width = 16
    if per_station is not None:
        stations = book.create_sheet("Theo đơn vị")
        stations.append(["STT", "Đơn vị", *(columns or [])])
        for cell in stations[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for index, (name, values) in enumerate(per_station, 1):
            stations.append([index, name, *values])
        stations.column_dimensions["B"].width = 34
        for column in range(3, 3 + len(columns or [])):
            stations.column_dimensions[get_column_letter(column)].width = 14
    _text_stays_text(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text_stays_text(book) -> None:
    """No cell becomes a formula: a name or label starting with = + - @ (a station called
    "=HYPERLINK(…)") is stored as text, shown as typed."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and (cell.data_type == "f" or cell.value[:1] in "=+-@\t\r"):
                    cell.data_type = "s"
                    cell.quotePrefix = True
