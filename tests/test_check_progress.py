"""`check` in the background with progress (issue 17): at 80,000 households it takes
about 10 s. One operation (operations.maintenance.check) serves the app and the command
line through its `progress` and `cancelled` arguments: the app runs it from Tệp → Kiểm
tra tệp dữ liệu… on a worker, its progress dialog names the step running and Hủy stops
it (SQLite's progress handler interrupts the statement running); the command line
prints the steps on stderr when it is a terminal, and its output and exit code stay as
they were."""

from __future__ import annotations

import hashlib
import os
import pty
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressDialog, QPushButton

import main
from operations import maintenance
from operations.base import Actor
from storage import demo
from storage.db import integrity
from storage.db.connection import open_database
from storage.exchange import anchors
from tests.conftest import ACTOR
from ui import tasks

STEPS = ["Bước 1/4: kiểm tra toàn vẹn tệp…", "Bước 2/4: kiểm tra khóa ngoại…",
         "Bước 3/4: kiểm tra chuỗi nhật ký thao tác…",
         "Bước 4/4: đối chiếu chuỗi nhật ký với các mốc (gói đã gửi, bản sao lưu)…"]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def commune(tmp_path_factory):
    path = tmp_path_factory.mktemp("kiem-tra") / "xa-mau.db"
    demo.generate(path, households_count=1000, seed=5).close()
    return path


def expected_lines(path: Path) -> list[str]:
    """What `check` reports on a sound file, as the command line prints it."""
    db = open_database(path)
    entries = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    kept = len(anchors.station_anchors(db, path))
    db.close()
    anchored = f"ổn ({kept} mốc: gói đã gửi, bản sao lưu, đều còn trong nhật ký)" if kept else "ổn"
    return ["Đạt   Tệp dữ liệu nguyên vẹn (không có trang hỏng): ổn",
            "Đạt   Liên kết giữa các hồ sơ (không hồ sơ nào trỏ tới hồ sơ đã mất): ổn",
            f"Đạt   Chuỗi nhật ký thao tác: ổn ({entries:,} mục)".replace(",", "."),
            f"Đạt   Đối chiếu chuỗi nhật ký với gói đã gửi và bản sao lưu: {anchored}"]


def state_of(path: Path) -> tuple:
    """The file's bytes (and its WAL's) and the audit trail's length and head."""
    digest = [hashlib.sha256(Path(f"{path}{suffix}").read_bytes()).hexdigest()
              for suffix in ("", "-wal") if Path(f"{path}{suffix}").exists()]
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    audit = conn.execute("SELECT count(*), max(hash) FROM audit_log").fetchone()
    conn.close()
    return tuple(digest), audit


# ---- the operation ----------------------------------------------------------------------
def test_the_operation_names_each_step_and_reports_as_before(commune):
    db = open_database(commune)
    heard = []
    with_progress = maintenance.check(db, Actor(ACTOR), progress=lambda *step: heard.append(step)).value
    plain = maintenance.check(db, Actor(ACTOR)).value
    db.close()
    assert heard == [(i, 4, STEPS[i]) for i in range(4)] + [(4, 4, "Đã kiểm tra xong.")]
    assert with_progress == plain
    assert [f"{'Đạt' if r.ok else 'LỖI':<5} {r.name}: {r.detail}" for r in plain] == expected_lines(commune)


def test_a_cancel_stops_sqlite_inside_the_integrity_check(commune):
    """`cancelled()` says yes only when SQLite's progress handler asks, in the middle of
    PRAGMA integrity_check: the statement is interrupted, no later step starts, and the
    value is None."""
    before = state_of(commune)
    db = open_database(commune)
    heard, asked_by_sqlite = [], []

    def cancelled() -> bool:
        inside = sys._getframe(1).f_code.co_name == "handler"  # integrity.interruptible's handler
        asked_by_sqlite.append(inside)
        return inside

    result = maintenance.check(db, Actor(ACTOR), progress=lambda *step: heard.append(step), cancelled=cancelled)
    db.close()
    assert result.value is None
    assert heard == [(0, 4, STEPS[0])]
    assert asked_by_sqlite.count(True) == 1  # the first look from inside the statement stopped it
    assert state_of(commune) == before


# ---- the app --------------------------------------------------------------------------
class Heartbeat:
    """A 5 ms timer on the GUI thread: the longest gap between two ticks."""

    def __init__(self):
        self.last, self.worst = time.perf_counter(), 0.0
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now


def open_window(commune, qtbot):
    from ui.context import AppContext
    from ui.main_window import MainWindow

    db = open_database(commune)
    window = MainWindow(AppContext(db, commune, ACTOR))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not tasks._running, timeout=30_000)  # the first page's figures
    return window, db


def watch_progress(monkeypatch) -> list[str]:
    """The progress dialog's text each time the worker reports a step."""
    shown = []
    original = tasks.Task._progress

    def recording(self, done, total, message):
        original(self, done, total, message)
        if self.dialog is not None:
            shown.append(self.dialog.labelText())

    monkeypatch.setattr(tasks.Task, "_progress", recording)
    return shown


def test_check_from_the_menu_runs_on_a_worker_naming_each_step(commune, qtbot, qsettings, monkeypatch):
    told = []
    monkeypatch.setattr("ui.main_window.inform", lambda parent, title, text: told.append((title, text)))
    monkeypatch.setattr("ui.main_window.warn", lambda parent, title, text: told.append(("LỖI", title, text)))
    labels = watch_progress(monkeypatch)
    threads = []
    full_check = integrity.full_check
    monkeypatch.setattr(integrity, "full_check", lambda *args: threads.append(threading.current_thread())
                        or full_check(*args))
    window, db = open_window(commune, qtbot)
    assert window.check_action.text() == "Kiểm tra tệp dữ liệu…"
    beat = Heartbeat()
    window.check_action.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=60_000)
    qtbot.wait(50)
    assert beat.worst <= 0.100, f"luồng giao diện bị chặn {beat.worst * 1000:.0f} ms"
    assert threads and threading.main_thread() not in threads
    assert labels == STEPS + ["Đã kiểm tra xong."]
    assert told == [("Kiểm tra tệp dữ liệu", "Tệp dữ liệu qua mọi bước kiểm tra.\n\n"
                     + "\n".join(line.replace("Đạt   ", "Đạt  ") for line in expected_lines(commune)))]
    assert not window.findChildren(QProgressDialog) or not any(d.isVisible() for d in
                                                                window.findChildren(QProgressDialog))
    window.close()
    db.close()


def test_cancel_in_the_dialog_interrupts_the_check_and_changes_nothing(commune, qtbot, qsettings, monkeypatch):
    told = []
    monkeypatch.setattr("ui.main_window.inform", lambda *args: told.append(args))
    monkeypatch.setattr("ui.main_window.warn", lambda *args: told.append(args))
    labels = watch_progress(monkeypatch)
    started, go_on, raised = threading.Event(), threading.Event(), []
    real = integrity._integrity

    def held(db):  # the integrity check waits until Hủy was pressed, then really runs
        started.set()
        go_on.wait(30)
        try:
            return real(db)
        except sqlite3.Error as error:
            raised.append(error)
            raise

    monkeypatch.setattr(integrity, "_integrity", held)
    window, db = open_window(commune, qtbot)
    before = state_of(commune)
    window.check_action.trigger()
    qtbot.waitUntil(started.is_set, timeout=30_000)
    qtbot.waitUntil(lambda: labels == STEPS[:1], timeout=10_000)
    dialog = window.findChild(QProgressDialog)
    assert dialog.labelText() == STEPS[0]
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Hủy")
    cancel.click()
    go_on.set()
    qtbot.waitUntil(lambda: not tasks._running, timeout=30_000)
    assert [str(error) for error in raised] == ["interrupted"]  # SQLite stopped inside the statement
    assert window.statusBar().currentMessage() == "Đã dừng kiểm tra; tệp dữ liệu không bị thay đổi."
    assert told == [] and labels == STEPS[:1]
    assert state_of(commune) == before
    window.close()
    db.close()


# ---- the command line -------------------------------------------------------------------
def run_on_a_terminal(args: list[str]) -> tuple[int, str, str]:
    """`python main.py …` with stderr on a pseudo-terminal: (exit code, stdout, stderr)."""
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), *args], stdout=subprocess.PIPE,
                               stderr=slave, cwd=ROOT, env=dict(os.environ), text=True)
    os.close(slave)
    out = process.stdout.read()
    code = process.wait(timeout=120)
    err = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal's other end closed
            break
        if not chunk:
            break
        err += chunk
    os.close(master)
    return code, out, err.decode("utf-8").replace("\r\n", "\n")


def test_cli_prints_the_steps_on_a_terminal_and_nothing_else_changes(commune, capsys):
    code, out, err = run_on_a_terminal(["check", "--db", str(commune)])
    assert code == 0
    assert err.splitlines() == STEPS + ["Đã kiểm tra xong."]
    assert out.splitlines() == expected_lines(commune)
    assert main.main(["check", "--db", str(commune)]) == 0  # stderr captured: not a terminal, quiet
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.splitlines() == expected_lines(commune)


def test_cli_exit_code_and_lines_for_a_broken_chain_with_progress(db_path):
    db = open_database(db_path)
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("UPDATE audit_log SET actor = 'kẻ gian' WHERE id = (SELECT max(id) FROM audit_log)")
    broken = db.conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    db.close()
    code, out, err = run_on_a_terminal(["check", "--db", str(db_path)])
    assert code == 1
    assert err.splitlines() == STEPS + ["Đã kiểm tra xong."]
    assert out.splitlines()[:3] == [
        "Đạt   Tệp dữ liệu nguyên vẹn (không có trang hỏng): ổn",
        "Đạt   Liên kết giữa các hồ sơ (không hồ sơ nào trỏ tới hồ sơ đã mất): ổn",
        f"LỖI   Chuỗi nhật ký thao tác: mục số {broken} không khớp chuỗi: nhật ký đã bị sửa hoặc xóa từ mục này"]


def test_the_last_step_arriving_with_the_end_does_not_break_the_dialog(qtbot):
    """A shown modal progress dialog turns the event loop inside setValue: the last step
    ("Đã kiểm tra xong.", done = total) and the end arrive together, and the end closes the
    dialog while the step is being shown (at 80,000 households this raised in ui.tasks)."""
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    results = []

    def work(progress, _cancelled):
        progress(0, 1, "Bước 1/1: kiểm tra…")
        time.sleep(0.6)  # the dialog shows after 300 ms
        progress(1, 1, "Đã kiểm tra xong.")
        return "kết quả"

    with qtbot.captureExceptions() as raised:
        task = tasks.run_task(parent, "Đang kiểm tra…", work, results.append)
        qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible(), timeout=10_000)
        qtbot.waitUntil(lambda: results == ["kết quả"], timeout=10_000)
        qtbot.wait(50)
    assert raised == []
    assert task.dialog is None
