import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.query.search import match_expression, matching_ids, search
from storage.records.households import households
from storage.records.mediation import PARTY, mediation_cases
from storage.records.people import people
from storage.records.teams import teams
from tests.conftest import ACTOR


@pytest.fixture
def residents(db, area):
    made = {}
    for name in ("Nguyễn Văn Đường", "Dương Thị Thuỷ", "Hoàng Văn Hòa", "Trần Thị Dung", "Đỗ Minh Đức"):
        made[name] = people.create(db, ACTOR, full_name=name, area_id=area.id)
    return made


def names(hits):
    return sorted(h.name for h in hits)


def test_accentless_query_finds_accented_names(db, residents):
    assert names(search(db, "nguyen")) == ["Nguyễn Văn Đường"]
    assert names(search(db, "duong")) == ["Dương Thị Thuỷ", "Nguyễn Văn Đường"]  # đ folds to d


def test_d_stroke_in_query_and_in_data(db, residents):
    assert names(search(db, "Đức")) == ["Đỗ Minh Đức"]
    assert names(search(db, "do minh duc")) == ["Đỗ Minh Đức"]


def test_nfd_query_and_old_tone_placement(db, residents):
    assert names(search(db, unicodedata.normalize("NFD", "Thủy"))) == ["Dương Thị Thuỷ"]
    assert names(search(db, "Hoà")) == ["Hoàng Văn Hòa"]  # old placement finds new
    assert names(search(db, "thuỷ")) == ["Dương Thị Thuỷ"]


def test_prefix_matching_and_all_words_required(db, residents):
    assert names(search(db, "ng v d")) == ["Nguyễn Văn Đường"]
    assert names(search(db, "tran thi")) == ["Trần Thị Dung"]
    assert search(db, "tran hoa") == []


@pytest.mark.parametrize("query", ['"', '*', 'AND', 'NEAR(', '-', 'OR NOT', '"nguyen', 'nguyen*',
                                   'duong AND', '(', ')', '^', ':', "'", "\\", "NEAR(duong, 2)"])
def test_fts_syntax_typed_by_a_person_never_raises(db, residents, query):
    search(db, query)


def test_fts_syntax_still_searches_the_words(db, residents):
    assert names(search(db, '"nguyen')) == ["Nguyễn Văn Đường"]
    assert names(search(db, "-duong*")) == ["Dương Thị Thuỷ", "Nguyễn Văn Đường"]


def test_empty_query_returns_nothing(db, residents):
    assert search(db, "   ") == [] and search(db, "!!!") == []
    assert match_expression("") is None


def test_deleted_records_disappear_and_come_back(db, residents):
    person = residents["Đỗ Minh Đức"]
    people.delete(db, ACTOR, person.id)
    assert search(db, "duc") == []
    people.restore(db, ACTOR, person.id)
    assert names(search(db, "duc")) == ["Đỗ Minh Đức"]


def test_search_covers_households_teams_and_mediation(db, area, residents):
    households.create(db, ACTOR, head_id=residents["Trần Thị Dung"].id, area_id=area.id)
    teams.create(db, ACTOR, name="Tổ hòa giải Đồng Tâm", kind="Tổ hòa giải")
    mediation_cases.create(db, ACTOR, received_on="2026-01-02", category="Đất đai", content="Lối đi",
                           people=[{"role": PARTY, "name": "Phan Văn Lũy"}, {"role": PARTY, "name": "Vũ Thị Bé"}])
    hits = search(db, "dung")
    assert {(h.kind, h.name, h.area) for h in hits} == {("person", "Trần Thị Dung", "Thôn Đông"),
                                                        ("household", "Hộ Trần Thị Dung", "Thôn Đông")}
    assert [h.kind for h in search(db, "dong tam")] == ["team"]
    assert [h.name for h in search(db, "luy")] == ["Phan Văn Lũy – Vũ Thị Bé (Đất đai)"]


def test_matching_ids_filters_one_kind(db, residents):
    ids = matching_ids(db, "person", "thi")
    assert sorted(ids) == sorted([residents["Dương Thị Thuỷ"].id, residents["Trần Thị Dung"].id])
    assert matching_ids(db, "person", "") is None


# Searching only reads, so sharing one database across examples is safe.
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
def test_any_text_searches_without_error(db, residents, query):
    changes = db.conn.total_changes
    for hit in search(db, query):
        assert hit.kind in ("person", "household", "team", "mediation")
    assert db.conn.total_changes == changes
