"""Báo cáo kết quả phong trào for a period: every figure beside the previous period's."""

from __future__ import annotations

from printing.layout import OfficialDocument, Rendered, signer_block
from storage.documents.data import ConsolidatedData, ReportData


def render_report(data: ReportData, target=None, margins=None, cancelled=None) -> Rendered | None:
    head = data.letterhead
    document = OfficialDocument("Báo cáo kết quả phong trào", margins)
    document.start_document(new_page=False)
    document.letterhead(head.parent_body, head.issuer, head.number, head.place_name, head.on)
    document.heading("Báo cáo", f"Kết quả thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc {data.period_label}")
    compared = data.comparison[:1].lower() + data.comparison[1:]
    document.body(f"{head.issuer} báo cáo kết quả thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc "
                  f"{data.period_label}, so sánh với {compared} ({data.previous_label}), như sau:")
    rows = [[str(i), label, current, previous] for i, (label, current, previous) in enumerate(data.rows, 1)]
    document.table(["STT", "Nội dung", "Kỳ này", data.comparison], rows, [9, 55, 16, 20],
                   align={0: "cell_center", 2: "cell_right", 3: "cell_right"})
    if data.breakdowns:
        document.section("Chi tiết")
        document.table(["STT", "Nội dung", "Kỳ này", data.comparison],
                       [[str(i), *row] for i, row in enumerate(data.breakdowns, 1)], [9, 55, 16, 20],
                       align={0: "cell_center", 2: "cell_right", 3: "cell_right"})
    for number, (title, value) in enumerate(data.sections, 1):
        document.section(f"{number}. {title}")
        if value:
            document.body(value)
        else:
            document.blank_lines(3)
    if data.note:
        document.story.append(document.paragraph(data.note, "small"))
    document.signatures([signer_block(head.signer, f"Trưởng {head.issuer}", head.chief_name)],
                        recipients=data.recipients)
    return document.render(target, cancelled)


def render_consolidated(data: ConsolidatedData, target=None, margins=None, cancelled=None) -> Rendered | None:
    """The superior's report over all its communes: totals, then one row per station,
    then the communes that have not reported."""
    head = data.letterhead
    document = OfficialDocument("Báo cáo tổng hợp phong trào", margins)
    document.start_document(new_page=False)
    document.letterhead(head.parent_body, head.issuer, head.number, head.place_name, head.on)
    document.heading("Báo cáo tổng hợp",
                     f"Kết quả thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc {data.period_label}")
    expected = len(data.stations) + len(data.missing)  # how many the province expects a file from
    document.body(f"Tổng hợp từ {len(data.stations)}/{expected} đơn vị Công an cấp xã đã gửi số liệu.")
    document.table(["STT", "Nội dung", "Tổng số"], [[str(i), label, value] for i, (label, value)
                                                   in enumerate(data.rows, 1)], [9, 71, 20],
                   align={0: "cell_center", 2: "cell_right"})
    document.section("Số liệu từng đơn vị")
    # The stations' names wrap; the figures' short headings keep their words on one line.
    widths = [6, 22] + [72 / len(data.columns)] * len(data.columns)
    document.table(["STT", "Đơn vị", *data.columns], [[str(i), name, *values] for i, (name, values)
                                                      in enumerate(data.stations, 1)], widths,
                   align={0: "cell_center", **{i + 2: "cell_right" for i in range(len(data.columns))}},
                   compact=True)
    if data.missing:
        document.section("Đơn vị chưa gửi số liệu kỳ này")
        document.body(", ".join(data.missing) + ".")
    document.signatures([signer_block(head.signer, "Giám đốc", head.chief_name)], recipients=data.recipients)
    return document.render(target, cancelled)
