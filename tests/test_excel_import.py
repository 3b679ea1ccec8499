"""Importing the station's Excel lists: files built here with title rows, merged headers,
TCVN3 and VNI text in their fonts, numbers without leading zeros, text dates,
duplicates, unknown areas and broken rows; the same file twice; undo; the command line;
export then import into a fresh station; fuzzing of the readers."""

from __future__ import annotations

import csv
import json
from datetime import date

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.styles import Font

from operations import excel
from operations.base import Actor, PermissionDenied
from storage.excel.reader import ExcelError, read_workbook
from storage.excel.table import find_table
from storage.records.areas import areas

ACTOR = Actor("cán bộ kiểm thử", "officer")
PEOPLE_COLUMNS = "full_name, gender, birth_date, birth_year, cccd, phone, relation_to_head, notes"


def household_book(path):
    """A commune's household book as stations keep it: a title, a merged 'Năm sinh' over
    'Nam' | 'Nữ', a row of column numbers, TCVN3 and VNI names in their fonts."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sổ hộ"
    sheet.append(["CÔNG AN XÃ THANH LÂM"])
    sheet.append(["DANH SÁCH HỘ GIA ĐÌNH VÀ NHÂN KHẨU"])
    sheet.append([])
    sheet.append(["STT", "Họ và tên", "Năm sinh", None, "Số CCCD/CMND", "Quan hệ với chủ hộ",
                  "Thôn/Tổ", "Điện thoại"])
    sheet.merge_cells("C4:D4")
    sheet.append([None, None, "Nam", "Nữ"])
    sheet.append([1, 2, 3, 4, 5, 6, 7, 8])
    sheet.append([1, "Ông NGUYỄN VĂN AN", 1970, None, 37170001234, "Chủ hộ", "thon dong hai", 912345678])
    sheet.append([2, "NguyÔn ThÞ Hoa", None, "5/2/1975", None, "Vî", None, None])
    sheet["B8"].font = Font(name=".VnTime")
    sheet["F8"].font = Font(name=".VnTime")
    sheet.append([3, "Nguyeãn Vaên Bình", "01/01/2000", None, "012345678", "Con", "Thôn Đông Hải", None])
    sheet["B9"].font = Font(name="VNI-Times")
    sheet.append([4, "Trần Văn Cường", 1980, None, None, "Chủ hộ", "Tây Sơn", None])
    sheet.append([5, "Lê Thị Dung", None, 1982, "12ab", "Chủ hộ", "Đông Hải", None])
    sheet.append([6, "Phạm Văn Em", 1990, None, 37170001234, "Chủ hộ", "Đông Hải", None])
    sheet.append([None, None, None, None, None, None, None, None])
    sheet.append([None, "Người lập biểu"])
    book.save(path)
    return path


@pytest.fixture
def dong_hai(db):
    return areas.create(db, "kiểm thử", name="Đông Hải", kind="Thôn")


def people_rows(db):
    return [tuple(r) for r in db.conn.execute(
        f"SELECT {PEOPLE_COLUMNS} FROM people WHERE deleted_at IS NULL ORDER BY id")]


def test_household_book_dry_run_lists_every_row_and_writes_nothing(db, dong_hai, tmp_path):
    path = household_book(tmp_path / "so-ho.xlsx")
    before = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    outcome = excel.preview_import(db, ACTOR, path).value
    plan = outcome.plan
    assert (plan.kind, plan.sheet, plan.table.header_row) == ("households", "Sổ hộ", 5)
    assert [(r.row, r.status, r.name, r.reason) for r in plan.rows] == [
        (7, "new", "Nguyễn Văn An", ""),
        (8, "new", "Nguyễn Thị Hoa", ""),
        (9, "new", "Nguyễn Văn Bình", ""),
        (10, "refused", "Trần Văn Cường",
         "Thôn/tổ “Tây Sơn” chưa có trong danh sách địa bàn; hãy thêm địa bàn đó, sửa tên trong "
         "tệp, hoặc cho phép tạo địa bàn mới (ô “Tạo thôn/tổ chưa có”; dòng lệnh: --create-areas)."),
        (11, "refused", "Lê Thị Dung",
         "Số CCCD “12ab” phải là dãy chữ số (12 số, hoặc CMND cũ 9 số)."),
        (12, "refused", "Phạm Văn Em", "Trùng số CCCD với dòng 7."),
    ]
    assert people_rows(db) == []
    assert db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


def test_import_households_then_again_then_undo(db, dong_hai, tmp_path):
    path = household_book(tmp_path / "so-ho.xlsx")
    result = excel.import_file(db, ACTOR, path)
    written = result.value.written
    assert (written.created_count, written.updated_count) == (4, 0)  # 3 people, 1 household
    assert result.changes.tables == {"people", "households", "excel_imports"}
    assert people_rows(db) == [
        ("Nguyễn Văn An", "male", None, 1970, "037170001234", "0912345678", "head", None),
        ("Nguyễn Thị Hoa", "female", "1975-02-05", 1975, None, None, "wife", None),
        ("Nguyễn Văn Bình", "male", "2000-01-01", 2000, None, None, "child", "CMND cũ: 012345678"),
    ] or people_rows(db)[0][6] == "chủ hộ"
    household = db.conn.execute("SELECT id, head_id, area_id FROM households").fetchall()
    assert household == [(1, 1, dong_hai.id)]
    assert {r[0] for r in db.conn.execute("SELECT household_id FROM people")} == {1}
    entry = db.conn.execute("SELECT action, after FROM audit_log WHERE table_name = 'excel_imports'").fetchone()
    assert entry[0] == "import_excel"
    assert json.loads(entry[1])["file"] == "so-ho.xlsx"

    again = excel.import_file(db, ACTOR, path)
    assert again.value.written is None and not again.changes
    assert [r.status for r in again.value.plan.rows] == ["same", "same", "same", "refused", "refused", "refused"]
    assert db.conn.execute("SELECT count(*) FROM excel_imports").fetchone()[0] == 1

    history = excel.import_history(db, ACTOR).value
    assert [(h.file_name, h.created_count, h.refused_count, h.undone_at) for h in history] == [
        ("so-ho.xlsx", 4, 3, None)]
    moved = excel.undo_import(db, ACTOR, history[0].id).value
    assert moved == {"households": [1], "people": [3, 2, 1]}
    assert people_rows(db) == []
    assert db.conn.execute("SELECT count(*) FROM people WHERE deleted_at IS NOT NULL").fetchone()[0] == 3
    with pytest.raises(Exception, match="đã được hoàn tác"):
        excel.undo_import(db, ACTOR, history[0].id)


def test_create_areas_makes_them_with_their_accents(db, tmp_path):
    path = household_book(tmp_path / "so-ho.xlsx")
    excel.import_file(db, ACTOR, path, create_areas=True)
    assert {a.name for a in areas.list(db)} == {"Đông Hải", "Tây Sơn"}
    assert db.conn.execute("SELECT count(*) FROM households").fetchone()[0] == 2


def test_changed_row_updates_only_what_the_file_says(db, dong_hai, tmp_path):
    from storage.records.people import people

    people.create(db, "kiểm thử", full_name="Hoàng Văn Tư", birth_year=1960, area_id=dong_hai.id,
                  cccd="001060000001", occupation="Làm ruộng")
    path = tmp_path / "nguoi.csv"
    path.write_text("Họ tên;Ngày sinh;CCCD;SĐT;Địa bàn\n"
                    "Hoàng Văn Tư;1960;1060000001;0987654321;Đông Hải\n", encoding="utf-8")
    plan = excel.preview_import(db, ACTOR, path).value.plan
    assert [(r.status, r.changes) for r in plan.rows] == [("changed", {"phone": (None, "0987654321")})]
    from storage.excel.plan import describe_row

    assert describe_row(plan.rows[0]) == "Dòng 2: đã có, sẽ cập nhật — Hoàng Văn Tư (điện thoại: — → 0987654321)"
    excel.import_file(db, ACTOR, path)
    row = db.conn.execute("SELECT phone, occupation, version FROM people").fetchone()
    assert row == ("0987654321", "Làm ruộng", 2)


def windows_1258(text: str) -> bytes:
    """Windows-1258 keeps the vowels (ô, ơ, ư …) whole and writes the tone as a mark after."""
    import unicodedata

    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + tones).encode("cp1258")
    return out


def test_csv_in_windows_1258_with_combining_marks(db, dong_hai, tmp_path):
    path = tmp_path / "cu.csv"
    text = "Họ và tên,Năm sinh,Giới tính,Thôn\nTrần Thị Hồng,12/3/1985,Nữ,Thôn Đông Hải\n"
    path.write_bytes(windows_1258(text))
    excel.import_file(db, ACTOR, path)
    assert people_rows(db) == [("Trần Thị Hồng", "female", "1985-03-12", 1985, None, None, None, None)]


def test_unknown_default_area_and_broken_files(db, tmp_path):
    path = household_book(tmp_path / "so-ho.xlsx")
    with pytest.raises(Exception, match="Không có địa bàn “Bắc Sơn”"):
        excel.import_file(db, ACTOR, path, area="Bắc Sơn")
    fake = tmp_path / "hong.xlsx"
    fake.write_bytes(b"not a zip at all")
    with pytest.raises(ExcelError, match="không phải .xlsx thật"):
        excel.preview_import(db, ACTOR, fake)
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(ExcelError, match="không phải bảng tính"):
        excel.preview_import(db, ACTOR, tmp_path / "x.pdf")
    assert people_rows(db) == []


def test_viewer_may_preview_but_not_import(db, dong_hai, tmp_path):
    path = household_book(tmp_path / "so-ho.xlsx")
    viewer = Actor("người xem", "viewer")
    assert excel.preview_import(db, viewer, path).value.plan.count("new") == 3
    with pytest.raises(PermissionDenied):
        excel.import_file(db, viewer, path)


def test_loose_headers_and_people_kind():
    rows = [["Danh sách"], ["TT", "Họ tên", "Ngày tháng năm sinh", "Số CCCD (12 số)", "Thôn, tổ dân phố"]]
    table = find_table(rows)
    assert (table.kind, table.header_row, table.mapping) == (
        "people", 2, {1: "full_name", 2: "birth", 3: "cccd", 4: "area"})


def test_export_then_import_into_a_fresh_station(db, dong_hai, tmp_path):
    from storage.db.connection import open_database
    from storage.records import unit

    empty_db = open_database(None)
    path = household_book(tmp_path / "so-ho.xlsx")
    excel.import_file(db, ACTOR, path, create_areas=True)
    out = tmp_path / "ra.xlsx"
    assert excel.export_kind(db, ACTOR, "households", out).value == 4
    sheet = openpyxl.load_workbook(out).active
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]][:5] == ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD"]
    assert sheet["E2"].value == "037170001234" and sheet["E2"].data_type == "s"
    assert sheet["D3"].value.date() == date(1975, 2, 5) and sheet["D3"].number_format == "dd/mm/yyyy"

    unit.initialise(empty_db, "kiểm thử", role="station", province="Ninh Bình", commune="Thanh Lâm")
    result = excel.import_file(empty_db, ACTOR, out, create_areas=True)
    assert result.value.plan.count("refused") == 0

    def snapshot(database):
        return sorted(database.conn.execute(
            "SELECT p.full_name, p.gender, p.birth_date, p.birth_year, p.cccd, p.phone, p.notes, "
            "a.name, hp.full_name FROM people p JOIN households h ON h.id = p.household_id "
            "JOIN people hp ON hp.id = h.head_id JOIN areas a ON a.id = h.area_id "
            "WHERE p.deleted_at IS NULL"))
    assert snapshot(empty_db) == snapshot(db)
    assert len(snapshot(db)) == 4


def test_export_keeps_formula_text_as_text(db, dong_hai, tmp_path):
    from storage.records.people import people

    people.create(db, "kiểm thử", full_name="Nguyễn Văn Bảy", address="=HYPERLINK(\"x\")",
                  area_id=dong_hai.id, phone="0912000111")
    out = tmp_path / "nguoi.xlsx"
    excel.export_kind(db, ACTOR, "people", out)
    sheet = openpyxl.load_workbook(out).active
    row = [c for c in sheet[2]]
    assert [c.value for c in row] == ["Nguyễn Văn Bảy", None, None, None, "0912000111",
                                      "Thôn Đông Hải", "=HYPERLINK(\"x\")"]
    assert row[6].data_type == "s" and row[4].data_type == "s"


def test_command_line(db_path, tmp_path, capsys):
    from main import main

    path = household_book(tmp_path / "so-ho.xlsx")
    assert main(["excel-import", "--db", str(db_path), str(path), "--dry-run", "--json",
                 "--create-areas"]) == 0
    out = capsys.readouterr()
    lines = [json.loads(line) for line in out.out.splitlines()]
    assert lines[0] == {"dòng": 7, "trạng_thái": "new", "tên": "Nguyễn Văn An", "lý_do": "", "thay_đổi": {}}
    assert lines[-1]["tổng_kết"] == {"new": 4, "same": 0, "changed": 0, "refused": 2}
    assert lines[-1]["chạy_thử"] is True
    assert main(["excel-import", "--db", str(db_path), str(path), "--create-areas"]) == 0
    assert "Đã ghi: 8 hồ sơ mới" in capsys.readouterr().err  # 4 people, 2 households, 2 areas
    assert main(["excel-export", "--db", str(db_path), "--kind", "people", "--area", "thon dong hai",
                 "--out", str(tmp_path / "p.xlsx")]) == 0
    assert capsys.readouterr().out == f"Đã xuất 3 dòng ra {tmp_path / 'p.xlsx'}.\n"
    assert main(["excel-import", "--db", str(db_path), str(tmp_path / "khong-co.xlsx")]) == 2
    assert capsys.readouterr().err.startswith("Không tìm thấy tệp")


# ---- fuzzing: whatever the bytes, a Vietnamese reason or rows, never a traceback --------
cells = st.one_of(st.none(), st.integers(-10**13, 10**13), st.floats(allow_nan=False, allow_infinity=False),
                  st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20), st.dates(), st.sampled_from(["Chủ hộ", "Vợ", "Họ và tên", "Thôn",
                                                                     "Số CCCD", "Năm sinh", "=1+1", "Đông Hải"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(cells, max_size=7), max_size=12))
def test_fuzz_sheet_dry_run_and_import_never_crash(db, tmp_path, rows):
    path = tmp_path / "fuzz.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", "Thôn", "Số CCCD"])
    for row in rows:
        sheet.append([v if not (isinstance(v, str) and v.startswith("=")) else "'" + v for v in row])
    book.save(path)
    before = db.conn.execute("SELECT count(*) FROM people").fetchone()[0]
    try:
        outcome = excel.preview_import(db, ACTOR, path).value
    except ExcelError:
        return
    except Exception as error:  # a typed StorageError with a message is fine
        from storage.errors import StorageError

        assert isinstance(error, StorageError) and str(error)
        return
    for row in outcome.plan.refused:
        assert row.reason
    assert db.conn.execute("SELECT count(*) FROM people").fetchone()[0] == before


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400), st.sampled_from([".csv", ".xlsx", ".xls"]))
def test_fuzz_bytes_are_read_or_refused_in_vietnamese(db, tmp_path, raw, suffix):
    from storage.errors import StorageError

    path = tmp_path / f"f{suffix}"
    path.write_bytes(raw)
    try:
        sheets = read_workbook(path)
    except ExcelError as error:
        assert str(error)
    else:
        for sheet in sheets:
            for row in sheet.rows:
                assert isinstance(row, list)
    audit_before = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    try:
        excel.import_file(db, ACTOR, path)
    except StorageError as error:  # refused as a whole: one Vietnamese reason, nothing written
        assert str(error)
        assert db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_before
        assert db.conn.execute("SELECT count(*) FROM excel_imports").fetchone()[0] == 0


def test_csv_of_tcvn3_text_saved_by_an_old_excel(db, dong_hai, tmp_path):
    """Excel saves a .VnTime sheet as CSV in Windows-1252: the bytes are the TCVN3 codes."""
    path = tmp_path / "cu.csv"
    path.write_bytes("Hä vµ tªn;N¨m sinh;Th«n\nNguyÔn V¨n Hïng;1970;§«ng H¶i\n".encode("cp1252"))
    excel.import_file(db, ACTOR, path)
    assert people_rows(db) == [("Nguyễn Văn Hùng", None, None, 1970, None, None, None, None)]
    assert db.conn.execute("SELECT area_id FROM people").fetchone()[0] == dong_hai.id


def test_csv_reader_handles_semicolons_and_utf16(tmp_path):
    path = tmp_path / "u16.csv"
    with path.open("w", encoding="utf-16", newline="") as handle:
        csv.writer(handle, delimiter="\t").writerows([["Họ và tên", "Thôn"], ["Đỗ Văn Mười", "Đông Hải"]])
    assert read_workbook(path)[0].rows == [["Họ và tên", "Thôn"], ["Đỗ Văn Mười", "Đông Hải"]]


def test_teams_then_members(db, dong_hai, tmp_path):
    teams_path = tmp_path / "to.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH TỔ TỰ QUẢN"])
    sheet.append(["STT", "Tên tổ", "Loại tổ", "Thôn", "Ngày ra mắt"])
    sheet.append([1, "Tổ hòa giải thôn Đông Hải", "Tổ hòa giải", "Đông Hải", "15/3/2020"])
    sheet.append([2, "Tổ bay", "Tổ bay lượn", "Đông Hải", None])
    book.save(teams_path)
    plan = excel.preview_import(db, ACTOR, teams_path).value.plan
    assert plan.kind == "teams"
    assert [(r.row, r.status) for r in plan.rows] == [(3, "new"), (4, "refused")]
    assert plan.rows[1].reason.startswith("Loại tổ “Tổ bay lượn” không có trong danh mục; hãy ghi một trong: ")
    excel.import_file(db, ACTOR, teams_path)
    assert [tuple(r) for r in db.conn.execute("SELECT name, kind, launched_on FROM teams")] == [
        ("Tổ hòa giải thôn Đông Hải", "mediation", "2020-03-15")]

    members_path = tmp_path / "thanh-vien.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Tổ", "Họ và tên", "Năm sinh", "Chức vụ", "Ngày tham gia", "Thôn"])
    sheet.append(["Tổ hòa giải thôn Đông Hải", "Bà ĐỖ THỊ LAN", 1965, "Tổ trưởng", "1/4/2020", "Đông Hải"])
    sheet.append(["Tổ hòa giải thôn Đông Hải", "Vũ Văn Hòa", 1970, "Tổ viên", None, "Đông Hải"])
    sheet.append(["Tổ không có", "Lý Văn Tám", 1970, "Tổ viên", None, "Đông Hải"])
    book.save(members_path)
    plan = excel.preview_import(db, ACTOR, members_path).value.plan
    assert plan.kind == "members"
    assert [(r.row, r.status, r.name, r.reason) for r in plan.rows] == [
        (2, "new", "Đỗ Thị Lan", ""), (3, "new", "Vũ Văn Hòa", ""),
        (4, "refused", "Lý Văn Tám", "Chưa có tổ “Tổ không có”; hãy nhập danh sách tổ trước.")]
    excel.import_file(db, ACTOR, members_path)
    assert [tuple(r) for r in db.conn.execute(
        "SELECT p.full_name, m.role, m.start_on FROM memberships m JOIN people p ON p.id = m.person_id "
        "ORDER BY m.id")] == [("Đỗ Thị Lan", "leader", "2020-04-01"), ("Vũ Văn Hòa", "member", "2020-03-15")]
    again = excel.import_file(db, ACTOR, members_path).value
    assert again.written is None and [r.status for r in again.plan.rows] == ["same", "same", "refused"]
    out = tmp_path / "ra.xlsx"
    assert excel.export_kind(db, ACTOR, "members", out).value == 2
    first = [c.value for c in openpyxl.load_workbook(out).active[2]]
    assert first[:8] == [1, "Tổ hòa giải thôn Đông Hải", "Đỗ Thị Lan", "nữ", 1965, None, None, "tổ trưởng"]
    assert first[8].date() == date(2020, 4, 1) and first[9] == "Thôn Đông Hải"


def test_old_xls_with_tcvn3_and_vni_fonts(db, dong_hai, tmp_path):
    """An Excel 97–2003 book as old stations have them (built with xlwt, a test-only tool):
    names typed in .VnTime, .VnTimeH (capitals) and VNI-Times, a real date cell."""
    import datetime

    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="cp1252")
    sheet = book.add_sheet("DS")

    def style(font_name: str, number_format: str | None = None):
        result = xlwt.XFStyle()
        result.font = xlwt.Font()
        result.font.name = font_name
        if number_format:
            result.num_format_str = number_format
        return result

    plain, tcvn3, tcvn3_caps, vni = style("Arial"), style(".VnTime"), style(".VnTimeH"), style("VNI-Times")
    sheet.write(0, 0, "DANH S¸CH NH¢N KHÈU", tcvn3_caps)
    for column, header in enumerate(["STT", "Hä vµ tªn", "Ngµy sinh", "Sè CCCD", "Th«n"]):
        sheet.write(2, column, header, tcvn3)
    rows = [
        (1, ("NguyÔn V¨n Hïng", tcvn3), datetime.date(1980, 5, 17), 1080000001, ("§«ng H¶i", tcvn3)),
        (2, ("lª thÞ hoa", tcvn3_caps), "3/4/1985", 1085000002, ("Ñoâng Haûi", vni)),
        (3, ("Nguyeãn Thò Thuùy", vni), 1990, None, ("thon dong hai", plain)),
    ]
    for index, (number, (name, name_style), born, cccd, (area, area_style)) in enumerate(rows, start=3):
        sheet.write(index, 0, number, plain)
        sheet.write(index, 1, name, name_style)
        if isinstance(born, datetime.date):
            sheet.write(index, 2, born, style("Arial", "dd/mm/yyyy"))
        else:
            sheet.write(index, 2, born, plain)
        if cccd is not None:
            sheet.write(index, 3, cccd, plain)
        sheet.write(index, 4, area, area_style)
    path = tmp_path / "cu.xls"
    book.save(str(path))
    result = excel.import_file(db, ACTOR, path)
    assert result.value.plan.table.header_row == 3
    assert [tuple(r) for r in db.conn.execute(
        "SELECT full_name, birth_date, birth_year, cccd, area_id FROM people ORDER BY id")] == [
        ("Nguyễn Văn Hùng", "1980-05-17", 1980, "001080000001", dong_hai.id),
        ("Lê Thị Hoa", "1985-04-03", 1985, "001085000002", dong_hai.id),
        ("Nguyễn Thị Thúy", None, 1990, None, dong_hai.id),
    ]


def test_mediation_logbook(db, tmp_path):
    path = tmp_path / "hoa-giai.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["SỔ THEO DÕI HOẠT ĐỘNG HÒA GIẢI Ở CƠ SỞ"])
    sheet.append(["STT", "Ngày tiếp nhận", "Họ tên các bên", "Nội dung vụ việc", "Lĩnh vực",
                  "Hòa giải viên", "Kết quả", "Ngày có kết quả", "Nội dung thỏa thuận"])
    sheet.append([1, "12/3/2025", "Ông Nguyễn Văn A – Bà Trần Thị B", "Tranh chấp lối đi chung", "Đất đai",
                  "Lê Văn C", "Thành", "20/3/2025", "Mở lại lối đi rộng 2 m"])
    sheet.append([2, "15/4/2025", "Phạm Văn D; Hoàng Thị E", "Mâu thuẫn do chó cắn gà", "Đất đai",
                  None, "Đang hòa giải", None, None])
    sheet.append([3, "16/4/2025", "Phạm Văn G", "Một bên thôi", "Đất đai", None, None, None, None])
    sheet.append([4, "17/4/2025", "Vũ Văn H, Đinh Thị K", "Nợ tiền", "Không có", None, None, None, None])
    book.save(path)
    plan = excel.preview_import(db, ACTOR, path).value.plan
    assert plan.kind == "mediation"
    assert [(r.row, r.status, r.name) for r in plan.rows] == [
        (3, "new", "Nguyễn Văn A – Trần Thị B"), (4, "new", "Phạm Văn D – Hoàng Thị E"),
        (5, "refused", "Phạm Văn G"), (6, "refused", "Vũ Văn H – Đinh Thị K")]
    assert plan.rows[2].reason == "Vụ việc hòa giải cần ít nhất hai bên (ghi họ tên từng bên)."
    assert plan.rows[3].reason.startswith("Lĩnh vực “Không có” không có trong danh mục; hãy ghi một trong: Đất đai")
    excel.import_file(db, ACTOR, path)
    assert [tuple(r) for r in db.conn.execute(
        "SELECT received_on, category, result, result_on, agreement FROM mediation_cases ORDER BY id")] == [
        ("2025-03-12", "land", "settled", "2025-03-20", "Mở lại lối đi rộng 2 m"),
        ("2025-04-15", "land", "in_progress", None, None)]
    assert [tuple(r) for r in db.conn.execute(
        "SELECT role, name FROM mediation_people WHERE case_id = 1 ORDER BY position")] == [
        ("party", "Nguyễn Văn A"), ("party", "Trần Thị B"), ("mediator", "Lê Văn C")]
    again = excel.import_file(db, ACTOR, path).value
    assert again.written is None and [r.status for r in again.plan.rows] == ["same", "same", "refused", "refused"]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30), st.dates(),
                 st.datetimes()))
def test_fuzz_value_parsers_give_a_value_or_a_vietnamese_reason(value):
    from storage.excel import values

    for parser in (values.cccd, values.phone, values.day, values.gender, values.relation, values.role):
        try:
            parser(value)
        except ValueError as error:
            message = str(error)
            assert message and message[0].isupper() and not message.startswith(("invalid", "could not"))
    for function in (values.full_name, values.text, values.gender_of_title):
        function(value)


def test_mediation_logbook_round_trip(db, tmp_path):
    test_mediation_logbook(db, tmp_path)
    out = tmp_path / "so-hoa-giai.xlsx"
    assert excel.export_kind(db, ACTOR, "mediation", out).value == 2
    sheet = openpyxl.load_workbook(out).active
    assert [c.value for c in sheet[2]][2:7] == ["Nguyễn Văn A – Trần Thị B", "Tranh chấp lối đi chung",
                                                "Đất đai", "Lê Văn C", "thành"]
    again = excel.preview_import(db, ACTOR, out).value.plan
    assert [(r.row, r.status) for r in again.rows] == [(2, "same"), (3, "same")]


def test_sheet_by_name_and_default_area(db, dong_hai, tmp_path):
    path = tmp_path / "hai-trang.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Ghi chú"
    book.active.append(["Danh sách lập năm 2019"])
    second = book.create_sheet("Nhân khẩu")
    second.append(["Họ và tên", "Năm sinh", "Giới tính"])
    second.append(["Mai Văn Sáu", 1975, "nam"])
    third = book.create_sheet("Khác")
    third.append(["Họ và tên", "Năm sinh"])
    third.append(["Tạ Thị Bảy", 1980])
    book.save(path)
    with pytest.raises(ExcelError, match="Tệp không có trang “Thiếu”; các trang có: Ghi chú, Nhân khẩu, Khác."):
        excel.preview_import(db, ACTOR, path, sheet="Thiếu")
    plan = excel.preview_import(db, ACTOR, path, sheet="khác", area="thon dong hai").value.plan
    assert (plan.sheet, [r.name for r in plan.rows]) == ("Khác", ["Tạ Thị Bảy"])
    excel.import_file(db, ACTOR, path, area="Thôn Đông Hải")  # the first sheet with a list
    assert [tuple(r) for r in db.conn.execute("SELECT full_name, gender, area_id FROM people")] == [
        ("Mai Văn Sáu", "male", dong_hai.id)]


def test_export_widths_and_quote_prefix(tmp_path):
    from storage.excel.writer import write_workbook

    out = tmp_path / "t.xlsx"
    assert write_workbook(out, "Người", ["Họ và tên", "Địa chỉ", "Số CCCD"], ["text", "text", "cccd"],
                          [["Lò Văn A", "=1+1", "001080000001"], ["Lò Văn B", "@x", None]]) == 2
    sheet = openpyxl.load_workbook(out).active
    assert (sheet.title, sheet.freeze_panes) == ("Người", "A2")
    assert [sheet.column_dimensions[c].width for c in "ABC"] == [18, 18, 15]
    assert [(c.value, c.data_type, c.quotePrefix) for c in (sheet["B2"], sheet["B3"], sheet["C2"])] == [
        ("=1+1", "s", True), ("@x", "s", True), ("001080000001", "s", False)]
    assert all(c.font.bold for c in sheet[1])


def test_cancelled_import_writes_nothing(db, dong_hai, tmp_path):
    from storage.excel.apply import ImportCancelled

    path = household_book(tmp_path / "so-ho.xlsx")
    before = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    steps = []
    with pytest.raises(ImportCancelled, match="Đã dừng nhập theo yêu cầu; không ghi gì vào dữ liệu."):
        excel.import_file(db, ACTOR, path, progress=lambda d, t, m: steps.append((d, t, m)),
                          cancelled=lambda: len(steps) >= 1)
    assert steps == [(1, 4, "Đã ghi người")]
    assert people_rows(db) == [] and db.conn.execute("SELECT count(*) FROM households").fetchone()[0] == 0
    assert db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before
    assert db.conn.execute("SELECT count(*) FROM excel_imports").fetchone()[0] == 0


def test_name_split_in_two_columns():
    from storage.excel.plan import person_values

    rows = [["STT", "Họ và tên đệm", "Tên", "Năm sinh"], [1, "Nguyễn Thị", "Mai", 1990]]
    table = find_table(rows)
    assert table.mapping == {1: "family_middle", 2: "full_name", 3: "birth"}
    values, errors = person_values(rows[1], table)
    assert (values["full_name"], values["birth_year"], errors) == ("Nguyễn Thị Mai", 1990, [])


def test_household_code_groups_rows_in_any_order(db, dong_hai, tmp_path):
    path = tmp_path / "theo-ma-ho.csv"
    path.write_text(
        "Mã hộ,Họ và tên,Năm sinh,Quan hệ với chủ hộ,Thôn\n"
        "H02,Bùi Thị Na,1992,Vợ,Đông Hải\n"
        "H01,Cao Văn Một,1960,Chủ hộ,Đông Hải\n"
        "H02,Bùi Văn Hai,1990,Chủ hộ,Đông Hải\n"
        "H01,Cao Thị Ba,1985,Con,Đông Hải\n"
        "H03,Đinh Văn Lẻ,1970,Con,Đông Hải\n", encoding="utf-8")
    plan = excel.preview_import(db, ACTOR, path).value.plan
    assert [(r.row, r.status, r.head_row, r.reason) for r in plan.rows] == [
        (2, "new", 4, ""), (3, "new", None, ""), (4, "new", None, ""), (5, "new", 3, ""),
        (6, "refused", None, "Hộ mã H03 không có dòng “Chủ hộ”.")]
    excel.import_file(db, ACTOR, path)
    assert sorted(tuple(r) for r in db.conn.execute(
        "SELECT p.full_name, h.full_name FROM people p JOIN households x ON x.id = p.household_id "
        "JOIN people h ON h.id = x.head_id")) == [
        ("Bùi Thị Na", "Bùi Văn Hai"), ("Bùi Văn Hai", "Bùi Văn Hai"),
        ("Cao Thị Ba", "Cao Văn Một"), ("Cao Văn Một", "Cao Văn Một")]


def test_list_of_household_heads_becomes_households(db, dong_hai, tmp_path):
    """What the Hộ gia đình page exports (Chủ hộ, Địa chỉ, Địa bàn …) reads back as households."""
    path = tmp_path / "chu-ho.csv"
    path.write_text("Chủ hộ,Địa chỉ,Địa bàn,Số nhân khẩu\nHà Văn Mạnh,Số 3 ngõ 2,Thôn Đông Hải,4\n",
                    encoding="utf-8")
    plan = excel.preview_import(db, ACTOR, path).value.plan
    assert (plan.kind, [(r.status, r.is_head) for r in plan.rows]) == ("households", [("new", True)])
    excel.import_file(db, ACTOR, path)
    assert [tuple(r) for r in db.conn.execute(
        "SELECT p.full_name, h.address, h.area_id FROM households h JOIN people p ON p.id = h.head_id")] == [
        ("Hà Văn Mạnh", "Số 3 ngõ 2", dong_hai.id)]


def test_known_person_joins_a_new_household(db, dong_hai, tmp_path):
    from storage.records.people import people

    known = people.create(db, "kiểm thử", full_name="Tô Thị Gấm", birth_year=1990, area_id=dong_hai.id,
                          cccd="001190000009")
    path = tmp_path / "ho-moi.csv"
    path.write_text("Họ và tên,Năm sinh,Số CCCD,Quan hệ với chủ hộ,Thôn\n"
                    "Tô Văn Lực,1988,,Chủ hộ,Đông Hải\n"
                    "Tô Thị Gấm,1990,1190000009,Vợ,\n", encoding="utf-8")
    plan = excel.preview_import(db, ACTOR, path).value.plan
    assert [(r.status, r.changes) for r in plan.rows] == [
        ("new", {}),
        ("changed", {"relation_to_head": (None, "wife"), "household_id": (None, "hộ mới của dòng 2")})]
    excel.import_file(db, ACTOR, path)
    household = db.conn.execute("SELECT id FROM households").fetchone()[0]
    assert db.conn.execute("SELECT household_id, relation_to_head FROM people WHERE id = ?",
                           (known.id,)).fetchone() == (household, "wife")


def test_two_namesakes_in_the_book_need_a_cccd(db, dong_hai, tmp_path):
    from storage.records.people import people

    for cccd in ("001080000011", "001080000012"):
        people.create(db, "kiểm thử", full_name="Lý Văn Tài", birth_year=1980, area_id=dong_hai.id, cccd=cccd)
    path = tmp_path / "trung-ten.csv"
    path.write_text("Họ và tên,Năm sinh,Thôn,Điện thoại\nLý Văn Tài,1980,Đông Hải,0912345678\n"
                    "Lý Văn Tài,1980,Đông Hải,1080000012\n", encoding="utf-8")
    plan = excel.preview_import(db, ACTOR, path).value.plan
    assert [(r.status, r.reason) for r in plan.rows] == [
        ("refused", "Trong sổ đã có hơn một người cùng họ tên, năm sinh và thôn/tổ này; hãy ghi số CCCD để biết là ai."),
        ("refused", "Số điện thoại “1080000012” phải có 10 chữ số và bắt đầu bằng 0.")]
