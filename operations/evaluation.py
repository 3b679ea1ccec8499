"""The year's evaluation as jobs: keep the agencies, enterprises and schools, register a
subject and judge its criteria, score it, grade teams and members, keep the Tổ bảo vệ
ANTT's files, record events, link models to teams, change the evaluation settings; and
read the year's evaluation and calendar (the command line's `evaluate` and `calendar`)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from operations.base import ADMIN, OFFICER, VIEWER, Changes, Result, operation
from storage.clock import today
from storage.query import evaluation as computed
from storage.records import evaluation as ev


def _save(db, actor, repo, record_id: int | None, values: dict) -> Result:
    if record_id is None:
        record = repo.create(db, actor.name, **values)
    else:
        record = repo.update(db, actor.name, record_id, **values)
    return Result(record, Changes().add(repo.table, record.id))


@operation(OFFICER, unit="station")
def save_organisation(db, actor, values: dict, organisation_id: int | None = None) -> Result:
    """A new or changed agency, enterprise or school."""
    return _save(db, actor, ev.organisations, organisation_id, values)


@operation(OFFICER, unit="station")
def delete_organisation(db, actor, organisation_id: int) -> Result:
    ev.organisations.delete(db, actor.name, organisation_id)
    return Result(organisation_id, Changes().add("organisations", organisation_id))


@operation(OFFICER, unit="station")
def save_entry(db, actor, year: int, *, area_id: int | None = None, organisation_id: int | None = None,
               commune: bool = False, **values) -> Result:
    """Register a subject for a year or change its registration, criteria marks, scores
    or recognition decision (refused while the computed result is not "đạt")."""
    current = ev.entry_for(db, year=year, area_id=area_id, organisation_id=organisation_id, commune=commune)
    kind = "commune" if commune else ("area" if area_id is not None else "organisation")
    base = {"subject_kind": kind, "year": year, "area_id": area_id, "organisation_id": organisation_id}
    if current is None:
        result = _save(db, actor, ev.entries, None, {**base, **values})
    else:
        merged = {k: v for k, v in dataclasses.asdict(current).items() if k in ("marks", "scores")}
        result = _save(db, actor, ev.entries, current.id, {**merged, **values})
    entry = result.value
    if entry.decision_number or entry.decision_date:
        _check_recognisable(db, entry)
    return result


def _check_recognisable(db, entry) -> None:
    """A recognition decision only for a subject whose computed result is "đạt" (an area
    needs every household's pledge of the year); refused, nothing of the save stays."""
    from storage.errors import ValidationError

    kind = entry.subject_kind if entry.subject_kind != "organisation" else ev.organisations.get(
        db, entry.organisation_id).kind
    counted = None
    if kind == "commune":
        c = computed.evaluate(db, entry.year)["commune"]
        counted = {k: c[k] for k in ("subjects", "registered_subjects", "recognised", "ratio_recognised")}
    verdict = computed.judge(db, kind, dataclasses.asdict(entry), entry.year, subjects=counted)
    if verdict["result"] != "pass":
        reasons = "; ".join(verdict["blocking"]) or "chưa đánh giá đủ các tiêu chí"
        raise ValidationError({"decision_number": f"Chưa thể ghi quyết định công nhận: {reasons}."})


@operation(OFFICER, unit="station")
def save_team_grades(db, actor, year: int, grades: list[dict]) -> Result:
    """Grade teams for a year, all or none: each grade's own rules, then the cap on
    "Hoàn thành xuất sắc nhiệm vụ" over the whole year."""
    changes = Changes()
    for grade in grades:
        current = ev.team_gradings.list(db, "team_id = ? AND year = ?", [grade["team_id"], year])
        values = {**grade, "year": year}
        record = (ev.team_gradings.update(db, actor.name, current[0].id, **values) if current
                  else ev.team_gradings.create(db, actor.name, **values))
        changes.add("team_gradings", record.id)
    ev.check_excellent_cap(db, year)
    return Result(len(grades), changes)


@operation(OFFICER, unit="station")
def save_member_grades(db, actor, year: int, grades: list[dict]) -> Result:
    changes = Changes()
    for grade in grades:
        current = ev.member_gradings.list(db, "membership_id = ? AND year = ?", [grade["membership_id"], year])
        values = {**grade, "year": year}
        record = (ev.member_gradings.update(db, actor.name, current[0].id, **values) if current
                  else ev.member_gradings.create(db, actor.name, **values))
        changes.add("member_gradings", record.id)
    ev.check_excellent_cap(db, year)
    return Result(len(grades), changes)


@operation(OFFICER, unit="station")
def save_security_member(db, actor, membership_id: int, values: dict) -> Result:
    current = ev.security_members.list(db, "membership_id = ?", [membership_id])
    return _save(db, actor, ev.security_members, current[0].id if current else None,
                 {**values, "membership_id": membership_id})


@operation(OFFICER, unit="station")
def save_event(db, actor, values: dict, event_id: int | None = None) -> Result:
    return _save(db, actor, ev.events, event_id, values)


@operation(OFFICER, unit="station")
def delete_event(db, actor, event_id: int) -> Result:
    ev.events.delete(db, actor.name, event_id)
    return Result(event_id, Changes().add("movement_events", event_id))


@operation(OFFICER, unit="station")
def set_model_teams(db, actor, model_id: int, team_ids: list[int]) -> Result:
    from storage.records import audit

    before = ev.model_team_ids(db, model_id)
    ev.set_model_teams(db, model_id, team_ids)
    uuid = db.conn.execute("SELECT uuid FROM models WHERE id = ?", (model_id,)).fetchone()[0]
    audit.append(db, actor.name, "update", "models", uuid, {"team_ids": before},
                 {"team_ids": ev.model_team_ids(db, model_id)})
    return Result(model_id, Changes().add("models", model_id))


@operation(ADMIN, unit="station")
def set_evaluation_setting(db, actor, key: str, value) -> Result:
    """Windows, thresholds, the cap, allowances and team size: the province's rules."""
    ev.put_setting(db, key, value)
    return Result(value, Changes().add("settings"))


@operation(ADMIN, unit="station")
def set_evaluation_settings(db, actor, values: dict) -> Result:
    """Several of the province's rules at once (the Quy định của tỉnh dialog), all or none."""
    from storage.records import audit

    before = {key: ev.setting(db, key) for key in values}
    for key, value in values.items():
        ev.put_setting(db, key, value)
    audit.append(db, actor.name, "update", "settings", None, before, values)
    return Result(values, Changes().add("settings"))


@operation(VIEWER, transaction=False, unit="station")
def year_evaluation(db, actor, year: int) -> Result:
    return Result(computed.evaluate(db, year))


@operation(VIEWER, transaction=False, unit="station")
def year_calendar(db, actor, year: int) -> Result:
    return Result(computed.calendar(db, year))


@operation(VIEWER, transaction=False, unit="station")
def upcoming(db, actor) -> Result:
    return Result(computed.reminders(db, today()))


EVALUATION_DOCUMENTS = {
    "score-sheet": "bảng chấm điểm",
    "proposal": "tờ trình đề nghị công nhận và phân loại",
    "grading": "danh sách xếp loại tổ",
    "allowance": "bảng kê hỗ trợ Tổ bảo vệ ANTT",
}


@operation(OFFICER, transaction=False, unit="station")
def print_evaluation(db, actor, document: str, year: int, target, *, subject_uuid: str | None = None,
                     month: int | None = None, cancelled=None) -> Result:
    """Prepare (read-only), render to `target` (written whole or not at all), then note
    the print in the audit trail. Returns the number of pages, None when cancelled."""
    from operations.documents import place_file
    from printing import evaluation_sheets as sheets
    from storage.db.files import write_temporary
    from storage.documents import evaluation_gather as gather
    from storage.documents.gather import claim_number
    from storage.errors import ValidationError
    from storage.records import audit

    if document not in EVALUATION_DOCUMENTS:
        raise ValidationError(f"Không có văn bản “{document}”; chọn một trong: "
                              + ", ".join(EVALUATION_DOCUMENTS) + ".")
    claim = None
    if document == "score-sheet":
        rendered = sheets.render_score_sheet(gather.score_sheet(db, year, subject_uuid), cancelled=cancelled)
    elif document == "proposal":
        data = gather.proposal(db, year)
        claim = data.letterhead.claim
        rendered = sheets.render_proposal(data, cancelled=cancelled)
    elif document == "grading":
        rendered = sheets.render_grading_list(gather.grading_list(db, year), cancelled=cancelled)
    else:
        if month is None or not 1 <= month <= 12:
            raise ValidationError("Bảng kê hỗ trợ cần tháng từ 1 đến 12.", "month")
        rendered = sheets.render_allowance_sheet(gather.allowance_sheet(db, year, month), cancelled=cancelled)
    if rendered is None:
        return Result(None)
    # As every print (operations/documents.py): rendered in memory, on disk beside the
    # target (devices and folders refused), then number, audit and rename in one step.
    target = Path(target)
    temporary = write_temporary(target, rendered.data)

    def finish() -> Changes:
        claim_number(db, claim)  # the tờ trình's "Số:", as operations.documents takes it
        audit.append(db, actor.name, "print", None, subject_uuid,
                     None, {"document": document, "year": year, "month": month, "pages": rendered.pages})
        return Changes().add("audit_log")

    return Result(rendered.pages, place_file(db, temporary, target, finish))
