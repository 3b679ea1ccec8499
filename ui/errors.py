"""Failures: expected ones (StorageError) as a plain Vietnamese message; unexpected ones
in one dialog with a report to copy, written to a log file without personal data."""

from __future__ import annotations

import logging
import re
import sys
import traceback
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from storage.errors import StorageError
from ui.i18n import tr, warn

log = logging.getLogger("binhyen")
_DIGITS = re.compile(r"\d{9,}")
_QUOTED = re.compile(r"“[^”]*”|'[^']*'|\"[^\"]*\"")


def scrub(text: str) -> str:
    """Remove what could be personal data: long digit runs (CCCD, phone) and quoted
    values (names, addresses)."""
    return _QUOTED.sub("“…”", _DIGITS.sub("•••", text))


def setup_logging(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "binhyen.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def report_for(error: BaseException) -> str:
    """Where it failed, not what it was working on: the exception's type and the stack,
    without its message (which may name a resident), scrubbed once more to be sure."""
    stack = "".join(traceback.format_tb(error.__traceback__)) if error.__traceback__ else ""
    return scrub(f"Traceback (most recent call last):\n{stack}{type(error).__module__}.{type(error).__qualname__}")


def show_error(parent, error: BaseException, details: str | None = None) -> None:
    """`details` (a formatted traceback from another thread) is not shown: it carries the
    message; the report is rebuilt from the error itself."""
    if isinstance(error, StorageError):
        warn(parent, tr("Không thực hiện được"), str(error))
        return
    report = report_for(error)
    log.error("Lỗi không mong đợi:\n%s", report)
    box = QMessageBox(QMessageBox.Icon.Critical, tr("Lỗi không mong đợi"),
                      tr("Bình Yên gặp một lỗi chưa lường trước. Dữ liệu đã lưu không bị ảnh hưởng; "
                         "thao tác vừa rồi chưa được ghi. Hãy chép báo cáo dưới đây gửi bộ phận kỹ thuật."),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setDetailedText(report)
    copy = box.addButton(tr("Chép báo cáo"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(tr("Đóng"), QMessageBox.ButtonRole.RejectRole)
    for button in box.buttons():
        if box.buttonRole(button) == QMessageBox.ButtonRole.ActionRole and button is not copy:
            button.setText(tr("Chi tiết…"))
    box.exec()
    if box.clickedButton() is copy:
        QApplication.clipboard().setText(report)


def show_failure(label, parent, error: BaseException, details: str = "") -> None:
    """A dialog's background work failed: an expected failure goes in the dialog's own
    message line (a ValueError carries a Vietnamese message too: margins outside the
    decree), an unexpected one to the error dialog."""
    if isinstance(error, (StorageError, ValueError)):
        label.setText(str(error))
    else:
        show_error(parent, error, details)


def install_excepthook() -> None:
    def hook(kind, error, tb):
        show_error(QApplication.activeWindow(), error.with_traceback(tb))

    sys.excepthook = hook
