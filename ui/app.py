"""Starting the desktop app: Qt, the log file, the database (chosen at first start and
remembered), the main window."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from operations.base import Actor, PermissionDenied
from storage.db import lock
from storage.db.connection import open_database, open_read_only
from storage.db.paths import data_dir, default_db_path
from storage.errors import DatabaseFileError, StorageError
from storage.records import unit
from ui import icon
from ui.context import AppContext
from ui.errors import install_excepthook, log, setup_logging, show_error
from ui.i18n import ask, file_dialog, install_translations, tr, warn
from ui.main_window import MainWindow
from ui.startup_check import banner, check_in_background
from ui.tasks import run_operation, run_task

# Only what the first window needs is imported at start (issue 17: the start within 4× a
# bare window): the operations, the backups and the welcome dialog are imported where used.

BACKUP_EVERY_MS = 60 * 60 * 1000  # at most hourly while the app is open (only if anything changed)


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName("BinhYen")
    app.setApplicationName("BinhYen")
    app.setApplicationDisplayName("Bình Yên")
    install_translations(app, cache=data_dir() / "translations")
    icon.install(app)
    return app


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # some service accounts have no name
        return "cán bộ"


class Desktop:
    """Holds the open database and its window; switches to another file on request."""

    def __init__(self, actor: str):
        self.actor = actor
        self.window: MainWindow | None = None
        self.db = None
        self.path: Path | None = None
        self.backups_running: set = set()  # ui.tasks.Task of backups started from this window

    def choose(self, explicit: str | None) -> Path | None:
        if explicit:
            return Path(explicit)
        remembered = QSettings().value("database/path")
        if remembered and Path(remembered).exists():
            return Path(remembered)
        if default_db_path().exists():
            return default_db_path()
        from ui.welcome import WelcomeDialog

        welcome = WelcomeDialog(self.actor, default_db_path())
        return welcome.chosen_path if welcome.exec() else None

    def open(self, path: Path) -> bool:
        """Open a database for this window: the writer lock (or read-only if another
        instance writes), a quick integrity check (a damaged file offers the newest good
        backup), then the window, with backups hourly and on close."""
        if self.window is not None:
            self.close_current()
        allowed, holder = lock.acquire(path, self.actor)
        taken_over = False
        if not allowed and self.offer_take_over(path, holder):
            allowed, holder = lock.acquire(path, self.actor)
            taken_over = allowed
        read_only = None if allowed else tr("Chỉ đọc: tệp đang được ghi trên máy {0} (tiến trình {1}) từ {2}.").format(
            holder.host, holder.pid, holder.since)
        try:
            db = open_read_only(path) if read_only else open_database(path)
            if not unit.has_unit(db):
                db.close()
                raise StorageError(tr("Tệp {0} chưa được thiết lập đơn vị.").format(path))
        except StorageError as error:
            from storage.db import backup

            if isinstance(error, DatabaseFileError) and Path(path).exists() and backup.list_backups(path):
                return self.offer_recovery(path)  # damaged beyond opening: a backup may save the day
            lock.release(path)
            show_error(None, error)
            return False
        account = self.authenticate(db, read_only is not None)
        if account is False:  # no login: nothing opened
            db.close()
            lock.release(path)
            return False
        if taken_over and account and not account.is_admin:  # taking over is an administrator's call
            db.close()
            lock.release(path)
            show_error(None, PermissionDenied(tr("Chỉ tài khoản quản trị mới tiếp quản được khóa ghi của máy "
                                                 "khác.")))
            return False
        actor = account.full_name if account else self.actor
        locked_by_other = read_only
        if account and not account.can_write and not read_only:
            read_only = tr("Tài khoản chỉ xem: không sửa được dữ liệu.")
        self.db, self.path = db, path
        QSettings().setValue("database/path", str(path))
        context = AppContext(db, path, actor, read_only)
        context.account = account
        self.window = MainWindow(context, on_open_other=self.open_other, on_demo=self.new_demo,
                                 on_backup=self.backup_now, on_restore=self.restore,
                                 on_log_out=self.log_out if account else None, first_page_later=True)
        self.window.closing.connect(self.close_current)
        self.window.show()
        settle_memory()
        # SQLite's quick check after the window shows, on a worker: a banner if it fails
        check_in_background(self.window, path, self.damaged)
        if getattr(self, "first_start", False):
            self.first_start = False
            self.window.show_help(key="start")
        if locked_by_other:
            warn(self.window, tr("Chỉ đọc"), locked_by_other)
        elif not read_only:
            self.timer = QTimer(self.window, interval=BACKUP_EVERY_MS)
            self.timer.timeout.connect(lambda: self.backup_in_background("tu-dong"))
            self.timer.start()
        return True

    def authenticate(self, db, read_only: bool):
        """The account working now, None when the file has no accounts and cannot get one
        (read-only), or False when the person gave up."""
        from storage.records import accounts
        from ui.login import AccountDialog, LoginDialog

        if accounts.count(db) == 0:
            if read_only:
                return None
            first = AccountDialog(db, self.actor, first=True)
            if not first.exec():
                return False
            self.first_start = True  # the window opens with the five common jobs (Trợ giúp)
            return first.account  # the administrator just made is the one working now
        dialog = LoginDialog(db, unit.get_unit(db).station_name)
        return dialog.account if dialog.exec() else False

    def log_out(self) -> bool:
        """Tệp → Đăng xuất / đổi người dùng: close the window (with its backup and lock)
        and open the same file again, which asks who is working."""
        path = self.path
        if path is None:
            return False
        app = QApplication.instance()
        app.setQuitOnLastWindowClosed(False)  # no window between the two people
        try:
            self.close_current()
            opened = self.open(path)
        finally:
            app.setQuitOnLastWindowClosed(True)
        if not opened:
            app.quit()  # nobody logged in: the app ends as at start
        return opened

    def close_current(self) -> None:
        """On close: the window hides, a backup (when anything changed since the last one)
        runs on a worker behind a small modal progress dialog while the GUI thread keeps
        turning, then the file closes and the lock is released whatever happened; a failed
        backup is said afterwards. Closing again meanwhile finds nothing open; a backup
        already running (hourly, by hand) is waited for first."""
        if self.db is None:
            return
        db, path, self.db = self.db, self.path, None
        window, self.window = self.window, None
        if getattr(self, "timer", None) is not None:
            self.timer.stop()  # no hourly backup of a file being closed
        app = QApplication.instance()
        quits = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)  # the nested loop below must not end the app half-way
        failure = None
        try:
            if window is not None:
                if window.isVisible():
                    window.close()  # its state saved (closeEvent); from the window's own close, a no-op
                window.setEnabled(False)
                window.hide()
            if db_writable := (not window or not window.context.read_only):
                operator = window.context.operator if window else Actor(self.actor)
                failure = self.backup_before_closing(operator, path)
        finally:
            db.close()
            lock.release(path)
            app.setQuitOnLastWindowClosed(quits)
        if db_writable and failure is not None:
            from ui.errors import report_for

            log.error("Không sao lưu được khi đóng:\n%s", report_for(failure))
            said = str(failure) if isinstance(failure, StorageError) else tr(
                "lỗi không lường trước (đã ghi vào nhật ký của ứng dụng).")
            warn(None, tr("Sao lưu khi đóng"), tr("Không sao lưu được trước khi đóng: {0} Dữ liệu đã nhập vẫn nằm "
                                                  "trong tệp dữ liệu; lần đóng sau sẽ sao lưu lại.").format(said))

    def backup_before_closing(self, operator, path: Path) -> BaseException | None:
        """operations.maintenance.backup (only if anything changed) on a worker thread with
        its own connection, after the backups this window started and that still run; a
        nested event loop waits, so the GUI thread never blocks. Returns the error, if any."""
        from operations import maintenance

        loop, outcome = QEventLoop(), {}

        def work(progress, _cancelled):
            db = open_database(path)
            try:
                return maintenance.backup(db, operator, reason="khi-dong", only_if_changed=True,
                                          progress=lambda done, total: progress(done, total, ""))
            finally:
                db.close()

        def turn() -> None:
            if "done" in outcome:
                loop.quit()
            elif "task" not in outcome and not self.backups_running:
                outcome["task"] = run_task(None, tr("Đang sao lưu trước khi đóng…"), work,
                                           lambda _result: outcome.setdefault("done", None),
                                           lambda error, _details: outcome.setdefault("done", error),
                                           cancellable=False)

        timer = QTimer(interval=20)
        timer.timeout.connect(turn)
        timer.start()
        turn()
        loop.exec()
        timer.stop()
        return outcome["done"]

    def backup_in_background(self, reason: str, done=None) -> None:
        from operations import maintenance
        from storage.db import backup

        def finished(target) -> None:  # a copy to the USB stick that failed is said, the local one stands
            problem = backup.second_place_problem(self.path) if self.path else None
            if problem and self.window is not None:
                self.window.statusBar().showMessage(problem, 60000)
                if reason != "tu-dong":
                    warn(self.window, tr("Sao lưu sang USB"), problem)
            if done is not None:
                done(target)

        task = run_operation(self.window.context, self.window, tr("Đang sao lưu…"), maintenance.backup,
                             reason=reason, only_if_changed=reason == "tu-dong", on_success=finished,
                             show_progress=reason != "tu-dong")
        if task is not None:  # closing the window waits for it before its own backup
            self.backups_running.add(task)
            for signal in (task.signals.succeeded, task.signals.failed, task.finished):  # the worker's end
                signal.connect(lambda *_: self.backups_running.discard(task))

    def backup_now(self) -> None:
        self.backup_in_background("thu-cong", lambda target: self.window is not None and self.window.statusBar(
        ).showMessage(tr("Đã sao lưu vào {0}.").format(target), 8000))  # the window may have closed meanwhile

    def restore(self) -> None:
        from ui.backups_dialog import BackupsDialog

        dialog = BackupsDialog(self.path, self.window)
        if dialog.exec() and dialog.chosen:
            self.restore_from(dialog.chosen)

    def offer_take_over(self, path: Path, holder) -> bool:
        """A lock held from another machine (a shared folder, a PC that died with the file
        open): the person may take it over after confirming; then logs in as an
        administrator. A holder on this machine is a running program: never offered."""
        import socket

        from operations import writer_lock

        if holder is None or holder.host == socket.gethostname():
            return False
        if not ask(None, tr("Tiếp quản khóa ghi?"), tr(
                "Tệp dữ liệu đang được Bình Yên ghi trên máy {0} (tiến trình {1}) từ {2}.\n\nChỉ tiếp quản khi "
                "máy đó đã tắt hoặc không còn mở Bình Yên; nếu không, hai máy sẽ cùng ghi một tệp. Cần đăng "
                "nhập bằng tài khoản quản trị. Tiếp quản?").format(holder.host, holder.pid, holder.since)):
            return False
        try:
            writer_lock.take_over(None, Actor(self.actor), path)
        except StorageError as error:
            show_error(None, error)
            return False
        return True

    def restore_from(self, source: Path) -> bool:
        """Restore through operations.maintenance.restore, as the command line does: this
        process keeps the writer lock from before closing the window until the file is
        open again, so no other instance can start writing in between."""
        from operations import maintenance

        path, db, window = self.path, self.db, self.window
        operator = window.context.operator if window else Actor(self.actor)
        if not operator.may(maintenance.restore.role):
            show_error(window, PermissionDenied(tr("Chỉ tài khoản quản trị mới khôi phục được dữ liệu.")))
            return False
        self.db, self.window = None, None  # no close-time backup: the restore keeps a safety copy
        if window is not None:
            window.close()
        db.close()  # the file changes under it; the worker opens what it needs
        restored = False
        try:
            self.restore_in_background(operator, source, path)
            restored = True
        except StorageError as error:
            show_error(None, error)
        opened = self.open(path)
        if opened and restored and self.window is not None:
            # after the login that follows, say what happened (the window had simply vanished)
            self.window.statusBar().showMessage(restored_sentence(source), 0)
        return opened

    def restore_in_background(self, operator, source: Path, path: Path) -> Path:
        """operations.maintenance.restore on a worker thread (ui.tasks), with a progress
        dialog; the window is closed meanwhile, so this waits in a local event loop and
        returns the safety copy, or raises the restore's error."""
        from operations import maintenance

        loop, outcome = QEventLoop(), {}

        def finished(key, value) -> None:
            outcome[key] = value
            loop.quit()

        run_task(None, tr("Đang khôi phục dữ liệu…"),
                 lambda _progress, _cancelled: maintenance.restore(None, operator, source, db_path=path),
                 lambda result: finished("result", result), lambda error, _details: finished("error", error),
                 cancellable=False)
        loop.exec()  # the task's signals are queued to this thread: none is missed
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"].value

    def damaged(self) -> None:
        """The quick check failed after the window opened: a banner stays across the
        window, and the newest good backup is offered (the damaged file kept aside)."""
        if self.window is None:
            return
        from storage.db import backup

        newest = next((b for b in backup.list_backups(self.path) if b.audit_head is not None and b.intact()), None)
        text = tr("Tệp dữ liệu không qua kiểm tra nhanh khi mở: có trang bị hỏng. Đừng nhập thêm dữ liệu; "
                  "hãy khôi phục bản sao lưu gần nhất còn tốt.")
        banner(self.window, text, tr("Khôi phục bản sao lưu mới nhất…") if newest else None,
               (lambda: self.restore_from(newest.path)) if newest else None)
        if newest and ask(self.window, tr("Tệp dữ liệu bị hỏng"),
                          tr("Tệp {0} không qua kiểm tra toàn vẹn. Khôi phục bản sao lưu mới nhất lúc {1}? "
                             "(Tình trạng hiện tại được giữ lại trong thư mục sao lưu.)")
                          .format(self.path, newest.created.strftime("%H:%M %d/%m/%Y"))):
            self.restore_from(newest.path)

    def offer_recovery(self, path: Path) -> bool:
        """The writer lock taken by open() is kept through the restore (see restore_from)."""
        from storage.db import backup

        newest = next((b for b in backup.list_backups(path) if b.audit_head is not None and b.intact()), None)
        if newest is None:
            lock.release(path)
            warn(None, tr("Tệp dữ liệu bị hỏng"), tr("Tệp {0} không qua kiểm tra toàn vẹn và chưa có bản sao lưu "
                                                      "nào. Hãy liên hệ bộ phận kỹ thuật; đừng xóa tệp.").format(path))
            return False
        if ask(None, tr("Tệp dữ liệu bị hỏng"), tr("Tệp {0} không qua kiểm tra toàn vẹn. Khôi phục bản sao lưu mới "
                                                    "nhất lúc {1}? (Tình trạng hiện tại được giữ lại trong thư mục "
                                                    "sao lưu.)")
               .format(path, newest.created.strftime("%H:%M %d/%m/%Y"))):
            self.path = path
            try:  # keeps the damaged file aside first
                self.restore_in_background(Actor(self.actor), newest.path, path)
            except StorageError as error:
                lock.release(path)
                show_error(None, error)
                return False
            return self.open(path)
        lock.release(path)
        return False

    def open_other(self) -> None:
        files = file_dialog(self.window, tr("Mở tệp dữ liệu Bình Yên"), filters=tr("Tệp dữ liệu (*.db)"))
        if files:
            self.open(Path(files[0]))

    def new_demo(self) -> None:
        from ui.welcome import WelcomeDialog

        welcome = WelcomeDialog(self.actor, default_db_path(), self.window)
        welcome.make_demo()
        if welcome.exec() and welcome.chosen_path:
            self.open(welcome.chosen_path)


def restored_sentence(source: Path) -> str:
    """'Đã khôi phục dữ liệu về bản sao lưu lúc 10:20 26/11/2026 (làm tay); …'."""
    from storage.db import backup

    info = backup.describe(Path(source))
    when = (tr(" lúc {0} ({1})").format(info.created.strftime("%H:%M %d/%m/%Y"), backup.reason_label(info.reason))
            if info else f" {Path(source).name}")
    return tr("Đã khôi phục dữ liệu về bản sao lưu{0}; tình trạng ngay trước khi khôi phục được giữ thành một "
              "bản sao lưu.").format(when)


def settle_memory() -> None:
    """What is loaded by the time the window shows (Qt's wrappers, the app's modules, the
    vocabularies) lives as long as the window: kept out of Python's garbage collection, so a
    full collection on the GUI thread walks only what came after (pauses of 42–187 ms were
    seen on a loaded machine)."""
    import gc

    gc.freeze()


def run(db_path: str | None = None) -> int:
    app = application()
    setup_logging(data_dir() / "logs")
    install_excepthook()
    from ui.smoke import quit_after_first_window_if_asked

    quit_after_first_window_if_asked(app)  # BINHYEN_SMOKE: the bundle smoke test stops by itself
    desktop = Desktop(current_user())
    path = desktop.choose(db_path)
    if path is None or not desktop.open(path):
        return 0
    code = app.exec()
    desktop.close_current()
    return code
