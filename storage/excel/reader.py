"""Reading a spreadsheet into plain rows: .xlsx (openpyxl, read-only), .xls (xlrd) and
.csv (UTF-8, UTF-16, Windows-1258, Windows-1252). Text cells come out as NFC Unicode,
converted from TCVN3/VNI/mojibake by their font or by guessing (storage.excel.legacy);
numbers, dates and blanks come out as Python values. Anything unreadable is an
ExcelError with a Vietnamese reason, never a traceback."""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from storage.errors import StorageError
from storage.excel.legacy import clean_text, vietnamese_score

MAX_ROWS = 1_000_000
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")


class ExcelError(StorageError):
    """A file that cannot be read as a list: the message says why and what to do."""


@dataclass
class Sheet:
    name: str
    rows: list[list] = field(default_factory=list)  # row i is the file's row i + 1


def sheet_names(path: Path) -> list[str]:
    return [sheet.name for sheet in read_workbook(path, only_names=True)]


def read_workbook(path: Path, *, sheet: str | None = None, only_names: bool = False) -> list[Sheet]:
    """Every sheet (or the one named `sheet`) of the file, as rows of values."""
    path = Path(path)
    if not path.is_file():
        raise ExcelError(f"Không tìm thấy tệp {path}.")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ExcelError(f"Tệp {path.name} không phải bảng tính; hãy chọn tệp .xlsx, .xls hoặc .csv.")
    try:
        if suffix == ".csv":
            return [Sheet(path.stem, [] if only_names else _read_csv(path.read_bytes()))]
        if suffix == ".xls":
            return _read_xls(path, sheet, only_names)
        return _read_xlsx(path, sheet, only_names)
    except ExcelError:
        raise
    except (OSError, MemoryError) as error:
        raise ExcelError(f"Không đọc được tệp {path.name}: {error}.") from error
    except Exception as error:  # a broken file: any parser error becomes one reason
        raise ExcelError(f"Tệp {path.name} bị hỏng hoặc không đúng định dạng {suffix} "
                         f"({type(error).__name__}); hãy mở bằng Excel rồi lưu lại thành .xlsx.") from error


def _pick(names: list[str], wanted: str | None) -> list[str]:
    if wanted is None:
        return names
    for name in names:
        if name == wanted or name.strip().lower() == wanted.strip().lower():
            return [name]
    raise ExcelError(f"Tệp không có trang “{wanted}”; các trang có: {', '.join(names)}.")


# ---- .xlsx --------------------------------------------------------------------------
def _read_xlsx(path: Path, wanted: str | None, only_names: bool) -> list[Sheet]:
    import openpyxl

    if not zipfile.is_zipfile(path):
        raise ExcelError(f"Tệp {path.name} không phải .xlsx thật (có thể là .xls đổi tên); "
                         "hãy mở bằng Excel rồi lưu lại thành .xlsx.")
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = []
        for name in _pick(book.sheetnames, wanted):
            sheet = Sheet(name)
            sheets.append(sheet)
            if only_names:
                continue
            worksheet = book[name]
            if not hasattr(worksheet, "iter_rows"):
                continue  # a chart sheet
            for number, row in enumerate(worksheet.iter_rows(), start=1):
                if number > MAX_ROWS:
                    raise ExcelError(f"Trang “{name}” có hơn {MAX_ROWS:,} dòng; hãy chia nhỏ tệp.".replace(",", "."))
                values = []
                for cell in row:
                    value = cell.value
                    if isinstance(value, str):
                        if not value.isascii():
                            font = getattr(cell, "font", None)
                            value = clean_text(value, font.name if font is not None else None)
                        value = value.strip()
                    values.append(value)
                # read-only rows may skip leading empty cells: place values by column
                first = getattr(row[0], "column", 1) if row else 1
                if isinstance(first, int) and first > 1:
                    values = [None] * (first - 1) + values
                sheet.rows.append(values)
        return sheets
    finally:
        book.close()


# ---- .xls ---------------------------------------------------------------------------
def _read_xls(path: Path, wanted: str | None, only_names: bool) -> list[Sheet]:
    import xlrd

    book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    try:
        sheets = []
        for name in _pick(book.sheet_names(), wanted):
            sheet = Sheet(name)
            sheets.append(sheet)
            if only_names:
                continue
            worksheet = book.sheet_by_name(name)
            for r in range(min(worksheet.nrows, MAX_ROWS)):
                values = []
                for c in range(worksheet.ncols):
                    cell = worksheet.cell(r, c)
                    values.append(_xls_value(book, cell))
                sheet.rows.append(values)
        return sheets
    finally:
        book.release_resources()


def _xls_value(book, cell):
    import xlrd

    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if kind == xlrd.XL_CELL_DATE:
        try:
            value = xlrd.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
        return value.date() if value.time() == time(0) else value
    if kind == xlrd.XL_CELL_NUMBER:
        value = cell.value
        return int(value) if float(value).is_integer() else value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    text = str(cell.value)
    font = None
    if not text.isascii():
        try:
            font = book.font_list[book.xf_list[cell.xf_index].font_index].name
        except (IndexError, AttributeError, TypeError):
            font = None
        text = clean_text(text, font)
    return text.strip()


# ---- .csv ---------------------------------------------------------------------------
def decode_csv(raw: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), UTF-16 (with BOM), else the
    better Vietnamese of Windows-1258 and Windows-1252 (each cell is still checked for
    TCVN3/VNI afterwards)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    readings = []
    for encoding in ("cp1258", "cp1252"):
        text = unicodedata.normalize("NFC", raw.decode(encoding, errors="replace"))
        readings.append((vietnamese_score(text), encoding == "cp1258", text))
    return max(readings)[2]


def _read_csv(raw: bytes) -> list[list]:
    text = decode_csv(raw).replace("\x00", "")
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise ExcelError(f"Tệp có hơn {MAX_ROWS} dòng; hãy chia nhỏ tệp.")
            rows.append([clean_text(cell).strip() if cell.strip() else None for cell in row])
    except csv.Error as error:
        raise ExcelError(f"Tệp CSV bị lỗi ở dòng {reader.line_num}: {error}.") from error
    return rows


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value) -> str:
    """A cell as text for headers and names (numbers without '.0', dates dd/mm/yyyy)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()
