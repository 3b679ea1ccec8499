"""Vietnamese for the interface. Every visible string goes through tr(); Qt ships no
Vietnamese translation of its own widgets, so the standard buttons and message boxes
get their texts here, in one place."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget

CONTEXT = "BinhYen"

STANDARD_BUTTONS = {
    QDialogButtonBox.StandardButton.Ok: "Đồng ý",
    QDialogButtonBox.StandardButton.Cancel: "Hủy",
    QDialogButtonBox.StandardButton.Yes: "Có",
    QDialogButtonBox.StandardButton.No: "Không",
    QDialogButtonBox.StandardButton.Close: "Đóng",
    QDialogButtonBox.StandardButton.Save: "Lưu",
    QDialogButtonBox.StandardButton.Open: "Mở",
    QDialogButtonBox.StandardButton.Discard: "Bỏ qua",
    QDialogButtonBox.StandardButton.Apply: "Áp dụng",
    QDialogButtonBox.StandardButton.Reset: "Đặt lại",
    QDialogButtonBox.StandardButton.Help: "Trợ giúp",
    QDialogButtonBox.StandardButton.Retry: "Thử lại",
    QDialogButtonBox.StandardButton.Abort: "Dừng",
    QDialogButtonBox.StandardButton.Ignore: "Bỏ qua",
}


def tr(text: str) -> str:
    """The interface text; Vietnamese is the source language, translators may add more."""
    return QCoreApplication.translate(CONTEXT, text)


def translate_buttons(box: QDialogButtonBox) -> QDialogButtonBox:
    for standard, text in STANDARD_BUTTONS.items():
        button = box.button(standard)
        if button is not None:
            button.setText(tr(text))
    return box


def button_box(buttons, parent: QWidget | None = None) -> QDialogButtonBox:
    return translate_buttons(QDialogButtonBox(buttons, parent))


def _message_box(parent, icon, title: str, text: str, buttons, default=None,
                 details: str | None = None) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    for standard in buttons:
        button = box.addButton(standard)
        button.setText(tr(STANDARD_BUTTONS.get(QDialogButtonBox.StandardButton(standard.value),
                                               button.text())))
    if default is not None:
        box.setDefaultButton(default)
    if details:
        box.setDetailedText(details)
        for button in box.buttons():
            if box.buttonRole(button) == QMessageBox.ButtonRole.ActionRole:
                button.setText(tr("Chi tiết…"))
    return box


def inform(parent, title: str, text: str) -> None:
    _message_box(parent, QMessageBox.Icon.Information, title, text,
                 [QMessageBox.StandardButton.Ok]).exec()


def warn(parent, title: str, text: str) -> None:
    _message_box(parent, QMessageBox.Icon.Warning, title, text, [QMessageBox.StandardButton.Ok]).exec()


def ask(parent, title: str, text: str) -> bool:
    """A yes/no question with 'Không' as the safe default."""
    box = _message_box(parent, QMessageBox.Icon.Question, title, text,
                       [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No],
                       QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def file_dialog(parent, title: str, *, save: bool = False, filters: str = "", directory: str = "",
                multiple: bool = False) -> list[str]:
    """A file dialog with Vietnamese labels: the system's own where it speaks the user's
    language (Windows, macOS), Qt's with our texts elsewhere."""
    import sys

    from PySide6.QtWidgets import QFileDialog

    dialog = QFileDialog(parent, title, directory, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    if save:
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles if multiple else QFileDialog.FileMode.ExistingFile)
    if sys.platform not in ("win32", "darwin"):
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        for label, text in ((QFileDialog.DialogLabel.LookIn, "Thư mục:"),
                            (QFileDialog.DialogLabel.FileName, "Tên tệp:"),
                            (QFileDialog.DialogLabel.FileType, "Loại tệp:"),
                            (QFileDialog.DialogLabel.Accept, "Lưu" if save else "Mở"),
                            (QFileDialog.DialogLabel.Reject, "Hủy")):
            dialog.setLabelText(label, tr(text))
    return dialog.selectedFiles() if dialog.exec() else []
