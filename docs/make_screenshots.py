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
        from storage.records.incidents import tips
        from storage.records.people import people

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
        aggregator_screenshots(app, Path(tmp), db)
        db.close()
        QApplication.processEvents()


def aggregator_screenshots(app, folder: Path, station_db) -> None:
    """The superior's window after importing a few communes' packages."""
    from storage.db.connection import open_database
    from storage.exchange import importer, keys, package
    from storage.query.periods import parse_period
    from storage.records import unit

    aggregator = open_database(folder / "tinh.db")
    unit.initialise(aggregator, "Trần Văn Tỉnh", role="aggregator", province=unit.get_unit(station_db).province_code)
    public = keys.public_key_file(aggregator)
    files = []
    for seed, db in ((4, station_db), (5, None), (6, None)):
        if db is None:
            db = demo.generate(folder / f"xa{seed}.db", households_count=200, seed=seed,
                               province_code=unit.get_unit(station_db).province_code)
        keys.trust_superior(db, "cán bộ", public)
        files.append(folder / f"goi{seed}.byx")
        package.export(db, "cán bộ", parse_period(str(__import__("datetime").date.today().year)), files[-1])
    importer.import_packages(aggregator, "Trần Văn Tỉnh", files, trust_new=True)
    window = MainWindow(AppContext(aggregator, folder / "tinh.db", "Trần Văn Tỉnh"))
    window.resize(1366, 800)
    window.show()
    for index, (key, _label, _factory) in enumerate(window.page_list):
        page = window.navigate(key)
        if key == "station_records":
            page.table_choice.setCurrentIndex(page.table_choice.findData("teams"))
            page.table.selectRow(0)
        for _ in range(5):
            app.processEvents()
        name = f"3{index + 1}-tong-hop-{key}.png"
        window.grab().save(str(OUT / name))
        print(OUT / name)
    window.close()
    aggregator.close()


if __name__ == "__main__":
    main()
