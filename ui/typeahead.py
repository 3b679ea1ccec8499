"""Long combo boxes one can type into: a list of many items (849 teams in a large
commune's patrol filter) becomes editable, and its list narrows as one types to the items
that contain every typed word, accents optional ("to bao ve dong" finds "Tổ bảo vệ ANTT
thôn Đông"). Choosing an item, or Enter with one item left, selects it; leaving with
text that names no item puts back the one selected."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QComboBox, QCompleter

from storage.text import fold, fold_words
from ui.i18n import tr

MANY = 20  # from this many items a combo box is typed into
KEYS_THAT_CHOOSE = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


class FoldedFilter(QSortFilterProxyModel):
    """Rows whose text contains every typed word, compared without accents or case."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.words: list[str] = []
        self.folded: dict[str, str] = {}

    def set_text(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+; invalidateFilter() is deprecated there
            self.beginFilterChange()
            self.words = fold_words(text)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.words = fold_words(text)
            self.invalidateFilter()

    def filterAcceptsRow(self, row, parent):  # noqa: N802 (Qt's name)
        if not self.words:
            return True
        label = self.sourceModel().index(row, 0, parent).data() or ""
        folded = self.folded.get(label)
        if folded is None:
            folded = self.folded[label] = fold(label)
        return all(word in folded for word in self.words)


class FirstMatchKeys(QObject):
    """Enter or Tab in the list with no item highlighted takes the first match (the
    completer alone would only close the list)."""

    def __init__(self, box: QComboBox, proxy: FoldedFilter):
        super().__init__(box)
        self.box, self.proxy = box, proxy

    def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
        if (event.type() == QEvent.Type.KeyPress and event.key() in KEYS_THAT_CHOOSE
                and not watched.currentIndex().isValid() and self.proxy.words and self.proxy.rowCount()):
            self.box.setCurrentIndex(self.proxy.mapToSource(self.proxy.index(0, 0)).row())
            self.box.setEditText(self.box.itemText(self.box.currentIndex()))
            watched.hide()
            if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                self.box.lineEdit().focusNextPrevChild(event.key() == Qt.Key.Key_Tab)
            return True
        return False


def make_typeable(box: QComboBox, many: int = MANY) -> bool:
    """Make `box` (filled) editable with a type-to-filter list when it holds `many` items
    or more; True when it is (it stays so when refilled: the list follows its items)."""
    if box.isEditable():
        return box.property("typeahead") is True
    if box.count() < many:
        return False
    box.setEditable(True)
    box.setProperty("typeahead", True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.lineEdit().setPlaceholderText(tr("Gõ để lọc (không dấu cũng được)…"))
    box.lineEdit().setClearButtonEnabled(False)
    proxy = FoldedFilter(box)
    proxy.setSourceModel(box.model())
    completer = QCompleter(box)
    completer.setModel(proxy)
    completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setMaxVisibleItems(15)
    box.setCompleter(completer)
    box.typeahead = proxy

    def typed(text: str) -> None:
        proxy.set_text(text)
        if text.strip():
            completer.complete()

    def left() -> None:
        """Enter or focus out: one item left is chosen; text naming none gives the selection back."""
        text = box.lineEdit().text()
        if text == box.itemText(box.currentIndex()):
            return
        exact = box.findText(text, Qt.MatchFlag.MatchFixedString)
        if exact < 0 and proxy.words and proxy.rowCount() == 1:
            exact = proxy.mapToSource(proxy.index(0, 0)).row()
        if exact >= 0:
            box.setCurrentIndex(exact)
        box.setEditText(box.itemText(box.currentIndex()))
        proxy.set_text("")

    box.keys = FirstMatchKeys(box, proxy)
    completer.popup().installEventFilter(box.keys)  # after the completer's own: runs first
    box.lineEdit().textEdited.connect(typed)
    box.lineEdit().editingFinished.connect(left)
    box.currentIndexChanged.connect(lambda _i: proxy.set_text(""))
    return True
