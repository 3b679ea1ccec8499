"""Issue 10: Cài đặt → Mẫu in previews the real PDF page (the first page of the document,
rendered by operations.documents.preview with the text as typed and drawn by PDFium in
the background); nothing is written, no number is taken, nothing is audited."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import Qt

from operations.base import VIEWER, Actor
from operations.documents import PREVIEWS, preview
from storage.db.connection import open_database
from storage.documents import wording
from storage.errors import ValidationError
from storage.records import pledges
from storage.records.reviews import reviews
from tests.conftest import ACTOR
from tests.test_printing_operations import fingerprint
from ui.context import AppContext


def image_hash(box) -> str:
    image = box.preview_image
    assert image is not None and not image.isNull()
    return hashlib.sha256(bytes(image.constBits())).hexdigest()


def words(box) -> str:
    return " ".join(box.preview_text.split())


def test_the_preview_is_the_real_pdf_with_the_unsaved_text_and_writes_nothing(db_path):
    before = fingerprint(db_path)
    db = open_database(db_path)
    viewer = Actor(ACTOR, VIEWER)  # a viewer may preview: nothing is written
    data = preview(db, viewer, "pledges", body="Tôi là {chu_ho}, hộ có {so_nhan_khau} nhân khẩu.").value
    assert data.startswith(b"%PDF")
    review = None
    with pytest.raises(ValidationError, match="Chưa có cuộc sơ kết, tổng kết nào để xem trước"):
        preview(db, viewer, "minutes")
    db.close()
    assert fingerprint(db_path) == before
    db = open_database(db_path)
    review = reviews.create(db, ACTOR, kind="sơ kết", period_start="2026-01-01", period_end="2026-06-30",
                            started_at="2026-07-05 08:00", ended_at="2026-07-05 11:00")
    db.close()
    before = fingerprint(db_path)
    db = open_database(db_path)
    for kind in ("minutes", "invitation"):
        assert preview(db, viewer, kind, texts={"minutes_closing": "Họp xong lúc {gio_ket_thuc}.",
                                                "invitation_closing": "Mời đến đúng giờ."}).value
    db.close()
    assert review is not None and fingerprint(db_path) == before  # no number taken, no audit entry


def test_the_page_changes_as_one_types_and_the_database_does_not(db_path, qtbot):
    from ui.pages.templates import TemplatesBox

    before = fingerprint(db_path)
    db = open_database(db_path)
    box = TemplatesBox(AppContext(db, db_path, ACTOR))  # a file: drawn on a worker thread
    qtbot.addWidget(box)
    assert box.preview_image is None  # nothing drawn while the page is not shown
    box.show()
    qtbot.waitUntil(lambda: box.preview_image is not None, timeout=10000)
    first = image_hash(box)
    assert "BẢN CAM KẾT" in words(box) and "Nguyễn Văn An" in words(box)
    assert box.timer.interval() == 400
    box.body.setPlainText("Tôi là {chu_ho}, ở {dia_chi}.\nTôi cam kết không tàng trữ pháo nổ.")
    assert box.timer.isActive() and image_hash(box) == first  # drawn after a pause, not at each key
    qtbot.waitUntil(lambda: "Tôi cam kết không tàng trữ pháo nổ." in words(box), timeout=10000)
    assert image_hash(box) != first
    assert "Tôi là Nguyễn Văn An, ở Số 12, thôn Đông." in words(box)
    box.close()
    assert pledges.default_text(db).body == pledges.DEFAULT_BODY  # typed, not saved
    db.close()
    assert fingerprint(db_path) == before


def test_the_other_documents_wording_is_edited_previewed_and_saved(db, qtbot):
    from ui.pages.templates import TemplatesBox

    reviews.create(db, ACTOR, kind="sơ kết", period_start="2026-01-01", period_end="2026-06-30",
                   started_at="2026-07-05 08:00", place="Hội trường UBND xã")
    box = TemplatesBox(AppContext(db, None, ACTOR))
    qtbot.addWidget(box)
    box.show()
    audit_before = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    box.wording_choice.setCurrentIndex(box.wording_choice.findData("invitation_closing"))
    assert box.preview_kind.currentData() == "invitation"
    assert box.wording_edit.toPlainText() == "Rất mong được đón tiếp."
    assert "{don_vi}" in box.wording_hint.text()
    box.wording_edit.setPlainText("Kính mời {nguoi_nhan} đến đúng giờ.")
    qtbot.waitUntil(lambda: "{nguoi_nhan}" in box.error.text(), timeout=3000)
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert "Giấy mời: câu kết có chỗ điền không hợp lệ: {nguoi_nhan}" in box.error.text()
    assert wording.texts(db)["invitation_closing"] == "Rất mong được đón tiếp."
    box.wording_edit.setPlainText("Kính mời đại biểu đến dự đúng giờ, {don_vi}.")
    qtbot.waitUntil(lambda: "Kính mời đại biểu đến dự đúng giờ, Công an xã Thanh Lâm." in words(box), timeout=3000)
    assert box.error.text() == ""
    assert db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_before
    assert db.conn.execute("SELECT count(*) FROM document_numbers").fetchone()[0] == 0
    box.save()
    assert wording.texts(db)["invitation_closing"] == "Kính mời đại biểu đến dự đúng giờ, {don_vi}."


def test_every_preview_kind_is_offered_and_every_wording_has_its_document():
    from storage.documents.gather import DOCUMENT_KINDS
    from ui.pages.templates import PREVIEW_KINDS

    assert list(PREVIEW_KINDS) == list(PREVIEWS)
    assert all(PREVIEW_KINDS[kind] == DOCUMENT_KINDS[kind] for kind in PREVIEWS if kind != "pledges")
    assert set(PREVIEWS) - {"pledges"} >= {item.document for item in wording.TEXTS.values()}
