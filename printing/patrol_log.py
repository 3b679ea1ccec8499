"""Nhật ký tuần tra of one team for a period (landscape: seven columns need the room)."""

from __future__ import annotations

from printing.layout import OfficialDocument, Rendered
from storage.documents.data import PatrolLogData


def render_patrol_log(data: PatrolLogData, target=None, margins=None, cancelled=None) -> Rendered | None:
    head = data.letterhead
    document = OfficialDocument("Nhật ký tuần tra", margins, landscape_pages=True)
    document.start_document(new_page=False)
    document.letterhead(head.parent_body, head.issuer, None, head.place_name, head.on)
    document.heading("Nhật ký tuần tra", f"{data.team_name} — {data.period_label}")
    rows = [[str(i), r.day, r.time, r.route, r.members, r.findings, r.handling]
            for i, r in enumerate(data.rows, 1)]
    if not rows:
        rows = [["", "", "", "Không có ca tuần tra nào trong kỳ.", "", "", ""]]
    document.table(["STT", "Ngày", "Thời gian", "Tuyến, địa bàn", "Người tham gia", "Tình hình phát hiện",
                    "Kết quả xử lý"], rows, [6, 9, 10, 18, 20, 20, 17],
                   align={0: "cell_center", 1: "cell_center", 2: "cell_center"})
    document.story.append(document.paragraph(f"Tổng số: {len(data.rows)} ca tuần tra.", "body_left"))
    document.signatures([("Người ghi nhật ký", "(Ký, ghi rõ họ tên)", ""),
                         ("Tổ trưởng", "(Ký, ghi rõ họ tên)", "")])
    return document.render(target, cancelled)
