"""Issue 11's first day, scripted: the real app at 1366×768 driven with key and mouse
events from first start to the exported package. Each step asserts the screen and the
database and saves a screenshot (NN-step.png). Run by tests/test_walkthrough.py in a
subprocess (under Xvfb when available); not collected on its own (not named test_*)."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from PySide6.QtCore import QDate, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)
from pytestqt.exceptions import TimeoutError as WaitTimeout

from tests.ui_helpers import type_text

SCREEN = QRect(0, 0, 1366, 768)
SHOTS = Path(os.environ.get("BINHYEN_WALKTHROUGH_SHOTS")
             or Path(__file__).resolve().parent.parent / "docs" / "screenshots" / "walkthrough")


class Walk:
    """What every step needs: the bot, the screenshots, the database read-only."""

    def __init__(self, qtbot, db_path: Path):
        self.qtbot, self.db_path = qtbot, db_path
        self.step = 0
        self.shots: list[Path] = []
        SHOTS.mkdir(parents=True, exist_ok=True)
        for old in SHOTS.glob("*.png"):
            old.unlink()

    # ---- the database, as a second reader --------------------------------------------
    def rows(self, sql: str, *params) -> list[tuple]:
        with sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True) as conn:
            return conn.execute(sql, params).fetchall()

    def one(self, sql: str, *params):
        return self.rows(sql, *params)[0][0]

    # ---- the screen ----------------------------------------------------------------
    def shot(self, name: str) -> Path:
        """The whole 1366×768 screen: grabbed from the X server, or (offscreen) painted
        from the visible windows at their places."""
        self.settle()
        self.step += 1
        target = SHOTS / f"{self.step:02d}-{name}.png"
        pixmap = None
        if QGuiApplication.platformName() == "xcb":
            pixmap = QGuiApplication.primaryScreen().grabWindow(0)
        if pixmap is None or pixmap.isNull():
            pixmap = QPixmap(SCREEN.size())
            pixmap.fill(QColor("#3a6ea5"))
            painter = QPainter(pixmap)
            windows = [w for w in QApplication.topLevelWidgets() if w.isVisible() and not w.isHidden()]
            windows.sort(key=lambda w: (isinstance(w, QDialog), w is QApplication.activeModalWidget()))
            for window in windows:
                painter.drawPixmap(window.geometry().topLeft(), window.grab())
            painter.end()
        pixmap.save(str(target))
        self.shots.append(target)
        return target

    def settle(self, ms: int = 120) -> None:
        self.qtbot.wait(ms)

    # ---- keys and mouse, where a person would put them ------------------------------
    def focus(self) -> QWidget:
        widget = QApplication.focusWidget() or QApplication.activeModalWidget() or QApplication.activeWindow()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def type(self, text: str, widget: QWidget | None = None) -> None:
        """Each key goes where the keyboard focus is at that moment, as a person's would
        (a table cell's editor opens on the first letter and takes the rest)."""
        for char in text:
            type_text(self.qtbot, widget or self.focus(), char)

    def key(self, key, modifier=Qt.KeyboardModifier.NoModifier, widget: QWidget | None = None) -> None:
        if widget is not None and not QApplication.activeModalWidget():
            self.activate(widget.window())  # a closed dialog gives the keyboard back to its window
        self.qtbot.keyClick(widget or self.focus(), key, modifier)

    def click(self, widget: QWidget, pos: QPoint | None = None) -> None:
        assert widget.isVisible() and widget.isEnabled(), f"cannot click {widget!r}"
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())

    def button(self, parent: QWidget, text: str) -> QAbstractButton:
        found = [b for b in parent.findChildren(QAbstractButton) if b.text().replace("&", "") == text
                 and b.isVisible()]
        assert found, f"no button “{text}” in {parent.windowTitle()!r}: " + ", ".join(
            b.text() for b in parent.findChildren(QAbstractButton) if b.isVisible())
        return found[0]

    def choose(self, combo: QComboBox, text: str) -> None:
        """Open the drop-down with the mouse and click the item."""
        index = combo.findText(text)
        assert index >= 0, f"“{text}” is not offered: {[combo.itemText(i) for i in range(combo.count())][:20]}"
        self.click(combo)
        view = combo.view()
        self.qtbot.waitUntil(view.isVisible, timeout=3000)
        model_index = view.model().index(index, combo.modelColumn())
        view.scrollTo(model_index)
        # the drop-down ignores a release sooner than the double-click interval after it opens
        self.settle(QApplication.doubleClickInterval() + 40)
        self.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(model_index).center())
        chosen = lambda: combo.currentIndex() == index and not view.isVisible()  # noqa: E731
        try:
            self.qtbot.waitUntil(chosen, timeout=600)
        except WaitTimeout:  # offscreen drops a click on a pop-up: the arrow keys and Enter then
            while view.currentIndex().row() != index:
                self.qtbot.keyClick(view, Qt.Key.Key_Down if view.currentIndex().row() < index else Qt.Key.Key_Up)
            self.qtbot.keyClick(view, Qt.Key.Key_Return)
            self.qtbot.waitUntil(chosen, timeout=3000)

    def tick(self, list_widget, text: str) -> None:
        """Tick an item of a check list: a click on its check box."""
        item = next(list_widget.item(i) for i in range(list_widget.count()) if list_widget.item(i).text() == text)
        list_widget.scrollToItem(item)
        rect = list_widget.visualItemRect(item)
        self.qtbot.mouseClick(list_widget.viewport(), Qt.MouseButton.LeftButton,
                              pos=QPoint(rect.left() + 10, rect.center().y()))
        if item.checkState() != Qt.CheckState.Checked:  # the style puts the box elsewhere: Space ticks it
            list_widget.setCurrentItem(item)
            self.qtbot.keyClick(list_widget, Qt.Key.Key_Space)
        assert item.checkState() == Qt.CheckState.Checked

    def date(self, field, day: str) -> None:
        """Type a date as digits into a date field (dd/MM/yyyy appears)."""
        target = field.widget.edit
        target.setFocus()
        self.qtbot.keyClick(target, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        self.qtbot.keyClick(target, Qt.Key.Key_Delete)
        type_text(self.qtbot, target, day.replace("/", ""))
        assert field.get() == QDate.fromString(day, "dd/MM/yyyy").toString("yyyy-MM-dd"), field.get()

    def activate(self, window: QWidget) -> None:
        """What a window manager does for a new window: give it the keyboard (Xvfb has
        no window manager; offscreen activates by itself)."""
        if QApplication.activeWindow() is not window:
            window.activateWindow()
            self.qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)

    # ---- modal dialogs --------------------------------------------------------------
    def modal(self, trigger, kind, act, timeout: float = 30.0):
        """Do `trigger` (a key, a click, a menu action) which opens a modal dialog of
        `kind`; `act(dialog)` is done inside it, as a person would, and must close it.
        A failure inside closes the dialog so the walkthrough never hangs."""
        outcome: dict = {}

        def poll():
            dialog = QApplication.activeModalWidget()
            if "dialog" not in outcome and isinstance(dialog, kind) and dialog.isVisible():
                outcome["dialog"] = dialog
                timer.stop()
                self.qtbot.waitExposed(dialog)
                try:
                    self.activate(dialog)
                    outcome["value"] = act(dialog)
                except BaseException as error:  # noqa: BLE001 (re-raised below)
                    outcome["error"] = error
                    self.shot("FAILED")
                    dialog.reject() if isinstance(dialog, QDialog) else dialog.close()
            elif dialog is not None and not isinstance(dialog, kind) and isinstance(dialog, QMessageBox):
                outcome.setdefault("unexpected", dialog.text())

        timer = QTimer(interval=40)
        timer.timeout.connect(poll)
        timer.start()
        started = time.monotonic()
        previous = QApplication.activeWindow()
        try:
            trigger()
            self.qtbot.waitUntil(lambda: "dialog" in outcome and not outcome["dialog"].isVisible()
                                 or "unexpected" in outcome, timeout=int(timeout * 1000))
        finally:
            timer.stop()
        if previous is not None and previous.isVisible() and "error" not in outcome:
            self.activate(previous)  # the keyboard goes back where it was, as a window manager does
        if "error" in outcome:
            raise outcome["error"]
        assert "unexpected" not in outcome, f"unexpected message: {outcome.get('unexpected')}"
        assert time.monotonic() - started < timeout
        return outcome.get("dialog"), outcome.get("value")

    def save_form(self, form) -> None:
        """Enter saves a record form; it closes only when saved."""
        form.buttons.setFocus()
        self.qtbot.keyClick(form, Qt.Key.Key_Return)
        problems = [label.text() for label in form.errors.values() if not label.isHidden()]
        assert form.result() and not form.isVisible(), (
            f"form refused: {form.banner.text()} {' '.join(problems)}")


def save_button(dialog) -> QPushButton:
    box = [b for b in dialog.findChildren(QDialogButtonBox) if b.isVisible()][0]
    return box.button(QDialogButtonBox.StandardButton.Save) or box.button(QDialogButtonBox.StandardButton.Ok)


def tick_box(walk: Walk, box: QCheckBox, checked: bool) -> None:
    if box.isChecked() != checked:
        walk.click(box, QPoint(8, box.height() // 2))
    assert box.isChecked() == checked


def picker_pick(walk: Walk, picker, typed: str, choose: str) -> None:
    """Type into a record picker, wait for the suggestion `choose…` and click it."""
    picker.edit.setFocus()
    picker.edit.clear()
    type_text(walk.qtbot, picker.edit, typed)
    popup = picker.completer.popup()

    def row():
        labels = [picker.model.index(r, 0).data() for r in range(picker.model.rowCount())]
        return next((r for r, label in enumerate(labels) if label.startswith(choose)), None)

    walk.qtbot.waitUntil(lambda: popup.isVisible() and row() is not None, timeout=3000)
    index = popup.model().index(row(), 0)
    popup.scrollTo(index)
    walk.qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(index).center())
    walk.qtbot.waitUntil(lambda: picker.value() is not None, timeout=2000)


def nav_to(walk: Walk, window, label: str) -> QWidget:
    """Click the page's name in the list on the left."""
    nav = window.nav
    item = next(nav.item(i) for i in range(nav.count()) if nav.item(i).text() == label)
    walk.qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(item).center())
    walk.qtbot.waitUntil(lambda: nav.currentItem() is item, timeout=2000)
    return window.pages[window.current_key()]


def tab_to(walk: Walk, tabs, label: str) -> QWidget:
    bar = tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i).replace("&", "") == label)
    walk.qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index
    return tabs.currentWidget()


def click_row(walk: Walk, page, text: str, column: int = 0) -> int:
    """Click the list row whose cell shows `text`; returns its record id."""
    model, table = page.table.model(), page.table
    walk.qtbot.waitUntil(lambda: any(model.index(r, column).data() == text for r in range(model.rowCount())),
                         timeout=3000)
    row = next(r for r in range(model.rowCount()) if model.index(r, column).data() == text)
    index = model.index(row, column)
    table.scrollTo(index)
    walk.qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    assert page.selected_ids(), f"clicking “{text}” selected nothing"
    return page.selected_ids()[0]


def column_texts(page, column: int = 0) -> list[str]:
    model = page.table.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def row_of(page, text: str) -> list[str]:
    """The texts of the list row whose first cell shows `text` ([] if none)."""
    model = page.table.model()
    for r in range(model.rowCount()):
        if model.index(r, 0).data() == text:
            return [model.index(r, c).data() for c in range(model.columnCount())]
    return []


def status(window) -> str:
    return window.statusBar().currentMessage()


def test_first_day(qtbot, qapp, qsettings, tmp_path, monkeypatch):
    from storage.db.paths import default_db_path
    from ui import app as app_module
    from ui.export_dialog import ExportDialog
    from ui.login import AccountDialog, LoginDialog
    from ui.print_dialog import PrintDialog
    from ui.record_form import RecordForm
    from ui.welcome import WelcomeDialog

    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # Documents/Bình Yên lands here
    monkeypatch.setattr("ui.print_dialog.open_file", lambda path: True)  # no PDF viewer on the test machine
    app_module.application()  # translations, the dialog fitter, the icon: as `python main.py`
    qapp.setDoubleClickInterval(150)  # drop-downs accept a click sooner (see Walk.choose)
    walk = Walk(qtbot, default_db_path())
    desktop = app_module.Desktop("Nguyễn Văn Bình")
    chosen: dict = {}

    # 1-2. First start: set up this xã's station.
    def set_up(dialog):
        walk.shot("first-start")
        walk.click(dialog.setup_button)
        assert dialog.stack.currentIndex() == 1
        walk.choose(dialog.province, "Quảng Ninh")
        walk.choose(dialog.commune, "Xã Quảng Tân")
        assert dialog.names["station_name"].text() == "Công an xã Quảng Tân"
        walk.shot("station-setup")
        walk.click(save_button(dialog.stack.currentWidget()))

    walk.modal(lambda: chosen.update(path=desktop.choose(None)), WelcomeDialog, set_up)
    assert chosen["path"] == walk.db_path and walk.db_path.exists()
    assert walk.one("SELECT station_name FROM unit") == "Công an xã Quảng Tân"

    # 3. The first administrator, logged in at once.
    def first_admin(dialog):
        assert dialog.first
        for edit, text in ((dialog.full_name, "Nguyễn Văn Bình"), (dialog.username, "binh"),
                           (dialog.password, "Binh@2026"), (dialog.again, "Binh@2026")):
            walk.click(edit)
            walk.type(text, edit)
        walk.shot("first-administrator")
        walk.key(Qt.Key.Key_Return, widget=dialog.again)

    walk.modal(lambda: chosen.update(opened=desktop.open(walk.db_path)), AccountDialog, first_admin)
    assert chosen["opened"] and desktop.window is not None
    window = desktop.window
    qtbot.waitExposed(window)
    assert walk.rows("SELECT username, role FROM accounts") == [("binh", "admin")]
    assert window.context.account.username == "binh"
    help_dialog = getattr(window, "help_dialog", None)
    assert help_dialog is not None and help_dialog.isVisible(), "first start shows the five common jobs"
    walk.shot("window-first-start")
    walk.key(Qt.Key.Key_Escape, widget=help_dialog)
    qtbot.waitUntil(lambda: not help_dialog.isVisible(), timeout=2000)

    # 4. Log out and in again: name, Tab, password, Enter.
    def log_in(dialog):
        assert walk.focus() is dialog.username, "the login starts in the name field"
        walk.type("binh")
        walk.key(Qt.Key.Key_Tab)
        assert walk.focus() is dialog.password
        walk.type("Binh@2026")
        walk.shot("login")
        walk.key(Qt.Key.Key_Return)

    walk.modal(lambda: window.log_out_action.trigger(), LoginDialog, log_in)
    qtbot.waitUntil(lambda: desktop.window is not None and desktop.window is not window, timeout=5000)
    window = desktop.window
    qtbot.waitExposed(window)
    walk.activate(window)
    assert walk.one("SELECT count(*) FROM audit_log WHERE action = 'login'") >= 1

    def new_record(fill, page=None):
        """Ctrl+N on the page in front; `fill(form)` types into it; Enter saves."""
        def act(form):
            fill(form)
            walk.save_form(form)
        form, _ = walk.modal(lambda: walk.key(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier, window),
                             RecordForm, act)
        return form.saved_id

    # 5. Two thôn.
    areas_page = nav_to(walk, window, "Địa bàn")
    for number, name in enumerate(("Đông", "Đoài")):
        def area(form, name=name, number=number):
            assert walk.focus() is form.field("name").widget
            walk.type(name)
            walk.choose(form.field("kind").widget, "Thôn")
            walk.click(form.field("households_count").widget)
            walk.type("120")
            if number == 0:
                walk.shot("area-form")
        new_record(area)
        assert "Đã lưu" in status(window)
    assert walk.rows("SELECT name, kind FROM areas WHERE deleted_at IS NULL ORDER BY id") == [
        ("Đông", "village"), ("Đoài", "village")]
    qtbot.waitUntil(lambda: {"Đông", "Đoài"} <= {t.split(" ", 1)[-1] for t in column_texts(areas_page)},
                    timeout=3000)
    walk.shot("two-areas")

    # 6. A household of three, all inside the household form: the head made with "+ Mới",
    # the two members with "+ Thêm nhân khẩu…" (household and area filled in).
    households_tabs = nav_to(walk, window, "Hộ gia đình & cam kết")
    households_page = tab_to(walk, households_tabs, "Hộ gia đình")

    def person(form, name, gender, year, relation=None):
        assert walk.focus() is form.field("full_name").widget
        walk.type(name)
        walk.choose(form.field("gender").widget, gender)
        walk.click(form.field("birth_year").widget)
        walk.type(str(year))
        if relation:  # a member: the household's area and the household come filled in
            assert form.field("area_id").widget.currentText() == "Thôn Đông"
            assert form.field("household_id").widget.edit.text().startswith("Hộ Phạm Văn Đạt")
            walk.choose(form.field("relation_to_head").widget, relation)
        else:
            walk.choose(form.field("area_id").widget, "Thôn Đông")

    def household(form):
        head = form.field("head_id").widget

        def head_form(inner):
            person(inner, "Phạm Văn Đạt", "nam", 1970)
            walk.shot("household-head-form")
            walk.save_form(inner)

        walk.modal(lambda: walk.click(head.new_button), RecordForm, head_form)
        assert head.value() is not None and head.edit.text().startswith("Phạm Văn Đạt")
        assert status(window) == "Đã thêm Phạm Văn Đạt."
        assert form.field("area_id").widget.currentText() == "Thôn Đông"  # the head's area, taken over
        walk.click(form.field("address").widget)
        walk.type("Số 9 đường Đê")
        add = form.findChild(QPushButton, "add_member")
        for name, gender, year, relation in (("Lê Thị Mận", "nữ", 1974, "vợ"),
                                             ("Phạm Văn Hùng", "nam", 1999, "con")):
            def member_form(inner, a=(name, gender, year, relation)):
                person(inner, *a)
                if a[3] == "vợ":
                    walk.shot("household-member-form")
                walk.save_form(inner)
            walk.modal(lambda: walk.click(add), RecordForm, member_form)
        listing = form.findChild(QLabel, "household_members").text()
        assert listing == "• Phạm Văn Đạt — chủ hộ\n• Lê Thị Mận — vợ\n• Phạm Văn Hùng — con", listing
        walk.shot("household-form")

    home_id = new_record(household)
    assert walk.rows("SELECT p.full_name, p.relation_to_head, h.address FROM households h "
                     "JOIN people p ON p.id = h.head_id WHERE h.id = ?", home_id) == [
        ("Phạm Văn Đạt", "head", "Số 9 đường Đê")]
    assert status(window) == "Đã lưu hộ gia đình."
    assert walk.rows("SELECT full_name, relation_to_head FROM people WHERE household_id = ? ORDER BY id",
                     home_id) == [("Phạm Văn Đạt", "head"), ("Lê Thị Mận", "wife"), ("Phạm Văn Hùng", "child")]
    click_row(walk, households_page, "Phạm Văn Đạt")
    detail = households_page.detail.text()
    assert "Lê Thị Mận — vợ" in detail and "Phạm Văn Hùng — con" in detail
    walk.shot("household-of-three")

    # 7. A team with two members.
    teams_tabs = nav_to(walk, window, "Tổ & thành viên")
    teams_page = tab_to(walk, teams_tabs, "Tổ")

    def team(form):
        walk.type("Tổ tự quản thôn Đông")
        kind = form.field("kind").widget
        walk.choose(kind, next(kind.itemText(i) for i in range(kind.count()) if "tự quản" in kind.itemText(i)))
        walk.tick(form.field("area_ids").widget, "Thôn Đông")
        walk.date(form.field("launched_on"), "26/03/2025")
        walk.shot("team-form")

    team_id = new_record(team)
    click_row(walk, teams_page, "Tổ tự quản thôn Đông")
    members = teams_page.detail
    for name, role in (("Lê Thị Mận", "tổ trưởng"), ("Phạm Văn Hùng", "tổ viên")):
        def member(form, name=name, role=role):
            picker_pick(walk, form.field("person_id").widget, name.lower(), name)
            walk.choose(form.field("role").widget, role)
            if role == "tổ trưởng":
                walk.shot("team-member-form")
            walk.save_form(form)
        walk.modal(lambda: walk.click(members.add_button), RecordForm, member)
        assert status(window) == f"Đã thêm {name} vào tổ."
    assert walk.rows("SELECT p.full_name, m.role FROM memberships m JOIN people p ON p.id = m.person_id "
                     "WHERE m.team_id = ? ORDER BY m.id", team_id) == [("Lê Thị Mận", "leader"),
                                                                      ("Phạm Văn Hùng", "member")]
    walk.shot("team-with-members")

    # 8. A patrol of that team.
    nav_to(walk, window, "Tuần tra")

    def patrol(form):
        walk.choose(form.field("team_id").widget, "Tổ tự quản thôn Đông")
        walk.date(form.field("patrol_date"), "02/05/2026")
        for name, text in (("start_time", "21:00"), ("end_time", "23:30"), ("route", "Đường trục thôn Đông")):
            walk.click(form.field(name).widget)
            walk.type(text)
        assert form.field("area_ids").get() == [walk.one("SELECT id FROM areas WHERE name = 'Đông'")]  # the team's
        people_list = form.field("member_ids")
        walk.click(walk.button(people_list.widget, "+ Cả tổ"))  # the whole team at once
        assert [people_list.list.item(i).text() for i in range(people_list.list.count())] == [
            "Lê Thị Mận", "Phạm Văn Hùng"]
        walk.click(form.field("findings").widget)
        walk.type("Nhóm thanh niên tụ tập sau 23 giờ")
        walk.shot("patrol-form")

    patrol_id = new_record(patrol)
    assert walk.one("SELECT count(*) FROM patrol_members WHERE patrol_id = ?", patrol_id) == 2
    walk.shot("patrols")

    # 9. A mediation case, and its minutes printed.
    mediation_page = nav_to(walk, window, "Hòa giải")

    def case(form):
        walk.date(form.field("received_on"), "01/04/2026")
        category = form.field("category").widget
        walk.choose(category, next(category.itemText(i) for i in range(category.count())
                                   if category.itemText(i) == "Đất đai"))
        walk.click(form.field("content").widget)
        walk.type("Tranh chấp lối đi chung giữa hai hộ")
        table = form.field("people").table
        for row, (name, age) in enumerate((("Trần Văn Đức", "50"), ("Đỗ Thị Lan", "47"))):
            index = table.model().index(row, 1)
            table.scrollTo(index)
            walk.qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
            walk.settle(60)
            walk.type(name)
            walk.key(Qt.Key.Key_Tab)
            walk.type(age)
            walk.key(Qt.Key.Key_Return)
        walk.click(walk.button(form.field("people").widget, "+ Thêm hòa giải viên"))
        index = table.model().index(2, 1)
        walk.qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
        walk.type("Lê Thị Mận")
        walk.key(Qt.Key.Key_Return)
        walk.choose(form.field("result").widget, "thành")
        walk.date(form.field("result_on"), "05/04/2026")
        walk.click(form.field("agreement").widget)
        walk.type("Hai hộ cùng mở lối đi rộng 2 m")
        walk.shot("mediation-form")

    case_id = new_record(case)
    assert walk.rows("SELECT role, name FROM mediation_people WHERE case_id = ? ORDER BY id", case_id) == [
        ("party", "Trần Văn Đức"), ("party", "Đỗ Thị Lan"), ("mediator", "Lê Thị Mận")]
    assert walk.one("SELECT result FROM mediation_cases WHERE id = ?", case_id) == "settled"
    qtbot.waitUntil(lambda: mediation_page.selected_ids() == [case_id], timeout=3000)  # the new case, selected

    def print_it(dialog, name):
        tick_box(walk, dialog.open_after, False)
        walk.shot(name)
        walk.click(dialog.print_button)
        walk.qtbot.waitUntil(lambda: dialog.result_path is not None, timeout=30_000)
        return dialog.result_path

    _dialog, minutes = walk.modal(lambda: walk.key(Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier, window),
                                  PrintDialog, lambda d: print_it(d, "print-mediation"))
    assert minutes.exists() and minutes.read_bytes()[:5] == b"%PDF-"
    assert "Đã ghi" in status(window)

    # 10. Pledges for thôn Đông.
    areas_page = nav_to(walk, window, "Địa bàn")
    east = next(t for t in column_texts(areas_page) if t.endswith("Đông"))
    # the counts of the register agree with what was entered on the other pages
    qtbot.waitUntil(lambda: row_of(areas_page, east)[2:4] == ["1", "3"], timeout=3000)
    click_row(walk, areas_page, east)
    _dialog, pledges_pdf = walk.modal(lambda: walk.key(Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier, window),
                                      PrintDialog, lambda d: print_it(d, "print-pledges"))
    assert pledges_pdf.exists() and pledges_pdf != minutes
    assert walk.rows("SELECT household_id, status FROM pledges WHERE deleted_at IS NULL") == [(home_id, "printed")]

    # 11. Delete a record, restore it from Thùng rác.
    teams_tabs = nav_to(walk, window, "Tổ & thành viên")
    people_page = tab_to(walk, teams_tabs, "Người")
    son = click_row(walk, people_page, "Phạm Văn Hùng")

    def confirm(box):  # he serves in the team: the app asks first, naming it
        assert "Tổ tự quản thôn Đông" in box.text(), box.text()
        walk.shot("delete-asks")
        walk.click(box.button(QMessageBox.StandardButton.Yes))

    walk.modal(lambda: walk.click(people_page.delete_button), QMessageBox, confirm)
    assert walk.one("SELECT deleted_at IS NOT NULL FROM people WHERE id = ?", son) == 1
    qtbot.waitUntil(lambda: "Phạm Văn Hùng" not in column_texts(people_page), timeout=3000)
    assert "thùng rác" in status(window)
    walk.shot("deleted")
    households_tabs = nav_to(walk, window, "Hộ gia đình & cam kết")  # the household counts two now
    qtbot.waitUntil(lambda: row_of(households_page, "Phạm Văn Đạt")[3] == "2", timeout=3000)
    areas_page = nav_to(walk, window, "Địa bàn")
    qtbot.waitUntil(lambda: row_of(areas_page, east)[2:4] == ["1", "2"], timeout=3000)
    trash_page = nav_to(walk, window, "Thùng rác")
    qtbot.waitUntil(lambda: any(item.table == "people" and item.id == son for item in trash_page.items),
                    timeout=5000)  # read on a worker when the page shows
    row = next(i for i, item in enumerate(trash_page.items) if item.table == "people" and item.id == son)
    cell = trash_page.table.visualItemRect(trash_page.table.item(row, 1))
    qtbot.mouseClick(trash_page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    walk.shot("trash")
    walk.click(trash_page.restore_button)
    assert walk.one("SELECT deleted_at IS NULL FROM people WHERE id = ?", son) == 1
    qtbot.waitUntil(lambda: all(item.id != son or item.table != "people" for item in trash_page.items),
                    timeout=5000)
    walk.shot("restored")
    areas_page = nav_to(walk, window, "Địa bàn")
    qtbot.waitUntil(lambda: row_of(areas_page, east)[2:4] == ["1", "3"], timeout=3000)

    # 12. The period's package for the superior.
    def export(dialog):
        assert dialog.plan_text.toPlainText().strip()
        plain_ok = getattr(dialog, "plain_ok", None)
        if plain_ok is not None and plain_ok.isVisible():  # no superior's key yet on the first day
            tick_box(walk, plain_ok, True)
        walk.shot("export")
        walk.click(dialog.export_button)
        walk.qtbot.waitUntil(lambda: dialog.manifest is not None, timeout=60_000)
        return Path(dialog.path.text())

    _dialog, package = walk.modal(lambda: walk.key(Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier, window),
                                  ExportDialog, export)
    assert package.exists() and package.stat().st_size > 0
    assert walk.one("SELECT count(*) FROM exports") == 1
    assert "Đã xuất gói" in status(window)
    walk.shot("exported")

    # 13. The overview at the end of the day.
    nav_to(walk, window, "Tổng quan")
    walk.shot("overview")
    desktop.close_current()
