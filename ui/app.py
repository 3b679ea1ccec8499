"""Starting the desktop app: Qt, the log file, the database (chosen at first start and
remembered), the main window."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from storage import unit
from storage.db import open_database
from storage.errors import StorageError
from storage.paths import data_dir, default_db_path
from ui.context import AppContext
from ui.errors import install_excepthook, setup_logging, show_error
from ui.i18n import file_dialog, tr
from ui.main_window import MainWindow
from ui.welcome import WelcomeDialog


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName("BinhYen")
    app.setApplicationName("BinhYen")
    app.setApplicationDisplayName("Bình Yên")
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

    def choose(self, explicit: str | None) -> Path | None:
        if explicit:
            return Path(explicit)
        remembered = QSettings().value("database/path")
        if remembered and Path(remembered).exists():
            return Path(remembered)
        if default_db_path().exists():
            return default_db_path()
        welcome = WelcomeDialog(self.actor, default_db_path())
        return welcome.chosen_path if welcome.exec() else None

    def open(self, path: Path) -> bool:
        try:
            db = open_database(path)
            if not unit.has_unit(db):
                db.close()
                raise StorageError(tr("Tệp {0} chưa được thiết lập đơn vị.").format(path))
        except StorageError as error:
            show_error(None, error)
            return False
        if self.window is not None:
            self.window.close()
            self.db.close()
        self.db = db
        QSettings().setValue("database/path", str(path))
        context = AppContext(db, path, self.actor)
        self.window = MainWindow(context, on_open_other=self.open_other, on_demo=self.new_demo)
        self.window.show()
        return True

    def open_other(self) -> None:
        files = file_dialog(self.window, tr("Mở tệp dữ liệu Bình Yên"), filters=tr("Tệp dữ liệu (*.db)"))
        if files:
            self.open(Path(files[0]))

    def new_demo(self) -> None:
        welcome = WelcomeDialog(self.actor, default_db_path(), self.window)
        welcome.make_demo()
        if welcome.exec() and welcome.chosen_path:
            self.open(welcome.chosen_path)


def run(db_path: str | None = None) -> int:
    app = application()
    setup_logging(data_dir() / "logs")
    install_excepthook()
    desktop = Desktop(current_user())
    path = desktop.choose(db_path)
    if path is None or not desktop.open(path):
        return 0
    code = app.exec()
    if desktop.db is not None:
        desktop.db.close()
    return code
