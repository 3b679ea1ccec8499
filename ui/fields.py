"""Form fields: each knows its label, its widget, how to read and write a value, and
where its inline error message goes."""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from storage.errors import ValidationError
from storage.query import lookups
from storage.records import lists
from ui.i18n import button_box, tr
from ui.pickers import RecordPicker, ReferenceCombo

EMPTY_DATE = QDate(1900, 1, 1)
PERSON_ROLE = Qt.ItemDataRole.UserRole + 7  # (person id, name) of a row picked from the register


class Field:
    def __init__(self, name: str, label: str, *, required: bool = False, hint: str = ""):
        self.name, self.label, self.required, self.hint = name, label, required, hint
        self.widget: QWidget | None = None

    def build(self, db, parent) -> QWidget:
        raise NotImplementedError

    def get(self):
        raise NotImplementedError

    def set(self, value) -> None:
        raise NotImplementedError


class Text(Field):
    def __init__(self, name, label, *, multiline: bool = False, placeholder: str = "", **kw):
        super().__init__(name, label, **kw)
        self.multiline, self.placeholder = multiline, placeholder

    def build(self, db, parent):
        if self.multiline:
            self.widget = QPlainTextEdit(parent)
            self.widget.setTabChangesFocus(True)
            self.widget.setMinimumHeight(64)
            self.widget.setMaximumHeight(110)
        else:
            self.widget = QLineEdit(parent)
        self.widget.setPlaceholderText(self.placeholder)
        return self.widget

    def get(self):
        text = self.widget.toPlainText() if self.multiline else self.widget.text()
        return text.strip() or None

    def set(self, value):
        text = "" if value is None else str(value)
        if self.multiline:
            self.widget.setPlainText(text)
        else:
            self.widget.setText(text)


class Integer(Text):
    def build(self, db, parent):
        widget = super().build(db, parent)
        widget.setMaximumWidth(160)
        return widget


class DateEdit(QWidget):
    """A date typed as digits: slashes come by themselves ("12031975" shows 12/03/1975),
    an empty field takes typing straight away, Tab leaves, clearing the text clears the
    date; the button (or Alt+↓, F4) opens a calendar at the date shown, else today, or
    for a birth date some decades back. `date()` is an invalid QDate unless a whole,
    real date is shown; `dateChanged` fires for each whole date and when cleared."""

    dateChanged = Signal(QDate)  # noqa: N815 (Qt's style, as QDateEdit)

    def __init__(self, parent=None, *, years_back: int = 0):
        super().__init__(parent)
        self.years_back = years_back
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(tr("ngày/tháng/năm"))
        self.edit.setMaxLength(10)
        self.edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.edit.textEdited.connect(self._typed)
        self.edit.textChanged.connect(self._changed)
        self.button = QToolButton(self)
        self.button.setArrowType(Qt.ArrowType.DownArrow)
        self.button.setToolTip(tr("Chọn ngày trên lịch (Alt+↓)"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.open_calendar)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.installEventFilter(self)
        self.calendar: QCalendarWidget | None = None
        self._last = QDate()
        self._previous = ""
        width = self.edit.fontMetrics().horizontalAdvance("00/00/00000") + 24
        self.edit.setMinimumWidth(width)
        self.setMaximumWidth(width + 60)

    # ---- typing ------------------------------------------------------------------
    @staticmethod
    def shape(text: str, growing: bool) -> tuple[str, int]:
        """The digits of `text` as dd/mm/yyyy (a one-digit day or month closed by "/"
        gets its 0), and how many digits that is."""
        parts = text.split("/")
        digits = ""
        for index, part in enumerate(parts):
            part = "".join(c for c in part if c.isdigit())
            if index < len(parts) - 1 and len(part) == 1 and len(digits) in (0, 2):
                part = "0" + part
            digits += part
        digits = digits[:8]
        shown = "/".join(p for p in (digits[:2], digits[2:4], digits[4:]) if p)
        if growing and len(digits) in (2, 4):
            shown += "/"
        return shown, len(digits)

    def _typed(self, text: str) -> None:
        iso = QDate.fromString(text.strip(), "yyyy-MM-dd")
        if iso.isValid():  # pasted from a spreadsheet or a package: 2026-07-05
            self.setDate(iso)
            self._previous = self.edit.text()
            return
        cursor = self.edit.cursorPosition()
        at_end = cursor == len(text)
        before = len("".join(c for c in text[:cursor] if c.isdigit()))
        growing = len(text) > len(self._previous)
        shown, _count = self.shape(text, growing and at_end)
        if shown != text:
            self.edit.setText(shown)
            position = 0
            seen = 0
            while not at_end and position < len(shown) and seen < before:
                seen += shown[position].isdigit()
                position += 1
            if growing and position < len(shown) and shown[position] == "/":
                position += 1
            self.edit.setCursorPosition(len(shown) if at_end else position)
        self._previous = self.edit.text()

    def _changed(self, text: str) -> None:
        self._previous = text
        value = self.date()
        if value.isValid() or not text:
            if value != self._last:
                self._last = value
                self.dateChanged.emit(value)

    # ---- values ------------------------------------------------------------------
    def text(self) -> str:
        return self.edit.text()

    def date(self) -> QDate:
        value = QDate.fromString(self.edit.text(), "dd/MM/yyyy")
        return value if value.isValid() and value.year() >= 1900 else QDate()

    def setDate(self, value: QDate | None) -> None:  # noqa: N802 (Qt's style)
        if value is None or not value.isValid() or value == EMPTY_DATE:
            self.edit.setText("")
        else:
            self.edit.setText(value.toString("dd/MM/yyyy"))

    def clear(self) -> None:
        self.edit.clear()

    # ---- calendar ----------------------------------------------------------------
    def start_page(self) -> QDate:
        if self.date().isValid():
            return self.date()
        today = QDate.currentDate()
        return today.addYears(-self.years_back) if self.years_back else today

    def open_calendar(self) -> None:
        if self.calendar is None:
            self.calendar = QCalendarWidget(self)
            self.calendar.setWindowFlags(Qt.WindowType.Popup)
            self.calendar.setGridVisible(True)
            self.calendar.setMinimumDate(QDate(1900, 1, 1))
            self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
            self.calendar.clicked.connect(self._picked)
            self.calendar.activated.connect(self._picked)
        start = self.start_page()
        self.calendar.setSelectedDate(start)
        self.calendar.setCurrentPage(start.year(), start.month())
        self.calendar.adjustSize()
        place = self.mapToGlobal(self.rect().bottomLeft())
        screen = self.screen().availableGeometry()
        size = self.calendar.sizeHint()
        x = min(max(place.x(), screen.left()), screen.right() - size.width())
        y = place.y() if place.y() + size.height() <= screen.bottom() else \
            self.mapToGlobal(self.rect().topLeft()).y() - size.height()
        self.calendar.move(x, y)
        self.calendar.show()
        self.calendar.setFocus()

    def _picked(self, value: QDate) -> None:
        self.setDate(value)
        if self.calendar is not None:
            self.calendar.hide()
        self.edit.setFocus()
        self.edit.selectAll()

    def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and (
                event.key() == Qt.Key.Key_F4 or (event.key() == Qt.Key.Key_Down and
                                                event.modifiers() & Qt.KeyboardModifier.AltModifier)):
            self.open_calendar()
            return True
        return super().eventFilter(watched, event)


class DateField(Field):
    """A typed date (DateEdit); empty means 'not entered'. A birth date's calendar opens
    decades back. In a form an unfinished or impossible date is refused under the
    field; a filter (no label) reads it as no date."""

    BIRTH_YEARS_BACK = 40

    def __init__(self, name, label, *, years_back: int | None = None, **kw):
        super().__init__(name, label, **kw)
        self.years_back = years_back if years_back is not None else (
            self.BIRTH_YEARS_BACK if name.startswith("birth") else 0)

    def build(self, db, parent):
        self.widget = DateEdit(parent, years_back=self.years_back)
        return self.widget

    def get(self):
        value = self.widget.date()
        if value.isValid():
            return value.toString("yyyy-MM-dd")
        if self.widget.text().strip() and self.label:
            raise ValidationError({self.name: tr("Ngày chưa đúng: hãy gõ ngày/tháng/năm, ví dụ 12/03/1975.")})
        return None

    def set(self, value):
        if value:
            self.widget.setDate(QDate.fromString(str(value)[:10], "yyyy-MM-dd"))
        else:
            self.widget.clear()

    def set_today(self):
        self.widget.setDate(QDate.currentDate())


class Choice(Field):
    """A combo box. `choices` are values or (code, label) pairs, or a callable (db) -> them;
    `shown(db, code)` names a value no longer offered (a list item since removed)."""

    def __init__(self, name, label, choices, *, optional: bool = False, editable: bool = False,
                 shown=None, **kw):
        super().__init__(name, label, **kw)
        self.choices, self.optional, self.editable, self.shown = choices, optional, editable, shown
        self.db = None

    def build(self, db, parent):
        self.db = db
        self.widget = QComboBox(parent)
        self.widget.setEditable(self.editable)
        if self.optional:
            self.widget.addItem("", None)
        elif self.required and not self.editable:
            # nothing chosen until the officer chooses: a mediation case opened on "Đất đai"
            self.widget.addItem(tr("— chọn —"), None)
        values = self.choices(db) if callable(self.choices) else self.choices
        for value in values:
            # (code, label): the form shows the label and stores the code
            code, shown = value if isinstance(value, tuple) else (value, value)
            self.widget.addItem(shown, code)
        return self.widget

    def get(self):
        if self.editable:
            return self.widget.currentText().strip() or None
        return self.widget.currentData()

    def set(self, value):
        index = self.widget.findData(value)
        if index < 0 and value is not None:  # an old value no longer in the list
            self.widget.addItem(self.shown(self.db, value) if self.shown else str(value), value)
            index = self.widget.count() - 1
        self.widget.setCurrentIndex(max(index, 0))


def ListChoice(name, label, list_name: str, **kw) -> Choice:  # noqa: N802 (a Field, as Choice)
    """A choice among the items of an editable list (storage/records/lists.py): shows
    labels, stores codes; a record keeping an item since removed still shows its label."""
    return Choice(name, label, lambda db: lists.choices(db, list_name),
                  shown=lambda db, code: lists.label_of(db, list_name, code), **kw)


class Check(Field):
    def build(self, db, parent):
        self.widget = QCheckBox(self.hint or "", parent)
        return self.widget

    def get(self):
        return 1 if self.widget.isChecked() else 0

    def set(self, value):
        self.widget.setChecked(bool(value))


class Reference(Field):
    """An area, team or pledge text from a combo box."""

    def __init__(self, name, label, kind, **kw):
        super().__init__(name, label, **kw)
        self.kind = kind

    def build(self, db, parent):
        self.widget = ReferenceCombo(db, self.kind, optional=not self.required, parent=parent)
        return self.widget

    def get(self):
        return self.widget.value()

    def set(self, value):
        self.widget.set_value(value)


class Picker(Field):
    """A person or household found by typing; '+ Mới' creates one on the spot."""

    def __init__(self, name, label, kind, *, create_new=None, **kw):
        super().__init__(name, label, **kw)
        self.kind, self.create_new = kind, create_new

    def build(self, db, parent):
        self.db = db
        self.widget = RecordPicker(db, self.kind, parent, create_new=self.create_new)
        return self.widget

    def get(self):
        return self.widget.value()

    def set(self, value):
        self.widget.set_value(value, lookups.label(self.db, self.kind, value))


class CheckList(Field):
    """Several areas (or other small lists) ticked in a list."""

    def __init__(self, name, label, kind: str = "area", **kw):
        super().__init__(name, label, **kw)
        self.kind = kind

    def build(self, db, parent):
        self.widget = QListWidget(parent)
        self.widget.setMaximumHeight(120)
        for record_id, text in lookups.choices(db, self.kind):
            item = QListWidgetItem(text, self.widget)
            item.setData(Qt.ItemDataRole.UserRole, record_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        return self.widget

    def get(self):
        return [self.widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.widget.count())
                if self.widget.item(i).checkState() == Qt.CheckState.Checked]

    def set(self, value):
        chosen = set(value or [])
        for i in range(self.widget.count()):
            item = self.widget.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in chosen
                               else Qt.CheckState.Unchecked)


class PeopleList(Field):
    """Several people, each found with a picker and listed; for patrol members."""

    def build(self, db, parent):
        self.db = db
        self.widget = QWidget(parent)
        layout = QVBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.picker = RecordPicker(db, "person", self.widget)
        add = QPushButton(tr("Thêm"), self.widget)
        add.setAutoDefault(False)
        remove = QPushButton(tr("Bỏ người đã chọn"), self.widget)
        remove.setAutoDefault(False)
        row.addWidget(self.picker, 1)
        row.addWidget(add)
        row.addWidget(remove)
        self.list = QListWidget(self.widget)
        self.list.setMaximumHeight(100)
        layout.addLayout(row)
        layout.addWidget(self.list)
        add.clicked.connect(self._add)
        remove.clicked.connect(lambda: [self.list.takeItem(self.list.row(i)) for i in self.list.selectedItems()])
        self.widget.setFocusProxy(self.picker)
        return self.widget

    def _add(self):
        person_id = self.picker.value()
        if person_id and person_id not in self.get():
            self._append(person_id)
        self.picker.set_value(None)

    def _append(self, person_id):
        item = QListWidgetItem(lookups.label(self.db, "person", person_id) or str(person_id), self.list)
        item.setData(Qt.ItemDataRole.UserRole, person_id)

    def get(self):
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def set(self, value):
        self.list.clear()
        for person_id in value or []:
            self._append(person_id)


class RowsTable(Field):
    """A small editable table of child rows (a case's parties, its sessions). Each
    column is (key, header, width, choices or None); `adders` are (button text, row)."""

    def __init__(self, name, label, columns, adders, *, register: tuple[str, dict] | None = None, **kw):
        super().__init__(name, label, **kw)
        self.columns, self.adders = columns, adders
        self.register = register  # (button text, row): a row whose person is picked from the register

    def build(self, db, parent):
        self.db = db
        self.widget = QWidget(parent)
        layout = QVBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(self.columns), self.widget)
        self.table.setHorizontalHeaderLabels([tr(c[1]) for c in self.columns])
        self.table.horizontalHeader().setStretchLastSection(True)
        for index, column in enumerate(self.columns):
            self.table.setColumnWidth(index, column[2])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(120)
        # every column shows whole: the form widens instead of cutting the table
        self.table.setMinimumWidth(sum(c[2] for c in self.columns) + 40)
        buttons = QHBoxLayout()
        for text, row in self.adders:
            button = QPushButton(tr(text), self.widget)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, r=row: self._add_and_type(dict(r)))
            buttons.addWidget(button)
        if self.register is not None:
            self.register_button = QPushButton(tr(self.register[0]), self.widget)
            self.register_button.setAutoDefault(False)
            self.register_button.setToolTip(tr("Tìm người trong sổ cư dân: họ tên, tuổi, địa chỉ được điền sẵn"))
            self.register_button.clicked.connect(self.pick_from_register)
            buttons.addWidget(self.register_button)
        remove = QPushButton(tr("Xóa dòng đã chọn"), self.widget)
        remove.setAutoDefault(False)
        remove.clicked.connect(self._remove_selected)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        return self.widget

    def _remove_selected(self) -> None:
        for index in sorted(self.table.selectionModel().selectedRows(), key=lambda i: -i.row()):
            self.table.removeRow(index.row())

    def pick_from_register(self) -> None:
        """A person of the register as a new row (name, age, address filled in, the
        person kept); a name typed over it later makes it a name typed new."""
        dialog = RegisterPick(self.db, self.widget)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.picker.value() is None:
            return
        person_id = dialog.picker.value()
        brief = lookups.person_brief(self.db, person_id)
        if brief is None:
            return
        age = QDate.currentDate().year() - brief["birth_year"] if brief["birth_year"] else None
        self.add_row({**self.register[1], "name": brief["name"], "age": age, "address": brief["address"],
                      "person_id": person_id})

    def _add_and_type(self, values: dict) -> None:
        """A row added with its button opens its first text cell for typing: what the
        person types next is the name, not lost on the button (walkthrough, issue 11)."""
        self.add_row(values)
        row = self.table.rowCount() - 1
        column = next((i for i, c in enumerate(self.columns) if not c[3]), None)
        if column is not None:
            self.table.setCurrentCell(row, column)
            self.table.setFocus()
            self.table.editItem(self.table.item(row, column))

    def add_row(self, values: dict) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, (key, _header, _width, choices) in enumerate(self.columns):
            value = values.get(key)
            if choices:
                combo = QComboBox(self.table)
                for choice in choices:  # (code, label): the label shown, the code kept
                    code, shown = choice if isinstance(choice, tuple) else (choice, choice)
                    combo.addItem(shown, code)
                index = combo.findData(value)
                combo.setCurrentIndex(max(0, index if index >= 0 else combo.findText(str(value))))
                self.table.setCellWidget(row, column, combo)
            elif key.endswith("_on"):  # a date: typed as everywhere else, digits and slashes added
                day = DateEdit(self.table)
                day.setMaximumWidth(16777215)
                if value:
                    iso = QDate.fromString(str(value)[:10], "yyyy-MM-dd")
                    if iso.isValid():
                        day.setDate(iso)
                    else:
                        day.edit.setText(str(value))
                self.table.setCellWidget(row, column, day)
            else:
                item = QTableWidgetItem("" if value is None else str(value))
                if key == "name" and values.get("person_id"):  # picked from the register
                    item.setData(PERSON_ROLE, (values["person_id"], str(value or "")))
                    item.setToolTip(tr("Người trong sổ cư dân"))
                self.table.setItem(row, column, item)

    def get(self):
        rows = []
        for row in range(self.table.rowCount()):
            values = {}
            for column, (key, _header, _width, choices) in enumerate(self.columns):
                if choices:
                    values[key] = self.table.cellWidget(row, column).currentData()
                elif key.endswith("_on"):
                    day = self.table.cellWidget(row, column)
                    # a half-typed date goes on as typed: storage refuses it, in Vietnamese
                    values[key] = day.date().toString("yyyy-MM-dd") if day.date().isValid() else (
                        day.text().strip() or None)
                else:
                    item = self.table.item(row, column)
                    values[key] = (item.text().strip() if item else "") or None
                    picked = item.data(PERSON_ROLE) if item is not None and key == "name" else None
                    if picked and picked[1].strip() == values[key]:  # still the person picked
                        values["person_id"] = picked[0]
            if any(values[key] for key, _h, _w, choices in self.columns if not choices):
                rows.append(values)
        return rows

    def set(self, value):
        self.table.setRowCount(0)
        for values in value or []:
            self.add_row(values)




class RegisterPick(QDialog):
    """Chọn từ sổ cư dân: type a name (accents optional), choose the person."""

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Chọn người trong sổ cư dân"))
        self.setMinimumWidth(460)
        self.picker = RecordPicker(db, "person", self)
        buttons = button_box(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(buttons)
