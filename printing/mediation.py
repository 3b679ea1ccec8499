"""Biên bản hòa giải (thành / không thành) and the logbook "Sổ theo dõi hoạt động hòa
giải ở cơ sở" (landscape; part I: ten columns; part II: the leader's summary)."""

from __future__ import annotations

from printing.layout import OfficialDocument, Rendered, date_words
from storage.documents.data import LogbookData, MediationMinutesData


def _person(p: dict) -> str:
    return ", ".join(filter(None, [p["name"], f"{p['age']} tuổi" if p.get("age") else "",
                                   f"địa chỉ: {p['address']}" if p.get("address") else ""]))


def _dmy(value: str | None) -> str:
    return f"{value[8:10]}/{value[5:7]}/{value[:4]}" if value and len(value) >= 10 else "……/……/………"


def _in_words(day: str) -> str:
    """'01/01/2026' as the logbook's cover writes it, 'ngày 01 tháng 01 năm 2026'; empty
    (a book not yet closed): dotted, to fill in by hand."""
    parts = day.split("/") if day else []
    if len(parts) != 3:
        return "ngày …… tháng …… năm ……"
    return f"ngày {parts[0]} tháng {parts[1]} năm {parts[2]}"


def render_mediation_minutes(data: MediationMinutesData, target=None, margins=None, cancelled=None) -> Rendered | None:
    """Biên bản hòa giải thành / không thành with what Luật Hòa giải ở cơ sở 2013, Điều 24
    asks: căn cứ, the parties, the main content, the course of the mediation (from its
    sessions), what was agreed and how (method and deadline), and the signatures or
    fingerprints of the parties and the mediators; the Tổ hòa giải heads it. What was
    not entered is left as dotted lines to fill in, never invented."""
    settled = data.result == "thành"
    document = OfficialDocument("Biên bản hòa giải", margins)
    document.start_document(new_page=False)
    document.letterhead("", data.team_name, None, data.letterhead.place_name, data.held_on)
    # "Vụ việc: khác" says nothing: the subtitle names a category only when it has one.
    named = data.category and data.category.casefold() != "khác"
    document.heading("Biên bản hòa giải " + ("thành" if settled else "không thành"),
                     f"Vụ việc: {data.category[:1].lower() + data.category[1:]}" if named else None)
    document.body(f"Hôm nay, {date_words(data.held_on)}, tại {data.place or '……………………………'}, "
                  f"{data.team_name} tiến hành hòa giải vụ việc theo Luật Hòa giải ở cơ sở năm 2013.")
    document.section("1. Căn cứ tiến hành hòa giải")
    received = data.received_on.strftime("%d/%m/%Y") if data.received_on else "……/……/………"
    document.body(f"Tổ hòa giải tiếp nhận vụ việc ngày {received}, theo (yêu cầu của một bên hoặc các bên; "
                  "phân công của tổ trưởng tổ hòa giải; đề nghị của cơ quan, tổ chức, cá nhân):")
    document.blank_lines(2)
    document.section("2. Các bên và người tham gia hòa giải")
    for title, people in (("Các bên", data.parties), ("Người có quyền lợi, nghĩa vụ liên quan", data.related),
                          ("Hòa giải viên", data.mediators), ("Người được mời tham gia hòa giải", data.invited)):
        if people:
            document.story.append(document.paragraph(f"{title}:", "body_left"))
            for person in people:
                document.body(f"- {_person(person)}.")
    document.section("3. Nội dung chủ yếu của vụ việc")
    document.body(data.content)
    document.section("4. Diễn biến của quá trình hòa giải")
    if data.sessions:
        for session in data.sessions:
            where = f" tại {session['place']}" if session.get("place") else ""
            notes = session.get("notes") or "……………………………………………………"
            document.story.append(document.paragraph(f"- Ngày {_dmy(session.get('held_on'))}{where}: {notes}",
                                                     "body_fill"))  # indented as the lists above it
    else:
        document.blank_lines(3)
    if settled:
        document.section("5. Thỏa thuận đạt được và giải pháp thực hiện")
        if data.agreement:
            document.body(data.agreement)
        else:
            document.blank_lines(3)
        document.section("6. Phương thức, thời hạn thực hiện thỏa thuận")
        if data.follow_up:
            document.body(data.follow_up)
        else:
            document.blank_lines(2)
        document.body("Các bên có trách nhiệm thực hiện đúng thỏa thuận đã đạt được.")
    else:
        document.section("5. Ý kiến, yêu cầu của mỗi bên")
        if data.agreement:
            document.body(data.agreement)
        else:
            document.blank_lines(3)
        document.body("Các bên không thỏa thuận được. Tổ hòa giải hướng dẫn các bên đề nghị cơ quan, tổ chức "
                      "có thẩm quyền giải quyết theo quy định của pháp luật.")
    document.body("Biên bản được lập thành các bản có giá trị như nhau, mỗi bên giữ một bản, Tổ hòa giải "
                  "lưu một bản.")
    blocks = [(f"Bên {i}", "(Ký hoặc điểm chỉ)", p["name"]) for i, p in enumerate(data.parties, 1)]
    blocks += [("Hòa giải viên", "(Ký, ghi rõ họ tên)", p["name"]) for p in data.mediators]
    for start in range(0, len(blocks), 3):
        document.signatures(blocks[start:start + 3])
    return document.render(target, cancelled)


def render_logbook(data: LogbookData, target=None, margins=None, cancelled=None) -> Rendered | None:
    document = OfficialDocument("Sổ theo dõi hoạt động hòa giải ở cơ sở", margins, landscape_pages=True)
    document.start_document(new_page=False)
    document.national_heading()
    document.space(20)
    document.heading("Sổ theo dõi hoạt động hòa giải ở cơ sở", f"Kỳ: {data.period_label}")
    document.space(10)
    # Districts were abolished on 1 July 2025: the cover names the province and the commune only.
    for label, value in (("Tỉnh, thành phố", data.province), ("Xã, phường, đặc khu", data.commune), ("Thôn, tổ dân phố", data.area or "—"),
                         ("Tổ hòa giải", data.team_name), ("Quyển số", "01")):
        document.labelled(label, value)
    # The Ministry of Justice's cover: "Mở ngày … tháng … năm …", "Khóa ngày …" (dotted
    # until the book is closed: a closing date is never printed ahead of time).
    for label, value in (("Mở", data.opened_on), ("Khóa", data.closed_on)):
        document.story.append(document.paragraph(f"<b>{label}</b> {_in_words(value)}", "body_left", markup=True))
    document.page_break()
    # Headings word for word as the Ministry of Justice's template (Bộ Tư pháp, 2014).
    document.section("PHẦN I. GHI CHÉP CỦA HÒA GIẢI VIÊN")
    rows = [[str(r.number), r.received_on, r.mediators, r.parties, r.content, r.agreement,
             "x" if r.settled else "", "x" if r.not_settled else "", "", r.notes] for r in data.rows]
    if not rows:
        rows = [["", "", "", "Không có vụ việc nào trong kỳ.", "", "", "", "", "", ""]]
    document.table(["STT", "Ngày, tháng, năm nhận vụ, việc hòa giải",
                    "Họ và tên hòa giải viên, người được mời tham gia hòa giải (nếu có)",
                    "Họ tên, tuổi, địa chỉ các bên, người có quyền, nghĩa vụ liên quan đến vụ, việc hòa giải (nếu có)",
                    "Nội dung chủ yếu của vụ, việc",
                    "Thỏa thuận của các bên (hoặc yêu cầu của mỗi bên) sau khi hòa giải", "Hòa giải thành",
                    "Hòa giải không thành", "Chữ ký (hòa giải viên; người chứng kiến vụ, việc hòa giải; người được "
                    "mời tham gia hòa giải (nếu có))", "Ghi chú"], rows, [4, 9, 12, 18, 15, 14, 6, 7, 9, 6],
                   numbered_header=True, compact=True, groups=[(6, 7, "Kết quả hòa giải")],
                   align={0: "cell_center", 6: "cell_center", 7: "cell_center"})
    document.page_break()
    document.section("PHẦN II. THEO DÕI, TỔNG HỢP CỦA TỔ TRƯỞNG TỔ HÒA GIẢI")
    summary = [[str(r.number), r.mediator, str(r.cases), str(r.settled), str(r.not_settled), r.notes]
               for r in data.summary] or [["", "Không có hòa giải viên nào tham gia vụ việc trong kỳ.", "",
                                           "", "", ""]]
    document.table(["STT", "Hòa giải viên tiến hành hòa giải", "Số vụ, việc tham gia hòa giải", "Hòa giải thành",
                    "Hòa giải không thành", "Ghi chú"], summary, [6, 34, 15, 15, 15, 15], compact=True,
                   groups=[(3, 4, "Kết quả hòa giải")],
                   align={0: "cell_center", 2: "cell_right", 3: "cell_right", 4: "cell_right"})
    if data.by_category:
        document.section("Vụ, việc hòa giải chia theo phạm vi hòa giải")
        document.table(["STT", "Lĩnh vực", "Số vụ việc", "Hòa giải thành", "Hòa giải không thành", "Đang hòa giải"],
                       [[str(i), name, *(str(n) for n in counts)]
                        for i, (name, *counts) in enumerate(data.by_category, 1)],
                       [6, 34, 15, 15, 15, 15], compact=True,
                       align={0: "cell_center", 2: "cell_right", 3: "cell_right", 4: "cell_right", 5: "cell_right"})
    total = len(data.rows)
    settled = sum(r.settled for r in data.rows)
    document.body(f"Tổng số vụ việc: {total}; hòa giải thành: {settled}; không thành: "
                  f"{sum(r.not_settled for r in data.rows)}; đang hòa giải: "
                  f"{total - settled - sum(r.not_settled for r in data.rows)}.")
    document.signatures([("", "", ""), ("Tổ trưởng tổ hòa giải", "(Ký, ghi rõ họ tên)", "")])
    return document.render(target, cancelled)
