"""The year's evaluation on paper (issue 13): the bảng chấm điểm of a subject, the tờ
trình đề nghị công nhận and phân loại, the danh sách xếp loại tổ and the bảng kê hỗ trợ
of the Tổ bảo vệ an ninh, trật tự. Each takes its dataclass and returns or writes a PDF."""

from __future__ import annotations

from printing.layout import OfficialDocument, Rendered, signer_block
from storage.documents.data import AllowanceSheetData, GradingListData, ProposalData, ScoreSheetData


def _start(title: str, head, margins, *, landscape: bool = False) -> OfficialDocument:
    document = OfficialDocument(title, margins, landscape_pages=landscape)
    document.start_document(new_page=False)
    document.letterhead(head.parent_body, head.issuer, head.number, head.place_name, head.on)
    return document


def _chief(head) -> tuple[str, str, str]:
    return signer_block(head.signer, f"Trưởng {head.issuer}", head.chief_name)


def render_score_sheet(data: ScoreSheetData, target=None, margins=None, cancelled=None) -> Rendered | None:
    head = data.letterhead
    document = _start("Bảng chấm điểm phân loại phong trào", head, margins)
    document.heading("Bảng chấm điểm", f"Phân loại phong trào toàn dân bảo vệ an ninh Tổ quốc năm {data.year}")
    document.labelled("Đối tượng", data.subject)
    document.labelled("Loại đối tượng", data.kind_label)
    rows = [[str(i), item.text, item.maximum, item.points] for i, item in enumerate(data.items, 1)]
    rows.append(["", "Tổng cộng", "100", data.total])
    document.table(["STT", "Nội dung chấm điểm", "Điểm tối đa", "Điểm chấm"], rows, [8, 62, 15, 15],
                   align={0: "cell_center", 2: "cell_right", 3: "cell_right"})
    document.labelled("Đề nghị xếp loại", data.proposed_class or "chưa đủ điểm để xếp loại")
    if data.source:
        document.story.append(document.paragraph(data.source, "small"))
    document.signatures([("Người chấm điểm", "(Ký, ghi rõ họ tên)", ""), _chief(head)])
    return document.render(target, cancelled)


def render_proposal(data: ProposalData, target=None, margins=None, cancelled=None) -> Rendered | None:
    head = data.letterhead
    document = _start("Tờ trình đề nghị công nhận và phân loại", head, margins, landscape=False)
    document.heading("Tờ trình", f"Đề nghị công nhận đạt tiêu chuẩn “An toàn về an ninh, trật tự” và phân loại "
                                 f"phong trào toàn dân bảo vệ an ninh Tổ quốc năm {data.year}")
    document.story.append(document.paragraph(f"Kính gửi: {data.addressee}", "subtitle"))  # centred, no "."
    document.body(f"Căn cứ Thông tư số 124/2021/TT-BCA của Bộ trưởng Bộ Công an (sửa đổi, bổ sung bởi Thông tư "
                  f"số 48/2025/TT-BCA) và Quyết định số 510/QĐ-BCA-V05; trên cơ sở kết quả bình xét, "
                  f"{head.issuer} với vai trò thường trực Ban Chỉ đạo đề nghị như sau:")
    for sentence in data.summary:
        document.body(sentence)
    rows = [[str(i), r.subject, r.kind_label, r.registered, r.criteria, r.result, r.score, r.proposed_class]
            for i, r in enumerate(data.rows, 1)]
    document.table(["STT", "Đối tượng", "Loại", "Đăng ký", "Tiêu chí đạt", "Kết quả", "Điểm", "Đề nghị xếp loại"],
                   rows, [6, 26, 17, 8, 9, 13, 8, 13],  # "Khu dân cư", "Doanh nghiệp" on one line
                   align={0: "cell_center", 3: "cell_center", 4: "cell_center", 6: "cell_right"})
    document.body(f"Kính đề nghị {data.addressee} xem xét, quyết định công nhận các đối tượng đạt tiêu chuẩn "
                  "“An toàn về an ninh, trật tự” và phân loại phong trào như trên.")
    document.signatures([_chief(head)], recipients=data.recipients)
    return document.render(target, cancelled)


def render_grading_list(data: GradingListData, target=None, margins=None, cancelled=None) -> Rendered | None:
    head = data.letterhead
    document = _start("Danh sách xếp loại tổ", head, margins)
    document.heading("Danh sách xếp loại", f"Các tổ tham gia bảo vệ an ninh, trật tự ở cơ sở năm {data.year} "
                                           f"(kỳ {data.window})")
    rows = [[str(i), r.name, r.kind, r.level] for i, r in enumerate(data.rows, 1)]
    if not rows:
        rows = [["", "Chưa có tổ nào trong kỳ.", "", ""]]
    document.table(["STT", "Tên tổ", "Loại tổ", "Mức xếp loại"], rows, [8, 36, 26, 30], align={0: "cell_center"})
    document.body("Tổng hợp: " + "; ".join(f"{label}: {count} tổ" for label, count in data.counts) + ".")
    document.signatures([("Người lập danh sách", "(Ký, ghi rõ họ tên)", ""), _chief(head)])
    return document.render(target, cancelled)


def render_allowance_sheet(data: AllowanceSheetData, target=None, margins=None, cancelled=None) -> Rendered | None:
    head = data.letterhead
    document = _start("Bảng kê hỗ trợ Tổ bảo vệ an ninh, trật tự", head, margins)
    document.heading("Bảng kê", f"Chi hỗ trợ hằng tháng cho thành viên Tổ bảo vệ an ninh, trật tự "
                                f"{data.month_label}")
    basis = data.source.strip().rstrip(".;")
    if basis:  # the province's resolution the rates come from, as the station wrote it
        basis = basis[len("căn cứ"):].strip(" :") if basis.lower().startswith("căn cứ") else basis
        document.body(f"Căn cứ {basis}.")
    rows = [[str(i), r.name, r.team, r.role, r.amount, ""] for i, r in enumerate(data.rows, 1)]
    rows.append(["", "Tổng cộng", "", "", data.total, ""])
    document.table(["STT", "Họ và tên", "Tổ", "Chức danh", "Mức hỗ trợ (đồng)", "Ký nhận"], rows,
                   [7, 22, 25, 16, 16, 14], align={0: "cell_center", 4: "cell_right"})
    if data.total_words:
        document.body(f"Tổng số tiền (viết bằng chữ): {data.total_words}.")
    # the signatures follow the table's last rows and the total in words directly
    document.signatures([("Người lập bảng", "(Ký, ghi rõ họ tên)", ""), _chief(head)])
    return document.render(target, cancelled)
