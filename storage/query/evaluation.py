"""The year's evaluation, computed: each subject's criteria and result (an area needs
every household's pledge of this year), the commune's result under TT 124 Điều 5, the
class from the score and the province's thresholds, the teams' levels, the Tổ bảo vệ
ANTT's sizes and allowances, and the year's calendar with what is still to do."""

from __future__ import annotations

from datetime import date
from functools import cache

from storage.records import evaluation as ev
from storage.text import lower_first, same_text

SIGNED = "đã ký"
ENDED_MODEL = "kết thúc"
SECURITY_TEAM = "Tổ bảo vệ an ninh, trật tự"


@cache
def stored_forms(text: str) -> tuple[str, ...]:
    """A label and every code the vocabulary maps to it: the records may hold either
    while databases move from labels to codes."""
    from storage.vocabulary import VOCABULARIES

    forms = {text}
    for vocabulary in VOCABULARIES.values():
        forms.update(code for code, shown in vocabulary.items() if same_text(shown, text))
    return tuple(sorted(forms))


def _marks(forms: tuple[str, ...]) -> str:
    return ", ".join("'" + f.replace("'", "''") + "'" for f in forms)


# ---- households and pledges ----------------------------------------------------------
def unpledged_households(db, area_id: int, year: int) -> list[dict]:
    """Households of the area with no pledge signed in this year's area window."""
    start, end = ev.window(db, "area", year)
    return [dict(r) for r in db.query(
        "SELECT h.id, h.uuid, coalesce(p.full_name, '') AS head, coalesce(h.address, '') AS address "
        "FROM households h LEFT JOIN people p ON p.id = h.head_id WHERE " + _unpledged() + " ORDER BY p.sort_key, h.id",
        [area_id, end.isoformat(), start.isoformat(), end.isoformat()])]


# A household counts for a year's window when it lived in the area during it: one that moved
# in after the window closed (after the recognition was decided) belongs to next year's.
_LIVED_THERE = "(h.moved_in_on IS NULL OR h.moved_in_on <= ?)"


def _signed(when: str) -> str:
    """The household `h` has a signed pledge whose date is `when` ("BETWEEN ? AND ?", "> ?")."""
    return ("EXISTS (SELECT 1 FROM pledges g WHERE g.household_id = h.id AND g.deleted_at IS NULL AND g.status IN ("
            + _marks(stored_forms(SIGNED)) + f") AND g.signed_on {when})")


def _unpledged() -> str:
    """Households `h` of an area (?) counted for a window (? its end) that signed nothing in it
    (? start, ? end)."""
    return "h.deleted_at IS NULL AND h.area_id = ? AND " + _LIVED_THERE + " AND NOT " + _signed("BETWEEN ? AND ?")


def _household_counts(db, area_id: int, year: int) -> tuple[int, int]:
    start, end = ev.window(db, "area", year)
    total = db.conn.execute("SELECT count(*) FROM households h WHERE h.deleted_at IS NULL AND h.area_id = ? AND "
                            + _LIVED_THERE, (area_id, end.isoformat())).fetchone()[0]
    pledged = db.conn.execute(
        "SELECT count(DISTINCT g.household_id) FROM pledges g JOIN households h ON h.id = g.household_id "
        "AND h.deleted_at IS NULL AND h.area_id = ? AND " + _LIVED_THERE + " WHERE g.deleted_at IS NULL AND "
        "g.status IN (" + _marks(stored_forms(SIGNED)) + ") AND g.signed_on BETWEEN ? AND ?",
        (area_id, end.isoformat(), start.isoformat(), end.isoformat())).fetchone()[0]
    return total, pledged


def _signed_late(db, area_id: int, year: int) -> int:
    """Households of the area counted for `year` that signed only after its window closed
    (a household entered in November signs then: it counts for next year, and saying so
    explains the "chưa đạt" an officer sees)."""
    start, end = ev.window(db, "area", year)
    return db.conn.execute(
        "SELECT count(*) FROM households h WHERE " + _unpledged() + " AND " + _signed("> ?"),
        (area_id, end.isoformat(), start.isoformat(), end.isoformat(), end.isoformat())).fetchone()[0]


def _active_models(db, year: int) -> int:
    start, end = ev.window(db, "commune", year)
    return db.conn.execute(
        "SELECT count(*) FROM models WHERE deleted_at IS NULL AND (launched_on IS NULL OR launched_on <= ?) "
        "AND (ended_on IS NULL OR ended_on >= ?) AND status NOT IN (" + _marks(stored_forms(ENDED_MODEL)) + ")",
        (end.isoformat(), start.isoformat())).fetchone()[0]


# ---- one subject ---------------------------------------------------------------------
def judge(db, kind: str, entry: dict | None, year: int, *, subjects: dict | None = None) -> dict:
    """Criteria, result and what blocks recognition, for a subject of `kind` (area,
    commune, agency, enterprise, school) whose registration is `entry` (a dict of its
    columns with "marks" and "scores", or None when it never registered)."""
    entry = entry or {}
    typed = {m["criterion"]: m for m in entry.get("marks") or []}
    registered = bool(entry.get("registered"))
    out = {"criteria": [], "blocking": [], "households": None, "households_pledged": None}
    for criterion in ev.criteria_for(kind):
        code, computed = criterion["code"], criterion.get("computed")
        row = {"code": code, "text": criterion["text"], "confirmed": criterion.get("confirmed", False),
               "computed": bool(computed), "met": None, "evidence": None}
        if computed == "area_registration":
            total, pledged = _household_counts(db, entry["area_id"], year) if entry.get("area_id") else (0, 0)
            out["households"], out["households_pledged"] = total, pledged
            missing = []
            if not registered:
                missing.append("chưa đăng ký phấn đấu")
            if not entry.get("resolution_number"):
                missing.append("chưa có nghị quyết của chi bộ")
            if pledged < total:  # unpledged_households() lists them
                late = _signed_late(db, entry["area_id"], year)
                _start, end = ev.window(db, "area", year)
                missing.append(f"{total - pledged} hộ chưa ký cam kết năm {year}" + (
                    f" ({late} hộ ký sau hạn {end:%d/%m/%Y}, được tính cho năm sau)" if late else ""))
            row["met"] = not missing
            row["evidence"] = "; ".join(missing) if missing else f"{pledged}/{total} hộ đã ký cam kết"
        elif computed == "registration":
            missing = [text for present, text in (
                (registered, "chưa đăng ký phấn đấu"),
                (entry.get("resolution_number"), "chưa có nghị quyết"),
                (entry.get("plan_number"), "chưa có kế hoạch")) if not present]
            row["met"] = not missing
            row["evidence"] = "; ".join(missing) if missing else (
                f"Nghị quyết {entry.get('resolution_number')}, kế hoạch {entry.get('plan_number')}")
        elif computed == "commune_model":
            count = _active_models(db, year)
            row["met"] = count >= 1
            row["evidence"] = f"{count} mô hình đang hoạt động" if count else "chưa có mô hình nào hoạt động"
        elif computed == "commune_subjects":
            s = subjects or {"subjects": 0, "registered_subjects": 0, "recognised": 0, "ratio_recognised": 0.0}
            missing = []
            if s["registered_subjects"] < s["subjects"]:
                missing.append(f"{s['subjects'] - s['registered_subjects']} đối tượng chưa đăng ký")
            if s["ratio_recognised"] < 0.7:
                missing.append(f"mới {s['recognised']}/{s['subjects']} đối tượng đạt "
                               f"({_percent(s['ratio_recognised'])}, cần ít nhất 70%)")
            row["met"] = not missing
            row["evidence"] = "; ".join(missing) if missing else (
                f"{s['registered_subjects']}/{s['subjects']} đăng ký, {s['recognised']} đạt")
        else:
            mark = typed.get(code)
            if mark is not None and mark.get("met") is not None:
                row["met"] = bool(mark["met"])
                row["evidence"] = mark.get("evidence")
        if row["met"] is False:
            out["blocking"].append(row["evidence"] if row["computed"] and row["evidence"]
                                   else f"tiêu chí “{_short(row['text'])}” chưa đạt")
        out["criteria"].append(row)
    out["criteria_total"] = len(out["criteria"])
    out["criteria_met"] = sum(1 for c in out["criteria"] if c["met"])
    if not entry:
        out["result"] = None
    elif any(c["met"] is None for c in out["criteria"]):
        out["result"] = None  # not all criteria judged yet
    else:
        out["result"] = "pass" if out["criteria_met"] == out["criteria_total"] else "fail"
    scores = entry.get("scores") or []
    out["score"] = round(sum(s["points"] for s in scores), 2) if scores else None
    out["class"] = classify(db, out["score"])
    return out


def _percent(ratio: float) -> str:
    return f"{round(ratio * 100, 1):g}".replace(".", ",") + "%"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def classify(db, score: float | None) -> str | None:
    if score is None:
        return None
    for klass in ev.setting(db, "evaluation_thresholds"):
        if score >= klass["min"]:
            return klass["code"]
    return None


def _entry_dict(entry) -> dict | None:
    if entry is None:
        return None
    from dataclasses import asdict

    return asdict(entry)


# ---- the year ------------------------------------------------------------------------
def subjects(db) -> list[dict]:
    """Every subject of the recognition: areas, then agencies, enterprises and schools
    not excluded by TT 124 Điều 1."""
    rows = [{"kind": "area", "id": r["id"], "uuid": r["uuid"], "name": area_name(db, r["kind"], r["name"])}
            for r in db.query("SELECT id, uuid, name, kind FROM areas WHERE deleted_at IS NULL ORDER BY sort_key")]
    excluded = _marks(ev.EXCLUDED_CATEGORIES)
    rows += [{"kind": r["kind"], "id": r["id"], "uuid": r["uuid"], "name": r["name"]} for r in db.query(
        "SELECT id, uuid, name, kind FROM organisations WHERE deleted_at IS NULL "
        f"AND category NOT IN ({excluded}) ORDER BY CASE kind WHEN 'agency' THEN 0 "
        "WHEN 'enterprise' THEN 1 ELSE 2 END, sort_key")]
    return rows


def area_name(db, kind: str | None, name: str) -> str:
    """"Thôn Đông": the kind's label before the name, as people say it."""
    from storage.records import lists

    kind_label = lists.label_of(db, lists.AREA_KINDS, kind) if kind else ""
    return f"{kind_label} {name}".strip()


def evaluate(db, year: int) -> dict:
    """The year's evaluation in the shape of `evaluate --json` (issue 13)."""
    found = []
    for subject in subjects(db):
        if subject["kind"] == "area":
            entry = ev.entry_for(db, year=year, area_id=subject["id"])
        else:
            entry = ev.entry_for(db, year=year, organisation_id=subject["id"])
        verdict = judge(db, subject["kind"], _entry_dict(entry), year)
        if subject["kind"] == "area":  # also for an area that never registered
            total, pledged = _household_counts(db, subject["id"], year)
            verdict["households"], verdict["households_pledged"] = total, pledged
        found.append({
            "kind": subject["kind"], "uuid": subject["uuid"], "name": subject["name"],
            "registered": bool(entry and entry.registered),
            "criteria_met": verdict["criteria_met"], "criteria_total": verdict["criteria_total"],
            "result": verdict["result"], "score": verdict["score"], "class": verdict["class"],
            "households": verdict["households"], "households_pledged": verdict["households_pledged"],
            "_id": subject["id"], "_entry_id": entry.id if entry else None, "_blocking": verdict["blocking"],
            "_decision": entry.decision_number if entry else None,
        })
    counted = {"subjects": len(found), "registered_subjects": sum(1 for s in found if s["registered"]),
               "recognised": sum(1 for s in found if s["result"] == "pass")}
    counted["ratio_recognised"] = round(counted["recognised"] / counted["subjects"], 4) if found else 0.0
    commune_entry = ev.entry_for(db, year=year, commune=True)
    commune = judge(db, "commune", _entry_dict(commune_entry), year, subjects=counted)
    return {
        "year": year,
        "commune": {"registered": bool(commune_entry and commune_entry.registered), **counted,
                    "result": commune["result"], "score": commune["score"], "class": commune["class"],
                    "_criteria_met": commune["criteria_met"], "_criteria_total": commune["criteria_total"],
                    "_blocking": commune["blocking"], "_criteria": commune["criteria"]},
        "subjects": found,
        "teams": team_levels(db, year),
    }


def public(result: dict) -> dict:
    """The evaluation without the app's private keys (those starting with "_")."""
    if isinstance(result, dict):
        return {k: public(v) for k, v in result.items() if not k.startswith("_")}
    if isinstance(result, list):
        return [public(v) for v in result]
    return result


# ---- teams ---------------------------------------------------------------------------
def gradable(start_on: str | None, end_on: str | None, span) -> bool:
    return ev._nine_months(start_on, end_on, span)  # noqa: SLF001 (one rule, one place)


def team_levels(db, year: int) -> list[dict]:
    """Teams active in the grading window, with their level (None when not graded:
    active under nine months, under complaint, or not graded yet)."""
    span = ev.window(db, "team_grading", year)
    rows = db.query(
        "SELECT t.id, t.uuid, t.name, t.kind, t.launched_on, t.ended_on, g.level, g.under_complaint "
        "FROM teams t LEFT JOIN team_gradings g ON g.team_id = t.id AND g.year = ? AND g.deleted_at IS NULL "
        "WHERE t.deleted_at IS NULL AND (t.launched_on IS NULL OR t.launched_on <= ?) "
        "AND (t.ended_on IS NULL OR t.ended_on >= ?) ORDER BY t.sort_key",
        [year, span[1].isoformat(), span[0].isoformat()])
    out = []
    for r in rows:
        eligible = gradable(r["launched_on"], r["ended_on"], span) and not r["under_complaint"]
        out.append({"uuid": r["uuid"], "name": r["name"], "kind": r["kind"],
                    "level": r["level"] if eligible else None,
                    "_id": r["id"], "_eligible": eligible,
                    "_reason": None if eligible else ("đang bị khiếu nại, tố cáo" if r["under_complaint"]
                                                      else "hoạt động dưới 9 tháng")})
    return out


def member_levels(db, team_id: int, year: int) -> list[dict]:
    span = ev.window(db, "team_grading", year)
    rows = db.query(
        "SELECT m.id, m.role, m.start_on, m.end_on, p.full_name, g.level, g.under_complaint "
        "FROM memberships m JOIN people p ON p.id = m.person_id AND p.deleted_at IS NULL "
        "LEFT JOIN member_gradings g ON g.membership_id = m.id AND g.year = ? AND g.deleted_at IS NULL "
        "WHERE m.deleted_at IS NULL AND m.team_id = ? AND m.start_on <= ? "
        "AND (m.end_on IS NULL OR m.end_on >= ?) "
        "ORDER BY CASE WHEN m.role IN ('tổ trưởng', 'leader') THEN 0 "
        "WHEN m.role IN ('tổ phó', 'deputy') THEN 1 ELSE 2 END, p.sort_key",
        [year, team_id, span[1].isoformat(), span[0].isoformat()])
    out = []
    for r in rows:
        eligible = gradable(r["start_on"], r["end_on"], span) and not r["under_complaint"]
        out.append({"membership_id": r["id"], "name": r["full_name"], "role": ev.role_code(r["role"]),
                    "level": r["level"] if eligible else None, "eligible": eligible,
                    "under_complaint": bool(r["under_complaint"])})
    return out


# ---- Tổ bảo vệ an ninh, trật tự ------------------------------------------------------
def security_team_ids(db) -> list[int]:
    return [r[0] for r in db.conn.execute(
        "SELECT id FROM teams WHERE deleted_at IS NULL AND kind IN (" + _marks(stored_forms(SECURITY_TEAM))
        + ") AND ended_on IS NULL ORDER BY sort_key")]


def required_members(db, area_id: int) -> int:
    """Members a Tổ bảo vệ ANTT needs for one area, by the province's rule."""
    rule = ev.setting(db, "security_team_size")
    kind, households = db.conn.execute(
        "SELECT a.kind, (SELECT count(*) FROM households h WHERE h.area_id = a.id AND h.deleted_at IS NULL) "
        "FROM areas a WHERE a.id = ?", (area_id,)).fetchone()
    needed = rule["base"]
    for step in rule.get("steps", []):
        kind_ok = not step.get("area_kind") or kind in stored_forms(step["area_kind"]) \
            or same_text(kind, step["area_kind"])
        if kind_ok and households >= step["min_households"]:
            needed = max(needed, step["members"])
    return needed


def security_teams(db, on: date) -> list[dict]:
    out = []
    for team_id in security_team_ids(db):
        name = db.conn.execute("SELECT name FROM teams WHERE id = ?", (team_id,)).fetchone()[0]
        area_ids = [r[0] for r in db.conn.execute(
            "SELECT ta.area_id FROM team_areas ta JOIN areas a ON a.id = ta.area_id AND a.deleted_at IS NULL "
            "WHERE ta.team_id = ?", (team_id,))]
        members = db.conn.execute(
            "SELECT count(*) FROM memberships m JOIN people p ON p.id = m.person_id AND p.deleted_at IS NULL "
            "WHERE m.team_id = ? AND m.deleted_at IS NULL AND m.start_on <= ? "
            "AND (m.end_on IS NULL OR m.end_on >= ?)", (team_id, on.isoformat(), on.isoformat())).fetchone()[0]
        needed = sum(required_members(db, a) for a in area_ids) if area_ids else ev.setting(
            db, "security_team_size")["base"]
        out.append({"team_id": team_id, "name": name, "members": members, "required": needed})
    return out


def security_roster(db, on: date, since: date | None = None) -> list[dict]:
    """Members of the Tổ bảo vệ ANTT on a day (or at any time from `since` to it), with their file, what keeps them from being
    eligible and what is missing from their recruitment file."""
    teams = security_team_ids(db)
    if not teams:
        return []
    marks = ", ".join(str(t) for t in teams)
    out = []
    for r in db.query(
            "SELECT m.id, m.role, m.team_id, t.name AS team, p.full_name, p.birth_date, p.birth_year, "
            "s.id AS file_id FROM memberships m JOIN teams t ON t.id = m.team_id "
            "JOIN people p ON p.id = m.person_id AND p.deleted_at IS NULL "
            "LEFT JOIN security_members s ON s.membership_id = m.id AND s.deleted_at IS NULL "
            f"WHERE m.deleted_at IS NULL AND m.team_id IN ({marks}) AND m.start_on <= ? "
            "AND (m.end_on IS NULL OR m.end_on >= ?) ORDER BY t.sort_key, "
            "CASE WHEN m.role IN ('tổ trưởng', 'leader') THEN 0 WHEN m.role IN ('tổ phó', 'deputy') "
            "THEN 1 ELSE 2 END, p.sort_key", [on.isoformat(), (since or on).isoformat()]):
        record = (ev.security_members.get(db, r["file_id"]) if r["file_id"]
                  else ev.SecurityMember(membership_id=r["id"]))
        out.append({"membership_id": r["id"], "team": r["team"], "name": r["full_name"],
                    "role": ev.role_code(r["role"]), "file_id": r["file_id"],
                    "decision_number": record.decision_number,
                    "problems": ev.eligibility(r["birth_date"], r["birth_year"], record, on),
                    "missing_files": ev.missing_files(record)})
    return out


def allowance_sheet(db, year: int, month: int) -> dict:
    """Bảng kê hỗ trợ: every member active in the month, the monthly amount of the role."""
    first = date(year, month, 1)
    last = date(year + (month == 12), month % 12 + 1, 1)
    last = date.fromordinal(last.toordinal() - 1)
    rates = ev.setting(db, "security_allowance")
    rows = []
    for member in security_roster(db, last, since=first):  # who left during the month is paid for it
        rows.append({**member, "amount": int(rates[member["role"]])})
    return {"year": year, "month": month, "from": first.isoformat(), "to": last.isoformat(),
            "rows": rows, "total": sum(r["amount"] for r in rows), "source": rates.get("source", "")}


# ---- the calendar --------------------------------------------------------------------
def _md(db, kind: str, year: int) -> date:
    return ev.window(db, kind, year)[1]


def calendar(db, year: int) -> list[dict]:
    """The year's dates with what is still to do at each, date-ordered."""
    result = evaluate(db, year)
    areas = [s for s in result["subjects"] if s["kind"] == "area"]
    orgs = [s for s in result["subjects"] if s["kind"] != "area"]
    commune = ev.entry_for(db, year=year, commune=True)
    items = []

    def add(day: date, code: str, title: str, todo: list[str]) -> None:
        items.append({"date": day.isoformat(), "code": code, "title": title, "todo": todo})

    todo = []
    if not commune or not commune.registered:
        todo.append("Xã chưa đăng ký phấn đấu đạt tiêu chuẩn “An toàn về ANTT”")
    elif not commune.resolution_number or not commune.plan_number:
        todo.append("Xã chưa ghi nghị quyết của đảng ủy và kế hoạch của Ủy ban nhân dân")
    unregistered_areas = [s for s in areas if not s["registered"]]
    if unregistered_areas:
        todo.append(f"{len(unregistered_areas)} địa bàn chưa đăng ký")
    unregistered_orgs = [s for s in orgs if not s["registered"]]
    if unregistered_orgs:
        todo.append(f"{len(unregistered_orgs)} cơ quan, doanh nghiệp, cơ sở giáo dục chưa đăng ký")
    add(date(year, 3, 31), "q1_registration", "Hết quý I: nghị quyết, kế hoạch, đăng ký phấn đấu "
        "“An toàn về ANTT” của mọi đối tượng", todo)

    add(date(year, 6, 16), "movement_force_day", "Ngày truyền thống lực lượng xây dựng phong trào "
        "toàn dân bảo vệ an ninh Tổ quốc", [])
    add(date(year, 6, 30), "mid_year_review", "Sơ kết 6 tháng phong trào",
        [] if _has_review(db, "sơ kết", year) else ["Chưa có biên bản sơ kết 6 tháng"])

    held = {r[0] for r in db.conn.execute(
        "SELECT DISTINCT area_id FROM movement_events WHERE deleted_at IS NULL AND kind = 'festival' "
        "AND area_id IS NOT NULL AND held_on BETWEEN ? AND ?", (f"{year}-01-01", f"{year}-12-31"))}
    missing = [s for s in areas if s["_id"] not in held]
    add(date(year, 8, 19), "festival", "Ngày hội toàn dân bảo vệ an ninh Tổ quốc (19/8)",
        [f"{len(missing)} địa bàn chưa tổ chức Ngày hội"] if missing else [])

    todo = [f"{s['households'] - s['households_pledged']} hộ ở {lower_first(s['name'])} chưa ký cam kết"
            for s in areas if s["households"] and s["households_pledged"] < s["households"]]
    pending = [s for s in areas if s["registered"] and s["result"] is None]
    if pending:
        todo.append(f"{len(pending)} địa bàn chưa đánh giá đủ tiêu chí")
    add(_md(db, "area", year), "area_window_end", "Hết kỳ đánh giá khu dân cư", todo)

    teams = result["teams"]
    ungraded = [t for t in teams if t["_eligible"] and t["level"] is None]
    add(_md(db, "team_grading", year), "grading_window_end", "Hết kỳ xếp loại tổ và thành viên",
        [f"{len(ungraded)} tổ chưa xếp loại"] if ungraded else [])

    pending = [s for s in orgs if s["registered"] and s["result"] is None]
    todo = [f"{len(pending)} cơ quan, doanh nghiệp, cơ sở giáo dục chưa đánh giá đủ tiêu chí"] if pending else []
    if result["commune"]["result"] is None:
        todo.append("Xã chưa đánh giá đủ tiêu chí Điều 5")
    add(_md(db, "commune", year), "commune_window_end",
        "Hết kỳ đánh giá xã, cơ quan, doanh nghiệp, cơ sở giáo dục", todo)

    unscored = [s for s in areas if s["registered"] and s["score"] is None]
    add(date(year, 11, 20), "area_classification", "Hạn phân loại khu dân cư (trước 20/11)",
        [f"{len(unscored)} địa bàn chưa chấm điểm"] if unscored else [])
    unscored = [s for s in orgs if s["registered"] and s["score"] is None]
    todo = [f"{len(unscored)} cơ quan, doanh nghiệp, cơ sở giáo dục chưa chấm điểm"] if unscored else []
    if result["commune"]["score"] is None:
        todo.append("Xã chưa chấm điểm")
    add(date(year, 11, 30), "commune_classification",
        "Hạn phân loại xã, cơ quan, doanh nghiệp, cơ sở giáo dục (trước 30/11)", todo)
    add(date(year, 12, 31), "year_review", "Tổng kết năm phong trào",
        [] if _has_review(db, "tổng kết", year) else ["Chưa có biên bản tổng kết năm"])
    items.sort(key=lambda i: (i["date"], i["code"]))
    return items


def _has_review(db, kind: str, year: int) -> bool:
    return db.conn.execute(
        "SELECT 1 FROM reviews WHERE deleted_at IS NULL AND kind IN (" + _marks(stored_forms(kind))
        + ") AND period_end BETWEEN ? AND ?", (f"{year}-01-01", f"{year}-12-31")).fetchone() is not None


def reminders(db, today: date, *, days_ahead: int = 45) -> list[dict]:
    """Calendar dates from today to `days_ahead` days on, and past ones of this year
    still with something to do: for the overview and the reminder at start."""
    out = []
    for item in calendar(db, today.year):
        day = date.fromisoformat(item["date"])
        soon = 0 <= (day - today).days <= days_ahead
        overdue = day < today and item["todo"]
        if (soon or overdue) and (item["todo"] or soon):
            out.append({**item, "overdue": bool(overdue)})
    return out


# ---- period figures ------------------------------------------------------------------
def area_counts(db, year: int) -> tuple[int, int]:
    """(registered, recognised) areas of a year for the period figures: recognised is the
    computed result; an area with no registration of the year, or one judged before
    criteria were kept (no marks at all), keeps the old typed flags of area_assessments."""
    legacy = {r[0]: (r[1], r[2]) for r in db.conn.execute(
        "SELECT area_id, registered, recognised FROM area_assessments WHERE deleted_at IS NULL AND year = ?",
        (year,))}
    registered = recognised = 0
    for area_id, in db.conn.execute("SELECT id FROM areas WHERE deleted_at IS NULL").fetchall():
        entry = ev.entry_for(db, year=year, area_id=area_id)
        if entry is None:
            old_registered, old_recognised = legacy.get(area_id, (0, 0))
            registered += bool(old_registered)
            recognised += bool(old_registered and old_recognised)
            continue
        if not entry.registered:
            continue
        registered += 1
        if not entry.marks:
            recognised += bool(legacy.get(area_id, (0, 0))[1])
        elif judge(db, "area", _entry_dict(entry), year)["result"] == "pass":
            recognised += 1
    return registered, recognised


def period_section(db, period) -> dict:
    """The "evaluation" section of the period figures: the year of the period's end for
    recognition and grading, the period itself for events. Counts only (the superior
    sums them); the one ratio is recomputed from the sums."""
    year = period.end.year
    result = evaluate(db, year)
    subjects = result["subjects"]
    orgs = [s for s in subjects if s["kind"] != "area"]
    levels = [t["level"] for t in result["teams"] if t["level"]]
    span = (period.start.isoformat(), period.end.isoformat())
    events = dict(db.conn.execute(
        "SELECT kind, count(*) FROM movement_events WHERE deleted_at IS NULL AND held_on BETWEEN ? AND ? "
        "GROUP BY kind", span).fetchall())
    participants = db.conn.execute(
        "SELECT coalesce(sum(participants), 0) FROM movement_events WHERE deleted_at IS NULL "
        "AND held_on BETWEEN ? AND ?", span).fetchone()[0]
    # Areas are counted exactly as the "areas" rows of the same figures count them
    # (area_counts: a year judged before criteria were kept keeps its typed flags), so a
    # report, minutes or package never says "3 địa bàn đăng ký" beside "0 đối tượng".
    areas_registered, areas_recognised = area_counts(db, year)
    registered = areas_registered + sum(1 for s in orgs if s["registered"])
    recognised = areas_recognised + sum(1 for s in orgs if s["result"] == "pass")
    return {
        "year": year,
        "subjects": len(subjects),
        "registered_subjects": registered,
        "recognised": recognised,
        "ratio_recognised": round(recognised / len(subjects), 4) if subjects else 0.0,
        "organisations": len(orgs),
        "organisations_recognised": sum(1 for s in orgs if s["result"] == "pass"),
        "commune_passed": 1 if result["commune"]["result"] == "pass" else 0,
        "teams_graded": len(levels),
        "teams_excellent": levels.count("excellent"),
        "teams_good": levels.count("good"),
        "teams_completed": levels.count("completed"),
        "teams_not_completed": levels.count("not_completed"),
        "propaganda_sessions": events.get("propaganda", 0),
        "trainings": events.get("training", 0),
        "festivals": events.get("festival", 0),
        "event_participants": int(participants),
        "security_members": len(security_roster(db, period.end, since=period.start)),
    }
