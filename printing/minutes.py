"""Biên bản sơ kết / tổng kết / họp, with the period's figures filled in as a table."""

from __future__ import annotations

from printing.layout import OfficialDocument, Rendered, date_words
from storage.documents.data import MinutesData


def _clock(value: str) -> str:
    """'2026-07-05T08:00' → '08 giờ 00 phút'."""
    if "T" not in value:
        return ""
    hours, minutes = value.split("T")[1][:5].split(":")
    return f"{hours} giờ {minutes} phút"


def person_line(name: str, position: str) -> str:
    """'Ông/Bà Đỗ Văn Chính — chức vụ: Trưởng Công an xã Thanh Lâm'; what is missing is
    a dotted line to fill in by hand."""
    if not name and not position:
        return "Ông/Bà …………………………… — chức vụ: ……………………………"
    return f"Ông/Bà {name or '……………………………'} — chức vụ: {position or '……………………………'}"


def render_minutes(data: MinutesData, target=None, margins=None, cancelled=None) -> Rendered | None:
    """The biên bản of Nghị định 30/2020 (Phụ lục I): time started, place, who took part,
    chủ trì and thư ký, the content as it went (the programme, the period's figures,
    strengths and weaknesses, classification, commendations, next tasks), the discussion
    and the chair's conclusion, the closing sentence with the time it ended, both
    signatures and Nơi nhận. What was not entered is left as dotted lines to fill in."""
    document = OfficialDocument(f"Biên bản {data.kind}", margins)
    head = data.letterhead
    document.start_document(new_page=False)
    document.letterhead(head.parent_body, head.issuer, head.number, head.place_name, head.on)
    document.heading("Biên bản", data.title)
    start = _clock(data.started_at) or "…… giờ …… phút"
    document.labelled("Thời gian bắt đầu", f"{start}, {date_words(head.on)}.")
    document.labelled("Địa điểm", data.place or "……………………………………")
    document.labelled("Chủ trì", person_line(data.chair, data.chair_position))
    document.labelled("Thư ký", person_line(data.secretary, data.secretary_position))
    document.labelled("Thành phần tham dự", data.present or "……………………………………")
    document.labelled("Vắng mặt", data.absent or "……………………………………")
    document.section("NỘI DUNG")
    document.body(f"{head.issuer} tổ chức {data.kind} kết quả thực hiện phong trào toàn dân bảo vệ an ninh "
                  f"Tổ quốc {data.period_label}.")
    document.section("1. Chương trình")
    if data.agenda:
        document.body(data.agenda)
    else:
        document.blank_lines(2)
    document.section("2. Kết quả thực hiện trong kỳ")
    document.table(["STT", "Nội dung", "Số liệu"],
                   [[str(i), label.strip(), value] for i, (label, value) in enumerate(data.figures, 1)],
                   [9, 68, 23], align={0: "cell_center", 2: "cell_right"})
    for number, (title, value) in enumerate((("Ưu điểm", data.strengths), ("Hạn chế", data.weaknesses),
                                             ("Kết quả phân loại", data.classification),
                                             ("Đề nghị khen thưởng", data.proposals),
                                             ("Nhiệm vụ kỳ tới", data.next_tasks)), 3):
        document.section(f"{number}. {title}")
        if value:
            document.body(value)
        else:
            document.blank_lines(2)
    document.section("Ý kiến thảo luận")
    document.blank_lines(4)
    document.section("Kết luận của người chủ trì")
    document.blank_lines(4)
    document.body(data.closing)
    document.signatures([("Thư ký", data.secretary_position, data.secretary),
                         ("Chủ trì", data.chair_position, data.chair)],
                        recipients=data.recipients)
    return document.render(target, cancelled)
