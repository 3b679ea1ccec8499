"""Printing, as one operation for the command line and the app (docs/architecture.md):

1. prepare: read what the document needs into storage/documents/data.py records; no
   number is taken and no record changes;
2. render: printing/ builds the PDF in memory; it is written to a temporary file beside
   the target and flushed to disk;
3. finish: in one transaction, the document number is taken, pledges are created or
   marked printed, the audit trail records the print, and the temporary file is renamed
   over the target before the transaction commits.

A cancel or a failure at any step leaves the database as it was and no file behind.
Documents that take a number or change records need an account that may write; a
read-only account may print the others (rosters, patrol logs, the logbook, a report
as a spreadsheet)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from operations.base import OFFICER, VIEWER, Changes, Result, check_role, operation
from storage.db.files import write_temporary
from storage.documents import gather as printouts
from storage.documents import wording
from storage.errors import StorageError, ValidationError


@dataclass
class Printed:
    path: Path
    pages: int


def _check_target(target: Path, suffixes: tuple[str, ...]) -> Path:
    target = Path(target)
    if target.suffix.lower() not in suffixes:
        wanted = " hoặc ".join(suffixes)
        raise ValidationError(f"Tệp ra phải có đuôi {wanted} (đang là “{target.name}”).", "path")
    if not target.parent.is_dir():
        raise ValidationError(f"Không có thư mục {target.parent}; hãy tạo thư mục trước.", "path")
    return target


def place_file(db, temporary: Path, target: Path, finish: Callable[[], Changes]) -> Changes:
    """Run `finish` and rename the file into place in one transaction: both happen or
    neither does."""
    try:
        with db.atomic():
            changes = finish()
            try:
                os.replace(temporary, target)
            except OSError as error:
                raise StorageError(f"Không ghi được tệp {target}: {error.strerror or error}. "
                                   "Tệp có thể đang mở trong chương trình khác; hãy đóng tệp rồi in lại.") from error
    finally:
        temporary.unlink(missing_ok=True)
    return changes


def _changes(changed: dict[str, list[int]]) -> Changes:
    changes = Changes()
    for table, ids in changed.items():
        changes.add(table, *ids)
    return changes


@operation(VIEWER, transaction=False, name="documents.print", unit="station")
def print_document(db, actor, kind: str, target, *, progress=None, cancelled=None, **options) -> Result:
    """Print document `kind` (see storage.documents.gather.DOCUMENT_KINDS) to `target`.
    Result value: Printed, or None when cancelled (nothing written, nothing changed)."""
    if kind not in printouts.DOCUMENT_KINDS:
        raise ValidationError(f"Không có loại văn bản “{kind}”.", "document")
    if kind in printouts.WRITING_KINDS or (kind in printouts.SENSITIVE_KINDS and options.get("station_copy", True)):
        check_role(actor, OFFICER)
    target = _check_target(target, (".pdf",))
    from printing.render import render

    job = printouts.gather(db, actor.name, kind, **options)
    if job.writes:
        check_role(actor, OFFICER)
    rendered = render(job.data, None, progress=progress, cancelled=cancelled, margins=wording.margins(db))
    if rendered is None or (cancelled is not None and cancelled()):
        return Result(None)
    temporary = write_temporary(target, rendered.data)
    if cancelled is not None and cancelled():  # the last moment a cancel still counts
        temporary.unlink(missing_ok=True)
        return Result(None)
    changes = place_file(db, temporary, target, lambda: _changes(printouts.finish(db, actor.name, job)))
    return Result(Printed(target, rendered.pages), changes)


# What the preview of Cài đặt → Mẫu in can show, and the record each borrows (the newest
# of its kind): (option of gather(), table, extra condition, what is missing when none).
PREVIEWS = {
    "pledges": None,
    "minutes": ("review_id", "reviews", "", "cuộc sơ kết, tổng kết nào"),
    "invitation": ("review_id", "reviews", "", "cuộc sơ kết, tổng kết nào"),
    "ceremony": ("area_id", "areas", "", "địa bàn nào"),
    "surrender": ("item_id", "surrendered_items", "", "lần giao nộp vũ khí, vật liệu nổ nào"),
    "team_decision": ("team_id", "teams", "", "tổ nào"),
    "commendation_proposal": ("commendation_id", "commendations", "", "khen thưởng nào"),
    "commendation_decision": ("commendation_id", "commendations",
                              " AND level = 'commune_committee' AND form = 'certificate'",
                              "Giấy khen của Chủ tịch UBND nào"),
    "reintegration_decision": ("reintegration_id", "reintegration_cases", "", "người được giúp đỡ tái hòa nhập nào"),
}


def _preview_data(db, actor, kind: str, title: str | None, body: str | None):
    from dataclasses import replace

    from storage.documents.data import PledgeHousehold

    if kind not in PREVIEWS:
        raise ValidationError(f"Không xem trước được loại văn bản “{kind}”.", "document")
    if PREVIEWS[kind] is None:  # the pledge of a sample household, with the text as typed
        batch = printouts.blank_pledge(db)
        sample = PledgeHousehold("Nguyễn Văn An", "1972", "037072001234", "********1234", "Số 12, thôn Đông",
                                 "thôn Đông", 4)
        return replace(batch, title=batch.title if title is None else title, body=batch.body if body is None else body,
                       area_name="Thôn Đông", ceremony_place=batch.ceremony_place or "Nhà văn hóa thôn Đông",
                       households=[sample])
    option, table, condition, missing = PREVIEWS[kind]
    row = db.conn.execute(f"SELECT id FROM {table} WHERE deleted_at IS NULL{condition} ORDER BY id DESC LIMIT 1"
                          ).fetchone()
    if row is None:
        raise ValidationError(f"Chưa có {missing} để xem trước {printouts.DOCUMENT_KINDS[kind].lower()}.", "document")
    return printouts.gather(db, actor.name, kind, **{option: row[0]}).data


@operation(VIEWER, transaction=False, name="documents.preview")
def preview(db, actor, kind: str = "pledges", *, title: str | None = None, body: str | None = None,
            texts: dict[str, str] | None = None, margins: dict | None = None, cancelled=None) -> Result:
    """Document `kind` as it would print with the wording typed in Cài đặt → Mẫu in and not
    yet saved (`title` and `body` of the pledge, `texts` by wording.TEXTS key or
    "minutes_closing", `margins` in mm): the PDF in memory (value: bytes, or None when
    cancelled). Read only: no number is taken, nothing is written or audited."""
    from printing.render import render

    with wording.unsaved(texts):
        data = _preview_data(db, actor, kind, title, body)
    chosen = wording.margins(db)
    if margins:
        chosen = tuple(float(margins.get(name, value)) for (name, *_r), value in zip(wording.MARGINS, chosen))
    rendered = render(data, None, cancelled=cancelled, margins=chosen)
    return Result(None if rendered is None else rendered.data)


@operation(VIEWER, transaction=False, name="documents.report")
def report(db, actor, period, target, *, cancelled=None) -> Result:
    """The period report (a superior: the consolidated report over its communes) as a
    numbered PDF, or its figures as an Excel workbook (no number, read only)."""
    from printing.render import render
    from printing.xlsx import figures_workbook
    from storage.query.stats import period_figures
    from storage.records.unit import get_unit

    target = _check_target(target, (".pdf", ".xlsx"))
    spreadsheet = target.suffix.lower() == ".xlsx"
    if not spreadsheet:
        check_role(actor, OFFICER)
    aggregator = get_unit(db).role == "aggregator"
    if aggregator:
        data, totals = printouts.consolidated_report(db, period)
    if spreadsheet:
        if aggregator:
            values, per_station, columns = printouts.consolidated_rows(totals)
            content = figures_workbook(f"Tổng hợp {period.label}", values, per_station=per_station,
                                       columns=columns)
        else:
            content = figures_workbook(f"Số liệu {period.label}", printouts.figure_values(period_figures(db, period)))
        pages = 0
        finish = Changes
    else:
        if not aggregator:
            data = printouts.period_report(db, period)
        rendered = render(data, None, margins=wording.margins(db))
        content, pages = rendered.data, rendered.pages

        def finish() -> Changes:
            printouts.claim_number(db, data.letterhead.claim)
            from storage.records import audit

            audit.append(db, actor.name, "print", "report", None, None,
                         {"document": printouts.DOCUMENT_KINDS["report"], "period": period.label})
            return Changes().add("document_numbers").add("audit_log")
    if cancelled is not None and cancelled():
        return Result(None)
    temporary = write_temporary(target, content)
    changes = place_file(db, temporary, target, finish)
    return Result(Printed(target, pages), changes)


@operation(OFFICER, name="documents.save_report_text")
def save_report_text(db, actor, period, texts: dict[str, str]) -> Result:
    """The report's own words for `period` (kết quả, hạn chế và nguyên nhân, phương
    hướng, kiến nghị), written before it is printed."""
    saved = wording.set_report_narrative(db, actor.name, period.code, texts)
    return Result(saved, Changes().add("settings").add("audit_log"))
