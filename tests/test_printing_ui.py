"""Printing in the app, through the same operations as the command line: a print
cancelled from the progress dialog leaves the database byte-for-byte as it was and no
file; Cài đặt → Mẫu in sets who signs each document, and the PDF shows it."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt

from storage.db.connection import open_database
from storage.documents import gather as printouts
from storage.documents import wording
from storage.query.periods import parse_period
from storage.records.areas import areas
from storage.records.households import households
from storage.records.people import people
from tests.conftest import ACTOR
from tests.test_printing_operations import fingerprint, leftovers
from ui import print_dialog
from ui.context import AppContext


def test_cancelling_a_print_in_the_app_leaves_no_trace(db_path, qtbot, tmp_path, monkeypatch):
    db = open_database(db_path)
    area = areas.create(db, ACTOR, name="Đông", kind="Thôn")
    heads = people.create_many(db, ACTOR, [{"full_name": f"Phạm Văn Số{i:03d}", "area_id": area.id}
                                           for i in range(300)], audit_each=False)
    households.create_many(db, ACTOR, [{"head_id": h, "area_id": area.id} for h in heads], audit_each=False)
    db.close()
    before = fingerprint(db_path)
    db = open_database(db_path)
    monkeypatch.setattr(print_dialog, "open_file", lambda path: True)
    dialog = print_dialog.PrintDialog(AppContext(db, db_path, ACTOR), kind="pledges", area_id=area.id)
    qtbot.addWidget(dialog)
    out = tmp_path / "out"
    out.mkdir()
    dialog.path.setText(str(out / "cam-ket.pdf"))
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    dialog.task.cancel()  # the progress dialog's Hủy button
    qtbot.waitUntil(lambda: dialog.print_button.isEnabled(), timeout=30_000)
    assert dialog.error.text() == "Đã hủy; chưa ghi tệp nào."
    assert dialog.result_path is None
    db.close()
    assert fingerprint(db_path) == before
    assert leftovers(out) == []


def test_signers_set_in_settings_sign_the_report(db, qtbot):
    from ui.pages.templates import TemplatesBox

    box = TemplatesBox(AppContext(db, None, ACTOR))
    qtbot.addWidget(box)
    mode, name = box.signers["report"]
    assert [mode.itemText(i) for i in range(mode.count())] == ["Trưởng đơn vị ký", "Cấp phó ký thay (KT.)"]
    mode.setCurrentIndex(mode.findData("deputy"))
    name.insert("Lê Văn Phó")  # QTest types ASCII only; an input method inserts the text
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert box.error.text() == ""
    assert wording.signer_settings(db) == {"report": {"mode": "deputy", "name": "Lê Văn Phó"},
                                           "roster": {"mode": "head", "name": ""}}
    job = printouts.gather(db, ACTOR, "report", period=parse_period("2026"))
    from printing.render import render

    text = " ".join(PdfReader(io.BytesIO(render(job.data).data)).pages[-1].extract_text().split())
    assert "KT. TRƯỞNG CÔNG AN PHÓ TRƯỞNG CÔNG AN" in text and "Lê Văn Phó" in text
    again = TemplatesBox(AppContext(db, None, ACTOR))
    qtbot.addWidget(again)
    assert again.signers["report"][0].currentData() == "deputy"
    assert again.signers["report"][1].text() == "Lê Văn Phó"


def test_the_report_text_is_written_in_the_app_then_printed(db, qtbot, tmp_path, monkeypatch):
    from ui import report_text_dialog

    context = AppContext(db, None, ACTOR)
    dialog = print_dialog.PrintDialog(context, kind="report")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.period.setCurrentIndex(max(0, dialog.period.findData("2026")))
    assert dialog.rows["report_text"][1].isVisible() and not dialog.rows["area"][1].isVisible()
    seen = []

    def fake_exec(text_dialog):
        qtbot.addWidget(text_dialog)
        seen.append(text_dialog.editors["results"].toPlainText())
        text_dialog.editors["shortcomings"].setPlainText("Một số tổ chưa ghi nhật ký đầy đủ.")
        text_dialog.editors["proposals"].setPlainText("Đề nghị hỗ trợ kinh phí cho tổ tuần tra.")
        qtbot.mouseClick(text_dialog.save_button, Qt.MouseButton.LeftButton)
        return text_dialog.result()

    monkeypatch.setattr(report_text_dialog.ReportTextDialog, "exec", fake_exec)
    qtbot.mouseClick(dialog.report_text, Qt.MouseButton.LeftButton)
    assert seen and seen[0].startswith("Trong năm 2026, trên địa bàn có")
    assert wording.report_narrative(db, "2026") == {
        "results": seen[0], "shortcomings": "Một số tổ chưa ghi nhật ký đầy đủ.", "directions": "",
        "proposals": "Đề nghị hỗ trợ kinh phí cho tổ tuần tra."}
    from printing.render import render

    job = printouts.gather(db, ACTOR, "report", period=parse_period("2026"))
    pages = PdfReader(io.BytesIO(render(job.data).data)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert "1. Kết quả đạt được Trong năm 2026, trên địa bàn có" in text
    assert "2. Hạn chế và nguyên nhân Một số tổ chưa ghi nhật ký đầy đủ." in text
    assert "3. Phương hướng, nhiệm vụ kỳ tới ……" in text
    assert "4. Đề xuất, kiến nghị Đề nghị hỗ trợ kinh phí cho tổ tuần tra." in text
