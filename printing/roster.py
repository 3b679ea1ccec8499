"""Danh sách thành viên tổ: for one team, or every team of an area (one document each)."""

from __future__ import annotations

from printing.layout import OfficialDocument, Rendered, capital, signer_block
from storage.documents.data import RosterData


def render_roster(data: RosterData, target=None, margins=None, cancelled=None) -> Rendered | None:
    head = data.letterhead
    document = OfficialDocument("Danh sách thành viên tổ", margins)
    for index, team in enumerate(data.teams):
        document.start_document(new_page=index > 0)
        document.letterhead(head.parent_body, head.issuer, None, head.place_name, head.on)
        document.heading("Danh sách thành viên tổ", team.name)
        document.labelled("Loại tổ", team.kind)
        document.labelled("Địa bàn", team.areas or "—")
        document.labelled("Ngày ra mắt", team.launched_on or "—")
        if team.founding_decision:
            document.labelled("Quyết định thành lập", team.founding_decision)
        if team.ended_on:
            document.labelled("Kết thúc hoạt động", f"ngày {team.ended_on}")
        rows = [[str(i), m.name, m.birth, capital(m.gender), capital(m.role), m.address, m.phone, m.start_on]
                for i, m in enumerate(team.members, 1)]
        if not rows:
            rows = [["", "Tổ chưa có thành viên.", "", "", "", "", "", ""]]
        document.table(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Chức danh", "Địa chỉ", "Điện thoại",
                        "Ngày tham gia"], rows, [6, 24, 11, 7, 10, 19, 12, 11],  # a full name on one line
                       align={0: "cell_center", 3: "cell_center"})
        when = f" tại ngày kết thúc hoạt động {team.ended_on}" if team.ended_on else ""
        document.story.append(document.paragraph(f"Tổng số: {len(team.members)} thành viên{when}.", "body_left"))
        document.signatures([("Người lập danh sách", "(Ký, ghi rõ họ tên)", ""),
                             signer_block(head.signer, f"Trưởng {head.issuer}", head.chief_name)])
    return document.render(target, cancelled)
