"""The mediation logbook (sổ theo dõi hoạt động hòa giải ở cơ sở) from Excel: one row per
case, the parties in one cell ("Nguyễn Văn A – Trần Thị B") or in two columns. A case is
the same as one in the book when its date of receipt and its parties are."""

from __future__ import annotations

import re

from storage import vocabulary
from storage.errors import ValidationError
from storage.excel import values as parse
from storage.excel.plan import CHANGED, NEW, REFUSED, SAME, Plan, RowPlan, _cell, _mapped_count
from storage.excel.reader import Sheet, is_blank
from storage.excel.table import Table, is_column_numbers
from storage.text import compare_key, fold

_SPLIT = re.compile(r"\s*(?:;|\n|\s[-–—]\s|\s+với\s+|\s+và\s+|,)\s*")
_RESULTS = {"thanh": "settled", "hoa giai thanh": "settled", "da hoa giai thanh": "settled",
            "khong thanh": "not_settled", "hoa giai khong thanh": "not_settled",
            "dang hoa giai": "in_progress", "dang giai quyet": "in_progress", "chua xong": "in_progress"}


def _names(value) -> list[str]:
    text = parse.text(value)
    if not text:
        return []
    return [n for n in (parse.full_name(part) for part in _SPLIT.split(text)) if n]


def _result(value) -> str:
    if is_blank(value):
        return "in_progress"
    key = " ".join(re.sub(r"[^\w]+", " ", fold(str(value))).split())
    code = _RESULTS.get(key) or vocabulary.code_of("mediation_result", str(value))
    if code is None:
        raise ValueError(f"Kết quả “{parse.shorten(value)}” không rõ; hãy ghi Thành, Không thành hoặc Đang hòa giải.")
    return code


def _take(errors: list[str], function, *args):
    try:
        return function(*args)
    except ValueError as error:
        errors.append(str(error))
        return None


def _case_key(received_on: str | None, parties: list[str]) -> tuple:
    return received_on, tuple(sorted(compare_key(n) for n in parties))


def plan_mediation(db, sheet: Sheet, table: Table) -> Plan:
    from storage.records import lists
    from storage.records.mediation import mediation_cases

    teams = {compare_key(name): team_id for team_id, name in
             db.conn.execute("SELECT id, name FROM teams WHERE deleted_at IS NULL")}
    existing: dict[tuple, int] = {}
    for case_id, received_on in db.conn.execute(
            "SELECT id, received_on FROM mediation_cases WHERE deleted_at IS NULL"):
        names = [r[0] for r in db.conn.execute(
            "SELECT name FROM mediation_people WHERE case_id = ? AND role = 'party'", (case_id,))]
        existing.setdefault(_case_key(received_on, names), case_id)
    col = table.column_of
    plans, seen = [], {}
    for number in range(table.first_data_row, len(sheet.rows) + 1):
        row = sheet.rows[number - 1]
        if all(is_blank(v) for v in row) or is_column_numbers(row):
            continue
        content = parse.text(_cell(row, col("content")))
        if not content:
            if _mapped_count(row, table) >= 2:
                plans.append(RowPlan(number, REFUSED, "", "Thiếu nội dung vụ việc."))
            continue
        errors: list[str] = []
        parties = _names(_cell(row, col("parties"))) + _names(_cell(row, col("party_one"))) \
            + _names(_cell(row, col("party_two")))
        plan = RowPlan(number, NEW, " – ".join(parties) or content[:60])
        plans.append(plan)

        received_on = (_take(errors, parse.day, _cell(row, col("received_on")), "ngày tiếp nhận") or (None, None))[0]
        result_on = (_take(errors, parse.day, _cell(row, col("result_on")), "ngày có kết quả") or (None, None))[0]
        result = _take(errors, _result, _cell(row, col("result")))
        category_text = parse.text(_cell(row, col("category")))
        category = lists.code_of(db, lists.MEDIATION_CATEGORIES, category_text) if category_text else None
        if category is None:
            errors.append((f"Lĩnh vực “{parse.shorten(category_text)}” không có trong danh mục" if category_text
                           else "Thiếu lĩnh vực") + "; hãy ghi một trong: "
                          + ", ".join(lists.labels(db, lists.MEDIATION_CATEGORIES)) + ".")
        team_text = parse.text(_cell(row, col("team_name")))
        team_id = teams.get(compare_key(team_text)) if team_text else None
        if team_text and team_id is None:
            errors.append(f"Chưa có tổ hòa giải “{parse.shorten(team_text)}”; hãy nhập danh sách tổ trước.")
        people = [{"role": "party", "name": n} for n in parties]
        people += [{"role": "mediator", "name": n} for n in _names(_cell(row, col("mediators")))]
        plan.values = {"received_on": received_on, "category": category, "content": content,
                       "team_id": team_id, "result": result or "in_progress", "result_on": result_on,
                       "agreement": parse.text(_cell(row, col("agreement"))),
                       "notes": parse.text(_cell(row, col("notes"))), "people": people}
        if errors:
            plan.status, plan.reason = REFUSED, " ".join(dict.fromkeys(errors))
            continue
        key = _case_key(received_on, parties)
        if key in seen:
            plan.status, plan.reason = REFUSED, f"Trùng ngày tiếp nhận và các bên với dòng {seen[key]}."
            continue
        seen[key] = number
        current = mediation_cases.get(db, existing[key]) if key in existing else None
        try:
            mediation_cases.clean(db, {k: (list(v) if isinstance(v, list) else v)
                                       for k, v in plan.values.items()}, current)
        except ValidationError as error:
            plan.status, plan.reason = REFUSED, " ".join(dict.fromkeys(error.errors.values()))
            continue
        if current is not None:
            plan.existing_id = current.id
            for field in ("category", "content", "team_id", "result", "result_on", "agreement", "notes"):
                new = plan.values[field]
                if new is not None and getattr(current, field) != new:
                    plan.changes[field] = (getattr(current, field), new)
            plan.status = CHANGED if plan.changes else SAME
    return Plan("mediation", sheet.name, table, plans)


def write_mediation(db, actor: str, plan: Plan, written) -> None:
    from storage.records.mediation import mediation_cases

    for row in plan.rows:
        if row.status == NEW:
            written.add("mediation_cases", [mediation_cases.create(db, actor, **row.values).id])
        elif row.status == CHANGED:
            mediation_cases.update(db, actor, row.existing_id,
                                   **{k: after for k, (_b, after) in row.changes.items()})
            written.add("mediation_cases", [row.existing_id], updated=True)

