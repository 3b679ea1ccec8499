"""The year's evaluation (issue 13): every rule with hand-counted data.

The commune of these tests, year 2026 (area window 01/11/2025 – 31/10/2026, grading
window 15/11/2025 – 14/11/2026):
- Thôn Đông, 3 households: An signed 01/03/2026, Bình 01/12/2025, Cường only 15/10/2025
  (last year's window) -> 2 of 3 pledged, Cường's household is the one missing;
- Thôn Tây, 2 households, both signed 10/02/2026;
- UBND xã (agency), Trường THCS Thanh Lâm (school), and two excluded by TT 124 Điều 1:
  Công ty Hoa Mai (small enterprise) and Trường Tiểu học Thanh Lâm.
So the subjects are 4: two areas, the agency and the lower secondary school."""

from __future__ import annotations

import json
from datetime import date

import pytest

from operations import evaluation as ops
from operations.base import Actor
from storage.errors import ValidationError
from storage.query import evaluation as q
from storage.records import evaluation as ev
from storage.records.areas import areas
from storage.records.households import households
from storage.records.models import models
from storage.records.people import people
from storage.records.pledges import pledges
from storage.records.teams import memberships, teams

ACTOR = "cán bộ kiểm thử"
OFFICER = Actor(ACTOR, "officer")


def _household(db, area, name, signed_on=None):
    person = people.create(db, ACTOR, full_name=name, gender="male", birth_year=1970, area_id=area.id)
    household = households.create(db, ACTOR, head_id=person.id, area_id=area.id)
    if signed_on:
        pledges.create(db, ACTOR, household_id=household.id, status="signed", signed_on=signed_on)
    return household


def _marks(kind, met=True):
    return [{"criterion": c["code"], "met": met, "evidence": "Biên bản họp khu dân cư"}
            for c in ev.criteria_for(kind) if not c.get("computed")]


@pytest.fixture
def commune(db):
    dong = areas.create(db, ACTOR, name="Thôn Đông", kind="village")
    tay = areas.create(db, ACTOR, name="Thôn Tây", kind="village")
    _household(db, dong, "Nguyễn Văn An", "2026-03-01")
    _household(db, dong, "Trần Văn Bình", "2025-12-01")
    _household(db, dong, "Lê Văn Cường", "2025-10-15")
    _household(db, tay, "Phạm Văn Dũng", "2026-02-10")
    _household(db, tay, "Hoàng Thị Em", "2026-02-10")
    make = ev.organisations.create
    agency = make(db, ACTOR, name="UBND xã Thanh Lâm", kind="agency", category="state_agency", staff_count=30)
    school = make(db, ACTOR, name="Trường THCS Thanh Lâm", kind="school", category="lower_secondary")
    make(db, ACTOR, name="Công ty Hoa Mai", kind="enterprise", category="enterprise_small", staff_count=12)
    make(db, ACTOR, name="Trường Tiểu học Thanh Lâm", kind="school", category="primary")
    models.create(db, ACTOR, name="Camera an ninh", launched_on="2024-05-01")
    registration = {"registered": 1, "registered_on": "2026-02-15", "resolution_number": "01-NQ/CB",
                    "resolution_date": "2026-02-10", "plan_number": "05/KH-UBND", "plan_date": "2026-02-12"}
    ops.save_entry(db, OFFICER, 2026, area_id=dong.id, **registration, marks=_marks("area"))
    ops.save_entry(db, OFFICER, 2026, area_id=tay.id, **registration, marks=_marks("area"))
    ops.save_entry(db, OFFICER, 2026, organisation_id=agency.id, **registration, marks=_marks("agency"))
    ops.save_entry(db, OFFICER, 2026, commune=True, **registration, marks=_marks("commune"))
    return {"dong": dong, "tay": tay, "agency": agency, "school": school, "registration": registration}


def test_an_area_with_an_unsigned_household_is_not_recognised_and_names_it(db, commune):
    result = q.evaluate(db, 2026)
    dong, tay = result["subjects"][0], result["subjects"][1]
    assert {k: v for k, v in dong.items() if not k.startswith("_")} == {
        "kind": "area", "uuid": commune["dong"].uuid, "name": "Thôn Đông", "registered": True,
        "criteria_met": 4, "criteria_total": 5, "result": "fail", "score": None, "class": None,
        "households": 3, "households_pledged": 2}
    assert dong["_blocking"] == ["1 hộ chưa ký cam kết năm 2026"]
    assert [h["head"] for h in q.unpledged_households(db, commune["dong"].id, 2026)] == ["Lê Văn Cường"]
    assert (tay["result"], tay["criteria_met"], tay["households_pledged"]) == ("pass", 5, 2)
    # the recognition decision is refused, with the reason
    with pytest.raises(ValidationError) as refused:
        ops.save_entry(db, OFFICER, 2026, area_id=commune["dong"].id, decision_number="12/QĐ-UBND",
                       decision_date="2026-11-05")
    assert str(refused.value) == "Chưa thể ghi quyết định công nhận: 1 hộ chưa ký cam kết năm 2026."
    ops.save_entry(db, OFFICER, 2026, area_id=commune["tay"].id, decision_number="12/QĐ-UBND",
                   decision_date="2026-11-05")
    assert ev.entry_for(db, year=2026, area_id=commune["tay"].id).decision_number == "12/QĐ-UBND"


def test_a_household_that_moved_in_after_the_window_belongs_to_next_year(db, commune):
    """Thôn Tây passed 2026 (window 01/11/2025–31/10/2026) and was recognised; a family that
    moved in on 15/11/2026 must not turn it back to "chưa đạt" (it signs for 2027)."""
    tay = commune["tay"]
    ops.save_entry(db, OFFICER, 2026, area_id=tay.id, decision_number="12/QĐ-UBND", decision_date="2026-11-05")
    newcomer = _household(db, tay, "Đỗ Văn Mới")
    households.update(db, ACTOR, newcomer.id, moved_in_on="2026-11-15")
    row = db["households"].get(newcomer.id)
    assert (row["moved_in_on"], row["area_id"]) == ("2026-11-15", tay.id)
    tay_result = next(s for s in q.evaluate(db, 2026)["subjects"] if s["name"] == "Thôn Tây")
    assert (tay_result["result"], tay_result["households"], tay_result["households_pledged"]) == ("pass", 2, 2)
    assert q.unpledged_households(db, tay.id, 2026) == []
    assert [h["head"] for h in q.unpledged_households(db, tay.id, 2027)] == ["Phạm Văn Dũng", "Hoàng Thị Em",
                                                                             "Đỗ Văn Mới"]
    # One that moved in during the window counts: it should have signed.
    households.update(db, ACTOR, newcomer.id, moved_in_on="2026-09-01")
    tay_result = next(s for s in q.evaluate(db, 2026)["subjects"] if s["name"] == "Thôn Tây")
    assert (tay_result["result"], tay_result["households"], tay_result["households_pledged"]) == ("fail", 3, 2)
    # A household entered with no date lived there before: counted as ever; when it signs
    # after the window closed, the reason says so.
    households.update(db, ACTOR, newcomer.id, moved_in_on=None)
    assert [h["head"] for h in q.unpledged_households(db, tay.id, 2026)] == ["Đỗ Văn Mới"]
    pledges.create(db, ACTOR, household_id=newcomer.id, status="signed", signed_on="2026-11-20")
    tay_result = next(s for s in q.evaluate(db, 2026)["subjects"] if s["name"] == "Thôn Tây")
    assert tay_result["_blocking"] == [
        "1 hộ chưa ký cam kết năm 2026 (1 hộ ký sau hạn 31/10/2026, được tính cho năm sau)"]
    with pytest.raises(ValidationError, match="^Ngày chuyển đến không thể ở tương lai"):
        households.update(db, ACTOR, newcomer.id, moved_in_on="2099-01-01")


def test_the_commune_needs_every_subject_registered_and_seventy_percent_recognised(db, commune):
    result = q.evaluate(db, 2026)
    assert [(s["kind"], s["name"]) for s in result["subjects"]] == [
        ("area", "Thôn Đông"), ("area", "Thôn Tây"), ("agency", "UBND xã Thanh Lâm"),
        ("school", "Trường THCS Thanh Lâm")]  # the small enterprise and the primary school are excluded
    c = q.public(result)["commune"]
    assert c == {"registered": True, "subjects": 4, "registered_subjects": 3, "recognised": 2,
                 "ratio_recognised": 0.5, "result": "fail", "score": None, "class": None}
    assert (result["commune"]["_criteria_met"], result["commune"]["_criteria_total"]) == (4, 5)
    assert result["commune"]["_blocking"] == [
        "1 đối tượng chưa đăng ký; mới 2/4 đối tượng đạt (50%, cần ít nhất 70%)"]
    # the school registers and passes, Cường signs: 4 of 4
    ops.save_entry(db, OFFICER, 2026, organisation_id=commune["school"].id, **commune["registration"],
                   marks=_marks("school"))
    cuong = q.unpledged_households(db, commune["dong"].id, 2026)[0]
    pledges.create(db, ACTOR, household_id=cuong["id"], status="signed", signed_on="2026-04-02")
    c = q.evaluate(db, 2026)["commune"]
    assert (c["registered_subjects"], c["recognised"], c["ratio_recognised"], c["result"]) == (4, 4, 1.0, "pass")


def test_seventy_percent_is_enough_and_a_model_is_needed(db, commune):
    entry = {"registered": 1, "resolution_number": "1", "plan_number": "2", "marks": _marks("commune")}
    exact = {"subjects": 10, "registered_subjects": 10, "recognised": 7, "ratio_recognised": 0.7}
    assert q.judge(db, "commune", entry, 2026, subjects=exact)["result"] == "pass"
    short = {**exact, "recognised": 6, "ratio_recognised": 0.6}
    assert q.judge(db, "commune", entry, 2026, subjects=short)["result"] == "fail"
    model = models.list(db)[0]
    models.update(db, ACTOR, model.id, status="ended", ended_on="2025-06-30", end_reason="Không còn phù hợp")
    verdict = q.judge(db, "commune", entry, 2026, subjects=exact)
    assert verdict["result"] == "fail"
    assert verdict["blocking"] == ["chưa có mô hình nào hoạt động"]
    # a disciplined officer: criterion 4 marked not met
    marks = [dict(m, met=m["criterion"] != "commune_4") for m in _marks("commune")]
    verdict = q.judge(db, "commune", {**entry, "marks": marks}, 2025, subjects=exact)
    assert verdict["criteria"][3]["met"] is False and verdict["result"] == "fail"


def test_unjudged_criteria_leave_the_result_open_and_excluded_units_cannot_register(db, commune):
    ops.save_entry(db, OFFICER, 2026, organisation_id=commune["school"].id, registered=1)
    school = q.evaluate(db, 2026)["subjects"][3]
    assert (school["registered"], school["criteria_met"], school["criteria_total"], school["result"]) == \
        (True, 0, 6, None)
    small = ev.organisations.list(db, "name = ?", ["Công ty Hoa Mai"])[0]
    with pytest.raises(ValidationError, match="không áp dụng của Thông tư 124/2021/TT-BCA"):
        ops.save_entry(db, OFFICER, 2026, organisation_id=small.id, registered=1)
    with pytest.raises(ValidationError) as wrong:
        ev.organisations.create(db, ACTOR, name="Trường X", kind="Cơ sở giáo dục", category="enterprise_large")
    assert str(wrong.value) == (
        "Loại hình “Doanh nghiệp lớn” không dùng cho cơ sở giáo dục; hãy chọn một trong: Trường trung học "
        "phổ thông, Trường trung học cơ sở, Trường phổ thông nhiều cấp học, Cơ sở giáo dục nghề nghiệp, "
        "Trường cao đẳng, đại học, Trường tiểu học, Trường mầm non, nhà trẻ.")


def test_scores_classes_and_the_province_thresholds(db, commune):
    items = ev.score_items_for("area")
    full = [{"item": i["code"], "points": i["max"]} for i in items]
    full[0]["points"] = 7  # 100 - 15 + 7 = 92
    ops.save_entry(db, OFFICER, 2026, area_id=commune["tay"].id, scores=full)
    tay = q.evaluate(db, 2026)["subjects"][1]
    assert (tay["score"], tay["class"]) == (92.0, "excellent")
    ops.set_evaluation_setting(db, Actor("quản trị", "admin"), "evaluation_thresholds",
                               [{"code": "excellent", "min": 95}, {"code": "good", "min": 80},
                                {"code": "average", "min": 50}, {"code": "weak", "min": 0}])
    assert q.evaluate(db, 2026)["subjects"][1]["class"] == "good"
    with pytest.raises(ValidationError) as too_many:
        ops.save_entry(db, OFFICER, 2026, area_id=commune["tay"].id, scores=[{"item": "a_festival", "points": 6}])
    assert str(too_many.value) == ("Điểm mục “Tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc (19/8)” "
                                   "phải từ 0 đến 5 (đang là 6).")
    with pytest.raises(Exception, match="cần tài khoản quản trị"):
        ops.set_evaluation_setting(db, OFFICER, "grading_excellent_cap", 0.5)


def test_windows_are_settings_with_the_issues_defaults(db):
    assert ev.window(db, "area", 2026) == (date(2025, 11, 1), date(2026, 10, 31))
    assert ev.window(db, "commune", 2026) == (date(2025, 11, 16), date(2026, 11, 15))
    assert ev.window(db, "school", 2026) == (date(2025, 11, 16), date(2026, 11, 15))
    assert ev.window(db, "team_grading", 2026) == (date(2025, 11, 15), date(2026, 11, 14))
    ev.put_setting(db, "evaluation_windows", {"area": "12-15"})
    assert ev.window(db, "area", 2026) == (date(2025, 12, 15), date(2026, 12, 14))
    with pytest.raises(ValidationError, match="tháng-ngày"):
        ev.put_setting(db, "evaluation_windows", {"area": "31-12"})


# ---- grading -------------------------------------------------------------------------
def _team(db, area, name, launched_on, leader=None):
    team = teams.create(db, ACTOR, name=name, kind="self_defense", launched_on=launched_on, area_ids=[area.id])
    if leader:
        person = people.create(db, ACTOR, full_name=leader, gender="male", birth_year=1975, area_id=area.id)
        memberships.create(db, ACTOR, person_id=person.id, team_id=team.id, role="leader", start_on=launched_on)
    return team


def test_nine_months_boundary():
    span = (date(2025, 11, 15), date(2026, 11, 14))
    assert q.gradable("2026-02-15", None, span) is True    # 15/02 – 14/11: nine months
    assert q.gradable("2026-02-16", None, span) is False
    assert q.gradable(None, "2026-08-14", span) is True    # 15/11 – 14/08
    assert q.gradable(None, "2026-08-13", span) is False


def test_team_grading_rules(db, area):
    old = _team(db, area, "Tổ tự quản số 1", "2024-01-01", leader="Ngô Văn Hải")
    new = _team(db, area, "Tổ tự quản số 2", "2026-04-01")
    with pytest.raises(ValidationError) as short:
        ops.save_team_grades(db, OFFICER, 2026, [{"team_id": new.id, "level": "good"}])
    assert str(short.value) == ("Tổ tự quản số 2 hoạt động dưới 9 tháng trong kỳ 15/11/2025 – 14/11/2026: "
                                "không xếp loại.")
    with pytest.raises(ValidationError, match="đang bị khiếu nại, tố cáo"):
        ops.save_team_grades(db, OFFICER, 2026, [{"team_id": old.id, "level": "good", "under_complaint": 1}])
    with pytest.raises(ValidationError) as excellent:
        ops.save_team_grades(db, OFFICER, 2026, [{"team_id": old.id, "level": "excellent",
                                                  "tasks_percent": 95, "regular_meetings": 1}])
    assert str(excellent.value) == ("Chưa đủ điều kiện “Hoàn thành xuất sắc nhiệm vụ”: cần hoàn thành "
                                    "trên 95% nhiệm vụ được giao.")
    ops.save_team_grades(db, OFFICER, 2026, [{"team_id": old.id, "level": "completed"}])
    leader = memberships.list(db, "team_id = ?", [old.id])[0]
    with pytest.raises(ValidationError) as above:
        ops.save_member_grades(db, OFFICER, 2026, [{"membership_id": leader.id, "level": "good"}])
    assert str(above.value) == ("Ngô Văn Hải là tổ trưởng: không được xếp loại cao hơn tổ "
                                "(tổ xếp loại “Hoàn thành nhiệm vụ”).")
    ops.save_member_grades(db, OFFICER, 2026, [{"membership_id": leader.id, "level": "completed"}])
    with pytest.raises(ValidationError, match="Tổ trưởng Ngô Văn Hải đã được xếp loại"):
        ops.save_team_grades(db, OFFICER, 2026, [{"team_id": old.id, "level": "not_completed"}])
    levels = [(t["name"], t["level"]) for t in q.evaluate(db, 2026)["teams"]]
    assert levels == [("Tổ tự quản số 1", "completed"), ("Tổ tự quản số 2", None)]


def test_the_cap_on_excellent_is_twenty_percent_of_good(db, area):
    teams15 = [_team(db, area, f"Tổ {n:02d}", "2024-01-01") for n in range(1, 13)]
    best = {"level": "excellent", "tasks_percent": 98, "regular_meetings": 1}
    five_good = [{"team_id": t.id, "level": "good"} for t in teams15[:5]]
    ops.save_team_grades(db, OFFICER, 2026, five_good + [{"team_id": teams15[5].id, **best}])  # 1 <= 20% of 5
    with pytest.raises(ValidationError) as capped:
        ops.save_team_grades(db, OFFICER, 2026, [{"team_id": teams15[6].id, **best}])
    assert str(capped.value) == ("Năm 2026 có 2 tổ “Hoàn thành xuất sắc nhiệm vụ” nhưng chỉ được tối đa 1 "
                                 "(20% của 5 tổ “Hoàn thành tốt nhiệm vụ”).")
    assert ev.team_gradings.count(db, "year = 2026") == 6  # nothing of the refused batch was written
    more_good = [{"team_id": t.id, "level": "good"} for t in teams15[7:12]]  # 10 good: 2 excellent allowed
    ops.save_team_grades(db, OFFICER, 2026, more_good + [{"team_id": teams15[6].id, **best}])
    levels = [t["level"] for t in q.team_levels(db, 2026)]
    assert (levels.count("excellent"), levels.count("good")) == (2, 10)


# ---- Tổ bảo vệ an ninh, trật tự ------------------------------------------------------
def test_security_members_eligibility_files_size_and_allowances(db, area):
    team = teams.create(db, ACTOR, name="Tổ bảo vệ ANTT Thôn Đông", kind="order_protection",
                        launched_on="2024-07-01", area_ids=[area.id])
    rows = [("Nguyễn Văn Tâm", "leader", "1970-05-01"), ("Trần Văn Phúc", "deputy", "1985-01-01"),
            ("Lê Thị Hoa", "member", "2009-03-01"), ("Phạm Văn Lợi", "member", "1990-01-01")]
    ids = {}
    for name, role, born in rows:
        person = people.create(db, ACTOR, full_name=name, gender="male", birth_date=born, area_id=area.id)
        ids[name] = memberships.create(db, ACTOR, person_id=person.id, team_id=team.id, role=role,
                                       start_on="2024-07-01").id
    ok = {"education": "upper_secondary", "resident_since": "2000-01-01", "health_ok": 1, "clean_record": 1,
          "file_application": 1, "file_cv": 1, "file_health": 1, "file_school": 1,
          "decision_number": "15/QĐ-UBND", "decision_date": "2024-07-01"}
    for name in ("Nguyễn Văn Tâm", "Trần Văn Phúc"):
        ops.save_security_member(db, OFFICER, ids[name], ok)
    ops.save_security_member(db, OFFICER, ids["Lê Thị Hoa"],
                             {**ok, "education": "primary", "resident_since": "2026-06-01", "file_cv": 0})
    roster = {r["name"]: r for r in q.security_roster(db, date(2026, 11, 26))}
    assert roster["Nguyễn Văn Tâm"]["problems"] == [] and roster["Nguyễn Văn Tâm"]["missing_files"] == []
    assert roster["Lê Thị Hoa"]["problems"] == ["chưa đủ 18 tuổi (17 tuổi)", "cư trú tại địa bàn chưa đủ 1 năm",
                                                "chưa tốt nghiệp trung học cơ sở"]
    assert roster["Lê Thị Hoa"]["missing_files"] == ["Sơ yếu lý lịch"]
    assert roster["Phạm Văn Lợi"]["missing_files"] == list(ev.FILE_LABELS.values())
    # 3 households in Thôn Đông (a thôn needs 4 members from 350 households): 3 needed
    assert q.security_teams(db, date(2026, 11, 26)) == [
        {"team_id": team.id, "name": "Tổ bảo vệ ANTT Thôn Đông", "members": 4, "required": 3}]
    sheet = q.allowance_sheet(db, 2026, 11)
    assert [(r["name"], r["role"], r["amount"]) for r in sheet["rows"]] == [
        ("Nguyễn Văn Tâm", "leader", 2_340_000), ("Trần Văn Phúc", "deputy", 1_638_000),
        ("Lê Thị Hoa", "member", 1_170_000), ("Phạm Văn Lợi", "member", 1_170_000)]
    assert sheet["total"] == 6_318_000


# ---- calendar and command line -------------------------------------------------------
def test_calendar_says_what_is_still_to_do(db, commune):
    items = q.calendar(db, 2026)
    assert [i["date"] for i in items] == sorted(i["date"] for i in items)
    by_code = {i["code"]: i for i in items}
    assert by_code["q1_registration"]["todo"] == ["1 cơ quan, doanh nghiệp, cơ sở giáo dục chưa đăng ký"]
    assert by_code["area_window_end"] == {"date": "2026-10-31", "code": "area_window_end",
                                          "title": "Hết kỳ đánh giá khu dân cư",
                                          "todo": ["1 hộ ở thôn Đông chưa ký cam kết"]}
    assert by_code["festival"]["todo"] == ["2 địa bàn chưa tổ chức Ngày hội"]
    ops.save_event(db, OFFICER, {"kind": "festival", "area_id": commune["dong"].id, "held_on": "2026-08-19",
                                 "place": "Nhà văn hóa thôn Đông", "participants": 250})
    assert {i["code"]: i for i in q.calendar(db, 2026)}["festival"]["todo"] == ["1 địa bàn chưa tổ chức Ngày hội"]
    assert [i["code"] for i in items] == [
        "q1_registration", "movement_force_day", "mid_year_review", "festival", "area_window_end",
        "grading_window_end", "commune_window_end", "area_classification", "commune_classification",
        "year_review"]


def test_cli_evaluate_and_calendar_json(db_path, capsys):
    from cli import main
    from storage.db.connection import open_database

    database = open_database(db_path)
    area = areas.create(database, ACTOR, name="Tổ dân phố 3", kind="residential_group")
    _household(database, area, "Đỗ Văn Khoa", "2026-01-20")
    ops.save_entry(database, OFFICER, 2026, area_id=area.id, registered=1, resolution_number="02-NQ/CB",
                   marks=_marks("area"))
    database.close()
    assert main(["evaluate", "--db", str(db_path), "--year", "2026", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {
        "year": 2026,
        "commune": {"registered": False, "subjects": 1, "registered_subjects": 1, "recognised": 1,
                    "ratio_recognised": 1.0, "result": None, "score": None, "class": None},
        "subjects": [{"kind": "area", "uuid": area.uuid, "name": "Tổ dân phố 3", "registered": True,
                      "criteria_met": 5, "criteria_total": 5, "result": "pass", "score": None, "class": None,
                      "households": 1, "households_pledged": 1}],
        "teams": []}
    assert main(["calendar", "--db", str(db_path), "--year", "2026", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert items[0] == {"date": "2026-03-31", "code": "q1_registration",
                        "title": "Hết quý I: nghị quyết, kế hoạch, đăng ký phấn đấu “An toàn về ANTT” "
                                 "của mọi đối tượng",
                        "todo": ["Xã chưa đăng ký phấn đấu đạt tiêu chuẩn “An toàn về ANTT”"]}
    assert main(["evaluate", "--db", str(db_path), "--year", "năm nay"]) == 2
    assert "không phải năm" in capsys.readouterr().err


def test_the_demo_fills_a_realistic_current_year(tmp_path):
    from storage import demo
    from storage.clock import today

    db = demo.generate(tmp_path / "demo.db", households_count=900, seed=5)
    year = today().year
    result = q.evaluate(db, year)
    results = [s["result"] for s in result["subjects"]]
    assert "pass" in results and "fail" in results
    assert {s["kind"] for s in result["subjects"]} >= {"area", "agency", "enterprise"}
    names = {r[0] for r in db.conn.execute("SELECT name FROM organisations")}
    excluded = {s["name"] for s in result["subjects"]}
    assert any(n.startswith("Trường Mầm non") for n in names - excluded)  # TT 124 Điều 1
    levels = [t["level"] for t in result["teams"]]
    assert levels.count("good") > 0 and levels.count("excellent") <= int(levels.count("good") * 0.2)
    ev.check_excellent_cap(db, year)
    assert q.security_roster(db, today()) and q.allowance_sheet(db, year, today().month)["total"] > 0
    db.close()


def test_period_figures_carry_the_evaluation_and_the_superior_sums_them(db, commune):
    import copy

    from storage.exchange.aggregate import sum_figures
    from storage.query.figure_labels import lines, value_at
    from storage.query.periods import station_period
    from storage.query.stats import period_figures

    ops.save_event(db, OFFICER, {"kind": "propaganda", "area_id": commune["tay"].id, "held_on": "2026-05-04",
                                 "participants": 80})
    period = station_period(db, "2026")
    figures = period_figures(db, period)
    assert figures["evaluation"] == {
        "year": 2026, "subjects": 4, "registered_subjects": 3, "recognised": 2, "ratio_recognised": 0.5,
        "organisations": 2, "organisations_recognised": 1, "commune_passed": 0, "teams_graded": 0,
        "teams_excellent": 0, "teams_good": 0, "teams_completed": 0, "teams_not_completed": 0,
        "propaganda_sessions": 1, "trainings": 0, "festivals": 0, "event_participants": 80, "security_members": 0}
    assert (figures["areas"]["registered"], figures["areas"]["recognised_safe"]) == (2, 1)
    assert ("Đối tượng đạt tiêu chuẩn “an toàn về ANTT”", "2") in lines(figures)
    other = copy.deepcopy(figures)
    other["evaluation"].update(subjects=6, recognised=6, ratio_recognised=1.0, commune_passed=1)
    total = sum_figures([figures, other], period)["evaluation"]
    assert (total["subjects"], total["recognised"], total["ratio_recognised"], total["commune_passed"],
            total["year"]) == (10, 8, 0.8, 1, 2026)
    older = {k: v for k, v in figures.items() if k != "evaluation"}  # a package from before issue 13
    assert value_at(older, "evaluation.recognised") == 0


def test_commendations_only_what_the_authority_may_award(db, area):
    from storage.records.reviews import commendations

    with pytest.raises(ValidationError) as refused:
        commendations.create(db, ACTOR, target_kind="area", area_id=area.id, level="commune_committee",
                             form="merit", awarded_on="2026-01-15")
    assert str(refused.value) == ("UBND xã không tặng bằng khen; bằng khen do Chủ tịch UBND tỉnh hoặc Bộ trưởng "
                                  "tặng (Luật Thi đua, khen thưởng 2022). Hãy chọn giấy khen hoặc cấp khen "
                                  "thưởng đúng.")
    given = commendations.create(db, ACTOR, target_kind="area", area_id=area.id, level="UBND xã",
                                 form="Giấy khen", awarded_on="2026-01-15")
    assert (given.level, given.form) == ("commune_committee", "certificate")
    merit = commendations.create(db, ACTOR, target_kind="area", area_id=area.id, level="province_committee",
                                 form="merit", awarded_on="2026-01-15")
    assert merit.form == "merit"


def test_models_count_the_teams_that_carry_them_out(db, area):
    from storage.query.periods import station_period
    from storage.query.stats import period_figures

    model = models.create(db, ACTOR, name="Camera an ninh", launched_on="2024-05-01", area_ids=[area.id])
    first = _team(db, area, "Tổ tự quản số 1", "2024-01-01")
    second = _team(db, area, "Tổ tự quản số 2", "2024-01-01")
    ops.set_model_teams(db, OFFICER, model.id, [first.id, second.id, first.id])
    assert ev.model_team_ids(db, model.id) == [first.id, second.id]
    teams.delete(db, ACTOR, second.id)  # a team in the trash no longer counts
    figures = period_figures(db, station_period(db, "2026"))["models"]
    assert (figures["teams"], figures["by_name"]) == (1, [{"name": "Camera an ninh", "points": 1, "teams": 1,
                                                           "exemplary": False}])
    last = db.conn.execute("SELECT action, table_name, before, after FROM audit_log ORDER BY id DESC LIMIT 2"
                           ).fetchall()[1]
    assert last[:2] == ("update", "models") and json.loads(last[3]) == {"team_ids": [first.id, second.id]}
