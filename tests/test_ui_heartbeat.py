"""The GUI thread never blocks (issue 17): a timer ticks every 20 ms on the GUI thread
while the window opens on a demo commune large enough to show the problem, every page
and tab opens, the long lists are sorted by every column and filtered as one types; no
tick may come later than 100 ms after the one before. (Before lists were read on
workers, opening Hộ gia đình alone held the window for over a second at 80,000
households; here, at a few thousand, several steps took 150–600 ms.)"""

from __future__ import annotations

import gc
import os
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QTabWidget

from storage import demo
from storage.db.connection import open_database
from tests.conftest import ACTOR
from ui import tasks
from ui.context import AppContext
from ui.list_page import ListPage
from ui.main_window import MainWindow

HOUSEHOLDS = int(os.environ.get("BINHYEN_HEARTBEAT_HOUSEHOLDS", "6000"))
LIMIT = 0.100


class Heartbeat:
    def __init__(self):
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self.tick)
        self.reset()
        self.timer.start()

    def tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def reset(self) -> None:
        self.last, self.worst = time.perf_counter(), 0.0


@pytest.fixture(scope="module")
def commune(tmp_path_factory):
    path = tmp_path_factory.mktemp("heartbeat") / "xa-mau.db"
    demo.generate(path, households_count=HOUSEHOLDS, seed=3).close()
    return path


def wait_until(condition, timeout: float = 60.0, after: float = 0.0) -> None:
    """Run the event loop until `condition()` holds, then `after` seconds more."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.perf_counter() + timeout
    while not condition():
        assert time.perf_counter() < deadline, "quá thời gian chờ"
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.002)
    end = time.perf_counter() + after
    while time.perf_counter() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.002)


def heartbeat_steps(commune) -> list[tuple[str, float]]:
    """(step, the longest gap between two ticks during it) for every step. The pages'
    modules are imported first: what is measured here is the work that grows with the
    commune; importing code on a page's first open (Cài đặt: ~50 ms of its 90 ms) is a
    fixed cost, counted in bench_scale's start and page figures."""
    import importlib

    import ui.pages.superior  # noqa: F401
    from ui.main_window import PAGE_MODULES
    from ui.pages import evaluation, evaluation_calendar, evaluation_grading, evaluation_subjects  # noqa: F401

    for name in ("ui.pages.overview", *PAGE_MODULES):  # the app loads them on a worker after its first page
        importlib.import_module(name)

    gc.collect()
    from ui.app import settle_memory

    settle_memory()  # as the app does once its window shows
    beat = Heartbeat()
    late: list[tuple[str, float]] = []
    state = {"window": None, "models": []}

    earlier = set(tasks._running)  # tasks other tests left behind are not this run's

    def idle() -> bool:
        return not (tasks._running - earlier) and not any(model.loading for model in state["models"])

    def step(label: str, action) -> None:
        beat.reset()
        action()
        wait_until(idle, after=0.06)  # a tick after the last result was applied
        late.append((label, beat.worst))

    def open_window() -> None:
        db = open_database(commune)
        state["window"] = MainWindow(AppContext(db, commune, ACTOR))
        state["window"].show()

    step("cửa sổ", open_window)
    window = state["window"]
    for key, label, _factory in window.page_list:
        def show(k=key):
            window.navigate(k)
            state["models"] = [page.model for page in window.findChildren(ListPage)]
        step(label, show)
        page = window.pages[key]
        tabs = page if isinstance(page, QTabWidget) else getattr(page, "tabs", None)  # Xếp loại tổ has its own
        if isinstance(tabs, QTabWidget):
            for tab in range(1, tabs.count()):
                step(f"{label} › {tabs.tabText(tab)}", lambda p=tabs, i=tab: p.setCurrentIndex(i))
    lists = {page.key: page for page in window.findChildren(ListPage)}
    assert {"people", "households", "pledges", "patrols"} <= set(lists)
    for key in ("people", "households", "pledges", "patrols"):
        page = lists[key]
        assert page.model.rowCount() > 1000  # large enough to show a block
        for column in range(len(page.model.spec.columns)):
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                step(f"{key}: sắp xếp cột {column}", lambda p=page, c=column, o=order: p.table.sortByColumn(c, o))
        for typed in ("n", "ng", "ngu", "nguy", "nguyen", "nguyen v", "nguyen va", ""):
            step(f"{key}: gõ “{typed}”", lambda p=page, t=typed: p.model.set_query(t))
    window.close()
    window.context.db.close()
    gc.unfreeze()  # the tests after this one start as they would have
    return late


@pytest.fixture(scope="module")
def steps(commune, qapp, tmp_path_factory):
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path_factory.mktemp("heartbeat-settings")))
    return heartbeat_steps(commune)


def test_no_tick_later_than_100_ms(steps):
    assert len(steps) > 100
    # Xếp loại tổ (a table over a model since issue 17; a row of widgets per team before,
    # 230 ms here) and Lịch năm are checked like every other page
    assert {"Xếp loại tổ", "Xếp loại tổ › Tổ bảo vệ ANTT", "Lịch năm", "Cài đặt"} <= {label for label, _worst in steps}
    slow = [(label, round(worst * 1000)) for label, worst in steps if worst > LIMIT]
    assert slow == [], f"luồng giao diện bị chặn quá 100 ms: {slow}"
