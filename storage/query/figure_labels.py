"""Vietnamese labels of the period figures, and their formatting (10.349; 93,5%),
shared by the command line, the overview page and the printed reports."""

from __future__ import annotations

from storage import vocabulary

# (key path in period_figures(), label, kind) — kind "count" or "ratio".
FIGURE_ROWS = [
    ("areas.total", "Tổng số địa bàn (thôn, tổ dân phố)", "count"),
    ("areas.registered", "Địa bàn đăng ký xây dựng “an toàn về ANTT”", "count"),
    ("areas.recognised_safe", "Địa bàn được công nhận “an toàn về ANTT”", "count"),
    ("areas.ratio_recognised", "Tỷ lệ địa bàn được công nhận", "ratio"),
    ("teams.total", "Số tổ, nhóm tự quản hoạt động trong kỳ", "count"),
    ("teams.members", "Số thành viên tham gia các tổ", "count"),
    ("teams.launched", "Số tổ ra mắt mới trong kỳ", "count"),
    ("teams.ended", "Số tổ kết thúc hoạt động trong kỳ", "count"),
    ("models.total", "Số mô hình hoạt động trong kỳ", "count"),
    ("models.points", "Số điểm triển khai mô hình", "count"),
    ("models.exemplary", "Số mô hình điển hình tiên tiến", "count"),
    ("models.replicated", "Số mô hình được nhân rộng", "count"),
    ("models.teams", "Số tổ thực hiện mô hình", "count"),
    ("households.total", "Tổng số hộ gia đình", "count"),
    ("households.pledged", "Số hộ ký cam kết trong kỳ", "count"),
    ("households.ratio_pledged", "Tỷ lệ hộ ký cam kết", "ratio"),
    ("patrols.total", "Số ca tuần tra", "count"),
    ("patrols.person_turns", "Số lượt người tham gia tuần tra", "count"),
    ("patrols.with_findings", "Số ca tuần tra phát hiện vụ việc", "count"),
    ("mediation.received", "Số vụ việc hòa giải tiếp nhận", "count"),
    ("mediation.settled", "Hòa giải thành", "count"),
    ("mediation.not_settled", "Hòa giải không thành", "count"),
    ("mediation.in_progress", "Đang hòa giải", "count"),
    ("mediation.excluded", "Vụ việc không thuộc phạm vi hòa giải ở cơ sở", "count"),
    ("mediation.ratio_settled", "Tỷ lệ hòa giải thành", "ratio"),
    ("tips.received", "Số tin báo, tố giác tiếp nhận", "count"),
    ("tips.valuable", "Số tin có giá trị", "count"),
    ("surrendered.handovers", "Số lần giao nộp vũ khí, vật liệu nổ, công cụ hỗ trợ, pháo", "count"),
    ("reintegration.total", "Số người được giúp đỡ tái hòa nhập cộng đồng", "count"),
    ("reintegration.new", "Trong đó tiếp nhận mới trong kỳ", "count"),
    ("reintegration.reintegrated", "Đã tái hòa nhập ổn định", "count"),
    ("reintegration.reoffended", "Tái phạm", "count"),
    ("commendations.total", "Số khen thưởng", "count"),
    ("commendations.collective", "Khen thưởng tập thể", "count"),
    ("commendations.individual", "Khen thưởng cá nhân", "count"),
    # The year's evaluation (issue 13; storage/query/evaluation.py).
    ("evaluation.subjects", "Đối tượng xét “an toàn về ANTT” (khu dân cư, cơ quan, doanh nghiệp, trường học)",
     "count"),
    ("evaluation.registered_subjects", "Đối tượng đăng ký phấn đấu", "count"),
    ("evaluation.recognised", "Đối tượng đạt tiêu chuẩn “an toàn về ANTT”", "count"),
    ("evaluation.ratio_recognised", "Tỷ lệ đối tượng đạt", "ratio"),
    ("evaluation.organisations_recognised", "Cơ quan, doanh nghiệp, trường học đạt", "count"),
    ("evaluation.commune_passed", "Xã, phường đạt tiêu chuẩn “an toàn về ANTT”", "count"),
    ("evaluation.teams_graded", "Số tổ được xếp loại", "count"),
    ("evaluation.teams_excellent", "Tổ hoàn thành xuất sắc nhiệm vụ", "count"),
    ("evaluation.teams_good", "Tổ hoàn thành tốt nhiệm vụ", "count"),
    ("evaluation.teams_completed", "Tổ hoàn thành nhiệm vụ", "count"),
    ("evaluation.teams_not_completed", "Tổ không hoàn thành nhiệm vụ", "count"),
    ("evaluation.propaganda_sessions", "Số buổi tuyên truyền", "count"),
    ("evaluation.trainings", "Số lớp tập huấn", "count"),
    ("evaluation.festivals", "Số Ngày hội toàn dân bảo vệ an ninh Tổ quốc được tổ chức", "count"),
    ("evaluation.event_participants", "Lượt người tham dự tuyên truyền, tập huấn, Ngày hội", "count"),
    ("evaluation.security_members", "Thành viên Tổ bảo vệ an ninh, trật tự", "count"),
]


# The year's results, known only once the year's evaluation is done: recognition is decided
# in November (Thông tư 124), teams are graded up to 14/11 (HD 01/HD-BCA-V05). A report or
# the minutes of a shorter period ending earlier (sơ kết 6 tháng) leave them out.
YEAR_END_FIGURES = {"areas.recognised_safe", "areas.ratio_recognised", "evaluation.recognised",
                    "evaluation.ratio_recognised", "evaluation.organisations_recognised",
                    "evaluation.commune_passed", "evaluation.teams_graded", "evaluation.teams_excellent",
                    "evaluation.teams_good", "evaluation.teams_completed", "evaluation.teams_not_completed"}


def rows_for(period) -> list[tuple[str, str, str]]:
    """FIGURE_ROWS for a report of `period`: without the year's results when the period
    ends before they are decided (30 November of its year)."""
    from datetime import date

    if period is None or period.end >= date(period.end.year, 11, 30):
        return FIGURE_ROWS
    return [row for row in FIGURE_ROWS if row[0] not in YEAR_END_FIGURES]


def value_at(figures: dict, path: str):
    """The figure at `path`; 0 for one a package of an older version does not carry."""
    value = figures
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return 0
        value = value[part]
    return value


def format_number(value) -> str:
    """10349 → '10.349'; 2.5 → '2,5' (Vietnamese separators)."""
    if isinstance(value, float) and not value.is_integer():
        whole, _, fraction = f"{value:.3f}".rstrip("0").partition(".")
        return f"{int(whole):,}".replace(",", ".") + ("," + fraction if fraction else "")
    return f"{int(value):,}".replace(",", ".")


def format_ratio(value: float) -> str:
    """0.935 → '93,5%'."""
    return f"{value * 100:.1f}".replace(".", ",") + "%"


def format_value(value, kind: str) -> str:
    return format_ratio(value) if kind == "ratio" else format_number(value)


def entry_label(entry: dict, key: str, kind: str) -> str:
    """What a breakdown entry is shown as: the label the station sent with its code, else
    the vocabulary's label of the code (entries of 1.x packages hold the label itself)."""
    return entry.get("label") or vocabulary.label(kind, entry.get(key))


def lines(figures: dict, period=None) -> list[tuple[str, str]]:
    """(label, formatted value) for every figure (of a report of `period`: rows_for), then
    the breakdowns."""
    out = [(label, format_value(value_at(figures, path), kind)) for path, label, kind in rows_for(period)]
    for entry in figures["teams"]["by_kind"]:
        out.append((f"  {entry_label(entry, 'kind', 'team_kind')}", f"{format_number(entry['teams'])} tổ, "
                                          f"{format_number(entry['members'])} thành viên"))
    for entry in figures["surrendered"]["by_kind"]:
        out.append((f"  Giao nộp: {entry_label(entry, 'kind', 'item_kind')}",
                    f"{format_number(entry['quantity'])} {entry['unit']}"))
    for entry in figures["commendations"]["by_level"]:
        out.append((f"  Khen thưởng cấp {entry_label(entry, 'level', 'commendation_level')}",
                    format_number(entry["count"])))
    return out
