"""Lists out as .xlsx: Vietnamese headers in bold, the header row frozen, column widths
for the values, dates as real dates shown dd/mm/yyyy, CCCD and phone numbers as text
(their leading zeros kept), and text starting with = + - @ stored as text, never as a
formula. Written in openpyxl's write-only mode so 100,000 rows stay small in memory."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from storage.db.files import write_atomically
from storage.errors import ValidationError
from storage.query.listing import LISTS

DATE_FORMAT = "dd/mm/yyyy"
_FORMULA_START = ("=", "+", "-", "@")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
# kinds the command line exports, and the list of the app each one is
EXPORT_KINDS = {"people": "people", "households": None, "members": None, "teams": "teams",
                "patrols": "patrols", "mediation": None, "pledges": "pledges", "tips": "tips",
                "surrendered": "surrendered", "areas": "areas", "models": "models",
                "reintegration": "reintegration", "reviews": "reviews",
                "commendations": "commendations", "assessments": "assessments"}


def _column_kind(header: str, kind: str) -> str:
    folded = header.lower()
    if kind == "text" and ("điện thoại" in folded or "cccd" in folded or "cmnd" in folded):
        return "phone"
    return kind


def _width(header: str, kind: str) -> float:
    if kind in ("date", "number", "flag"):
        return max(12, len(header) + 2)
    if kind in ("cccd", "phone"):
        return max(15, len(header) + 2)
    return min(60, max(18, len(header) + 4))


def check_out(out: Path) -> None:
    """Refuse a target that is not an .xlsx name, is a folder, or is an SQLite file (the
    station's own data file given as --out would be replaced by the list)."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise ValidationError(f"Tệp xuất “{out.name or out}” phải có đuôi .xlsx (ví dụ danh-sach.xlsx); hãy đặt "
                              "lại tên tệp.", "out")
    if out.is_dir():
        raise ValidationError(f"“{out}” là một thư mục; hãy ghi tên tệp .xlsx trong thư mục đó.", "out")
    from storage.db.files import is_sqlite_file

    if is_sqlite_file(out):  # a new file, or one that cannot be read, is not (writing it says why)
        raise ValidationError(f"Tệp {out.name} là tệp dữ liệu (SQLite), có thể là chính dữ liệu của xã; "
                              "không ghi đè lên nó. Hãy chọn một tên tệp .xlsx khác.", "out")


def write_workbook(out: Path, title: str, headers: list[str], kinds: list[str], rows) -> int:
    """Write one sheet; `rows` yields lists of raw values (ISO dates as text are turned
    into dates). Returns the number of data rows."""
    import io

    check_out(out)

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "Danh sách")
    kinds = [_column_kind(h, k) for h, k in zip(headers, kinds)]
    for index, (header, kind) in enumerate(zip(headers, kinds), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(header, kind)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font, cell.alignment = bold, centre
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for values in rows:
        out_row = []
        for value, kind in zip(values, kinds):
            out_row.append(_cell(sheet, value, kind, WriteOnlyCell))
        sheet.append(out_row)
        count += 1
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomically(Path(out), buffer.getvalue())
    return count


def _cell(sheet, value, kind: str, make):
    if value is None or value == "":
        return None
    if kind in ("date", "datetime") and isinstance(value, str):
        if _ISO_DATE.match(value):
            cell = make(sheet, value=date.fromisoformat(value))
            cell.number_format = DATE_FORMAT
            return cell
        if _ISO_DATETIME.match(value):
            cell = make(sheet, value=datetime.fromisoformat(value[:16].replace(" ", "T")))
            cell.number_format = "dd/mm/yyyy hh:mm"
            return cell
    if isinstance(value, (date, datetime)):
        cell = make(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if kind == "flag":
        return make(sheet, value="có" if value in (1, True, "1") else "không")
    if isinstance(value, (int, float)) and kind not in ("cccd", "phone"):
        return make(sheet, value=value)
    text = str(value)
    cell = make(sheet, value=text)
    cell.data_type = "s"  # never a formula, never a number: "=cmd…" and "0912…" stay text
    if text.startswith(_FORMULA_START):
        cell.quotePrefix = True
    return cell


# ---- what the command line and the list pages export -----------------------------------
def export_list(db, list_key: str, ids: list[int], columns: list[int] | None, out: Path) -> int:
    spec = LISTS[list_key]
    columns = list(range(len(spec.columns))) if columns is None else columns
    headers = [spec.columns[c].header for c in columns]
    kinds = [spec.columns[c].kind for c in columns]

    def rows():
        for start in range(0, len(ids), 2000):
            chunk = ids[start:start + 2000]
            found = spec.rows(db, chunk)
            for record_id in chunk:
                if record_id in found:
                    row = found[record_id]
                    yield [row[c] for c in columns]

    return write_workbook(out, _TITLES.get(list_key, list_key), headers, kinds, rows())


_TITLES = {"people": "Người", "households": "Hộ gia đình", "teams": "Tổ", "members": "Thành viên tổ",
           "patrols": "Tuần tra", "mediation": "Hòa giải", "pledges": "Cam kết", "tips": "Tin báo",
           "surrendered": "Vũ khí giao nộp", "areas": "Địa bàn", "models": "Mô hình",
           "reintegration": "Tái hòa nhập", "reviews": "Sơ kết, tổng kết",
           "commendations": "Khen thưởng", "assessments": "Đánh giá"}


def _area_condition(db, spec, area: str | None):
    if not area:
        return []
    from storage.excel.plan import AreaIndex

    try:
        area_id = AreaIndex(db).find(area)
    except ValueError as error:
        raise ValidationError(str(error), "area") from None
    if area_id is None:
        raise ValidationError(f"Không có địa bàn “{area}”.", "area")
    flt = next((f for f in spec.filters if f.name == "area"), None) if spec is not None else None
    if spec is not None and flt is None:
        raise ValidationError("Danh sách này không lọc theo địa bàn; hãy bỏ --area.", "area")
    if spec is None:
        return [area_id]
    for _label, condition, params in flt.options(db):
        if params == [area_id]:
            return [(condition, params)]
    return [("t.area_id = ?", [area_id])]


HOUSEHOLD_HEADERS = ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Điện thoại",
                     "Quan hệ với chủ hộ", "Thôn/Tổ", "Địa chỉ", "Nghề nghiệp", "Ghi chú"]
HOUSEHOLD_KINDS = ["number", "text", "text", "date", "cccd", "phone", "text", "text", "text", "text", "text"]
MEMBER_HEADERS = ["STT", "Tổ", "Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Điện thoại",
                  "Chức vụ trong tổ", "Ngày tham gia", "Thôn/Tổ", "Địa chỉ"]
MEMBER_KINDS = ["number", "text", "text", "text", "date", "cccd", "phone", "text", "date", "text", "text"]


def _labels(kind: str):
    from storage import vocabulary

    return lambda code: vocabulary.label(kind, code) if code is not None else None


def _area_label(db):
    from storage.records import lists

    names = {}
    for area_id, kind, name in db.conn.execute("SELECT id, kind, name FROM areas"):
        try:
            kind_label = lists.label_of(db, lists.AREA_KINDS, kind)
        except AttributeError:
            kind_label = kind
        names[area_id] = f"{kind_label} {name}".strip()
    return names


def export_kind(db, kind: str, out: Path, *, area: str | None = None) -> int:
    if kind not in EXPORT_KINDS:
        raise ValidationError(f"Không có danh sách “{kind}”; hãy chọn: {', '.join(EXPORT_KINDS)}.", "kind")
    list_key = EXPORT_KINDS[kind]
    if list_key is not None:
        spec = LISTS[list_key]
        ids = spec.ids(db, conditions=_area_condition(db, spec, area))
        return export_list(db, list_key, ids, None, out)
    area_ids = _area_condition(db, None, area)
    gender, relation, role = _labels("gender"), _labels("relation"), _labels("member_role")
    areas = _area_label(db)
    if kind == "households":
        where = "h.deleted_at IS NULL" + (" AND h.area_id = ?" if area_ids else "")
        sql = (
            "SELECT p.full_name, p.gender, coalesce(p.birth_date, p.birth_year), p.cccd, p.phone, "
            "p.relation_to_head, h.area_id, coalesce(p.address, h.address), p.occupation, p.notes, "
            "p.id = h.head_id AS is_head "
            "FROM households h JOIN people p ON p.household_id = h.id AND p.deleted_at IS NULL "
            f"LEFT JOIN people hp ON hp.id = h.head_id LEFT JOIN areas a ON a.id = h.area_id WHERE {where} "
            "ORDER BY a.sort_key, hp.sort_key, h.id, is_head DESC, p.birth_year, p.sort_key")

        def rows():
            number = 0
            for row in db.conn.execute(sql, area_ids):
                number += 1
                yield [number, row[0], gender(row[1]), row[2], row[3], row[4],
                       relation(row[5]) or ("chủ hộ" if row[10] else None), areas.get(row[6]),
                       row[7], row[8], row[9]]

        return write_workbook(out, "Hộ gia đình", HOUSEHOLD_HEADERS, HOUSEHOLD_KINDS, rows())
    if kind == "mediation":
        return _export_logbook(db, out)
    where = "m.deleted_at IS NULL AND m.end_on IS NULL AND p.deleted_at IS NULL AND t.deleted_at IS NULL"
    if area_ids:
        where += " AND t.id IN (SELECT team_id FROM team_areas WHERE area_id = ?)"
    sql = ("SELECT t.name, p.full_name, p.gender, coalesce(p.birth_date, p.birth_year), p.cccd, p.phone, "
           "m.role, m.start_on, p.area_id, p.address FROM memberships m JOIN people p ON p.id = m.person_id "
           f"JOIN teams t ON t.id = m.team_id WHERE {where} ORDER BY t.sort_key, "
           "CASE m.role WHEN 'leader' THEN 0 WHEN 'tổ trưởng' THEN 0 WHEN 'deputy' THEN 1 "
           "WHEN 'tổ phó' THEN 1 ELSE 2 END, p.sort_key")

    def member_rows():
        for number, row in enumerate(db.conn.execute(sql, area_ids), start=1):
            yield [number, row[0], row[1], gender(row[2]), row[3], row[4], row[5], role(row[6]), row[7],
                   areas.get(row[8]), row[9]]

    return write_workbook(out, "Thành viên tổ", MEMBER_HEADERS, MEMBER_KINDS, member_rows())


LOGBOOK_HEADERS = ["STT", "Ngày tiếp nhận", "Các bên", "Nội dung vụ việc", "Lĩnh vực", "Hòa giải viên",
                   "Kết quả", "Ngày có kết quả", "Nội dung thỏa thuận", "Tổ hòa giải", "Ghi chú"]
LOGBOOK_KINDS = ["number", "date", "text", "text", "text", "text", "text", "date", "text", "text", "text"]


def _export_logbook(db, out: Path) -> int:
    """The mediation logbook, one case a row, the form the import reads back."""
    from storage.records import lists

    result = _labels("mediation_result")
    sql = ("SELECT c.id, c.received_on, c.content, c.category, c.result, c.result_on, c.agreement, "
           "t.name, c.notes FROM mediation_cases c LEFT JOIN teams t ON t.id = c.team_id "
           "WHERE c.deleted_at IS NULL ORDER BY c.received_on, c.id")

    def rows():
        for number, row in enumerate(db.conn.execute(sql).fetchall(), start=1):
            people = db.conn.execute("SELECT role, name FROM mediation_people WHERE case_id = ? "
                                     "ORDER BY position", (row[0],)).fetchall()
            parties = " – ".join(name for role, name in people if role == "party")
            mediators = ", ".join(name for role, name in people if role == "mediator")
            yield [number, row[1], parties, row[2], lists.label_of(db, lists.MEDIATION_CATEGORIES, row[3]),
                   mediators or None, result(row[4]), row[5], row[6], row[7], row[8]]

    return write_workbook(out, "Hòa giải", LOGBOOK_HEADERS, LOGBOOK_KINDS, rows())
