"""An official's review of the printed documents (issue 10): what a commune police chief
signing them, and the provincial clerk receiving them, would have had to correct by hand.
Each test renders a document and reads its exact Vietnamese lines back with pypdf."""

from __future__ import annotations

import io
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.lib.enums import TA_LEFT
from reportlab.platypus import Paragraph

from printing.layout import OfficialDocument
from printing.render import render
from storage.documents.data import (
    CommendationData,
    Letterhead,
    LogbookData,
    LogbookRow,
    LogbookSummaryRow,
    PledgeBatch,
    PledgeHousehold,
    ReintegrationDecisionData,
    ReportData,
    RosterMember,
    RosterTeam,
    Signer,
    SurrenderData,
    TeamDecisionData,
    TipBookData,
    TipRow,
)
from storage.records.pledges import DEFAULT_BODY, DEFAULT_TITLE


def lines_of(data: bytes) -> list[list[str]]:
    """Each page's text lines as laid out (a paragraph's line breaks kept), spaces and
    no-break spaces made one space."""
    reader = PdfReader(io.BytesIO(data))
    pages = []
    for page in reader.pages:
        text = unicodedata.normalize("NFC", page.extract_text()).replace("\xa0", " ")
        pages.append([" ".join(line.split()) for line in text.split("\n") if line.strip()])
    return pages


def all_lines(data: bytes) -> list[str]:
    return [line for page in lines_of(data) for line in page]


def head(level: str, name: str, on: date | None = date(2026, 2, 5), signer: Signer | None = None) -> Letterhead:
    parent = "Công an tỉnh Lào Cai"
    return Letterhead(parent, f"Công an {level} {name}", name, on, "01/BB-CAX", "", None, level, signer)


def batch(level: str, name: str, area: str, confirmer: str) -> PledgeBatch:
    home = PledgeHousehold("Nguyễn Thanh An", "1948", "015048804627", "••••••••4627",
                           f"Số 244, {area}", area, 5)
    return PledgeBatch(head(level, name), DEFAULT_TITLE, DEFAULT_BODY, area[:1].upper() + area[1:],
                       f"{level} {name}", date(2026, 2, 5), f"Nhà văn hóa {area}", [home], confirmer)


def test_pledge_date_stays_on_one_line_over_the_heads_signature():
    lines = lines_of(render(batch("xã", "Mường Khương", "thôn Gò Mít", "Trưởng thôn")).data)
    assert "Mường Khương, ngày 05 tháng 02 năm 2026" in lines[0]
    assert "2026" not in lines[0][-4:]  # no year left alone under the date


def test_pledge_of_a_ward_names_the_confirmer_without_splitting_to_dan_pho():
    pages = lines_of(render(batch("phường", "An Tường", "tổ dân phố An Lạc", "Tổ trưởng tổ dân phố")).data)
    for page in pages:  # the pledge, then the sign-in sheet
        assert "TỔ TRƯỞNG TỔ DÂN PHỐ" in page, page
        assert "DÂN PHỐ" not in page


def test_letterhead_keeps_the_communes_name_on_one_line():
    lines = lines_of(render(batch("xã", "Mường Khương", "thôn Gò Mít", "Trưởng thôn")).data)[-1]
    assert "CÔNG AN XÃ MƯỜNG KHƯƠNG" in lines
    assert "KHƯƠNG" not in lines


def committee_decision(level: str, name: str) -> TeamDecisionData:
    members = [RosterMember("tổ trưởng", "Nguyễn Minh Bình", "21/10/1977", "nam", "Số 44, tổ dân phố Thanh Bình",
                            "", "29/08/2023")]
    team = RosterTeam("Tổ bảo vệ ANTT tổ dân phố Thanh Bình", "Tổ bảo vệ an ninh, trật tự",
                      "Tổ dân phố Thanh Bình", "29/08/2023", "", members)
    return TeamDecisionData(f"Ủy ban nhân dân {level} {name}", f"Chủ tịch Ủy ban nhân dân {level} {name}", name,
                            date(2026, 2, 5), team, f"Công an {level} {name}", reorganise=True)


def test_committee_letterhead_breaks_before_the_wards_name():
    lines = all_lines(render(committee_decision("phường", "An Tường")).data)
    assert "ỦY BAN NHÂN DÂN" in lines and "PHƯỜNG AN TƯỜNG" in lines
    assert "AN TƯỜNG" not in lines


def test_team_decision_writes_the_area_in_lower_case_mid_sentence():
    data = committee_decision("phường", "An Tường")
    data.team.name = "Tổ bảo vệ ANTT số 1"
    text = " ".join(all_lines(render(data).data))
    assert "Tổ bảo vệ ANTT số 1 tại tổ dân phố Thanh Bình, gồm 1 thành viên" in text
    assert "tại Tổ dân phố" not in text


def test_team_decision_does_not_repeat_an_area_the_teams_name_gives():
    text = " ".join(all_lines(render(committee_decision("phường", "An Tường")).data))
    assert "Kiện toàn Tổ bảo vệ ANTT tổ dân phố Thanh Bình, gồm 1 thành viên" in text
    assert text.count("tổ dân phố Thanh Bình tại") == 0


def test_report_title_keeps_the_period_together():
    data = ReportData(head("xã", "Mường Khương", date(2026, 11, 26)), "6 tháng đầu năm 2026",
                      "6 tháng đầu năm 2025", [("Số ca tuần tra", "181", "183")],
                      recipients=["Công an tỉnh Lào Cai", "Đảng ủy, UBND xã", "Lưu: VT"])
    lines = all_lines(render(data).data)
    assert "6 tháng đầu năm 2026" in lines or any(line.endswith("Tổ quốc 6 tháng đầu năm 2026") for line in lines)
    assert "2026" not in lines and "năm 2026" not in lines


def commendation(target: str, kind: str, reason: str) -> CommendationData:
    return CommendationData(head("phường", "An Tường"), "Ủy ban nhân dân phường An Tường",
                            "Chủ tịch Ủy ban nhân dân phường An Tường", target, kind, "Giấy khen", reason,
                            decision=True)


def test_commendation_decision_names_a_team_once_and_its_merit_plainly():
    data = commendation("Tổ hòa giải tổ dân phố Thống Nhất", "tổ",
                        "Có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc")
    text = " ".join(all_lines(render(data).data))
    assert "tổ Tổ" not in text
    assert ("cho Tổ hòa giải tổ dân phố Thống Nhất đã có thành tích xuất sắc trong phong trào toàn dân bảo vệ "
            "an ninh Tổ quốc.") in text
    person = commendation("Vũ Minh Giang", "cá nhân", "Tích cực tham gia tuần tra, cung cấp tin có giá trị")
    text = " ".join(all_lines(render(person).data))
    assert "cho cá nhân Vũ Minh Giang đã có thành tích tích cực tham gia tuần tra, cung cấp tin có giá trị." in text
    assert "thành tích: " not in text


def test_reintegration_decision_says_what_the_person_served():
    data = ReintegrationDecisionData("Ủy ban nhân dân phường An Tường", "Chủ tịch Ủy ban nhân dân phường An Tường",
                                     "An Tường", "Công an phường An Tường", "Lê Xuân Trung", "19/01/2000",
                                     "Số 129, tổ dân phố Thanh Bình", "giáo dục tại xã, phường", "04/06/2024", "")
    text = " ".join(all_lines(render(data).data))
    assert "người giáo dục tại" not in text and "thuộc diện giáo dục" not in text
    assert "chấp hành xong biện pháp giáo dục tại xã, phường" in text


def test_logbook_has_the_ministry_of_justice_headings_and_no_closing_date_ahead():
    row = LogbookRow(1, "27/03/2026", "Huỳnh Thị An", "Phùng Minh Hiếu, 53 tuổi, tổ dân phố An Lạc",
                     "Mâu thuẫn do vật nuôi phá hoại hoa màu", "Hai bên thống nhất", True, False, "")
    data = LogbookData("Tuyên Quang", "", "Phường An Tường", "An Lạc", "Tổ hòa giải tổ dân phố An Lạc", "năm 2026",
                       "01/01/2026", "", [row], [LogbookSummaryRow(1, "Huỳnh Thị An", 1, 1, 0, "")],
                       [("Khác", 1, 1, 0, 0)])
    text = " ".join(all_lines(render(data).data))
    for heading in ("PHẦN I. GHI CHÉP CỦA HÒA GIẢI VIÊN",
                    "PHẦN II. THEO DÕI, TỔNG HỢP CỦA TỔ TRƯỞNG TỔ HÒA GIẢI",
                    "Ngày, tháng, năm nhận vụ, việc hòa giải", "Nội dung chủ yếu của vụ, việc",
                    "Kết quả hòa giải", "Hòa giải thành", "Hòa giải không thành",
                    "Mở ngày 01 tháng 01 năm 2026", "Khóa ngày …… tháng …… năm ……"):
        assert heading in text, heading
    assert "Nội dung chính" not in text and "31/12/2026" not in text


def test_surrender_minutes_name_the_receiving_unit_once():
    data = SurrenderData(head("phường", "An Tường", date(2025, 5, 26)), date(2025, 5, 26), "Lê Đức Cường",
                         "tổ dân phố An Lạc", [("Vật liệu nổ", "2", "kg", "")])
    text = " ".join(all_lines(render(data).data))
    assert "Đại diện Công an phường An Tường: ông (bà)" in text
    assert "Đại diện: Công an" not in text


def test_tip_book_is_signed_as_the_settings_say():
    signer = Signer(["KT. Trưởng Công an phường", "Phó Trưởng Công an phường"], "Trần Văn Bình")
    data = TipBookData(head("phường", "An Tường", date(2026, 11, 26), signer), "năm 2026",
                       [TipRow(1, "11/03/2026", "Mạng xã hội", "Nguyễn Thị Lan", "Người lạ tạm trú", "Tổ dân phố Thanh Bình",
                               "", False)])
    lines = all_lines(render(data).data)
    assert "KT. TRƯỞNG CÔNG AN PHƯỜNG" in lines and "PHÓ TRƯỞNG CÔNG AN PHƯỜNG" in lines
    assert "Trần Văn Bình" in lines


def test_a_logbook_of_the_running_year_is_not_closed_yet(db):
    from storage.documents import gather as printouts
    from storage.query.periods import parse_period
    from storage.records.teams import teams
    from tests.conftest import ACTOR

    team = teams.create(db, ACTOR, name="Tổ hòa giải thôn Đông", kind="Tổ hòa giải", launched_on="2020-01-01")
    year = date.today().year
    running = printouts.gather(db, ACTOR, "logbook", team_id=team.id, period=parse_period(str(year))).data
    assert (running.opened_on, running.closed_on) == (f"01/01/{year}", "")
    text = " ".join(all_lines(render(running).data))
    assert f"Mở ngày 01 tháng 01 năm {year}" in text and "Khóa ngày …… tháng …… năm ……" in text
    past = printouts.gather(db, ACTOR, "logbook", team_id=team.id, period=parse_period(str(year - 1))).data
    assert past.closed_on == f"31/12/{year - 1}"
    assert f"Khóa ngày 31 tháng 12 năm {year - 1}" in " ".join(all_lines(render(past).data))


def test_a_stations_own_result_is_named_by_its_level(empty_db):
    from storage.documents import gather as printouts
    from storage.query.periods import parse_period
    from storage.records import unit
    from tests.conftest import ACTOR

    unit.initialise(empty_db, ACTOR, role="station", province="Hà Nội", commune="Tương Mai")
    job = printouts.gather(empty_db, ACTOR, "report", period=parse_period("2026"))
    labels = [label for label, *_values in job.data.rows]
    assert "Phường đạt tiêu chuẩn “an toàn về ANTT”" in labels
    assert not any(label.startswith("Xã, phường") for label in labels)
    assert "Phường đạt tiêu chuẩn “an toàn về ANTT”" in " ".join(all_lines(render(job.data).data))


def test_blank_pledge_form_sets_its_dotted_lines_left():
    form = batch("đặc khu", "Vân Đồn", "thôn Hòa Bình", "Trưởng thôn")
    form.households, form.ceremony_date = [], None
    document = OfficialDocument("Bản cam kết (mẫu để trống)")
    from printing.pledges import _pledge_page

    _pledge_page(document, form, PledgeHousehold("", "", "", "", "", "", 0), "body", blank=True)
    dotted = [f for f in document.story if isinstance(f, Paragraph) and "…" in f.text]
    assert dotted and all(f.style.alignment == TA_LEFT for f in dotted)
    lines = all_lines(render(form).data)
    assert "Vân Đồn, ngày ..... tháng ..... năm ........" in lines
    assert not any(line.endswith("đặc") for line in lines)  # "đặc khu" never split


def test_roster_cells_begin_with_a_capital():
    from storage.documents.data import RosterData

    team = committee_decision("phường", "An Tường").team
    text = " ".join(all_lines(render(RosterData(head("phường", "An Tường"), [team])).data))
    assert "21/10/1977 Nam Tổ trưởng Số 44" in text
    assert "Tổ trưởng" in " ".join(all_lines(render(committee_decision("phường", "An Tường")).data))


def test_mediation_minutes_name_no_empty_category():
    from storage.documents.data import MediationMinutesData

    data = MediationMinutesData(head("đặc khu", "Vân Đồn", date(2026, 5, 30)), "Tổ hòa giải thôn Cây Đa",
                                date(2026, 5, 30), "Nhà văn hóa thôn Cây Đa", "Khác", "Tranh chấp lối đi",
                                [{"name": "Trần Văn Nam", "age": 50, "address": "thôn Cây Đa"}], [],
                                [{"name": "Hoàng Văn Hòa"}], [], "thành", "", "",
                                [{"held_on": "2026-05-30", "place": "Nhà văn hóa thôn Cây Đa", "notes": ""}])
    lines = all_lines(render(data).data)
    assert "BIÊN BẢN HÒA GIẢI THÀNH" in lines and "Vụ việc: khác" not in lines
    assert "- Ngày 30/05/2026 tại Nhà văn hóa thôn Cây Đa:" in lines  # its course: a line to fill in
    assert "TỔ HÒA GIẢI THÔN CÂY ĐA" in lines  # the team's name on one line


def test_consolidated_report_says_how_many_stations_it_covers():
    from storage.documents.data import ConsolidatedData

    province = Letterhead("Bộ Công an", "Công an tỉnh Quảng Ninh", "Quảng Ninh", date(2026, 11, 26), "01/BC-CAT",
                          "", None, "tỉnh", Signer(["Giám đốc"]))
    data = ConsolidatedData(province, "6 tháng đầu năm 2026", [("Số ca tuần tra", "322")],
                            [("Công an phường Đông Mai", ["17", "89"]), ("Công an đặc khu Vân Đồn", ["17", "80"])],
                            ["Số tổ", "Thành viên"], ["Xã Ba Chẽ", "Đặc khu Cô Tô", "Phường Hạ Long"],
                            ["Bộ Công an", "Lưu: VT"])
    lines = all_lines(render(data).data)
    assert "Tổng hợp từ 2/5 đơn vị Công an cấp xã đã gửi số liệu." in lines
    assert "6 tháng đầu năm 2026" in lines  # the period whole under the title


def test_tip_book_of_a_ward_is_signed_as_its_other_documents(empty_db):
    from storage.documents import gather as printouts
    from storage.query.periods import parse_period
    from storage.records import unit
    from tests.conftest import ACTOR

    unit.initialise(empty_db, ACTOR, role="station", province="Hà Nội", commune="Tương Mai")
    job = printouts.gather(empty_db, ACTOR, "tips", period=parse_period("2026"))
    lines = all_lines(render(job.data).data)
    assert "TRƯỞNG CÔNG AN PHƯỜNG" in lines and "TRƯỞNG CÔNG AN PHƯỜNG TƯƠNG MAI" not in lines


def test_evaluation_proposal_of_a_ward_speaks_of_the_ward(empty_db):
    from storage.documents.evaluation_gather import proposal
    from storage.records import unit
    from tests.conftest import ACTOR

    unit.initialise(empty_db, ACTOR, role="station", province="Hà Nội", commune="Tương Mai")
    data = proposal(empty_db, 2026, date(2026, 11, 26))
    from printing.evaluation_sheets import render_proposal

    text = " ".join(all_lines(render_proposal(data).data))
    assert "Kết quả của phường theo Điều 5 Thông tư 124/2021/TT-BCA" in text
    assert "của xã" not in text


def test_decisions_cite_the_laws_by_their_date(empty_db):
    from storage.documents import gather as printouts
    from storage.records import unit
    from storage.records.reviews import commendations
    from storage.records.teams import teams
    from tests.conftest import ACTOR

    unit.initialise(empty_db, ACTOR, role="station", province="Hà Nội", commune="Tương Mai")
    team = teams.create(empty_db, ACTOR, name="Tổ hòa giải tổ dân phố Gò Mít", kind="Tổ hòa giải",
                        launched_on="2024-07-01")
    lines = all_lines(render(printouts.gather(empty_db, ACTOR, "team_decision", team_id=team.id).data).data)
    assert "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;" in lines
    award = commendations.create(empty_db, ACTOR, target_kind="tổ", target_name=team.name, team_id=team.id,
                                 level="UBND xã", form="Giấy khen", awarded_on="2026-06-30",
                                 reason="Có thành tích xuất sắc trong công tác hòa giải")
    decision = printouts.gather(empty_db, ACTOR, "commendation_decision", commendation_id=award.id).data
    text = " ".join(all_lines(render(decision).data))
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text
    assert ("cho Tổ hòa giải tổ dân phố Gò Mít đã có thành tích xuất sắc trong công tác hòa giải.") in text


def test_evaluation_sheets_of_a_ward_speak_of_the_ward(empty_db):
    from printing.evaluation_sheets import render_proposal, render_score_sheet
    from storage.documents.evaluation_gather import proposal, score_sheet
    from storage.records import unit
    from tests.conftest import ACTOR

    unit.initialise(empty_db, ACTOR, role="station", province="Hà Nội", commune="Tương Mai")
    sheet = " ".join(all_lines(render_score_sheet(score_sheet(empty_db, 2026, on=date(2026, 11, 26))).data))
    assert "Công an xã" not in sheet and "Công an phường tham mưu tốt" in sheet
    assert "Nghị quyết của Đảng ủy, kế hoạch của Ủy ban nhân dân" in sheet and "đảng ủy" not in sheet
    lines = all_lines(render_proposal(proposal(empty_db, 2026, date(2026, 11, 26))).data)
    assert "Kính gửi: Ủy ban nhân dân phường Tương Mai" in lines


def test_roster_keeps_a_members_full_name_on_one_line():
    from storage.documents.data import RosterData

    team = committee_decision("phường", "An Tường").team
    team.members[0].name = "Nguyễn Minh Bình"
    lines = all_lines(render(RosterData(head("phường", "An Tường"), [team])).data)
    assert "Nguyễn Minh Bình" in lines and "Nguyễn Minh" not in lines  # the cell on one line


def test_team_decision_without_members_leaves_them_to_be_written_in():
    data = committee_decision("xã", "Giao Hưng")
    data.team.members.clear()
    lines = all_lines(render(data).data)
    text = " ".join(lines)
    assert "gồm các thành viên có tên sau:" in text
    assert "gồm 0 thành viên" not in text
    assert "…………………" in lines and "…" not in lines


def test_proposal_keeps_a_subjects_kind_on_one_line():
    from printing.evaluation_sheets import render_proposal
    from storage import demo
    from storage.documents.evaluation_gather import proposal

    db = demo.generate(None, households_count=60, seed=7, province_code=None)
    lines = all_lines(render_proposal(proposal(db, 2026, date(2026, 11, 26))).data)
    db.close()
    assert "Khu dân cư" in lines and "Doanh nghiệp" in lines
    assert "Khu dân" not in lines and "Doanh" not in lines


def test_no_page_holds_a_lone_row_of_a_table():
    """Wherever the page ends, a table of several rows never leaves one row alone on the
    next page nor one row alone under its header at the foot of a page (the report's
    detail table left "Thôn Đoài" alone on page 2)."""
    rows = [[f"{i:02d}", f"Dòng số {i:02d}", str(i * 3)] for i in range(1, 9)]
    alone = []
    for filler in range(22, 46):
        document = OfficialDocument("Bảng thử")
        document.start_document(new_page=False)
        for line in range(filler):
            document.body(f"Đoạn văn số {line + 1} đứng trước bảng.")
        document.table(["STT", "Nội dung", "Số"], rows, [10, 60, 20])
        document.body("Đoạn văn sau bảng.")
        for page in lines_of(document.render().data):
            count = sum(1 for line in page if "Dòng số" in line)
            if count == 1:
                alone.append((filler, page))
    assert alone == []


@pytest.mark.parametrize("cases", range(3, 13))
def test_a_logbook_of_many_cases_prints_over_several_pages(cases):
    """A team with 5 or more cases in the period could not print its logbook: a table
    split twice met rows not measured yet (a TypeError on None heights)."""
    rows = [LogbookRow(i, f"{i:02d}/03/2026", "Huỳnh Thị An, Mai Thu Châu",
                       f"Phùng Minh Hiếu, 53 tuổi, và Lê Văn Nam, 47 tuổi, tổ dân phố An Lạc (vụ {i})",
                       "Mâu thuẫn do vật nuôi phá hoại hoa màu, hai gia đình lời qua tiếng lại nhiều lần",
                       "Hai bên thống nhất bồi thường và cam kết quản lý vật nuôi", i % 3 != 0, i % 3 == 0, "")
            for i in range(1, cases + 1)]
    data = LogbookData("Quảng Ninh", "", "Đặc khu Vân Đồn", "Hòa Bình", "Tổ hòa giải thôn Hòa Bình",
                       "từ 01/01/2024 đến 31/12/2026", "01/01/2024", "", rows,
                       [LogbookSummaryRow(1, "Huỳnh Thị An", cases, cases - cases // 3, cases // 3, "")],
                       [("Khác", cases, cases - cases // 3, cases // 3, 0)])
    pages = lines_of(render(data).data)
    text = " ".join(line for page in pages for line in page)
    assert all(f"(vụ {i})" in text for i in range(1, cases + 1))
