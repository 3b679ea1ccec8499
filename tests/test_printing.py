"""Every PDF read back with pypdf: exact NFC Vietnamese text, page counts, A4, embedded
fonts and none of the 14 standard ones, document numbers, date lines."""

from __future__ import annotations

import io
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader

from printing.layout import date_line
from printing.render import render
from storage.documents import gather as printouts
from storage.query.periods import parse_period
from storage.records.areas import areas
from storage.records.households import households
from storage.records.mediation import MEDIATOR, PARTY, mediation_cases
from storage.records.patrols import patrols
from storage.records.people import people
from storage.records.pledges import pledges
from storage.records.reviews import reviews
from storage.records.teams import teams
from tests.conftest import ACTOR

STANDARD_14 = {"Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Helvetica", "Helvetica-Bold",
               "Helvetica-Oblique", "Helvetica-BoldOblique", "Courier", "Courier-Bold", "Courier-Oblique",
               "Courier-BoldOblique", "Symbol", "ZapfDingbats"}


def read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_text(reader: PdfReader, index: int) -> str:
    """The page's text, NFC, with runs of white space (line breaks in cells) as one space."""
    return " ".join(unicodedata.normalize("NFC", reader.pages[index].extract_text()).split())


def top_margin_text(page) -> str:
    """Text drawn in the top margin (above the 20 mm margin): the page number, if any."""
    height = float(page.mediabox.height)
    found = []

    def visit(text, cm, tm, font, size):
        y = tm[5] * cm[3] + cm[5]
        if text.strip() and y > height - 20 * 72 / 25.4:
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return " ".join(found)


def fonts_of(reader: PdfReader) -> dict[str, bool]:
    """Base font name → embedded?"""
    found = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            name = str(font["/BaseFont"]).lstrip("/").split("+")[-1]
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            found[name] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


def assert_a4_and_embedded(reader: PdfReader, landscape: bool = False) -> None:
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        expected = (841.89, 595.28) if landscape else (595.28, 841.89)
        assert (round(width, 0), round(height, 0)) in {(round(expected[0]), round(expected[1]))}
    fonts = fonts_of(reader)
    assert fonts and all(fonts.values()), fonts
    assert not set(fonts) & STANDARD_14


@pytest.fixture
def village(db):
    area = areas.create(db, ACTOR, name="Đông", kind="Thôn")
    heads = [("Nguyễn Thị Hương", "037180001234"), ("Trần Văn Đức", "037175009876"), ("Lê Văn Ánh", None)]
    for name, cccd in heads:
        head = people.create(db, ACTOR, full_name=name, cccd=cccd, birth_year=1975, area_id=area.id)
        households.create(db, ACTOR, head_id=head.id, area_id=area.id, address="Số 5 xóm Giữa, thôn Đông")
    return area


def test_date_line_leading_zeros():
    assert date_line("Thanh Lâm", date(2026, 2, 5)) == "Thanh Lâm, ngày 05 tháng 02 năm 2026"
    assert date_line("Thanh Lâm", date(2026, 1, 15)) == "Thanh Lâm, ngày 15 tháng 01 năm 2026"
    assert date_line("Thanh Lâm", date(2026, 3, 9)) == "Thanh Lâm, ngày 09 tháng 3 năm 2026"
    assert date_line("Thanh Lâm", date(2026, 11, 22)) == "Thanh Lâm, ngày 22 tháng 11 năm 2026"


def test_pledge_batch_one_page_per_household_then_sign_in_sheet(db, village):
    job = printouts.gather(db, ACTOR, "pledges", area_id=village.id, ceremony_date="2026-02-05")
    reader = read(render(job.data).data)
    assert len(reader.pages) == 4
    assert_a4_and_embedded(reader)
    first = page_text(reader, 0)
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BẢN CAM KẾT",
                 "Kính gửi: Công an xã Thanh Lâm", "Tôi là: Lê Văn Ánh, sinh năm: 1975",
                 "Thanh Lâm, ngày 05 tháng 02 năm 2026", "XÁC NHẬN CỦA TRƯỞNG THÔN", "CHỦ HỘ CAM KẾT"):
        assert line in first, line
    # Households come in Vietnamese name order: Ánh, Đức, Hương.
    assert "Trần Văn Đức" in page_text(reader, 1)
    assert "Nguyễn Thị Hương" in page_text(reader, 2) and "037180001234" in page_text(reader, 2)
    assert [top_margin_text(reader.pages[i]) for i in range(4)] == ["", "", "", ""]  # each its own document
    sheet = page_text(reader, 3)
    assert "DANH SÁCH HỘ GIA ĐÌNH KÝ CAM KẾT" in sheet and "CÔNG AN TỈNH NINH BÌNH" in sheet
    assert "CÔNG AN XÃ THANH LÂM" in sheet
    assert "••••••••1234" in sheet and "037180001234" not in sheet
    assert "Tổng số: 3 hộ." in sheet


def test_printing_pledges_marks_them_printed_and_reprint_reuses_them(db, village):
    job = printouts.gather(db, ACTOR, "pledges", area_id=village.id, ceremony_date="2026-02-05")
    assert db["pledges"].count == 0  # preparing reads only
    assert len(job.new_pledges) == 3 and job.pledge_ids == []
    render(job.data)
    changed = printouts.finish(db, ACTOR, job)
    assert [r["status"] for r in db.query("SELECT status FROM pledges")] == ["printed"] * 3
    again = printouts.gather(db, ACTOR, "pledges", area_id=village.id, ceremony_date="2026-02-05")
    assert again.pledge_ids == changed["pledges"] and again.new_pledges == []
    assert db["pledges"].count == 3


def test_printing_an_area_again_reprints_each_households_pledge_of_the_year(db, village):
    first = printouts.gather(db, ACTOR, "pledges", area_id=village.id, ceremony_date="2026-02-05")
    made = printouts.finish(db, ACTOR, first)["pledges"]
    signed = made[0]
    pledges.update(db, ACTOR, signed, status="signed", signed_on="2026-02-05")
    row_of = {pid: dict(db["pledges"].get(pid)) for pid in made}

    # A second ceremony in May: no second pledge for anyone; the signed one stays as signed,
    # the others move to the May ceremony.
    again = printouts.gather(db, ACTOR, "pledges", area_id=village.id, ceremony_date="2026-05-10",
                             place="Hội trường thôn")
    assert (sorted(again.pledge_ids), again.new_pledges) == (sorted(made), [])
    printouts.finish(db, ACTOR, again)
    rows = {r["id"]: r for r in db.query("SELECT * FROM pledges")}
    assert sorted(rows) == sorted(made)
    assert rows[signed] == row_of[signed]
    for pid in made[1:]:
        assert ({k: rows[pid][k] for k in ("status", "ceremony_date", "ceremony_place", "household_id")}
                == {"status": "printed", "ceremony_date": "2026-05-10", "ceremony_place": "Hội trường thôn",
                    "household_id": row_of[pid]["household_id"]})

    # The next year is a new pledge for every household.
    next_year = printouts.gather(db, ACTOR, "pledges", area_id=village.id, ceremony_date="2027-02-05")
    assert next_year.pledge_ids == [] and len(next_year.new_pledges) == 3


def test_pledges_for_an_empty_area_are_refused(db):
    empty = areas.create(db, ACTOR, name="Mới", kind="Thôn")
    with pytest.raises(Exception, match="chưa có hộ gia đình nào"):
        printouts.gather(db, ACTOR, "pledges", area_id=empty.id)
    assert db["pledges"].count == 0


def test_five_hundred_households_make_five_hundred_pages_and_the_sheet(db):
    area = areas.create(db, ACTOR, name="Lớn", kind="Thôn")
    head_ids = people.create_many(db, ACTOR, [{"full_name": f"Phạm Văn Số{i:03d}", "area_id": area.id}
                                              for i in range(500)], audit_each=False)
    households.create_many(db, ACTOR, [{"head_id": h, "area_id": area.id} for h in head_ids], audit_each=False)
    job = printouts.gather(db, ACTOR, "pledges", area_id=area.id)
    rendered = render(job.data)
    reader = read(rendered.data)
    sheet_pages = rendered.pages - 500
    assert 20 <= sheet_pages <= 30  # rows at least 12 mm tall, room to sign: about 20 a page
    assert "BẢN CAM KẾT" in page_text(reader, 499)
    assert "DANH SÁCH HỘ GIA ĐÌNH KÝ CAM KẾT" in page_text(reader, 500)
    assert "Tổng số: 500 hộ." in page_text(reader, rendered.pages - 1)


@pytest.fixture
def review(db, village):
    return reviews.create(db, ACTOR, kind="sơ kết", title="Hội nghị sơ kết 6 tháng đầu năm 2026",
                          period_start="2026-01-01", period_end="2026-06-30", started_at="2026-02-05 08:00",
                          ended_at="2026-02-05 11:00", place="Hội trường UBND xã", chair="Đỗ Văn Chính",
                          secretary="Lý Thị Thư")


def test_review_minutes_layout_numbers_and_page_numbers(db, review):
    job = printouts.gather(db, ACTOR, "minutes", review_id=review.id)
    reader = read(render(job.data).data)
    assert_a4_and_embedded(reader)
    first = page_text(reader, 0)
    for line in ("CÔNG AN TỈNH NINH BÌNH", "CÔNG AN XÃ THANH LÂM", "Số: 01/BB-CAX",
                 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Thanh Lâm, ngày 05 tháng 02 năm 2026", "BIÊN BẢN",
                 "Hội nghị sơ kết 6 tháng đầu năm 2026", "Tổng số hộ gia đình"):
        assert line in first, line
    assert len(reader.pages) >= 2
    assert top_margin_text(reader.pages[0]) == ""
    assert [top_margin_text(reader.pages[i]) for i in range(1, len(reader.pages))] == [
        str(i) for i in range(2, len(reader.pages) + 1)]
    everything = "".join(page_text(reader, i) for i in range(len(reader.pages)))
    assert "Đỗ Văn Chính" in everything and "Lý Thị Thư" in everything


def test_document_numbers_increase_and_reprints_keep_theirs(db, review):
    other = reviews.create(db, ACTOR, kind="tổng kết", period_start="2026-01-01", period_end="2026-12-31",
                           started_at="2026-11-20 08:00")

    def printed(kind, **options):
        job = printouts.gather(db, ACTOR, kind, **options)
        printouts.finish(db, ACTOR, job)
        return job.data.letterhead.number

    # Preparing twice shows the same coming number and takes none.
    assert printouts.gather(db, ACTOR, "minutes", review_id=other.id).data.letterhead.number == "01/BB-CAX"
    first = printed("minutes", review_id=review.id)
    second = printed("minutes", review_id=other.id)
    again = printed("minutes", review_id=review.id)
    assert (first, second, again) == ("01/BB-CAX", "02/BB-CAX", "01/BB-CAX")
    assert printed("report", period=parse_period("2026-H1")) == "01/BC-CAX"


def test_mediation_minutes_and_logbook(db, village):
    team = teams.create(db, ACTOR, name="Tổ hòa giải thôn Đông", kind="Tổ hòa giải", launched_on="2020-01-01",
                        area_ids=[village.id])
    people_rows = [{"role": PARTY, "name": "Trần Văn Nam", "age": 50, "address": "thôn Đông"},
                   {"role": PARTY, "name": "Đỗ Thị Lan", "age": 47}, {"role": MEDIATOR, "name": "Hoàng Văn Hòa"}]
    case = mediation_cases.create(db, ACTOR, team_id=team.id, received_on="2026-04-01", category="Đất đai",
                                  content="Tranh chấp lối đi chung", people=people_rows, result="thành",
                                  result_on="2026-04-05", agreement="Mở lối đi rộng 2 m")
    with pytest.raises(Exception, match="đang hòa giải"):
        other = mediation_cases.create(db, ACTOR, team_id=team.id, received_on="2026-04-10", category="Dân sự",
                                       content="Vay tiền", people=people_rows)
        printouts.gather(db, ACTOR, "mediation", case_id=other.id)
    reader = read(render(printouts.gather(db, ACTOR, "mediation", case_id=case.id).data).data)
    text = page_text(reader, 0) + (page_text(reader, 1) if len(reader.pages) > 1 else "")
    for line in ("BIÊN BẢN HÒA GIẢI THÀNH", "Trần Văn Nam, 50 tuổi, địa chỉ: thôn Đông", "Mở lối đi rộng 2 m",
                 "Tổ hòa giải thôn Đông"):
        assert line in text, line
    job = printouts.gather(db, ACTOR, "logbook", team_id=team.id, period=parse_period("2026"))
    reader = read(render(job.data).data)
    assert_a4_and_embedded(reader, landscape=True)
    assert "SỔ THEO DÕI HOẠT ĐỘNG HÒA GIẢI Ở CƠ SỞ" in page_text(reader, 0)
    part_one = page_text(reader, 1)
    assert "PHẦN I. GHI CHÉP CỦA HÒA GIẢI VIÊN" in part_one and "(10)" in part_one
    assert "Tranh chấp lối đi chung" in part_one and "Vay tiền" in part_one
    assert "PHẦN II. THEO DÕI, TỔNG HỢP CỦA TỔ TRƯỞNG TỔ HÒA GIẢI" in page_text(reader, 2)


def test_roster_patrol_log_and_report(db, world):
    job = printouts.gather(db, ACTOR, "roster", team_id=world["team"].id)
    reader = read(render(job.data).data)
    text = page_text(reader, 0)
    assert "DANH SÁCH THÀNH VIÊN TỔ" in text and "Lê Thị Mận" in text and "Tổ trưởng" in text
    by_area = printouts.gather(db, ACTOR, "roster", area_id=world["east"].id)
    assert len(by_area.data.teams) == 1
    patrols.create(db, ACTOR, team_id=world["team"].id, patrol_date="2026-03-02", route="Đường trục thôn",
                   member_ids=[world["helper"].id], findings="Nhóm thanh niên tụ tập")
    reader = read(render(printouts.gather(db, ACTOR, "patrols", team_id=world["team"].id,
                                          period=parse_period("2026-Q1")).data).data)
    assert_a4_and_embedded(reader, landscape=True)
    text = page_text(reader, 0)
    assert "NHẬT KÝ TUẦN TRA" in text and "02/03/2026" in text and "Nhóm thanh niên tụ tập" in text
    reader = read(render(printouts.gather(db, ACTOR, "report", period=parse_period("2026")).data).data)
    text = "".join(page_text(reader, i) for i in range(len(reader.pages)))
    assert "BÁO CÁO" in text and "Kết quả thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2026" in text
    assert "Tổng số hộ gia đình" in text and "Nơi nhận:" in text and "Lưu: VT" in text


def test_the_roster_of_an_ended_team_lists_its_members_on_its_last_day(db, world):
    team = world["team"]
    teams.update(db, ACTOR, team.id, status="ended", ended_on="2026-06-30", end_reason="Sáp nhập thôn")
    job = printouts.gather(db, ACTOR, "roster", team_id=team.id)
    text = " ".join(page_text(read(render(job.data).data), 0).split())
    assert "Lê Thị Mận" in text and "Tổ chưa có thành viên" not in text
    assert "Kết thúc hoạt động: ngày 30/06/2026" in text
    assert "Tổng số: 1 thành viên tại ngày kết thúc hoạt động 30/06/2026." in text


def test_noto_fallback_cuts_distinct_static_fonts(tmp_path):
    from fontTools.ttLib import TTFont

    from printing import fonts

    found = fonts.find_fonts(tmp_path / "fonts", allow_system=False)
    assert found.family == "Noto Serif"
    names = {TTFont(str(path))["name"].getDebugName(6) for path in found.files.values()}
    assert names == {"BinhYenSerif", "BinhYenSerif-Bold", "BinhYenSerif-Italic", "BinhYenSerif-BoldItalic"}
    assert all(fonts.has_vietnamese(path) for path in found.files.values())
    assert "fvar" not in TTFont(str(found.files["bold"]))


def test_margins_stay_within_the_decree(db, review):
    from storage.documents import wording

    with pytest.raises(Exception) as caught:
        wording.set_margins(db, ACTOR, top=18, bottom=20, left=36, right=15)
    assert set(caught.value.errors) == {"top", "left"}
    assert "Lề trái phải từ 30 đến 35 mm" in caught.value.errors["left"]
    assert wording.margins(db) == (20, 20, 30, 15)
    wording.set_margins(db, ACTOR, top=25, bottom=22, left=35, right=20)
    job = printouts.gather(db, ACTOR, "minutes", review_id=review.id)
    data = render(job.data, margins=wording.margins(db)).data
    reader = read(data)
    # The first text line starts 35 mm from the left edge now.
    xs = []
    reader.pages[0].extract_text(visitor_text=lambda t, cm, tm, f, s: xs.append(tm[4] * cm[0] + cm[4])
                                 if t.strip() else None)
    assert min(xs) == pytest.approx(35 * 72 / 25.4, abs=1.5)


def test_printing_a_document_is_audited_and_committed(db_path):
    from storage.db.connection import open_database

    db = open_database(db_path)
    review = reviews.create(db, ACTOR, kind="họp", period_start="2026-01-01", period_end="2026-03-31")
    job = printouts.gather(db, ACTOR, "minutes", review_id=review.id)
    printouts.finish(db, ACTOR, job)
    db.close()
    again = open_database(db_path)
    assert again.conn.execute("SELECT action, table_name FROM audit_log ORDER BY id DESC LIMIT 1").fetchone() == \
        ("print", "minutes")
    again.close()
