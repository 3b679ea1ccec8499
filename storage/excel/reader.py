"""Reading a spreadsheet into plain rows: .xlsx (openpyxl, read-only), .xls (xlrd), .csv
(UTF-8, UTF-16, Windows-1258, Windows-1252) and the "Excel" files old software writes as
HTML tables or text. Text cells come out as NFC Unicode, converted from TCVN3/VNI/mojibake
by their font or by guessing (storage.excel.legacy); numbers, dates and blanks come out as
Python values. Anything unreadable is an ExcelError with a Vietnamese reason, never a
traceback.

The file is untrusted: its size, the sizes and compression ratio of an .xlsx's parts, a
DTD or entity in its XML (XML bombs, external entities), the rows, columns and cells it
holds and the length of a CSV line are checked before or while reading, so a zip bomb, a
sheet that claims A1:XFD1048576 or a 2 GB CSV is refused in a sentence with bounded memory
and time. An .xlsx's sheets, shared strings and styles are streamed element by element
(_elements), never held whole: a row of millions of cells is refused at its first value past
the last column, more merged ranges or cell formats than a list can have when they are met.
What a file is comes from its first bytes, not its name: an .xls that is really HTML, CSV
or .xlsx is read as what it is; a folder, device or pipe is named for what it is."""

from __future__ import annotations

import csv
import re
import stat
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from html.parser import HTMLParser
from pathlib import Path

from storage.errors import StorageError
from storage.excel.legacy import clean_text, vietnamese_score

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
# Limits: a commune's household book is some 75,000 people, 11 columns (a 3.5 MB .xlsx
# whose sheet is 27 MB of XML, 7.6 times its compressed size); these leave room for
# four times that and refuse what would take the memory of a station's PC.
MAX_FILE_BYTES = 64 * 1024 * 1024        # the file on disk, any format
MAX_PART_BYTES = 128 * 1024 * 1024       # one part of an .xlsx, uncompressed
MAX_STRINGS_BYTES = 48 * 1024 * 1024     # the shared strings (read whole by openpyxl)
MAX_TOTAL_BYTES = 256 * 1024 * 1024      # every part of an .xlsx together
MAX_RATIO = 100                          # uncompressed / compressed, for parts over 1 MB
MAX_PARTS = 5000
MAX_ROWS = 300_000                       # the last row with a value
MAX_COLUMNS = 256                        # the last column with a value
MAX_CELLS = 2_500_000                    # cells with a value, all sheets together
MAX_LINE_CHARS = 1024 * 1024             # one line of a CSV or text file
MAX_HTML_CHARS = 32 * 1024 * 1024        # an "Excel" file that is an HTML page
MAX_LINES = 4 * MAX_ROWS                 # lines of a CSV, blank ones and line breaks in cells too
MAX_MERGES = MAX_ROWS                    # ranges of merged cells in one sheet of an .xlsx
MAX_STYLES = 100_000                     # cell formats, fonts, number formats in styles.xml
MAX_HELD = 100_000                       # XML elements held at once while a part is streamed
# Control characters, bidirectional overrides (a name that reads backwards), zero-width
# joiners and spaces, soft hyphens: invisible in a cell, never part of a Vietnamese name.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
                        "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")
_FORMULA_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}f"
_XML_DECLARATIONS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_DECLARATIONS_16 = re.compile(r"<!\s*(DOCTYPE|ENTITY)".encode("utf-16-le"), re.IGNORECASE)


class ExcelError(StorageError):
    """A file that cannot be read as a list: the message says why and what to do."""


@dataclass
class Sheet:
    name: str
    rows: list[list] = field(default_factory=list)  # row i is the file's row i + 1


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def sheet_names(path: Path) -> list[str]:
    return [sheet.name for sheet in read_workbook(path, only_names=True)]


def read_workbook(path: Path, *, sheet: str | None = None, only_names: bool = False) -> list[Sheet]:
    """Every sheet (or the one named `sheet`) of the file, as rows of values. The readers'
    own English warnings ("Cell B2 is marked as a date but…", "no default style") are not
    printed: what matters reaches the person as the row's reason."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read_workbook(Path(path), sheet, only_names)


def _read_workbook(path: Path, sheet: str | None, only_names: bool) -> list[Sheet]:
    name = path.name
    try:
        if not path.is_file():
            raise ExcelError(_not_a_file(path))
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            raise ExcelError(f"Tệp {name} không phải bảng tính; hãy chọn tệp .xlsx, .xls hoặc .csv.")
        size = path.stat().st_size
        if size == 0:
            raise ExcelError(f"Tệp {name} trống (0 byte); hãy chọn đúng tệp danh sách.")
        if size > MAX_FILE_BYTES:
            raise ExcelError(f"Tệp {name} lớn {size / 1048576:.0f} MB, quá giới hạn "
                             f"{MAX_FILE_BYTES // 1048576} MB của một danh sách; hãy xóa các trang, "
                             "dòng, cột thừa hoặc chia nhỏ tệp.")
        with path.open("rb") as stream:
            head = stream.read(8)
        kind = _kind_of(path, head, suffix)
        if kind == "xlsx":
            return _read_xlsx(path, sheet, only_names)
        if kind == "xls":
            return _read_xls(path, sheet, only_names)
        raw = path.read_bytes()
        if len(raw) > MAX_FILE_BYTES:  # it grew since it was measured
            raise ExcelError(f"Tệp {name} vừa lớn thêm trong lúc đọc; hãy chờ chép xong rồi thử lại.")
        text = decode_csv(raw)
        del raw
        if _is_html(text):
            if len(text) > MAX_HTML_CHARS:  # Python's HTML parser reads some 2.5 MB a second
                raise ExcelError(f"Tệp {name} là trang HTML lớn hơn {MAX_HTML_CHARS // 1048576} MB, quá lớn "
                                 "cho một danh sách; hãy mở bằng Excel rồi lưu lại thành .xlsx.")
            return _pick_sheets([Sheet(path.stem, [] if only_names else _read_html(text, name))], sheet)
        if _is_xml_2003(text):
            raise ExcelError(f"Tệp {name} là bảng tính XML 2003 (Excel 2003 XML), không phải .xls; "
                             "hãy mở bằng Excel rồi lưu lại thành .xlsx.")
        return _pick_sheets([Sheet(path.stem, [] if only_names else _read_csv_text(text, name))], sheet)
    except ExcelError:
        raise
    except PermissionError as error:
        raise ExcelError(f"Không mở được tệp {name}: tệp đang bị chương trình khác (Excel…) khóa hoặc "
                         "bạn không có quyền đọc; hãy đóng tệp trong Excel rồi thử lại.") from error
    except FileNotFoundError as error:
        raise ExcelError(f"Tệp {name} đã bị xóa hoặc chuyển đi trong lúc đọc; hãy chọn lại tệp.") from error
    except (OSError, zipfile.BadZipFile, EOFError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise ExcelError(f"Không đọc được hết tệp {name} ({reason}): tệp bị hỏng, đang được chép dở "
                         "hoặc nằm trên ổ đã bị rút; hãy chép tệp vào máy rồi thử lại.") from error
    except MemoryError as error:
        raise ExcelError(f"Tệp {name} quá lớn với bộ nhớ của máy; hãy chia nhỏ tệp.") from error
    except RecursionError as error:
        raise ExcelError(f"Tệp {name} lồng quá sâu, không phải bảng tính Excel bình thường; hãy mở "
                         "bằng Excel rồi lưu lại thành .xlsx.") from error
    except ValueError as error:
        if type(error).__name__ in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"):
            raise ExcelError(_xml_bomb(name)) from error  # defusedxml said no
        raise ExcelError(_broken(name)) from error
    except Exception as error:  # a broken file: any parser error becomes one reason
        raise ExcelError(_broken(name, error)) from error


def _not_a_file(path: Path) -> str:
    """Why `path` cannot be read as a list: it does not exist, or it is a folder, a
    device (/dev/zero), a pipe (a FIFO, /dev/stdin from a pipe) or a socket."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return f"Không tìm thấy tệp {path}; hãy kiểm tra đường dẫn hoặc chọn lại tệp."
    except OSError:  # a loop of symbolic links, a name too long
        return (f"Không mở được {path}: đường dẫn không dẫn tới một tệp đọc được (liên kết vòng hoặc tên quá "
                "dài); hãy kiểm tra đường dẫn hoặc chọn lại tệp.")
    if stat.S_ISDIR(mode):
        what = "là một thư mục, không phải tệp; hãy chọn tệp danh sách (.xlsx, .xls, .csv) trong thư mục đó"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = ("là một thiết bị của máy (không phải tệp trên ổ đĩa); hãy chọn tệp danh sách .xlsx, .xls "
                "hoặc .csv")
    elif stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        what = ("là một đường ống dữ liệu (FIFO, socket hay đầu vào của lệnh), không phải tệp trên ổ đĩa; "
                "hãy lưu danh sách thành tệp .xlsx, .xls hoặc .csv rồi chọn tệp đó")
    else:
        what = "không phải tệp thường; hãy chọn tệp danh sách .xlsx, .xls hoặc .csv"
    return f"{path} {what}."


def _broken(name: str, error: BaseException | None = None) -> str:
    detail = f" ({type(error).__name__})" if error is not None else ""
    return (f"Tệp {name} bị hỏng hoặc không đúng định dạng bảng tính{detail}; hãy mở bằng Excel "
            "rồi lưu lại thành .xlsx.")


def _xml_bomb(name: str) -> str:
    return (f"Tệp {name} có khai báo DOCTYPE/ENTITY trong XML (cách làm “bom XML” hoặc đọc trộm tệp "
            "khác), điều Excel không bao giờ ghi; không đọc tệp này. Hãy mở bằng Excel rồi lưu lại "
            "thành .xlsx nếu tin nguồn của tệp.")


def _kind_of(path: Path, head: bytes, suffix: str) -> str:
    """'xlsx', 'xls' or 'text' by the first bytes; a password-protected workbook (an OLE2
    file holding an EncryptedPackage) or a binary that is no spreadsheet is refused."""
    name = path.name
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if _has_encrypted_package(path):
            raise ExcelError(_password(name))
        return "xls"
    if suffix in (".xlsx", ".xlsm"):
        raise ExcelError(f"Tệp {name} không phải .xlsx thật (có thể là tệp khác đổi tên); hãy mở bằng "
                         "Excel rồi lưu lại thành .xlsx.")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        if suffix == ".xls" and head[:2] in (b"\x09\x00", b"\x09\x02", b"\x09\x04"):
            return "xls"  # BIFF2–4 without the OLE2 wrapper: xlrd reads or refuses it
        raise ExcelError(f"Tệp {name} không phải bảng tính (.xls, .xlsx) hay tệp chữ (.csv); hãy mở "
                         "bằng Excel rồi lưu lại thành .xlsx.")
    return "text"


def _password(name: str) -> str:
    return (f"Tệp {name} có đặt mật khẩu nên không đọc được; hãy mở bằng Excel, gỡ mật khẩu (Tệp → "
            "Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu) rồi lưu lại.")


def _has_encrypted_package(path: Path) -> bool:
    """An OLE2 file whose directory names an EncryptedPackage stream: a password-protected
    .xlsx (the directory entries are UTF-16 names; a look at the first MB is enough)."""
    with path.open("rb") as stream:
        data = stream.read(1024 * 1024)
    return "EncryptedPackage".encode("utf-16-le") in data


def _pick_sheets(sheets: list[Sheet], wanted: str | None) -> list[Sheet]:
    names = _pick([s.name for s in sheets], wanted)
    return [s for s in sheets if s.name in names]


def _pick(names: list[str], wanted: str | None) -> list[str]:
    if wanted is None:
        return names
    for name in names:
        if name == wanted or name.strip().lower() == wanted.strip().lower():
            return [name]
    shown = ", ".join(name[:40] for name in names[:20]) + (f" và {len(names) - 20} trang khác"
                                                                 if len(names) > 20 else "")
    raise ExcelError(f"Tệp không có trang “{wanted[:40]}”; các trang có: {shown}.")


class _Rows:
    """Collects one sheet's rows under the limits: blank rows are empty lists, added only
    above a row with a value (none at the end); values beyond MAX_COLUMNS, rows beyond
    MAX_ROWS and more than MAX_CELLS values (`budget`, shared by the sheets) are refused."""

    def __init__(self, sheet: Sheet, budget: list[int]):
        self.sheet = sheet
        self.budget = budget

    def add(self, number: int, values: list) -> None:
        """Row `number` (1-based) of the sheet; `values` are its cells from column A."""
        last = len(values)
        while last and _is_empty(values[last - 1]):
            last -= 1
        if not last:
            return
        if last > MAX_COLUMNS:
            raise ExcelError(_too_wide(self.sheet.name, last, number))
        if number > MAX_ROWS:
            raise ExcelError(f"Trang “{self.sheet.name}” có dữ liệu ở dòng {_number(number)}; một danh "
                             f"sách đọc tối đa {_number(MAX_ROWS)} dòng: hãy xóa các dòng thừa ở cuối "
                             "trang hoặc chia nhỏ tệp.")
        rows = self.sheet.rows
        if number <= len(rows):
            raise ExcelError(f"Trang “{self.sheet.name}” ghi dòng {_number(number)} hai lần hoặc sai thứ "
                             "tự: tệp bị hỏng; hãy mở bằng Excel rồi lưu lại thành .xlsx.")
        self.budget[0] -= sum(1 for value in values[:last] if not _is_empty(value))
        if self.budget[0] < 0:
            raise ExcelError(f"Tệp có hơn {_number(MAX_CELLS)} ô có dữ liệu, quá lớn cho một danh sách; "
                             "hãy chia nhỏ tệp hoặc chọn một trang (--sheet).")
        rows.extend([] for _ in range(number - 1 - len(rows)))  # blank rows above it
        rows.append(values[:last])


def visible(text: str) -> str:
    """A text cell without invisible characters (tabs become spaces), trimmed."""
    if not text.isprintable():
        text = _INVISIBLE.sub("", text.replace("\t", " "))
    return text.strip()


def _is_empty(value) -> bool:
    return value is None or value == ""


# ---- .xlsx --------------------------------------------------------------------------
def _check_archive(path: Path) -> None:
    """Refuse a zip bomb, a password-protected part or XML with a DTD before openpyxl
    reads anything: the parts' declared sizes (zipfile never inflates past them), their
    compression ratio, their number, and the start of every XML part."""
    name = path.name
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise ExcelError(f"Tệp {name} có {_number(len(infos))} phần bên trong, không phải bảng tính "
                             "bình thường; hãy mở bằng Excel rồi lưu lại thành .xlsx.")
        if not any(info.filename.lower().startswith("xl/") for info in infos):
            raise ExcelError(f"Tệp {name} là tệp nén nhưng không phải bảng tính Excel (có thể là .docx, "
                             ".zip đổi tên); hãy chọn đúng tệp danh sách.")
        total = 0
        for info in infos:
            part = info.filename.lower()
            if info.flag_bits & 0x1:
                raise ExcelError(_password(name))
            limit = MAX_STRINGS_BYTES if part.endswith("sharedstrings.xml") else MAX_PART_BYTES
            total += info.file_size
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(1, info.compress_size):
                raise ExcelError(
                    f"Tệp {name} nhỏ nhưng bung ra quá lớn (phần {info.filename}: "
                    f"{info.compress_size / 1048576:.1f} MB nén thành {info.file_size / 1048576:.0f} MB): "
                    "có thể là “bom nén” hoặc trang có hàng triệu ô định dạng trống. Hãy mở bằng Excel, "
                    "xóa các dòng, cột trống thừa (chọn từ dòng sau dòng cuối đến hết, Xóa) rồi lưu lại.")
            if info.file_size > limit:  # a large file, not a bomb: say which limit
                raise ExcelError(
                    f"Tệp {name} lớn: phần {info.filename} bung ra {info.file_size / 1048576:.0f} MB "
                    f"(nén {info.compress_size / 1048576:.1f} MB), quá giới hạn {limit // 1048576} MB của một "
                    "danh sách; hãy xóa các trang, dòng, cột thừa hoặc chia danh sách thành nhiều tệp.")
            if total > MAX_TOTAL_BYTES:
                raise ExcelError(
                    f"Tệp {name} lớn: các phần bên trong bung ra hơn {MAX_TOTAL_BYTES // 1048576} MB, quá giới "
                    "hạn của một danh sách; hãy xóa các trang, dòng, cột thừa hoặc chia danh sách thành "
                    "nhiều tệp.")
        for info in infos:
            if info.filename.lower().endswith((".xml", ".rels", ".vml")) and info.file_size:
                with archive.open(info) as stream:
                    start = stream.read(64 * 1024)
                if _XML_DECLARATIONS.search(start) or _XML_DECLARATIONS_16.search(start):
                    raise ExcelError(_xml_bomb(name))


def _read_xlsx(path: Path, wanted: str | None, only_names: bool) -> list[Sheet]:
    _check_archive(path)
    with path.open("rb") as stream:  # a stream: an .xlsx named .xls is read all the same
        book = _open_xlsx(stream, path.name)
        return _xlsx_sheets(book, wanted, only_names, path.name)


def _open_xlsx(stream, name: str):
    """The workbook in openpyxl's read-only mode, its styles read by _read_styles (the
    number formats that make a number a date and each style's font, nothing else)
    instead of openpyxl's stylesheet, which holds some 1 KB per <xf>: 1.3 GB for a
    2.7 MB file of 1.3 million. Another openpyxl: its own load_workbook."""
    import openpyxl  # with defusedxml installed (pyproject.toml) it parses no DTD at all

    try:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.worksheet._reader import WorkSheetParser  # noqa: F401  (used by _xlsx_rows)
    except ImportError:
        return openpyxl.load_workbook(stream, read_only=True, data_only=True, keep_links=False)

    class Reader(ExcelReader):
        def read(self):
            self.read_manifest()
            self.read_strings()
            self.read_workbook()
            self.wb._date_formats, self.wb._timedelta_formats, self.wb._binhyen_fonts = \
                _read_styles(self.archive, name)
            self.read_worksheets()
            self.parser.assign_names()

        def read_strings(self):
            """The shared strings streamed (openpyxl's reader leaves every <si> it has
            read in the tree, and builds a Text object for each)."""
            from openpyxl.xml.constants import SHARED_STRINGS

            found = self.package.find(SHARED_STRINGS)
            if found is not None:
                with self.archive.open(found.PartName[1:]) as source:
                    self.shared_strings = _shared_strings(source, name)

        def read_worksheets(self):
            """openpyxl's read-only sheets without their size: ReadOnlyWorksheet parses
            the whole sheet for it when the XML has no <dimension> (a row of 5 million
            cells: 40 s and 450 MB before a single row was read)."""
            from openpyxl.worksheet._read_only import ReadOnlyWorksheet

            class Unsized(ReadOnlyWorksheet):
                def _get_size(self):
                    pass

            for sheet, rel in self.parser.find_sheets():
                if rel.target not in self.valid_files:
                    continue
                if "chartsheet" in rel.Type:
                    self.read_chartsheet(sheet, rel)
                    continue
                worksheet = Unsized(self.wb, sheet.name, rel.target, self.shared_strings)
                worksheet.sheet_state = sheet.state
                self.wb._sheets.append(worksheet)

    reader = Reader(stream, read_only=True, data_only=True, keep_links=False)
    try:
        reader.read()
    except Exception:
        reader.archive.close()
        raise
    return reader.wb


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _elements(source, name: str, depth: int):
    """('start' | 'end', depth, element) for each element of an XML part down to `depth`
    (the root is at 0), streamed: once the caller has seen an element's end it is
    cleared and taken off its parent, so memory holds one element of that depth with its
    children, never the part. More than MAX_HELD elements at once (millions of
    children under one cell or one style) is refused."""
    from openpyxl.xml.functions import iterparse

    stack: list = []
    held = 0
    for event, element in iterparse(source, events=("start", "end")):
        if event == "start":
            stack.append(element)
            held += 1
            if held > MAX_HELD:
                raise ExcelError(f"Tệp {name} có một phần tử XML chứa hơn {_number(MAX_HELD)} phần tử con, "
                                 "không phải bảng tính Excel bình thường; hãy mở bằng Excel rồi lưu lại "
                                 "thành .xlsx.")
            if len(stack) - 1 <= depth:
                yield "start", len(stack) - 1, element
            continue
        stack.pop()
        level = len(stack)
        if level <= depth:
            yield "end", level, element
            element.clear()
            if stack:
                del stack[-1][-1]  # the element that ends is its parent's last child
            held = level  # what stays: the elements still open above it


def _shared_strings(source, name: str) -> list[str]:
    """Each <si>: its <t>, then the <t> of its rich-text runs (<r>), as openpyxl's Text
    gives them; phonetic runs (<rPh>) left out."""
    strings: list[str] = []
    text_tag, run_tag, item_tag = _MAIN + "t", _MAIN + "r", _MAIN + "si"
    for event, level, element in _elements(source, name, 1):
        if event == "end" and level == 1 and element.tag == item_tag:
            plain = element.find(text_tag)
            if plain is not None and len(element) == 1:
                text = plain.text or ""
            else:
                parts = [t.text or "" for t in element.findall(text_tag)]
                parts += [t.text or "" for run in element.findall(run_tag) for t in run.findall(text_tag)]
                text = "".join(parts)
            strings.append(text.replace("x005F_", "") if "x005F_" in text else text)
    return strings


def _read_styles(archive, name: str) -> tuple[set, set, tuple]:
    """(styles that show a number as a date, as a time span, (font of each style, font
    names)) from xl/styles.xml, streamed: only <numFmt>, <font> names and the <xf> of
    <cellXfs> are kept, in arrays. More than MAX_STYLES formats or fonts (Excel itself
    allows 64,000) is refused."""
    from array import array

    from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
    from openpyxl.xml.constants import ARC_STYLE

    custom: dict[int, str] = {}
    fonts: list[str | None] = []
    xf_format, xf_font = array("l"), array("l")
    try:
        source = archive.open(ARC_STYLE)
    except KeyError:
        return set(), set(), (xf_font, fonts)
    section = font_name = None
    with source:
        for event, level, element in _elements(source, name, 3):
            tag = element.tag
            if level == 1:
                section = tag if event == "start" else None
            elif event == "start" or level != 2 and not (level == 3 and tag == _MAIN + "name"):
                continue
            elif level == 3:
                if section == _MAIN + "fonts":
                    font_name = element.get("val")
            elif section == _MAIN + "numFmts" and tag == _MAIN + "numFmt":
                if len(custom) >= MAX_STYLES:
                    raise ExcelError(_too_many_styles(name, "định dạng số"))
                custom[_integer(element.get("numFmtId"))] = element.get("formatCode") or ""
            elif section == _MAIN + "fonts" and tag == _MAIN + "font":
                if len(fonts) >= MAX_STYLES:
                    raise ExcelError(_too_many_styles(name, "phông chữ"))
                fonts.append(font_name)
                font_name = None
            elif section == _MAIN + "cellXfs" and tag == _MAIN + "xf":
                if len(xf_format) >= MAX_STYLES:
                    raise ExcelError(_too_many_styles(name, "kiểu định dạng ô"))
                xf_format.append(_integer(element.get("numFmtId")))
                xf_font.append(_integer(element.get("fontId")))
    dates, spans, kinds = set(), set(), {}
    for index, number in enumerate(xf_format):
        if number not in kinds:
            code = custom[number] if number in custom else builtin_format_code(number)
            kinds[number] = (bool(code) and is_date_format(code), bool(code) and is_timedelta_format(code))
        is_date, is_span = kinds[number]
        if is_date:
            dates.add(index)
        if is_span:
            spans.add(index)
    return dates, spans, (xf_font, fonts)


def _integer(text: str | None) -> int:
    try:
        number = int(text or 0)
    except ValueError:
        return -1
    return number if -(1 << 31) <= number < (1 << 31) else -1


def _too_many_styles(name: str, what: str) -> str:
    return (f"Tệp {name} có hơn {_number(MAX_STYLES)} {what} (Excel chỉ cho tối đa 64.000), không phải "
            "một danh sách bình thường; hãy chọn vùng dữ liệu, chép rồi dán giá trị (Dán đặc biệt → Giá "
            "trị) sang một sổ mới và lưu lại.")


def _too_wide(sheet: str, column: int, row: int) -> str:
    return (f"Trang “{sheet}” có dữ liệu ở cột thứ {_number(column)} (dòng {_number(row)}); danh sách chỉ "
            f"đọc {MAX_COLUMNS} cột đầu: hãy xóa các cột thừa bên phải.")


def _xlsx_sheets(book, wanted: str | None, only_names: bool, file_name: str = "") -> list[Sheet]:
    try:
        sheets = []
        budget = [MAX_CELLS]
        for name in _pick(book.sheetnames, wanted):
            sheet = Sheet(name)
            sheets.append(sheet)
            if only_names:
                continue
            worksheet = book[name]
            if not hasattr(worksheet, "iter_rows"):
                continue  # a chart sheet
            rows = _Rows(sheet, budget)
            merges: list = []
            for number, cells in _xlsx_rows(book, worksheet, merges, file_name):
                values: list = []
                for column, value, style_id in sorted(cells, key=lambda cell: cell[0]):
                    if value is None:
                        continue
                    if column > MAX_COLUMNS:
                        values.extend([None] * (column - 1 - len(values)))
                        values.append(value)  # _Rows refuses a value beyond the last column
                        break
                    if isinstance(value, str):
                        if not value.isascii():
                            value = clean_text(value, _font_name(book, style_id))
                        value = visible(value)
                    values.extend([None] * (column - 1 - len(values)))
                    values.append(value)
                rows.add(number, values)
            _fill_merged(sheet, merges, budget)
        return sheets
    finally:
        book.close()


def _fill_merged(sheet: Sheet, merges, budget: list[int]) -> None:
    """Give every row of a cell merged down several rows the merged value: the "Thôn"
    or "STT" written once beside a household's rows belongs to each of them. Cells merged
    across columns only (titles, two-level headers) are left to storage.excel.table."""
    rows = sheet.rows
    for first_row, last_row, first_col, _last_col in merges:
        if last_row <= first_row or first_row > len(rows) or first_col > MAX_COLUMNS:
            continue
        top = rows[first_row - 1]
        value = top[first_col - 1] if first_col <= len(top) else None
        if _is_empty(value):
            continue
        for number in range(first_row + 1, min(last_row, len(rows)) + 1):
            row = rows[number - 1]
            if first_col <= len(row) and not _is_empty(row[first_col - 1]):
                continue
            budget[0] -= 1
            if budget[0] < 0:
                raise ExcelError(f"Tệp có hơn {_number(MAX_CELLS)} ô có dữ liệu (kể cả ô gộp), quá lớn cho "
                                 "một danh sách; hãy chia nhỏ tệp.")
            row.extend([None] * (first_col - len(row)))
            row[first_col - 1] = value


def _xlsx_rows(book, worksheet, merges: list, file_name: str = ""):
    """(row number, [(column, value, style id) …]) for each row of the sheet's XML that
    holds a value, cells in the file's order; the ranges merged down several rows are
    appended to `merges` as (first row, last row, first column, last column) after the
    rows. The XML is streamed one cell at a time (openpyxl's parser makes a whole row
    first: a row of 5 million cells took 2.8 GB), and without the read-only sheet's
    padding to the declared dimension (a sheet that claims A1:XFD1048576 would give a
    million rows of 16,384 cells). A value past MAX_COLUMNS, more values in a row than
    MAX_COLUMNS, or more than MAX_MERGES merged ranges is refused when it is met."""
    try:
        from openpyxl.utils.cell import range_boundaries
        from openpyxl.worksheet._reader import WorkSheetParser

        parser = WorkSheetParser(None, worksheet._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        source = book._archive.open(worksheet._worksheet_path)
    except (ImportError, AttributeError, TypeError):  # another openpyxl: its public reader
        worksheet.reset_dimensions()
        for number, row in enumerate(worksheet.iter_rows(), start=1):
            yield number, [(getattr(cell, "column", index), cell.value, getattr(cell, "_style_id", 0))
                           for index, cell in enumerate(row, start=1) if cell.value is not None]
        return
    title = worksheet.title
    row_tag, cell_tag, merge_tag = _MAIN + "row", _MAIN + "c", _MAIN + "mergeCell"
    uncomputed, first_uncomputed = 0, "?"
    merged = 0
    last_row = 0  # the last row with a value: a range merged below it fills nothing
    cells: list = []
    with source:
        for event, level, element in _elements(source, file_name or title, 3):
            tag = element.tag
            if event == "start":
                if level == 2 and tag == row_tag:
                    number = element.get("r")
                    parser.row_counter = _row_number(number) if number else parser.row_counter + 1
                    parser.col_counter = 0
                    cells = []
            elif level == 3 and tag == cell_tag:
                cell = parser.parse_cell(element)
                value = cell["value"]
                if value is None:
                    if element.find(_FORMULA_TAG) is not None:  # a formula saved without its value
                        uncomputed += 1
                        if uncomputed == 1:
                            first_uncomputed = element.get("r") or "?"
                    continue
                if cell["column"] > MAX_COLUMNS and not _is_empty(value):
                    raise ExcelError(_too_wide(title, cell["column"], parser.row_counter))
                cells.append((cell["column"], value, cell["style_id"] or 0))
                if len(cells) > MAX_COLUMNS:  # the same cells written again and again
                    raise ExcelError(f"Trang “{title}” ghi dòng {_number(parser.row_counter)} có hơn "
                                     f"{MAX_COLUMNS} ô (một ô ghi nhiều lần): tệp bị hỏng; hãy mở bằng Excel "
                                     "rồi lưu lại thành .xlsx.")
            elif level == 2 and tag == row_tag:
                if cells:
                    last_row = parser.row_counter
                    yield last_row, cells
                cells = []
            elif level == 2 and tag == merge_tag:
                merged += 1
                if merged > MAX_MERGES:
                    raise ExcelError(f"Trang “{title}” có hơn {_number(MAX_MERGES)} vùng ô gộp, không phải "
                                     "một danh sách bình thường; hãy chọn cả trang, bỏ gộp ô (Trang đầu → "
                                     "Gộp và Căn giữa) rồi lưu lại.")
                try:
                    first_col, first_row, last_col, merge_end = range_boundaries(element.get("ref") or "")
                except (TypeError, ValueError):
                    continue
                if first_row is not None and merge_end is not None and merge_end > first_row \
                        and first_row <= last_row and first_col is not None and first_col <= MAX_COLUMNS:
                    merges.append((first_row, merge_end, first_col, last_col))
    if uncomputed:
        raise ExcelError(f"Trang “{title}” có {_number(uncomputed)} ô công thức chưa có giá trị (ví dụ ô "
                         f"{first_uncomputed}): tệp được tạo bằng chương trình khác, chưa qua Excel. Hãy "
                         "mở tệp bằng Excel, lưu lại (Excel sẽ tính các công thức) rồi nhập lại.")


def _row_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        number = float(text)  # ValueError: a broken file
        if not number.is_integer():
            raise
        return int(number)


def _font_name(book, style_id) -> str | None:
    try:
        style_fonts, names = book._binhyen_fonts
        return names[style_fonts[int(style_id)]]
    except AttributeError:
        pass
    except (IndexError, KeyError, TypeError, ValueError):
        return None
    try:  # a workbook read by openpyxl's own load_workbook
        style = book._cell_styles[int(style_id)]
        return book._fonts[style.fontId].name
    except (AttributeError, IndexError, KeyError, TypeError, ValueError):
        return None


# ---- .xls ---------------------------------------------------------------------------
def _read_xls(path: Path, wanted: str | None, only_names: bool) -> list[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, ragged_rows=True)
    except xlrd.XLRDError as error:
        if "encrypted" in str(error).lower():
            raise ExcelError(_password(path.name)) from error
        raise
    try:
        sheets = []
        budget = [MAX_CELLS]
        for name in _pick(book.sheet_names(), wanted):
            sheet = Sheet(name)
            sheets.append(sheet)
            if only_names:
                continue
            worksheet = book.sheet_by_name(name)
            rows = _Rows(sheet, budget)
            empty = (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR)
            for r in range(worksheet.nrows):
                types = worksheet.row_types(r)
                filled = [c for c, kind in enumerate(types) if kind not in empty]  # not formatted blanks
                if not filled:
                    continue
                values = [None] * (filled[-1] + 1)
                for c in filled:
                    values[c] = _xls_value(book, worksheet.cell(r, c))
                rows.add(r + 1, values)
            _fill_merged(sheet, [(rlo + 1, rhi, clo + 1, chi) for rlo, rhi, clo, chi in
                                 getattr(worksheet, "merged_cells", ())], budget)
            book.unload_sheet(name)
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
    return visible(text)


# ---- .csv and text ------------------------------------------------------------------
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
        readings.append((vietnamese_score(text[:200_000]), encoding == "cp1258", text))
    return max(readings)[2]


def _lines(text: str, name: str):
    """The lines of `text` with their ends, as csv.reader wants them, refusing a line
    longer than MAX_LINE_CHARS (a 500 MB line would otherwise be one row in memory)."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start, start + MAX_LINE_CHARS + 1)
        if end < 0:
            end = size if size - start <= MAX_LINE_CHARS else -1
        else:
            end += 1
        if end < 0:
            line_number = text.count("\n", 0, start) + 1
            raise ExcelError(f"Tệp {name} có dòng {_number(line_number)} dài hơn {_number(MAX_LINE_CHARS)} "
                             "ký tự, không phải một dòng danh sách; hãy kiểm tra tệp (có thể thiếu "
                             "xuống dòng hoặc dấu ngoặc kép).")
        yield text[start:end]
        start = end


def _read_csv(raw: bytes) -> list[list]:
    return _read_csv_text(decode_csv(raw), "CSV")


def _read_csv_text(text: str, name: str) -> list[list]:
    text = text.rstrip()  # blank lines at the end
    if "\r" in text and text.count("\r") - text.count("\r\n") > text.count("\n"):
        # lines ended by CR alone (Excel for old Macs; a line break inside a cell is LF there)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.count("\n") + 1
    if lines > MAX_LINES:  # refused at C speed: 60 million empty lines took half a minute
        raise ExcelError(f"Tệp {name} có {_number(lines)} dòng, quá giới hạn {_number(MAX_LINES)} dòng của "
                         "một danh sách; hãy xóa các dòng trống thừa hoặc chia nhỏ tệp.")
    sample = text[:20000].replace("\x00", "")
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    sheet = Sheet(name)
    rows = _Rows(sheet, [MAX_CELLS])
    reader = csv.reader((line.replace("\x00", "") for line in _lines(text, name)), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=1):
            if len(row) > MAX_COLUMNS:  # keep the first value beyond the last column: _Rows refuses it
                extra = next((i for i in range(MAX_COLUMNS, len(row)) if row[i].strip()), None)
                row = row[:MAX_COLUMNS] if extra is None else row[:extra + 1]
            rows.add(number, [visible(clean_text(cell)) if cell.strip() else None for cell in row])
    except csv.Error as error:
        if "field limit" in str(error):
            raise ExcelError(f"Tệp {name} có một ô dài hơn {_number(csv.field_size_limit())} ký tự ở dòng "
                             f"{_number(reader.line_num)} (thường do thiếu dấu ngoặc kép đóng); hãy kiểm tra "
                             "dòng đó.") from error
        raise ExcelError(f"Tệp {name} bị lỗi ở dòng {_number(reader.line_num)} (dấu ngoặc kép hoặc ký tự "
                         "lạ); hãy mở bằng Excel rồi lưu lại thành .xlsx.") from error
    return sheet.rows


# ---- HTML tables ("Excel" files old software writes) ----------------------------------
def _is_html(text: str) -> bool:
    start = text[:4096].lstrip("\ufeff \t\r\n").lower()
    return start.startswith(("<html", "<!doctype html", "<table", "<meta", "<head", "<body", "<style")) \
        or (start.startswith("<") and "<table" in text[:65536].lower())


def _is_xml_2003(text: str) -> bool:
    start = text[:4096].lstrip("\ufeff \t\r\n")
    return start.startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" in text[:65536]


class _TableParser(HTMLParser):
    """The rows of every <table> of an HTML page, one after another (a title table and
    the list below it), with colspan kept as empty cells and <font face="…"> telling
    TCVN3/VNI text apart as in Excel."""

    def __init__(self, name: str):
        super().__init__(convert_charrefs=True)
        self.name = name
        self.sheet = Sheet(name)
        self.rows = _Rows(self.sheet, [MAX_CELLS])
        self.number = 0
        self.row: list | None = None
        self.cell: list[str] | None = None
        self.span = 1
        self.fonts: list[str | None] = []
        self.cell_font: str | None = None
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "tr":
            self._end_row()
            self.row = []
        elif tag in ("td", "th"):
            self._end_cell()
            if self.row is None:
                self.row = []
            self.cell = []
            self.cell_font = self.fonts[-1] if self.fonts else None
            try:
                self.span = max(1, min(int(attributes.get("colspan") or 1), MAX_COLUMNS + 1))
            except ValueError:
                self.span = 1
        elif tag == "font":
            self.fonts.append(attributes.get("face"))
            if self.cell is not None and attributes.get("face"):
                self.cell_font = attributes.get("face")
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr" or tag == "table":
            self._end_row()
        elif tag == "font" and self.fonts:
            self.fonts.pop()

    def handle_data(self, data):
        if self.cell is not None and not self.skip:
            self.cell.append(data)
            if sum(map(len, self.cell)) > MAX_LINE_CHARS:
                raise ExcelError(f"Tệp {self.name} có một ô dài hơn {_number(MAX_LINE_CHARS)} ký tự; "
                                 "không phải một danh sách.")

    def _end_cell(self):
        if self.cell is None or self.row is None:
            return
        text = " ".join("".join(self.cell).split())
        value = visible(clean_text(text, self.cell_font)) if text else None
        if value is not None and _NUMBER.fullmatch(value) and not value.startswith("0"):
            value = int(value)
        self.row.append(value)
        if value is not None and len(self.row) > MAX_COLUMNS:
            self.rows.add(self.number + 1, self.row)  # refuses a value beyond the last column now
        self.row.extend([None] * min(self.span - 1, MAX_COLUMNS + 1 - len(self.row)))
        if len(self.row) > MAX_COLUMNS:
            del self.row[MAX_COLUMNS:]  # blanks only: a value there was refused above
        self.cell, self.span = None, 1

    def _end_row(self):
        self._end_cell()
        if self.row is not None:
            self.number += 1
            if self.number > MAX_LINES:
                raise ExcelError(f"Tệp {self.name} có hơn {_number(MAX_LINES)} dòng bảng, quá giới hạn của "
                                 "một danh sách; hãy chia nhỏ tệp.")
            self.rows.add(self.number, self.row)
            self.row = None


_NUMBER = re.compile(r"[0-9]{1,15}")


def _read_html(text: str, name: str) -> list[list]:
    parser = _TableParser(name)
    for start in range(0, len(text), 1 << 20):
        parser.feed(text[start:start + (1 << 20)])
    parser.close()
    parser._end_row()
    if not parser.number:
        raise ExcelError(f"Tệp {name} là trang HTML không có bảng; hãy mở bằng Excel rồi lưu lại thành .xlsx.")
    return parser.sheet.rows


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
