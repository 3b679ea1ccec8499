"""The quick check at every start, off the GUI thread: the window opens first, SQLite's
`PRAGMA quick_check` runs on a worker with a read-only connection of its own (0.9 s at
80,000 households), and only a failure shows: a banner across the top of the window
with the way out (restore the newest good backup)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QPushButton, QToolBar

from storage.db import integrity
from storage.db.connection import open_read_only
from ui.i18n import tr
from ui.tasks import Task, run_task


def banner(window: QMainWindow, text: str, action_label: str | None = None,
           action: Callable | None = None) -> QToolBar:
    """A red strip across the top of the window that stays until acted on."""
    bar = QToolBar(window)
    bar.setObjectName("banner")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.setStyleSheet("QToolBar#banner { background: #fde7e9; border-bottom: 1px solid #c4314b; }"
                      "QToolBar#banner QLabel { color: #7a1020; padding: 6px; }")
    label = QLabel(text, bar)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    bar.addWidget(label)
    if action_label and action:
        button = QPushButton(action_label, bar)
        button.clicked.connect(action)
        bar.addWidget(button)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar


def check_in_background(window: QMainWindow, path: Path, on_failure: Callable[[], None]) -> Task:
    """Start the quick check of `path` on a worker; a failed check (or a file too damaged
    to read) calls `on_failure` on the GUI thread."""

    def work(_progress, _cancelled) -> bool:
        db = open_read_only(path)
        try:
            return integrity.quick_check(db)
        finally:
            db.close()

    def done(ok: bool) -> None:
        if not ok:
            on_failure()

    return run_task(window, tr("Đang kiểm tra tệp dữ liệu…"), work, done, lambda *_a: on_failure(),
                    show_progress=False)
