"""Self-management teams and their members (memberships with roles and dates)."""

from __future__ import annotations

from dataclasses import dataclass, field

from storage import vocabulary
from storage.records import lists
from storage.records.repository import Child, Record, Repository
from storage.records.validate import Checker
from storage.text import fold, text_sort_key

TEAM_STATUSES = tuple(vocabulary.VOCABULARIES["team_status"])   # codes: active, ended
ROLES = tuple(vocabulary.VOCABULARIES["member_role"])            # codes: leader, deputy, member
ACTIVE, ENDED = "active", "ended"
LEADER, DEPUTY, MEMBER = "leader", "deputy", "member"


@dataclass(kw_only=True)
class Team(Record):
    name: str
    kind: str
    launched_on: str | None = None
    founding_decision: str | None = None
    status: str = ACTIVE
    ended_on: str | None = None
    end_reason: str | None = None
    notes: str | None = None
    area_ids: list[int] = field(default_factory=list)


class Teams(Repository[Team]):
    table = "teams"
    record = Team
    label = "tổ"
    order_by = "sort_key"
    children = {"area_ids": Child("team_areas", "team_id", ("area_id",))}

    def clean(self, db, values, current):
        check = Checker(values)
        out = {
            "name": check.text("name", "tên tổ", required=True, max_len=200),
            "kind": lists.check_item(check, db, "kind", "loại tổ", lists.TEAM_KINDS,
                                     current.kind if current else None),
            "launched_on": check.date("launched_on", "ngày ra mắt", not_future=True),
            "founding_decision": check.text("founding_decision", "quyết định thành lập", max_len=200),
            "status": check.code("status", "trạng thái", "team_status", default=ACTIVE),
            "ended_on": check.date("ended_on", "ngày kết thúc", not_future=True),
            "end_reason": check.text("end_reason", "lý do kết thúc", max_len=1000),
            "notes": check.text("notes", "ghi chú"),
            "area_ids": check.references(db, "area_ids", "areas", "địa bàn"),
        }
        check.order("launched_on", out["launched_on"], "ended_on", out["ended_on"],
                    "ngày ra mắt", "ngày kết thúc")
        if out["status"] == ENDED:
            if not out["ended_on"]:
                check.fail("ended_on", "Tổ đã kết thúc cần có ngày kết thúc.")
            if not out["end_reason"]:
                check.fail("end_reason", "Hãy ghi lý do kết thúc tổ.")
        elif out["ended_on"]:
            out["status"] = ENDED
            if not out["end_reason"]:
                check.fail("end_reason", "Hãy ghi lý do kết thúc tổ.")
        if current is not None and out["launched_on"]:
            early = db.conn.execute(
                "SELECT min(start_on) FROM memberships WHERE team_id = ? AND deleted_at IS NULL",
                (current.id,)).fetchone()[0]
            if early and early < out["launched_on"]:
                check.fail("launched_on", "Ngày ra mắt không thể sau ngày bắt đầu của thành viên đầu tiên.")
        check.done()
        return out

    def derived(self, db, clean):
        return {"sort_key": text_sort_key(clean["name"]),
                "search_text": fold(f"{clean['name']} {lists.label_of(db, lists.TEAM_KINDS, clean['kind'])}")}


teams = Teams()


@dataclass(kw_only=True)
class Membership(Record):
    person_id: int
    team_id: int
    role: str = MEMBER
    start_on: str
    end_on: str | None = None
    notes: str | None = None


class Memberships(Repository[Membership]):
    table = "memberships"
    record = Membership
    label = "thành viên tổ"
    order_by = "start_on"

    def clean(self, db, values, current):
        check = Checker(values)
        out = {
            "person_id": check.reference(db, "person_id", "people", "người", required=True),
            "team_id": check.reference(db, "team_id", "teams", "tổ", required=True),
            "role": check.code("role", "vai trò", "member_role", default=MEMBER),
            "start_on": check.date("start_on", "ngày bắt đầu", required=True),
            "end_on": check.date("end_on", "ngày thôi", not_future=False),
            "notes": check.text("notes", "ghi chú"),
        }
        check.order("start_on", out["start_on"], "end_on", out["end_on"], "ngày bắt đầu", "ngày thôi")
        if out["team_id"] and out["start_on"] and not check.errors:
            launched, ended = db.conn.execute("SELECT launched_on, ended_on FROM teams WHERE id = ?",
                                              (out["team_id"],)).fetchone()
            if launched and out["start_on"] < launched:
                check.fail("start_on", "Ngày bắt đầu phải từ ngày ra mắt tổ "
                                       f"({launched[8:]}/{launched[5:7]}/{launched[:4]}) trở đi.")
            if ended and (out["start_on"] > ended or (out["end_on"] or "9999") > ended):
                check.fail("end_on", "Thời gian tham gia phải nằm trong thời gian hoạt động của tổ "
                                     f"(kết thúc {ended[8:]}/{ended[5:7]}/{ended[:4]}).")
            if out["person_id"]:
                overlap = db.conn.execute(
                    "SELECT 1 FROM memberships WHERE person_id = ? AND team_id = ? "
                    "AND deleted_at IS NULL AND id IS NOT ? AND start_on <= ? "
                    "AND (end_on IS NULL OR end_on >= ?)",
                    (out["person_id"], out["team_id"], current.id if current else None,
                     out["end_on"] or "9999-12-31", out["start_on"])).fetchone()
                if overlap:
                    check.fail("person_id", "Người này đã là thành viên của tổ trong khoảng thời gian đó.")
        check.done()
        return out


memberships = Memberships()


def members_of(db, team_id: int, *, on: str | None = None, include_past: bool = False) -> list[dict]:
    """A team's members with names and roles; leaders first, then Vietnamese name order."""
    sql = ("SELECT m.id, m.uuid, m.role, m.start_on, m.end_on, p.id AS person_id, p.full_name, "
           "p.birth_year, p.birth_date, p.gender, p.phone, p.address, p.cccd "
           "FROM memberships m JOIN people p ON p.id = m.person_id "
           "WHERE m.team_id = ? AND m.deleted_at IS NULL AND p.deleted_at IS NULL")
    params: list = [team_id]
    if on:
        sql += " AND m.start_on <= ? AND (m.end_on IS NULL OR m.end_on >= ?)"
        params += [on, on]
    elif not include_past:
        sql += " AND m.end_on IS NULL"
    sql += (" ORDER BY CASE m.role WHEN 'leader' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, "
            "p.sort_key")
    return list(db.query(sql, params))


def end_membership(db, actor: str, membership_id: int, end_on: str) -> Membership:
    return memberships.update(db, actor, membership_id, end_on=end_on)


def change_role(db, actor: str, membership_id: int, role: str, on: str) -> Membership:
    """Changing a role ends the old membership the day before and starts a new one, so
    history keeps who held which role when."""
    from datetime import date, timedelta

    with db.atomic():
        current = memberships.get(db, membership_id)
        day_before = (date.fromisoformat(on) - timedelta(days=1)).isoformat() if on else None
        if day_before and day_before >= current.start_on:
            memberships.update(db, actor, membership_id, end_on=day_before)
            return memberships.create(db, actor, person_id=current.person_id,
                                      team_id=current.team_id, role=role, start_on=on)
        return memberships.update(db, actor, membership_id, role=role)


def find_team(db, name_or_uuid: str) -> Team:
    """A team by its uuid or its name (accents optional)."""
    from storage.errors import NotFoundError
    from storage.text import fold

    for team in teams.list(db):
        if team.uuid == name_or_uuid or fold(team.name) == fold(name_or_uuid):
            return team
    raise NotFoundError(f"Không có tổ nào tên hoặc mã “{name_or_uuid}”.")
