"""Render the year's evaluation pages (issue 13) on a demo database at 1366×768 into
docs/screenshots/4*.png, offscreen. Run: .venv/bin/python docs/make_evaluation_screenshots.py"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

# Qt's offscreen screen is 800×800 unless configured: give it a 1366×768 laptop screen.
_SCREEN = Path(tempfile.gettempdir()) / "binhyen-screen-1366x768.json"
_SCREEN.write_text('{"windowFrameMargins": false, "screens": [{"name": "laptop", "x": 0, "y": 0, '
                   '"width": 1366, "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1.0}]}')
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402

from storage import demo  # noqa: E402
from ui.app import application  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZE = (1366, 768)


def settle(app) -> None:
    for _ in range(5):
        app.processEvents()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        app = application()
        from PySide6.QtCore import QRect

        from ui import screen

        # The whole screen for the window (no task bar, no frame): exactly 1366×768.
        screen.available = lambda widget=None: QRect(0, 0, SIZE[0] + screen.FRAME.width(),
                                                     SIZE[1] + screen.FRAME.height())
        path = Path(tmp) / "xa-mau.db"
        db = demo.generate(path, households_count=int(os.environ.get("HOUSEHOLDS", "1500")), seed=4)
        window = MainWindow(AppContext(db, path, "Nguyễn Văn Cán"))
        window.resize(*SIZE)
        window.show()
        shots = []

        def shoot(name: str, widget=None) -> None:
            settle(app)
            (widget or window).grab().save(str(OUT / name))
            shots.append(OUT / name)

        page = window.navigate("evaluation")
        failing = next((r for r in range(page.subjects.rowCount()) if page.subjects.item(r, 4).text() == "Chưa đạt"), 0)
        page.subjects.selectRow(failing)
        shoot("40-evaluation.png")
        subject = page.result["subjects"][failing]
        keys = {"area_id": subject["_id"]} if subject["kind"] == "area" else {"organisation_id": subject["_id"]}
        from storage.records import evaluation as ev
        from ui.pages.evaluation import EntryDialog

        entry = ev.entry_for(db, year=page.year.value(), **keys)
        dialog = EntryDialog(window, window.context, subject["kind"], subject["name"], page.year.value(), keys, entry)
        dialog.show()
        shoot("41-evaluation-criteria.png", dialog)
        dialog.tabs.setCurrentIndex(1)
        shoot("41-evaluation-scores.png", dialog)
        dialog.close()

        from ui.pages.evaluation_rules import RulesDialog

        rules = RulesDialog(window, window.context)
        rules.show()
        shoot("46-province-rules.png", rules)
        rules.close()
        window.navigate("organisations")
        shoot("42-organisations.png")
        grading = window.navigate("grading")
        grading.teams.selectRow(0)
        shoot("43-grading-1.png")
        grading.tabs.setCurrentIndex(1)
        shoot("43-grading-2.png")
        window.navigate("calendar")
        shoot("44-calendar.png")
        window.navigate("overview")
        overview = window.page("overview")
        overview.verticalScrollBar().setValue(overview.verticalScrollBar().maximum())
        shoot("45-overview-reminders.png")
        for shot in shots:
            print(shot)
        window.close()
        db.close()


if __name__ == "__main__":
    main()
