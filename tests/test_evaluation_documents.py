"""What a reviewer found in the printed evaluation documents, read back with pypdf: the
tờ trình with its "Số:" and no class proposed for a subject that did not pass; the bảng
kê hỗ trợ without the operator's note and its signatures beside the last rows; the
minutes' areas counted from the same computed evaluation as their evaluation rows."""

from __future__ import annotations

import unicodedata

import pytest
from pypdf import PdfReader

from operations import documents as doc_ops
from operations import evaluation as ops
from operations.base import Actor
from storage.query.periods import parse_period
from storage.records import evaluation as ev
from storage.records.areas import areas
from storage.records.people import people
from storage.records.reviews import area_assessments, reviews
from storage.records.teams import memberships, teams

ACTOR = "cán bộ kiểm thử"
OFFICER = Actor(ACTOR, "officer")


def _pages(path) -> list[str]:
    return [" ".join(unicodedata.normalize("NFC", page.extract_text()).split())
            for page in PdfReader(str(path)).pages]


def _register(db, area, *, met: bool, points: float) -> None:
    marks = [{"criterion": c["code"], "met": met if c["code"] == "area_5" else True}
             for c in ev.criteria_for("area") if not c.get("computed")]
    items = ev.score_items_for("area")
    scores = [{"item": i["code"], "points": i["max"]} for i in items]
    scores[0]["points"] = i_max = items[0]["max"] - (100 - points)
    assert i_max >= 0
    ops.save_entry(db, OFFICER, 2026, area_id=area.id, registered=1, resolution_number="01-NQ/CB",
                   marks=marks, scores=scores)


def test_proposal_has_a_number_and_proposes_no_class_for_a_failed_subject(db, tmp_path):
    failed = areas.create(db, ACTOR, name="Đông", kind="village")
    passed = areas.create(db, ACTOR, name="Tây", kind="village")
    _register(db, failed, met=False, points=95)
    _register(db, passed, met=True, points=95)
    target = tmp_path / "to-trinh.pdf"
    ops.print_evaluation(db, OFFICER, "proposal", 2026, target)
    text = " ".join(_pages(target))
    assert "Số: 01/TTr-CAX" in text
    assert "1 Thôn Đông Khu dân cư Có 4/5 Chưa đạt 95 2 Thôn Tây" in text  # no "Xuất sắc" for Đông
    assert "2 Thôn Tây Khu dân cư Có 5/5 Đạt 95 Xuất sắc" in text
    assert text.count("Xuất sắc") == 1
    # a reprint keeps its number; the tờ trình series goes on for the next document
    ops.print_evaluation(db, OFFICER, "proposal", 2026, target)
    assert "Số: 01/TTr-CAX" in _pages(target)[0]
    assert db.conn.execute("SELECT number FROM document_issues WHERE kind = 'proposal' "
                           "AND record_key = 'evaluation_proposal:2026'").fetchone()[0] == 1


BASIS = "Nghị quyết số 15/2024/NQ-HĐND ngày 10/7/2024 của Hội đồng nhân dân tỉnh Ninh Bình"


def province_rates(db) -> None:
    from operations.evaluation import set_evaluation_setting

    set_evaluation_setting(db, Actor(ACTOR, "admin"), "security_allowance",
                           {"leader": 2_340_000, "deputy": 1_638_000, "member": 1_170_000, "source": BASIS})


def one_security_team_leader(db) -> None:
    area = areas.create(db, ACTOR, name="Đông", kind="village")
    team = teams.create(db, ACTOR, name="Tổ bảo vệ ANTT Đông", kind="order_protection", launched_on="2024-07-01",
                        area_ids=[area.id])
    person = people.create(db, ACTOR, full_name="Nguyễn Văn Thành", gender="male", birth_year=1980, area_id=area.id)
    memberships.create(db, ACTOR, person_id=person.id, team_id=team.id, role="leader", start_on="2024-07-01")


def test_allowance_sheet_refused_on_the_programs_default_rates(db, tmp_path):
    one_security_team_leader(db)
    before = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(Exception) as refused:
        ops.print_evaluation(db, OFFICER, "allowance", 2026, tmp_path / "bang-ke.pdf", month=11)
    assert str(refused.value) == (
        "Mức hỗ trợ Tổ bảo vệ an ninh, trật tự vẫn là mức mặc định của chương trình, chưa phải mức Hội đồng nhân dân "
        "tỉnh quyết định; hãy nhập mức và căn cứ (số Nghị quyết) ở Đánh giá năm → Quy định của tỉnh… rồi in bảng kê.")
    assert not (tmp_path / "bang-ke.pdf").exists()
    assert db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before
    from operations.evaluation import set_evaluation_setting

    for stale in ("Mặc định theo mức của tỉnh Tiền Giang; sửa theo Nghị quyết của Hội đồng nhân dân tỉnh mình.", "  "):
        # the Quy định dialog saved the default text as it was: still no basis
        set_evaluation_setting(db, Actor(ACTOR, "admin"), "security_allowance",
                               {"leader": 2_340_000, "deputy": 1_638_000, "member": 1_170_000, "source": stale})
        with pytest.raises(Exception, match="^Mức hỗ trợ Tổ bảo vệ an ninh, trật tự vẫn là mức mặc định"):
            ops.print_evaluation(db, OFFICER, "allowance", 2026, tmp_path / "bang-ke.pdf", month=11)
    province_rates(db)
    ops.print_evaluation(db, OFFICER, "allowance", 2026, tmp_path / "bang-ke.pdf", month=11)
    assert f"Căn cứ {BASIS}." in " ".join(_pages(tmp_path / "bang-ke.pdf"))


def test_allowance_sheet_without_the_note_and_signed_beside_its_last_rows(db, tmp_path):
    area = areas.create(db, ACTOR, name="Đông", kind="village")
    team = teams.create(db, ACTOR, name="Tổ bảo vệ ANTT Đông", kind="order_protection", launched_on="2024-07-01",
                        area_ids=[area.id])
    note = ev.DEFAULTS["security_allowance"]["source"]
    province_rates(db)
    target = tmp_path / "bang-ke.pdf"
    for n in range(1, 31):
        person = people.create(db, ACTOR, full_name=f"Nguyễn Văn Thành {n}", gender="male", birth_year=1980,
                               area_id=area.id)
        memberships.create(db, ACTOR, person_id=person.id, team_id=team.id, role="leader" if n == 1 else "member",
                           start_on="2024-07-01")
        if n < 8:
            continue
        ops.print_evaluation(db, OFFICER, "allowance", 2026, target, month=11)
        pages = _pages(target)
        text = " ".join(pages)
        assert note.split(";")[0] not in text and "Mặc định theo mức" not in text
        signed = [p for p in pages if "NGƯỜI LẬP BẢNG" in p]
        assert len(signed) == 1, n
        assert f"{n} Nguyễn Văn Thành {n} Tổ bảo vệ ANTT Đông Tổ viên 1.170.000 Tổng cộng" in signed[0], n


def test_minutes_and_report_count_areas_one_way(db, tmp_path):
    """A year judged before criteria were kept (typed flags only) and a year with a
    computed evaluation: the areas rows and the subjects rows agree in the minutes and in
    the period report (they once said 3 registered beside 0 subjects registered)."""
    east = areas.create(db, ACTOR, name="Đông", kind="village")
    west = areas.create(db, ACTOR, name="Tây", kind="village")
    for area in (east, west):  # old typed flags of 2025, no registration of the evaluation
        area_assessments.create(db, ACTOR, area_id=area.id, year=2025, registered=1, recognised=1)
    review = reviews.create(db, ACTOR, kind="annual", period_start="2025-01-01", period_end="2025-12-20",
                            started_at="2025-12-22T08:00", ended_at="2025-12-22T10:30", place="Hội trường")
    target = tmp_path / "bien-ban.pdf"
    doc_ops.print_document(db, OFFICER, "minutes", target, review_id=review.id)
    text = " ".join(_pages(target))
    assert "Địa bàn đăng ký xây dựng “an toàn về ANTT” 2" in text
    assert "Địa bàn được công nhận “an toàn về ANTT” 2" in text
    assert "Đối tượng đăng ký phấn đấu 2" in text
    assert "Đối tượng đạt tiêu chuẩn “an toàn về ANTT” 2" in text
    report = tmp_path / "bao-cao.pdf"
    doc_ops.report(db, OFFICER, parse_period("2025"), report)
    text = " ".join(_pages(report))
    assert "Địa bàn đăng ký xây dựng “an toàn về ANTT” 2" in text
    assert "Đối tượng đăng ký phấn đấu 2" in text

    _register(db, east, met=True, points=90)  # the same year as the period's: 2026
    review = reviews.create(db, ACTOR, kind="interim", period_start="2026-01-01", period_end="2026-06-30",
                            started_at="2026-07-05T08:00", ended_at="2026-07-05T10:30", place="Hội trường")
    doc_ops.print_document(db, OFFICER, "minutes", target, review_id=review.id)
    text = " ".join(_pages(target))
    assert "Địa bàn đăng ký xây dựng “an toàn về ANTT” 1" in text
    assert "Địa bàn được công nhận" not in text  # decided in November: not in a sơ kết 6 tháng
    review = reviews.create(db, ACTOR, kind="annual", period_start="2026-01-01", period_end="2026-12-20",
                            started_at="2026-12-22T08:00", ended_at="2026-12-22T10:30", place="Hội trường")
    doc_ops.print_document(db, OFFICER, "minutes", target, review_id=review.id)
    text = " ".join(_pages(target))
    assert "Địa bàn đăng ký xây dựng “an toàn về ANTT” 1" in text
    assert "Địa bàn được công nhận “an toàn về ANTT” 1" in text
    assert "Tỷ lệ địa bàn được công nhận 50,0%" in text
    assert "Đối tượng đăng ký phấn đấu 1" in text
    assert "Đối tượng đạt tiêu chuẩn “an toàn về ANTT” 1" in text


def test_allowance_sheet_writes_the_month_as_nghi_dinh_30_does(db, tmp_path):
    """Only months 1 and 2 take a leading zero: 'tháng 02', 'tháng 6', never 'tháng 06'."""
    one_security_team_leader(db)
    province_rates(db)
    for month, words in ((6, "tháng 6 năm 2026"), (2, "tháng 02 năm 2026")):
        target = tmp_path / f"bang-ke-{month}.pdf"
        ops.print_evaluation(db, OFFICER, "allowance", 2026, target, month=month)
        text = " ".join(_pages(target))
        assert f"Tổ bảo vệ an ninh, trật tự {words}" in text, text[:400]
        assert "tháng 06" not in text
