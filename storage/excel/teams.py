"""Team lists (one row per team) and rosters (one row per member, with the team's name):
planned and written like the people lists (storage.excel.plan, storage.excel.apply)."""

from __future__ import annotations

from storage.errors import ValidationError
from storage.excel import values as parse
from storage.excel.plan import (
    CHANGED,
    NEW,
    REFUSED,
    SAME,
    AreaResolver,
    PeopleIndex,
    Plan,
    RowPlan,
    _cell,
    _differences,
    _mapped_count,
    _validate_person,
    person_row,
    person_values,
)
from storage.excel.reader import Sheet, is_blank
from storage.excel.table import Table, is_column_numbers
from storage.text import compare_key


def _team_kind(db, text: str | None) -> str | None:
    from storage.records import lists

    if not text:
        return None
    return lists.code_of(db, lists.TEAM_KINDS, text)


def _teams_by_name(db) -> dict[str, int]:
    return {compare_key(name): team_id for team_id, name in
            db.conn.execute("SELECT id, name FROM teams WHERE deleted_at IS NULL")}


def _rows(sheet: Sheet, table: Table):
    for number in range(table.first_data_row, len(sheet.rows) + 1):
        row = sheet.rows[number - 1]
        if all(is_blank(v) for v in row) or is_column_numbers(row):
            continue
        yield number, row


def plan_teams(db, sheet: Sheet, table: Table, area: str | None, create_areas: bool) -> Plan:
    from storage.records import lists
    from storage.records.teams import teams

    areas = AreaResolver(db, area, create_areas)
    existing = _teams_by_name(db)
    seen: dict[str, int] = {}
    plans = []
    col = table.column_of
    for number, row in _rows(sheet, table):
        name = parse.text(_cell(row, col("team_name")))
        if not name:
            if _mapped_count(row, table) >= 2:
                plans.append(RowPlan(number, REFUSED, "", "Thiếu tên tổ."))
            continue
        plan = RowPlan(number, NEW, name)
        plans.append(plan)
        errors = []
        kind_text = parse.text(_cell(row, col("team_kind")))
        kind = _team_kind(db, kind_text)
        if kind is None:
            errors.append((f"Loại tổ “{parse.shorten(kind_text)}” không có trong danh mục" if kind_text else "Thiếu loại tổ")
                          + "; hãy ghi một trong: " + ", ".join(lists.labels(db, lists.TEAM_KINDS)) + ".")
        try:
            launched = parse.day(_cell(row, col("launched_on")), "ngày ra mắt")[0]
        except ValueError as error:
            errors.append(str(error))
            launched = None
        area_id, to_create, reason = areas.resolve(parse.text(_cell(row, col("area"))), number)
        if reason:
            errors.append(reason)
        plan.area_text = to_create
        plan.values = {"name": name, "kind": kind, "launched_on": launched,
                       "founding_decision": parse.text(_cell(row, col("founding_decision"))),
                       "notes": parse.text(_cell(row, col("notes"))),
                       "area_ids": [area_id] if area_id else []}
        key = compare_key(name)
        if not errors and key in seen:
            errors.append(f"Trùng tên tổ với dòng {seen[key]}.")
        seen.setdefault(key, number)
        if errors:
            plan.status, plan.reason = REFUSED, " ".join(errors)
            continue
        current = teams.get(db, existing[key]) if key in existing else None
        try:
            teams.clean(db, dict(plan.values), current)
        except ValidationError as error:
            plan.status, plan.reason = REFUSED, " ".join(dict.fromkeys(error.errors.values()))
            continue
        if current is not None:
            plan.existing_id = current.id
            for field in ("kind", "launched_on", "founding_decision", "notes"):
                new = plan.values[field]
                if new is not None and getattr(current, field) != new:
                    plan.changes[field] = (getattr(current, field), new)
            if area_id and area_id not in current.area_ids:
                plan.changes["area_ids"] = (current.area_ids, [*current.area_ids, area_id])
            plan.status = CHANGED if plan.changes else SAME
    return Plan("teams", sheet.name, table, plans, dict(areas.new))


def plan_members(db, sheet: Sheet, table: Table, area: str | None, create_areas: bool) -> Plan:
    from storage.records.people import people

    areas = AreaResolver(db, area, create_areas)
    index = PeopleIndex(db)
    teams = _teams_by_name(db)
    plans = []
    seen: dict[tuple, int] = {}
    col = table.column_of
    for number, row in _rows(sheet, table):
        values, errors = person_values(row, table)
        name = values["full_name"]
        if not name:
            if _mapped_count(row, table) >= 2:
                plans.append(RowPlan(number, REFUSED, "", "Thiếu họ và tên."))
            continue
        plan = RowPlan(number, NEW, name)
        plans.append(plan)
        values.pop("relation", None)
        team_text = parse.text(_cell(row, col("team_name")))
        team_id = teams.get(compare_key(team_text or ""))
        if team_id is None:
            errors.append(f"Chưa có tổ “{parse.shorten(team_text)}”; hãy nhập danh sách tổ trước." if team_text
                          else "Thiếu tên tổ.")
        try:
            role = parse.role(_cell(row, col("role")))
            start_on = parse.day(_cell(row, col("start_on")), "ngày tham gia")[0]
        except ValueError as error:
            errors.append(str(error))
            role, start_on = None, None
        area_id, to_create, reason = areas.resolve(values.pop("area_text"), number)
        if reason:
            errors.append(reason)
        values["area_id"] = area_id
        plan.area_text = to_create
        plan.values = values
        if errors:
            plan.status, plan.reason = REFUSED, " ".join(dict.fromkeys(errors))
            continue
        key = (values["cccd"] or PeopleIndex.name_key(name, values["birth_year"], area_id), team_id)
        if key in seen:
            plan.status, plan.reason = REFUSED, f"Trùng người và tổ với dòng {seen[key]}."
            continue
        seen[key] = number
        person_id = None
        if values["cccd"] and values["cccd"] in index.by_cccd:
            person_id, deleted = index.by_cccd[values["cccd"]]
            if deleted:
                plan.status, plan.reason = REFUSED, f"Số CCCD {values['cccd']} thuộc về một người đang ở thùng rác."
                continue
        elif to_create is None:
            name_key = PeopleIndex.name_key(name, values["birth_year"], area_id)
            if name_key in index.ambiguous:
                plan.status, plan.reason = REFUSED, ("Trong sổ đã có hơn một người cùng họ tên, năm sinh "
                                                     "và thôn/tổ này; hãy ghi số CCCD để biết là ai.")
                continue
            person_id = index.by_name.get(name_key)
        current = people.get(db, person_id) if person_id else None
        reason = _validate_person(db, values, current)
        if reason:
            plan.status, plan.reason = REFUSED, reason
            continue
        launched = db.conn.execute("SELECT launched_on FROM teams WHERE id = ?", (team_id,)).fetchone()[0]
        plan.values["membership"] = {"team_id": team_id, "role": role,
                                     "start_on": start_on or launched or _today()}
        if current is not None:
            plan.existing_id = person_id
            plan.changes = _differences(index.rows[person_id], values)
            member = db.conn.execute(
                "SELECT role FROM memberships WHERE person_id = ? AND team_id = ? AND deleted_at IS NULL "
                "AND end_on IS NULL", (person_id, team_id)).fetchone()
            if member is None:
                plan.changes["team"] = (None, team_text)
            elif member[0] != role:
                plan.changes["role"] = (member[0], role)
            plan.status = CHANGED if plan.changes else SAME
    return Plan("members", sheet.name, table, plans, dict(areas.new))


def _today() -> str:
    from storage.clock import today

    return today().isoformat()


def write_teams(db, actor: str, plan: Plan, written) -> None:
    from storage.records.people import people
    from storage.records.teams import memberships, teams

    if plan.kind == "teams":
        for row in plan.rows:
            values = dict(row.values)
            if row.area_text:
                values["area_ids"] = [row.values["area_id"]]
            values.pop("area_id", None)
            if row.status == NEW:
                written.add("teams", [teams.create(db, actor, **values).id])
            elif row.status == CHANGED:
                changes = {k: after for k, (_b, after) in row.changes.items()}
                teams.update(db, actor, row.existing_id, **changes)
                written.add("teams", [row.existing_id], updated=True)
        return
    for row in plan.rows:
        if row.status not in (NEW, CHANGED):
            continue
        membership = row.values["membership"]
        person_id = row.existing_id
        if person_id is None:
            person_id = people.create(db, actor, **person_row(row.values)).id
            written.add("people", [person_id])
        else:
            changes = {k: after for k, (_b, after) in row.changes.items() if k not in ("team", "role")}
            if changes:
                people.update(db, actor, person_id, **changes)
                written.add("people", [person_id], updated=True)
        current = db.conn.execute(
            "SELECT id FROM memberships WHERE person_id = ? AND team_id = ? AND deleted_at IS NULL "
            "AND end_on IS NULL", (person_id, membership["team_id"])).fetchone()
        if current is None:
            made = memberships.create(db, actor, person_id=person_id, **membership)
            written.add("memberships", [made.id])
        elif "role" in row.changes:
            memberships.update(db, actor, current[0], role=membership["role"])
            written.add("memberships", [current[0]], updated=True)
