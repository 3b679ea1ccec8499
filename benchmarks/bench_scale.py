"""The largest communes (issue 17): demo communes of 40,000 and 80,000 households (and,
for the growth table, any other size) built once and kept in benchmarks/out/; every
figure printed beside its baseline measured in the same run, as a ratio.

  start    process start to populated window through the real start path (ui.app.Desktop:
           writer lock, start-up checks, the window, the first page's lists read) against a
           truly bare window (benchmarks/bare_window.py: a fresh process importing only
           PySide6); and the GUI thread's longest block while starting
  pages    the GUI thread's longest block (a 5 ms heartbeat timer) while opening every page
           and tab, sorting every column of the long lists and typing into their search,
           printing (Tệp → In…), exporting (Xuất gói) and closing the window, on a copy
  filter   filtering p95 for people, households, pledges, patrols and the audit log (what the
           list's worker does) against the bare query finding the same rows
  size     bytes per household by table (dbstat), indexes and search indexes apart
  check    `check` (operations.maintenance.check) against a bare PRAGMA integrity_check
  export   peak memory of a full export in its own process against the same process that
           only opens the file
  backup   on a copy of the commune: one backup into the store (storage/db/backup_store.py)
           against a plain copy through SQLite's backup API; the store after 23 backups with
           200 record edits between them against 23 plain copies and against one; restoring
           the newest against copying a plain file
  aggregate  the province of 166 communes (Thanh Hóa's 166 codes): minimal packages of the
           largest communes (80.000 / 40.000 / 20.000 households in turn, exported once from
           copies of the cached demo files and re-issued per commune with its own station key,
           kept in benchmarks/out/tinh-166/) imported by the `import` command in its own
           process: records per second against executemany of the same rows into a bare table,
           peak memory against the same process only opening the file, the database's size,
           the same 166 files imported again against hashing them, and whether a backup was made

Run: make bench-scale (SIZES="40000 80000", ONLY="start pages ...")."""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import Timer, machine, percentile  # noqa: I001 (sets sys.path)

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
BARE = HERE / "bare_window.py"
SECTIONS = ("start", "pages", "filter", "size", "check", "export", "backup", "aggregate")


def n(value) -> str:
    return f"{value:,.0f}".replace(",", ".")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms".replace(",", ".")


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}×" if baseline > 0 else "—"


def demo_db(households: int) -> Path:
    """The demo commune of `households` households (seed 1), built once and kept."""
    OUT.mkdir(exist_ok=True)
    final = OUT / f"demo-{households}.db"
    if final.exists():
        from storage.db import migrations
        from storage.db.connection import connect, open_database

        db = connect(final)
        pending = migrations.current_version(db) < migrations.LATEST
        db.close()
        if pending:  # kept from an older schema: brought up to date once (its copy not kept)
            print(f"  nâng cấp lược đồ {final.name}…", file=sys.stderr, flush=True)
            open_database(final).close()
            shutil.rmtree(OUT / "backups", ignore_errors=True)
        return final
    from storage import demo

    building = final.with_suffix(".building")
    for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        leftover.unlink(missing_ok=True)
    print(f"  tạo xã mẫu {n(households)} hộ (một lần, giữ trong {OUT})…", file=sys.stderr, flush=True)
    with Timer() as t:
        demo.generate(building, households_count=households, seed=1).close()
    os.replace(building, final)
    print(f"  xong sau {t.seconds:.0f} s", file=sys.stderr, flush=True)
    return final


def load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


# ---- the GUI thread's heartbeat ------------------------------------------------------
class Heartbeat:
    """A timer ticking every 5 ms on the GUI thread: the longest gap between two ticks is
    the longest the window could not answer."""

    def __init__(self):
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.tick)
        self.reset()
        self.timer.start()

    def tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.worst = 0.0


def spin_until(condition, timeout: float = 120.0, settle: float = 0.1) -> float:
    """Run the event loop until `condition()` holds (then `settle` more seconds); returns
    the seconds until it held."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    start = time.perf_counter()
    held = None
    while True:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        now = time.perf_counter()
        if held is None and condition():
            held = now - start
        if held is not None and now - start >= held + settle:
            return held
        if now - start > timeout:
            return float("nan")
        time.sleep(0.001)


_models: dict[int, tuple[int, list]] = {}


def populated(window, ignore=()) -> bool:
    """Every list of the window read and no background task running. The lists are found
    once per set of built pages: findChildren over a window of every page takes tens of
    milliseconds on the GUI thread and would be measured as the app's. No list exists before
    the app imports ui.list_page (the first page of a fresh start does not): importing it
    here would be counted as the app's start."""
    from ui import tasks

    if window is None:
        return False
    # (a module the app is still importing on its worker has no ListPage yet: no list either)
    list_page = getattr(sys.modules.get("ui.list_page"), "ListPage", None)
    built = (len(getattr(window, "pages", {})), list_page is not None)
    if _models.get(id(window), (None,))[0] != built:
        found = window.findChildren(list_page) if list_page is not None else []
        _models[id(window)] = (built, [page.model for page in found])
    return (not (tasks._running - set(ignore))
            and not any(model.loading for model in _models[id(window)][1]))


def use_settings(folder: str) -> None:
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)


# ---- start ---------------------------------------------------------------------------
def child_start(path: str) -> None:
    """A fresh process through the real start path: ui.app's application and Desktop.open
    (writer lock, start-up checks, window), with the login left out (a demo file has no
    accounts). Says "shown" once the first page's lists are read, then the GUI thread's
    longest block until the start-up work in the background is done."""
    use_settings(os.environ["BINHYEN_BENCH_SETTINGS"])
    from storage.db import lock
    from ui import app as start

    checks = []
    check = start.check_in_background
    start.check_in_background = lambda *args: checks.append(check(*args)) or checks[-1]
    start.application()
    start.setup_logging(start.data_dir() / "logs")
    desktop = start.Desktop("bench")
    desktop.authenticate = lambda db, read_only: None
    beat = Heartbeat()
    beat.reset()
    opened = desktop.open(Path(path))
    window = desktop.window

    def first_page() -> bool:  # built on the event loop's first turn after the window shows
        return window is None or window.current_key() in window.pages

    spin_until(first_page, settle=0)
    spin_until(lambda: True, settle=0)  # painted with its first page: the window is there and answers
    print("painted", flush=True)
    spin_until(lambda: first_page() and populated(window, ignore=checks), settle=0)  # all but the quick check
    print("shown" if opened else "failed", flush=True)
    spin_until(lambda: populated(desktop.window), settle=0)
    print("checked", flush=True)
    spin_until(lambda: True, settle=1.0)
    print(f"block {beat.worst:.4f}", flush=True)
    spin_until(lambda: not any(t.name.startswith("nap-") for t in threading.enumerate()), settle=0)
    beat.reset()  # the baseline: the same event loop with nothing to do, on the machine as loaded now
    spin_until(lambda: True, settle=1.0)
    print(f"idle {beat.worst:.4f}", flush=True)
    lock.release(Path(path))
    os._exit(0)  # no close-time backup of a benchmark file


def cold_start(command: list[str], env: dict, runs: int = 3) -> tuple[float, float | None, float | None]:
    """Median seconds from starting the process to "shown" (and to "checked": the start-up
    checks done), and the worst block it reports."""
    times, checked, painted, blocks, idles = [], [], [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        for line in process.stdout:
            if line.strip() == "shown":
                times.append(time.perf_counter() - start)
            elif line.strip() == "checked":
                checked.append(time.perf_counter() - start)
            elif line.strip() == "painted":
                painted.append(time.perf_counter() - start)
            elif line.startswith("block "):
                blocks.append(float(line.split()[1]))
            elif line.startswith("idle "):
                idles.append(float(line.split()[1]))
        process.wait()
    if not times:
        raise RuntimeError(f"{command} không hiện cửa sổ")
    cold_start.painted = statistics.median(painted) if painted else None
    cold_start.idle = max(idles) if idles else None
    return (statistics.median(times), statistics.median(checked) if checked else None,
            max(blocks) if blocks else None)


START_RUNS = 5


def section_start(path: Path, tmp: Path) -> None:
    """The bare window and the real start one after the other, START_RUNS times (on a
    loaded machine a drift in the load between two series of runs moved the ratio more
    than the app did); medians, and the GUI thread's longest block: median and worst."""
    env = dict(os.environ, BINHYEN_BENCH_SETTINGS=str(tmp / "settings"), BINHYEN_DATA_DIR=str(tmp / "data"))
    bares, reals, checks, paints, blocks, idles = [], [], [], [], [], []
    for _ in range(START_RUNS):
        bares.append(cold_start([sys.executable, str(BARE)], env, runs=1)[0])
        real, checked, block = cold_start([sys.executable, __file__, "--child-start", str(path)], env, runs=1)
        reals.append(real)
        checks.append(checked)
        blocks.append(block)
        paints.append(cold_start.painted)
        idles.append(cold_start.idle)
    checks, blocks, idles = ([x for x in xs if x is not None] or [float("nan")] for xs in (checks, blocks, idles))
    bare, real, painted = statistics.median(bares), statistics.median(reals), statistics.median(paints)
    ratios = sorted(p / b for p, b in zip(paints, bares))
    print(f"  Khởi động thật, trung vị {START_RUNS} lần xen kẽ với cửa sổ trần (chỉ PySide6) {ms(bare)} "
          "(mục tiêu ≤ 800 ms và ≤ 4×):")
    print(f"    cửa sổ hiện và dùng được (khóa ghi, cửa sổ, trang đầu, danh sách đang đọc): {ms(painted)} → "
          f"{ratio(painted, bare)} (từng cặp: {', '.join(f'{r:.2f}×' for r in ratios)})")
    print(f"    đủ số liệu trang đầu (Tổng quan, cả cùng kỳ năm trước): {ms(real)} → {ratio(real, bare)}")
    print(f"  Tới khi xong kiểm tra nhanh khi mở (quick_check, chạy nền sau khi cửa sổ hiện): "
          f"{ms(statistics.median(checks))}")
    print(f"  Luồng giao diện bị chặn lâu nhất khi khởi động: trung vị {ms(statistics.median(blocks))}, "
          f"lâu nhất {ms(max(blocks))} (mục tiêu ≤ 100 ms); cùng vòng sự kiện khi rảnh 1 s (tải của máy): "
          f"trung vị {ms(statistics.median(idles))}")


# ---- pages ---------------------------------------------------------------------------
def _tabs_of(page):
    """The tabs a page shows: the page itself, or its own tab widget (Xếp loại tổ)."""
    from PySide6.QtWidgets import QTabWidget

    if isinstance(page, QTabWidget):
        return page
    tabs = getattr(page, "tabs", None)
    return tabs if isinstance(tabs, QTabWidget) else None


def section_pages(path: Path, tmp: Path) -> None:
    """In its own process, on a copy of the demo file (printing, exporting and closing
    write: numbers, audit entries, the package, the close-time backup): the app's real
    open path (ui.app.Desktop, login left out), every page and tab, sorting and typing,
    then printing, exporting and closing the window as a person would."""
    use_settings(str(tmp / "settings-pages"))
    copy = tmp / "trang.db"
    shutil.copyfile(path, copy)
    from PySide6.QtCore import Qt

    from storage.text import fold
    from ui import app as start
    from ui import tasks
    from ui.list_page import ListPage

    start.application()
    desktop = start.Desktop("bench")
    desktop.authenticate = lambda db, read_only: None
    if not desktop.open(copy):
        raise RuntimeError(f"không mở được {copy}")
    window, db = desktop.window, desktop.db
    window.resize(1280, 800)
    spin_until(lambda: populated(window))  # the start-up quick check included
    beat = Heartbeat()
    rows = []

    def bare_beat() -> float:
        """The baseline: the longest gap between ticks while the event loop does nothing
        for 2 s (what the machine's load alone costs the heartbeat)."""
        beat.reset()
        spin_until(lambda: True, settle=2.0)
        return beat.worst

    bare = bare_beat()

    def idle() -> bool:
        return not tasks._running and (desktop.window is None or populated(desktop.window))

    def measure(label: str, action, done=idle) -> None:
        """The longest block from the action until `done`, and the seconds from the
        action's start (closing waits for its backup inside the action itself)."""
        beat.reset()
        began = time.perf_counter()
        action()
        acted = time.perf_counter() - began
        took = spin_until(done, timeout=900)
        rows.append((label, beat.worst, acted + took))

    for key, label, _factory in window.page_list:
        measure(label, lambda k=key: window.navigate(k))
        tabs = _tabs_of(window.pages[key])
        if tabs is not None:
            for tab in range(1, tabs.count()):
                measure(f"{label} › {tabs.tabText(tab)}", lambda p=tabs, i=tab: p.setCurrentIndex(i))
    lists = {page.key: page for page in window.findChildren(ListPage)}
    rng = random.Random(1)
    names = [r[0] for r in db.conn.execute("SELECT full_name FROM people WHERE deleted_at IS NULL")]
    for key in ("people", "households", "pledges", "patrols"):
        page = lists.get(key)
        if page is None:
            continue
        worst_sort = 0.0
        for column in range(len(page.model.spec.columns)):
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                measure("", lambda p=page, c=column, o=order: p.table.sortByColumn(c, o))
                worst_sort = max(worst_sort, rows.pop()[1])
        worst_type, waits = 0.0, []
        for name in rng.sample(names, 4):
            typed = ""
            for char in fold(name)[:12]:
                typed += char
                measure("", lambda p=page, t=typed: p.model.set_query(t))
                label, worst, took = rows.pop()
                worst_type = max(worst_type, worst)
                waits.append(took)
            page.model.set_query("")
            spin_until(lambda: populated(window))
        rows.append((f"danh sách {key}: sắp xếp mọi cột (tăng, giảm)", worst_sort, None))
        rows.append((f"danh sách {key}: gõ tìm {len(waits)} phím (p95 tới khi hiện dòng "
                     f"{ms(percentile(waits, 0.95))})", worst_type, None))

    # printing: Tệp → In…, the pledges of the largest area to a PDF, the dialog's worker until done
    from ui.print_dialog import PrintDialog

    area_id, households = db.conn.execute(
        "SELECT area_id, count(*) FROM households WHERE deleted_at IS NULL GROUP BY area_id "
        "ORDER BY 2 DESC LIMIT 1").fetchone()
    dialogs = {}

    def print_pledges() -> None:
        dialog = dialogs["print"] = PrintDialog(window.context, window, kind="pledges", area_id=area_id)
        dialog.open_after.setChecked(False)
        dialog.scope.setCurrentIndex(max(0, dialog.scope.findData("area")))
        dialog.path.setText(str(tmp / "ban-cam-ket.pdf"))
        dialog.show()
        dialog.start()

    measure(f"in: bản cam kết của một địa bàn ({n(households)} hộ) qua hộp thoại In, ghi tệp PDF", print_pledges,
            lambda: idle() and (dialogs["print"].result_path is not None or bool(dialogs["print"].error.text())))
    printed = dialogs["print"].result_path
    rows[-1] = (rows[-1][0] + (f" ({n(Path(printed).stat().st_size / 1e3)} KB)" if printed
                               else f" — THẤT BẠI: {dialogs['print'].error.text()}"), rows[-1][1], rows[-1][2])
    dialogs["print"].close()

    # exporting: Tệp → Xuất gói gửi cấp trên…, a full package (no superior key: unencrypted, as agreed)
    from ui.export_dialog import ExportDialog

    def open_export() -> None:
        dialog = dialogs["export"] = ExportDialog(window.context, window)
        dialog.show()

    measure("xuất gói: mở hộp thoại (kế hoạch gửi)", open_export)

    def export_package() -> None:
        dialog = dialogs["export"]
        dialog.full.setChecked(True)
        dialog.plain_ok.setChecked(True)
        dialog.path.setText(str(tmp / "goi-trang.byx"))
        dialog.start()

    measure("xuất gói toàn bộ chạy nền, tới khi ghi xong tệp", export_package,
            lambda: idle() and (dialogs["export"].manifest is not None or bool(dialogs["export"].error.text())))
    package = tmp / "goi-trang.byx"
    rows[-1] = (rows[-1][0] + (f" ({n(package.stat().st_size / 1e6)} MB)" if dialogs["export"].manifest is not None
                               else f" — THẤT BẠI: {dialogs['export'].error.text()}"), rows[-1][1], rows[-1][2])
    dialogs["export"].close()

    # closing: the window's close path (ui.app.Desktop.close_current: the close-time backup
    # when anything changed, the file closed, the lock released), until nothing runs
    measure("đóng cửa sổ (sao lưu khi đóng, đóng tệp, nhả khóa)", desktop.close_current,
            lambda: not tasks._running)
    bare_after = bare_beat()
    print("  Luồng giao diện bị chặn lâu nhất (nhịp 5 ms), mục tiêu ≤ 100 ms, và tỉ lệ với nhịp trần (vòng sự kiện "
          f"không làm gì 2 s: {ms(bare)} trước, {ms(bare_after)} sau); thời gian tới khi trang đủ dòng"
          " (in, xuất, đóng: tới khi xong):")
    for label, worst, took in rows:
        mark = "✔" if worst <= 0.1 else "✘"
        after = "xong" if label.startswith(("in:", "xuất gói", "đóng cửa sổ")) else "đủ dòng"
        print(f"    {label}: {ms(worst)} → {ratio(worst, bare)} {mark}"
              + (f" ({after} sau {ms(took)})" if took is not None else ""))


# ---- filtering -----------------------------------------------------------------------
def section_filter(path: Path) -> None:
    from storage.db.connection import open_read_only
    from storage.query.listing import LISTS
    from storage.records import audit
    from storage.text import fold

    db = open_read_only(path)
    rng = random.Random(2)

    def typed_prefixes(words: list[str], count: int) -> list[str]:
        out = []
        for text in rng.sample(words, min(count, len(words))):
            folded = fold(text)[:14]
            out += [folded[:i] for i in range(2, len(folded) + 1) if folded[i - 1] != " "]
        return out

    heads = [r[0] for r in db.conn.execute("SELECT full_name FROM people WHERE relation_to_head = 'head' "
                                            "AND deleted_at IS NULL")]
    routes = [r[0] for r in db.conn.execute("SELECT DISTINCT route FROM patrols WHERE route != ''")]
    queries = {"people": typed_prefixes(heads, 10), "households": typed_prefixes(heads, 10),
               "pledges": typed_prefixes(heads, 10), "patrols": typed_prefixes(routes, 10)}
    print("  Lọc khi gõ (mỗi phím: tìm tập mã khớp rồi giữ đúng thứ tự đang sắp xếp), p95, mục tiêu ≤ 50 ms và ≤ 2×:")
    for key, texts in queries.items():
        spec = LISTS[key]
        rows = db.conn.execute(f"SELECT count(*) FROM {spec.table} WHERE deleted_at IS NULL").fetchone()[0]
        ordered = spec.ordered_ids(db)
        positions = None
        app_times, bare_times = [], []
        for text in texts:
            bare_sql, bare_params = spec.bare_match(text)
            with Timer() as bare:
                db.conn.execute(bare_sql, bare_params).fetchall()
            with Timer() as t:  # as the list's worker (ui/table_model.py) does for each keystroke
                if positions is None:
                    positions = spec.positions(ordered)
                spec.shown(db, text, ordered, positions)
            bare_times.append(bare.seconds)
            app_times.append(t.seconds)
        app95, bare95 = percentile(app_times, 0.95), percentile(bare_times, 0.95)
        mark = "✔" if app95 <= 0.05 and app95 <= 2 * bare95 else "✘"
        print(f"    {key} ({n(rows)} dòng, {len(texts)} phím): {app95 * 1000:.1f} ms; truy vấn trần "
              f"{bare95 * 1000:.1f} ms → {ratio(app95, bare95)} {mark}")
    actors = audit.actors(db)
    entries = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    app_times, bare_times = [], []
    for actor in actors * 5:
        with Timer() as bare:
            db.conn.execute("SELECT * FROM audit_log WHERE actor = ? ORDER BY id DESC LIMIT 2000", (actor,)).fetchall()
        with Timer() as t:
            audit.entries(db, actor=actor, limit=2000)
        bare_times.append(bare.seconds)
        app_times.append(t.seconds)
    app95, bare95 = percentile(app_times, 0.95), percentile(bare_times, 0.95)
    mark = "✔" if app95 <= 0.05 and app95 <= 2 * bare95 else "✘"
    print(f"    nhật ký thao tác ({n(entries)} mục, lọc theo người, 2.000 mục mới nhất): {app95 * 1000:.1f} ms; "
          f"truy vấn trần {bare95 * 1000:.1f} ms → {ratio(app95, bare95)} {mark}")
    db.close()


# ---- size ----------------------------------------------------------------------------
def section_size(path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    households = conn.execute("SELECT count(*) FROM households WHERE deleted_at IS NULL").fetchone()[0]
    kinds = dict(conn.execute("SELECT name, type FROM sqlite_master"))
    owner = dict(conn.execute("SELECT name, tbl_name FROM sqlite_master"))
    sizes = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    total = sum(size for _name, size in sizes)
    groups: dict[str, int] = {}
    for name, size in sizes:
        if name.startswith("search_index") or name.startswith("list_search"):
            group = "chỉ mục tìm kiếm (FTS5)"
        elif name.startswith("audit_log") or owner.get(name) == "audit_log":
            group = "nhật ký thao tác (bảng và chỉ mục)"
        elif kinds.get(name) == "index" or name.startswith("sqlite_autoindex"):
            group = "chỉ mục các bảng khác"
        else:
            group = "các bảng hồ sơ khác"
        groups[group] = groups.get(group, 0) + size
    print(f"  Dung lượng: {n(total / 1e6)} MB cho {n(households)} hộ = {n(total / households)} byte/hộ")
    for group, size in sorted(groups.items(), key=lambda g: -g[1]):
        print(f"    {group}: {n(size / households)} byte/hộ ({size / total:.0%})")
    print("    lớn nhất: " + "; ".join(f"{name} {n(size / households)}" for name, size in sizes[:8]))
    by_table: dict[str, list[int]] = {}  # each table with its own indexes (FTS5 with its shadow tables)
    for name, size in sizes:
        table = owner.get(name, name)
        for fts in ("search_index", "list_search"):
            if table.startswith(fts + "_"):
                table = fts
        row = by_table.setdefault(table, [0, 0])
        row[0 if kinds.get(name) != "index" and not name.startswith("sqlite_autoindex") else 1] += size
    print("    theo bảng (bảng + chỉ mục của nó), byte/hộ: " + "; ".join(
        f"{table} {n((data + index) / households)} ({n(data / households)} + {n(index / households)})"
        for table, (data, index) in sorted(by_table.items(), key=lambda t: -sum(t[1]))[:10]))
    conn.close()


# ---- check ---------------------------------------------------------------------------
def section_check(path: Path) -> None:
    import sqlite3

    from operations import maintenance
    from operations.base import Actor
    from storage.db.connection import open_database

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with Timer() as bare:
        conn.execute("PRAGMA integrity_check").fetchall()
    conn.close()
    db = open_database(path)
    marks: list[tuple[float, int, int]] = []
    with Timer() as t:  # the steps as the app's progress dialog and the command line hear them
        results = maintenance.check(db, Actor("bench"), progress=lambda done, total, _message: marks.append(
            (time.perf_counter(), done, total))).value
    steps = [(maintenance.CHECK_STEPS[done], after[0] - at) for (at, done, total), after in zip(marks, marks[1:])
             if done < total]
    # Hủy halfway through the integrity check: how long until SQLite's progress handler stops it
    delay = bare.seconds / 2
    begun = time.perf_counter()
    with Timer() as stopped:
        value = maintenance.check(db, Actor("bench"), cancelled=lambda: time.perf_counter() - begun > delay).value
    db.close()
    ok = "ổn" if all(r.ok for r in results) else "CÓ LỖI"
    print(f"  check (toàn vẹn, khóa ngoại, chuỗi nhật ký, mốc): {t.seconds:.1f} s ({ok}); "
          f"PRAGMA integrity_check trần {bare.seconds:.1f} s → {ratio(t.seconds, bare.seconds)}")
    print("    từng bước (tiến độ báo cho hộp tiến độ và dòng lệnh): "
          + "; ".join(f"{name} {seconds:.1f} s" for name, seconds in steps))
    print(f"    Hủy sau {ms(delay)} (giữa integrity_check): dừng sau {ms(stopped.seconds - delay)}"
          + ("" if value is None else " — KHÔNG DỪNG"))


# ---- export --------------------------------------------------------------------------
def child_export(path: str, out: str, only_open: bool, named: bool = False) -> None:
    """In its own process: a full export of the file (or only opening it, the baseline);
    `named`: with the named lists of residents (households, people, pledges, cases)."""
    from storage.db.connection import open_database
    from storage.exchange import keys, package
    from storage.query.periods import parse_period
    from storage.records import unit

    db = open_database(path)
    if not only_open:
        aggregator = open_database(Path(out).with_suffix(".tinh.db"))
        unit.initialise(aggregator, "bench", role="aggregator", province=unit.get_unit(db).province_code)
        public = keys.public_key_file(aggregator)
        aggregator.close()
        keys.trust_superior(db, "bench", public, replace=True)  # the second mode trusts its own aggregator
        start = time.perf_counter()
        package.export(db, "bench", parse_period(str(time.localtime().tm_year)), Path(out), full=True,
                       residents_reason="Công an tỉnh yêu cầu rà soát (đo hiệu năng)" if named else None)
        print(f"seconds {time.perf_counter() - start:.2f}", flush=True)
    db.close()


def peak_of(command: list[str]) -> tuple[float, str]:
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    output = process.stdout.read()
    _pid, _status, usage = os.wait4(process.pid, 0)
    return usage.ru_maxrss / 1024, output


def section_export(path: Path, tmp: Path) -> None:
    copy = tmp / "xuat.db"
    shutil.copyfile(path, copy)  # the export writes its own record and audit entry
    idle, _ = peak_of([sys.executable, __file__, "--child-export", str(copy), str(tmp / "goi.byx"), "open"])
    for mode, label in (("full", "tối thiểu (mặc định)"), ("named", "kèm danh sách cư dân có tên")):
        out = tmp / f"goi-{mode}.byx"  # each with its own aggregator file beside it
        peak, output = peak_of([sys.executable, __file__, "--child-export", str(copy), str(out), mode])
        seconds = next((float(line.split()[1]) for line in output.splitlines() if line.startswith("seconds ")),
                       None)
        size = out.stat().st_size if out.exists() else 0
        print(f"  Xuất gói toàn bộ, {label}: bộ nhớ đỉnh {n(peak)} MB; cùng tiến trình chỉ mở tệp: {n(idle)} MB → "
              f"{ratio(peak, idle)}; {seconds:.1f} s; gói {n(size / 1e6)} MB" if seconds is not None
              else f"  Xuất gói toàn bộ ({label}) thất bại; bộ nhớ đỉnh {n(peak)} MB")
    for leftover in tmp.glob("xuat.db*"):
        leftover.unlink()


# ---- backups -------------------------------------------------------------------------
def section_backup(path: Path, tmp: Path, days: int = 22) -> None:
    """On a copy: one backup against a plain backup-API copy, then `days` days of 200 record
    edits (through the repository, each its own transaction as in the app) each followed by
    a backup (make_backup: snapshot, quick_check, chunks, manifest, thinning), so 23 are
    kept; the store's size against 23 plain copies and one; restoring the newest (rebuilt
    and checked, safety backup, restore) against copying the plain file."""
    import sqlite3
    import statistics

    from storage.db import backup, backup_store
    from storage.db.connection import open_database
    from storage.records.people import people

    work = tmp / "sao-luu"
    work.mkdir()
    copy = work / path.name
    for suffix in ("", "-wal"):
        if Path(f"{path}{suffix}").exists():
            shutil.copyfile(f"{path}{suffix}", f"{copy}{suffix}")
    db = open_database(copy)
    plain = tmp / "ban-thuong.db"

    def plain_copy() -> float:
        plain.unlink(missing_ok=True)
        with Timer() as t:
            target = sqlite3.connect(plain)
            db.conn.backup(target)
            target.close()
        return t.seconds

    bare = [plain_copy()]
    with Timer() as before:  # what a backup was until now: a full copy, checked with quick_check
        backup.backup_to_file(db, tmp / "nhu-truoc.db")
    (tmp / "nhu-truoc.db").unlink()
    with Timer() as first:
        backup.make_backup(db, copy, "ngay-00")
    folder = backup.folder_for(copy)
    after_first = backup_store.stored_bytes(folder)
    ids = [row[0] for row in db.conn.execute("SELECT id FROM people WHERE deleted_at IS NULL")]
    rng = random.Random(17)
    daily, edits = [], []
    for day in range(1, days + 1):
        with Timer() as edited:
            for _ in range(200):
                people.update(db, "bench", rng.choice(ids), notes=f"ghi chú ngày {day}: {rng.random():.6f}")
        edits.append(edited.seconds)
        with Timer() as t:
            backup.make_backup(db, copy, f"ngay-{day:02d}")  # a reason a person gives: kept a year
        daily.append(t.seconds)
        if day in (days // 2, days):
            bare.append(plain_copy())
    kept = backup.list_backups(copy)
    stored = backup_store.stored_bytes(folder)
    one = plain.stat().st_size
    base = statistics.median(bare)
    each = statistics.median(daily)
    print(f"  Sao lưu (kho khối {backup_store.CHUNK_SIZE // 1024} KiB, zlib mức {backup_store.LEVEL}); "
          f"bản sao trần qua backup API {ms(base)} ({n(one / 1e6)} MB)")
    print(f"    bản đầu tiên (mọi khối mới): {ms(first.seconds)} → {ratio(first.seconds, base)} bản trần; "
          f"kho {n(after_first / 1e6)} MB = {ratio(after_first, one)} một bản trần")
    print(f"    mỗi bản sau một ngày 200 lần sửa (trung vị {len(daily)} bản, có quick_check, băm, nén khối mới, "
          f"tỉa): {ms(each)} (tối đa {ms(max(daily))}) → {ratio(each, base)} bản trần, {ratio(each, before.seconds)} "
          f"bản sao lưu kiểu cũ (chép toàn bộ + quick_check, {ms(before.seconds)}); 200 lần sửa "
          f"{ms(statistics.median(edits))}")
    print(f"    {len(kept)} bản giữ: kho {n(stored / 1e6)} MB; {len(kept)} bản trần {n(len(kept) * one / 1e6)} MB → "
          f"{ratio(stored, len(kept) * one)}; {len(kept)} bản tốn {ratio(stored, one)} một bản trần "
          f"(mỗi ngày thêm {n((stored - after_first) / max(days, 1) / 1e6)} MB)")
    newest = kept[0].path
    rebuilt = tmp / "dung-lai.db"
    with Timer() as rebuild:
        backup_store.rebuild(newest, rebuilt)
    rebuilt.unlink()
    with Timer() as copied:
        shutil.copyfile(plain, tmp / "chep-thuong.db")
    (tmp / "chep-thuong.db").unlink()
    db.close()
    with Timer() as restored:
        backup.restore(copy, newest, "bench")
    print(f"    khôi phục bản mới nhất (dựng lại + kiểm tra mã băm, integrity_check, bản an toàn, chép vào): "
          f"{ms(restored.seconds)}; chỉ dựng lại {ms(rebuild.seconds)}; chép tệp trần {ms(copied.seconds)} → "
          f"{ratio(restored.seconds, copied.seconds)} (dựng lại {ratio(rebuild.seconds, copied.seconds)}); tải {load()}")
    with Timer() as encrypted:  # the USB second place: still a whole copy each time, encrypted (scrypt included)
        usb = backup.encrypt_copy(plain, tmp / "usb", "mật khẩu đo thử")
    on_stick = usb.stat().st_size
    print(f"    nơi thứ hai (USB, bản đầy đủ mã hóa): {ms(encrypted.seconds)} mỗi bản, {n(on_stick / 1e6)} MB → "
          f"{len(kept)} bản {n(len(kept) * on_stick / 1e6)} MB = {ratio(len(kept) * on_stick, one)} một bản trần")
    shutil.rmtree(tmp / "usb", ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    plain.unlink(missing_ok=True)


# ---- the aggregator at 166 communes -----------------------------------------------
PROVINCE = 38  # Thanh Hóa: 166 communes after the 2025 mergers
PROVINCE_DIR = OUT / "tinh-166"
PROVINCE_SIZES = (80000, 40000, 20000)


def read_only_copy(source: Path, target: Path) -> None:
    """A copy of a cached demo file through SQLite's backup, the source opened read only."""
    import sqlite3

    conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    conn.backup(copy)
    copy.close()
    conn.close()


def reissue(agg, base: Path, target: Path, commune, sequence: int = 1) -> None:
    """The base package as if commune `commune` had sent it: its own station uuid and
    signing key, the same files, signed and sealed by the package code (Sealer)."""
    import base64
    import json
    import uuid
    import zipfile

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from storage.exchange import keys, package, reader
    from storage.text import lower_first

    archive, entries, manifest, *_ = reader.open_signed(agg, base)
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(keys.RAW, keys.RAW_PUBLIC)
    manifest = {**manifest, "sequence": sequence, "created_at": manifest["created_at"]}
    manifest["station"] = {**manifest["station"], "uuid": str(uuid.uuid4()),
                           "name": f"Công an {lower_first(commune.name)}", "province_code": PROVINCE,
                           "commune_code": commune.code, "commune_name": commune.name,
                           "signing_key": base64.b64encode(public).decode(), "fingerprint": keys.fingerprint(public)}
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    with open(target, "wb") as handle:
        sealer = package.Sealer(handle, keys.encryption_public(agg))
        with zipfile.ZipFile(sealer, "w", zipfile.ZIP_DEFLATED) as out:
            for name in manifest["files"]:
                with archive.open(entries[name]) as source, out.open(name, "w") as sink:
                    shutil.copyfileobj(source, sink, 1 << 20)
            out.writestr("manifest.json", manifest_bytes)
            out.writestr("manifest.sig", key.sign(manifest_bytes))
        sealer.close()


def province_packages(tmp: Path) -> tuple[Path, list[Path]]:
    """The aggregator's empty file (its keys) and the 166 packages, made once and kept."""
    from storage.db.connection import open_database
    from storage.exchange import keys, package
    from storage.exchange.package import MAJOR, MINOR
    from storage.query.periods import parse_period
    from storage.records import unit
    from storage.reference.provinces import communes_of

    communes = communes_of(PROVINCE)
    template = PROVINCE_DIR / "tinh-mau.db"
    done = PROVINCE_DIR / f"xong-{MAJOR}.{MINOR}"
    files = [PROVINCE_DIR / f"goi-{c.code}.byx" for c in communes]
    if done.exists() and template.exists() and all(f.exists() for f in files):
        return template, files
    shutil.rmtree(PROVINCE_DIR, ignore_errors=True)
    PROVINCE_DIR.mkdir(parents=True)
    print(f"  tạo {len(communes)} gói tối thiểu của tỉnh mã {PROVINCE} (một lần, giữ trong {PROVINCE_DIR})…",
          file=sys.stderr, flush=True)
    agg = open_database(template)
    unit.initialise(agg, "bench", role="aggregator", province=PROVINCE)
    keys.ensure_keys(agg, "bench")
    public = keys.public_key_file(agg)
    period = parse_period(str(time.localtime().tm_year))
    bases = []
    for households in PROVINCE_SIZES:
        copy, cached = tmp / f"xa-{households}.db", OUT / f"demo-{households}.db"
        read_only_copy(cached if cached.exists() else demo_db(households), copy)  # never upgraded in place
        station = open_database(copy)
        keys.trust_superior(station, "bench", public)
        bases.append(tmp / f"goi-{households}.byx")
        package.export(station, "bench", period, bases[-1], full=True)  # minimal: residents as counts
        station.close()
        for leftover in tmp.glob(f"xa-{households}.db*"):
            leftover.unlink()
    for index, (commune, target) in enumerate(zip(communes, files)):
        reissue(agg, bases[index % len(bases)], target, commune)
    agg.close()
    done.write_text("ok")
    return template, files


def child_aggregate(path: str, folder: str, receipts: str, only_open: bool) -> None:
    """In its own process: the `import` command a province clerk runs (or only opening the file)."""
    if only_open:
        from storage.db.connection import open_database

        open_database(path).close()
        return
    import contextlib
    import io

    import main as app

    start = time.perf_counter()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = app.main(["import", "--db", path, folder, "--trust-new", "--receipts", receipts])
    seconds = time.perf_counter() - start
    statuses: dict[str, int] = {}
    for line in out.getvalue().splitlines():
        if line.startswith("goi-") and ": " in line:
            status = line.split(": ", 1)[1].split(" — ")[0]
            statuses[status] = statuses.get(status, 0) + 1
    print(f"seconds {seconds:.3f}", flush=True)
    print(f"code {code}", flush=True)
    print("statuses " + "; ".join(f"{k} {v}" for k, v in sorted(statuses.items())), flush=True)


def bare_insert_rate(files: list[Path], template: Path, tmp: Path) -> tuple[int, float]:
    """executemany of the same rows (station, table, uuid, version, updated_at,
    deleted_at, line) into a bare table of a fresh file (WAL, synchronous FULL, like the
    app's), one transaction; the rows are read from the packages before the clock starts."""
    import sqlite3

    from storage.db.connection import open_database
    from storage.exchange.reader import open_package

    agg = open_database(tmp / "doc.db")
    read_only_copy(template, tmp / "doc.db")
    agg.close()
    agg = open_database(tmp / "doc.db")
    rows_of: dict[int, list[tuple]] = {}
    for index in range(len(PROVINCE_SIZES)):
        opened = open_package(agg, files[index])
        rows_of[index] = [(table, r.uuid, r.version, r.updated_at, r.deleted_at, r.line)
                          for table, records in opened.records.items() for r in records]
        del opened
    agg.close()
    conn = sqlite3.connect(tmp / "tran.db")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE bare (station_uuid TEXT, table_name TEXT, uuid TEXT, version INTEGER, "
                 "updated_at TEXT, deleted_at TEXT, data TEXT)")
    total = 0
    start = time.perf_counter()
    with conn:
        for index in range(len(files)):
            rows = rows_of[index % len(PROVINCE_SIZES)]
            station = f"station-{index}"
            conn.executemany("INSERT INTO bare VALUES (?, ?, ?, ?, ?, ?, ?)", ((station, *row) for row in rows))
            total += len(rows)
    seconds = time.perf_counter() - start
    conn.close()
    for leftover in tmp.glob("tran.db*"):
        leftover.unlink()
    for leftover in tmp.glob("doc.db*"):
        leftover.unlink()
    return total, seconds


def section_aggregate(tmp: Path) -> None:
    import hashlib
    import sqlite3

    template, files = province_packages(tmp)
    print(f"== Tỉnh {len(files)} xã (gói tối thiểu, {n(sum(f.stat().st_size for f in files) / 1e6)} MB); "
          f"tải {load()}", flush=True)
    (tmp / "tinh").mkdir(exist_ok=True)  # its own folder: its backups apart from the stations' copies
    target, receipts = tmp / "tinh" / "tinh.db", tmp / "bien-nhan"
    receipts.mkdir(exist_ok=True)
    read_only_copy(template, target)
    folder = PROVINCE_DIR
    command = [sys.executable, __file__, "--child-aggregate", str(target), str(folder), str(receipts)]
    idle, _ = peak_of([*command, "open"])
    peak, output = peak_of([*command, "import"])
    values = dict(line.split(" ", 1) for line in output.splitlines() if " " in line)
    seconds = float(values.get("seconds", "nan"))
    conn = sqlite3.connect(target)
    records = conn.execute("SELECT count(*) FROM station_records").fetchone()[0]
    stations = conn.execute("SELECT count(*) FROM stations").fetchone()[0]
    conn.close()
    def before_importing() -> list[str]:
        from storage.db import backup

        return sorted(b.path.name for b in backup.list_backups(target) if b.reason == "truoc-nhap")

    made = before_importing()
    total, bare = bare_insert_rate(files, template, tmp)
    rate, bare_rate = records / seconds, total / bare
    print(f"  Nhập {len(files)} gói (lệnh import, {values.get('statuses', '?')}; mã thoát {values.get('code')}): "
          f"{seconds:.1f} s, {n(records)} hồ sơ của {stations} xã → {n(rate)} hồ sơ/s; executemany trần cùng "
          f"{n(total)} dòng {bare:.1f} s → {n(bare_rate)} dòng/s; tỉ lệ {rate / bare_rate:.2f}× (mục tiêu ≥ 0,3×)")
    print(f"  Bộ nhớ đỉnh khi nhập {n(peak)} MB; cùng tiến trình chỉ mở tệp {n(idle)} MB → {ratio(peak, idle)} "
          "(mục tiêu ≤ 500 MB)")
    size = sum(p.stat().st_size for p in target.parent.glob("tinh.db*"))
    print(f"  Cơ sở dữ liệu tổng hợp: {n(size / 1e6)} MB ({n(size / max(records, 1))} byte/hồ sơ)")
    print(f"  Sao lưu trước khi nhập: {'không (chỉ thêm xã mới)' if not made else ', '.join(made)}")
    again_peak, output = peak_of([*command, "import"])
    values = dict(line.split(" ", 1) for line in output.splitlines() if " " in line)
    again = float(values.get("seconds", "nan"))
    start = time.perf_counter()
    for path in files:
        hashlib.sha256(path.read_bytes()).hexdigest()
    hashing = time.perf_counter() - start
    made_again = before_importing()
    from storage.db.connection import open_database  # the command above brought the file up to date
    from storage.exchange import importer

    agg = open_database(target)
    known = []
    for path in files:  # what the command does per file, timed alone: hash the file, look it up
        start = time.perf_counter()
        report = importer.known_file(agg, path)
        known.append(time.perf_counter() - start)
        assert report is not None and report.status == importer.UNCHANGED
    agg.close()
    print(f"  Nhập lại {len(files)} gói không đổi ({values.get('statuses', '?')}): {again:.2f} s, "
          f"{again / len(files) * 1000:.1f} ms/gói; băm trần các tệp {hashing:.2f} s → {ratio(again, hashing)}; "
          f"sao lưu: {'không' if made_again == made else ', '.join(sorted(set(made_again) - set(made)))}; "
          f"bộ nhớ đỉnh {n(again_peak)} MB (lệnh gồm cả mở tệp và nâng cấp lược đồ nếu có)")
    print(f"  Nhận ra một gói đã nhập theo mã băm (băm tệp + tra bảng packages): trung vị "
          f"{ms(statistics.median(known))}, lớn nhất {ms(max(known))}; băm trần trung bình "
          f"{ms(hashing / len(files))} → {ratio(statistics.median(known), hashing / len(files))}")
    shutil.rmtree(target.parent, ignore_errors=True)
    shutil.rmtree(receipts, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[40000, 80000])
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    args = parser.parse_args()
    print(f"Máy: {machine()}; tải lúc bắt đầu (1/5/15 phút): {load()}")
    print(f"Ngày đo: {time.strftime('%d/%m/%Y %H:%M')}")
    if "aggregate" in args.only:  # the province, once for every size
        with tempfile.TemporaryDirectory() as folder:
            section_aggregate(Path(folder))
    for households in args.sizes:
        if not set(args.only) - {"aggregate"}:
            break
        path = demo_db(households)
        print(f"== Xã mẫu {n(households)} hộ ({path.name}, {n(path.stat().st_size / 1e6)} MB); tải {load()}",
              flush=True)
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            for section in args.only:
                if section == "pages":  # Qt in its own process per size: nothing carried over
                    subprocess.run([sys.executable, __file__, "--child-pages", str(path), str(tmp)], check=True)
                elif section == "start":
                    section_start(path, tmp)
                elif section == "filter":
                    section_filter(path)
                elif section == "size":
                    section_size(path)
                elif section == "check":
                    section_check(path)
                elif section == "export":
                    section_export(path, tmp)
                elif section == "backup":
                    section_backup(path, tmp)
                sys.stdout.flush()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child-start":
        child_start(sys.argv[2])
    elif len(sys.argv) > 1 and sys.argv[1] == "--child-pages":
        section_pages(Path(sys.argv[2]), Path(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--child-aggregate":
        child_aggregate(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5] == "open")
    elif len(sys.argv) > 1 and sys.argv[1] == "--child-export":
        child_export(sys.argv[2], sys.argv[3], sys.argv[4] == "open", sys.argv[4] == "named")
    else:
        main()
