"""Handing a finished file to the system: the documents folder, opening a file in its
viewer (printing, without any viewer, is ui/printer.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices


def documents_folder() -> Path:
    """Documents/Bình Yên in the user's own folder."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    folder = Path(base) / "Bình Yên"
    try:  # made on first use: the first print of a fresh machine must not stop at "no folder"
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # a read-only home: the dialog's own check names the folder
    return folder


def open_file(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
