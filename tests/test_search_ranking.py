"""Search ranks a record's own name above records that match only through their area,
and finds a record by the name the app shows for it."""

from __future__ import annotations

from storage.query.search import matching_ids, search
from storage.records.areas import areas
from storage.records.households import households
from storage.records.people import people
from tests.conftest import ACTOR


def test_people_named_so_come_before_households_of_the_area_named_so(db):
    hung_long = areas.create(db, ACTOR, name="Hưng Long", kind="village")
    other = areas.create(db, ACTOR, name="Tân Lập", kind="village")
    for given in ("Tám", "Bảy", "Sáu", "Năm", "Tư"):
        head = people.create(db, ACTOR, full_name=f"Nguyễn Văn {given}", area_id=hung_long.id)
        households.create(db, ACTOR, head_id=head.id, area_id=hung_long.id, address="Hưng Long")
    # CCCD and phone make the person's indexed text longer: bm25 alone put him last
    hung = people.create(db, ACTOR, full_name="Nguyễn Văn Hùng", area_id=other.id, cccd="037180001234",
                         phone="0912345678")
    hits = search(db, "nguyen van hung")
    assert (hits[0].kind, hits[0].id, hits[0].name) == ("person", hung.id, "Nguyễn Văn Hùng")
    assert [h.kind for h in hits[1:]] == ["household"] * 5  # still found, below


def test_a_household_is_found_by_the_name_the_app_shows(db, area):
    head = people.create(db, ACTOR, full_name="Nguyễn Văn An", area_id=area.id)
    home = households.create(db, ACTOR, head_id=head.id, area_id=area.id)
    people.create(db, ACTOR, full_name="Hồ Văn An", area_id=area.id)
    for query in ("Hộ Nguyễn Văn An", "ho nguyen van an", "HỘ NGUYỄN VĂN AN"):
        hits = search(db, query)
        assert (hits[0].kind, hits[0].id, hits[0].name) == ("household", home.id, "Hộ Nguyễn Văn An"), query
    assert matching_ids(db, "household", "Hộ Nguyễn Văn An") == [home.id]
    # "Hồ" the family name is still a name: the person Hồ Văn An is found as before
    assert [h.name for h in search(db, "Hồ Văn An") if h.kind == "person"] == ["Hồ Văn An"]


def test_an_area_is_found_as_the_app_shows_it(db):
    lac = areas.create(db, ACTOR, name="An Lạc", kind="village")
    assert [(h.id, h.name) for h in search(db, "Thôn An Lạc", kinds=("area",))] == [(lac.id, "Thôn An Lạc")]
    assert [h.id for h in search(db, "thon an lac", kinds=("area",))] == [lac.id]
