"""Repositories: create, update, trash, restore; validation; audit entries."""

import json

import pytest

from storage.errors import ConflictError, NotFoundError, ValidationError
from storage.records import audit
from storage.records.areas import areas
from storage.records.households import households, members
from storage.records.people import mask_cccd, people
from tests.conftest import ACTOR


def test_create_person_stores_nfc_split_name_and_meta(db, area):
    import unicodedata

    person = people.create(db, ACTOR, full_name=unicodedata.normalize("NFD", " Trần  Văn Đức "),
                           birth_date="05/02/1975", area_id=area.id)
    row = db["people"].get(person.id)
    assert row["full_name"] == "Trần Văn Đức"
    assert (row["family_name"], row["middle_name"], row["given_name"]) == ("Trần", "Văn", "Đức")
    assert row["birth_date"] == "1975-02-05" and row["birth_year"] == 1975
    assert len(row["uuid"]) == 36 and row["version"] == 1 and row["deleted_at"] is None
    assert row["created_at"] == row["updated_at"]


@pytest.mark.parametrize("cccd, message", [
    ("12345", "Số CCCD phải có đúng 12 chữ số"),
    ("0371800012345", "Số CCCD phải có đúng 12 chữ số"),
    ("03718000123a", "Số CCCD phải có đúng 12 chữ số"),
])
def test_cccd_must_have_12_digits(db, cccd, message):
    with pytest.raises(ValidationError, match=message) as caught:
        people.create(db, ACTOR, full_name="Lê Văn Tám", cccd=cccd)
    assert caught.value.errors == {"cccd": caught.value.errors["cccd"]}
    assert db["people"].count == 0


def test_cccd_is_unique_when_present(db, person):
    with pytest.raises(ValidationError, match="đã thuộc về Nguyễn Thị Hương"):
        people.create(db, ACTOR, full_name="Lê Văn Tám", cccd="037 180 001 234")
    people.create(db, ACTOR, full_name="Lê Văn Tám")
    people.create(db, ACTOR, full_name="Lê Văn Chín")  # two people without CCCD are fine
    assert db["people"].count == 3


@pytest.mark.parametrize("phone", ["912345678", "1912345678", "09123456789", "09a2345678"])
def test_phone_must_be_ten_digits_starting_with_zero(db, phone):
    with pytest.raises(ValidationError, match="10 chữ số và bắt đầu bằng số 0"):
        people.create(db, ACTOR, full_name="Lê Văn Tám", phone=phone)


def test_phone_accepts_spaces_and_dots(db):
    assert people.create(db, ACTOR, full_name="Lê Văn Tám", phone="0912.345 678").phone == "0912345678"


def test_birth_date_in_future_is_refused(db):
    with pytest.raises(ValidationError, match="không thể ở tương lai"):
        people.create(db, ACTOR, full_name="Lê Văn Tám", birth_date="2099-01-01")


def test_required_fields_and_bad_dates_name_the_field(db):
    with pytest.raises(ValidationError) as caught:
        people.create(db, ACTOR, full_name="", birth_date="31/02/1990")
    assert set(caught.value.errors) == {"full_name", "birth_date"}
    assert "bắt buộc" in caught.value.errors["full_name"]
    assert "không phải ngày hợp lệ" in caught.value.errors["birth_date"]


def test_area_names_are_unique_across_tone_placement(db, area):
    areas.create(db, ACTOR, name="Thôn Hoà Bình", kind="Thôn")
    with pytest.raises(ValidationError, match="Đã có địa bàn"):
        areas.create(db, ACTOR, name="thôn hòa bình", kind="Thôn")


def test_update_bumps_version_and_audits_before_and_after(db, person):
    updated = people.update(db, ACTOR, person.id, phone="0987654321")
    assert updated.version == 2 and updated.phone == "0987654321"
    entries = audit.history(db, person.uuid)
    assert [e.action for e in entries] == ["create", "update"]
    assert [audit.action_label(e.action) for e in entries] == ["tạo", "sửa"]
    assert entries[1].before["phone"] == "0912345678"
    assert entries[1].after["phone"] == "0987654321"
    assert entries[1].actor == ACTOR


def test_update_with_stale_version_is_refused_and_changes_nothing(db, person):
    people.update(db, ACTOR, person.id, phone="0987654321")
    with pytest.raises(ConflictError, match="vừa được người khác sửa"):
        people.update(db, ACTOR, person.id, expected_version=1, phone="0911111111")
    assert db["people"].get(person.id)["phone"] == "0987654321"


def test_failed_update_changes_nothing(db, person):
    count = db["audit_log"].count
    with pytest.raises(ValidationError):
        people.update(db, ACTOR, person.id, cccd="123", phone="0911111111")
    row = db["people"].get(person.id)
    assert (row["cccd"], row["phone"], row["version"]) == ("037180001234", "0912345678", 1)
    assert db["audit_log"].count == count


def test_delete_moves_to_trash_and_restore_brings_back(db, person):
    from storage.records import trash

    people.delete(db, "Trần Văn Xóa", person.id)
    row = db["people"].get(person.id)
    assert row["deleted_at"] and row["deleted_by"] == "Trần Văn Xóa"
    assert people.list(db) == []
    with pytest.raises(NotFoundError):
        people.get(db, person.id)
    items = trash.items(db)
    assert [(i.table, i.name, i.deleted_by) for i in items] == [("people", "Nguyễn Thị Hương", "Trần Văn Xóa")]
    trash.restore(db, ACTOR, "people", person.id)
    assert db["people"].get(person.id)["deleted_at"] is None
    assert [e.action for e in audit.history(db, person.uuid)] == ["create", "delete", "restore"]
    assert trash.items(db) == []


def test_restore_refused_when_cccd_taken_meanwhile(db, person):
    people.delete(db, ACTOR, person.id)
    with pytest.raises(ValidationError, match="thùng rác"):
        people.create(db, ACTOR, full_name="Lê Văn Tám", cccd=person.cccd)


def test_empty_trash_erases_only_unreferenced_records(db, area, person):
    from storage.records import trash

    household = households.create(db, ACTOR, head_id=person.id, area_id=area.id)
    other = people.create(db, ACTOR, full_name="Bùi Văn Lẻ")
    people.delete(db, ACTOR, other.id)
    people.delete(db, ACTOR, person.id)  # still the head of a live household
    erased = trash.empty(db, ACTOR)
    assert erased == 1
    assert db["people"].count == 1
    assert households.get(db, household.id).head_id == person.id
    assert [i.name for i in trash.items(db)] == ["Nguyễn Thị Hương"]


def test_household_head_becomes_member_and_search_follows_head_name(db, area, person):
    from storage.query.search import search

    household = households.create(db, ACTOR, head_id=person.id, area_id=area.id, address="Số 5")
    child = people.create(db, ACTOR, full_name="Phạm Văn Nam", household_id=household.id,
                          relation_to_head="con", birth_year=2010)
    assert [(m["full_name"], m["relation_to_head"]) for m in members(db, household.id)] == [
        ("Nguyễn Thị Hương", "head"), (child.full_name, "child")]
    people.update(db, ACTOR, person.id, full_name="Nguyễn Thị Hường")
    assert [h.name for h in search(db, "huong", kinds=("household",))] == ["Hộ Nguyễn Thị Hường"]


def test_household_needs_head_and_area(db):
    with pytest.raises(ValidationError) as caught:
        households.create(db, ACTOR, address="Số 1")
    assert set(caught.value.errors) == {"head_id", "area_id"}


def test_mask_cccd():
    assert mask_cccd("037180001234") == "••••••••1234"
    assert mask_cccd(None) == ""


def test_audit_chain_verifies_and_detects_tampering(db, person):
    assert audit.verify_chain(db) is None
    with pytest.raises(Exception, match="chỉ được ghi thêm"):
        db.execute("UPDATE audit_log SET actor = 'kẻ gian' WHERE id = 1")
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("UPDATE audit_log SET after = ? WHERE id = 3", [json.dumps({"x": 1})])
    assert audit.verify_chain(db) == 3
