"""Teams, memberships, models, pledges, patrols, mediation, tips, items, reviews."""

import pytest

from storage.errors import ValidationError
from storage.records import lists
from storage.records import pledges as pledge_module
from storage.records.incidents import reintegration_cases, surrendered_items, tips
from storage.records.mediation import EXCLUDED_WARNING, MEDIATOR, PARTY, mediation_cases
from storage.records.models import models
from storage.records.patrols import patrols
from storage.records.people import history, people
from storage.records.pledges import pledge_texts, pledges
from storage.records.reviews import area_assessments, commendations, reviews
from storage.records.teams import change_role, members_of, memberships, teams
from tests.conftest import ACTOR


@pytest.fixture
def team(db, area):
    return teams.create(db, ACTOR, name="Tổ bảo vệ ANTT thôn Đông", kind="Tổ bảo vệ an ninh, trật tự",
                        launched_on="2024-07-01", area_ids=[area.id])


def test_lists_are_seeded(db):
    assert lists.labels(db, lists.TEAM_KINDS)[:2] == ["Tổ tự phòng, tự quản, tự bảo vệ", "Tổ an ninh nhân dân"]
    assert "Hôn nhân và gia đình" in lists.labels(db, lists.MEDIATION_CATEGORIES)
    with pytest.raises(ValidationError, match="đã có trong danh mục"):
        lists.list_items.create(db, ACTOR, list_name=lists.TEAM_KINDS, label="tổ an ninh nhân dân")


def test_team_with_areas_and_ending_needs_reason(db, team, area):
    assert teams.get(db, team.id).area_ids == [area.id]
    with pytest.raises(ValidationError, match="lý do kết thúc"):
        teams.update(db, ACTOR, team.id, ended_on="2025-01-01")
    ended = teams.update(db, ACTOR, team.id, ended_on="2025-01-01", end_reason="Sáp nhập thôn")
    assert ended.status == "ended"
    with pytest.raises(ValidationError, match="Ngày kết thúc phải sau ngày ra mắt"):
        teams.create(db, ACTOR, name="Tổ B", kind="Tổ hòa giải", launched_on="2025-05-01",
                     ended_on="2025-04-01", end_reason="x")


def test_membership_inside_team_life_and_history(db, team, person):
    with pytest.raises(ValidationError, match="từ ngày ra mắt tổ"):
        memberships.create(db, ACTOR, person_id=person.id, team_id=team.id, start_on="2024-01-01")
    m = memberships.create(db, ACTOR, person_id=person.id, team_id=team.id, role="tổ trưởng",
                           start_on="2024-07-01")
    with pytest.raises(ValidationError, match="đã là thành viên"):
        memberships.create(db, ACTOR, person_id=person.id, team_id=team.id, start_on="2024-08-01")
    with pytest.raises(ValidationError, match="Ngày thôi phải sau ngày bắt đầu"):
        memberships.update(db, ACTOR, m.id, end_on="2024-06-01")
    new = change_role(db, ACTOR, m.id, "tổ phó", "2025-01-01")
    assert memberships.get(db, m.id).end_on == "2024-12-31"
    assert (new.role, new.start_on, new.end_on) == ("deputy", "2025-01-01", None)
    assert [(h["role"], h["end_on"]) for h in history(db, person.id)] == [("deputy", None),
                                                                          ("leader", "2024-12-31")]
    assert [r["full_name"] for r in members_of(db, team.id)] == ["Nguyễn Thị Hương"]
    teams.update(db, ACTOR, team.id, ended_on="2025-06-30", end_reason="Giải thể")
    with pytest.raises(ValidationError, match="thời gian hoạt động của tổ"):
        memberships.create(db, ACTOR, person_id=people.create(db, ACTOR, full_name="Lê Văn Tư").id,
                           team_id=team.id, start_on="2025-07-01")


def test_models_with_points_and_end_reason(db, area):
    model = models.create(db, ACTOR, name="Camera an ninh", area_ids=[area.id], exemplary=True)
    assert model.area_ids == [area.id] and model.exemplary == 1
    with pytest.raises(ValidationError, match="cần ghi lý do"):
        models.update(db, ACTOR, model.id, status="kết thúc")


def test_pledge_texts_refuse_unknown_placeholders(db):
    with pytest.raises(ValidationError, match=r"\{ho_ten\}"):
        pledge_texts.create(db, ACTOR, title="Mẫu", body="Tôi là {ho_ten}, ở {dia_chi}")
    text = pledge_module.default_text(db)
    filled = pledge_module.fill(text.body, {"chu_ho": "Nguyễn Văn A", "nam_sinh": "1970"})
    assert filled.startswith("Tôi là: Nguyễn Văn A, sinh năm: 1970")


def test_pledge_lifecycle(db, area, person):
    from storage.records.households import households

    household = households.create(db, ACTOR, head_id=person.id, area_id=area.id)
    text = pledge_module.default_text(db)
    pledge = pledges.create(db, ACTOR, household_id=household.id, text_id=text.id,
                            ceremony_date="2026-03-01", ceremony_place="Nhà văn hóa thôn Đông")
    assert (pledge.status, pledge.text_version) == ("unprinted", 1)
    pledge_module.mark(db, ACTOR, [pledge.id], "đã in")
    pledge_module.mark(db, ACTOR, [pledge.id], "đã ký", on="2026-03-01")
    row = db["pledges"].get(pledge.id)
    assert (row["status"], row["signed_on"]) == ("signed", "2026-03-01")
    with pytest.raises(ValidationError, match="Trạng thái “đã nộp” không hợp lệ; hãy chọn một trong: "
                                              "chưa in, đã in, đã ký, hủy"):
        pledges.update(db, ACTOR, pledge.id, status="đã nộp")


def test_patrols_need_team_date_and_route(db, team, person):
    with pytest.raises(ValidationError) as caught:
        patrols.create(db, ACTOR, team_id=team.id, patrol_date="")
    assert {"patrol_date", "route"} <= set(caught.value.errors)
    patrol = patrols.create(db, ACTOR, team_id=team.id, patrol_date="2026-05-02", start_time="22h00",
                            end_time="02:00", route="Đường liên thôn", member_ids=[person.id])
    assert (patrol.start_time, patrol.end_time, patrol.member_ids) == ("22:00", "02:00", [person.id])
    with pytest.raises(ValidationError, match="giờ:phút"):
        patrols.update(db, ACTOR, patrol.id, start_time="25:00")


@pytest.mark.parametrize("typed, stored", [("1930", "19:30"), ("930", "09:30"), ("19h30", "19:30"), ("19g30", "19:30"),
                                           ("19.30", "19:30"), ("19h", "19:00"), ("7", "07:00"), (" 21:05 ", "21:05")])
def test_a_patrol_time_typed_as_officers_type_it(db, team, typed, stored):
    patrol = patrols.create(db, ACTOR, team_id=team.id, patrol_date="2026-05-02", start_time=typed, route="Đê")
    assert db["patrols"].get(patrol.id)["start_time"] == stored


@pytest.mark.parametrize("typed", ["2460", "24", "19:5", "19:60", "1:2:3", "tối", "12345"])
def test_an_impossible_patrol_time_is_refused_in_a_sentence(db, team, typed):
    with pytest.raises(ValidationError) as refused:
        patrols.create(db, ACTOR, team_id=team.id, patrol_date="2026-05-02", start_time=typed, route="Đê")
    assert refused.value.errors == {
        "start_time": f"Giờ bắt đầu “{typed}” không hợp lệ; hãy nhập giờ:phút, ví dụ 19:30 (hoặc gõ 1930)."}


def _case(**extra):
    values = {"received_on": "2026-04-01", "category": "Đất đai", "content": "Tranh chấp lối đi chung",
              "people": [{"role": PARTY, "name": "Trần Văn Nam", "age": 50},
                         {"role": PARTY, "name": "Đỗ Thị Lan", "age": 47},
                         {"role": MEDIATOR, "name": "Hoàng Văn Hòa"}]}
    values.update(extra)
    return values


def test_mediation_case_rules(db):
    case = mediation_cases.create(db, ACTOR, **_case())
    assert [p["name"] for p in case.parties] == ["Trần Văn Nam", "Đỗ Thị Lan"]
    with pytest.raises(ValidationError, match="ít nhất hai bên"):
        mediation_cases.create(db, ACTOR, **_case(people=[{"role": PARTY, "name": "A B"}]))
    with pytest.raises(ValidationError, match="ngày có kết quả"):
        mediation_cases.update(db, ACTOR, case.id, result="không thành")
    with pytest.raises(ValidationError, match="thỏa thuận"):
        mediation_cases.update(db, ACTOR, case.id, result="thành", result_on="2026-04-05")
    settled = mediation_cases.update(db, ACTOR, case.id, result="thành", result_on="2026-04-05",
                                     agreement="Mở lối đi rộng 2 m")
    assert settled.result == "settled"
    assert [p["role"] for p in settled.people] == ["party", "party", "mediator"]
    with pytest.raises(ValidationError, match="Lĩnh vực “Hình sự” không có trong danh mục"):
        mediation_cases.create(db, ACTOR, **_case(category="Hình sự"))


def test_mediation_excluded_matter_warns_and_cannot_be_settled(db):
    case = mediation_cases.create(db, ACTOR, **_case(excluded_matter=True, excluded_reason="Cố ý gây thương tích"))
    assert case.warning == EXCLUDED_WARNING
    with pytest.raises(ValidationError, match="Điều 3 Luật Hòa giải"):
        mediation_cases.update(db, ACTOR, case.id, result="thành", result_on="2026-04-02",
                               agreement="x")


def test_tips_items_and_reintegration(db, person):
    tip = tips.create(db, ACTOR, received_on="2026-02-03", channel="Điện thoại", content="Nghi đánh bạc",
                      valuable=True, informant_name="Người giấu tên")
    assert tip.valuable == 1
    with pytest.raises(ValidationError, match="lớn hơn 0"):
        surrendered_items.create(db, ACTOR, received_on="2026-02-03", kind="Pháo", quantity=-2, unit="kg")
    item = surrendered_items.create(db, ACTOR, received_on="2026-02-03", kind="Pháo", quantity="1,5", unit="kg")
    assert (item.quantity, item.kind, tip.channel) == (1.5, "firecracker", "phone")
    case = reintegration_cases.create(db, ACTOR, person_id=person.id, source="đặc xá", started_on="2025-09-02")
    assert (case.source, case.status) == ("amnesty", "helping")
    with pytest.raises(ValidationError, match="Loại “Súng đồ chơi” không có trong danh mục"):
        surrendered_items.create(db, ACTOR, received_on="2026-02-03", kind="Súng đồ chơi", quantity=1, unit="khẩu")


def test_reviews_commendations_assessments(db, team, area):
    with pytest.raises(ValidationError, match="Ngày cuối kỳ phải sau ngày đầu kỳ"):
        reviews.create(db, ACTOR, kind="sơ kết", period_start="2026-06-30", period_end="2026-01-01")
    review = reviews.create(db, ACTOR, kind="sơ kết", period_start="2026-01-01", period_end="2026-06-30",
                            started_at="2026-07-05 08:00", ended_at="2026-07-05 11:00")
    assert review.started_at == "2026-07-05T08:00"
    award = commendations.create(db, ACTOR, target_kind="tổ", team_id=team.id, level="UBND xã",
                                 form="Giấy khen", awarded_on="2026-01-10")
    assert (award.target_name, award.target_kind, award.level, award.form) == (
        team.name, "team", "commune_committee", "certificate")
    assert review.kind == "interim"
    area_assessments.create(db, ACTOR, area_id=area.id, year=2025, registered=1, recognised=1)
    with pytest.raises(ValidationError, match="đã có kết quả đánh giá năm 2025"):
        area_assessments.create(db, ACTOR, area_id=area.id, year=2025, registered=1)
    with pytest.raises(ValidationError, match="khi đã đăng ký"):
        area_assessments.create(db, ACTOR, area_id=area.id, year=2024, recognised=1)
