"""Every document for every record of a station database: the sweep the printing tests
and the benchmark share (issue 10, "never fails on real data")."""

from __future__ import annotations

from collections.abc import Iterator

from storage.documents import gather as printouts
from storage.errors import ValidationError
from storage.query.periods import parse_period


def jobs(db) -> Iterator[tuple[str, dict]]:
    """(document kind, options) for every record a document can be printed for."""
    for (area_id,) in db.conn.execute("SELECT DISTINCT area_id FROM households WHERE deleted_at IS NULL "
                                      "ORDER BY area_id"):
        yield "pledges", {"area_id": area_id, "ceremony_date": "2026-02-05"}
        yield "roster", {"area_id": area_id}
        yield "pledge_form", {"area_id": area_id}
        yield "ceremony", {"area_id": area_id, "ceremony_date": "2026-02-05"}
    for (review_id,) in db.conn.execute("SELECT id FROM reviews WHERE deleted_at IS NULL ORDER BY id"):
        yield "minutes", {"review_id": review_id}
        yield "invitation", {"review_id": review_id}
    for (case_id, result) in db.conn.execute("SELECT id, result FROM mediation_cases WHERE deleted_at IS NULL "
                                             "ORDER BY id"):
        if result != "in_progress":
            yield "mediation", {"case_id": case_id}
    years = [row[0] for row in db.conn.execute(
        "SELECT DISTINCT substr(patrol_date, 1, 4) FROM patrols WHERE deleted_at IS NULL ORDER BY 1")] or ["2026"]
    for (team_id, status) in db.conn.execute("SELECT id, status FROM teams WHERE deleted_at IS NULL ORDER BY id"):
        yield "roster", {"team_id": team_id}
        if status != "ended":  # an ended team gets no founding decision (refused in a sentence)
            yield "team_decision", {"team_id": team_id}
        for year in years:
            if _count(db, "patrols", team_id, year):
                yield "patrols", {"team_id": team_id, "period": parse_period(year)}
            if _count(db, "mediation_cases", team_id, year):
                yield "logbook", {"team_id": team_id, "period": parse_period(year)}
        if len(years) > 1:  # every year at once: the long tables run over several pages
            span = parse_period(f"{years[0]}-01-01..{years[-1]}-12-31")
            if any(_count(db, "mediation_cases", team_id, year) for year in years):
                yield "logbook", {"team_id": team_id, "period": span}
            if any(_count(db, "patrols", team_id, year) for year in years):
                yield "patrols", {"team_id": team_id, "period": span}
    for (award_id, level, form) in db.conn.execute("SELECT id, level, form FROM commendations "
                                                   "WHERE deleted_at IS NULL ORDER BY id"):
        if level != "commune_police":  # the station's own award needs no tờ trình (refused in a sentence)
            yield "commendation_proposal", {"commendation_id": award_id}
        if level == "commune_committee" and form == "certificate":  # what a commune's chair awards
            yield "commendation_decision", {"commendation_id": award_id}
    for (case_id,) in db.conn.execute("SELECT id FROM reintegration_cases WHERE deleted_at IS NULL ORDER BY id"):
        yield "reintegration_decision", {"reintegration_id": case_id}
    for (item_id,) in db.conn.execute("SELECT id FROM surrendered_items WHERE deleted_at IS NULL ORDER BY id"):
        yield "surrender", {"item_id": item_id}
    for year in years:
        yield "report", {"period": parse_period(year)}
        yield "tips", {"period": parse_period(year)}
        yield "tips", {"period": parse_period(year), "station_copy": False}
    yield "pledge_form", {}


def _count(db, table: str, team_id: int, year: str) -> int:
    column = "patrol_date" if table == "patrols" else "received_on"
    return db.conn.execute(f"SELECT count(*) FROM {table} WHERE team_id = ? AND deleted_at IS NULL "
                           f"AND substr({column}, 1, 4) = ?", (team_id, year)).fetchone()[0]


def every_job(db) -> list[printouts.PrintJob]:
    found = []
    for kind, options in jobs(db):
        try:
            found.append(printouts.gather(db, "quét thử", kind, **options))
        except ValidationError as error:
            # An area whose teams have all stopped has no roster to print: the one refusal
            # the sweep accepts, and only with its message.
            if not (kind == "roster" and "chưa có tổ nào đang hoạt động" in str(error)):
                raise
    return found
