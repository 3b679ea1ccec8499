"""Pickers that search as you type (people, households) and combo boxes of the
station's areas and teams."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QHBoxLayout, QLineEdit, QPushButton, QWidget

from storage.query import lookups
from storage.query.search import search
from ui.i18n import tr
from ui.typeahead import make_typeable


class RecordPicker(QWidget):
    """A line edit whose completer lists matching records as you type, accents optional,
    with a '+' button to create a new record from inside the form."""

    changed = Signal()

    def __init__(self, db, kind: str, parent=None, create_new=None):
        super().__init__(parent)
        self.db, self.kind = db, kind
        self._id: int | None = None
        self._choices: dict[str, int] = {}
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(tr("Gõ tên để tìm (không dấu cũng được)…"))
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.edit.setCompleter(self.completer)
        self.completer.activated[str].connect(self._chosen)
        self.timer = QTimer(self, singleShot=True, interval=120)
        self.timer.timeout.connect(self._look_up)
        self.edit.textEdited.connect(lambda _text: self.timer.start())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        if create_new is not None:
            self.new_button = QPushButton(tr("+ Mới"), self)
            self.new_button.setToolTip(tr("Thêm mới rồi chọn"))
            self.new_button.setAutoDefault(False)
            self.new_button.clicked.connect(lambda: self._create(create_new))
            layout.addWidget(self.new_button)
        self.setFocusProxy(self.edit)

    def _look_up(self) -> None:
        self._id = None
        hits = search(self.db, self.edit.text(), limit=20, kinds=(self.kind,))
        self._choices = {}
        for hit in hits:
            label = hit.name + (f" — {hit.area}" if hit.area else "")
            self._choices[label] = hit.id
        self.model.setStringList(list(self._choices))
        if self._choices:
            self.completer.complete()
        self.changed.emit()

    def _chosen(self, label: str) -> None:
        self._id = self._choices.get(label)
        self.edit.setText(label)
        self.changed.emit()

    def _create(self, create_new) -> None:
        new_id, label = create_new(self)
        if new_id:
            self.set_value(new_id, label)

    def typed_text(self) -> str:
        """A name typed and matched to no record: '+ Mới' starts its form from it."""
        return "" if self._id is not None else self.edit.text().strip()

    def value(self) -> int | None:
        if self._id is None and self.edit.text().strip():
            # Typed a name and left without choosing: take the single exact match.
            exact = [i for label, i in self._choices.items() if label.split(" — ")[0] == self.edit.text().strip()]
            if len(exact) == 1:
                self._id = exact[0]
        return self._id

    def set_value(self, record_id: int | None, label: str = "") -> None:
        self._id = record_id
        self.edit.setText(label)
        self.changed.emit()


class ReferenceCombo(QComboBox):
    """All live areas or teams, in Vietnamese order, after a first item choosing none."""

    def __init__(self, db, kind: str, optional: bool = True, parent=None):
        super().__init__(parent)
        self.db, self.kind, self.optional = db, kind, optional
        self.setMinimumContentsLength(24)
        self.reload()

    def reload(self) -> None:
        current = self.value()
        self.clear()
        # Required or not, nothing is chosen until the officer chooses: a required list
        # that opened on its first entry saved a patrol under whichever team sorted first.
        self.addItem(tr("— chưa chọn —") if self.optional else tr("— chọn —"), None)
        for record_id, label in lookups.choices(self.db, self.kind):
            self.addItem(label, record_id)
        self.set_value(current)
        make_typeable(self)  # many areas or teams: typed into, accents optional

    def value(self) -> int | None:
        return self.currentData()

    def set_value(self, record_id: int | None) -> None:
        index = self.findData(record_id)
        self.setCurrentIndex(index if index >= 0 else 0)
