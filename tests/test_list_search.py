"""Filtering the long lists without a search kind (pledges, patrols) through list_search
(migration 10): accents optional, kept current by triggers when the record, the head
of its household, the household's head or the team's name changes, and through the
trash; and the matches kept in the order shown."""

from __future__ import annotations

from storage.query.listing import LISTS, ListQuery
from storage.records.households import households
from storage.records.patrols import patrols
from storage.records.people import people
from storage.records.pledges import pledges
from storage.records.teams import teams

ACTOR = "cán bộ kiểm thử"


def shown(db, key: str, text: str) -> list[int]:
    return LISTS[key].ids(db, text)


def test_pledges_are_found_by_head_and_place_and_follow_every_change(db, world):
    pledge = pledges.create(db, ACTOR, household_id=world["home"].id, ceremony_place="Nhà văn hóa thôn Đông",
                            status="unprinted")
    assert shown(db, "pledges", "pham dat") == [pledge.id]
    assert shown(db, "pledges", "Phạm Văn Đạt") == [pledge.id]
    assert shown(db, "pledges", "dat nha van hoa") == [pledge.id]  # name and place words together
    assert shown(db, "pledges", "le thi man") == []
    pledges.update(db, ACTOR, pledge.id, ceremony_place="Hội trường xã")
    assert shown(db, "pledges", "van hoa") == []
    assert shown(db, "pledges", "hoi truong") == [pledge.id]
    people.update(db, ACTOR, world["head"].id, full_name="Phạm Văn Đông")  # the head renamed
    assert shown(db, "pledges", "dat") == []
    assert shown(db, "pledges", "pham dong") == [pledge.id]
    households.update(db, ACTOR, world["home"].id, head_id=world["helper"].id)  # another head
    assert shown(db, "pledges", "pham") == []
    assert shown(db, "pledges", "le man") == [pledge.id]
    pledges.delete(db, ACTOR, pledge.id)
    assert shown(db, "pledges", "le man") == []
    pledges.restore(db, ACTOR, pledge.id)
    assert shown(db, "pledges", "le man") == [pledge.id]


def test_patrols_are_found_by_route_findings_and_team(db, world):
    team, helper = world["team"], world["helper"]
    first = patrols.create(db, ACTOR, team_id=team.id, patrol_date="2026-03-02", route="Đường trục thôn",
                           member_ids=[helper.id], findings="Nhóm thanh niên tụ tập")
    second = patrols.create(db, ACTOR, team_id=team.id, patrol_date="2026-03-05", route="Bờ đê",
                            member_ids=[helper.id])
    assert shown(db, "patrols", "duong truc") == [first.id]
    assert shown(db, "patrols", "tu tap") == [first.id]
    assert shown(db, "patrols", "bao ve thon dong") == [second.id, first.id]  # newest first, as shown
    teams.update(db, ACTOR, team.id, name="Tổ tuần tra xóm Bãi")
    assert shown(db, "patrols", "bao ve") == []
    assert shown(db, "patrols", "xom bai de") == [second.id]
    patrols.update(db, ACTOR, second.id, route="Cánh đồng")
    assert shown(db, "patrols", "bo de") == []
    assert shown(db, "patrols", "canh dong") == [second.id]
    assert LISTS["patrols"].matching(db, "   ") is None  # no words: no filter


def test_keep_order_places_few_matches_by_position_and_many_by_one_pass():
    ordered = [9, 3, 7, 1, 5, 2, 8, 4, 6, 10, 11, 12, 13, 14, 15, 16, 17, 18]
    positions = ListQuery.positions(ordered)
    assert ListQuery.keep_order(ordered, positions, {1, 9}) == [9, 1]
    assert ListQuery.keep_order(ordered, positions, {1, 9, 99}) == [9, 1]  # a match no longer listed
    assert ListQuery.keep_order(ordered, positions, set(ordered) - {3}) == [i for i in ordered if i != 3]
    assert ListQuery.keep_order(ordered, None, {5, 9}) == [9, 5]
    assert ListQuery.keep_order(ordered, positions, None) is ordered


def test_distinct_years_newest_first_without_the_trash(db, world):
    from storage.query.lookups import distinct_years

    home = world["home"].id
    for day in ("2024-05-01", "2026-01-02", "2026-12-31", "2019-07-07"):
        made = pledges.create(db, ACTOR, household_id=home, ceremony_date=day, status="unprinted")
    pledges.delete(db, ACTOR, made.id)  # 2019 only in the trash
    pledges.create(db, ACTOR, household_id=home, status="unprinted")  # no date
    assert distinct_years(db, "pledges", "ceremony_date") == [2026, 2024]
    assert distinct_years(db, "patrols", "patrol_date") == []


def test_people_matches_cross_from_sqlite_as_one_value_and_equal_the_index_rows(db, world):
    """The people filter reads its matches as one string built in SQLite (issue 17: 140,000
    rows as Python tuples cost more than the search): the same ids as the index rows, an
    empty set when nothing matches, None when nothing was typed."""
    for index in range(30):
        people.create(db, ACTOR, full_name=f"Nguyễn Văn Thứ{index}", area_id=world["east"].id)
    spec = LISTS["people"]
    for text in ("ng", "nguyen van", "Phạm Đạt", "thu1", "le thi man"):
        sql, params = spec.bare_match(text)
        assert spec.matching(db, text) == {rowid // 8 for (rowid,) in db.conn.execute(sql, params)}
    assert len(spec.matching(db, "nguyen van thu")) == 30
    assert spec.matching(db, "khong co ai") == set()
    assert spec.matching(db, "  ") is None
    assert shown(db, "people", "pham dat") == [world["head"].id]
    # what the list's worker shows: many matches kept through a mask by id, few by position
    ordered = spec.ordered_ids(db, sort=0, descending=True)
    positions = ListQuery.positions(ordered)
    for text in ("ng", "nguyen van thu2", "pham dat", "le", "khong co ai", "  "):
        expected = ListQuery.keep_order(ordered, positions, spec.matching(db, text))
        assert spec.shown(db, text, ordered, positions) == expected
        assert spec.shown(db, text, ordered) == expected
    assert spec.shown(db, "nguyen", ordered) == [i for i in ordered if i in spec.matching(db, "nguyen")]
    assert len(spec.shown(db, "nguyen", ordered)) == 30 and spec.shown(db, " ", ordered) is ordered
    backwards = list(reversed(ordered))  # another order: the gatherer kept for the last one is not reused
    assert spec.shown(db, "nguyen", backwards) == list(reversed(spec.shown(db, "nguyen", ordered)))
    assert spec.shown(db, "ng", ordered[:1]) == [i for i in ordered[:1] if i in spec.matching(db, "ng")]
