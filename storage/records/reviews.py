"""Reviews (sơ kết, tổng kết, họp), commendations, and the yearly assessment of areas
("an toàn về an ninh, trật tự", classification)."""

from __future__ import annotations

from dataclasses import dataclass

from storage import vocabulary
from storage.records.evaluation import award_problem
from storage.records.repository import Record, Repository
from storage.records.validate import Checker

# Codes; their labels are in storage/vocabulary.py.
REVIEW_KINDS = tuple(vocabulary.VOCABULARIES["review_kind"])
TARGET_KINDS = tuple(vocabulary.VOCABULARIES["commendation_target"])
LEVELS = tuple(vocabulary.VOCABULARIES["commendation_level"])
FORMS = tuple(vocabulary.VOCABULARIES["commendation_form"])
CLASSIFICATIONS = tuple(vocabulary.VOCABULARIES["classification"])


@dataclass(kw_only=True)
class Review(Record):
    kind: str
    period_start: str
    period_end: str
    title: str | None = None
    started_at: str | None = None
    ended_at: str | None = None
    place: str | None = None
    chair: str | None = None
    chair_position: str | None = None
    secretary: str | None = None
    secretary_position: str | None = None
    attendees_present: str | None = None
    attendees_absent: str | None = None
    agenda: str | None = None
    strengths: str | None = None
    weaknesses: str | None = None
    classification: str | None = None
    commendation_proposals: str | None = None
    next_tasks: str | None = None


_REVIEW_TEXTS = {
    "title": "tên cuộc họp", "place": "địa điểm", "attendees_present": "thành phần có mặt", "attendees_absent": "thành phần vắng mặt",
    "agenda": "nội dung chương trình", "strengths": "ưu điểm", "weaknesses": "hạn chế",
    "classification": "kết quả phân loại", "commendation_proposals": "đề nghị khen thưởng",
    "next_tasks": "nhiệm vụ kỳ tới",
}

# The two people who sign the minutes: (name field, position field, who they are).
SIGNERS = (("chair", "chair_position", "người chủ trì"), ("secretary", "secretary_position", "thư ký"))
NAME_MAX, POSITION_MAX = 200, 200
_COURTESY = ("ông/bà ", "ông (bà) ", "ông ", "bà ", "đồng chí ")


def person_name(value: str | None) -> str | None:
    """The name without a courtesy title typed before it ("Ông/Bà", "Đồng chí"): the
    minutes print "Ông/Bà" themselves."""
    if not value:
        return value
    lowered = value.lower()
    for word in _COURTESY:
        if lowered.startswith(word) and len(value) > len(word):
            return value[len(word):].strip()
    return value


class Reviews(Repository[Review]):
    table = "reviews"
    record = Review
    label = "cuộc sơ kết, tổng kết"
    order_by = "period_end DESC, id DESC"

    def clean(self, db, values, current):
        check = Checker(values)
        out = {"kind": check.code("kind", "loại cuộc họp", "review_kind"),
               "period_start": check.date("period_start", "ngày đầu kỳ", required=True),
               "period_end": check.date("period_end", "ngày cuối kỳ", required=True)}
        for name, label in _REVIEW_TEXTS.items():
            out[name] = check.text(name, label, max_len=20000)
        for name, position, who in SIGNERS:
            out[name] = person_name(check.text(name, f"họ tên {who}", max_len=NAME_MAX))
            out[position] = check.text(position, f"chức vụ {who}", max_len=POSITION_MAX)
            if out[name] and "\n" in out[name]:
                check.fail(name, f"Họ tên {who} chỉ ghi trên một dòng; chức vụ ghi ở ô “Chức vụ”.")
            if out[position] and not out[name]:
                check.fail(name, f"Đã ghi chức vụ {who}, hãy ghi cả họ tên.")
        for name, label in (("started_at", "thời gian bắt đầu"), ("ended_at", "thời gian kết thúc")):
            raw = values.get(name)
            out[name] = None
            if raw not in (None, ""):
                text = str(raw).replace(" ", "T")
                try:
                    from datetime import datetime

                    out[name] = datetime.fromisoformat(text).isoformat(timespec="minutes")
                except ValueError:
                    check.fail(name, f"{label.capitalize()} “{raw}” không hợp lệ (ví dụ 2026-06-20 08:00).")
        check.order("period_start", out["period_start"], "period_end", out["period_end"],
                    "ngày đầu kỳ", "ngày cuối kỳ")
        check.order("started_at", out["started_at"], "ended_at", out["ended_at"],
                    "thời gian bắt đầu", "thời gian kết thúc")
        check.done()
        return out

    def display_name(self, record):
        kind = vocabulary.label("review_kind", record.kind)
        return record.title or f"{kind.capitalize()} kỳ {record.period_start} – {record.period_end}"


reviews = Reviews()


@dataclass(kw_only=True)
class Commendation(Record):
    target_kind: str
    target_name: str
    level: str
    form: str
    awarded_on: str
    team_id: int | None = None
    person_id: int | None = None
    area_id: int | None = None
    decision_number: str | None = None
    reason: str | None = None


class Commendations(Repository[Commendation]):
    table = "commendations"
    record = Commendation
    label = "khen thưởng"
    order_by = "awarded_on DESC, id DESC"

    def clean(self, db, values, current):
        check = Checker(values)
        out = {
            "target_kind": check.code("target_kind", "đối tượng khen thưởng", "commendation_target"),
            "team_id": check.reference(db, "team_id", "teams", "tổ"),
            "person_id": check.reference(db, "person_id", "people", "cá nhân"),
            "area_id": check.reference(db, "area_id", "areas", "địa bàn"),
            "target_name": check.text("target_name", "tên tập thể, cá nhân", max_len=300),
            "level": check.code("level", "cấp khen thưởng", "commendation_level"),
            "form": check.code("form", "hình thức khen thưởng", "commendation_form"),
            "awarded_on": check.date("awarded_on", "ngày khen thưởng", required=True, not_future=True),
            "decision_number": check.text("decision_number", "số quyết định", max_len=100),
            "reason": check.text("reason", "thành tích", max_len=5000),
        }
        problem = award_problem(out["level"], out["form"])  # only what the authority may award
        if problem:
            check.fail("form", problem)
        if not out["target_name"]:
            for column, table, name_col in (("team_id", "teams", "name"), ("person_id", "people", "full_name"),
                                            ("area_id", "areas", "name")):
                if out[column]:
                    out["target_name"] = db.conn.execute(
                        f"SELECT {name_col} FROM {table} WHERE id = ?", (out[column],)).fetchone()[0]
                    break
            else:
                check.fail("target_name", "Hãy chọn hoặc ghi tên tập thể, cá nhân được khen thưởng.")
        check.done()
        return out

    def display_name(self, record):
        return f"{vocabulary.label('commendation_form', record.form)} cho {record.target_name}"


commendations = Commendations()


@dataclass(kw_only=True)
class AreaAssessment(Record):
    area_id: int
    year: int
    registered: int = 0
    recognised: int = 0
    classification: str | None = None
    notes: str | None = None


class AreaAssessments(Repository[AreaAssessment]):
    table = "area_assessments"
    record = AreaAssessment
    label = "kết quả đánh giá địa bàn"
    order_by = "year DESC, area_id"

    def clean(self, db, values, current):
        check = Checker(values)
        out = {
            "area_id": check.reference(db, "area_id", "areas", "địa bàn", required=True),
            "year": check.integer("year", "năm", required=True, minimum=2000, maximum=2100),
            "registered": check.flag("registered"),
            "recognised": check.flag("recognised"),
            "classification": check.code("classification", "xếp loại", "classification",
                                         required=False),
            "notes": check.text("notes", "ghi chú"),
        }
        if out["recognised"] and not out["registered"]:
            check.fail("recognised", "Địa bàn chỉ được công nhận “an toàn về ANTT” khi đã đăng ký từ đầu năm.")
        if out["area_id"] and out["year"]:
            other = db.conn.execute(
                "SELECT id FROM area_assessments WHERE area_id = ? AND year = ? AND id IS NOT ?",
                (out["area_id"], out["year"], current.id if current else None)).fetchone()
            if other:
                check.fail("year", f"Địa bàn này đã có kết quả đánh giá năm {out['year']}; hãy sửa bản đó.")
        check.done()
        return out


area_assessments = AreaAssessments()
