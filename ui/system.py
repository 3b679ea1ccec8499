"""Handing a finished file to the system: open it in the PDF viewer, or send it to
the default printer."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices

from storage.errors import StorageError


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


def send_to_printer(path: Path) -> None:
    """The default printer: Windows prints through the PDF viewer, elsewhere CUPS' lp."""
    if sys.platform == "win32":
        os.startfile(str(path), "print")  # noqa: S606 (the system's own print verb)
        return
    if not shutil.which("lp"):
        raise StorageError("Máy này chưa có lệnh in (CUPS). Hãy mở tệp PDF rồi in từ trình xem PDF.")
    result = subprocess.run(["lp", str(path)], capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        raise StorageError("Máy in báo lỗi; hãy kiểm tra máy in đã bật và được chọn làm mặc định.")
