"""Desktop benchmark (issue 3) on a 20,000-household database: time to a shown,
populated main window against a bare QMainWindow in the same run; filtering the
people list as one types; resident memory after scrolling to the end of the list.

Targets: window ≤ 0.8 s and ≤ 4× the bare window; p95 ≤ 50 ms a keystroke;
memory ≤ 250 MB."""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import Timer, current_rss_mb, machine, summary_ms  # noqa: I001 (sets sys.path)

from PySide6.QtCore import QSettings

from storage import demo
from storage.db.connection import open_database
from storage.query.figure_labels import format_number as n
from storage.text import fold
from ui.app import application
from ui.context import AppContext
from ui.list_page import ListPage
from ui.main_window import MainWindow


def settle(app) -> None:
    for _ in range(3):
        app.processEvents()


def child(mode: str, db_path: str | None, page: str | None) -> None:
    """Run in a fresh process: show a window with its lists read, paint it, say so, leave."""
    app = application()
    QSettings().setValue("window/page", page)
    db = open_database(db_path)
    window = MainWindow(AppContext(db, Path(db_path), "bench"))
    window.resize(1280, 800)
    window.show()
    for model in [p.model for p in window.findChildren(ListPage)]:
        model.wait()
    settle(app)
    print("shown", flush=True)


BARE = Path(__file__).resolve().parent / "bare_window.py"


def cold_start(args: list[str], runs: int = 3) -> float:
    """Median wall time from starting a process to its window shown and painted. The
    bare window is its own script importing only PySide6 (importing this file would
    load the whole app first and make the baseline about 2.5× too slow)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        command = [sys.executable, str(BARE)] if args == ["bare"] else [sys.executable, __file__, "--child", *args]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for line in process.stdout:
            if line.strip() == "shown":
                times.append(time.perf_counter() - start)
                break
        process.wait()
    return statistics.median(times)


def typing_latency(app, window: MainWindow, db) -> list[float]:
    """Per keystroke: the list re-filtered and repainted, as after the debounce."""
    window.navigate("teams", 1)
    page = window.current_list()
    names = [r[0] for r in db.conn.execute("SELECT full_name FROM people ORDER BY random() LIMIT 12")]
    samples = []
    for name in names:
        typed = ""
        for char in fold(name):
            typed += char
            with Timer() as t:
                page.model.set_query(typed)
                page.model.wait()
                page.table.viewport().repaint()
            samples.append(t.seconds)
        page.model.set_query("")
    return samples


def main() -> None:
    random.seed(1)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BINHYEN_BENCH_SETTINGS"] = tmp
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        path = Path(tmp) / "demo.db"
        households = int(os.environ.get("HOUSEHOLDS", "20000"))
        demo.generate(path, households_count=households, seed=1).close()
        bare = cold_start(["bare"])
        results = {page: cold_start(["app", str(path), page]) for page in ("overview", "teams")}

        app = application()
        db = open_database(path)
        window = MainWindow(AppContext(db, path, "bench"))
        window.show()
        settle(app)
        samples = typing_latency(app, window, db)
        page = window.current_list()
        page.table.scrollToBottom()
        settle(app)
        rss = current_rss_mb()
        people_count = page.model.rowCount()
        window.close()
        db.close()
    median, p95 = summary_ms(samples)
    print(f"Máy: {machine()}")
    print(f"Cơ sở dữ liệu mẫu {n(households)} hộ, danh sách người {n(people_count)} dòng")
    print("Từ lúc chạy đến khi hiện cửa sổ (trung vị 3 lần, mỗi lần một tiến trình mới):")
    print(f"  QMainWindow trần: {bare * 1000:.0f} ms")
    for key, label in (("overview", "trang Tổng quan"), ("teams", "trang Tổ & thành viên")):
        print(f"  Bình Yên, {label} đủ số liệu: {results[key] * 1000:.0f} ms "
              f"= {results[key] / bare:.2f}× (mục tiêu ≤ 800 ms và ≤ 4×)")
    print(f"Lọc danh sách người khi gõ ({len(samples)} phím): trung vị {median:.1f} ms, p95 {p95:.1f} ms "
          f"(mục tiêu p95 ≤ 50 ms)")
    print(f"Bộ nhớ sau khi cuộn tới cuối danh sách người: {rss:.0f} MB (mục tiêu ≤ 250 MB)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        if os.environ.get("BINHYEN_BENCH_SETTINGS"):
            QSettings.setDefaultFormat(QSettings.Format.IniFormat)
            QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                              os.environ["BINHYEN_BENCH_SETTINGS"])
        child(sys.argv[2], *(sys.argv[3:5] if len(sys.argv) > 3 else (None, None)))
    else:
        main()
