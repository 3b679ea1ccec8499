"""Quyết định thành lập (kiện toàn) tổ, công nhận tổ trưởng, tổ phó và thành viên: the
station drafts it for the Chủ tịch Ủy ban nhân dân of the commune, who numbers, dates and
signs it (Nghị định 30/2020, Phụ lục III: quyết định cá biệt)."""

from __future__ import annotations

from printing.layout import OfficialDocument, Rendered, capital
from storage.documents.data import ReintegrationDecisionData, TeamDecisionData

# Why the person is helped, as the decision says it: "người chấp hành xong án phạt tù".
GROUNDS = {"chấp hành xong án phạt tù": "chấp hành xong án phạt tù", "đặc xá": "được đặc xá",
           "giáo dục tại xã, phường": "chấp hành xong biện pháp giáo dục tại xã, phường",
           "cai nghiện ma túy": "chấp hành xong biện pháp cai nghiện ma túy", "khác": ""}


def _in_sentence(areas: str) -> str:
    """'Tổ dân phố Thanh Bình, Thôn Đông' as written inside a sentence: 'tổ dân phố Thanh
    Bình, thôn Đông' (the kind is a common noun; the name keeps its capitals)."""
    return ", ".join(part[:1].lower() + part[1:] for part in areas.split(", "))


def render_team_decision(data: TeamDecisionData, target=None, margins=None, cancelled=None) -> Rendered | None:
    team = data.team
    verb = "Kiện toàn" if data.reorganise else "Thành lập"
    document = OfficialDocument(f"Quyết định {verb.lower()} {team.name}", margins)
    document.start_document(new_page=False)
    document.letterhead("", data.committee, "……/QĐ-UBND", data.place_name, None)
    document.heading("Quyết định", f"Về việc {verb.lower()} {team.name}")
    document.story.append(document.paragraph(data.chair_title.upper(), "subtitle"))
    document.body(data.texts.get("team_decision_bases") or
                  f"Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n"
                  f"Căn cứ các quy định của pháp luật về "
                  f"{team.kind[:1].lower() + team.kind[1:]};\nTheo đề nghị của Trưởng {data.station}.")
    document.story.append(document.paragraph("QUYẾT ĐỊNH:", "subtitle"))
    where = f" tại {_in_sentence(team.areas)}" if team.areas else ""
    if where and _in_sentence(team.areas).casefold() in team.name.casefold():
        where = ""  # "Tổ bảo vệ ANTT tổ dân phố Gò Mít" already says where
    # no member on record (a team being re-formed): the names are written in by hand, not "gồm 0"
    count = f"{len(team.members)} thành viên" if team.members else "các thành viên"
    document.body(f"Điều 1. {verb} {team.name}{where}, gồm {count} có tên sau:")
    rows = [[str(i), m.name, m.birth, m.address, capital(m.role)] for i, m in enumerate(team.members, 1)]
    if not rows:
        rows = [["", "…………………", "", "", ""]]
    document.table(["STT", "Họ và tên", "Ngày sinh", "Nơi cư trú", "Chức danh trong tổ"], rows, [7, 28, 14, 33, 18],
                   align={0: "cell_center", 2: "cell_center"})
    document.body(f"Điều 2. {team.name} hoạt động theo quy định của pháp luật, dưới sự hướng dẫn của "
                  f"{data.station}.")
    document.body(f"Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Văn phòng Hội đồng nhân dân và {data.committee}, Trưởng "
                  f"{data.station} và các ông (bà) có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.")
    document.signatures([("Chủ tịch", "", "")], recipients=["Như Điều 3", "Lưu: VT"])
    return document.render(target, cancelled)


def render_reintegration_decision(data: ReintegrationDecisionData, target=None, margins=None,
                                  cancelled=None) -> Rendered | None:
    """Quyết định phân công giúp đỡ người tái hòa nhập cộng đồng: who is helped, on what
    ground, from when, and who helps (a line to fill when not recorded)."""
    document = OfficialDocument("Quyết định phân công giúp đỡ người tái hòa nhập cộng đồng", margins)
    document.start_document(new_page=False)
    document.letterhead("", data.committee, "……/QĐ-UBND", data.place_name, None)
    ground = GROUNDS.get(data.source, data.source)
    document.heading("Quyết định", "Về việc phân công giúp đỡ người " + (f"{ground} " if ground else "")
                     + "tái hòa nhập cộng đồng")
    document.story.append(document.paragraph(data.chair_title.upper(), "subtitle"))
    document.body(data.texts.get("reintegration_decision_bases") or
                  "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n"
                  "Căn cứ các quy định của pháp luật về tái hòa nhập "
                  f"cộng đồng;\nXét đề nghị của Trưởng {data.station}.")
    document.story.append(document.paragraph("QUYẾT ĐỊNH:", "subtitle"))
    helper = data.helper or "……………………………………………………"
    born = f", sinh {'ngày ' if '/' in data.birth else 'năm '}{data.birth}" if data.birth else ""
    where = f", nơi cư trú: {data.address}" if data.address else ""
    document.story.append(document.paragraph(
        f"Điều 1. Phân công {helper} giúp đỡ {data.title} {data.person}{born}{where}"
        + (f", là người {ground}" if ground else "")
        + f", tái hòa nhập cộng đồng kể từ ngày {data.started_on}.", "body_fill" if not data.helper else "body"))
    document.body(f"Điều 2. Người, tổ chức được phân công có trách nhiệm giúp đỡ theo quy định của pháp luật và "
                  f"định kỳ báo cáo kết quả với {data.station}.")
    document.body(f"Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Văn phòng Hội đồng nhân dân và {data.committee}, Trưởng "
                  f"{data.station}, người, tổ chức có tên tại Điều 1 và {data.title} {data.person} chịu trách nhiệm "
                  "thi hành Quyết định này./.")
    document.signatures([("Chủ tịch", "", "")], recipients=["Như Điều 3", "Lưu: VT"])
    return document.render(target, cancelled)
