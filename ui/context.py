"""What every page needs, passed in (nothing global): the open database, who is
working, and a signal telling pages that records changed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal


class AppContext(QObject):
    changed = Signal(str)  # the table whose records changed ("" for all)
    status = Signal(str)   # a short message for the status bar

    def __init__(self, db, db_path: Path | None, actor: str, read_only: str | None = None):
        """`read_only` says why nothing may be written (another instance writes)."""
        super().__init__()
        self.db, self.db_path, self.actor = db, db_path, actor
        self.read_only = read_only
        self.account = None  # storage.records.accounts.Account once someone logged in
        self.last_deleted: list[tuple[str, int]] = []  # for Ctrl+Z

    def notify(self, table: str = "") -> None:
        self.changed.emit(table)
