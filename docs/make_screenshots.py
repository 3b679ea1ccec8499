"""Render the main pages of the app on a demo database into docs/screenshots/ (PNG),
offscreen, so a person can look at them. Run: .venv/bin/python docs/make_screenshots.py"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QTabWidget  # noqa: E402

from storage import demo  # noqa: E402
from ui.app import application  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        app = application()
        path = Path(tmp) / "xa-mau.db"
        db = demo.generate(path, households_count=int(os.environ.get("HOUSEHOLDS", "600")), seed=4)
        from storage.incidents import tips
        from storage.people import people

        # A couple of records in the trash, so that page shows what it is for.
        people.delete(db, "Nguyễn Văn Cán", people.list(db, limit=1)[0].id)
        tips.delete(db, "Nguyễn Văn Cán", tips.list(db, limit=1)[0].id)
        window = MainWindow(AppContext(db, path, "Nguyễn Văn Cán"))
        window.resize(1366, 800)
        window.show()
        for index, (key, _label, _factory) in enumerate(window.page_list):
            page = window.navigate(key)
            tabs = page.count() if isinstance(page, QTabWidget) else 1
            for tab in range(tabs):
                if isinstance(page, QTabWidget):
                    page.setCurrentIndex(tab)
                current = page.currentWidget() if isinstance(page, QTabWidget) else page
                if hasattr(current, "table") and hasattr(current, "model") and current.model.rowCount():
                    current.table.selectRow(0)
                for _ in range(5):
                    app.processEvents()
                name = f"{index + 1:02d}-{key}" + (f"-{tab + 1}" if tabs > 1 else "") + ".png"
                window.grab().save(str(OUT / name))
                print(OUT / name)
        window.navigate("teams", 1)
        form_page = window.current_list()
        form = form_page.open_form()
        form.resize(640, 700)
        form.show()
        app.processEvents()
        form.grab().save(str(OUT / "20-form-person.png"))
        form.close()
        window.close()
        db.close()
        QApplication.processEvents()


if __name__ == "__main__":
    main()
