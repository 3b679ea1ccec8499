"""The period figures the superior asks for (teams and members by kind, models, pledges
signed of all households, patrols, mediation, tips, surrendered items, reintegration,
areas recognised, commendations: README "Gửi số liệu lên cấp trên"), computed in one
place for the overview, the reports, the command line and the exchange package.
Additive counts are integers; ratios are floats between 0 and 1."""

from __future__ import annotations

from storage.query import evaluation
from storage.query.periods import Period
from storage.vocabulary import sql_label

# Entries of the lists by kind, category and level carry the code ("kind": "mediation")
# and the label the station shows ("label": "Tổ hòa giải"); counts are keyed by code.


def _one(db, sql: str, params) -> int:
    return db.conn.execute(sql, params).fetchone()[0] or 0


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _quantity(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 3)


def period_figures(db, period: Period) -> dict:
    start, end = period.start.isoformat(), period.end.isoformat()
    span = (start, end)
    return {
        "period": {"code": period.code, "start": start, "end": end, "label": period.label},
        "areas": _areas(db, period),
        "teams": _teams(db, start, end),
        "models": _models(db, start, end),
        "households": _households(db, span),
        "patrols": _patrols(db, span),
        "mediation": _mediation(db, span),
        "tips": {
            "received": _one(db, "SELECT count(*) FROM tips WHERE deleted_at IS NULL "
                                 "AND received_on BETWEEN ? AND ?", span),
            "valuable": _one(db, "SELECT count(*) FROM tips WHERE deleted_at IS NULL AND valuable = 1 "
                                 "AND received_on BETWEEN ? AND ?", span),
        },
        "surrendered": _surrendered(db, span),
        "reintegration": _reintegration(db, start, end),
        "commendations": _commendations(db, span),
        "evaluation": evaluation.period_section(db, period),  # issue 13: the year's evaluation
    }


def _areas(db, period: Period) -> dict:
    total = _one(db, "SELECT count(*) FROM areas WHERE deleted_at IS NULL", ())
    year = period.end.year
    # Recognition is computed from the criteria and pledges (storage/query/evaluation.py).
    registered, recognised = evaluation.area_counts(db, year)
    return {"total": total, "year": year, "registered": registered, "recognised_safe": recognised,
            "ratio_recognised": _ratio(recognised, total)}


_TEAM_ACTIVE = ("t.deleted_at IS NULL AND (t.launched_on IS NULL OR t.launched_on <= :end) "
                "AND (t.ended_on IS NULL OR t.ended_on >= :start)")
_ACTIVE_TEAMS = f"SELECT t.id, t.kind FROM teams t WHERE {_TEAM_ACTIVE}"
_ACTIVE_MEMBERS = ("SELECT DISTINCT m.person_id, t.kind FROM memberships m "
                   f"JOIN teams t ON t.id = m.team_id AND {_TEAM_ACTIVE} "
                   "WHERE m.deleted_at IS NULL AND m.start_on <= :end "
                   "AND (m.end_on IS NULL OR m.end_on >= :start) "
                   "AND EXISTS (SELECT 1 FROM people p WHERE p.id = m.person_id AND p.deleted_at IS NULL)")


def _teams(db, start: str, end: str) -> dict:
    params = {"start": start, "end": end}
    by_kind: dict[str, dict] = {}
    shown = sql_label("team_kind", "kind")
    for kind, label, count in db.conn.execute(
            f"SELECT kind, {shown}, count(*) FROM ({_ACTIVE_TEAMS}) GROUP BY kind", params):
        by_kind[kind] = {"kind": kind, "label": label, "teams": count, "members": 0}
    for kind, label, count in db.conn.execute(
            f"SELECT kind, {shown}, count(*) FROM ({_ACTIVE_MEMBERS}) GROUP BY kind", params):
        by_kind.setdefault(kind, {"kind": kind, "label": label, "teams": 0, "members": 0})["members"] = count
    return {
        "total": sum(k["teams"] for k in by_kind.values()),
        "members": _one(db, f"SELECT count(DISTINCT person_id) FROM ({_ACTIVE_MEMBERS})", params),
        "launched": _one(db, "SELECT count(*) FROM teams WHERE deleted_at IS NULL "
                             "AND launched_on BETWEEN ? AND ?", (start, end)),
        "ended": _one(db, "SELECT count(*) FROM teams WHERE deleted_at IS NULL "
                          "AND ended_on BETWEEN ? AND ?", (start, end)),
        "by_kind": sorted(by_kind.values(), key=lambda k: k["label"]),
    }


def _models(db, start: str, end: str) -> dict:
    rows = list(db.query(
        "SELECT m.name, m.exemplary, m.status, (SELECT count(*) FROM model_points mp "
        "JOIN areas a ON a.id = mp.area_id AND a.deleted_at IS NULL WHERE mp.model_id = m.id) AS points, "
        # the teams that carry it out (HD 22/HD-BCA-V05; storage/records/evaluation.py)
        "(SELECT count(*) FROM model_teams mt JOIN teams t ON t.id = mt.team_id AND t.deleted_at IS NULL "
        "WHERE mt.model_id = m.id) AS teams "
        "FROM models m WHERE m.deleted_at IS NULL AND (m.launched_on IS NULL OR m.launched_on <= ?) "
        "AND (m.ended_on IS NULL OR m.ended_on >= ?) ORDER BY m.sort_key", [end, start]))
    return {
        "total": len(rows),
        "points": sum(r["points"] for r in rows),
        "exemplary": sum(1 for r in rows if r["exemplary"]),
        "replicated": sum(1 for r in rows if r["status"] == "replicated"),
        # a team carrying out two models is one team (18 pairs were printed as 18 teams of 17)
        "teams": _one(db, "SELECT count(DISTINCT mt.team_id) FROM model_teams mt JOIN teams t ON t.id = mt.team_id "
                          "AND t.deleted_at IS NULL JOIN models m ON m.id = mt.model_id AND m.deleted_at IS NULL "
                          "AND (m.launched_on IS NULL OR m.launched_on <= ?) AND (m.ended_on IS NULL OR m.ended_on >= ?)",
                      (end, start)),
        "by_name": [{"name": r["name"], "points": r["points"], "teams": r["teams"],
                     "exemplary": bool(r["exemplary"])} for r in rows],
    }


def _households(db, span) -> dict:
    total = _one(db, "SELECT count(*) FROM households WHERE deleted_at IS NULL", ())
    pledged = _one(db, "SELECT count(DISTINCT p.household_id) FROM pledges p JOIN households h "
                       "ON h.id = p.household_id AND h.deleted_at IS NULL WHERE p.deleted_at IS NULL "
                       "AND p.status = 'signed' AND p.signed_on BETWEEN ? AND ?", span)  # index pledges_signed
    return {"total": total, "pledged": pledged, "ratio_pledged": _ratio(pledged, total)}


def _patrols(db, span) -> dict:
    base = "FROM patrols WHERE deleted_at IS NULL AND patrol_date BETWEEN ? AND ?"
    return {
        "total": _one(db, "SELECT count(*) " + base, span),
        "with_findings": _one(db, "SELECT count(*) " + base + " AND coalesce(findings, '') != ''", span),
        "person_turns": _one(db, "SELECT count(*) FROM patrol_members pm JOIN patrols p "
                                 "ON p.id = pm.patrol_id WHERE p.deleted_at IS NULL "
                                 "AND p.patrol_date BETWEEN ? AND ?", span),
        "by_month": [{"month": month, "count": count} for month, count in db.conn.execute(
            "SELECT substr(patrol_date, 1, 7), count(*) " + base + " GROUP BY 1 ORDER BY 1", span)],
    }


def _mediation(db, span) -> dict:
    base = "FROM mediation_cases WHERE deleted_at IS NULL AND received_on BETWEEN ? AND ?"
    counts = dict(db.conn.execute("SELECT result, count(*) " + base + " GROUP BY result", span).fetchall())
    received = sum(counts.values())
    settled = counts.get("settled", 0)
    not_settled = counts.get("not_settled", 0)
    return {
        "received": received, "settled": settled, "not_settled": not_settled,
        "in_progress": counts.get("in_progress", 0),
        "excluded": _one(db, "SELECT count(*) " + base + " AND excluded_matter = 1", span),
        "ratio_settled": _ratio(settled, settled + not_settled),
        "by_category": [{"category": c, "label": shown, "count": n} for c, shown, n in db.conn.execute(
            f"SELECT category, {sql_label('mediation_category', 'category')}, count(*) " + base
            + " GROUP BY category ORDER BY 3 DESC, 2", span)],
    }


def _surrendered(db, span) -> dict:
    rows = db.conn.execute(
        f"SELECT kind, unit, sum(quantity), count(*), {sql_label('item_kind', 'kind')} "
        "FROM surrendered_items WHERE deleted_at IS NULL "
        "AND received_on BETWEEN ? AND ? GROUP BY kind, unit ORDER BY 5, unit", span).fetchall()
    return {"handovers": sum(r[3] for r in rows),
            "by_kind": [{"kind": k, "label": shown, "unit": u, "quantity": _quantity(q), "handovers": n}
                        for k, u, q, n, shown in rows]}


def _reintegration(db, start: str, end: str) -> dict:
    base = ("FROM reintegration_cases r WHERE r.deleted_at IS NULL AND r.started_on <= ? "
            "AND (r.ended_on IS NULL OR r.ended_on >= ?) "
            "AND EXISTS (SELECT 1 FROM people p WHERE p.id = r.person_id AND p.deleted_at IS NULL)")
    params = (end, start)
    counts = dict(db.conn.execute("SELECT r.status, count(*) " + base + " GROUP BY r.status",
                                  params).fetchall())
    return {
        "total": sum(counts.values()),
        "new": _one(db, "SELECT count(*) FROM reintegration_cases WHERE deleted_at IS NULL "
                        "AND started_on BETWEEN ? AND ?", (start, end)),
        "helping": counts.get("helping", 0),
        "reintegrated": counts.get("reintegrated", 0),
        "reoffended": counts.get("reoffended", 0),
    }


def _commendations(db, span) -> dict:
    base = "FROM commendations WHERE deleted_at IS NULL AND awarded_on BETWEEN ? AND ?"
    return {
        "total": _one(db, "SELECT count(*) " + base, span),
        "collective": _one(db, "SELECT count(*) " + base + " AND target_kind != 'individual'", span),
        "individual": _one(db, "SELECT count(*) " + base + " AND target_kind = 'individual'", span),
        "by_level": [{"level": lv, "label": shown, "count": n} for lv, shown, n in db.conn.execute(
            f"SELECT level, {sql_label('commendation_level', 'level')}, count(*) " + base
            + " GROUP BY level ORDER BY 3 DESC, 2", span)],
    }
