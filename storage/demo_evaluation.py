"""The demo's current year of evaluation (issue 13): agencies, enterprises and schools
(two of them excluded by TT 124 Điều 1), registrations with criteria and scores where
some subjects pass and some fail (an area with a household that has not signed, one
with a criterion not met, a school that never registered), graded teams within the
rules, the Tổ bảo vệ ANTT members' files, events and the teams that carry each model.
Called by storage/demo.py as its last step, with the builder's random generator."""

from __future__ import annotations

from datetime import date, timedelta

from storage.query import evaluation as computed
from storage.records import evaluation as ev
from storage.records.pledges import pledges

ORGANISATIONS = [
    ("Ủy ban nhân dân {commune}", "agency", "state_agency", 32),
    ("Trạm Y tế {commune}", "agency", "state_agency", 11),
    ("Công ty TNHH May mặc Thành Công", "enterprise", "enterprise_medium", 180),
    ("Hợp tác xã Dịch vụ nông nghiệp {commune}", "enterprise", "enterprise_small", 14),
    ("Trường THCS {commune}", "school", "lower_secondary", 46),
    ("Trường Tiểu học {commune}", "school", "primary", 38),
    ("Trường Mầm non {commune}", "school", "preschool", 25),
]


def _marks(kind: str, failing: str | None = None) -> list[dict]:
    return [{"criterion": c["code"], "met": c["code"] != failing,
             "evidence": "Biên bản họp bình xét cuối năm" if c["code"] != failing else "Xảy ra 01 vụ trộm cắp tài sản"}
            for c in ev.criteria_for(kind) if not c.get("computed")]


def _scores(rng, kind: str, share: float) -> list[dict]:
    return [{"item": i["code"], "points": round(i["max"] * min(1.0, share + rng.uniform(-0.08, 0.08)) * 2) / 2}
            for i in ev.score_items_for(kind)]


def make_evaluation(builder, actor: str) -> str:
    db, rng, year = builder.db, builder.rng, builder.today.year
    # The province's allowance rates, as a station enters them before paying (a bảng kê on
    # the program's defaults is refused): the default amounts, the demo's own resolution.
    province = builder.province
    ev.put_setting(db, "security_allowance", {
        **{role: ev.DEFAULTS["security_allowance"][role] for role in ("leader", "deputy", "member")},
        "source": f"Nghị quyết số {rng.randint(5, 40)}/{year - 2}/NQ-HĐND của Hội đồng nhân dân {province.kind} "
                  f"{province.name} (dữ liệu mẫu)"})
    commune = builder.commune.name[:1].lower() + builder.commune.name[1:]  # 'Trạm Y tế phường An Tường'
    start, end = ev.window(db, "area", year)
    q1 = date(year, 2, 20)

    # Most areas finish their pledges this year; about one in five leaves a few households.
    # (the first area always leaves a few, so the demo always shows why an area fails)
    complete = {a for a in builder.area_ids[1:] if rng.random() < 0.8}
    signed = {r[0] for r in db.conn.execute(
        "SELECT DISTINCT household_id FROM pledges WHERE deleted_at IS NULL AND status IN ('đã ký', 'signed') "
        "AND signed_on BETWEEN ? AND ?", (start.isoformat(), end.isoformat()))}
    catch_up = [{"household_id": h, "status": "signed", "signed_on": date(year, 4, rng.randint(1, 28)).isoformat(),
                 "ceremony_date": date(year, 4, 2).isoformat(), "notes": "Ký bổ sung"}
                for a in complete for h in builder.area_households[a] if h not in signed]
    builder.insert(pledges, catch_up)

    org_ids = builder.insert(ev.organisations, [
        {"name": name.format(commune=commune), "kind": kind, "category": category, "staff_count": staff,
         "area_id": rng.choice(builder.area_ids)} for name, kind, category, staff in ORGANISATIONS])

    def registration(number: str) -> dict:
        return {"registered": 1, "registered_on": q1.isoformat(), "resolution_number": f"{number}-NQ/CB",
                "resolution_date": (q1 - timedelta(days=10)).isoformat(),
                "plan_number": f"{rng.randint(2, 40):02d}/KH", "plan_date": (q1 - timedelta(days=5)).isoformat()}

    rows = []
    for index, area_id in enumerate(builder.area_ids):
        if index > 1 and rng.random() < 0.06:
            continue  # never registered this year
        failing = "area_4" if index == 1 or rng.random() < 0.1 else None  # one always fails a criterion
        rows.append({"subject_kind": "area", "area_id": area_id, "year": year, **registration("01"),
                     "marks": _marks("area", failing),
                     "scores": _scores(rng, "area", 0.75 if failing else rng.uniform(0.8, 0.97))})
    for org_id, (_n, kind, category, _s) in zip(org_ids, ORGANISATIONS):
        if category in ev.EXCLUDED_CATEGORIES or (kind == "school" and rng.random() < 0.3):
            continue
        rows.append({"subject_kind": "organisation", "organisation_id": org_id, "year": year,
                     **registration("02"), "marks": _marks(kind), "scores": _scores(rng, kind, rng.uniform(0.8, 0.95))})
    rows.append({"subject_kind": "commune", "year": year, **registration("05"), "marks": _marks("commune"),
                 "scores": _scores(rng, "commune", 0.86)})
    builder.insert(ev.entries, rows)

    # Recognition decisions once the areas' window has closed, for those that pass.
    if builder.today > end:
        result = computed.evaluate(db, year)
        with db.atomic():
            for subject in (s for s in result["subjects"] if s["kind"] == "area" and s["result"] == "pass"):
                db.conn.execute("UPDATE evaluation_entries SET decision_number = ?, decision_date = ? WHERE id = ?",
                                (f"{rng.randint(100, 300)}/QĐ-UBND", date(year, 11, 10).isoformat(),
                                 subject["_entry_id"]))

    # Team grading: eligible teams only, the cap on "xuất sắc" respected.
    teams = [t for t in computed.team_levels(db, year) if t["_eligible"]]
    levels = rng.choices(["good", "completed", "not_completed"], [55, 38, 7], k=len(teams))
    excellent_allowed = int(levels.count("good") * ev.setting(db, "grading_excellent_cap"))
    grades = []
    for team, level in zip(teams, levels):
        row = {"team_id": team["_id"], "year": year, "level": level, "regular_meetings": 1,
               "tasks_percent": rng.randint(80, 95)}
        if level == "completed" and excellent_allowed and rng.random() < 0.5:
            row.update(level="excellent", tasks_percent=rng.randint(96, 100))
            excellent_allowed -= 1
        grades.append(row)
    builder.insert(ev.team_gradings, grades)
    member_rows = []
    for grade in grades[:: max(1, len(grades) // 12)]:  # a dozen teams graded member by member
        for member in computed.member_levels(db, grade["team_id"], year):
            if not member["eligible"]:
                continue
            level = grade["level"] if member["role"] == "leader" else rng.choice(["good", "completed"])
            member_rows.append({"membership_id": member["membership_id"], "year": year,
                                "level": "completed" if level == "excellent" and member["role"] != "leader" else level})
    builder.insert(ev.member_gradings, member_rows)
    ev.check_excellent_cap(db, year)

    # The Tổ bảo vệ ANTT members' files: most complete, some still missing a paper.
    files = []
    for member in computed.security_roster(db, builder.today):
        complete_file = rng.random() < 0.85
        files.append({"membership_id": member["membership_id"],
                      "education": rng.choice(["lower_secondary", "upper_secondary", "upper_secondary", "vocational"]),
                      "resident_since": date(rng.randint(1975, 2015), rng.randint(1, 12), 1).isoformat(),
                      "health_ok": 1, "clean_record": 1, "file_application": 1, "file_cv": 1,
                      "file_health": 1 if complete_file else 0, "file_school": 1,
                      "decision_number": f"{rng.randint(10, 200)}/QĐ-UBND", "decision_date": "2024-07-01"})
    builder.insert(ev.security_members, files)

    # Events: Ngày hội 19/8 in most areas once the day has come, tuyên truyền, tập huấn.
    events = []
    festival = date(year, 8, 19)
    for area_id in builder.area_ids:
        place = f"Nhà văn hóa {builder.area_name[area_id]}"
        if builder.today >= festival and rng.random() < 0.85:
            events.append({"kind": "festival", "area_id": area_id, "held_on": festival.isoformat(), "place": place,
                           "participants": rng.randint(120, 400),
                           "content": "Biểu dương điển hình tiên tiến, ký giao ước thi đua"})
        for _ in range(rng.randint(1, 2)):
            day = date(year, rng.randint(1, max(1, builder.today.month)), rng.randint(1, 28))
            if day <= builder.today:
                events.append({"kind": "propaganda", "area_id": area_id, "held_on": day.isoformat(), "place": place,
                               "participants": rng.randint(40, 150),
                               "content": "Tuyên truyền phòng chống lừa đảo qua mạng, ma túy, pháo nổ"})
    for month in (3, 9):
        day = date(year, month, 12)
        if day <= builder.today:
            events.append({"kind": "training", "held_on": day.isoformat(), "place": f"Hội trường {commune}",
                           "participants": rng.randint(60, 120),
                           "content": "Tập huấn nghiệp vụ cho Tổ bảo vệ an ninh, trật tự"})
    builder.insert(ev.events, events)

    # Each model is carried out by teams of the areas where it runs (HD 22).
    for model_id, in db.conn.execute("SELECT id FROM models WHERE deleted_at IS NULL").fetchall():
        points = [r[0] for r in db.conn.execute("SELECT area_id FROM model_points WHERE model_id = ?", (model_id,))]
        carried = [t for t, a in builder.team_area.items() if a in points]
        ev.set_model_teams(db, model_id, rng.sample(carried, min(len(carried), rng.randint(1, 3))))

    result = computed.evaluate(db, year)
    c = result["commune"]
    return (f"Đã đánh giá năm {year}: {c['registered_subjects']}/{c['subjects']} đối tượng đăng ký, "
            f"{c['recognised']} đạt; {len(grades)} tổ được xếp loại")
