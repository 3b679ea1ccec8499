"""Reading what each document needs (storage/documents/data.py records) and recording
that it was printed. The command line and the app call these, then printing/."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from storage import vocabulary
from storage.clock import now_iso
from storage.documents import wording
from storage.documents.data import (
    CeremonyData,
    CommendationData,
    ConsolidatedData,
    InvitationData,
    Letterhead,
    LogbookData,
    LogbookRow,
    LogbookSummaryRow,
    MediationMinutesData,
    MinutesData,
    PatrolLogData,
    PatrolRow,
    PledgeBatch,
    PledgeHousehold,
    ReintegrationDecisionData,
    ReportData,
    RosterData,
    RosterMember,
    RosterTeam,
    Signer,
    SurrenderData,
    TeamDecisionData,
    TipBookData,
    TipRow,
)
from storage.errors import StorageError, ValidationError
from storage.query import figure_labels
from storage.query.periods import Period
from storage.query.stats import period_figures
from storage.records import audit, lists, numbering, unit
from storage.records.areas import areas
from storage.records.mediation import (
    IN_PROGRESS,
    INVITED,
    MEDIATOR,
    NOT_SETTLED,
    PARTY,
    RELATED,
    SETTLED,
    mediation_cases,
)
from storage.records.people import mask_cccd
from storage.records.pledges import default_text, pledges
from storage.records.reviews import reviews
from storage.records.teams import ENDED as TEAM_ENDED
from storage.records.teams import members_of, teams
from storage.text import fold, lower_first
from storage.vocabulary import sql_label


def _dmy(value: str | None) -> str:
    return f"{value[8:10]}/{value[5:7]}/{value[:4]}" if value and len(value) >= 10 else ""


def _coming_number(db, kind: str, record_key: str, year: int) -> int:
    """The number `record_key`'s document carries, read only: the one it was given, or
    the next free one of its kind and year (taken by finish() when the PDF is complete)."""
    row = db.conn.execute("SELECT number FROM document_issues WHERE kind = ? AND record_key = ?",
                          (kind, record_key)).fetchone()
    if row:
        return row[0]
    row = db.conn.execute("SELECT last_number FROM document_numbers WHERE kind = ? AND year = ?",
                          (kind, year)).fetchone()
    return (row[0] if row else 0) + 1


def letterhead(db, on: date | None = None, number_kind: str | None = None, record_key: str | None = None,
               *, signed_as: str | None = None) -> Letterhead:
    """The unit's letterhead; with `number_kind`, the number the document will take; with
    `signed_as` (a kind of wording.SIGNED_DOCUMENTS), who signs it for the unit."""
    station = unit.get_unit(db)
    on = on or date.today()
    number = claim = None
    if number_kind:
        key = record_key or on.isoformat()
        value = _coming_number(db, number_kind, key, on.year)
        number = numbering.format_number(value, number_kind, station.commune_type, station.role)
        claim = (number_kind, key, on.year, value)
    signer = None
    if signed_as:
        titles, name = wording.signer(db, signed_as, station)
        signer = Signer(titles, name)
    return Letterhead(station.parent_body, station.station_name, _place_name(station), on, number,
                      station.chief_name or "", claim, wording.unit_level(station), signer)


def _place_name(station) -> str:
    """The place in the date line: the commune's own name without its level ('Thanh Lâm',
    not 'Xã Thanh Lâm'), for the province's police the province's."""
    if station.place_name:
        return station.place_name
    name = station.commune_name or station.province_name or ""
    for level in ("Xã ", "Phường ", "Đặc khu ", "Tỉnh ", "Thành phố "):
        if name.startswith(level):
            return name[len(level):]
    return name


_COMMUNE_WORDS = re.compile(r"\b(Công an|UBND|Ủy ban nhân dân|Đảng ủy|Hội đồng nhân dân) xã\b")


def unit_words(text: str, station) -> str:
    """Wording written for a xã, said of the unit's own level: 'UBND xã' is 'UBND phường'
    in a phường and 'UBND đặc khu' in an đặc khu."""
    level = station.commune_type or "xã"
    if text and text.startswith(COMMUNES_PASSED):  # the unit's own result: "Phường đạt tiêu chuẩn …"
        text = level.capitalize() + text[len(COMMUNES_PASSED) - len(" đạt"):]
    if level == "xã" or not text:
        return text
    return _COMMUNE_WORDS.sub(lambda m: f"{m.group(1)} {level}", text)


COMMUNES_PASSED = "Xã, phường đạt"  # a figure's label: a station's own result, or the province's count


def _date(value) -> date | None:
    from storage.records.validate import parse_date

    try:
        return parse_date(value) if value else None
    except ValueError:
        raise ValidationError(f"“{value}” không phải ngày; hãy ghi ngày/tháng/năm, ví dụ 15/03/2026.",
                              "date") from None


# ---- pledges --------------------------------------------------------------------------
def prepare_pledges(db, actor: str = "", *, area_id: int | None = None, household_ids: list[int] | None = None,
                    ceremony_date=None, ceremony_place: str | None = None
                    ) -> tuple[PledgeBatch, list[int], list[dict]]:
    """The batch for one area (or a chosen list of households), read only: the ids of the
    pledges it reprints, and the pledges finish() creates for households that have none
    for that ceremony yet."""
    ceremony = _date(ceremony_date) or date.today()
    if area_id is None and not household_ids:
        raise ValidationError("Hãy chọn một địa bàn hoặc danh sách hộ để in bản cam kết.", "area")
    where = "h.deleted_at IS NULL AND " + ("h.area_id = ?" if area_id is not None else
                                            f"h.id IN ({', '.join('?' for _ in household_ids)})")
    params = [area_id] if area_id is not None else list(household_ids)
    rows = list(db.query(
        f"SELECT h.id, h.address, p.full_name, p.birth_year, p.cccd, {sql_label('area_kind', 'a.kind')} "
        "|| ' ' || a.name AS area_name, "
        "a.kind AS area_kind, (SELECT count(*) FROM people m WHERE m.household_id = h.id "
        "AND m.deleted_at IS NULL) AS members FROM households h JOIN people p ON p.id = h.head_id "
        f"JOIN areas a ON a.id = h.area_id WHERE {where} ORDER BY a.sort_key, p.sort_key", params))
    if not rows:
        name = areas.get(db, area_id).name if area_id is not None else ""
        raise ValidationError(f"Địa bàn {name} chưa có hộ gia đình nào để in bản cam kết.".replace("  ", " "),
                              "area")
    station = unit.get_unit(db)
    text = default_text(db)
    place = ceremony_place or f"Nhà văn hóa {lower_first(rows[0]['area_name'])}"
    pledge_ids, to_create = [], []
    for row in rows:
        # One pledge per household and year: printing the area again (another ceremony, a
        # lost sheet) reprints the household's pledge of that year, never a second one.
        existing = db.conn.execute(
            "SELECT id FROM pledges WHERE household_id = ? AND status != 'cancelled' AND deleted_at IS NULL "
            "AND substr(coalesce(ceremony_date, signed_on, created_at), 1, 4) = ? "
            "ORDER BY ceremony_date IS ? DESC, status = 'signed' DESC, id DESC LIMIT 1",
            (row["id"], f"{ceremony.year:04d}", ceremony.isoformat())).fetchone()
        if existing:
            pledge_ids.append(existing[0])
        else:
            to_create.append({"household_id": row["id"], "text_id": text.id,
                              "ceremony_date": ceremony.isoformat(), "ceremony_place": place})
    kinds = {row["area_kind"] for row in rows}
    confirmer = "Tổ trưởng tổ dân phố" if kinds == {"residential_group"} else "Trưởng thôn"
    batch = PledgeBatch(
        letterhead=letterhead(db, ceremony), title=text.title, body=text.body,
        area_name=rows[0]["area_name"] if area_id is not None else "Các hộ đã chọn",
        commune_name=lower_first(station.commune_name or ""),
        ceremony_date=ceremony, ceremony_place=place,
        households=[PledgeHousehold(r["full_name"], str(r["birth_year"] or ""), r["cccd"] or "",
                                    mask_cccd(r["cccd"]), _full_address(r["address"], r["area_name"]),
                                    lower_first(r["area_name"]), r["members"]) for r in rows],
        confirmer_title=confirmer)
    return batch, pledge_ids, to_create


def blank_pledge(db, *, area_id: int | None = None, ceremony_date=None, ceremony_place: str | None = None
                 ) -> PledgeBatch:
    """The pledge with the household's details left blank, for households not yet in the
    register; the confirmer is the area's (a phường's tổ dân phố, else the thôn)."""
    station = unit.get_unit(db)
    text = default_text(db)
    area = areas.get(db, area_id) if area_id is not None else None
    kind = area.kind if area is not None else ("residential_group" if station.commune_type == "phường"
                                               else "village")
    area_name = f"{vocabulary.label('area_kind', area.kind)} {area.name}" if area is not None else ""
    on = _date(ceremony_date)
    return PledgeBatch(
        letterhead=letterhead(db, on), title=text.title, body=text.body, area_name=area_name,
        commune_name=lower_first(station.commune_name or ""), ceremony_date=on,
        ceremony_place=ceremony_place or (f"Nhà văn hóa {lower_first(area_name)}" if area_name else ""),
        households=[], confirmer_title="Tổ trưởng tổ dân phố" if kind == "residential_group" else "Trưởng thôn")


def _full_address(address: str | None, area_name: str) -> str:
    """The address with its area ('Số 5, thôn Đông'), unless it already names it."""
    area = lower_first(area_name)
    if not address:
        return area
    return address if fold(area) in fold(address) else f"{address}, {area}"


def mark_pledges_printed(db, actor: str, pledge_ids: list[int], ceremony: tuple[str, str] | None = None) -> int:
    """Pledges not yet printed become 'đã in'; signed ones stay signed. With `ceremony`
    (date, place), a pledge not yet signed moves to the ceremony it was printed for."""
    stamp = now_iso()
    changed = 0
    with db.atomic():
        for pledge_id in pledge_ids:
            pledge = pledges.get(db, pledge_id)
            values = {"status": "printed", "printed_at": stamp} if pledge.status == "unprinted" else {}
            if ceremony and pledge.status in ("unprinted", "printed") \
                    and (pledge.ceremony_date, pledge.ceremony_place) != ceremony:
                values.update(ceremony_date=ceremony[0], ceremony_place=ceremony[1])
            if values:
                pledges.update(db, actor, pledge_id, **values)
                changed += 1
        audit.append(db, actor, "print", "pledges", None, None, {"pledges": len(pledge_ids)})
    return changed


# ---- minutes and reports -----------------------------------------------------------------
def review_minutes(db, review_id: int) -> MinutesData:
    review = reviews.get(db, review_id)
    period = Period(date.fromisoformat(review.period_start), date.fromisoformat(review.period_end),
                    f"{review.period_start}..{review.period_end}")
    figures = period_figures(db, period)
    held = _date(review.started_at[:10]) if review.started_at else date.today()
    station = unit.get_unit(db)
    return MinutesData(
        letterhead=letterhead(db, held, "minutes", review.uuid), kind=vocabulary.label("review_kind", review.kind),
        title=review.title or f"Hội nghị {vocabulary.label('review_kind', review.kind)} phong trào toàn dân "
                              "bảo vệ an ninh Tổ quốc",
        period_label=period.label, started_at=review.started_at or "", ended_at=review.ended_at or "",
        place=review.place or "", chair=review.chair or "", secretary=review.secretary or "",
        chair_position=review.chair_position or "", secretary_position=review.secretary_position or "",
        present=review.attendees_present or "", absent=review.attendees_absent or "", agenda=review.agenda or "",
        strengths=review.strengths or "", weaknesses=review.weaknesses or "",
        classification=review.classification or "", proposals=review.commendation_proposals or "",
        next_tasks=review.next_tasks or "",
        figures=[(unit_words(label, station), value) for label, value in figure_labels.lines(figures, period)],
        recipients=[station.superior_unit or station.parent_body, unit_words("Đảng ủy, UBND xã", station),
                    "Lưu: hồ sơ phong trào"],
        closing=wording.fill_minutes_closing(wording.minutes_closing(db), {
            "gio_ket_thuc": _clock(review.ended_at) or "……", "don_vi": station.station_name}))


def _clock(value: str | None) -> str:
    """'2026-07-05T11:00' → '11 giờ 00 phút'."""
    if not value or "T" not in value:
        return ""
    hours, minutes = value.split("T")[1][:5].split(":")
    return f"{hours} giờ {minutes} phút"


def period_report(db, period: Period) -> ReportData:
    current, previous = period_figures(db, period), period_figures(db, period.previous())
    rows = [(label, figure_labels.format_value(figure_labels.value_at(current, path), kind),
             figure_labels.format_value(figure_labels.value_at(previous, path), kind))
            for path, label, kind in figure_labels.rows_for(period)]
    # Every kind present in either column: a kind handed in only last year still shows (0 now).
    def both(section: str, key) -> list[tuple[dict, dict]]:
        now = {key(k): k for k in current[section]["by_kind"]}
        before = {key(k): k for k in previous[section]["by_kind"]}
        return [(now.get(k, {**before.get(k, {}), "teams": 0, "members": 0, "quantity": 0}), before.get(k, {}))
                for k in list(now) + [k for k in before if k not in now]]

    number = figure_labels.format_number
    breakdowns = [(f"{figure_labels.entry_label(k, 'kind', 'team_kind')}: số tổ / thành viên",
                   f"{number(k['teams'])} tổ / {number(k['members'])} thành viên",
                   f"{number(old.get('teams', 0))} tổ / {number(old.get('members', 0))} thành viên")
                  for k, old in both("teams", lambda k: k["kind"])]
    breakdowns += [(f"Giao nộp {figure_labels.entry_label(k, 'kind', 'item_kind').lower()} ({k['unit']})",
                    number(k["quantity"]), number(old.get("quantity", 0)))
                   for k, old in both("surrendered", lambda k: (k["kind"], k["unit"]))]
    station = unit.get_unit(db)
    return ReportData(letterhead(db, date.today(), "report", f"report:{period.code}", signed_as="report"),
                      period.label,
                      period.previous().label, [(unit_words(r[0], station), *r[1:]) for r in rows],
                      [(unit_words(r[0], station), *r[1:]) for r in breakdowns],
                      [station.superior_unit or station.parent_body, unit_words("Đảng ủy, UBND xã", station),
                       "Lưu: VT"],
                      comparison="Cùng kỳ năm trước" if ".." not in period.code else "Kỳ liền trước",
                      sections=report_sections(db, period, current))


def report_sections(db, period: Period, figures: dict | None = None) -> list[tuple[str, str]]:
    """The report's own words for `period`: what the officer wrote, and for 'Kết quả'
    until then a draft with the period's figures."""
    written = wording.report_narrative(db, period.code)
    if not written["results"]:
        figures = figures if figures is not None else period_figures(db, period)
        written["results"] = wording.results_sentence(figures, period.label, figure_labels.value_at,
                                                      figure_labels.format_number)
    return [(title, written[key]) for key, title in wording.REPORT_SECTIONS.items()]


# ---- mediation -------------------------------------------------------------------------------
def mediation_minutes(db, case_id: int) -> MediationMinutesData:
    case = mediation_cases.get(db, case_id)
    if case.result == IN_PROGRESS:
        raise ValidationError("Vụ việc đang hòa giải: chỉ lập biên bản khi đã có kết quả thành hoặc "
                              "không thành.", "result")
    held = _date(case.result_on) or date.today()
    place = case.place or next((s["place"] for s in reversed(case.sessions) if s.get("place")), "") or ""
    team = teams.get(db, case.team_id).name if case.team_id else "Tổ hòa giải"
    return MediationMinutesData(letterhead(db, held, "mediation_minutes", case.uuid), team, held, place,
                                lists.label_of(db, lists.MEDIATION_CATEGORIES, case.category), case.content,
                                case.with_role(PARTY), case.with_role(RELATED), case.with_role(MEDIATOR),
                                case.with_role(INVITED), vocabulary.label("mediation_result", case.result),
                                case.agreement or "", case.follow_up or "",
                                [dict(s) for s in case.sessions], _date(case.received_on))


def mediation_logbook(db, team_id: int, period: Period) -> LogbookData:
    team = teams.get(db, team_id)
    station = unit.get_unit(db)
    cases = mediation_cases.list(db, "team_id = ? AND received_on BETWEEN ? AND ?",
                                 [team_id, period.start.isoformat(), period.end.isoformat()],
                                 order="received_on, id")
    rows, by_mediator, by_category = [], {}, {}
    for number, case in enumerate(cases, 1):
        scope = by_category.setdefault(lists.label_of(db, lists.MEDIATION_CATEGORIES, case.category), [0, 0, 0, 0])
        scope[0] += 1
        scope[1] += case.result == SETTLED
        scope[2] += case.result == NOT_SETTLED
        scope[3] += case.result == IN_PROGRESS
        parties = "; ".join(", ".join(filter(None, [p["name"], f"{p['age']} tuổi" if p["age"] else "",
                                                    p["address"]])) for p in case.with_role(PARTY) +
                            case.with_role(RELATED))
        helpers = ", ".join(p["name"] for p in case.with_role(MEDIATOR) + case.with_role(INVITED))
        rows.append(LogbookRow(number, _dmy(case.received_on), helpers, parties, case.content,
                               case.agreement or "", case.result == SETTLED, case.result == NOT_SETTLED,
                               "Ngoài phạm vi hòa giải" if case.excluded_matter else
                               ("Đang hòa giải" if case.result == IN_PROGRESS else "")))
        for mediator in case.mediators:
            entry = by_mediator.setdefault(mediator["name"], [0, 0, 0])
            entry[0] += 1
            entry[1] += case.result == SETTLED
            entry[2] += case.result == NOT_SETTLED
    summary = [LogbookSummaryRow(i, name, *counts, "") for i, (name, counts) in
               enumerate(sorted(by_mediator.items()), 1)]
    area = ", ".join(areas.get(db, a, include_deleted=True).name for a in team.area_ids)
    return LogbookData(station.province_name or "", station.district_name or "",
                       station.commune_name or station.station_name, area, team.name, period.label,
                       # A book is closed when its period has ended: never a closing date ahead.
                       period.start.strftime("%d/%m/%Y"),
                       period.end.strftime("%d/%m/%Y") if period.end < date.today() else "", rows, summary,
                       [(name, *counts) for name, counts in sorted(by_category.items(), key=lambda i: fold(i[0]))])


# ---- rosters and patrol logs ---------------------------------------------------------------
def _roster_team(db, team_id: int) -> RosterTeam:
    team = teams.get(db, team_id)
    members = [RosterMember(vocabulary.label("member_role", m["role"]), m["full_name"],
                            _dmy(m["birth_date"]) or str(m["birth_year"] or ""),
                            vocabulary.label("gender", m["gender"]), m["address"] or "", m["phone"] or "",
                            _dmy(m["start_on"]))
               for m in members_of(db, team_id, on=team.ended_on if team.status == TEAM_ENDED else None)]
    area_names = ", ".join(f"{lists.label_of(db, lists.AREA_KINDS, a.kind)} {a.name}"
                           for a in (areas.get(db, i, include_deleted=True) for i in team.area_ids))
    return RosterTeam(team.name, lists.label_of(db, lists.TEAM_KINDS, team.kind), area_names,
                      _dmy(team.launched_on), team.founding_decision or "", members,
                      _dmy(team.ended_on) if team.status == TEAM_ENDED else "")


def roster(db, *, team_id: int | None = None, area_id: int | None = None) -> RosterData:
    if team_id is not None:
        ids = [team_id]
    elif area_id is not None:
        ids = [r[0] for r in db.conn.execute(
            "SELECT t.id FROM teams t JOIN team_areas ta ON ta.team_id = t.id WHERE ta.area_id = ? "
            f"AND t.deleted_at IS NULL AND t.status = 'active' ORDER BY {sql_label('team_kind', 't.kind')}, "
            "t.sort_key", (area_id,))]
        if not ids:
            raise ValidationError("Địa bàn này chưa có tổ nào đang hoạt động.", "area")
    else:
        raise ValidationError("Hãy chọn một tổ hoặc một địa bàn để in danh sách thành viên.", "team")
    return RosterData(letterhead(db, signed_as="roster"), [_roster_team(db, i) for i in ids])


def patrol_log(db, team_id: int, period: Period) -> PatrolLogData:
    team = teams.get(db, team_id)
    rows = []
    for row in db.query(
            "SELECT p.id, p.patrol_date, p.start_time, p.end_time, p.route, p.findings, p.handling, "
            "(SELECT group_concat(pe.full_name, ', ') FROM patrol_members pm JOIN people pe "
            "ON pe.id = pm.person_id WHERE pm.patrol_id = p.id) AS members FROM patrols p "
            "WHERE p.team_id = ? AND p.deleted_at IS NULL AND p.patrol_date BETWEEN ? AND ? "
            "ORDER BY p.patrol_date, p.start_time", [team_id, period.start.isoformat(), period.end.isoformat()]):
        time_range = " – ".join(filter(None, [row["start_time"], row["end_time"]]))
        rows.append(PatrolRow(_dmy(row["patrol_date"]), time_range, row["route"] or "", row["members"] or "",
                              row["findings"] or "Không phát hiện gì bất thường", row["handling"] or ""))
    return PatrolLogData(letterhead(db), team.name, period.label, rows)


# ---- weapons handed in, tips --------------------------------------------------------------
def surrender_minutes(db, item_id: int) -> SurrenderData:
    from storage.records.incidents import surrendered_items

    item = surrendered_items.get(db, item_id)
    received = _date(item.received_on) or date.today()
    area = areas.get(db, item.area_id, include_deleted=True) if item.area_id else None
    address = f"{vocabulary.label('area_kind', area.kind).lower()} {area.name}" if area is not None else ""
    quantity = f"{item.quantity:g}".replace(".", ",")
    return _worded(db, SurrenderData(
        letterhead(db, received, "minutes", item.uuid), received, item.from_whom or "", address,
        [(vocabulary.label("item_kind", item.kind), quantity, item.unit, item.description or "")], item.notes or ""))


def tip_book(db, period: Period, *, station_copy: bool = True) -> TipBookData:
    rows = []
    for number, row in enumerate(db.query(
            "SELECT t.received_on, t.channel, t.content, t.valuable, t.informant_name, t.informant_contact, "
            "t.outcome, a.kind AS area_kind, a.name AS area_name FROM tips t LEFT JOIN areas a ON a.id = t.area_id "
            "WHERE t.deleted_at IS NULL AND t.received_on BETWEEN ? AND ? ORDER BY t.received_on, t.id",
            [period.start.isoformat(), period.end.isoformat()]), 1):
        informant = ", ".join(filter(None, [row["informant_name"], row["informant_contact"]])) if station_copy else ""
        area = (f"{vocabulary.label('area_kind', row['area_kind'])} {row['area_name']}" if row["area_name"] else "")
        rows.append(TipRow(number, _dmy(row["received_on"]), vocabulary.label("tip_channel", row["channel"]),
                           informant, row["content"] or "", area, row["outcome"] or "", bool(row["valuable"])))
    # Signed by the unit as its other documents are ("TRƯỞNG CÔNG AN PHƯỜNG", or KT.).
    return TipBookData(letterhead(db, signed_as="report"), period.label, rows, station_copy)


# ---- invitations and ceremonies ----------------------------------------------------------
INVITATION_NOTICE_DAYS = 7  # how long before a past meeting its invitation is dated


def invitation(db, review_id: int) -> InvitationData:
    review = reviews.get(db, review_id)
    kind = vocabulary.label("review_kind", review.kind)
    event = review.title or f"Hội nghị {kind} phong trào toàn dân bảo vệ an ninh Tổ quốc"
    held = _date(review.started_at[:10]) if review.started_at else None
    starts = (f"{_clock(review.started_at)}, {_date_words(held)}" if held else
              "…… giờ …… phút, ngày ..... tháng ..... năm ........")
    period = Period(date.fromisoformat(review.period_start), date.fromisoformat(review.period_end), "")
    # an invitation goes out before the meeting: a week before one already held (or held today)
    issued = date.today() if held is None or held > date.today() else held - timedelta(days=INVITATION_NOTICE_DAYS)
    head = letterhead(db, issued, "invitation", review.uuid, signed_as="report")
    return _worded(db, InvitationData(
        head, f"Dự {event[:1].lower()}{event[1:]}", event, starts, review.place or "",
        review.agenda or f"{kind[:1].upper()}{kind[1:]} kết quả thực hiện phong trào toàn dân "
        f"bảo vệ an ninh Tổ quốc {period.label}; phương hướng, nhiệm vụ kỳ tới.", ["Như trên", "Lưu: VT"]))


def _date_words(on: date) -> str:
    month = f"{on.month:02d}" if on.month <= 2 else str(on.month)
    return f"ngày {on.day:02d} tháng {month} năm {on.year}"


def ceremony_minutes(db, area_id: int, ceremony_date=None, place: str | None = None) -> CeremonyData:
    area = areas.get(db, area_id)
    held = _date(ceremony_date) or date.today()
    area_name = f"{vocabulary.label('area_kind', area.kind)} {area.name}"
    total = db.conn.execute("SELECT count(*) FROM households WHERE area_id = ? AND deleted_at IS NULL",
                            (area_id,)).fetchone()[0]
    signed = db.conn.execute(
        "SELECT count(DISTINCT p.household_id) FROM pledges p JOIN households h ON h.id = p.household_id "
        "WHERE h.area_id = ? AND p.ceremony_date = ? AND p.status = 'signed' "
        "AND p.deleted_at IS NULL AND h.deleted_at IS NULL", (area_id, held.isoformat())).fetchone()[0]
    confirmer = "Tổ trưởng tổ dân phố" if area.kind == "residential_group" else "Trưởng thôn"
    return _worded(db, CeremonyData(letterhead(db, held, "minutes", f"ceremony:{area.uuid}:{held.isoformat()}"),
                                    lower_first(area_name), held, place or f"Nhà văn hóa {lower_first(area_name)}",
                                    total, signed, confirmer))


def team_decision(db, team_id: int) -> TeamDecisionData:
    """The decision founding the team (kiện toàn when it already has a founding decision)."""
    station = unit.get_unit(db)
    level = wording.unit_level(station)
    place = _place_name(station)
    team = _roster_team(db, team_id)
    if team.ended_on:
        raise ValidationError(f"{team.name} đã kết thúc hoạt động ngày {team.ended_on}: không in quyết định thành "
                              "lập hay kiện toàn cho tổ đã kết thúc.", "team")
    return _worded(db, TeamDecisionData(f"Ủy ban nhân dân {level} {place}", f"Chủ tịch Ủy ban nhân dân {level} {place}",
                                        place, date.today(), team, station.station_name,
                                        reorganise=bool(team.founding_decision),
                                        law=TEAM_LAWS.get(teams.get(db, team_id).kind, "")))


# The law a team of each kind is founded under, as its decision cites it.
TEAM_LAWS = {
    "order_protection": "Căn cứ Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở ngày 28 tháng 11 năm 2023;",
    "mediation": "Căn cứ Luật Hòa giải ở cơ sở ngày 20 tháng 6 năm 2013;",
}


def commendation(db, commendation_id: int, *, decision: bool = False) -> CommendationData:
    """The tờ trình for a commendation, or the quyết định when the commune committee may
    award it: its chair awards a giấy khen; a higher award is proposed upward."""
    from storage.records.reviews import commendations

    record = commendations.get(db, commendation_id)
    station = unit.get_unit(db)
    level = wording.unit_level(station)
    place = _place_name(station)
    form = vocabulary.label("commendation_form", record.form)
    if decision and not (record.level == "commune_committee" and record.form == "certificate"):
        whose = vocabulary.label("commendation_level", record.level)
        if record.level == "commune_police":  # the station's own: no decision of the chair, no tờ trình
            raise ValidationError(f"Khen thưởng này là {form.lower()} cấp {whose}, do Trưởng {station.station_name} "
                                  f"quyết định, không phải quyết định của Chủ tịch Ủy ban nhân dân {level}.",
                                  "commendation")
        raise ValidationError(
            f"Chủ tịch Ủy ban nhân dân {level} chỉ tặng Giấy khen của mình; khen thưởng này là {form.lower()} cấp "
            f"{whose}, hãy in tờ trình đề nghị cấp có thẩm quyền.", "commendation")
    chair, awarded_by = f"Chủ tịch Ủy ban nhân dân {level} {place}", ""
    if not decision:
        # Who the tờ trình goes to follows who awards (Luật Thi đua, khen thưởng 2022): the
        # commune chair a giấy khen of the commune; the province police's Giám đốc its own
        # giấy khen, and, to put forward, the province chair's or the Minister's award.
        police = station.parent_body or "Công an tỉnh"
        region = police.removeprefix("Công an ").strip() or "tỉnh"
        if record.level == "commune_police":
            raise ValidationError(f"Khen thưởng cấp {station.station_name} do Trưởng {station.station_name} quyết "
                                  "định; không cần tờ trình.", "commendation")
        if record.level in ("province_police", "province_committee", "ministry"):
            chair = f"Giám đốc {police}"
        if record.level == "province_committee":
            awarded_by = f"Chủ tịch Ủy ban nhân dân {region}"
        elif record.level == "ministry":
            awarded_by = "Bộ trưởng Bộ Công an"
    head = letterhead(db, date.today(), None if decision else "proposal", f"commendation:{record.uuid}",
                      signed_as="report")
    return _worded(db, CommendationData(head, f"Ủy ban nhân dân {level} {place}", chair, record.target_name,
                                        vocabulary.label("commendation_target", record.target_kind), form,
                                        record.reason or "", decision, awarded_by=awarded_by))


def reintegration_decision(db, case_id: int) -> ReintegrationDecisionData:
    from storage.records.incidents import reintegration_cases
    from storage.records.people import people

    case = reintegration_cases.get(db, case_id)
    person = people.get(db, case.person_id, include_deleted=True)
    station = unit.get_unit(db)
    level, place = wording.unit_level(station), _place_name(station)
    return _worded(db, ReintegrationDecisionData(
        f"Ủy ban nhân dân {level} {place}", f"Chủ tịch Ủy ban nhân dân {level} {place}", place, station.station_name,
        person.full_name, _dmy(person.birth_date) or str(person.birth_year or ""), person.address or "",
        vocabulary.label("reintegration_source", case.source), _dmy(case.started_on), case.helper or "",
        title={"male": "ông", "female": "bà"}.get(person.gender, "ông (bà)")))


def _worded(db, data):
    """`data` with the station's wording of its document (wording.TEXTS, Cài đặt → Mẫu in)
    filled in: opening and closing sentences, the căn cứ of a decision."""
    if isinstance(data, InvitationData):
        keys, values = ("invitation_opening", "invitation_closing"), {"don_vi": data.letterhead.issuer}
    elif isinstance(data, CeremonyData):
        keys = ("ceremony_opening", "ceremony_closing")
        values = {"ngay": _date_words(data.held_on), "dia_diem": data.place, "don_vi": data.letterhead.issuer,
                  "dia_ban": data.area_name}
    elif isinstance(data, SurrenderData):
        keys = ("surrender_opening", "surrender_closing")
        values = {"ngay": _date_words(data.received_on), "don_vi": data.letterhead.issuer}
    elif isinstance(data, TeamDecisionData):
        keys = ("team_decision_bases",)
        values = {"don_vi": data.station, "loai_to": lower_first(data.team.kind),
                  "can_cu": data.law or f"Căn cứ các quy định của pháp luật về {lower_first(data.team.kind)};"}
    elif isinstance(data, CommendationData):
        keys = ("commendation_decision_bases",) if data.decision else ("proposal_opening", "proposal_closing")
        # the name as the title gives it ("… cho Liên gia số 1 thôn Hạ"), never "tổ Liên gia …"
        values = {"don_vi": data.letterhead.issuer, "chu_tich": data.chair_title, "hinh_thuc": data.form,
                  "doi_tuong": data.target}
        if data.awarded_by and not data.decision:  # put forward: the addressee does not award it
            data.texts = {"proposal_opening": f"{values['don_vi']} đề nghị {data.chair_title} xem xét, trình "
                                              f"{data.awarded_by} tặng {data.form} cho {values['doi_tuong']}.",
                          "proposal_closing": wording.fill_text(db, "proposal_closing", **values)}
            return data
    else:  # ReintegrationDecisionData
        keys, values = ("reintegration_decision_bases",), {"don_vi": data.station}
    data.texts = {key: wording.fill_text(db, key, **values) for key in keys}
    return data


# ---- one entry point for the command line and the app ----------------------------------
DOCUMENT_KINDS = {
    "pledges": "Bản cam kết và danh sách hộ ký",
    "pledge_form": "Bản cam kết để trống (hộ chưa có trong sổ)",
    "minutes": "Biên bản sơ kết, tổng kết, họp",
    "mediation": "Biên bản hòa giải",
    "logbook": "Sổ theo dõi hoạt động hòa giải ở cơ sở",
    "roster": "Danh sách thành viên tổ",
    "patrols": "Nhật ký tuần tra",
    "report": "Báo cáo kết quả phong trào",
    "surrender": "Biên bản tiếp nhận vũ khí, vật liệu nổ, công cụ hỗ trợ giao nộp",
    "tips": "Sổ tiếp nhận tin báo, tố giác",
    "invitation": "Giấy mời dự sơ kết, tổng kết, họp",
    "ceremony": "Biên bản lễ ký cam kết",
    "team_decision": "Quyết định thành lập (kiện toàn) tổ, công nhận tổ trưởng và thành viên",
    "commendation_proposal": "Tờ trình đề nghị khen thưởng",
    "commendation_decision": "Quyết định khen thưởng (Giấy khen của Chủ tịch UBND)",
    "reintegration_decision": "Quyết định phân công giúp đỡ người tái hòa nhập cộng đồng",
}


@dataclass
class PrintJob:
    kind: str
    data: object                       # a record of storage/documents/data.py
    pledge_ids: list[int] = field(default_factory=list)
    record_uuid: str | None = None
    new_pledges: list[dict] = field(default_factory=list)   # created by finish()

    @property
    def claim(self) -> tuple[str, str, int, int] | None:
        head = getattr(self.data, "letterhead", None)
        return head.claim if head is not None else None

    @property
    def writes(self) -> bool:
        """Whether printing it takes a document number or changes pledges (an account
        that may only read cannot print it)."""
        return self.claim is not None or self.kind == "pledges"


# Documents whose printing takes a number or changes records.
WRITING_KINDS = {"pledges", "minutes", "mediation", "report", "surrender", "invitation", "ceremony",
                 "commendation_proposal"}
# Documents naming informants: only accounts that may write see them.
SENSITIVE_KINDS = {"tips", "reintegration_decision"}


def gather(db, actor: str, kind: str, *, area_id: int | None = None, household_ids: list[int] | None = None,
           review_id: int | None = None, case_id: int | None = None, team_id: int | None = None,
           period: Period | None = None, ceremony_date=None, place: str | None = None,
           item_id: int | None = None, station_copy: bool = True, commendation_id: int | None = None,
           reintegration_id: int | None = None) -> PrintJob:
    """Read what the document needs, and nothing more: no number is taken and no record
    changes until finish(). Raises ValidationError naming what is missing."""
    def need(value, message: str, field_name: str):
        if value is None:
            raise ValidationError(message, field_name)
        return value

    if kind == "pledges":
        data, ids, new = prepare_pledges(db, actor, area_id=area_id, household_ids=household_ids,
                                         ceremony_date=ceremony_date, ceremony_place=place)
        return PrintJob(kind, data, ids, new_pledges=new)
    if kind == "pledge_form":
        return PrintJob(kind, blank_pledge(db, area_id=area_id, ceremony_date=ceremony_date, ceremony_place=place))
    if kind == "minutes":
        review = need(review_id, "Hãy chọn cuộc sơ kết, tổng kết cần in biên bản.", "review")
        return PrintJob(kind, review_minutes(db, review), record_uuid=reviews.get(db, review).uuid)
    if kind == "mediation":
        case = need(case_id, "Hãy chọn vụ việc hòa giải cần in biên bản.", "case")
        return PrintJob(kind, mediation_minutes(db, case), record_uuid=mediation_cases.get(db, case).uuid)
    if kind == "logbook":
        return PrintJob(kind, mediation_logbook(db, need(team_id, "Hãy chọn tổ hòa giải.", "team"),
                                                need(period, "Hãy chọn kỳ.", "period")))
    if kind == "roster":
        return PrintJob(kind, roster(db, team_id=team_id, area_id=area_id))
    if kind == "patrols":
        return PrintJob(kind, patrol_log(db, need(team_id, "Hãy chọn tổ tuần tra.", "team"),
                                         need(period, "Hãy chọn kỳ.", "period")))
    if kind == "report":
        return PrintJob(kind, period_report(db, need(period, "Hãy chọn kỳ báo cáo.", "period")))
    if kind == "surrender":
        from storage.records.incidents import surrendered_items

        item = need(item_id, "Hãy chọn lần giao nộp vũ khí, vật liệu nổ cần in biên bản.", "item")
        return PrintJob(kind, surrender_minutes(db, item), record_uuid=surrendered_items.get(db, item).uuid)
    if kind == "invitation":
        review = need(review_id, "Hãy chọn cuộc sơ kết, tổng kết cần in giấy mời.", "review")
        return PrintJob(kind, invitation(db, review), record_uuid=reviews.get(db, review).uuid)
    if kind == "ceremony":
        area = need(area_id, "Hãy chọn địa bàn tổ chức lễ ký cam kết.", "area")
        return PrintJob(kind, ceremony_minutes(db, area, ceremony_date, place))
    if kind in ("commendation_proposal", "commendation_decision"):
        chosen = need(commendation_id, "Hãy chọn khen thưởng cần in.", "commendation")
        return PrintJob(kind, commendation(db, chosen, decision=kind == "commendation_decision"))
    if kind == "reintegration_decision":
        chosen = need(reintegration_id, "Hãy chọn người được giúp đỡ tái hòa nhập.", "reintegration")
        return PrintJob(kind, reintegration_decision(db, chosen))
    if kind == "team_decision":
        team = need(team_id, "Hãy chọn tổ cần in quyết định.", "team")
        return PrintJob(kind, team_decision(db, team), record_uuid=teams.get(db, team).uuid)
    if kind == "tips":
        return PrintJob(kind, tip_book(db, need(period, "Hãy chọn kỳ.", "period"), station_copy=station_copy))
    raise ValidationError(f"Không có loại văn bản “{kind}”.", "document")


def claim_number(db, claim: tuple[str, str, int, int] | None) -> None:
    """Take the number the printed document carries; refuse when another print took it
    in the meantime (the caller's transaction then rolls back and the file is not kept)."""
    if claim is None:
        return
    kind, key, year, expected = claim
    taken = numbering.number_for(db, kind, key, year)
    if taken != expected:
        raise StorageError(f"Số văn bản {expected:02d} đã được cấp cho văn bản khác trong lúc in; "
                           "hãy in lại để lấy số mới.")


def finish(db, actor: str, job: PrintJob) -> dict[str, list[int]]:
    """After the PDF is complete, in one transaction: the document number is taken, new
    pledges are created and pledges become 'đã in', the audit trail records the print.
    Returns the ids changed per table."""
    changed: dict[str, list[int]] = {}
    with db.atomic():
        claim_number(db, job.claim)
        if job.claim is not None:
            changed["document_numbers"] = []
        if job.kind == "pledges":
            created = [pledges.create(db, actor, **values).id for values in job.new_pledges]
            ids = list(job.pledge_ids) + created
            held = job.data.ceremony_date
            mark_pledges_printed(db, actor, ids, (held.isoformat(), job.data.ceremony_place) if held else None)
            changed["pledges"] = ids
        else:
            audit.append(db, actor, "print", job.kind, job.record_uuid, None, {"document": DOCUMENT_KINDS[job.kind]})
        changed.setdefault("audit_log", [])
    return changed


def options_from_text(db, *, area: str | None = None, team: str | None = None, review: str | None = None,
                      case: str | None = None, period: str | None = None, date: str | None = None,
                      place: str | None = None, item: str | None = None, outside: bool = False,
                      commendation: str | None = None, reintegration: str | None = None) -> dict:
    """The command line's names and uuids turned into the ids gather() takes."""
    from storage.query.periods import station_period
    from storage.records.areas import find_area
    from storage.records.teams import find_team

    options: dict = {"ceremony_date": date, "place": place}
    if area:
        options["area_id"] = find_area(db, area).id
    if team:
        options["team_id"] = find_team(db, team).id
    if review:
        options["review_id"] = reviews.id_for(db, review)
    if case:
        options["case_id"] = mediation_cases.id_for(db, case)
    if period:
        options["period"] = station_period(db, period)
    if item:
        from storage.records.incidents import surrendered_items

        options["item_id"] = surrendered_items.id_for(db, item)
    if outside:
        options["station_copy"] = False
    if reintegration:
        from storage.records.incidents import reintegration_cases

        options["reintegration_id"] = reintegration_cases.id_for(db, reintegration)
    if commendation:
        from storage.records.reviews import commendations

        options["commendation_id"] = commendations.id_for(db, commendation)
    return options


# ---- handing up --------------------------------------------------------------------------
STATION_COLUMNS = [("teams.total", "Số tổ"), ("teams.members", "Thành viên"), ("households.pledged", "Hộ ký"),
                   ("households.total", "Tổng số hộ"), ("patrols.total", "Ca tuần tra"),
                   ("mediation.received", "Vụ hòa giải"), ("tips.received", "Tin báo"),
                   ("areas.recognised_safe", "Địa bàn an toàn")]


def figure_values(figures: dict) -> list[tuple[str, object]]:
    """(label, raw value) of every figure, for a spreadsheet."""
    return [(label, figure_labels.value_at(figures, path)) for path, label, _kind in figure_labels.FIGURE_ROWS]


def station_summary(db, period: Period, fingerprint: str) -> ReportData:
    """The period report that travels in a package, with the signing key's fingerprint
    printed so the superior can compare it with the paper copy."""
    data = period_report(db, period)
    data.note = f"Dấu vân tay khóa ký của đơn vị: {fingerprint}"
    return data


def consolidated_report(db, period: Period) -> tuple[ConsolidatedData, dict]:
    from storage.exchange.aggregate import aggregate, reporting_grid

    totals = aggregate(db, period, by_station=True)
    if not totals["stations_reported"]:
        raise ValidationError(f"Chưa có xã nào gửi số liệu {period.label}; hãy nhập gói của các xã trước.",
                              "period")
    # The province counts its xã, phường and đặc khu that passed.
    rows = [(label.replace(COMMUNES_PASSED, "Xã, phường, đặc khu đạt"),
             figure_labels.format_value(figure_labels.value_at(totals, path), kind))
            for path, label, kind in figure_labels.FIGURE_ROWS]
    stations = [(entry["station_name"], [figure_labels.format_number(figure_labels.value_at(entry["figures"], p))
                                         for p, _h in STATION_COLUMNS]) for entry in totals["by_station"]]
    missing = [s.commune_name for s in reporting_grid(db, period.code) if not s.reported]
    station = unit.get_unit(db)
    data = ConsolidatedData(letterhead(db, date.today(), "report", f"consolidated:{period.code}",
                                       signed_as="report"), period.label,
                            rows, stations, [h for _p, h in STATION_COLUMNS], missing,
                            [station.superior_unit or "Bộ Công an", "Lưu: VT"])
    return data, totals


def consolidated_rows(totals: dict) -> tuple[list[tuple[str, object]], list[tuple[str, list]], list[str]]:
    """The consolidated figures as spreadsheet rows: totals, one row per station, headings."""
    per_station = [(s["station_name"], [figure_labels.value_at(s["figures"], p) for p, _h in STATION_COLUMNS])
                   for s in totals["by_station"]]
    return figure_values(totals), per_station, [h for _p, h in STATION_COLUMNS]
