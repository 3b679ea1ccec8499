"""Closing the window (issue 17): the close-time backup runs on a worker behind a small
modal "Đang sao lưu trước khi đóng…" while the GUI thread keeps ticking (no gap over
100 ms on a demo commune of a few thousand households); the lock is released after it,
and after a failure too, which is said in Vietnamese; closing twice, or during a backup
started by hand, is handled."""

from __future__ import annotations

import shutil
import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from storage import demo
from storage.db import backup, backup_store, lock
from storage.errors import StorageError
from storage.records.people import people
from tests.conftest import ACTOR
from ui import app as app_module
from ui import tasks
from ui.app import Desktop

HOUSEHOLDS = 3000
LIMIT = 0.100


@pytest.fixture(scope="module")
def commune(tmp_path_factory):
    path = tmp_path_factory.mktemp("dong") / "xa-mau.db"
    demo.generate(path, households_count=HOUSEHOLDS, seed=5).close()
    return path


@pytest.fixture
def opened(commune, tmp_path, qtbot, qsettings, no_login, monkeypatch):
    path = tmp_path / "xa.db"
    shutil.copyfile(commune, path)
    said = []
    monkeypatch.setattr(app_module, "warn", lambda parent, title, text: said.append((title, text)))
    desktop = Desktop(ACTOR)
    assert desktop.open(path)
    qtbot.addWidget(desktop.window)
    qtbot.waitUntil(lambda: not tasks._running, timeout=60000)  # the window's own lists and checks
    yield desktop, path, said
    desktop.close_current()


class Beat:
    """A 20 ms timer on the GUI thread: the longest gap between two ticks."""

    def __init__(self):
        self.worst, self.last = 0.0, time.perf_counter()
        self.timer = QTimer(interval=20)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        now = time.perf_counter()
        self.worst, self.last = max(self.worst, now - self.last), now


def test_closing_backs_up_on_a_worker_without_blocking_and_releases_the_lock(opened, monkeypatch):
    desktop, path, said = opened
    threads, dialogs = [], []
    made = backup.make_backup
    monkeypatch.setattr(backup, "make_backup", lambda *a, **k: threads.append(threading.current_thread()) or
                        made(*a, **k))
    people.create(desktop.db, ACTOR, full_name="Người Đóng Cửa")
    window = desktop.window

    def look() -> None:
        dialogs.extend((d.labelText(), d.isVisible()) for d in QApplication.topLevelWidgets()
                       if isinstance(d, QProgressDialog) and d.isVisible())

    seen = QTimer(interval=50)
    seen.timeout.connect(look)
    seen.start()
    beat = Beat()
    beat.last = time.perf_counter()
    desktop.close_current()
    worst = beat.worst
    beat.timer.stop()
    seen.stop()
    assert worst <= LIMIT, f"luồng giao diện bị chặn {worst * 1000:.0f} ms khi đóng"
    assert threads and threads[0] is not threading.main_thread()
    assert ("Đang sao lưu trước khi đóng…", True) in dialogs  # a backup of this size takes over 300 ms
    assert not window.isVisible() and desktop.db is None and desktop.window is None
    assert not lock.lock_path(path).exists()
    newest = backup.list_backups(path)[0]
    assert (newest.reason, newest.path.suffix) == ("khi-dong", ".json")
    assert backup_store.verify(newest.path) is None and said == []
    desktop.close_current()  # closing twice: nothing more happens
    assert len(backup.list_backups(path)) == 1


def test_a_failed_close_time_backup_is_said_and_the_lock_still_released(opened, monkeypatch):
    desktop, path, said = opened

    def full(*_a, **_k):
        raise StorageError("Ổ đĩa đã đầy: không ghi được; không có gì bị ghi dở.")

    monkeypatch.setattr(backup, "make_backup", full)
    people.create(desktop.db, ACTOR, full_name="Người Đĩa Đầy")
    desktop.close_current()
    assert said == [("Sao lưu khi đóng", "Không sao lưu được trước khi đóng: Ổ đĩa đã đầy: không ghi được; không có "
                     "gì bị ghi dở. Dữ liệu đã nhập vẫn nằm trong tệp dữ liệu; lần đóng sau sẽ sao lưu lại.")]
    assert not lock.lock_path(path).exists() and desktop.db is None
    assert backup.list_backups(path) == []


def test_closing_during_a_backup_by_hand_waits_for_it(opened, monkeypatch):
    desktop, path, said = opened
    order = []
    release = lock.release
    monkeypatch.setattr(lock, "release", lambda p: order.append(("nhả khóa", len(desktop.backups_running))) or
                        release(p))
    people.create(desktop.db, ACTOR, full_name="Người Sao Lưu Tay")
    desktop.backup_now()
    assert desktop.backups_running  # started, still running on its worker
    desktop.close_current()
    assert order == [("nhả khóa", 0)]  # the lock went only after the backup by hand finished
    kept = backup.list_backups(path)
    assert [b.reason for b in kept] == ["thu-cong"]  # nothing changed since: no second copy on close
    assert backup_store.verify(kept[0].path) is None and said == []
    assert not lock.lock_path(path).exists()


def test_the_backups_dialog_reads_its_list_on_a_worker_and_marks_a_damaged_backup(db_path, qtbot, monkeypatch):
    from storage.db.connection import open_database
    from ui import backups_dialog

    db = open_database(db_path)
    people.create(db, ACTOR, full_name="Người Thứ Nhất")
    older = backup.make_backup(db, db_path, "thu-cong")
    people.create(db, ACTOR, full_name="Người Thứ Hai")
    newer = backup.make_backup(db, db_path, "khi-dong")
    db.close()
    older = older.rename(older.with_name(f"{db_path.stem}-20261101-080000-thu-cong.json"))  # not the same second
    only_newer = set(backup_store.read_manifest(newer)["chunks"]) - set(backup_store.read_manifest(older)["chunks"])
    backup_store.chunk_path(newer.parent, sorted(only_newer)[0]).unlink()
    said = []
    monkeypatch.setattr(backups_dialog, "warn", lambda parent, title, text: said.append((title, text)))
    dialog = backups_dialog.BackupsDialog(db_path)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0 and dialog.status.text() == "Đang đọc danh sách bản sao lưu…"
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10000)
    rows = [[dialog.table.item(r, c).text() for c in (1, 3, 7)] for r in range(2)]
    assert rows == [["khi đóng ứng dụng", "2", "hỏng, thiếu dữ liệu"], ["làm tay", "1", "còn đủ"]]
    dialog.table.selectRow(0)
    dialog.choose()
    assert said == [("Khôi phục", f"Bản sao lưu {newer.name} bị hỏng (thiếu hoặc hỏng một phần dữ liệu); hãy chọn "
                     "bản sao lưu khác.")] and dialog.chosen is None
    monkeypatch.setattr(backups_dialog, "ask", lambda *a: True)
    dialog.table.selectRow(1)
    dialog.choose()
    assert dialog.chosen == older


def test_the_hourly_backup_runs_on_a_worker_without_blocking(opened, qtbot, monkeypatch):
    desktop, path, said = opened
    threads = []
    made = backup.make_backup
    monkeypatch.setattr(backup, "make_backup", lambda *a, **k: threads.append(threading.current_thread()) or
                        made(*a, **k))
    people.create(desktop.db, ACTOR, full_name="Người Mỗi Giờ")
    beat = Beat()
    desktop.timer.timeout.emit()  # the hour is up
    qtbot.waitUntil(lambda: not desktop.backups_running, timeout=60000)
    qtbot.wait(60)
    worst = beat.worst
    beat.timer.stop()
    assert worst <= LIMIT, f"luồng giao diện bị chặn {worst * 1000:.0f} ms khi sao lưu mỗi giờ"
    assert threads and threads[0] is not threading.main_thread()
    assert [b.reason for b in backup.list_backups(path)] == ["tu-dong"] and said == []


def test_an_unexpected_close_time_failure_is_said_without_its_message(opened, monkeypatch):
    desktop, path, said = opened

    def broken(*_a, **_k):
        raise OSError(5, "lỗi có tên Nguyễn Văn Riêng")

    monkeypatch.setattr(backup, "make_backup", broken)
    people.create(desktop.db, ACTOR, full_name="Người Lỗi Lạ")
    desktop.close_current()
    assert said == [("Sao lưu khi đóng", "Không sao lưu được trước khi đóng: lỗi không lường trước (đã ghi vào nhật "
                     "ký của ứng dụng). Dữ liệu đã nhập vẫn nằm trong tệp dữ liệu; lần đóng sau sẽ sao lưu lại.")]
    assert not lock.lock_path(path).exists() and desktop.db is None
