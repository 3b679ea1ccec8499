"""One sheet's plan, by the kind of list it holds: people and household books
(storage.excel.plan), team lists and rosters (storage.excel.teams), the mediation logbook
(storage.excel.mediation)."""

from __future__ import annotations

from storage.excel.mediation import plan_mediation
from storage.excel.plan import ImportError_, Plan, plan_people
from storage.excel.reader import Sheet
from storage.excel.table import FIELDS_BY_KIND, KEY_FIELD, Table, find_table
from storage.excel.teams import plan_members, plan_teams


def plan_sheet(db, sheet: Sheet, *, kind: str = "auto", area: str | None = None,
               create_areas: bool = False, mapping: dict[int, str] | None = None,
               table: Table | None = None) -> Plan:
    """The plan of one sheet. `mapping` (column -> field) overrides the guessed one (the
    app lets the officer correct it)."""
    if table is None:
        table = find_table(sheet.rows, kind)
    if table is None:
        wanted = ", ".join(label for label, _v in FIELDS_BY_KIND["people"].values())
        raise ImportError_(f"Không tìm thấy dòng tiêu đề trong trang “{sheet.name}”: cần ít nhất cột "
                           f"“Họ và tên” và một cột khác ({wanted}).")
    if mapping is not None:
        table.mapping = {int(c): k for c, k in mapping.items() if k}
        if KEY_FIELD[table.kind] not in table.mapping.values():
            raise ImportError_(f"Chưa chọn cột “{FIELDS_BY_KIND[table.kind][KEY_FIELD[table.kind]][0]}”.")
    if table.kind in ("people", "households"):
        return plan_people(db, sheet, table, area, create_areas)
    if table.kind == "mediation":
        return plan_mediation(db, sheet, table)
    if table.kind == "teams":
        return plan_teams(db, sheet, table, area, create_areas)
    return plan_members(db, sheet, table, area, create_areas)
