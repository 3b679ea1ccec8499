"""Tờ trình đề nghị khen thưởng (the station to the commune committee's chair) and the
quyết định khen thưởng the chair signs (a giấy khen), from a commendation record."""

from __future__ import annotations

from printing.layout import OfficialDocument, Rendered, signer_block
from storage.documents.data import CommendationData


def _named(kind: str, target: str) -> str:
    """'tổ' and 'Tổ hòa giải thôn Đông' say 'Tổ hòa giải thôn Đông', not 'tổ Tổ hòa giải'."""
    return target if target.casefold().startswith(kind.casefold() + " ") else f"{kind} {target}"


def _merit(reason: str) -> str:
    """The merit as the decision says it: 'đã có thành tích xuất sắc trong …', 'đã có
    thành tích tích cực tham gia tuần tra' (never 'thành tích: Có thành tích …')."""
    merit = reason.strip().rstrip(".")
    merit = merit[:1].lower() + merit[1:]
    if merit.startswith("đã "):
        return merit
    return ("đã " if merit.startswith("có thành tích") else "đã có thành tích ") + merit


def render_commendation(data: CommendationData, target=None, margins=None, cancelled=None) -> Rendered | None:
    head = data.letterhead
    if data.decision:
        document = OfficialDocument("Quyết định khen thưởng", margins)
        document.start_document(new_page=False)
        document.letterhead("", data.committee, "……/QĐ-UBND", head.place_name, None)
        document.heading("Quyết định", f"Về việc tặng {data.form} cho {data.target}")
        document.story.append(document.paragraph(data.chair_title.upper(), "subtitle"))
        document.body(data.texts.get("commendation_decision_bases") or
                      "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\nCăn cứ Luật Thi đua, "
                      f"khen thưởng ngày 15 tháng 6 năm 2022;\nXét đề nghị của Trưởng {head.issuer}.")
        document.story.append(document.paragraph("QUYẾT ĐỊNH:", "subtitle"))
        reason = _merit(data.reason) if data.reason else "đã có thành tích ……………………………"
        document.body(f"Điều 1. Tặng {data.form} của {data.chair_title} cho {_named(data.target_kind, data.target)} "
                      f"{reason}.")
        document.body("Điều 2. Kinh phí khen thưởng thực hiện theo quy định hiện hành.")
        document.body(f"Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Văn phòng Hội đồng nhân dân và {data.committee}, Trưởng "
                      f"{head.issuer} và {data.target_kind} có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định "
                      "này./.")
        document.signatures([("Chủ tịch", "", "")], recipients=["Như Điều 3", "Lưu: VT"])
        return document.render(target, cancelled)
    document = OfficialDocument("Tờ trình đề nghị khen thưởng", margins)
    document.start_document(new_page=False)
    document.letterhead(head.parent_body, head.issuer, head.number, head.place_name, head.on)
    document.heading("Tờ trình", f"Về việc đề nghị tặng {data.form} cho {data.target}")
    document.story.append(document.paragraph(f"Kính gửi: {data.chair_title}", "subtitle"))
    document.body(data.texts.get("proposal_opening") or
                  f"{head.issuer} đề nghị {data.chair_title} xem xét, tặng {data.form} cho {data.target_kind} "
                  f"{data.target}.")
    reason = data.reason.strip() if data.reason else ""
    document.labelled("Thành tích", (reason if reason.endswith((".", "!", "?", "…")) else f"{reason}.")
                      if reason else "……………………………………………………………")
    document.body(data.texts.get("proposal_closing") or f"{head.issuer} kính trình {data.chair_title} xem xét, "
                  "quyết định./.")
    document.signatures([signer_block(head.signer, f"Trưởng {head.issuer}", head.chief_name)],
                        recipients=["Như trên", "Lưu: VT"])
    return document.render(target, cancelled)
