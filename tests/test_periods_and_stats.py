from datetime import date

import pytest

from storage.errors import ValidationError
from storage.query.periods import parse_period, station_period
from storage.query.stats import period_figures
from storage.records import settings as station_settings
from storage.records.households import households
from storage.records.incidents import reintegration_cases, surrendered_items, tips
from storage.records.mediation import MEDIATOR, PARTY, mediation_cases
from storage.records.models import models
from storage.records.patrols import patrols
from storage.records.people import people
from storage.records.pledges import pledges
from storage.records.reviews import area_assessments, commendations
from storage.records.teams import memberships, teams
from tests.conftest import ACTOR


@pytest.mark.parametrize("code, start, end", [
    ("2026", date(2026, 1, 1), date(2026, 12, 31)),
    ("2026-H1", date(2026, 1, 1), date(2026, 6, 30)),
    ("2026-h2", date(2026, 7, 1), date(2026, 12, 31)),
    ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
    ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
    ("2026-01-15..2026-06-14", date(2026, 1, 15), date(2026, 6, 14)),
])
def test_period_codes(code, start, end):
    period = parse_period(code)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("bad", ["2026-13", "26", "2026-H3", "2026-Q5", "năm nay", "2026-06-14..2026-01-15",
                                 "2026-02-30..2026-03-01"])
def test_bad_period_codes_explain_the_format(bad):
    with pytest.raises(ValidationError, match="2026-H1"):
        parse_period(bad)


def test_labels_and_previous():
    assert parse_period("2026-Q3").label == "quý III năm 2026"
    assert parse_period("2026-H1").previous().code == "2025-H1"
    assert parse_period("2026-01-01..2026-01-10").previous().code == "2025-12-22..2025-12-31"


def test_station_year_start_shifts_periods(db):
    station_settings.put(db, "period_year_start", "12-15")
    period = station_period(db, "2026")
    assert (period.start, period.end) == (date(2025, 12, 15), date(2026, 12, 14))
    h1 = station_period(db, "2026-H1")
    assert (h1.start, h1.end) == (date(2025, 12, 15), date(2026, 6, 14))


def test_period_figures_match_hand_counts(db, area):
    # Hand-made data for the first half of 2026, plus records outside it that must not count.
    a, b, c = (people.create(db, ACTOR, full_name=n, area_id=area.id).id
               for n in ("Lê Văn An", "Lê Thị Bình", "Phạm Văn Cường"))
    h1 = households.create(db, ACTOR, head_id=a, area_id=area.id).id
    h2 = households.create(db, ACTOR, head_id=c, area_id=area.id).id
    pledges.create(db, ACTOR, household_id=h1, status="đã ký", signed_on="2026-03-01")
    pledges.create(db, ACTOR, household_id=h2, status="đã in", ceremony_date="2026-03-01")
    pledges.create(db, ACTOR, household_id=h2, status="đã ký", signed_on="2025-03-01")  # last year
    t1 = teams.create(db, ACTOR, name="Tổ A", kind="Tổ hòa giải", launched_on="2025-01-01").id
    t2 = teams.create(db, ACTOR, name="Tổ B", kind="Tổ bảo vệ an ninh, trật tự", launched_on="2026-02-01").id
    teams.create(db, ACTOR, name="Tổ C", kind="Tổ hòa giải", launched_on="2024-01-01",
                 ended_on="2025-06-01", end_reason="Giải thể")  # ended before the period
    memberships.create(db, ACTOR, person_id=a, team_id=t1, role="tổ trưởng", start_on="2025-01-01")
    memberships.create(db, ACTOR, person_id=b, team_id=t1, start_on="2025-01-01")
    memberships.create(db, ACTOR, person_id=a, team_id=t2, start_on="2026-02-01")
    for day, found in (("2026-02-02", "Tụ tập"), ("2026-02-09", None), ("2026-07-01", "ngoài kỳ")):
        patrols.create(db, ACTOR, team_id=t2, patrol_date=day, route="Đường thôn", findings=found,
                       member_ids=[a])
    parties = [{"role": PARTY, "name": "X Y"}, {"role": PARTY, "name": "Z W"}, {"role": MEDIATOR, "name": "M N"}]
    mediation_cases.create(db, ACTOR, received_on="2026-03-01", category="Đất đai", content="a", people=parties,
                           result="thành", result_on="2026-03-05", agreement="ok")
    mediation_cases.create(db, ACTOR, received_on="2026-04-01", category="Dân sự", content="b", people=parties,
                           result="không thành", result_on="2026-04-05")
    mediation_cases.create(db, ACTOR, received_on="2026-05-01", category="Dân sự", content="c", people=parties)
    tips.create(db, ACTOR, received_on="2026-01-20", channel="Trực tiếp", content="x", valuable=1)
    tips.create(db, ACTOR, received_on="2026-01-21", channel="Trực tiếp", content="y")
    surrendered_items.create(db, ACTOR, received_on="2026-03-03", kind="Pháo", quantity=2.5, unit="kg")
    surrendered_items.create(db, ACTOR, received_on="2026-03-04", kind="Pháo", quantity=1.5, unit="kg")
    reintegration_cases.create(db, ACTOR, person_id=c, source="đặc xá", started_on="2025-10-01")
    commendations.create(db, ACTOR, target_kind="tổ", team_id=t1, level="UBND xã", form="Giấy khen",
                         awarded_on="2026-05-05")
    models.create(db, ACTOR, name="Camera an ninh", area_ids=[area.id], exemplary=1, launched_on="2025-01-01")
    area_assessments.create(db, ACTOR, area_id=area.id, year=2026, registered=1, recognised=1)
    deleted = tips.create(db, ACTOR, received_on="2026-01-22", channel="Trực tiếp", content="z")
    tips.delete(db, ACTOR, deleted.id)  # the trash never counts

    f = period_figures(db, parse_period("2026-H1"))
    assert f["areas"] == {"total": 1, "year": 2026, "registered": 1, "recognised_safe": 1, "ratio_recognised": 1.0}
    assert f["teams"]["total"] == 2 and f["teams"]["members"] == 2 and f["teams"]["launched"] == 1
    assert f["teams"]["by_kind"] == [
        {"kind": "order_protection", "label": "Tổ bảo vệ an ninh, trật tự", "teams": 1, "members": 1},
        {"kind": "mediation", "label": "Tổ hòa giải", "teams": 1, "members": 2}]
    assert f["households"] == {"total": 2, "pledged": 1, "ratio_pledged": 0.5}
    assert f["patrols"]["total"] == 2 and f["patrols"]["with_findings"] == 1
    assert f["patrols"]["person_turns"] == 2
    assert f["patrols"]["by_month"] == [{"month": "2026-02", "count": 2}]
    assert (f["mediation"]["received"], f["mediation"]["settled"], f["mediation"]["not_settled"],
            f["mediation"]["in_progress"], f["mediation"]["ratio_settled"]) == (3, 1, 1, 1, 0.5)
    assert f["tips"] == {"received": 2, "valuable": 1}
    assert f["surrendered"] == {"handovers": 2, "by_kind": [{"kind": "firecracker", "label": "Pháo", "unit": "kg",
                                                             "quantity": 4, "handovers": 2}]}
    assert f["reintegration"]["total"] == 1 and f["reintegration"]["new"] == 0
    assert f["commendations"]["total"] == 1 and f["commendations"]["by_level"] == [
        {"level": "commune_committee", "label": "UBND xã", "count": 1}]
    assert f["models"]["total"] == 1 and f["models"]["points"] == 1 and f["models"]["exemplary"] == 1
    for section in f.values():
        for key, value in section.items():
            if key.startswith("ratio"):
                assert isinstance(value, float)
            elif key in ("total", "received", "settled", "members", "pledged", "handovers"):
                assert isinstance(value, int)


def test_a_team_carrying_out_two_models_counts_once(db, area):
    from storage.records.evaluation import set_model_teams

    team = teams.create(db, ACTOR, name="Tổ tự quản Đông", kind="Tổ tự phòng, tự quản, tự bảo vệ",
                        launched_on="2025-01-01")
    other = teams.create(db, ACTOR, name="Tổ hòa giải Đông", kind="Tổ hòa giải", launched_on="2025-01-01")
    camera = models.create(db, ACTOR, name="Camera an ninh", launched_on="2025-05-01", area_ids=[area.id])
    lights = models.create(db, ACTOR, name="Thắp sáng đường quê", launched_on="2025-05-01", area_ids=[area.id])
    set_model_teams(db, camera.id, [team.id, other.id])
    set_model_teams(db, lights.id, [team.id])
    figures = period_figures(db, parse_period("2026"))
    assert figures["models"]["teams"] == 2  # three (model, team) pairs, two teams
    assert [(m["name"], m["teams"]) for m in figures["models"]["by_name"]] == [
        ("Camera an ninh", 2), ("Thắp sáng đường quê", 1)]


def test_the_report_lists_a_kind_handed_in_only_last_year(db):
    from storage.documents import gather

    surrendered_items.create(db, ACTOR, received_on="2025-08-11", kind="Dao, kiếm và vũ khí thô sơ", quantity=6, unit="cái")
    surrendered_items.create(db, ACTOR, received_on="2026-03-03", kind="Pháo", quantity=4, unit="kg")
    rows = gather.period_report(db, parse_period("2026")).breakdowns
    handed = [row for row in rows if row[0].startswith("Giao nộp")]
    assert handed == [("Giao nộp pháo (kg)", "4", "0"), ("Giao nộp dao, kiếm và vũ khí thô sơ (cái)", "0", "6")]


def test_a_six_month_report_leaves_out_the_years_results(db):
    from storage.documents import gather

    half = [row[0] for row in gather.period_report(db, parse_period("2026-H1")).rows]
    year = [row[0] for row in gather.period_report(db, parse_period("2026")).rows]
    results = ["Địa bàn được công nhận “an toàn về ANTT”", "Số tổ được xếp loại", "Tổ hoàn thành xuất sắc nhiệm vụ",
               "Xã đạt tiêu chuẩn “an toàn về ANTT”"]
    assert [label for label in results if label in half] == []
    assert [label for label in results if label in year] == results
    assert "Địa bàn đăng ký xây dựng “an toàn về ANTT”" in half  # registering is done in the first quarter
