"""Households: the unit that signs a pledge; a head and its members."""

from __future__ import annotations

from dataclasses import dataclass

from storage.records.repository import Record, Repository
from storage.records.validate import Checker
from storage.text import fold


@dataclass(kw_only=True)
class Household(Record):
    head_id: int | None = None
    address: str | None = None
    area_id: int | None = None
    notes: str | None = None
    moved_in_on: str | None = None   # came to live here after the register was entered (else empty)


class Households(Repository[Household]):
    table = "households"
    record = Household
    label = "hộ gia đình"

    def clean(self, db, values, current):
        check = Checker(values)
        out = {
            "head_id": check.reference(db, "head_id", "people", "chủ hộ", required=True),
            "address": check.text("address", "địa chỉ", max_len=300),
            "area_id": check.reference(db, "area_id", "areas", "địa bàn", required=True),
            "notes": check.text("notes", "ghi chú"),
            "moved_in_on": check.date("moved_in_on", "ngày chuyển đến", not_future=True),
        }
        check.done()
        return out

    def derived(self, db, clean):
        return {"search_text": self._search_text(db, clean["head_id"], clean.get("address"))}

    @staticmethod
    def _search_text(db, head_id, address) -> str:
        row = db.conn.execute("SELECT full_name FROM people WHERE id = ?", (head_id,)).fetchone()
        return fold(" ".join(filter(None, [row[0] if row else "", address])))

    def refresh_search_text(self, db, household_id: int) -> None:
        row = db.conn.execute("SELECT head_id, address FROM households WHERE id = ?",
                              (household_id,)).fetchone()
        text = self._search_text(db, row[0], row[1])
        db.conn.execute("UPDATE households SET search_text = ? WHERE id = ? AND search_text != ?",
                        (text, household_id, text))

    def after_write(self, db, record_id):
        # The head belongs to the household they head, and lives in its area when no area
        # was given (a head made with "+ Mới" in the household form has none yet).
        db.conn.execute(
            "UPDATE people SET household_id = ?1, relation_to_head = 'head', "
            "area_id = coalesce(area_id, (SELECT area_id FROM households WHERE id = ?1)) "
            "WHERE id = (SELECT head_id FROM households WHERE id = ?1) "
            "AND (household_id IS NOT ?1 OR relation_to_head IS NOT 'head' OR area_id IS NULL)",
            (record_id,))

    def display_name(self, record):
        return f"Hộ gia đình số {record.id}"


households = Households()


def members(db, household_id: int) -> list[dict]:
    return list(db.query(
        "SELECT id, full_name, relation_to_head, birth_year, gender FROM people "
        "WHERE household_id = ? AND deleted_at IS NULL ORDER BY relation_to_head != 'head', "
        "birth_year", [household_id]))


def head_name(db, household) -> str:
    row = db.conn.execute("SELECT full_name FROM people WHERE id = ?", (household.head_id,)).fetchone()
    return row[0] if row else ""
