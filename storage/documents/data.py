"""What each printed document needs, read from the database into plain records.
printing/ takes these records and never runs SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Signer:
    """Who signs for the unit: the title lines ("KT. TRƯỞNG CÔNG AN", "PHÓ TRƯỞNG CÔNG AN")
    and the full name (blank: written by hand)."""
    titles: list[str]
    name: str = ""


@dataclass
class Letterhead:
    parent_body: str            # "Công an tỉnh Ninh Bình"
    issuer: str                 # "Công an xã Thanh Lâm"
    place_name: str             # "Thanh Lâm"
    on: date
    number: str | None = None   # "05/BB-CAX"
    chief_name: str = ""        # who signs for the unit
    # The number this document will take when printed: (kind, record key, year, number).
    # Preparing a document only reads; the number is taken when the PDF is complete.
    claim: tuple[str, str, int, int] | None = None
    level: str = "xã"           # the unit's level: xã, phường, đặc khu; tỉnh, thành phố
    signer: Signer | None = None


@dataclass
class PledgeHousehold:
    head_name: str
    birth_year: str
    cccd: str
    masked_cccd: str
    address: str
    area_name: str
    members: int


@dataclass
class PledgeBatch:
    letterhead: Letterhead
    title: str
    body: str
    area_name: str
    commune_name: str
    ceremony_date: date | None
    ceremony_place: str
    households: list[PledgeHousehold]
    confirmer_title: str        # "TRƯỞNG THÔN", "TỔ TRƯỞNG TỔ DÂN PHỐ"


@dataclass
class MinutesData:
    letterhead: Letterhead
    kind: str
    title: str
    period_label: str
    started_at: str
    ended_at: str
    place: str
    chair: str
    secretary: str
    present: str
    absent: str
    agenda: str
    strengths: str
    weaknesses: str
    classification: str
    proposals: str
    next_tasks: str
    figures: list[tuple[str, str]]
    recipients: list[str]
    closing: str = ""           # the station's closing sentence, filled in
    chair_position: str = ""    # chức vụ of the chair ("Trưởng Công an xã Thanh Lâm")
    secretary_position: str = ""


@dataclass
class MediationMinutesData:
    letterhead: Letterhead
    team_name: str
    held_on: date
    place: str
    category: str
    content: str
    parties: list[dict]
    related: list[dict]
    mediators: list[dict]
    invited: list[dict]
    result: str
    agreement: str
    follow_up: str
    sessions: list[dict] = field(default_factory=list)   # held_on (ISO), place, notes
    received_on: date | None = None


@dataclass
class LogbookRow:
    number: int
    received_on: str
    mediators: str
    parties: str
    content: str
    agreement: str
    settled: bool
    not_settled: bool
    notes: str


@dataclass
class LogbookSummaryRow:
    number: int
    mediator: str
    cases: int
    settled: int
    not_settled: int
    notes: str


@dataclass
class LogbookData:
    province: str
    district: str
    commune: str
    area: str
    team_name: str
    period_label: str
    opened_on: str
    closed_on: str
    rows: list[LogbookRow]
    summary: list[LogbookSummaryRow]
    # Part II by scope: (lĩnh vực, cases, settled, not settled, in progress).
    by_category: list[tuple[str, int, int, int, int]] = field(default_factory=list)


@dataclass
class RosterMember:
    role: str
    name: str
    birth: str
    gender: str
    address: str
    phone: str
    start_on: str


@dataclass
class RosterTeam:
    name: str
    kind: str
    areas: str
    launched_on: str
    founding_decision: str
    members: list[RosterMember]
    ended_on: str = ""          # a team no longer active: its members on its last day


@dataclass
class RosterData:
    letterhead: Letterhead
    teams: list[RosterTeam]


@dataclass
class PatrolRow:
    day: str
    time: str
    route: str
    members: str
    findings: str
    handling: str


@dataclass
class PatrolLogData:
    letterhead: Letterhead
    team_name: str
    period_label: str
    rows: list[PatrolRow]


@dataclass
class SurrenderData:
    """Biên bản tiếp nhận vũ khí, vật liệu nổ, công cụ hỗ trợ, pháo do người dân giao nộp."""
    letterhead: Letterhead
    received_on: date
    from_whom: str              # who handed it over ("" when not recorded: a line to fill)
    address: str                # the area they live in, if known
    items: list[tuple[str, str, str, str]]   # kind, quantity, unit, description
    notes: str = ""
    texts: dict[str, str] = field(default_factory=dict)   # the station's wording, filled in (wording.TEXTS)


@dataclass
class TipRow:
    number: int
    received_on: str
    channel: str
    informant: str              # name and contact on the station's copy; "" on other copies
    content: str
    area: str
    outcome: str
    valuable: bool


@dataclass
class TipBookData:
    """Sổ tiếp nhận tin báo, tố giác of a period; the informant is written only on the
    copy kept at the station."""
    letterhead: Letterhead
    period_label: str
    rows: list[TipRow]
    station_copy: bool = True


@dataclass
class InvitationData:
    """Giấy mời to a sơ kết / tổng kết (or a meeting) of the station."""
    letterhead: Letterhead
    subject: str                # "Dự Hội nghị sơ kết 6 tháng đầu năm 2026"
    event: str                  # the meeting's name
    starts: str                 # "08 giờ 00 phút, ngày 05 tháng 7 năm 2026" or dotted
    place: str
    content: str
    recipients: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)   # the station's wording, filled in (wording.TEXTS)


@dataclass
class CeremonyData:
    """Biên bản lễ ký cam kết of one area on one day."""
    letterhead: Letterhead
    area_name: str              # "thôn Đông"
    held_on: date
    place: str
    households: int             # households of the area
    signed: int                 # of them, pledges for that day marked signed (0: none marked yet)
    confirmer_title: str        # "Trưởng thôn", "Tổ trưởng tổ dân phố"
    texts: dict[str, str] = field(default_factory=dict)   # the station's wording, filled in (wording.TEXTS)


@dataclass
class TeamDecisionData:
    """Quyết định thành lập (kiện toàn) a team and công nhận its leader and members: drafted
    by the station for the Chủ tịch Ủy ban nhân dân of the commune, who signs it."""
    committee: str              # "Ủy ban nhân dân xã Thanh Lâm"
    chair_title: str            # "Chủ tịch Ủy ban nhân dân xã Thanh Lâm"
    place_name: str
    on: date
    team: RosterTeam
    station: str                # "Công an xã Thanh Lâm": proposes it, carries it out
    reorganise: bool = False    # kiện toàn (the team already exists) rather than thành lập
    texts: dict[str, str] = field(default_factory=dict)   # the station's wording, filled in (wording.TEXTS)
    law: str = ""               # the căn cứ line of the law behind the team's kind, when there is one


@dataclass
class CommendationData:
    """Tờ trình đề nghị khen thưởng (the station to the commune committee's chair) or the
    quyết định khen thưởng the chair signs: a commune committee awards a giấy khen."""
    letterhead: Letterhead      # the station's (tờ trình)
    committee: str              # "Ủy ban nhân dân xã Thanh Lâm"
    chair_title: str
    target: str                 # the team, person or area commended
    target_kind: str            # "tập thể" / "cá nhân" label
    form: str                   # "Giấy khen"
    reason: str
    decision: bool = False      # the quyết định rather than the tờ trình
    texts: dict[str, str] = field(default_factory=dict)   # the station's wording, filled in (wording.TEXTS)
    awarded_by: str = ""        # a higher award: who awards it ("Chủ tịch Ủy ban nhân dân tỉnh …"), proposed
                                # through chair_title (the province police's Giám đốc)


@dataclass
class ReintegrationDecisionData:
    """Quyết định phân công giúp đỡ người tái hòa nhập cộng đồng, drafted by the station
    for the commune committee's chair."""
    committee: str
    chair_title: str
    place_name: str
    station: str
    person: str                 # full name
    birth: str                  # "1985" or "12/03/1985"
    address: str
    source: str                 # "chấp hành xong án phạt tù"
    started_on: str             # "05/02/2026"
    helper: str                 # "" when not recorded: a line to fill
    texts: dict[str, str] = field(default_factory=dict)   # the station's wording, filled in (wording.TEXTS)
    title: str = "ông (bà)"     # "ông" or "bà" when the register knows the person's gender


@dataclass
class ReportData:
    letterhead: Letterhead
    period_label: str
    previous_label: str
    rows: list[tuple[str, str, str]]          # label, this period, previous period
    breakdowns: list[tuple[str, str, str]] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    note: str = ""              # e.g. the signing key's fingerprint on a package summary
    comparison: str = "Cùng kỳ năm trước"   # heading of the last column
    # (heading, text) written by the officer: kết quả, hạn chế và nguyên nhân, phương
    # hướng, kiến nghị; an empty text prints as lines to fill in.
    sections: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ConsolidatedData:
    letterhead: Letterhead
    period_label: str
    rows: list[tuple[str, str]]                 # label, total over the stations
    stations: list[tuple[str, list[str]]]       # station name, its values in `columns` order
    columns: list[str]                          # short headings of the per-station table
    missing: list[str]                          # communes that have not reported
    recipients: list[str] = field(default_factory=list)


# ---- the year's evaluation (issue 13; printing/evaluation_sheets.py) ------------------
@dataclass
class ScoreItem:
    text: str
    maximum: str          # "15"
    points: str           # "12,5" or "" when not scored


@dataclass
class ScoreSheetData:
    """Bảng chấm điểm phân loại phong trào of one subject (QĐ 510/QĐ-BCA-V05)."""
    letterhead: Letterhead
    subject: str          # "Thôn Đông", "Trường THCS Thanh Lâm"
    kind_label: str       # "Khu dân cư"
    year: int
    items: list[ScoreItem]
    total: str
    proposed_class: str   # "Khá" or ""
    source: str           # where the table comes from, and whether the province confirmed it


@dataclass
class ProposalRow:
    subject: str
    kind_label: str
    registered: str       # "Có" / ""
    criteria: str         # "5/5"
    result: str           # "Đạt" / "Chưa đạt" / "Chưa đánh giá xong"
    score: str
    proposed_class: str


@dataclass
class ProposalData:
    """Tờ trình đề nghị công nhận “an toàn về ANTT” và phân loại phong trào of a year."""
    letterhead: Letterhead
    year: int
    addressee: str        # "Ủy ban nhân dân xã Thanh Lâm"
    summary: list[str]    # the commune's figures and result, one sentence each
    rows: list[ProposalRow]
    recipients: list[str] = field(default_factory=list)


@dataclass
class GradingRow:
    name: str
    kind: str
    level: str            # "Hoàn thành tốt nhiệm vụ" or "Không xếp loại: hoạt động dưới 9 tháng"


@dataclass
class GradingListData:
    """Danh sách xếp loại tổ (HD 01/HD-BCA-V05) of a year."""
    letterhead: Letterhead
    year: int
    window: str           # "15/11/2025 – 14/11/2026"
    rows: list[GradingRow]
    counts: list[tuple[str, int]]   # level label, number of teams


@dataclass
class AllowanceRow:
    name: str
    team: str
    role: str
    amount: str           # "2.340.000"


@dataclass
class AllowanceSheetData:
    """Bảng kê hỗ trợ hằng tháng của Tổ bảo vệ an ninh, trật tự."""
    letterhead: Letterhead
    month_label: str      # "tháng 11 năm 2026"
    rows: list[AllowanceRow]
    total: str
    source: str
    total_words: str = ""  # "Hai triệu bốn trăm nghìn đồng"
