"""Start-up imports only what the first screen needs (issue 17: the start within 4× a bare
window). A fresh process goes through the app's real start path (ui.app: translations,
the writer lock, the window) and reports which modules it loaded by the time the first
page is built: printing, Excel, encryption, the official list of communes, the operations
and every page the person has not opened stay out; the first page is built right after
the window shows, and a remembered list page is still the one that opens. A second later
the other pages' modules load on a worker thread, so a page's first open only builds it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STARTER = r"""
import json, os, sys, time
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QSettings
from ui import app as start

QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
qt = start.application()
if len(sys.argv) > 3:
    QSettings().setValue("window/page", sys.argv[3])
desktop = start.Desktop("Người thử")
desktop.authenticate = lambda db, read_only: None  # a file with no accounts: no login dialog
assert desktop.open(Path(sys.argv[1]))
window = desktop.window
built_at_show = sorted(window.pages)
deadline = time.monotonic() + 60
while window.current_key() not in window.pages and time.monotonic() < deadline:
    QCoreApplication.processEvents()
heavy = ["reportlab", "openpyxl", "xlrd", "cryptography", "pypdfium2", "vietnam_provinces", "printing",
         "operations.maintenance", "operations.records", "storage.db.backup", "storage.exchange", "storage.demo",
         "storage.records.registry", "ui.list_page", "ui.history", "ui.welcome",
         "ui.pages.settings", "ui.pages.households", "ui.pages.teams", "ui.pages.evaluation"]
loaded = [name for name in heavy if any(m == name or m.startswith(name + ".") for m in sys.modules)]
page = window.pages.get(window.current_key())
report = {"built_at_show": built_at_show, "current": window.current_key(), "built": sorted(window.pages),
          "page": type(page).__name__, "loaded": loaded, "title": window.windowTitle(),
          "translated": getattr(qt, "_binhyen_translator", None) is not None,
          "cancel": QCoreApplication.translate("QPlatformTheme", "Cancel")}
if os.environ.get("PREFETCH"):  # then wait for the pages' modules, loaded on a worker thread
    from ui.main_window import PAGE_MODULES
    while not all(name in sys.modules for name in PAGE_MODULES) and time.monotonic() < deadline:
        QCoreApplication.processEvents()
    report["prefetched"] = [name for name in PAGE_MODULES if name in sys.modules]
    window.navigate("households")
    report["now"] = window.current_key()
print(json.dumps(report), flush=True)
os._exit(0)
"""


def start(db_path: Path, tmp_path: Path, page: str | None = None, prefetch: bool = False) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PREFETCH="1" if prefetch else "")
    command = [sys.executable, "-c", STARTER, str(db_path), str(tmp_path / "qsettings")] + ([page] if page else [])
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_first_window_loads_only_what_its_first_page_needs(db_path, tmp_path):
    started = start(db_path, tmp_path)
    assert started["loaded"] == []
    assert started["built_at_show"] == []  # the window shows first, its page on the next turn
    assert started["current"] == "overview" and started["built"] == ["overview"]
    assert started["page"] == "OverviewPage"
    assert started["title"].startswith("Công an xã Quảng Tân — ")
    assert started["translated"] and started["cancel"] == "Hủy"  # Qt's Vietnamese texts load at start


def test_a_remembered_list_page_still_opens_first(db_path, tmp_path):
    started = start(db_path, tmp_path, "households")
    assert started["current"] == "households" and started["built"] == ["households"]
    assert started["page"] == "QTabWidget"
    assert "ui.list_page" in started["loaded"] and "ui.pages.households" in started["loaded"]
    assert not {"reportlab", "cryptography", "vietnam_provinces", "ui.pages.settings"} & set(started["loaded"])


def test_the_other_pages_modules_load_in_the_background_after_the_first_page(db_path, tmp_path):
    from ui.main_window import PAGE_MODULES

    started = start(db_path, tmp_path, prefetch=True)
    assert started["loaded"] == []  # when the first page was up
    assert started["prefetched"] == list(PAGE_MODULES)  # then, without any page opened
    assert started["now"] == "households"


def test_every_station_page_has_its_module_named_for_the_start():
    from ui import main_window

    keys = [key for key, _label, _factory in main_window.STATION_PAGES]
    assert sorted(main_window.PAGE_MODULE) == sorted(keys)
    assert set(main_window.PAGE_MODULE.values()) - {"ui.pages.overview"} <= set(main_window.PAGE_MODULES)
