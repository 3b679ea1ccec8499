"""Biên bản tiếp nhận vũ khí, vật liệu nổ, công cụ hỗ trợ giao nộp, and the sổ tiếp
nhận tin báo, tố giác (landscape; the informant only on the station's own copy)."""

from __future__ import annotations

from printing.layout import OfficialDocument, Rendered, date_words, signer_block
from storage.documents.data import SurrenderData, TipBookData

LINE = "……………………………………………"


def render_surrender(data: SurrenderData, target=None, margins=None, cancelled=None) -> Rendered | None:
    """What was handed in, by whom, to whom: the two sides sign; what was not recorded
    is left as a line to fill in."""
    head = data.letterhead
    document = OfficialDocument("Biên bản tiếp nhận vũ khí, vật liệu nổ, công cụ hỗ trợ", margins)
    document.start_document(new_page=False)
    document.letterhead(head.parent_body, head.issuer, head.number, head.place_name, head.on)
    document.heading("Biên bản", "Tiếp nhận vũ khí, vật liệu nổ, công cụ hỗ trợ, pháo do người dân giao nộp")
    document.body(data.texts.get("surrender_opening") or
                  f"Hồi …… giờ …… phút, {date_words(data.received_on)}, tại trụ sở {head.issuer}, chúng tôi gồm:")
    document.section("1. Bên giao")
    document.labelled("Ông (bà)", data.from_whom or LINE)
    document.labelled("Nơi cư trú", data.address or LINE)
    document.labelled("Số CCCD", LINE)
    document.section("2. Bên nhận")
    document.labelled(f"Đại diện {head.issuer}", "ông (bà) " + LINE[:12])
    document.labelled("Chức vụ", LINE)
    document.body("Tiến hành lập biên bản giao, nhận vũ khí, vật liệu nổ, công cụ hỗ trợ như sau:")
    rows = [[str(i), kind, quantity, unit, description] for i, (kind, quantity, unit, description)
            in enumerate(data.items, 1)]
    document.table(["STT", "Tên, chủng loại", "Số lượng", "Đơn vị tính", "Tình trạng, đặc điểm"], rows,
                   [7, 33, 13, 14, 33], align={0: "cell_center", 2: "cell_right", 3: "cell_center"})
    if data.notes:
        document.labelled("Ghi chú", data.notes)
    document.body(data.texts.get("surrender_closing") or
                  "Biên bản lập xong hồi …… giờ …… phút cùng ngày, đã đọc lại cho những người có tên trên cùng "
                  "nghe, công nhận đúng và ký tên. Biên bản được lập thành 02 bản, bên giao giữ 01 bản, "
                  f"{head.issuer} giữ 01 bản.")
    document.signatures([("Bên giao", "(Ký, ghi rõ họ tên)", data.from_whom),
                         ("Bên nhận", "(Ký, ghi rõ họ tên)", "")])
    return document.render(target, cancelled)


def render_tip_book(data: TipBookData, target=None, margins=None, cancelled=None) -> Rendered | None:
    head = data.letterhead
    document = OfficialDocument("Sổ tiếp nhận tin báo, tố giác", margins, landscape_pages=True)
    document.start_document(new_page=False)
    document.letterhead(head.parent_body, head.issuer, None, head.place_name, head.on)
    copy = "Bản lưu tại đơn vị" if data.station_copy else "Bản không ghi người cung cấp tin"
    document.heading("Sổ tiếp nhận tin báo, tố giác", f"{data.period_label[:1].upper()}{data.period_label[1:]} "
                                                       f"— {copy}")
    informant = "Người cung cấp tin (họ tên, liên lạc)" if data.station_copy else "Người cung cấp tin"
    rows = [[str(r.number), r.received_on, r.channel,
             r.informant if data.station_copy else "Giữ bí mật", r.content, r.area, r.outcome,
             "x" if r.valuable else ""] for r in data.rows]
    if not rows:
        rows = [["", "", "", "", "Không có tin báo, tố giác nào trong kỳ.", "", "", ""]]
    document.table(["STT", "Ngày tiếp nhận", "Hình thức", informant, "Nội dung tin báo, tố giác", "Địa bàn",
                    "Kết quả xử lý", "Có giá trị"], rows, [5, 10, 10, 15, 26, 11, 15, 8],
                   align={0: "cell_center", 1: "cell_center", 7: "cell_center"})
    document.story.append(document.paragraph(
        f"Tổng số: {len(data.rows)} tin báo, tố giác; có giá trị: {sum(r.valuable for r in data.rows)}.",
        "body_left"))
    document.signatures([("Người lập sổ", "(Ký, ghi rõ họ tên)", ""),
                         signer_block(head.signer, f"Trưởng {head.issuer}", head.chief_name)])
    return document.render(target, cancelled)
