"""The main window: navigation on the left, one page at a time on the right, menus
and shortcuts; size, splitters, columns and the last page are remembered."""

from __future__ import annotations

import importlib
import logging
import sys
import threading
import time

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from storage.errors import StorageError
from storage.records import unit
from ui import screen
from ui.errors import show_error
from ui.i18n import inform, tr, warn

log = logging.getLogger("binhyen")

# Each page's module is imported when the page is first shown (start-up imports only what
# the first screen needs: the list pages bring the record forms, the operations and the
# vocabularies; Cài đặt the official list of communes; Nhật ký thao tác the audit words).


def overview_page(context):
    from ui.pages.overview import OverviewPage

    return OverviewPage(context)


def areas_page(context):
    from ui.pages import areas

    return areas.make_page(context)


def teams_page(context):
    from ui.pages import teams

    return teams.make_page(context)


def households_page(context):
    from ui.pages import households

    return households.make_page(context)


def patrols_page(context):
    from ui.pages import patrols

    return patrols.make_page(context)


def mediation_page(context):
    from ui.pages import mediation

    return mediation.make_page(context)


def models_page(context):
    from ui.pages import models

    return models.make_page(context)


def incidents_page(context):
    from ui.pages import incidents

    return incidents.make_page(context)


def reviews_page(context):
    from ui.pages import reviews

    return reviews.make_page(context)


def trash_page(context):
    from ui.pages.trash import TrashPage

    return TrashPage(context)


def audit_page(context):
    from ui.history import AuditPage

    return AuditPage(context)


def settings_page(context):
    from ui.pages.settings import SettingsPage

    return SettingsPage(context)


def evaluation_page(context):
    from ui.pages.evaluation import EvaluationPage

    return EvaluationPage(context)


def organisations_page(context):
    from ui.pages.evaluation_subjects import OrganisationsPage

    return OrganisationsPage(context)


def grading_page(context):
    from ui.pages.evaluation_grading import GradingPage

    return GradingPage(context)


def calendar_page(context):
    from ui.pages.evaluation_calendar import CalendarPage

    return CalendarPage(context)


STATION_PAGES = [
    ("overview", "Tổng quan", overview_page),
    ("areas", "Địa bàn", areas_page),
    ("teams", "Tổ & thành viên", teams_page),
    ("households", "Hộ gia đình & cam kết", households_page),
    ("patrols", "Tuần tra", patrols_page),
    ("mediation", "Hòa giải", mediation_page),
    ("models", "Mô hình", models_page),
    ("incidents", "Tin báo & vũ khí", incidents_page),
    ("reviews", "Sơ kết & khen thưởng", reviews_page),
    ("evaluation", "Đánh giá năm", evaluation_page),
    ("organisations", "Cơ quan, trường học", organisations_page),
    ("grading", "Xếp loại tổ", grading_page),
    ("calendar", "Lịch năm", calendar_page),
    ("trash", "Thùng rác", trash_page),
    ("audit", "Nhật ký thao tác", audit_page),
    ("settings", "Cài đặt", settings_page),
]


# The pages' modules, imported on a worker thread once the first page is up (see
# MainWindow.prefetch_pages): Hộ gia đình's alone (the list page, the record forms, the
# operations) take about 100 ms to import, which the first open would otherwise spend on
# the GUI thread.
PAGE_MODULES = ("ui.list_page", "ui.pages.households", "ui.pages.teams", "ui.pages.areas", "ui.pages.patrols",
                "ui.pages.mediation", "ui.pages.models", "ui.pages.incidents", "ui.pages.reviews", "ui.pages.trash",
                "ui.history", "ui.pages.settings", "ui.pages.superior", "ui.pages.evaluation",
                "ui.pages.evaluation_subjects", "ui.pages.evaluation_grading", "ui.pages.evaluation_calendar",
                "ui.print_dialog")
# The module of each station page (the first page at start is imported one turn of the
# event loop before it is built).
PAGE_MODULE = {"overview": "ui.pages.overview", "areas": "ui.pages.areas", "teams": "ui.pages.teams",
               "households": "ui.pages.households", "patrols": "ui.pages.patrols", "mediation": "ui.pages.mediation",
               "models": "ui.pages.models", "incidents": "ui.pages.incidents", "reviews": "ui.pages.reviews",
               "evaluation": "ui.pages.evaluation", "organisations": "ui.pages.evaluation_subjects",
               "grading": "ui.pages.evaluation_grading", "calendar": "ui.pages.evaluation_calendar",
               "trash": "ui.pages.trash", "audit": "ui.history", "settings": "ui.pages.settings"}
PREFETCH_AFTER_MS = 1000  # after the first page is up, and once no background task runs (at most
PREFETCH_WAIT_MS = 15_000  # this long): the first page's own work is not slowed down


def _aggregator_pages():
    from ui.pages.consolidated import ConsolidatedPage
    from ui.pages.station_records import StationRecordsPage
    from ui.pages.stations import StationsPage

    return [("consolidated", "Tổng hợp", ConsolidatedPage), ("stations", "Các xã", StationsPage),
            ("station_records", "Hồ sơ các xã", StationRecordsPage), ("settings", "Cài đặt", settings_page)]





def list_pages(page: QWidget) -> list:
    """`page` and the lists inside it (ui.list_page.ListPage). None exists before that
    module is first imported (the overview, a page of figures, never imports it), so it is
    not imported here for the first screen's sake."""
    list_page = getattr(sys.modules.get("ui.list_page"), "ListPage", None)  # None too while a worker
    if list_page is None:  # is still importing the module (PAGE_MODULES): no list exists before
        return []
    return [lister for lister in [page] + page.findChildren(list_page) if isinstance(lister, list_page)]


class MainWindow(QMainWindow):
    closing = Signal()

    def __init__(self, context, on_open_other=None, on_demo=None, on_backup=None, on_restore=None,
                 on_log_out=None, first_page_later: bool = False):
        """With `first_page_later` (the app's start) the window shows before its first page
        is built: the page (its module imported, its widgets made) comes on the next turn
        of the event loop, so the GUI thread never does both at once."""
        super().__init__()
        self.first_page_later = first_page_later
        self.context = context
        self.on_log_out = on_log_out
        self.on_open_other, self.on_demo = on_open_other, on_demo
        self.on_backup, self.on_restore = on_backup, on_restore
        self.aggregator = unit.get_unit(context.db).role == "aggregator"
        self.page_list = _aggregator_pages() if self.aggregator else STATION_PAGES
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setMinimumWidth(200)
        self.nav.setStyleSheet("QListWidget#navigation { font-size: 11pt; }"
                               "QListWidget#navigation::item { padding: 7px 10px; }")
        self.stack = QStackedWidget(self)
        self.pages: dict[str, QWidget] = {}
        for key, label, _factory in self.page_list:
            item = QListWidgetItem(tr(label), self.nav)
            item.setData(Qt.ItemDataRole.UserRole, key)
            placeholder = QWidget(self.stack)
            self.stack.addWidget(placeholder)
        self.nav.currentRowChanged.connect(self._show_row)
        self.splitter = QSplitter(self)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([210, 1000])
        self.setCentralWidget(self.splitter)
        self.status_label = QLabel(self)
        # permanent (right): a passing message on the left never writes over the station's name
        self.statusBar().addPermanentWidget(self.status_label)
        context.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        context.changed.connect(lambda table: self._update_title() if table in ("", "unit") else None)
        self._build_menus()
        self._update_title()
        self._restore()

    # ---- pages ---------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """The page for `key`, built the first time it is shown (start-up stays fast)."""
        if key not in self.pages:
            index = [k for k, _l, _f in self.page_list].index(key)
            factory = self.page_list[index][2]
            page = factory(self.context)
            page.setObjectName(f"page_{key}")
            if key == "overview":
                page.open_list.connect(self.navigate)
            for lister in list_pages(page):
                lister.extra_menu = getattr(lister, "extra_menu", []) + [
                    (tr("In…"), self.print_current), (tr("Lịch sử thay đổi…"), lister.show_history)]
            old = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.pages[key] = page
        return self.pages[key]

    def _first_page(self, loading: threading.Thread | None = None) -> None:
        """At start, the page in front after the window shows: its module imported on a
        worker thread while the window paints (the event loop keeps turning), then its
        widgets built; the other pages' modules later."""
        if loading is None:
            name = None if self.aggregator else PAGE_MODULE.get(self.current_key())
            if name is not None:
                loading = threading.Thread(target=importlib.import_module, args=(name,), name="nap-trang-dau",
                                           daemon=True)
                loading.start()
        if loading is not None and loading.is_alive():
            QTimer.singleShot(5, self, lambda: self._first_page(loading))
            return
        self._show_row(self.nav.currentRow())  # imports it here if the worker failed: the error shows
        if not self.aggregator:  # the superior's pages are few and built at once
            QTimer.singleShot(PREFETCH_AFTER_MS, self, self._prefetch_when_idle)

    def _prefetch_when_idle(self, waited: int = 0) -> None:
        from ui import tasks

        if tasks._running and waited < PREFETCH_WAIT_MS:  # the first page's figures, the quick check
            QTimer.singleShot(PREFETCH_AFTER_MS // 4, self,
                              lambda: self._prefetch_when_idle(waited + PREFETCH_AFTER_MS // 4))
            return
        self.prefetch_pages()

    def prefetch_pages(self) -> threading.Thread:
        """Import the modules of the pages not opened yet on a worker thread (importing
        only defines classes and functions; no widget is made there), so that opening a
        page later builds its widgets and nothing more on the GUI thread."""

        def load() -> None:
            for name in PAGE_MODULES:
                try:
                    importlib.import_module(name)
                except Exception:  # noqa: BLE001 (opening the page imports it again and says why)
                    log.exception("Không nạp trước được %s", name)
                time.sleep(0.005)  # the GUI thread's turn between two modules

        thread = threading.Thread(target=load, name="nap-truoc-trang", daemon=True)
        thread.start()
        return thread

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        key = self.page_list[row][0]
        self.page(key)
        self.stack.setCurrentIndex(row)

    def navigate(self, key: str, tab=None) -> QWidget:
        row = [k for k, _l, _f in self.page_list].index(key)
        self.nav.setCurrentRow(row)
        page = self.page(key)
        if tab is not None and isinstance(page, QTabWidget):
            page.setCurrentIndex(tab)
        return page

    def current_key(self) -> str:
        return self.page_list[max(0, self.nav.currentRow())][0]

    def current_list(self):
        """The list page in front (inside tabs if any), or the page itself."""
        page = self.pages.get(self.current_key())
        if isinstance(page, QTabWidget):
            page = page.currentWidget()
        return page

    # ---- menus ---------------------------------------------------------------------
    def _action(self, menu, text: str, handler, shortcut=None) -> QAction:
        action = QAction(tr(text), self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(handler)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(tr("&Tệp"))
        if self.on_open_other:
            self._action(file_menu, "Mở tệp dữ liệu khác…", self.on_open_other, QKeySequence.StandardKey.Open)
        if self.on_demo:
            self._action(file_menu, "Tạo xã mẫu…", self.on_demo)
        file_menu.addSeparator()
        if not self.aggregator and not self.context.read_only:
            self.print_action = self._action(file_menu, "In…", self.print_current, QKeySequence.StandardKey.Print)
            self.export_action = self._action(file_menu, "Xuất gói gửi cấp trên…", self.export_package,
                                              QKeySequence("Ctrl+E"))
            file_menu.addSeparator()
            self.excel_import_action = self._action(file_menu, "Nhập từ Excel…", self.import_excel)
            self._action(file_menu, "Lịch sử nhập…", self.import_history)
        if self.on_backup:
            file_menu.addSeparator()
            self._action(file_menu, "Sao lưu ngay", self.on_backup)
            restore = self._action(file_menu, "Khôi phục từ bản sao lưu…", self.on_restore)
            account = self.context.account
            restore.setEnabled(not self.context.read_only and (account is None or account.is_admin))
        if self.context.account is not None:
            self._action(file_menu, "Đổi mật khẩu…", self.change_password)
            if self.on_log_out:
                self.log_out_action = self._action(file_menu, "Đăng xuất / đổi người dùng…", self.log_out)
        file_menu.addSeparator()
        self.check_action = self._action(file_menu, "Kiểm tra tệp dữ liệu…", self.check_file)
        file_menu.addSeparator()
        self._action(file_menu, "Thoát", self.close, QKeySequence("Ctrl+Q"))
        edit_menu = bar.addMenu(tr("&Sửa"))
        self.new_action = self._action(edit_menu, "Thêm mới", self.new_record, QKeySequence.StandardKey.New)
        self._action(edit_menu, "Tìm", self.focus_search, QKeySequence.StandardKey.Find)
        self._action(edit_menu, "Làm mới", self.refresh, QKeySequence(Qt.Key.Key_F5))
        self.undo_action = self._action(edit_menu, "Hoàn tác lần xóa vừa rồi", self.undo_delete,
                                        QKeySequence.StandardKey.Undo)
        go_menu = bar.addMenu(tr("&Xem"))
        for index, (key, label, _factory) in enumerate(self.page_list):
            # "&" in a menu text marks the shortcut letter: "Tổ & thành viên" needs "&&"
            self._action(go_menu, tr(label).replace("&", "&&"), lambda _c=False, k=key: self.navigate(k),
                         QKeySequence(f"Alt+{index + 1}") if index < 9 else None)
        help_menu = bar.addMenu(tr("Trợ &giúp"))
        self.help_action = self._action(help_menu, "Hướng dẫn sử dụng", self.show_help,
                                        QKeySequence(Qt.Key.Key_F1))
        self._action(help_menu, "Giới thiệu", self.about)

    def new_record(self) -> None:
        page = self.current_list()
        if hasattr(page, "new_record"):
            page.new_record()

    def print_options(self) -> dict:
        """What to print by default, from the page in front and its selection."""
        from storage.records.patrols import patrols
        from ui.list_page import ListPage

        key, page = self.current_key(), self.current_list()
        ids = page.selected_ids() if isinstance(page, ListPage) else []
        list_key = getattr(page, "key", key)
        first = ids[0] if ids else None
        if list_key == "households":
            return {"kind": "pledges", "household_ids": ids}
        if list_key == "areas":
            return {"kind": "pledges", "area_id": first}
        if list_key == "pledges":
            return {"kind": "pledges"}
        if list_key == "reviews":
            return {"kind": "minutes", "record_id": first}
        if list_key == "mediation":
            return {"kind": "mediation", "record_id": first}
        if list_key == "teams":
            return {"kind": "roster", "team_id": first}
        if list_key == "patrols":
            return {"kind": "patrols", "team_id": patrols.get(self.context.db, first).team_id if first else None}
        return {"kind": "report"}

    def change_password(self) -> None:
        from ui.login import PasswordDialog

        if PasswordDialog(self.context.db, self.context.account, self).exec():
            self.statusBar().showMessage(tr("Đã đổi mật khẩu."), 5000)

    def log_out(self) -> None:
        """Hand the window to the Desktop, which closes it and asks who works next."""
        QTimer.singleShot(0, self.on_log_out)  # not while this window's menu is still running

    def export_package(self) -> None:
        from ui.export_dialog import ExportDialog

        ExportDialog(self.context, self).exec()

    def import_excel(self) -> None:
        from ui.excel_import_dialog import ExcelImportDialog

        ExcelImportDialog(self.context, self).exec()

    def import_history(self) -> None:
        from ui.excel_import_dialog import ImportHistoryDialog

        ImportHistoryDialog(self.context, self).exec()

    def print_current(self) -> None:
        from ui.print_dialog import PrintDialog

        PrintDialog(self.context, self, **self.print_options()).exec()

    def check_file(self) -> None:
        """Tệp → Kiểm tra tệp dữ liệu…: operations.maintenance.check (seconds at 80,000
        households) on a worker; the progress dialog names the step running and Hủy stops
        it, inside a step too. The results as `binhyen-cli check` prints them."""
        from operations import maintenance
        from ui.tasks import run_operation

        def show(results) -> None:
            if results is None:
                self.statusBar().showMessage(tr("Đã dừng kiểm tra; tệp dữ liệu không bị thay đổi."), 8000)
                return
            lines = "\n".join(f"{tr('Đạt') if result.ok else tr('LỖI')}  {result.name}: {result.detail}"
                              for result in results)
            if all(result.ok for result in results):
                inform(self, tr("Kiểm tra tệp dữ liệu"), tr("Tệp dữ liệu qua mọi bước kiểm tra.") + "\n\n" + lines)
            else:
                warn(self, tr("Kiểm tra tệp dữ liệu"), tr("Tệp dữ liệu có lỗi: đừng nhập thêm dữ liệu; hãy khôi phục "
                                                          "bản sao lưu gần nhất còn tốt.") + "\n\n" + lines)

        run_operation(self.context, self, tr("Đang kiểm tra tệp dữ liệu…"), maintenance.check, on_success=show,
                      with_progress=True)

    def focus_search(self) -> None:
        page = self.current_list()
        if hasattr(page, "focus_search"):
            page.focus_search()

    def refresh(self) -> None:
        self.context.notify()
        self.statusBar().showMessage(tr("Đã làm mới."), 3000)

    def undo_delete(self) -> None:
        if not self.context.last_deleted:
            self.statusBar().showMessage(tr("Không có lần xóa nào để hoàn tác."), 4000)
            return
        from operations import records

        try:
            count = self.context.run(records.restore, list(self.context.last_deleted))
        except StorageError as error:
            show_error(self, error)
            return
        self.context.last_deleted = []
        self.statusBar().showMessage(tr("Đã khôi phục {0} hồ sơ vừa xóa.").format(count), 6000)

    def show_help(self, _checked=False, key: str | None = None) -> None:
        """The guide, at the part for the page in front (F1) or `key`; one window, kept
        open beside."""
        from ui.help import HelpDialog

        if getattr(self, "help_dialog", None) is None:
            self.help_dialog = HelpDialog(self)
        self.help_dialog.show_part(key if key is not None else self.current_key())
        self.help_dialog.show()
        self.help_dialog.raise_()
        self.help_dialog.activateWindow()

    def about(self) -> None:
        from printing.fonts import FontError, register
        from storage.version import VERSION

        try:
            font = register().describe().splitlines()[0]
        except FontError as error:
            font = str(error)
        inform(self, tr("Giới thiệu Bình Yên"),
               tr("Bình Yên {0}\nSổ sách phong trào toàn dân bảo vệ an ninh Tổ quốc.\n\n"
                  "Tệp dữ liệu: {1}\nNgười dùng: {2}\n{3}").format(
                   VERSION, self.context.db_path or tr("(trong bộ nhớ)"), self.context.actor, font))

    # ---- window state ----------------------------------------------------------------
    def _update_title(self) -> None:
        station = unit.get_unit(self.context.db)
        where = f" — {self.context.db_path}" if self.context.db_path else ""
        mode = tr(" (chỉ đọc)") if self.context.read_only else ""
        # Qt adds " — Bình Yên" (the application's display name) itself on Windows and Linux:
        # written here too, the title said it twice
        self.setWindowTitle(f"{station.station_name}{where}{mode}")
        self.status_label.setText(f"{station.station_name} · {station.province_name or ''}")

    def _restore(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
            screen.fit(self)  # remembered on a larger screen: brought back inside this one
        else:  # first start: the whole screen, and a sensible size when un-maximized
            room = screen.room(self)
            self.resize(min(1280, room.width()), min(800, room.height()))
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        splitter = settings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        keys = [k for k, _l, _f in self.page_list]
        last = settings.value("window/page", keys[0])
        row = keys.index(last) if last in keys else 0
        if self.first_page_later:
            self.nav.blockSignals(True)  # selected now, built after the window is painted
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
            QTimer.singleShot(0, self, self._first_page)
        else:
            self.nav.setCurrentRow(row)

    def save_state(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.setValue("window/page", self.current_key())
        for page in self.pages.values():
            for widget in [page] + (page.findChildren(QWidget) if isinstance(page, QTabWidget) else []):
                if hasattr(widget, "save_state") and widget is not self:
                    widget.save_state()

    def closeEvent(self, event):  # noqa: N802 (Qt's name)
        self.save_state()
        super().closeEvent(event)
        self.closing.emit()
