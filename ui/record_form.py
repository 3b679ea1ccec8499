"""The form dialog every kind of record is entered and corrected in: fields in tab
order, inline Vietnamese messages under the field that is wrong, Enter saves, Esc
cancels, nothing is written unless the whole record is valid."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from operations import records
from storage.errors import ConflictError, StorageError, ValidationError
from ui import screen
from ui.fields import Check, Field
from ui.i18n import ask, button_box, tr, warn
from ui.theme import error_style


class RecordForm(QDialog):
    def __init__(self, parent, db, actor, repo, fields: list[Field], title: str,
                 record_id: int | None = None, defaults: dict | None = None, note: str = "",
                 fixed: dict | None = None):
        """`actor` is the operations.base.Actor saving (context.operator): the form saves
        through operations.records. `defaults` pre-fill fields; `fixed` values are saved
        without a field (e.g. the team a new member joins)."""
        super().__init__(parent)
        self.db, self.actor, self.repo, self.fields = db, actor, repo, fields
        self.fixed = fixed or {}
        self.record_id = record_id
        self.saved_id: int | None = None
        self.version = None
        self.setWindowTitle(title)
        self.setMinimumWidth(560)

        outer = QVBoxLayout(self)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(error_style(bold=True))  # reads on light and dark
        self.banner.hide()
        outer.addWidget(self.banner)
        if note:
            hint = QLabel(note, self)
            hint.setWordWrap(True)
            outer.addWidget(hint)

        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        self.form = QFormLayout()
        body_layout.addLayout(self.form)
        body_layout.addStretch(1)  # spare height goes below the fields, not inside them
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors: dict[str, QLabel] = {}
        for field in fields:
            widget = field.build(db, body)
            holder = QWidget(body)
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
            if field.hint and not isinstance(field, Check):  # a box's hint is its own text
                note = QLabel(tr(field.hint), holder)
                note.setWordWrap(True)
                note.setEnabled(False)  # the palette's quieter text: a hint, not a value
                column.addWidget(note)
            error = QLabel(holder)
            error.setWordWrap(True)
            error.setStyleSheet(error_style())
            error.hide()
            column.addWidget(error)
            self.errors[field.name] = error
            label = QLabel(tr(field.label) + (" *" if field.required else ""), body)
            label.setBuddy(widget)
            self.form.addRow(label, holder)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        # Long forms scroll down, never sideways: the form is as wide as its widest field.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(body.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width())
        self.scroll = scroll
        outer.addWidget(scroll, 1)
        self.extra = QVBoxLayout()
        outer.addLayout(self.extra)

        self.buttons = button_box(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                  self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.cancel)
        outer.addWidget(self.buttons)

        if record_id is not None:
            record = repo.get(db, record_id)
            self.version = record.version
            values = dataclasses.asdict(record)
            for field in fields:
                field.set(values.get(field.name))
        for name, value in (defaults or {}).items():
            field = self.field(name)
            if field is not None:
                field.set(value)
        if fields:
            fields[0].widget.setFocus()
        self.initial = self.typed()
        # as tall as the fields need (a guess per field left a blank half-screen under a
        # person's twelve one-line fields), never taller than 760 or the screen: then it scrolls
        around = outer.sizeHint().height() - scroll.sizeHint().height()
        self.resize(max(640, self.minimumSizeHint().width()), min(760, around + body.sizeHint().height() + 4))
        screen.fit_size(self)  # no taller than the screen (1366×728 and smaller): the fields scroll

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def values(self) -> dict:
        return {**{field.name: field.get() for field in self.fields}, **self.fixed}

    def typed(self) -> str | None:
        """What the fields hold, to tell whether anything was typed since the form opened
        (None while a field holds something unfinished, such as half a date)."""
        try:
            return repr(self.values())
        except (ValidationError, ValueError):
            return None

    def may_discard(self) -> bool:
        """Hủy, Esc or the window's close button: what was typed is not thrown away without
        asking (a first-day officer lost a mediation case's content to Esc)."""
        return self.typed() == self.initial or ask(
            self, tr("Bỏ thông tin chưa lưu?"),
            tr("Các thông tin vừa nhập chưa được lưu.\nĐóng biểu mẫu và bỏ các thông tin này?"))

    def cancel(self) -> None:
        if self.may_discard():
            self.reject()

    def closeEvent(self, event):  # noqa: N802 (Qt's name)
        # the window's own close button (a spontaneous event); a program closing it means it
        if self.result() == 0 and event.spontaneous() and not self.may_discard():
            event.ignore()
            return
        super().closeEvent(event)

    def clear_errors(self) -> None:
        self.banner.hide()
        for label in self.errors.values():
            label.hide()

    def show_errors(self, error: ValidationError) -> None:
        first = None
        loose = []
        for name, message in error.errors.items():
            if name in self.errors:
                self.errors[name].setText(message)
                self.errors[name].show()
                first = first or self.field(name)
            else:
                loose.append(message)
        if loose or not first:
            self.banner.setText(" ".join(loose) or str(error))
            self.banner.show()
        if first is not None:
            first.widget.setFocus()

    def save(self) -> None:
        self.clear_errors()
        try:
            if self.record_id is None:
                record = records.create(self.db, self.actor, self.repo.table, self.values()).value
            else:
                record = records.update(self.db, self.actor, self.repo.table, self.record_id, self.values(),
                                        expected_version=self.version).value
        except ValidationError as error:
            self.show_errors(error)
            return
        except ConflictError as error:
            warn(self, tr("Không lưu được"), str(error))
            return
        except StorageError as error:
            self.banner.setText(str(error))
            self.banner.show()
            return
        self.saved_id = record.id
        self.accept()

    def keyPressEvent(self, event):  # noqa: N802 (Qt's name)
        # Ctrl+Enter saves even from a multi-line field.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.save()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return
        super().keyPressEvent(event)
