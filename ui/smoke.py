"""BINHYEN_SMOKE: the bundle's smoke test (packaging/smoke_bundle.sh) starts the real
program and needs it to stop by itself. With BINHYEN_SMOKE set, the first top-level
window shown (welcome, first account, login or main window) is reported and the program
quits a moment later. BINHYEN_SMOKE=1 writes the report to standard error; any other
value names a file to write it to (a windowed program on Windows has no standard error)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

SHOWN_FOR_MS = 300  # long enough to lay out and paint once


class _FirstWindow(QObject):
    def __init__(self, app: QApplication, target: str):
        super().__init__(app)
        self.app, self.target, self.seen = app, target, False

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if (not self.seen and event.type() == QEvent.Type.Show and isinstance(watched, QWidget)
                and watched.isWindow()):
            self.seen = True
            line = f"BINHYEN_SMOKE: {type(watched).__name__} «{watched.windowTitle()}»\n"
            QTimer.singleShot(SHOWN_FOR_MS, lambda: self._quit(line))
        return False

    def _quit(self, line: str) -> None:
        if self.target.strip() in ("1", "yes", "true"):
            if sys.stderr is not None:
                sys.stderr.write(line)
                sys.stderr.flush()
        else:
            Path(self.target).write_text(line, encoding="utf-8")
        self.app.exit(0)  # leaves a dialog's own loop too; the program then closes normally


def quit_after_first_window_if_asked(app: QApplication) -> bool:
    target = os.environ.get("BINHYEN_SMOKE", "")
    if not target.strip() or target.strip() == "0":
        return False
    app.installEventFilter(_FirstWindow(app, target))
    return True
