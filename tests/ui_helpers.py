"""Driving forms like a person: forms that would block are shown non-modally, filled
with key clicks and mouse clicks, and saved with Enter."""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from ui import fields as f
from ui.record_form import RecordForm


def type_text(qtbot, widget, text: str) -> None:
    """Type text key by key. QTest's keyClicks aborts on letters outside ASCII, so each
    Vietnamese letter goes as a key event carrying its text, as an input method sends it."""
    for char in text:
        if char == "\n":
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        elif char.isascii() and char.isprintable():
            qtbot.keyClick(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def patch_forms(monkeypatch, qtbot, *fillers):
    """Each time a RecordForm would run modally, the next filler fills it instead;
    returns the list of forms seen."""
    queue = list(fillers)
    seen = []

    def fake_exec(form):
        qtbot.addWidget(form)
        form.show()
        form.activateWindow()  # as exec() would: keys and shortcuts now belong to the form
        qtbot.waitUntil(lambda: QApplication.activeWindow() is form, timeout=2000)
        seen.append(form)
        queue.pop(0)(form)
        return form.result()

    monkeypatch.setattr(RecordForm, "exec", fake_exec)
    return seen


def pick(qtbot, picker, text: str, choose: str | None = None) -> None:
    """Type into a record picker and click the suggestion that starts with `choose`."""
    picker.edit.clear()
    type_text(qtbot, picker.edit, text)
    popup = picker.completer.popup()
    qtbot.waitUntil(lambda: popup.isVisible() and picker.model.rowCount() > 0, timeout=3000)
    for row in range(picker.model.rowCount()):
        label = picker.model.index(row, 0).data()
        if choose is None or label.startswith(choose):
            index = popup.model().index(row, 0)
            popup.scrollTo(index)
            qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(index).center())
            break
    qtbot.waitUntil(lambda: picker.value() is not None, timeout=2000)


def fill(qtbot, form, values: dict) -> None:
    for name, value in values.items():
        field = form.field(name)
        widget = field.widget
        if isinstance(field, f.DateField):
            widget.setFocus()
            widget.setDate(QDate.fromString(value, "yyyy-MM-dd"))
        elif isinstance(field, f.Text):  # Integer too
            target = widget
            target.setFocus()
            if field.multiline:
                target.clear()
            else:
                target.selectAll()
                qtbot.keyClick(target, Qt.Key.Key_Delete)
            type_text(qtbot, target, str(value))
        elif isinstance(field, f.Choice):
            if field.editable:
                widget.lineEdit().clear()
                type_text(qtbot, widget.lineEdit(), value)
            else:  # a person picks what the list shows: the label (the form keeps its code)
                index = widget.findText(value)
                assert index >= 0, f"{value!r} is not offered in {name}"
                widget.setCurrentIndex(index)
        elif isinstance(field, f.Reference):
            index = widget.findText(value)
            assert index >= 0, f"{value!r} is not offered in {name}"
            widget.setCurrentIndex(index)
        elif isinstance(field, f.Picker):
            pick(qtbot, widget, value[0], value[1])
        elif isinstance(field, f.Check):
            if widget.isChecked() != bool(value):
                qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
        elif isinstance(field, f.CheckList):
            for row in range(widget.count()):
                item = widget.item(row)
                if item.text() in value:
                    item.setCheckState(Qt.CheckState.Checked)
        elif isinstance(field, f.PeopleList):
            for person in value:
                pick(qtbot, field.picker, person[0], person[1])
                add = [b for b in widget.findChildren(type(form.buttons.buttons()[0])) if b.text() == "Thêm"][0]
                qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
        elif isinstance(field, f.RowsTable):
            field.set(value)
        else:
            raise AssertionError(f"no way to fill {type(field).__name__}")


def save_with_enter(qtbot, form) -> None:
    form.buttons.setFocus()
    qtbot.keyClick(form, Qt.Key.Key_Return)


def filler(qtbot, values: dict):
    def run(form):
        fill(qtbot, form, values)
        save_with_enter(qtbot, form)
        assert form.result(), f"form refused: {form.banner.text()} " + " ".join(
            label.text() for label in form.errors.values() if label.isVisible())
    return run


def shown_texts(page, column: int = 0) -> list[str]:
    model = page.model
    return [model.index(row, column).data() for row in range(model.rowCount())]
