"""People: residents, heads of households, team members, parties to disputes."""

from __future__ import annotations

from dataclasses import dataclass

from storage import vocabulary
from storage.clock import today
from storage.errors import ConflictError
from storage.records.repository import Record, Repository
from storage.records.validate import Checker
from storage.text import fold, sort_key, split_name

GENDERS = tuple(vocabulary.VOCABULARIES["gender"])        # codes; labels in storage/vocabulary.py
RELATIONS = tuple(vocabulary.VOCABULARIES["relation"])


@dataclass(kw_only=True)
class Person(Record):
    full_name: str
    family_name: str = ""
    middle_name: str = ""
    given_name: str = ""
    gender: str | None = None
    birth_date: str | None = None
    birth_year: int | None = None
    cccd: str | None = None
    phone: str | None = None
    address: str | None = None
    area_id: int | None = None
    household_id: int | None = None
    relation_to_head: str | None = None
    occupation: str | None = None
    notes: str | None = None

    @property
    def masked_cccd(self) -> str:
        return mask_cccd(self.cccd)

def mask_cccd(cccd: str | None) -> str:
    """'001203004567' → '••••••••4567': lists show only the last four digits."""
    return "•" * 8 + cccd[-4:] if cccd else ""


class People(Repository[Person]):
    table = "people"
    record = Person
    label = "người"
    order_by = "sort_key"

    def clean(self, db, values, current):
        check = Checker(values)
        full_name = check.text("full_name", "họ và tên", required=True, max_len=120)
        if full_name and len(full_name.split()) < 2:
            check.fail("full_name", "Hãy nhập đủ họ và tên (ít nhất hai chữ), ví dụ “Nguyễn Văn An”.")
        birth_date = check.date("birth_date", "ngày sinh", not_future=True)
        birth_year = check.integer("birth_year", "năm sinh", minimum=1900, maximum=today().year)
        if birth_date:
            birth_year = int(birth_date[:4])
        cccd = check.cccd()
        if cccd:
            other = db.conn.execute("SELECT id, full_name, deleted_at FROM people WHERE cccd = ?",
                                    (cccd,)).fetchone()
            if other and (current is None or other[0] != current.id):
                where = " (đang ở thùng rác: hãy khôi phục người đó)" if other[2] else ""
                check.fail("cccd", f"Số CCCD {cccd} đã thuộc về {other[1]}{where}.")
        out = {
            "full_name": full_name,
            "gender": check.code("gender", "giới tính", "gender", required=False),
            "birth_date": birth_date, "birth_year": birth_year, "cccd": cccd,
            "phone": check.phone(),
            "address": check.text("address", "địa chỉ", max_len=300),
            "area_id": check.reference(db, "area_id", "areas", "địa bàn"),
            "household_id": check.reference(db, "household_id", "households", "hộ gia đình"),
            "relation_to_head": check.code("relation_to_head", "quan hệ với chủ hộ", "relation",
                                           required=False),
            "occupation": check.text("occupation", "nghề nghiệp", max_len=200),
            "notes": check.text("notes", "ghi chú"),
        }
        check.done()
        out["family_name"], out["middle_name"], out["given_name"] = split_name(full_name)
        return out

    def derived(self, db, clean):
        return {
            "sort_key": sort_key(clean["given_name"], clean["middle_name"], clean["family_name"]),
            "search_text": fold(" ".join(filter(None, [clean["full_name"], clean.get("cccd"),
                                                       clean.get("phone")]))),
        }

    def display_name(self, record):
        return record.full_name

    def after_write(self, db, record_id):
        # A household is found by its head's name: keep its search text current.
        from storage.records.households import households

        for (household_id,) in db.conn.execute(
                "SELECT id FROM households WHERE head_id = ?", (record_id,)).fetchall():
            households.refresh_search_text(db, household_id)

    def check_restorable(self, db, record):
        if record.cccd:
            other = db.conn.execute(
                "SELECT full_name FROM people WHERE cccd = ? AND id != ? AND deleted_at IS NULL",
                (record.cccd, record.id)).fetchone()
            if other:
                raise ConflictError(f"Không khôi phục được: số CCCD {record.cccd} đang thuộc về {other[0]}.")


people = People()


def history(db, person_id: int) -> list[dict]:
    """A person's memberships across teams, newest first."""
    return list(db.query(
        "SELECT m.id, m.role, m.start_on, m.end_on, t.name AS team_name, t.kind AS team_kind "
        "FROM memberships m JOIN teams t ON t.id = m.team_id "
        "WHERE m.person_id = ? AND m.deleted_at IS NULL ORDER BY m.start_on DESC", [person_id]))
