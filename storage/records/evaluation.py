"""The year's evaluation, as records: agencies, enterprises and schools (organisations),
each subject's registration for a year with its criteria marks and scores, the grading
of teams and members, the Tổ bảo vệ an ninh, trật tự member's file, the movement's
events and the teams that carry out a model. The rules that decide results are computed
in storage/query/evaluation.py; the per-record rules (a team active under nine months is
not graded, a leader never above the team, "xuất sắc" needs > 95% of tasks …) are
checked here when a record is written. Sources: domain.md "The year's evaluation"."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources

from storage.errors import ValidationError
from storage.records import settings
from storage.records.repository import Child, Record, Repository
from storage.records.validate import Checker, parse_date
from storage.text import text_sort_key
from storage.vocabulary import label

# ---- enumerations (labels in storage/vocabulary.py) -----------------------------------
ORG_KINDS = ("agency", "enterprise", "school")
CATEGORIES = {
    "agency": ("state_agency", "political_social", "armed_forces"),
    "enterprise": ("enterprise_large", "enterprise_medium", "enterprise_small", "enterprise_micro"),
    "school": ("upper_secondary", "lower_secondary", "multi_level", "vocational", "higher_education",
               "primary", "preschool"),
}
# Thông tư 124/2021/TT-BCA Điều 1 khoản 2 điểm b: not subjects of the recognition.
EXCLUDED_CATEGORIES = ("armed_forces", "enterprise_small", "enterprise_micro", "primary", "preschool")
LEVELS = ("excellent", "good", "completed", "not_completed")  # best first
LEVEL_RANK = {code: index for index, code in enumerate(LEVELS)}  # lower is better
EVENT_KINDS = ("propaganda", "training", "festival")
EDUCATION = ("none", "primary", "lower_secondary", "upper_secondary", "vocational", "university")
FILE_ITEMS = ("file_application", "file_cv", "file_health", "file_school")

# ---- settings with the defaults ----------------------------------------------
# The allowance and team-size defaults were one former province's (both merged in 2025): they
# say they are the program's, until the station enters its province's resolution. A basis that
# still reads "Mặc định…" (this text, or the older one naming those provinces) is no basis.
DEFAULT_SOURCE = ("Mặc định của chương trình, chưa theo Nghị quyết của Hội đồng nhân dân tỉnh; hãy sửa theo "
                  "Nghị quyết của tỉnh mình.")


def is_default_source(text: str | None) -> bool:
    return not (text or "").strip() or (text or "").strip().lower().startswith("mặc định")


DEFAULTS = {
    # First day (month-day) of each kind's evaluation year; the year Y runs from that day
    # of Y-1 to the day before it in Y [TT 124 Điều 8; HD 01/HD-BCA-V05].
    "evaluation_windows": {"area": "11-01", "commune": "11-16", "agency": "11-16",
                           "enterprise": "11-16", "school": "11-16", "team_grading": "11-15"},
    # Classification thresholds per province (points out of 100, best class first).
    "evaluation_thresholds": None,  # None: the defaults of resources/evaluation_scoring.json
    # Share of "xuất sắc" allowed, of those rated "tốt" [HD 01/HD-BCA-V05].
    "grading_excellent_cap": 0.20,
    # Monthly allowance of the Tổ bảo vệ ANTT by role, VND (set by the province's People's Council).
    "security_allowance": {"leader": 2_340_000, "deputy": 1_638_000, "member": 1_170_000,
                           "source": DEFAULT_SOURCE},
    # Members of a Tổ bảo vệ ANTT per area, by households (province's People's Council).
    "security_team_size": {"base": 3,
                           "steps": [{"area_kind": "Thôn", "min_households": 350, "members": 4},
                                     {"area_kind": "Tổ dân phố", "min_households": 500, "members": 4}],
                           "source": DEFAULT_SOURCE},
}
WINDOW_KINDS = tuple(DEFAULTS["evaluation_windows"])


def setting(db, key: str):
    value = settings.get(db, key)
    if value is None:
        value = DEFAULTS[key]
    if key == "evaluation_windows":
        value = {**DEFAULTS[key], **value}
    if key == "evaluation_thresholds" and value is None:
        value = scoring_tables()["thresholds"]["classes"]
    return value


def put_setting(db, key: str, value) -> None:
    if key not in DEFAULTS:
        raise ValidationError(f"Không có cài đặt “{key}”.")
    if key == "evaluation_windows":
        for kind, start in value.items():
            if kind not in WINDOW_KINDS:
                raise ValidationError(f"Không có kỳ đánh giá “{kind}”.")
            try:
                date.fromisoformat(f"2001-{start}")
            except (TypeError, ValueError):
                raise ValidationError(f"Ngày bắt đầu kỳ “{start}” phải có dạng tháng-ngày, ví dụ 11-01.") from None
    if key == "evaluation_thresholds":
        minimums = [c.get("min") for c in value]
        if any(not isinstance(m, int | float) or m < 0 or m > 100 for m in minimums) or \
                minimums != sorted(minimums, reverse=True):
            raise ValidationError("Ngưỡng xếp loại phải là số điểm từ 0 đến 100, loại cao trước, giảm dần.")
    settings.put(db, key, value)


def window(db, kind: str, year: int) -> tuple[date, date]:
    """The evaluation year `year` of `kind`: from the start day of year-1 to the day
    before it in `year` (areas 01/11/Y-1 – 31/10/Y by default)."""
    start_md = setting(db, "evaluation_windows")[kind]
    start = date.fromisoformat(f"{year - 1}-{start_md}")
    end = date.fromordinal(date.fromisoformat(f"{year}-{start_md}").toordinal() - 1)
    return start, end


# ---- data files ----------------------------------------------------------------------
@cache
def criteria_tables() -> dict:
    return json.loads(resources.files("resources").joinpath("evaluation_criteria.json")
                      .read_text(encoding="utf-8"))


@cache
def scoring_tables() -> dict:
    return json.loads(resources.files("resources").joinpath("evaluation_scoring.json")
                      .read_text(encoding="utf-8"))


def table_kind(subject_kind: str) -> str:
    """The kind whose tables apply: enterprises share the agencies' (TT 124 Điều 6)."""
    return "agency" if subject_kind == "enterprise" else subject_kind


def criteria_for(subject_kind: str) -> list[dict]:
    return criteria_tables()["kinds"][table_kind(subject_kind)]["criteria"]


def score_items_for(subject_kind: str) -> list[dict]:
    return scoring_tables()["kinds"][table_kind(subject_kind)]


# ---- organisations -------------------------------------------------------------------
@dataclass(kw_only=True)
class Organisation(Record):
    name: str
    kind: str
    category: str
    staff_count: int | None = None
    area_id: int | None = None
    address: str | None = None
    head_name: str | None = None
    notes: str | None = None

    @property
    def excluded(self) -> bool:
        return self.category in EXCLUDED_CATEGORIES


class Organisations(Repository[Organisation]):
    table = "organisations"
    record = Organisation
    label = "cơ quan, doanh nghiệp, cơ sở giáo dục"
    order_by = "kind, sort_key"

    def clean(self, db, values, current):
        check = Checker(values)
        kind = check.code("kind", "loại đơn vị", "evaluation_subject")
        if kind is not None and kind not in ORG_KINDS:
            check.fail("kind", "Loại đơn vị phải là cơ quan, doanh nghiệp hoặc cơ sở giáo dục.")
        category = check.code("category", "loại hình", "organisation_category")
        if kind in ORG_KINDS and category is not None and category not in CATEGORIES[kind]:
            check.fail("category", f"Loại hình “{label('organisation_category', category)}” không dùng cho "
                                   f"{label('evaluation_subject', kind).lower()}; hãy chọn một trong: "
                                   + ", ".join(label("organisation_category", c) for c in CATEGORIES[kind]) + ".")
        out = {
            "name": check.text("name", "tên đơn vị", required=True, max_len=300),
            "kind": kind,
            "category": category,
            "staff_count": check.integer("staff_count", "số cán bộ, nhân viên, người lao động",
                                         maximum=1_000_000),
            "area_id": check.reference(db, "area_id", "areas", "địa bàn"),
            "address": check.text("address", "địa chỉ"),
            "head_name": check.text("head_name", "người đứng đầu", max_len=200),
            "notes": check.text("notes", "ghi chú"),
        }
        check.done()
        return out

    def derived(self, db, clean):
        return {"sort_key": text_sort_key(clean["name"])}


organisations = Organisations()


# ---- registrations, criteria marks, scores -------------------------------------------
@dataclass(kw_only=True)
class Entry(Record):
    subject_kind: str
    year: int
    area_id: int | None = None
    organisation_id: int | None = None
    registered: int = 0
    registered_on: str | None = None
    resolution_number: str | None = None
    resolution_date: str | None = None
    plan_number: str | None = None
    plan_date: str | None = None
    decision_number: str | None = None
    decision_date: str | None = None
    notes: str | None = None
    marks: list = field(default_factory=list)   # [{"criterion", "met", "evidence"}]
    scores: list = field(default_factory=list)  # [{"item", "points"}]


class Entries(Repository[Entry]):
    table = "evaluation_entries"
    record = Entry
    label = "đăng ký, đánh giá “an toàn về ANTT”"
    order_by = "year DESC, subject_kind, id"
    children = {"marks": Child("evaluation_marks", "entry_id", ("criterion", "met", "evidence"), "criterion"),
                "scores": Child("evaluation_scores", "entry_id", ("item", "points"), "item")}

    def subject_of(self, db, clean: dict) -> str:
        """The kind whose criteria apply: area, commune, agency, enterprise or school."""
        if clean["subject_kind"] != "organisation":
            return clean["subject_kind"]
        row = db.conn.execute("SELECT kind FROM organisations WHERE id = ?",
                              (clean["organisation_id"],)).fetchone()
        return row[0] if row else "agency"

    def clean(self, db, values, current):
        check = Checker(values)
        subject_kind = check.choice("subject_kind", "loại đối tượng", ("area", "organisation", "commune"))
        out = {
            "subject_kind": subject_kind,
            "year": check.integer("year", "năm", required=True, minimum=2000, maximum=2100),
            "area_id": check.reference(db, "area_id", "areas", "địa bàn",
                                       required=subject_kind == "area") if subject_kind == "area" else None,
            "organisation_id": (check.reference(db, "organisation_id", "organisations", "đơn vị",
                                                required=True) if subject_kind == "organisation" else None),
            "registered": check.flag("registered"),
            "registered_on": check.date("registered_on", "ngày đăng ký"),
            "resolution_number": check.text("resolution_number", "số nghị quyết", max_len=100),
            "resolution_date": check.date("resolution_date", "ngày nghị quyết"),
            "plan_number": check.text("plan_number", "số kế hoạch", max_len=100),
            "plan_date": check.date("plan_date", "ngày kế hoạch"),
            "decision_number": check.text("decision_number", "số quyết định công nhận", max_len=100),
            "decision_date": check.date("decision_date", "ngày quyết định công nhận"),
            "notes": check.text("notes", "ghi chú"),
        }
        if out["registered_on"] and not out["registered"]:
            out["registered"] = 1
        check.done()
        kind = self.subject_of(db, out)
        if kind in ("agency", "enterprise", "school") and out["organisation_id"]:
            category = db.conn.execute("SELECT category FROM organisations WHERE id = ?",
                                       (out["organisation_id"],)).fetchone()[0]
            if category in EXCLUDED_CATEGORIES:
                raise ValidationError({"organisation_id": "Đơn vị này thuộc diện không áp dụng của "
                                       "Thông tư 124/2021/TT-BCA (Điều 1: doanh nghiệp nhỏ, siêu nhỏ, "
                                       "đơn vị lực lượng vũ trang, trường tiểu học, mầm non): không "
                                       "đăng ký, không xét công nhận."})
        out["marks"] = self._clean_marks(values.get("marks") or [], kind)
        out["scores"] = self._clean_scores(values.get("scores") or [], kind)
        self._check_unique(db, out, current)
        return out

    def _clean_marks(self, marks: list, kind: str) -> list[dict]:
        known = {c["code"]: c for c in criteria_for(kind)}
        out = []
        for mark in marks:
            code = mark.get("criterion")
            if code not in known:
                raise ValidationError({"marks": f"Tiêu chí “{code}” không có trong bảng tiêu chí của "
                                                "loại đối tượng này."})
            if known[code].get("computed"):
                continue  # computed from the records, never typed
            met = mark.get("met")
            out.append({"criterion": code, "met": None if met is None else (1 if met else 0),
                        "evidence": (mark.get("evidence") or "").strip() or None})
        return out

    def _clean_scores(self, scores: list, kind: str) -> list[dict]:
        known = {i["code"]: i for i in score_items_for(kind)}
        out = []
        for score in scores:
            code, points = score.get("item"), score.get("points")
            if code not in known:
                raise ValidationError({"scores": f"Mục chấm điểm “{code}” không có trong bảng điểm."})
            if points is None or points == "":
                continue
            try:
                points = float(str(points).replace(",", "."))
            except ValueError:
                raise ValidationError({"scores": f"Điểm “{points}” phải là một số."}) from None
            if not 0 <= points <= known[code]["max"]:
                raise ValidationError({"scores": f"Điểm mục “{known[code]['text']}” phải từ 0 đến "
                                                 f"{known[code]['max']:g} (đang là {points:g})."})
            out.append({"item": code, "points": points})
        return out

    def _check_unique(self, db, out: dict, current) -> None:
        column = {"area": "area_id", "organisation": "organisation_id"}.get(out["subject_kind"])
        sql = "SELECT id FROM evaluation_entries WHERE year = ? AND id IS NOT ? AND deleted_at IS NULL"
        params = [out["year"], current.id if current else None]
        if column:
            sql += f" AND {column} = ?"
            params.append(out[column])
        else:
            sql += " AND subject_kind = 'commune'"
        if db.conn.execute(sql, params).fetchone():
            raise ValidationError({"year": f"Đối tượng này đã có đăng ký năm {out['year']}; hãy sửa bản đó."})


entries = Entries()


def entry_for(db, *, year: int, area_id: int | None = None, organisation_id: int | None = None,
              commune: bool = False) -> Entry | None:
    if commune:
        where, params = "subject_kind = 'commune' AND year = ?", [year]
    elif area_id is not None:
        where, params = "area_id = ? AND year = ?", [area_id, year]
    else:
        where, params = "organisation_id = ? AND year = ?", [organisation_id, year]
    found = entries.list(db, where, params)
    return found[0] if found else None


# ---- team and member grading ---------------------------------------------------------
def months_between(start: date, end: date) -> float:
    """Whole months from start to end inclusive, as a float (15/01 – 14/10 is 9.0)."""
    days = (end.toordinal() + 1) - start.toordinal()
    return round(days / 30.4375, 2)


def active_months(start_on: str | None, end_on: str | None, span: tuple[date, date]) -> float:
    """Months a team or membership was active inside the grading window."""
    first = max(parse_date(start_on) or span[0], span[0])
    last = min(parse_date(end_on) or span[1], span[1])
    return 0.0 if last < first else months_between(first, last)


def _nine_months(start_on, end_on, span) -> bool:
    first = max(parse_date(start_on) or span[0], span[0])
    last = min(parse_date(end_on) or span[1], span[1])
    if last < first:
        return False
    month = first.month + 9
    year = first.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    try:
        nine = date(year, month, first.day)
    except ValueError:  # 31/05 + 9 months: the end of February
        nine = date(year, month + 1, 1) if month < 12 else date(year + 1, 1, 1)
    return last.toordinal() + 1 >= nine.toordinal()


@dataclass(kw_only=True)
class TeamGrading(Record):
    team_id: int
    year: int
    level: str | None = None
    under_complaint: int = 0
    tasks_percent: float | None = None
    regular_meetings: int = 0
    member_breach: int = 0
    notes: str | None = None


def level_label(code: str | None) -> str:
    return label("grading_level", code, "chưa xếp loại")


class TeamGradings(Repository[TeamGrading]):
    table = "team_gradings"
    record = TeamGrading
    label = "xếp loại tổ"
    order_by = "year DESC, team_id"

    def clean(self, db, values, current):
        check = Checker(values)
        out = {
            "team_id": check.reference(db, "team_id", "teams", "tổ", required=True),
            "year": check.integer("year", "năm", required=True, minimum=2000, maximum=2100),
            "level": check.code("level", "mức xếp loại", "grading_level", required=False),
            "under_complaint": check.flag("under_complaint"),
            "tasks_percent": (None if values.get("tasks_percent") in (None, "") else
                              check.number("tasks_percent", "tỷ lệ nhiệm vụ hoàn thành", positive=False)),
            "regular_meetings": check.flag("regular_meetings"),
            "member_breach": check.flag("member_breach"),
            "notes": check.text("notes", "ghi chú"),
        }
        check.done()
        if out["tasks_percent"] is not None and not 0 <= out["tasks_percent"] <= 100:
            raise ValidationError({"tasks_percent": "Tỷ lệ nhiệm vụ hoàn thành phải từ 0 đến 100%."})
        other = db.conn.execute("SELECT id FROM team_gradings WHERE team_id = ? AND year = ? AND id IS NOT ? "
                                "AND deleted_at IS NULL",
                                (out["team_id"], out["year"], current.id if current else None)).fetchone()
        if other:
            raise ValidationError({"year": f"Tổ này đã có xếp loại năm {out['year']}; hãy sửa bản đó."})
        if out["level"]:
            self._check_rules(db, out)
        return out

    def _check_rules(self, db, out: dict) -> None:
        team = db.conn.execute("SELECT name, launched_on, ended_on FROM teams WHERE id = ?",
                               (out["team_id"],)).fetchone()
        span = window(db, "team_grading", out["year"])
        if out["under_complaint"]:
            raise ValidationError({"level": f"{team[0]} đang bị khiếu nại, tố cáo: chưa xếp loại năm "
                                            f"{out['year']} (Hướng dẫn 01/HD-BCA-V05)."})
        if not _nine_months(team[1], team[2], span):
            raise ValidationError({"level": f"{team[0]} hoạt động dưới 9 tháng trong kỳ "
                                            f"{span[0]:%d/%m/%Y} – {span[1]:%d/%m/%Y}: không xếp loại."})
        if out["level"] == "excellent":
            missing = []
            if (out["tasks_percent"] or 0) <= 95:
                missing.append("hoàn thành trên 95% nhiệm vụ được giao")
            if not out["regular_meetings"]:
                missing.append("sinh hoạt định kỳ")
            if out["member_breach"]:
                missing.append("không có thành viên vi phạm Điều 6 khoản 1, 2, 5 Luật năm 2023")
            if missing:
                raise ValidationError({"level": "Chưa đủ điều kiện “Hoàn thành xuất sắc nhiệm vụ”: cần "
                                                + ", ".join(missing) + "."})
        # A leader is never graded above the team.
        for name, leader_level in db.conn.execute(
                "SELECT p.full_name, g.level FROM member_gradings g JOIN memberships m ON m.id = g.membership_id "
                "JOIN people p ON p.id = m.person_id WHERE m.team_id = ? AND g.year = ? "
                "AND g.deleted_at IS NULL AND g.level IS NOT NULL AND m.role IN (" + _leader_marks() + ")",
                (out["team_id"], out["year"])):
            if LEVEL_RANK[leader_level] < LEVEL_RANK[out["level"]]:
                raise ValidationError({"level": f"Tổ trưởng {name} đã được xếp loại “{level_label(leader_level)}”, "
                                                "cao hơn mức này; tổ trưởng không được xếp loại cao hơn tổ. "
                                                "Hãy sửa xếp loại của tổ trưởng trước."})


team_gradings = TeamGradings()

LEADER_ROLES = ("tổ trưởng", "leader")
DEPUTY_ROLES = ("tổ phó", "deputy")


def _leader_marks() -> str:
    return ", ".join(f"'{r}'" for r in LEADER_ROLES)


def role_code(role: str | None) -> str:
    """leader / deputy / member, whether the role is stored as a label or a code."""
    if role in LEADER_ROLES:
        return "leader"
    if role in DEPUTY_ROLES:
        return "deputy"
    return "member"


@dataclass(kw_only=True)
class MemberGrading(Record):
    membership_id: int
    year: int
    level: str | None = None
    under_complaint: int = 0
    notes: str | None = None


class MemberGradings(Repository[MemberGrading]):
    table = "member_gradings"
    record = MemberGrading
    label = "xếp loại thành viên"
    order_by = "year DESC, membership_id"

    def clean(self, db, values, current):
        check = Checker(values)
        out = {
            "membership_id": check.reference(db, "membership_id", "memberships", "thành viên", required=True),
            "year": check.integer("year", "năm", required=True, minimum=2000, maximum=2100),
            "level": check.code("level", "mức xếp loại", "grading_level", required=False),
            "under_complaint": check.flag("under_complaint"),
            "notes": check.text("notes", "ghi chú"),
        }
        check.done()
        other = db.conn.execute(
            "SELECT id FROM member_gradings WHERE membership_id = ? AND year = ? AND id IS NOT ? "
            "AND deleted_at IS NULL", (out["membership_id"], out["year"], current.id if current else None)).fetchone()
        if other:
            raise ValidationError({"year": f"Thành viên này đã có xếp loại năm {out['year']}; hãy sửa bản đó."})
        if out["level"]:
            self._check_rules(db, out)
        return out

    def _check_rules(self, db, out: dict) -> None:
        name, role, start_on, end_on, team_id = db.conn.execute(
            "SELECT p.full_name, m.role, m.start_on, m.end_on, m.team_id FROM memberships m "
            "JOIN people p ON p.id = m.person_id WHERE m.id = ?", (out["membership_id"],)).fetchone()
        span = window(db, "team_grading", out["year"])
        if out["under_complaint"]:
            raise ValidationError({"level": f"{name} đang bị khiếu nại, tố cáo: chưa xếp loại năm {out['year']}."})
        if not _nine_months(start_on, end_on, span):
            raise ValidationError({"level": f"{name} tham gia tổ dưới 9 tháng trong kỳ "
                                            f"{span[0]:%d/%m/%Y} – {span[1]:%d/%m/%Y}: không xếp loại."})
        if role_code(role) == "leader":
            team_level = db.conn.execute(
                "SELECT level FROM team_gradings WHERE team_id = ? AND year = ? AND deleted_at IS NULL",
                (team_id, out["year"])).fetchone()
            if not team_level or team_level[0] is None:
                raise ValidationError({"level": f"{name} là tổ trưởng: hãy xếp loại tổ trước, vì tổ trưởng "
                                                "không được xếp loại cao hơn tổ."})
            if LEVEL_RANK[out["level"]] < LEVEL_RANK[team_level[0]]:
                raise ValidationError({"level": f"{name} là tổ trưởng: không được xếp loại cao hơn tổ "
                                                f"(tổ xếp loại “{level_label(team_level[0])}”)."})


member_gradings = MemberGradings()


def check_excellent_cap(db, year: int) -> None:
    """HD 01/HD-BCA-V05: "xuất sắc" at most 20% (a setting) of those rated "tốt", for
    teams and for members separately."""
    share = float(setting(db, "grading_excellent_cap"))
    for table, what in (("team_gradings", "tổ"), ("member_gradings", "thành viên")):
        counts = dict(db.conn.execute(
            f"SELECT level, count(*) FROM {table} WHERE year = ? AND deleted_at IS NULL "
            "AND level IS NOT NULL GROUP BY level", (year,)).fetchall())
        excellent, good = counts.get("excellent", 0), counts.get("good", 0)
        allowed = int(good * share + 1e-9)
        if excellent > allowed:
            raise ValidationError({"level": f"Năm {year} có {excellent} {what} “Hoàn thành xuất sắc nhiệm vụ” "
                                            f"nhưng chỉ được tối đa {allowed} ({round(share * 100):g}% của "
                                            f"{good} {what} “Hoàn thành tốt nhiệm vụ”)."})


# ---- Tổ bảo vệ an ninh, trật tự: members' file ---------------------------------------
@dataclass(kw_only=True)
class SecurityMember(Record):
    membership_id: int
    education: str | None = None
    hard_area: int = 0
    resident_since: str | None = None
    health_ok: int = 0
    clean_record: int = 0
    file_application: int = 0
    file_cv: int = 0
    file_health: int = 0
    file_school: int = 0
    decision_number: str | None = None
    decision_date: str | None = None
    notes: str | None = None


class SecurityMembers(Repository[SecurityMember]):
    table = "security_members"
    record = SecurityMember
    label = "hồ sơ thành viên Tổ bảo vệ ANTT"
    order_by = "membership_id"

    def clean(self, db, values, current):
        check = Checker(values)
        out = {
            "membership_id": check.reference(db, "membership_id", "memberships", "thành viên", required=True),
            "education": check.code("education", "trình độ học vấn", "education_level", required=False),
            "hard_area": check.flag("hard_area"),
            "resident_since": check.date("resident_since", "ngày bắt đầu cư trú", not_future=True),
            "health_ok": check.flag("health_ok"),
            "clean_record": check.flag("clean_record"),
            **{item: check.flag(item) for item in FILE_ITEMS},
            "decision_number": check.text("decision_number", "số quyết định công nhận", max_len=100),
            "decision_date": check.date("decision_date", "ngày quyết định công nhận"),
            "notes": check.text("notes", "ghi chú"),
        }
        check.done()
        other = db.conn.execute("SELECT id FROM security_members WHERE membership_id = ? AND id IS NOT ?",
                                (out["membership_id"], current.id if current else None)).fetchone()
        if other:
            raise ValidationError({"membership_id": "Thành viên này đã có hồ sơ; hãy sửa bản đó."})
        return out


security_members = SecurityMembers()

FILE_LABELS = {
    "file_application": "Đơn đăng ký tham gia (Mẫu số 01)",
    "file_cv": "Sơ yếu lý lịch",
    "file_health": "Giấy chứng nhận đủ sức khỏe",
    "file_school": "Bản sao văn bằng, chứng chỉ học vấn",
}


def eligibility(person_birth_date: str | None, person_birth_year: int | None, record: SecurityMember,
                on: date) -> list[str]:
    """What keeps a person from being a member [Luật 2023 Điều 14; TT 14/2024/TT-BCA]:
    empty when eligible. Over 70 is allowed with a health certificate."""
    problems = []
    born = parse_date(person_birth_date)
    if born:
        age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    elif person_birth_year:
        age = on.year - person_birth_year
    else:
        age = None
    if age is None:
        problems.append("chưa có ngày sinh")
    elif age < 18:
        problems.append(f"chưa đủ 18 tuổi ({age} tuổi)")
    elif age > 70 and not record.health_ok:
        problems.append(f"trên 70 tuổi ({age} tuổi) cần đủ sức khỏe")
    since = parse_date(record.resident_since)
    if since is None:
        problems.append("chưa ghi ngày bắt đầu cư trú")
    elif (on.toordinal() - since.toordinal()) < 365:
        problems.append("cư trú tại địa bàn chưa đủ 1 năm")
    needed = "primary" if record.hard_area else "lower_secondary"
    if record.education is None:
        problems.append("chưa ghi trình độ học vấn")
    elif EDUCATION.index(record.education) < EDUCATION.index(needed):
        problems.append("chưa tốt nghiệp tiểu học" if needed == "primary"
                        else "chưa tốt nghiệp trung học cơ sở")
    if not record.health_ok:
        problems.append("chưa có giấy chứng nhận đủ sức khỏe")
    if not record.clean_record:
        problems.append("chưa xác minh lý lịch rõ ràng")
    return problems


def missing_files(record: SecurityMember) -> list[str]:
    return [FILE_LABELS[item] for item in FILE_ITEMS if not getattr(record, item)]


# ---- events and models' teams --------------------------------------------------------
@dataclass(kw_only=True)
class Event(Record):
    kind: str
    held_on: str
    area_id: int | None = None
    place: str | None = None
    participants: int | None = None
    content: str | None = None
    notes: str | None = None


class Events(Repository[Event]):
    table = "movement_events"
    record = Event
    label = "hoạt động phong trào"
    order_by = "held_on DESC, id"

    def clean(self, db, values, current):
        check = Checker(values)
        out = {
            "kind": check.code("kind", "loại hoạt động", "event_kind"),
            "held_on": check.date("held_on", "ngày tổ chức", required=True),
            "area_id": check.reference(db, "area_id", "areas", "địa bàn"),
            "place": check.text("place", "địa điểm", max_len=300),
            "participants": check.integer("participants", "số người tham dự", maximum=1_000_000),
            "content": check.text("content", "nội dung"),
            "notes": check.text("notes", "ghi chú"),
        }
        check.done()
        return out

    def display_name(self, record):
        return f"{label('event_kind', record.kind)} ngày {record.held_on}"


events = Events()


def set_model_teams(db, model_id: int, team_ids: list[int]) -> None:
    """The teams that carry out a model (HD 22/HD-BCA-V05)."""
    with db.atomic():
        db.conn.execute("DELETE FROM model_teams WHERE model_id = ?", (model_id,))
        db.conn.executemany("INSERT INTO model_teams (model_id, team_id) VALUES (?, ?)",
                            [(model_id, t) for t in dict.fromkeys(team_ids)])


def model_team_ids(db, model_id: int) -> list[int]:
    return [r[0] for r in db.conn.execute("SELECT team_id FROM model_teams WHERE model_id = ? ORDER BY team_id",
                                          (model_id,))]


# ---- commendations: what each authority may award ------------------------------------
# Luật Thi đua, khen thưởng 06/2022/QH15: a commune People's Committee chair awards giấy
# khen only (Điều 80 khoản 3); bằng khen come from the province's chair or a minister.
MERIT_AUTHORITIES = ("ministry", "province_committee")


def award_problem(level: str | None, form: str | None) -> str | None:
    """Why `level` may not award `form` (codes of commendation_level/_form), or None."""
    if form == "merit" and level not in MERIT_AUTHORITIES and level != "other":
        return (f"{label('commendation_level', level)} không tặng bằng khen; bằng khen do Chủ tịch "
                "UBND tỉnh hoặc Bộ trưởng tặng (Luật Thi đua, khen thưởng 2022). Hãy chọn giấy khen "
                "hoặc cấp khen thưởng đúng.")
    return None
