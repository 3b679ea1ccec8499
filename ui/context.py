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

    @property
    def operator(self):
        """The operations.base.Actor working now: the logged-in account, or (a file with
        no accounts, the tests) the person at the computer as its local administrator."""
        from operations.base import Actor

        return Actor.from_account(self.account) if self.account is not None else Actor(self.actor)

    def run(self, op, *args, **kwargs):
        """Run one operation on the GUI thread (quick writes: a form, a delete), refresh
        the pages from what it changed, and return its value. Slow ones go through
        ui.tasks.run_operation instead."""
        result = op(self.db, self.operator, *args, **kwargs)
        self.apply(result.changes)
        return result.value

    def apply(self, changes) -> None:
        """Tell the pages what an operation changed: one `changed` signal per table, in
        name order ("" when a whole file changed: every page refreshes)."""
        for table in sorted(changes.tables):
            self.notify(table)
