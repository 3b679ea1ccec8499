"""Biên bản sơ kết / tổng kết / họp, with the period's figures filled in as a table."""

from __future__ import annotations

from printing.layout import OfficialDocument, Rendered
from storage.documents.data import MinutesData


def _clock(value: str) -> str:
    """'2026-07-05T08:00' → '08 giờ 00 phút'."""
    if "T" not in value:
        return ""
    hours, minutes = value.split("T")[1][:5].split(":")
    return f"{hours} giờ {minutes} phút"


def render_minutes(data: MinutesData, target=None, margins=None, cancelled=None) -> Rendered | None:
    document = OfficialDocument(f"Biên bản {data.kind}", margins)
    head = data.letterhead
    document.start_document(new_page=False)
    document.letterhead(head.parent_body, head.issuer, head.number, head.place_name, head.on)
    document.heading("Biên bản", data.title)
    from printing.layout import date_words

    start = _clock(data.started_at)
    document.body(f"Hồi {start}, {date_words(head.on)}, tại {data.place or '……'}, {head.issuer} tổ chức "
                  f"{data.kind} kết quả thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc {data.period_label}.")
    document.section("I. THÀNH PHẦN")
    document.labelled("Chủ trì", data.chair)
    document.labelled("Thư ký", data.secretary)
    document.labelled("Có mặt", data.present)
    document.labelled("Vắng mặt", data.absent or "Không")
    document.section("II. NỘI DUNG")
    document.body(data.agenda)
    document.section("1. Kết quả thực hiện trong kỳ")
    document.table(["STT", "Nội dung", "Số liệu"],
                   [[str(i), label.strip(), value] for i, (label, value) in enumerate(data.figures, 1)],
                   [9, 68, 23], align={0: "cell_center", 2: "cell_right"})
    for number, (title, value) in enumerate((("Ưu điểm", data.strengths), ("Hạn chế", data.weaknesses),
                                             ("Kết quả phân loại", data.classification),
                                             ("Đề nghị khen thưởng", data.proposals),
                                             ("Nhiệm vụ kỳ tới", data.next_tasks)), 2):
        document.section(f"{number}. {title}")
        document.body(value or "Không có.")
    document.body(data.closing)
    document.signatures([("Thư ký", "(Ký, ghi rõ họ tên)", data.secretary),
                         ("Chủ trì", "(Ký, ghi rõ họ tên)", data.chair)])
    return document.render(target, cancelled)
