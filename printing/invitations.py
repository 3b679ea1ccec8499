"""Giấy mời dự sơ kết, tổng kết (Nghị định 30/2020, Phụ lục III: giấy mời) and the
biên bản lễ ký cam kết of one area: both written from records already kept."""

from __future__ import annotations

from printing.layout import OfficialDocument, Rendered, date_words, signer_block
from storage.documents.data import CeremonyData, InvitationData

LINE = "……………………………………………………………"


def render_invitation(data: InvitationData, target=None, margins=None, cancelled=None) -> Rendered | None:
    head = data.letterhead
    document = OfficialDocument("Giấy mời", margins)
    document.start_document(new_page=False)
    document.letterhead(head.parent_body, head.issuer, head.number, head.place_name, head.on)
    document.heading("Giấy mời", data.subject)
    opening = data.texts.get("invitation_opening") or f"{head.issuer} trân trọng kính mời:"
    document.story.append(document.paragraph(f"{opening} {LINE}", "body_fill"))
    # What to attend is the subject under GIẤY MỜI already ("Dự hội nghị …"): not said twice.
    document.labelled("Thời gian", data.starts)
    document.labelled("Địa điểm", data.place or LINE)
    document.labelled("Nội dung", data.content)
    document.body(data.texts.get("invitation_closing") or "Rất mong được đón tiếp.")
    document.signatures([signer_block(head.signer, f"Trưởng {head.issuer}", head.chief_name)],
                        recipients=data.recipients)
    return document.render(target, cancelled)


def render_ceremony(data: CeremonyData, target=None, margins=None, cancelled=None) -> Rendered | None:
    head = data.letterhead
    document = OfficialDocument("Biên bản lễ ký cam kết", margins)
    document.start_document(new_page=False)
    document.letterhead(head.parent_body, head.issuer, head.number, head.place_name, head.on)
    document.heading("Biên bản", f"Lễ ký cam kết thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc "
                                 f"tại {data.area_name}")
    document.body(data.texts.get("ceremony_opening") or
                  f"Hồi …… giờ …… phút, {date_words(data.held_on)}, tại {data.place}, {head.issuer} phối hợp "
                  f"với {data.area_name} tổ chức lễ ký cam kết thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc.")
    document.section("1. Thành phần")
    document.labelled(f"Đại diện {head.issuer}", LINE)
    document.labelled(f"Đại diện {data.area_name}", LINE)
    document.labelled("Các hộ gia đình tham dự", LINE)
    document.section("2. Kết quả")
    # Printed pledges are not signed ones: before the signatures are marked, the count
    # is left to be written in at the ceremony, never taken from what was printed.
    if data.signed:
        share = f" (đạt {data.signed * 100 / data.households:.1f}%)".replace(".", ",") if data.households else ""
        signed = f"{data.signed} hộ{share}"
    else:
        signed = "…… hộ (đạt ……%)"
    document.body(f"Tổng số hộ gia đình của {data.area_name}: {data.households} hộ; số hộ ký bản cam kết: "
                  f"{signed}. Danh sách hộ ký kèm theo biên bản này.")
    document.section("3. Ý kiến tại buổi lễ")
    document.blank_lines(3)
    document.body(data.texts.get("ceremony_closing") or
                  "Buổi lễ kết thúc hồi …… giờ …… phút cùng ngày. Biên bản đã được đọc lại cho những người tham "
                  "dự cùng nghe và nhất trí thông qua.")
    document.signatures([(f"Đại diện {data.area_name}", f"({data.confirmer_title}: ký, ghi rõ họ tên)", ""),
                         (f"Đại diện {head.issuer}", "(Ký, ghi rõ họ tên)", "")])
    return document.render(target, cancelled)
