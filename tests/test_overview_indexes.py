"""The overview's figures at 80,000 households (issue 17): migrations 15 and 19's partial
indexes serve the real queries period_figures runs (the statements are caught as SQLite
runs them and their plans read), and the figures stay the same with or without them."""

from __future__ import annotations

import re

from storage.db.connection import open_database
from storage.query.periods import station_period
from storage.query.stats import period_figures
from storage.records.patrols import patrols
from tests.conftest import ACTOR


def statements(db) -> tuple[dict, list[str]]:
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        figures = period_figures(db, station_period(db, None))
    finally:
        db.conn.set_trace_callback(None)
    return figures, seen


def plan(db, sql: str) -> str:
    return " ".join(row[3] for row in db.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))


def test_the_figures_read_live_households_and_patrols_with_findings_through_the_new_indexes(db_path, tmp_path):
    db = open_database(db_path)
    from storage.records.areas import areas
    from storage.records.households import households
    from storage.records.people import people
    from storage.records.teams import teams

    area = areas.create(db, ACTOR, name="Thôn Đông", kind="Thôn")
    head = people.create(db, ACTOR, full_name="Phạm Văn Đạt", area_id=area.id)
    households.create(db, ACTOR, head_id=head.id, area_id=area.id, address="Số 9")
    team = teams.create(db, ACTOR, name="Tổ tuần tra", kind="Tổ bảo vệ an ninh, trật tự", launched_on="2024-01-01")
    patrols.create(db, ACTOR, team_id=team.id, patrol_date=str(station_period(db, None).start), route="Đê",
                   findings="Nhóm thanh niên tụ tập")
    figures, seen = statements(db)
    counts = [sql for sql in seen if re.search(r"FROM households (h )?WHERE (h\.)?deleted_at IS NULL AND (h\.)?area_id",
                                               sql)]
    found = [sql for sql in seen if "coalesce(findings, '') != ''" in sql]
    assert counts and found
    # migration 19's index holds the area and the day a household moved in (m0016): it answers alone
    assert all("USING COVERING INDEX households_area_moved (area_id=?)" in plan(db, sql) for sql in counts), \
        [plan(db, sql) for sql in counts]
    assert all("USING INDEX patrols_findings" in plan(db, sql) for sql in found)
    assert figures["patrols"]["with_findings"] == 1
    db.execute("DROP INDEX households_area_moved")
    db.execute("DROP INDEX patrols_findings")
    assert statements(db)[0] == figures  # the same figures, only slower
    db.close()
