"""Issue 10, "never fails on real data": every document for every record of three demo
communes (a xã with thôn, a phường with tổ dân phố, an đặc khu), and every document with
the longest values the forms accept, read back with pypdf: A4, fonts embedded and none
of the standard 14, signature blocks never alone at the top of a page, leading zeros in
dates, the unit named by its level, no district line."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from printing.render import render
from storage import demo
from storage.documents import gather as printouts
from storage.query.periods import parse_period
from storage.records.unit import get_unit
from tests.conftest import ACTOR
from tests.printing_sweep import every_job
from tests.test_printing import STANDARD_14, fonts_of

MM = 72 / 25.4
LANDSCAPE = {"logbook", "patrols", "tips"}
# How each signature block begins: the first line under the body must never be one.
SIGNATURE_STARTS = ("Nơi nhận", "THƯ KÝ", "CHỦ TRÌ", "XÁC NHẬN", "CHỦ HỘ", "NGƯỜI LẬP", "NGƯỜI GHI", "TỔ TRƯỞNG",
                    "TRƯỞNG CÔNG AN", "KT.", "TM.", "BÊN ", "HÒA GIẢI VIÊN", "THỦ TRƯỞNG", "GIÁM ĐỐC",
                    "(Ký")
BAD_DATE = re.compile(r"ngày \d(?!\d)|tháng [12] năm|\b\d/\d{1,2}/\d{4}\b|\b\d{2}/\d/\d{4}\b")


def page_lines(page) -> list[tuple[float, str]]:
    """(height from the bottom, text) of each piece of text on the page."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((tm[5] * cm[3] + cm[5], text.strip()))

    page.extract_text(visitor_text=visit)
    return found


def first_line_below_margin(page, top_margin_mm: float = 20) -> list[str]:
    """The texts of the first line of the page's body (the page number above it is in
    the margin)."""
    limit = float(page.mediabox.height) - top_margin_mm * MM + 2
    lines = [(y, t) for y, t in page_lines(page) if y < limit]
    if not lines:
        return []
    top = max(y for y, _t in lines)
    return [t for y, t in lines if y > top - 4]


HEADING = re.compile(r"^(\d+\. |[IVX]+\. |PHẦN |NỘI DUNG$|Ý kiến thảo luận$|Kết luận của người chủ trì$|Chi tiết$|STT$)")


def last_line_is_a_heading(page) -> str:
    """The page's lowest line of body text when it is a heading (or a table's header
    row with no row under it): a page must never end with one."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            bold = "Bold" in str((font or {}).get("/BaseFont", ""))
            found.append((tm[5] * cm[3] + cm[5], text.strip(), bold))

    page.extract_text(visitor_text=visit)
    body = [f for f in found if f[0] > 20 * MM - 2]
    if not body:
        return ""
    lowest = min(y for y, _t, _b in body)
    return next((t for y, t, bold in body if y < lowest + 3 and bold and HEADING.match(t)), "")


def check_document(kind: str, data: bytes, unit_type: str, place: str = "") -> PdfReader:
    reader = PdfReader(io.BytesIO(data))
    expected = (842, 595) if kind in LANDSCAPE else (595, 842)
    fonts = fonts_of(reader)
    assert fonts and all(fonts.values()) and not set(fonts) & STANDARD_14, (kind, fonts)
    for number, page in enumerate(reader.pages, 1):
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == expected, (kind, number)
        assert not last_line_is_a_heading(page), (kind, number, last_line_is_a_heading(page))
        first = first_line_below_margin(page)
        assert first, (kind, number, "an empty page")
        assert not any(t.startswith(SIGNATURE_STARTS) for t in first), (kind, number, first)
        text = " ".join(unicodedata.normalize("NFC", page.extract_text()).split())
        assert not BAD_DATE.search(text), (kind, number, BAD_DATE.search(text).group(0))
        assert "Huyện" not in text and "huyện" not in text, (kind, number)
        if place and place != place.lower():  # proper nouns keep their case
            assert place.lower() not in text, (kind, number, place)
        if unit_type == "phường" and kind != "patrols":  # a patrol log holds what the teams typed
            assert "Công an xã" not in text and "CÔNG AN XÃ" not in text, (kind, number)
    return reader


COMMUNES = [(1, 2, "xã", "village"), (1, 1, "phường", "residential_group"), (31, 25, "đặc khu", "village")]


@pytest.mark.parametrize("province, seed, unit_type, area_kind", COMMUNES)
def test_every_document_for_every_record_of_a_demo_commune(province, seed, unit_type, area_kind):
    db = demo.generate(None, households_count=120, seed=seed, province_code=province)
    station = get_unit(db)
    assert station.commune_type == unit_type
    assert {r[0] for r in db.conn.execute("SELECT DISTINCT kind FROM areas")} == {area_kind}
    jobs = every_job(db)
    # A commune's chair awards only a giấy khen: a demo may hold no such award (the longest
    # values below print that decision).
    assert set(printouts.DOCUMENT_KINDS) - {job.kind for job in jobs} <= {"commendation_decision"}
    issuer = station.station_name
    assert issuer.startswith(f"Công an {unit_type} ")
    for job in jobs:
        reader = check_document(job.kind, render(job.data).data, unit_type, station.place_name)
        first = " ".join(reader.pages[0].extract_text().split())
        if job.kind in ("pledges", "pledge_form"):
            assert f"Kính gửi: {issuer}" in first
        elif job.kind in ("team_decision", "commendation_decision", "reintegration_decision"):  # the committee's
            assert f"ỦY BAN NHÂN DÂN {unit_type.upper()} {station.place_name.upper()}" in first, first[:200]
        elif job.kind not in ("mediation", "logbook"):  # mediators' papers have no issuer
            assert issuer.upper() in first, (job.kind, first[:200])
        if job.kind == "pledges":  # one household, one page, with its head's name under the signature
            for page, household in zip(reader.pages, job.data.households, strict=False):
                text = " ".join(page.extract_text().split())
                assert text.count("BẢN CAM KẾT") == 1 and "CHỦ HỘ CAM KẾT" in text, household.head_name
                assert text.rstrip().endswith(household.head_name), (household.head_name, text[-80:])
    db.close()


# ---- the longest values the forms accept ------------------------------------------------
def long_text(length: int, word: str = "Nguyễn Thị Phượng") -> str:
    return ((word + " ") * (length // (len(word) + 1) + 1))[:length].strip()


@pytest.fixture
def longest(db):
    """A station whose every printed field holds as much as its form accepts."""
    from storage.records.areas import areas
    from storage.records.households import households
    from storage.records.mediation import MEDIATOR, PARTY, mediation_cases
    from storage.records.patrols import patrols
    from storage.records.people import people
    from storage.records.reviews import reviews
    from storage.records.teams import memberships, teams

    area = areas.create(db, ACTOR, name=long_text(100, "Đông Hạ"), kind="Thôn")
    heads = []
    for index in range(14):
        name = long_text(120 - index, "Nguyễn Thị Phượng Hoàng")
        head = people.create(db, ACTOR, full_name=name, birth_year=1950 + index, cccd=f"0371800012{index:02d}",
                             phone="0912345678", address=long_text(300, "Số 123 ngõ 45"), area_id=area.id,
                             birth_date=f"19{50 + index}-01-0{index % 9 + 1}")
        households.create(db, ACTOR, head_id=head.id, area_id=area.id, address=long_text(300, "Số 123 ngõ 45"))
        heads.append(head)
    team = teams.create(db, ACTOR, name=long_text(200, "Tổ bảo vệ an ninh trật tự"),
                        kind="Tổ bảo vệ an ninh, trật tự", launched_on="2024-07-01", area_ids=[area.id],
                        founding_decision=long_text(200, "Quyết định số 123/QĐ-UBND"))
    mediators = teams.create(db, ACTOR, name=long_text(200, "Tổ hòa giải thôn Đông"), kind="Tổ hòa giải",
                             launched_on="2020-01-01", area_ids=[area.id])
    for head in heads[:6]:
        memberships.create(db, ACTOR, person_id=head.id, team_id=team.id, role="tổ viên", start_on="2024-07-01")
    for day in range(1, 4):
        patrols.create(db, ACTOR, team_id=team.id, patrol_date=f"2026-03-0{day}", start_time="22:00",
                       end_time="02:00", route=long_text(500, "Đường trục thôn"), member_ids=[h.id for h in heads[:6]],
                       findings=long_text(2000, "Phát hiện nhóm thanh niên"), handling=long_text(2000, "Nhắc nhở"))
    big = long_text(20000, "Các tổ hoạt động đều, tuần tra thường xuyên.")
    review = reviews.create(db, ACTOR, kind="tổng kết", title=long_text(2000, "Hội nghị tổng kết"),
                            period_start="2026-01-01", period_end="2026-06-30", started_at="2026-07-05 08:00",
                            ended_at="2026-07-05 11:00", place=long_text(2000, "Hội trường"),
                            chair=long_text(200, "Nguyễn Văn Chính"), secretary=long_text(200, "Lý Thị Thư"),
                            chair_position=long_text(200, "Trưởng Công an"),
                            secretary_position=long_text(200, "Cán bộ phụ trách"),
                            attendees_present=big, attendees_absent=big, agenda=big, strengths=big,
                            weaknesses=big, classification=big, commendation_proposals=big, next_tasks=big)
    people_rows = [{"role": PARTY, "name": long_text(120, "Trần Văn Nam"), "age": 50,
                    "address": long_text(300, "Số 5 thôn Đông")},
                   {"role": PARTY, "name": long_text(120, "Đỗ Thị Lan"), "age": 47},
                   {"role": MEDIATOR, "name": long_text(120, "Hoàng Văn Hòa")},
                   {"role": MEDIATOR, "name": long_text(120, "Lý Thị Mai")}]
    case = mediation_cases.create(db, ACTOR, team_id=mediators.id, received_on="2026-04-01", category="Đất đai",
                                  content=long_text(5000, "Tranh chấp lối đi chung"), people=people_rows,
                                  result="thành", result_on="2026-04-05", agreement=long_text(5000, "Mở lối đi"),
                                  follow_up=long_text(5000, "Thực hiện ngay"), place=long_text(500, "Nhà văn hóa"))
    from storage.records.incidents import surrendered_items, tips

    item = surrendered_items.create(db, ACTOR, received_on="2026-03-02", kind="Pháo", quantity=12.5,
                                    unit=long_text(50, "kg"),
                                    description=long_text(1000, "Pháo nổ tự chế"), from_whom=long_text(200, "Lê Văn"),
                                    area_id=area.id, notes=long_text(2000, "Ghi chú"))
    for day in range(1, 4):
        tips.create(db, ACTOR, received_on=f"2026-03-0{day}", channel="Điện thoại",
                    content=long_text(5000, "Có nhóm người lạ"), informant_name=long_text(200, "Nguyễn Văn"),
                    informant_contact="0912345678", area_id=area.id, outcome=long_text(2000, "Đã xác minh"),
                    valuable=1)
    from storage.records.reviews import commendations

    award = commendations.create(db, ACTOR, target_kind="tổ", target_name=team.name, team_id=team.id, level="UBND xã",
                                 form="Giấy khen", awarded_on="2026-06-30", reason=long_text(5000, "Tuần tra đều"))
    from storage.records.incidents import reintegration_cases

    helped = reintegration_cases.create(db, ACTOR, person_id=heads[0].id, source="served_sentence",
                                        started_on="2026-01-15", helper=long_text(300, "Đoàn thanh niên"),
                                        notes=long_text(2000, "Ghi chú"))
    return {"area": area.id, "team": team.id, "mediators": mediators.id, "review": review.id, "case": case.id,
            "item": item.id, "award": award.id, "helped": helped.id}


def test_every_document_prints_with_the_longest_values(db, longest):
    options = {"pledges": {"area_id": longest["area"], "ceremony_date": "2026-02-05",
                           "place": long_text(300, "Nhà văn hóa thôn Đông")},
               "pledge_form": {"area_id": longest["area"], "place": long_text(300, "Nhà văn hóa thôn Đông")},
               "minutes": {"review_id": longest["review"]}, "mediation": {"case_id": longest["case"]},
               "logbook": {"team_id": longest["mediators"], "period": parse_period("2026")},
               "roster": {"team_id": longest["team"]},
               "patrols": {"team_id": longest["team"], "period": parse_period("2026-Q1")},
               "report": {"period": parse_period("2026")},
               "surrender": {"item_id": longest["item"]}, "tips": {"period": parse_period("2026")},
               "invitation": {"review_id": longest["review"]}, "team_decision": {"team_id": longest["team"]},
               "commendation_proposal": {"commendation_id": longest["award"]},
               "commendation_decision": {"commendation_id": longest["award"]},
               "reintegration_decision": {"reintegration_id": longest["helped"]},
               "ceremony": {"area_id": longest["area"], "place": long_text(300, "Nhà văn hóa thôn Đông")}}
    assert set(options) == set(printouts.DOCUMENT_KINDS)
    for kind, values in options.items():
        job = printouts.gather(db, ACTOR, kind, **values)
        reader = check_document(kind, render(job.data).data, "xã")
        if kind == "pledges":
            # One page per household, then the sign-in sheet: the long names did not
            # push any pledge onto a second page.
            texts = [page.extract_text() for page in reader.pages]
            assert sum("BẢN CAM KẾT" in t for t in texts) == 14
            assert all("CHỦ HỘ CAM KẾT" in t for t in texts[:14])


def test_a_long_signer_name_stays_inside_its_column(db, longest):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from printing import fonts

    fonts.register()
    job = printouts.gather(db, ACTOR, "pledges", area_id=longest["area"], ceremony_date="2026-02-05")
    reader = PdfReader(io.BytesIO(render(job.data).data))
    right_edge = float(reader.pages[0].mediabox.width) - 15 * MM
    ends = []
    for page in reader.pages[:14]:
        def visit(text, cm, tm, font, size):
            if text.strip():
                face = fonts.NAMES["bold" if "Bold" in str(font.get("/BaseFont", "")) else "regular"]
                ends.append((tm[4] * cm[0] + cm[4] + stringWidth(text.rstrip(), face, size * tm[0] * cm[0]),
                             text))

        page.extract_text(visitor_text=visit)
    widest = max(ends)
    assert widest[0] <= right_edge + 3, widest  # justified lines measure a point or two wide


def test_the_sweep_checks_can_fail():
    """The checks above catch what they look for: a heading left at the foot of a page
    (placed without OfficialDocument.section) and a signature block alone on a page
    (placed without keep_with_previous)."""
    from reportlab.platypus import PageBreak, Paragraph

    from printing.layout import OfficialDocument

    document = OfficialDocument("Thử")
    document.start_document(new_page=False)
    for _ in range(30):  # the page nearly full: the heading fits as its last line
        document.story.append(document.paragraph("Dòng nội dung để lấp trang.", "body_left"))
    document.story.append(Paragraph("3. Ưu điểm", document.styles["heading"]))
    document.story.append(PageBreak())
    document.story.append(document.paragraph("Nội dung sau.", "body_left"))
    reader = PdfReader(io.BytesIO(document.render().data))
    assert last_line_is_a_heading(reader.pages[0]) == "3. Ưu điểm"
    assert last_line_is_a_heading(reader.pages[1]) == ""
    document = OfficialDocument("Thử")
    document.start_document(new_page=False)
    document.body("Nội dung.")
    document.story.append(PageBreak())
    document.story.append(document.paragraph("THƯ KÝ", "sign_title"))
    reader = PdfReader(io.BytesIO(document.render().data))
    with pytest.raises(AssertionError):
        check_document("minutes", document.render().data, "xã")
    assert first_line_below_margin(reader.pages[1]) == ["THƯ KÝ"]
