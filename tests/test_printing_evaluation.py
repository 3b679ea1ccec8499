"""The evaluation documents read back with pypdf: the bảng chấm điểm with its points and
total, the tờ trình with every subject, the grading list and the bảng kê hỗ trợ with its
total; A4 with embedded fonts; the command line and the audit entry."""

from __future__ import annotations

import unicodedata

import pytest
from pypdf import PdfReader

from operations import evaluation as ops
from operations.base import Actor
from storage.records import evaluation as ev
from storage.records.areas import areas
from storage.records.people import people
from storage.records.teams import memberships, teams
from tests.test_printing import assert_a4_and_embedded

ACTOR = "cán bộ kiểm thử"
OFFICER = Actor(ACTOR, "officer")


def _text(path) -> str:
    reader = PdfReader(str(path))
    assert_a4_and_embedded(reader)
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture
def year_data(db):
    area = areas.create(db, ACTOR, name="Thôn Đông", kind="village")
    team = teams.create(db, ACTOR, name="Tổ bảo vệ ANTT Đông", kind="order_protection", launched_on="2024-07-01",
                        area_ids=[area.id])
    for name, role in (("Nguyễn Văn Tâm", "leader"), ("Trần Thị Hoa", "member")):
        person = people.create(db, ACTOR, full_name=name, gender="male", birth_year=1980, area_id=area.id)
        memberships.create(db, ACTOR, person_id=person.id, team_id=team.id, role=role, start_on="2024-07-01")
    scores = [{"item": i["code"], "points": i["max"]} for i in ev.score_items_for("area")]
    scores[0]["points"] = 12.5  # 100 - 15 + 12,5 = 97,5
    ops.save_entry(db, OFFICER, 2026, area_id=area.id, registered=1, resolution_number="01-NQ/CB",
                   scores=scores)
    ops.save_team_grades(db, OFFICER, 2026, [{"team_id": team.id, "level": "good"}])
    ops.set_evaluation_setting(db, Actor(ACTOR, "admin"), "security_allowance",
                               {"leader": 2_340_000, "deputy": 1_638_000, "member": 1_170_000,
                                "source": "Nghị quyết số 15/2024/NQ-HĐND của Hội đồng nhân dân tỉnh Ninh Bình"})
    return area


def test_score_sheet_lists_every_item_and_the_total(db, year_data, tmp_path):
    target = tmp_path / "bang-diem.pdf"
    pages = ops.print_evaluation(db, OFFICER, "score-sheet", 2026, target, subject_uuid=year_data.uuid).value
    text = _text(target)
    assert pages == 1
    assert "BẢNG CHẤM ĐIỂM" in text and "Phân loại phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2026" in text
    assert "Đối tượng: Thôn Đông" in text and "Loại đối tượng: Khu dân cư" in text
    assert "1 Nghị quyết của chi bộ, đăng ký phấn đấu, hộ gia đình ký cam kết 15 12,5" in text
    assert "Tổng cộng 100 97,5" in text
    assert "Đề nghị xếp loại: Xuất sắc" in text
    # The scale is not yet confirmed by the province: the sheet claims no source for it.
    assert "Thang điểm" not in text and "chờ Công an tỉnh" not in text and "mặc định" not in text
    entry = db.conn.execute("SELECT action, after FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert entry[0] == "print" and '"document": "score-sheet"' in entry[1]


def test_proposal_grading_list_and_allowances(db, year_data, tmp_path):
    ops.print_evaluation(db, OFFICER, "proposal", 2026, tmp_path / "to-trinh.pdf")
    text = _text(tmp_path / "to-trinh.pdf")
    assert "TỜ TRÌNH" in text and "Kính gửi: Ủy ban nhân dân xã Thanh Lâm" in text
    assert ("Năm 2026, trên địa bàn có 1 đối tượng thuộc diện xét công nhận (khu dân cư, cơ quan, doanh nghiệp, "
            "cơ sở giáo dục); 1 đối tượng đăng ký phấn đấu; 0 đối tượng đạt tiêu chuẩn (0%).") in text
    # criterion 1 is computed (registered, resolution, no household left unsigned): 1/5
    # not yet judged: no class proposed (tests/test_evaluation_documents.py)
    assert "1 Thôn Đông Khu dân cư Có 1/5 Chưa đánh giá xong 97,5" in text and "Xuất sắc" not in text

    ops.print_evaluation(db, OFFICER, "grading", 2026, tmp_path / "xep-loai.pdf")
    text = _text(tmp_path / "xep-loai.pdf")
    assert "kỳ 15/11/2025 – 14/11/2026" in text
    assert "1 Tổ bảo vệ ANTT Đông Tổ bảo vệ an ninh, trật tự Hoàn thành tốt nhiệm vụ" in text
    assert ("Tổng hợp: Hoàn thành xuất sắc nhiệm vụ: 0 tổ; Hoàn thành tốt nhiệm vụ: 1 tổ; Hoàn thành nhiệm vụ: "
            "0 tổ; Không hoàn thành nhiệm vụ: 0 tổ.") in text

    ops.print_evaluation(db, OFFICER, "allowance", 2026, tmp_path / "bang-ke.pdf", month=11)
    text = _text(tmp_path / "bang-ke.pdf")
    assert "tháng 11 năm 2026" in text
    assert "1 Nguyễn Văn Tâm Tổ bảo vệ ANTT Đông Tổ trưởng 2.340.000" in text
    assert "2 Trần Thị Hoa Tổ bảo vệ ANTT Đông Tổ viên 1.170.000" in text
    assert "Tổng cộng 3.510.000" in text
    assert ("Tổng số tiền (viết bằng chữ): Ba triệu năm trăm mười nghìn đồng." in " ".join(text.split()))


def test_print_evaluation_on_the_command_line(db_path, tmp_path, capsys):
    from cli import main

    out = tmp_path / "danh-sach.pdf"
    assert main(["print-evaluation", "grading", "--db", str(db_path), "--year", "2026", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"Đã in danh sách xếp loại tổ năm 2026 (1 trang) ra {out}.\n"
    assert "Chưa có tổ nào trong kỳ." in _text(out)
    assert main(["print-evaluation", "allowance", "--db", str(db_path), "--year", "2026",
                 "--out", str(out)]) == 2
    assert capsys.readouterr().err == "Bảng kê hỗ trợ cần tháng từ 1 đến 12.\n"
