"""The app and a lock held from another machine: read-only unless the person confirms a
take-over; a take-over needs an administrator; a holder on this machine is never
offered. And a copy to the USB stick that fails is told, the local copy kept."""

from __future__ import annotations

from storage.db import lock
from storage.records import accounts
from tests.test_writer_lock import holder  # noqa: F401 (the fixture: a process holding the lock)
from ui import app as app_module
from ui.app import Desktop


def quiet(monkeypatch):
    """No message box may block the test (a read-only window warns once)."""
    for name in ("warn", "inform"):
        if hasattr(app_module, name):
            monkeypatch.setattr(app_module, name, lambda *a, **k: None)


def test_declining_keeps_the_window_read_only(db_path, holder, qtbot, qsettings, monkeypatch, no_login):  # noqa: F811
    quiet(monkeypatch)
    holder("may-tinh-khac")
    asked = []
    monkeypatch.setattr(app_module, "ask", lambda parent, title, text: asked.append(text) or False)
    desktop = Desktop("cán bộ")
    assert desktop.open(db_path)
    qtbot.addWidget(desktop.window)
    assert "máy may-tinh-khac" in asked[0] and desktop.window.windowTitle().endswith("(chỉ đọc)")
    assert not lock.held_here(db_path)
    desktop.db.close()
    desktop.db = None


def test_confirming_takes_the_lock_over(db_path, holder, qtbot, qsettings, monkeypatch, no_login):  # noqa: F811
    quiet(monkeypatch)
    holder("may-tinh-khac")
    monkeypatch.setattr(app_module, "ask", lambda *a: True)
    desktop = Desktop("cán bộ")
    assert desktop.open(db_path)
    qtbot.addWidget(desktop.window)
    assert not desktop.window.windowTitle().endswith("(chỉ đọc)") and lock.held_here(db_path)
    assert lock.read(db_path).host != "may-tinh-khac"
    desktop.close_current()
    assert not lock.held_here(db_path)


def test_an_officer_may_not_take_over(db_path, holder, qtbot, qsettings, monkeypatch):  # noqa: F811
    from storage.db.connection import open_database

    db = open_database(db_path)
    officer = accounts.create(db, "quản trị", username="canbo", full_name="Lê Cán Bộ", role=accounts.OFFICER,
                              password="can-bo-1234")
    db.close()
    quiet(monkeypatch)
    holder("may-tinh-khac")
    errors = []
    monkeypatch.setattr(app_module, "ask", lambda *a: True)
    monkeypatch.setattr(app_module, "show_error", lambda parent, error: errors.append(str(error)))
    monkeypatch.setattr(Desktop, "authenticate", lambda self, db, read_only: officer)
    desktop = Desktop("cán bộ")
    assert not desktop.open(db_path)
    assert errors == ["Chỉ tài khoản quản trị mới tiếp quản được khóa ghi của máy khác."]
    assert desktop.window is None and not lock.held_here(db_path)


def test_a_holder_on_this_machine_is_never_offered(db_path, holder, qtbot, qsettings, monkeypatch,  # noqa: F811
                                                   no_login):
    quiet(monkeypatch)
    holder()
    asked = []
    monkeypatch.setattr(app_module, "ask", lambda *a: asked.append(a) or True)
    desktop = Desktop("cán bộ")
    assert desktop.open(db_path)
    qtbot.addWidget(desktop.window)
    assert asked == [] and desktop.window.windowTitle().endswith("(chỉ đọc)")
    desktop.db.close()
    desktop.db = None


def test_a_failed_usb_copy_is_told_in_the_app(db_path, tmp_path, qtbot, qsettings, monkeypatch, no_login):
    from storage.db import backup
    from storage.db.connection import open_database

    quiet(monkeypatch)
    usb = tmp_path / "usb"
    usb.mkdir()
    db = open_database(db_path)
    backup.set_second_place(db, "quản trị", usb, "mật khẩu USB dài")
    db.close()
    warned = []
    monkeypatch.setattr(app_module, "warn", lambda parent, title, text: warned.append((title, text)))
    monkeypatch.setattr(backup, "_encrypt_with_key",
                        lambda *a: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    desktop = Desktop("cán bộ")
    assert desktop.open(db_path)
    qtbot.addWidget(desktop.window)
    desktop.backup_now()
    qtbot.waitUntil(lambda: bool(warned), timeout=20000)
    assert warned == [("Sao lưu sang USB", "Không chép được bản sao lưu sang USB: ổ đĩa đã đầy.")]
    assert backup.list_backups(db_path)  # the local copy stands
    desktop.close_current()
