"""Read-only gatherers of the evaluation documents (printing/evaluation_sheets.py): the
bảng chấm điểm of one subject, the tờ trình of a year, the grading list and the bảng kê
hỗ trợ of a month."""

from __future__ import annotations

from datetime import date

from storage.documents.data import (
    AllowanceRow,
    AllowanceSheetData,
    GradingListData,
    GradingRow,
    ProposalData,
    ProposalRow,
    ScoreItem,
    ScoreSheetData,
)
from storage.documents.gather import letterhead, unit_words
from storage.errors import NotFoundError, ValidationError
from storage.query import evaluation as computed
from storage.query.figure_labels import format_number
from storage.records import evaluation as ev
from storage.records import lists, unit
from storage.text import amount_in_words, lower_first
from storage.vocabulary import label


def _commune(db) -> str:
    """"xã Thanh Lâm", as written inside a sentence."""
    station = unit.get_unit(db)
    return lower_first(station.commune_name or station.station_name.replace("Công an ", "", 1))


def upper_first(value: str) -> str:
    return value[:1].upper() + value[1:]


def _points(value) -> str:
    return "" if value is None else f"{value:g}".replace(".", ",")


def _subject(result: dict, uuid: str | None) -> dict | None:
    if uuid is None:
        return None
    for subject in result["subjects"]:
        if subject["uuid"] == uuid:
            return subject
    raise NotFoundError(f"Không có đối tượng đánh giá nào có mã {uuid}.")


def score_sheet(db, year: int, subject_uuid: str | None = None, on: date | None = None) -> ScoreSheetData:
    """The score sheet of a subject (its uuid), or of the commune when None."""
    result = computed.evaluate(db, year)
    subject = _subject(result, subject_uuid)
    if subject is None:
        kind, name = "commune", upper_first(_commune(db))
        entry = ev.entry_for(db, year=year, commune=True)
        klass = result["commune"]["class"]
    else:
        kind, name, klass = subject["kind"], subject["name"], subject["class"]
        keys = {"area_id": subject["_id"]} if kind == "area" else {"organisation_id": subject["_id"]}
        entry = ev.entry_for(db, year=year, **keys)
    given = {s["item"]: s["points"] for s in (entry.scores if entry else [])}
    items = ev.score_items_for(kind)
    # The sheet names what it scores by once the province has confirmed every item of the
    # scale; until then it names nothing (the app's Tiêu chí page says what still awaits the
    # province: the signed paper neither claims a source nor talks about the software).
    confirmed = all(i.get("confirmed") for i in items)
    source = f"Thang điểm theo {ev.scoring_tables()['source']}." if confirmed else ""
    return ScoreSheetData(
        letterhead(db, on), name, label("evaluation_subject", kind), year,
        # "Công an xã tham mưu tốt" is "Công an phường …" in a phường.
        [ScoreItem(unit_words(i["text"], unit.get_unit(db)), f"{i['max']:g}", _points(given.get(i["code"])))
         for i in items],
        _points(sum(given.values())) if given else "", label("classification", klass, ""), source)


def proposal(db, year: int, on: date | None = None) -> ProposalData:
    result = computed.evaluate(db, year)
    station = unit.get_unit(db)
    commune = result["commune"]
    addressee = f"Ủy ban nhân dân {_commune(db)}"
    summary = [
        f"Năm {year}, trên địa bàn có {commune['subjects']} đối tượng thuộc diện xét công nhận (khu dân cư, cơ "
        f"quan, doanh nghiệp, cơ sở giáo dục); {commune['registered_subjects']} đối tượng đăng ký phấn đấu; "
        f"{commune['recognised']} đối tượng đạt tiêu chuẩn "
        f"({format_number(round(commune['ratio_recognised'] * 100, 1))}%).",
        f"Kết quả của {station.commune_type or 'xã'} theo Điều 5 Thông tư 124/2021/TT-BCA: "
        f"{label('evaluation_result', commune['result'], 'chưa đánh giá xong')}"
        + (f" ({'; '.join(commune['_blocking'])})." if commune["_blocking"] else "."),
    ]
    rows = [ProposalRow(s["name"], label("evaluation_subject", s["kind"]), "Có" if s["registered"] else "",
                        f"{s['criteria_met']}/{s['criteria_total']}",
                        label("evaluation_result", s["result"], "Chưa đánh giá xong") if s["registered"]
                        else "Chưa đăng ký", _points(s["score"]),
                        # Only a subject that passes is proposed, with its computed class.
                        label("classification", s["class"], "") if s["result"] == "pass" else "")
            for s in result["subjects"]]
    # "Số: 03/TTr-CAX": the tờ trình series, one number per year's proposal kept for reprints
    # (taken by operations.evaluation.print_evaluation once the PDF is complete).
    head = letterhead(db, on, "proposal", f"evaluation_proposal:{year}")
    return ProposalData(head, year, addressee, summary, rows,
                        [addressee, station.superior_unit or station.parent_body, "Lưu: VT"])


def grading_list(db, year: int, on: date | None = None) -> GradingListData:
    start, end = ev.window(db, "team_grading", year)
    teams = computed.team_levels(db, year)
    rows = []
    for team in teams:
        if team["level"]:
            level = label("grading_level", team["level"])
        elif team["_reason"]:
            level = f"Không xếp loại: {team['_reason']}"
        else:
            level = "Chưa xếp loại"
        rows.append(GradingRow(team["name"], lists.label_of(db, lists.TEAM_KINDS, team["kind"]), level))
    counts = [(shown, sum(1 for t in teams if t["level"] == code)) for code, shown in
              label_pairs("grading_level")]
    return GradingListData(letterhead(db, on), year, f"{start:%d/%m/%Y} – {end:%d/%m/%Y}", rows, counts)


def label_pairs(kind: str) -> list[tuple[str, str]]:
    from storage.vocabulary import choices

    return choices(kind)


def allowance_sheet(db, year: int, month: int, on: date | None = None) -> AllowanceSheetData:
    if ev.is_default_source(ev.setting(db, "security_allowance").get("source")):
        # The program's default rates are another province's: a bảng kê paid on them would
        # be wrong money with no basis. The station sets its province's first.
        raise ValidationError("Mức hỗ trợ Tổ bảo vệ an ninh, trật tự vẫn là mức mặc định của chương trình, chưa "
                              "phải mức Hội đồng nhân dân tỉnh quyết định; hãy nhập mức và căn cứ (số Nghị quyết) "
                              "ở Đánh giá năm → Quy định của tỉnh… rồi in bảng kê.", "allowance")
    sheet = computed.allowance_sheet(db, year, month)
    rows = [AllowanceRow(r["name"], r["team"], label("allowance_role", r["role"]), format_number(r["amount"]))
            for r in sheet["rows"]]
    return AllowanceSheetData(letterhead(db, on), f"tháng {month:02d} năm {year}" if month <= 2 else f"tháng {month} năm {year}", rows,
                              format_number(sheet["total"]), sheet["source"], amount_in_words(sheet["total"]))
