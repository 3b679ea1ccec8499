"""Vietnamese for the interface. Every visible string goes through tr(); Qt ships no
Vietnamese translation of its own widgets (there is no qtbase_vi.qm), so the project
keeps one, resources/translations/qt_vi.ts: the text-box context menu, the standard
buttons, the file and message dialogs, with Qt's exact source texts and contexts.
`make run` / `make test` compile it with pyside6-lrelease; install_translations()
loads it at start (compiling it on the fly when the .qm is missing or older).
The standard buttons also get their texts here, so they stay Vietnamese even when
no translation could be loaded."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget

# pyside6-lupdate files every bare tr("…") call under the empty context, whatever class
# or function it sits in (a "# TRANSLATOR" comment does not change that for Python), so
# tr() looks texts up under the same context: a translation made from lupdate's .ts applies.
CONTEXT = ""

TRANSLATIONS = Path(__file__).resolve().parent.parent / "resources" / "translations"
QT_TS = TRANSLATIONS / "qt_vi.ts"
QT_QM = TRANSLATIONS / "qt_vi.qm"

log = logging.getLogger("binhyen")

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


def lrelease() -> str | None:
    """The pyside6-lrelease next to this Python, on PATH, or inside the PySide6 package."""
    names = ["pyside6-lrelease.exe", "pyside6-lrelease"] if os.name == "nt" else ["pyside6-lrelease"]
    for name in names:
        beside = Path(sys.executable).parent / name
        if beside.exists():
            return str(beside)
    found = shutil.which("pyside6-lrelease")
    if found:
        return found
    import PySide6

    for name in ("lrelease.exe", "lrelease"):
        inside = Path(PySide6.__file__).parent / name
        if inside.exists():
            return str(inside)
    return None


def compiled_translation(ts: Path = QT_TS, qm: Path = QT_QM, cache: Path | None = None) -> Path | None:
    """The .qm for `ts`: the one built by `make`, else one compiled now (beside the .ts,
    or in `cache` when the program folder is read-only); None when it cannot be had."""
    if qm.exists() and (not ts.exists() or qm.stat().st_mtime >= ts.stat().st_mtime):
        return qm
    if not ts.exists():
        return None
    tool = lrelease()
    if tool is None:
        log.warning("Không có pyside6-lrelease: giao diện chuẩn của Qt sẽ không được dịch.")
        return None
    for target in [qm] + ([cache / qm.name] if cache else []):
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([tool, "-silent", str(ts), "-qm", str(target)], check=True,
                           capture_output=True, timeout=60)
        except (OSError, subprocess.SubprocessError):
            continue
        if target.exists():
            return target
    log.warning("Không dịch được %s: giao diện chuẩn của Qt sẽ không được dịch.", ts.name)
    return None


def install_translations(app: QCoreApplication, cache: Path | None = None) -> bool:
    """Vietnamese for Qt's own widgets and Vietnamese month and day names; False (and the
    app carries on with English texts inside Qt's widgets) when the .qm cannot be loaded."""
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    if getattr(app, "_binhyen_translator", None) is not None:
        return True
    qm = compiled_translation(cache=cache)
    translator = QTranslator(app)
    if qm is None or not translator.load(str(qm)):
        return False
    app.installTranslator(translator)
    app._binhyen_translator = translator  # kept alive as long as the application
    return True


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
        roomy(dialog)
    return dialog.selectedFiles() if dialog.exec() else []


def roomy(dialog) -> None:
    """Qt's own file dialog opens at 624×408 with "Máy tính" cut to "Má…" and the size and
    date columns clipped: sized to the screen instead, the places list wide enough for its
    names and the columns fitted to what they show."""
    from PySide6.QtWidgets import QApplication, QHeaderView, QSplitter, QTreeView

    screen = dialog.screen() or QApplication.primaryScreen()
    room = screen.availableGeometry()
    width, height = min(960, room.width() - 60), min(600, room.height() - 60)
    dialog.resize(width, height)
    splitter = dialog.findChild(QSplitter, "splitter")
    if splitter is not None:
        splitter.setSizes([170, width - 170])
    tree = dialog.findChild(QTreeView, "treeView")
    if tree is not None:
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, header.count()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
