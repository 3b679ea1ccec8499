"""Báo cáo kết quả phong trào for a period: every figure beside the previous period's."""

from __future__ import annotations

from printing.layout import OfficialDocument, Rendered
from storage.document_data import ReportData


def render_report(data: ReportData, target=None, margins=None) -> Rendered:
    head = data.letterhead
    document = OfficialDocument("Báo cáo kết quả phong trào", margins)
    document.start_document(new_page=False)
    document.letterhead(head.parent_body, head.issuer, head.number, head.place_name, head.on)
    document.heading("Báo cáo", f"Kết quả thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc {data.period_label}")
    document.body(f"{head.issuer} báo cáo kết quả thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc "
                  f"{data.period_label}, so sánh với {data.previous_label}, như sau:")
    rows = [[str(i), label, current, previous] for i, (label, current, previous) in enumerate(data.rows, 1)]
    document.table(["STT", "Nội dung", "Kỳ này", "Kỳ trước"], rows, [9, 59, 16, 16],
                   align={0: "cell_center", 2: "cell_right", 3: "cell_right"})
    if data.breakdowns:
        document.story.append(document.paragraph("Chi tiết", "heading"))
        document.table(["STT", "Nội dung", "Kỳ này", "Kỳ trước"],
                       [[str(i), *row] for i, row in enumerate(data.breakdowns, 1)], [9, 59, 16, 16],
                       align={0: "cell_center", 2: "cell_right", 3: "cell_right"})
    document.signatures([(f"Trưởng {head.issuer}", "", head.chief_name)], recipients=data.recipients)
    return document.render(target)
