"""Never overwrite silently: suggested file names carry the subject and the date and
are never taken; a typed name over an existing file is asked about first."""

from __future__ import annotations

from datetime import date

import pytest

from ui import files
from ui import print_dialog as print_module

TODAY = date.today().isoformat()


def test_names_carry_subject_and_date_and_are_never_taken(tmp_path):
    first = files.suggested(tmp_path, "ban-cam-ket", "Thôn Đông Hòa", day=date(2026, 7, 5))
    assert first == tmp_path / "ban-cam-ket-thon-dong-hoa-2026-07-05.pdf"
    first.write_bytes(b"%PDF-1.4 first")
    second = files.suggested(tmp_path, "ban-cam-ket", "Thôn Đông Hòa", day=date(2026, 7, 5))
    assert second == tmp_path / "ban-cam-ket-thon-dong-hoa-2026-07-05-2.pdf"
    assert files.slug("Vụ việc số 12/2026: tranh chấp đất") == "vu-viec-so-12-2026-tranh-chap-dat"


@pytest.fixture
def asked(monkeypatch):
    questions = []

    def answer(parent, title, text):
        questions.append((title, text))
        return False

    monkeypatch.setattr(files, "ask", answer)
    return questions


@pytest.fixture
def documents(tmp_path, monkeypatch):
    folder = tmp_path / "Bình Yên"
    folder.mkdir()
    monkeypatch.setattr(print_module, "documents_folder", lambda: folder)
    return folder


def test_pledges_for_two_areas_the_same_day_get_two_names(window, world, documents, qtbot):
    dialog = print_module.PrintDialog(window.context, window, kind="pledges", area_id=world["east"].id)
    qtbot.addWidget(dialog)
    east = dialog.path.text()
    assert east == str(documents / f"ban-cam-ket-thon-dong-{TODAY}.pdf")
    dialog.area.setCurrentIndex(dialog.area.findText("Thôn Đoài"))
    assert dialog.path.text() == str(documents / f"ban-cam-ket-thon-doai-{TODAY}.pdf")


def test_a_second_print_of_the_same_area_does_not_take_the_first_name(window, world, documents, qtbot):
    (documents / f"ban-cam-ket-thon-dong-{TODAY}.pdf").write_bytes(b"%PDF first")
    dialog = print_module.PrintDialog(window.context, window, kind="pledges", area_id=world["east"].id)
    qtbot.addWidget(dialog)
    assert dialog.path.text() == str(documents / f"ban-cam-ket-thon-dong-{TODAY}-2.pdf")


def test_a_name_typed_by_the_person_is_kept(window, world, documents, qtbot):
    dialog = print_module.PrintDialog(window.context, window, kind="pledges", area_id=world["east"].id)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(documents / "cua-toi.pdf"))
    dialog.area.setCurrentIndex(dialog.area.findText("Thôn Đoài"))
    assert dialog.path.text() == str(documents / "cua-toi.pdf")


def test_an_existing_file_is_not_replaced_without_asking(window, world, documents, qtbot, asked, db):
    existing = documents / "cam-ket.pdf"
    existing.write_bytes(b"%PDF the signed copy")
    dialog = print_module.PrintDialog(window.context, window, kind="pledges", area_id=world["east"].id)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(existing))
    before = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    dialog.start()
    assert asked == [("Tệp đã có", f"Tệp “cam-ket.pdf” đã có trong thư mục {documents}.\n"
                                   "Thay tệp đó bằng tệp mới?")]
    assert dialog.error.text() == "Chưa in: tệp đã có được giữ nguyên. Hãy đặt tên tệp khác."
    assert existing.read_bytes() == b"%PDF the signed copy" and dialog.task is None
    assert db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


def test_the_export_suggests_period_and_date_and_asks_before_replacing(window, documents, qtbot, asked,
                                                                       monkeypatch):
    from ui import export_dialog

    monkeypatch.setattr(export_dialog, "documents_folder", lambda: documents)
    dialog = export_dialog.ExportDialog(window.context, window)
    qtbot.addWidget(dialog)
    suggested = dialog.path.text()
    period = dialog.current_period()
    assert suggested == str(export_dialog.package_name(documents, period))
    assert files.slug(period.label) in suggested and suggested.count(str(period.start.year)) == 1
    (documents / "goi.byx").write_bytes(b"sent yesterday")
    dialog.path.setText(str(documents / "goi.byx"))
    dialog.start()
    assert [title for title, _text in asked] == ["Tệp đã có"]
    assert (documents / "goi.byx").read_bytes() == b"sent yesterday"
    assert dialog.export_button.isEnabled()
