"""Tables of rows held in a model (issue 17): the rows are plain dicts prepared on a
worker, the view paints only what is on screen, and editors exist only for the cell
being edited. Used by Xếp loại tổ (levels, tasks and boxes edited in place, each edit
saved through its operation) and the evaluation pages' long read-only lists (Tổ bảo vệ
ANTT, the allowance sheet, Lịch năm).

Showing rows costs the same for 10 rows or 3,000: the model takes the list as it is,
and rows whose text wraps are fitted to their text only when they scroll into view."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QStyledItemDelegate,
    QTableView,
)

from storage.vocabulary import choices, label
from ui.i18n import tr

RECORD_ROLE = Qt.ItemDataRole.UserRole
ROOT = QModelIndex()
NOT_GRADED = "Chưa xếp loại"


@dataclass(frozen=True)
class Column:
    """One column: the header, the row's key it shows, and how: "text" (read-only),
    "level" (a grading level, edited with a combo), "percent" (edited with a spin box),
    "check" (a check box)."""

    header: str
    key: str
    kind: str = "text"


def level_text(code) -> str:
    return tr(NOT_GRADED) if code is None else label("grading_level", code)


def percent_text(value) -> str:
    return "" if value is None else f"{float(value):g} %"


class RowsModel(QAbstractTableModel):
    """Rows of dicts under `columns`. A row may carry "_record" (given back under
    RECORD_ROLE), "_locked" (keys whose cell is shown greyed and cannot be edited) and
    "_colors" ({key: QColor} for the text). An edit calls `commit(row, key, value)`,
    which saves it and says whether it was kept; a refused edit changes nothing."""

    def __init__(self, columns: list[Column], parent=None,
                 commit: Callable[[dict, str, object], bool] | None = None):
        super().__init__(parent)
        self.columns = columns
        self.rows: list[dict] = []
        self.commit = commit

    # ---- rows ------------------------------------------------------------------------
    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=ROOT) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=ROOT) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 (Qt's name)
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return tr(self.columns[section].header)
        return None

    # ---- cells -----------------------------------------------------------------------
    def text(self, row: int, column: int) -> str:
        """What the cell shows (a check box's cell shows no text)."""
        spec, value = self.columns[column], self.rows[row].get(self.columns[column].key)
        if spec.kind == "level":
            return level_text(value)
        if spec.kind == "percent":
            return percent_text(value)
        if spec.kind == "check":
            return ""
        return "" if value is None else str(value)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, spec = self.rows[index.row()], self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            shown = self.text(index.row(), index.column())
            return shown if shown or role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.EditRole:
            return row.get(spec.key)
        if role == Qt.ItemDataRole.CheckStateRole and spec.kind == "check":
            return Qt.CheckState.Checked if row.get(spec.key) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole:
            return row.get("_colors", {}).get(spec.key)
        if role == RECORD_ROLE and index.column() == 0:
            return row.get("_record")
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        row, spec = self.rows[index.row()], self.columns[index.column()]
        if spec.key in row.get("_locked", ()):
            return Qt.ItemFlag.ItemIsSelectable
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.commit is not None and spec.kind in ("level", "percent"):
            flags |= Qt.ItemFlag.ItemIsEditable
        elif self.commit is not None and spec.kind == "check":
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802 (Qt's name)
        if not index.isValid() or self.commit is None or not self.flags(index) & Qt.ItemFlag.ItemIsEnabled:
            return False
        row, spec = self.rows[index.row()], self.columns[index.column()]
        if spec.kind == "check" and role == Qt.ItemDataRole.CheckStateRole:
            value = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        elif not (spec.kind in ("level", "percent") and role == Qt.ItemDataRole.EditRole):
            return False
        if value == row.get(spec.key):
            return False
        if not self.commit(row, spec.key, value):
            return False  # refused: the reason was shown, the cell keeps its value
        row[spec.key] = value
        self.dataChanged.emit(index, index)
        return True


class GradingDelegate(QStyledItemDelegate):
    """Editors for the grading cells: a combo of the four levels (and "Chưa xếp loại")
    for a level, a 0–100 % spin box for the tasks done; check boxes are the view's own
    (Space or a click toggles them)."""

    def createEditor(self, parent, option, index):  # noqa: N802 (Qt's name)
        kind = index.model().columns[index.column()].kind
        if kind == "level":
            box = QComboBox(parent)
            box.addItem(tr(NOT_GRADED), None)
            for code, shown in choices("grading_level"):
                box.addItem(shown, code)
            return box
        if kind == "percent":
            spin = QDoubleSpinBox(parent)
            spin.setRange(0, 100)
            spin.setDecimals(0)
            spin.setSuffix(" %")
            return spin
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor, index) -> None:  # noqa: N802 (Qt's name)
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        elif isinstance(editor, QDoubleSpinBox):
            editor.setValue(float(value or 0))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index) -> None:  # noqa: N802 (Qt's name)
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QDoubleSpinBox):
            editor.interpretText()
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class VisibleRowFitter(QObject):
    """Wrapped rows fitted to their text only as they come into view: O(rows on screen)
    after every reset, scroll, resize or column width change (resizeRowsToContents
    measures every cell of every row: 100–200 ms for a thousand rows)."""

    def __init__(self, view: QTableView):
        super().__init__(view)
        self.view = view
        self.fitted: set[int] = set()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.fit)
        view.verticalScrollBar().valueChanged.connect(lambda _v: self.timer.start())
        view.horizontalHeader().sectionResized.connect(lambda *_a: self.forget())
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(lambda *_a: self.forget())
        model.dataChanged.connect(lambda first, last, *_a: self.forget(range(first.row(), last.row() + 1)))
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.timer.start()
        return False

    def forget(self, rows=None) -> None:
        if rows is None:
            self.fitted.clear()
        else:
            self.fitted.difference_update(rows)
        self.timer.start()

    def fit(self) -> None:
        view = self.view
        count = view.model().rowCount()
        if not count or not view.isVisible():
            return
        height = view.viewport().height()
        row = max(view.rowAt(0), 0)
        while row < count and view.rowViewportPosition(row) < height:
            if row not in self.fitted:
                self.fitted.add(row)
                view.resizeRowToContents(row)
            row += 1


def rows_view(parent, columns: list[Column], widths=(), *, wrap: bool = False,
              commit: Callable[[dict, str, object], bool] | None = None) -> QTableView:
    """A table view over a RowsModel: whole rows selected, the last column stretched,
    `widths` for the first columns. `wrap`: long text wraps and rows fit it as they come
    into view; otherwise every row is one line high. `commit`: the cells of kinds
    "level", "percent" and "check" are edited (F2, typing, a double click, Space)."""
    view = QTableView(parent)
    model = RowsModel(columns, view, commit)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(True)
    view.setWordWrap(wrap)
    view.horizontalHeader().setStretchLastSection(True)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    if commit is None:
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    else:
        view.setItemDelegate(GradingDelegate(view))
        view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.SelectedClicked)
    if wrap:
        view.fitter = VisibleRowFitter(view)
    else:
        # one line per row (a combo's height when editing), never measured
        view.verticalHeader().setSectionResizeMode(view.verticalHeader().ResizeMode.Fixed)
        view.verticalHeader().setDefaultSectionSize(max(view.fontMetrics().height() + 14, 28))
    return view


def view_rows(view: QTableView) -> list[list[str]]:
    """Every row's shown text (what a test or a screen reader reads)."""
    model = view.model()
    return [[model.text(r, c) for c in range(model.columnCount())] for r in range(model.rowCount())]


def current_record(view: QTableView):
    """The "_record" of the current row, None when no row is current."""
    index = view.currentIndex()
    if not index.isValid():
        return None
    return view.model().rows[index.row()].get("_record")
