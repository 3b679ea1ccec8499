"""Issue 10, "right for the unit" and "kept together" in detail: the unit's level in
every wording, signers per document from settings (head, or a deputy signing for the
head; GIÁM ĐỐC at the province), Nơi nhận punctuation, the comparison column, the
pledge's date over the head's signature, sign-in rows tall enough to sign, the blank
pledge form, and table headings never broken inside a word."""

from __future__ import annotations

import io
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader

from printing.render import render
from storage.db.connection import open_database
from storage.documents import gather as printouts
from storage.documents import wording
from storage.documents.data import ConsolidatedData
from storage.query.periods import parse_period
from storage.records import unit
from storage.records.areas import areas
from storage.records.households import households
from storage.records.people import people
from storage.records.teams import teams
from tests.conftest import ACTOR

MM = 72 / 25.4


def text_of(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [" ".join(unicodedata.normalize("NFC", page.extract_text()).split()) for page in reader.pages]


@pytest.fixture
def ward():
    """A phường station (Tương Mai, Hà Nội) with one tổ dân phố of two households."""
    db = open_database(None)
    unit.initialise(db, ACTOR, role="station", province="Hà Nội", commune="Tương Mai")
    group = areas.create(db, ACTOR, name="Gò Mít", kind="Tổ dân phố")
    for name in ("Nguyễn Văn Chiến", "Phạm Thị Lợi"):
        head = people.create(db, ACTOR, full_name=name, area_id=group.id, birth_year=1970, phone="0912345678")
        households.create(db, ACTOR, head_id=head.id, area_id=group.id, address="Số 5 ngõ 12")
    team = teams.create(db, ACTOR, name="Tổ bảo vệ ANTT tổ dân phố Gò Mít", kind="Tổ bảo vệ an ninh, trật tự",
                        launched_on="2024-07-01", area_ids=[group.id])
    yield db, group, team
    db.close()


def test_a_ward_report_speaks_of_the_ward_and_its_head_signs(ward):
    db, _group, _team = ward
    station = unit.get_unit(db)
    assert (station.commune_type, station.station_name) == ("phường", "Công an phường Tương Mai")
    job = printouts.gather(db, ACTOR, "report", period=parse_period("2026"))
    assert job.data.recipients == [station.superior_unit or station.parent_body, "Đảng ủy, UBND phường", "Lưu: VT"]
    assert job.data.comparison == "Cùng kỳ năm trước"
    text = " ".join(text_of(render(job.data).data))
    assert "CÔNG AN PHƯỜNG TƯƠNG MAI" in text and "TRƯỞNG CÔNG AN PHƯỜNG" in text
    assert "Cùng kỳ năm trước" in text and "so sánh với cùng kỳ năm trước (năm 2025)" in text
    assert "Kỳ trước" not in text and "Công an xã" not in text and "UBND xã" not in text
    # Nghị định 30: each item of Nơi nhận ends with ";", the last with ".".
    assert "- Đảng ủy, UBND phường;" in text and "- Lưu: VT." in text


def test_a_deputy_signs_for_the_head_when_settings_say_so(ward):
    db, _group, team = ward
    wording.set_signers(db, ACTOR, {"report": {"mode": "deputy", "name": "Lê Văn Phó"}})
    assert wording.signer_settings(db) == {"report": {"mode": "deputy", "name": "Lê Văn Phó"},
                                           "roster": {"mode": "head", "name": ""}}
    report = " ".join(text_of(render(printouts.gather(db, ACTOR, "report", period=parse_period("2026")).data).data))
    assert "KT. TRƯỞNG CÔNG AN PHÓ TRƯỞNG CÔNG AN" in report and "Lê Văn Phó" in report
    roster = " ".join(text_of(render(printouts.gather(db, ACTOR, "roster", team_id=team.id).data).data))
    assert "TRƯỞNG CÔNG AN PHƯỜNG" in roster and "KT." not in roster
    with pytest.raises(Exception) as refused:
        wording.set_signers(db, ACTOR, {"report": {"mode": "thay"}, "nonsense": {}})
    assert set(refused.value.errors) == {"report", "nonsense"}
    assert db.conn.execute("SELECT count(*) FROM audit_log WHERE record_uuid = 'signers'").fetchone()[0] == 1


def test_the_province_signs_as_giam_doc(tmp_path):
    db = open_database(None)
    unit.initialise(db, ACTOR, role="aggregator", province=22)
    head = printouts.letterhead(db, date(2026, 7, 1), "report", "consolidated:2026-H1", signed_as="report")
    assert head.signer.titles == ["GIÁM ĐỐC"] and head.level == "tỉnh"
    wording.set_signers(db, ACTOR, {"report": {"mode": "deputy", "name": "Trần Phó Giám"}})
    head = printouts.letterhead(db, date(2026, 7, 1), "report", "consolidated:2026-H1", signed_as="report")
    data = ConsolidatedData(head, "6 tháng đầu năm 2026", [("Tổng số hộ gia đình", "1.200")],
                            [("Công an xã Quảng Tân", ["3"])], ["Số tổ"], [], ["Bộ Công an", "Lưu: VT"])
    text = " ".join(text_of(render(data).data))
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in text and "Trần Phó Giám" in text and "THỦ TRƯỞNG" not in text
    assert "- Bộ Công an; - Lưu: VT." in text
    db.close()


def test_pledge_date_is_centred_over_the_head_and_rows_have_room_to_sign(ward):
    db, group, _team = ward
    job = printouts.gather(db, ACTOR, "pledges", area_id=group.id, ceremony_date="2026-02-05",
                           place="Nhà văn hóa tổ dân phố Gò Mít")
    data = render(job.data).data
    reader = PdfReader(io.BytesIO(data))
    frame_width = float(reader.pages[0].mediabox.width) - 45 * MM
    pieces = _pieces(reader.pages[0])  # the signature titles are one form: frame coordinates
    dated = next(p for p in pieces if p[0].startswith("Tương Mai, ngày 05 tháng 02 năm 2026"))
    signer = next(p for p in pieces if p[0] == "CHỦ HỘ CAM KẾT")
    assert dated[2] > signer[2]  # above the head's title …
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from printing import fonts

    centre = lambda piece, face: piece[1] + stringWidth(piece[0], fonts.NAMES[face], 13) / 2  # noqa: E731
    assert centre(dated, "italic") == pytest.approx(frame_width * 3 / 4, abs=3)  # … and centred over it
    assert centre(signer, "bold") == pytest.approx(frame_width * 3 / 4, abs=3)
    pages = text_of(data)
    assert "XÁC NHẬN CỦA TỔ TRƯỞNG TỔ DÂN PHỐ" in pages[0]
    sheet = pages[-1]
    assert "STT Họ và tên chủ hộ Năm sinh Địa chỉ Số CCCD Ngày ký Chữ ký" in sheet
    assert "tại Nhà văn hóa tổ dân phố Gò Mít" in sheet  # the place as typed
    rows = sorted({round(p[2]) for p in _pieces(reader.pages[-1]) if p[0] in ("1", "2")}, reverse=True)
    assert len(rows) == 2 and rows[0] - rows[1] >= 12 * MM - 0.5


def _pieces(page):
    found = []
    page.extract_text(visitor_text=lambda t, cm, tm, f, s: found.append((t.strip(), cm[4] + tm[4], cm[5] + tm[5]))
                      if t.strip() else None)
    return found


def test_the_blank_pledge_form_prints_dotted_lines_and_takes_nothing(ward, tmp_path):
    db, group, _team = ward
    job = printouts.gather(db, ACTOR, "pledge_form", area_id=group.id)
    assert not job.writes
    pages = text_of(render(job.data).data)
    assert len(pages) == 1
    assert "Tôi là: …………………………………………, sinh năm: …………, số CCCD: ………………………………." in pages[0]
    assert "Kính gửi: Công an phường Tương Mai" in pages[0]
    assert "XÁC NHẬN CỦA TỔ TRƯỞNG TỔ DÂN PHỐ" in pages[0]
    assert "Tương Mai, ngày ..... tháng ..... năm ........" in pages[0]
    assert "cho Công an phường Tương Mai." in pages[0]
    assert db["pledges"].count == 0


def test_the_blank_pledge_form_from_the_command_line(db_path, tmp_path, capsys):
    from cli import main

    out = tmp_path / "de-trong.pdf"
    assert main(["print", "pledge-form", "--db", str(db_path), "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"Đã ghi 1 trang vào {out}."
    assert "XÁC NHẬN CỦA TRƯỞNG THÔN" in text_of(out.read_bytes())[0]


def test_headings_dates_and_phone_numbers_never_break_inside(ward):
    from printing.layout import fit_columns
    from printing.styles import build_styles

    styles = build_styles()
    widths = fit_columns(700, [4, 9, 12, 19, 16, 15, 6, 7, 6, 6],
                         ["STT", "Ngày nhận vụ việc", "Hòa giải viên", "Họ tên", "Nội dung", "Thỏa thuận",
                          "Thành", "Không thành", "Ký tên", "Ghi chú"],
                         [["1", "05/02/2026", "", "", "", "", "x", "", "", ""]], styles["cell_head_small"],
                         styles["cell"])
    from reportlab.pdfbase.pdfmetrics import stringWidth

    head = styles["cell_head_small"]
    assert widths[0] >= stringWidth("STT", head.fontName, head.fontSize) + 12
    assert widths[6] >= stringWidth("Thành", head.fontName, head.fontSize) + 12
    assert sum(widths) == pytest.approx(700)
    db, _group, team = ward
    pages = text_of(render(printouts.gather(db, ACTOR, "roster", team_id=team.id).data).data)
    assert "STT Họ và tên Ngày sinh Giới tính Chức danh Địa chỉ Điện thoại Ngày tham gia" in pages[0]


def test_minutes_follow_the_decree_and_leave_what_was_not_said_blank(ward):
    from storage.records.reviews import reviews

    db, _group, _team = ward
    review = reviews.create(db, ACTOR, kind="sơ kết", title="Hội nghị sơ kết 6 tháng đầu năm 2026",
                            period_start="2026-01-01", period_end="2026-06-30", started_at="2026-02-05 08:00",
                            ended_at="2026-02-05 11:00", place="Hội trường UBND phường Tương Mai",
                            chair="Đỗ Văn Chính", chair_position="Trưởng Công an phường", secretary="Lý Thị Thư",
                            secretary_position="cán bộ",
                            strengths="Các tổ hoạt động đều")
    text = " ".join(text_of(render(printouts.gather(db, ACTOR, "minutes", review_id=review.id).data).data))
    for line in ("Thời gian bắt đầu: 08 giờ 00 phút, ngày 05 tháng 02 năm 2026.",
                 "Địa điểm: Hội trường UBND phường Tương Mai", "Chủ trì: Ông/Bà Đỗ Văn Chính — chức vụ: Trưởng Công an phường",
                 "Thư ký: Ông/Bà Lý Thị Thư — chức vụ: cán bộ", "3. Ưu điểm Các tổ hoạt động đều", "4. Hạn chế ……",
                 "Ý kiến thảo luận ……", "Kết luận của người chủ trì ……",
                 "Cuộc họp kết thúc hồi 11 giờ 00 phút cùng ngày.", "Nơi nhận:", "- Đảng ủy, UBND phường;",
                 "- Lưu: hồ sơ phong trào.", "THƯ KÝ", "CHỦ TRÌ"):
        assert line in text, line
    assert "Không có." not in text


def test_mediation_minutes_carry_what_article_24_asks_and_invent_nothing(ward):
    from storage.records.mediation import MEDIATOR, PARTY, mediation_cases

    db, _group, _team = ward
    mediators = teams.create(db, ACTOR, name="Tổ hòa giải tổ dân phố Gò Mít", kind="Tổ hòa giải",
                             launched_on="2020-01-01")
    case = mediation_cases.create(
        db, ACTOR, team_id=mediators.id, received_on="2026-04-01", category="Đất đai",
        content="Tranh chấp lối đi chung", result="thành", result_on="2026-04-05", agreement="Mở lối đi rộng 2 m",
        people=[{"role": PARTY, "name": "Trần Văn Nam", "age": 50}, {"role": PARTY, "name": "Đỗ Thị Lan"},
                {"role": MEDIATOR, "name": "Hoàng Văn Hòa"}],
        sessions=[{"held_on": "2026-04-03", "place": "Nhà văn hóa tổ dân phố Gò Mít",
                   "notes": "Hai bên trình bày ý kiến"}])
    text = " ".join(text_of(render(printouts.gather(db, ACTOR, "mediation", case_id=case.id).data).data))
    for line in ("TỔ HÒA GIẢI TỔ DÂN PHỐ GÒ MÍT", "BIÊN BẢN HÒA GIẢI THÀNH", "Vụ việc: đất đai",
                 "1. Căn cứ tiến hành hòa giải Tổ hòa giải tiếp nhận vụ việc ngày 01/04/2026",
                 "3. Nội dung chủ yếu của vụ việc Tranh chấp lối đi chung",
                 "4. Diễn biến của quá trình hòa giải - Ngày 03/04/2026 tại Nhà văn hóa tổ dân phố Gò Mít: "
                 "Hai bên trình bày ý kiến",
                 "5. Thỏa thuận đạt được và giải pháp thực hiện Mở lối đi rộng 2 m",
                 "6. Phương thức, thời hạn thực hiện thỏa thuận ……", "BÊN 1", "BÊN 2", "HÒA GIẢI VIÊN",
                 "(Ký hoặc điểm chỉ)"):
        assert line in text, line
    assert "tự nguyện thực hiện ngay" not in text


def test_logbook_part_two_counts_cases_by_scope(ward):
    from storage.records.mediation import MEDIATOR, PARTY, mediation_cases

    db, _group, _team = ward
    team = teams.create(db, ACTOR, name="Tổ hòa giải tổ dân phố Gò Mít", kind="Tổ hòa giải",
                        launched_on="2020-01-01")
    people_rows = [{"role": PARTY, "name": "Trần Văn Nam"}, {"role": PARTY, "name": "Đỗ Thị Lan"},
                   {"role": MEDIATOR, "name": "Hoàng Văn Hòa"}]
    mediation_cases.create(db, ACTOR, team_id=team.id, received_on="2026-04-01", category="Đất đai",
                           content="Lối đi", people=people_rows, result="thành", result_on="2026-04-05",
                           agreement="Mở lối đi")
    mediation_cases.create(db, ACTOR, team_id=team.id, received_on="2026-05-01", category="Dân sự",
                           content="Vay tiền", people=people_rows)
    job = printouts.gather(db, ACTOR, "logbook", team_id=team.id, period=parse_period("2026"))
    assert job.data.by_category == [("Dân sự", 1, 0, 0, 1), ("Đất đai", 1, 1, 0, 0)]
    text = " ".join(text_of(render(job.data).data))
    assert ("Vụ, việc hòa giải chia theo phạm vi hòa giải STT Lĩnh vực Số vụ việc Hòa giải thành Hòa giải không thành "
            "Đang hòa giải 1 Dân sự 1 0 0 1 2 Đất đai 1 1 0 0") in text
    assert "Huyện" not in text


def test_surrender_minutes_and_the_tip_book_keep_informants_on_the_station_copy(ward, tmp_path):
    from operations.base import OFFICER, VIEWER, Actor, PermissionDenied
    from operations.documents import print_document
    from storage.records.incidents import surrendered_items, tips

    db, group, _team = ward
    item = surrendered_items.create(db, ACTOR, received_on="2026-03-02", kind="Pháo", quantity=2.5, unit="kg",
                                    description="Pháo hoa nổ tự chế", from_whom="Lê Văn Giao", area_id=group.id)
    job = printouts.gather(db, ACTOR, "surrender", item_id=item.id)
    assert job.writes and job.data.letterhead.number == "01/BB-CAP"
    text = " ".join(text_of(render(job.data).data))
    for line in ("BIÊN BẢN", "Tiếp nhận vũ khí, vật liệu nổ, công cụ hỗ trợ, pháo do người dân giao nộp",
                 "Hồi …… giờ …… phút, ngày 02 tháng 3 năm 2026, tại trụ sở Công an phường Tương Mai",
                 "Ông (bà): Lê Văn Giao", "Nơi cư trú: tổ dân phố Gò Mít", "1 Pháo 2,5 kg Pháo hoa nổ tự chế",
                 "BÊN GIAO", "BÊN NHẬN"):
        assert line in text, line
    tips.create(db, ACTOR, received_on="2026-03-05", channel="Điện thoại", content="Có người lạ mua bán pháo",
                informant_name="Nguyễn Văn Báo", informant_contact="0912345678", area_id=group.id, valuable=1,
                outcome="Đã xác minh, thu giữ")
    kept = " ".join(text_of(render(printouts.gather(db, ACTOR, "tips", period=parse_period("2026")).data).data))
    assert "Bản lưu tại đơn vị" in kept and "Nguyễn Văn Báo, 0912345678" in kept
    assert "05/03/2026 Điện thoại" in kept and "Tổng số: 1 tin báo, tố giác; có giá trị: 1." in kept
    outside = printouts.gather(db, ACTOR, "tips", period=parse_period("2026"), station_copy=False)
    text = " ".join(text_of(render(outside.data).data))
    assert "Nguyễn Văn Báo" not in text and "0912345678" not in text and "Giữ bí mật" in text
    viewer = Actor("Người xem", VIEWER)
    with pytest.raises(PermissionDenied):
        print_document(db, viewer, "tips", tmp_path / "so.pdf", period=parse_period("2026"))
    with pytest.raises(PermissionDenied):
        print_document(db, viewer, "surrender", tmp_path / "bb.pdf", item_id=item.id)
    assert print_document(db, viewer, "tips", tmp_path / "so.pdf", period=parse_period("2026"),
                          station_copy=False).value.pages == 1
    printed = print_document(db, Actor("Cán bộ", OFFICER), "surrender", tmp_path / "bb.pdf", item_id=item.id)
    assert "Số: 01/BB-CAP" in text_of((tmp_path / "bb.pdf").read_bytes())[0] and printed.value.pages == 1


def test_new_documents_from_the_command_line(db_path, tmp_path, capsys):
    from cli import main
    from storage.records.incidents import surrendered_items

    db = open_database(db_path)
    item = surrendered_items.create(db, ACTOR, received_on="2026-03-02", kind="Pháo", quantity=3, unit="kg",
                                    from_whom="Lê Văn Giao")
    db.close()
    assert main(["print", "surrender", "--db", str(db_path), "--item", item.uuid,
                 "--out", str(tmp_path / "bb.pdf")]) == 0
    assert main(["print", "tips", "--db", str(db_path), "--period", "2026", "--outside",
                 "--out", str(tmp_path / "so.pdf")]) == 0
    assert capsys.readouterr().out.splitlines() == [f"Đã ghi 1 trang vào {tmp_path / 'bb.pdf'}.",
                                                    f"Đã ghi 1 trang vào {tmp_path / 'so.pdf'}."]
    assert "Lê Văn Giao" in text_of((tmp_path / "bb.pdf").read_bytes())[0]
    assert "Bản không ghi người cung cấp tin" in text_of((tmp_path / "so.pdf").read_bytes())[0]


def test_invitation_and_ceremony_minutes(ward, tmp_path):
    from operations.base import OFFICER, Actor
    from operations.documents import print_document
    from storage.records.reviews import reviews

    db, group, _team = ward
    review = reviews.create(db, ACTOR, kind="sơ kết", title="Hội nghị sơ kết 6 tháng đầu năm 2026",
                            period_start="2026-01-01", period_end="2026-06-30", started_at="2026-07-05 08:00",
                            place="Hội trường UBND phường Tương Mai")
    job = printouts.gather(db, ACTOR, "invitation", review_id=review.id)
    assert job.data.letterhead.number == "01/GM-CAP"
    text = " ".join(text_of(render(job.data).data))
    assert "Tới dự" not in text and text.count("sơ kết 6 tháng đầu năm 2026") == 1
    for line in ("GIẤY MỜI", "Dự hội nghị sơ kết 6 tháng đầu năm 2026",
                 "Công an phường Tương Mai trân trọng kính mời: ……",
                 "Thời gian: 08 giờ 00 phút, ngày 05 tháng 7 năm 2026",
                 "Địa điểm: Hội trường UBND phường Tương Mai", "- Như trên;", "- Lưu: VT.", "TRƯỞNG CÔNG AN PHƯỜNG"):
        assert line in text, line
    officer = Actor("Cán bộ", OFFICER)
    print_document(db, officer, "pledges", tmp_path / "ck.pdf", area_id=group.id, ceremony_date="2026-02-05")
    # Printed, not yet signed: the count is left to be written in at the ceremony.
    job = printouts.gather(db, ACTOR, "ceremony", area_id=group.id, ceremony_date="2026-02-05")
    assert (job.data.households, job.data.signed, job.data.letterhead.number) == (2, 0, "01/BB-CAP")
    text = " ".join(text_of(render(job.data).data))
    assert ("Tổng số hộ gia đình của tổ dân phố Gò Mít: 2 hộ; số hộ ký bản cam kết: …… hộ (đạt ……%)."
            in text)
    from operations.records import mark_pledges

    printed = [row[0] for row in db.conn.execute("SELECT id FROM pledges ORDER BY id LIMIT 1")]
    mark_pledges(db, officer, printed, "signed", on="2026-02-05")
    job = printouts.gather(db, ACTOR, "ceremony", area_id=group.id, ceremony_date="2026-02-05")
    assert (job.data.households, job.data.signed) == (2, 1)
    text = " ".join(text_of(render(job.data).data))
    for line in ("BIÊN BẢN", "Lễ ký cam kết thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc tại tổ dân phố Gò Mít",
                 "ngày 05 tháng 02 năm 2026, tại Nhà văn hóa tổ dân phố Gò Mít",
                 "Tổng số hộ gia đình của tổ dân phố Gò Mít: 2 hộ; số hộ ký bản cam kết: 1 hộ (đạt 50,0%).",
                 "3. Ý kiến tại buổi lễ ……", "ĐẠI DIỆN TỔ DÂN PHỐ GÒ MÍT", "(Tổ trưởng tổ dân phố: ký, ghi rõ họ tên)"):
        assert line in text, line


def test_team_decision_is_drafted_for_the_committee_chair(ward, capsys, tmp_path):
    from storage.records.teams import memberships

    db, group, team = ward
    head = db.conn.execute("SELECT id FROM people ORDER BY id LIMIT 1").fetchone()[0]
    memberships.create(db, ACTOR, person_id=head, team_id=team.id, role="tổ trưởng", start_on="2024-07-01")
    job = printouts.gather(db, ACTOR, "team_decision", team_id=team.id)
    assert not job.writes  # the committee numbers and dates it
    text = " ".join(text_of(render(job.data).data))
    for line in ("ỦY BAN NHÂN DÂN PHƯỜNG TƯƠNG MAI", "Số: ……/QĐ-UBND", "Tương Mai, ngày ..... tháng ..... năm ........",
                 "QUYẾT ĐỊNH", "Về việc thành lập Tổ bảo vệ ANTT tổ dân phố Gò Mít",
                 "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG TƯƠNG MAI", "Theo đề nghị của Trưởng Công an phường Tương Mai.",
                 "Điều 1. Thành lập Tổ bảo vệ ANTT tổ dân phố Gò Mít, gồm 1 thành viên",
                 "1 Nguyễn Văn Chiến", "Tổ trưởng", "Lưu: VT. CHỦ TỊCH", "- Như Điều 3;", "- Lưu: VT.",
                 "Căn cứ Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở ngày 28 tháng 11 năm 2023;",
                 "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường Tương Mai, Trưởng Công an phường"):
        assert line in text, line
    assert "Công an xã" not in text and "Số: 01" not in text
    assert "TM." not in text  # the Chủ tịch decides in his own name (NĐ 30/2020)
    assert "quy định của pháp luật về" not in text
    # A team that has ended gets no founding decision.
    from storage.records.teams import teams

    teams.update(db, ACTOR, team.id, status="ended", ended_on="2026-06-30", end_reason="Sáp nhập")
    with pytest.raises(Exception) as refused:
        printouts.gather(db, ACTOR, "team_decision", team_id=team.id)
    assert str(refused.value) == ("Tổ bảo vệ ANTT tổ dân phố Gò Mít đã kết thúc hoạt động ngày 30/06/2026: không in "
                                  "quyết định thành lập hay kiện toàn cho tổ đã kết thúc.")


def test_commendation_proposal_and_the_chair_awards_only_a_certificate(ward):
    from storage.errors import ValidationError
    from storage.records.reviews import commendations

    db, _group, team = ward
    award = commendations.create(db, ACTOR, target_kind="tổ", target_name=team.name, team_id=team.id,
                                 level="UBND xã", form="Giấy khen", awarded_on="2026-06-30",
                                 reason="Tuần tra đều, phát hiện 3 vụ việc")
    proposal = printouts.gather(db, ACTOR, "commendation_proposal", commendation_id=award.id)
    assert proposal.data.letterhead.number == "01/TTr-CAP"
    text = " ".join(text_of(render(proposal.data).data))
    for line in ("TỜ TRÌNH", "Về việc đề nghị tặng Giấy khen cho Tổ bảo vệ ANTT tổ dân phố Gò Mít",
                 "Kính gửi: Chủ tịch Ủy ban nhân dân phường Tương Mai", "Thành tích: Tuần tra đều, phát hiện 3 vụ việc.",
                 "TRƯỞNG CÔNG AN PHƯỜNG"):
        assert line in text, line
    decision = printouts.gather(db, ACTOR, "commendation_decision", commendation_id=award.id)
    assert not decision.writes
    text = " ".join(text_of(render(decision.data).data))
    for line in ("ỦY BAN NHÂN DÂN PHƯỜNG TƯƠNG MAI", "Số: ……/QĐ-UBND", "QUYẾT ĐỊNH",
                 "Điều 1. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân phường Tương Mai cho Tổ bảo vệ ANTT tổ dân "
                 "phố Gò Mít đã có thành tích tuần tra đều, phát hiện 3 vụ việc.", "Lưu: VT. CHỦ TỊCH"):
        assert line in text, line
    higher = commendations.create(db, ACTOR, target_kind="tổ", target_name=team.name, team_id=team.id,
                                  level="UBND tỉnh", form="Bằng khen", awarded_on="2026-06-30")
    with pytest.raises(ValidationError, match="chỉ tặng Giấy khen của mình; khen thưởng này là bằng khen cấp UBND tỉnh"):
        printouts.gather(db, ACTOR, "commendation_decision", commendation_id=higher.id)
    # A higher award is put forward through the province police, to the one who awards it.
    text = " ".join(text_of(render(printouts.gather(db, ACTOR, "commendation_proposal",
                                                    commendation_id=higher.id).data).data))
    for line in ("Kính gửi: Giám đốc Công an thành phố Hà Nội",
                 "Công an phường Tương Mai đề nghị Giám đốc Công an thành phố Hà Nội xem xét, trình Chủ tịch Ủy ban "
                 "nhân dân thành phố Hà Nội tặng Bằng khen cho Tổ bảo vệ ANTT tổ dân phố Gò Mít.",
                 "Công an phường Tương Mai kính trình Giám đốc Công an thành phố Hà Nội xem xét, quyết định./."):
        assert line in text, line
    police = commendations.create(db, ACTOR, target_kind="tổ", target_name=team.name, team_id=team.id,
                                  level="Công an tỉnh", form="Giấy khen", awarded_on="2026-06-30")
    text = " ".join(text_of(render(printouts.gather(db, ACTOR, "commendation_proposal",
                                                    commendation_id=police.id).data).data))
    assert ("Công an phường Tương Mai đề nghị Giám đốc Công an thành phố Hà Nội xem xét, tặng Giấy khen cho Tổ bảo vệ "
            "ANTT tổ dân phố Gò Mít.") in text
    own = commendations.create(db, ACTOR, target_kind="tổ", target_name=team.name, team_id=team.id,
                               level="Công an xã", form="Giấy khen", awarded_on="2026-06-30")
    with pytest.raises(ValidationError, match="do Trưởng Công an phường Tương Mai quyết định; không cần tờ trình"):
        printouts.gather(db, ACTOR, "commendation_proposal", commendation_id=own.id)
    with pytest.raises(ValidationError) as refused:  # nor a decision of the chair: no circle between the two
        printouts.gather(db, ACTOR, "commendation_decision", commendation_id=own.id)
    assert str(refused.value) == ("Khen thưởng này là giấy khen cấp Công an xã, do Trưởng Công an phường Tương Mai "
                                  "quyết định, không phải quyết định của Chủ tịch Ủy ban nhân dân phường.")
    # a team named without its kind is named the same in the title and the body
    other = teams.create(db, ACTOR, name="Liên gia số 1 tổ dân phố Gò Mít", kind="Nhóm liên gia tự quản",
                         launched_on="2024-07-01")
    award = commendations.create(db, ACTOR, target_kind="tổ", target_name=other.name, team_id=other.id,
                                 level="UBND xã", form="Giấy khen", awarded_on="2026-06-30")
    text = " ".join(text_of(render(printouts.gather(db, ACTOR, "commendation_proposal",
                                                    commendation_id=award.id).data).data))
    assert "tặng Giấy khen cho Liên gia số 1 tổ dân phố Gò Mít" in text and "cho tổ Liên gia" not in text


def test_reintegration_decision_names_who_helps_and_is_sensitive(ward, tmp_path):
    from operations.base import VIEWER, Actor, PermissionDenied
    from operations.documents import print_document
    from storage.records.incidents import reintegration_cases

    db, _group, _team = ward
    person = db.conn.execute("SELECT id FROM people ORDER BY id LIMIT 1").fetchone()[0]
    case = reintegration_cases.create(db, ACTOR, person_id=person, source="served_sentence", started_on="2026-01-15")
    job = printouts.gather(db, ACTOR, "reintegration_decision", reintegration_id=case.id)
    text = " ".join(text_of(render(job.data).data))
    for line in ("ỦY BAN NHÂN DÂN PHƯỜNG TƯƠNG MAI", "Về việc phân công giúp đỡ người chấp hành xong án phạt tù "
                 "tái hòa nhập cộng đồng", "Điều 1. Phân công ……", "giúp đỡ ông (bà) Nguyễn Văn Chiến, sinh năm 1970",
                 "là người chấp hành xong án phạt tù, tái hòa nhập cộng đồng kể từ ngày 15/01/2026.",
                 "Xét đề nghị của Trưởng Công an phường Tương Mai.", "Lưu: VT. CHỦ TỊCH",
                 "Căn cứ Nghị định số 49/2020/NĐ-CP ngày 17 tháng 4 năm 2020 của Chính phủ quy định chi tiết thi hành "
                 "Luật Thi hành án hình sự về tái hòa nhập cộng đồng;"):
        assert line in text, line
    from storage.records.people import people

    people.update(db, ACTOR, person, gender="nam")
    text = " ".join(text_of(render(printouts.gather(db, ACTOR, "reintegration_decision",
                                                    reintegration_id=case.id).data).data))
    assert "giúp đỡ ông Nguyễn Văn Chiến, sinh năm 1970" in text and "ông (bà)" not in text
    with pytest.raises(PermissionDenied):
        print_document(db, Actor("Người xem", VIEWER), "reintegration_decision", tmp_path / "qd.pdf",
                       reintegration_id=case.id)
    assert not (tmp_path / "qd.pdf").exists()
