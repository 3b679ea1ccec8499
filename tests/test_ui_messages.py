"""Message boxes speak Vietnamese; unexpected errors go to one dialog and a log file
without personal data."""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from storage.errors import ValidationError
from ui import errors
from ui.i18n import ask


def _answer_next_box(texts: list, click: str) -> None:
    def answer():
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        texts.extend(b.text() for b in box.buttons())
        next(b for b in box.buttons() if b.text() == click).click()
    QTimer.singleShot(50, answer)


def test_question_buttons_are_vietnamese_and_default_is_no(qtbot):
    texts = []
    _answer_next_box(texts, "Có")
    assert ask(None, "Xác nhận", "Dọn sạch thùng rác?") is True
    assert sorted(texts) == ["Có", "Không"]


def test_scrub_removes_personal_data():
    text = "ValueError: “Nguyễn Văn An” có CCCD 037180001234, điện thoại 0912345678"
    assert errors.scrub(text) == "ValueError: “…” có CCCD •••, điện thoại •••"


def test_unexpected_error_dialog_and_log(tmp_path, qtbot):
    path = errors.setup_logging(tmp_path / "logs")
    texts = []
    _answer_next_box(texts, "Đóng")
    try:
        raise RuntimeError("hỏng khi lưu Trần Thị Bích, CCCD 001190004321")
    except RuntimeError as error:
        errors.show_error(None, error)
    for handler in logging.getLogger("binhyen").handlers:
        handler.flush()
    logged = path.read_text(encoding="utf-8")
    assert "builtins.RuntimeError" in logged and "test_unexpected_error_dialog_and_log" in logged
    assert "001190004321" not in logged and "Bích" not in logged
    assert "Chép báo cáo" in texts and "Đóng" in texts


def test_expected_error_is_a_plain_warning(qtbot):
    texts = []
    _answer_next_box(texts, "Đồng ý")
    errors.show_error(None, ValidationError("Số CCCD phải có đúng 12 chữ số.", "cccd"))
    assert texts == ["Đồng ý"]
