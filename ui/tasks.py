"""Long work off the GUI thread, through one helper: a progress dialog with a cancel
button, the work in a QThreadPool, results back by signal on the GUI thread. The work
function never touches widgets; it gets `progress(done, total, message)` and
`cancelled()` and opens its own database connection if it needs one."""

from __future__ import annotations

import gc
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ui.i18n import tr


class _Signals(QObject):
    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object, str)


class _Job(QRunnable):
    def __init__(self, work: Callable, signals: _Signals, flag: dict):
        super().__init__()
        self.work, self.signals, self.flag = work, signals, flag
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.work(lambda d, t, m="": self.signals.progress.emit(int(d), int(t), str(m)),
                               lambda: self.flag["cancelled"])
        except BaseException as error:  # handed to the GUI thread, which decides
            self._emit(self.signals.failed, error, traceback.format_exc())
        else:
            self._emit(self.signals.succeeded, result)

    @staticmethod
    def _emit(signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the window that asked closed while the work ran: nobody to tell
            pass


class Task(QObject):
    """One running job; keep a reference until `finished` fires."""

    finished = Signal()

    def __init__(self, parent: QWidget | None, title: str, work: Callable,
                 on_success: Callable | None = None, on_failure: Callable | None = None,
                 show_progress: bool = True, cancellable: bool = True):
        super().__init__(parent)
        self.flag = {"cancelled": False}
        self.on_success, self.on_failure = on_success, on_failure
        self.signals = _Signals()
        self.dialog = None
        if show_progress:
            self.dialog = QProgressDialog(title, tr("Hủy"), 0, 0, parent)
            self.dialog.setWindowTitle(tr("Đang xử lý"))
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(300)
            self.dialog.setMinimumWidth(420)
            self.dialog.canceled.connect(self.cancel)
            if not cancellable:  # work that must finish once started (a restore)
                self.dialog.setCancelButton(None)
        self.signals.progress.connect(self._progress)
        self.signals.succeeded.connect(self._succeeded)
        self.signals.failed.connect(self._failed)
        QThreadPool.globalInstance().start(_Job(work, self.signals, self.flag))

    def cancel(self) -> None:
        self.flag["cancelled"] = True
        if self.dialog:
            self.dialog.setLabelText(tr("Đang dừng…"))

    @property
    def cancelled(self) -> bool:
        return self.flag["cancelled"]

    def _progress(self, done: int, total: int, message: str) -> None:
        if self.dialog and not self.flag["cancelled"]:
            if message:
                self.dialog.setLabelText(message)
            self.dialog.setMaximum(max(total, 1))
            # last: a modal progress dialog turns the event loop inside setValue, where the
            # work's end may arrive and close it (self.dialog None when this returns)
            self.dialog.setValue(min(done, total))

    def _close(self) -> None:
        if self.dialog:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.reset()
            self.dialog.deleteLater()
            self.dialog = None

    def _succeeded(self, result) -> None:
        self._close()
        if self.on_success:
            self.on_success(result)
        self.finished.emit()

    def _failed(self, error: BaseException, details: str) -> None:
        self._close()
        if self.on_failure:
            self.on_failure(error, details)
        else:
            from ui.errors import show_error

            show_error(self.parent(), error, details)
        self.finished.emit()


_running: set[Task] = set()


def run_task(parent: QWidget | None, title: str, work: Callable, on_success: Callable | None = None,
             on_failure: Callable | None = None, show_progress: bool = True, cancellable: bool = True) -> Task:
    """Start `work(progress, cancelled)` in the background; returns the Task. Without
    `cancellable` the progress dialog has no Hủy button."""
    # A full garbage collection walks every live object while holding the GIL, and the
    # GUI thread waits for it: with a large session that is over 100 ms. Objects alive
    # now are long-lived (the window, the pages), so take them out of its reach.
    gc.freeze()
    task = Task(parent, title, work, on_success, on_failure, show_progress, cancellable)
    _running.add(task)
    task.finished.connect(lambda: _running.discard(task))
    # A task whose window was closed before its work ended is deleted with the window
    # and never says "finished": it must not count as running for ever.
    task.destroyed.connect(lambda *_: _running.discard(task))
    return task


def run_db_task(context, parent: QWidget | None, title: str, work: Callable, on_success: Callable | None = None,
                on_failure: Callable | None = None, show_progress: bool = True) -> Task | None:
    """Background work that needs the database: `work(db, progress, cancelled)` runs on
    a worker thread with a connection of its own (SQLite connections are never shared
    across threads). An in-memory database (tests) has only the connection it was made
    with, so there the work runs here, synchronously, with the same callbacks."""
    from storage.db.connection import open_database

    if context.db_path is None:
        try:
            result = work(context.db, lambda *a: None, lambda: False)
        except Exception as error:  # handed on exactly like a worker's failure
            if on_failure:
                on_failure(error, "")
                return None
            raise
        if on_success:
            on_success(result)
        return None

    def threaded(progress, cancelled):
        db = open_database(context.db_path)
        try:
            return work(db, progress, cancelled)
        finally:
            db.close()

    return run_task(parent, title, threaded, on_success, on_failure, show_progress)


def run_operation(context, parent: QWidget | None, title: str, op: Callable, *args,
                  on_success: Callable | None = None, on_failure: Callable | None = None,
                  show_progress: bool = True, with_progress: bool = False, **kwargs) -> Task | None:
    """One operation (operations/) in the background: `op(db, actor, *args, **kwargs)` on a
    worker thread with its own connection (with `with_progress`, also `progress=` and
    `cancelled=`); back on the GUI thread the pages refresh from its Changes, then
    `on_success(value)` runs."""
    actor = context.operator

    def work(db, progress, cancelled):
        extra = {"progress": progress, "cancelled": cancelled} if with_progress else {}
        return op(db, actor, *args, **kwargs, **extra)

    def succeeded(result):
        context.apply(result.changes)
        if on_success:
            on_success(result.value)

    return run_db_task(context, parent, title, work, succeeded, on_failure, show_progress)
