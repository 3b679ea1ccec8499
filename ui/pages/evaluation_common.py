"""What the evaluation pages share: the year picker, read-only tables filled from rows,
a combo of vocabulary codes, and running an operation with its failure shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QSpinBox, QTableWidgetItem

from storage.clock import today
from storage.errors import StorageError
from storage.vocabulary import choices
from ui.errors import show_error
from ui.grading_model import VisibleRowFitter
from ui.i18n import tr
from ui.tables import read_only_table

RECORD_ROLE = Qt.ItemDataRole.UserRole


def year_box(parent) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(2000, 2100)
    box.setValue(today().year)
    box.setPrefix(tr("Năm "))
    box.setMinimumWidth(110)
    return box


def code_combo(parent, kind: str, *, empty: str | None = None) -> QComboBox:
    """A combo of the vocabulary's labels, holding the codes (None for `empty`)."""
    box = QComboBox(parent)
    if empty is not None:
        box.addItem(tr(empty), None)
    for code, shown in choices(kind):
        box.addItem(shown, code)
    return box


def select_code(box: QComboBox, code) -> None:
    index = box.findData(code)
    box.setCurrentIndex(max(index, 0))


def table(parent, headers, widths=()):
    view = read_only_table(parent, headers, widths)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(True)
    view.setAlternatingRowColors(True)
    # Rows fit their wrapped text at the widths the columns end up with, as they come into
    # view (resizing every row of a few hundred took 100–150 ms at 80,000 households).
    view.fitter = VisibleRowFitter(view)
    return view


def fill(view, rows: list[list], records: list | None = None) -> None:
    """Rows of text; `records` (one per row) is kept in the first cell for the page."""
    view.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if c == 0 and records is not None:
                item.setData(RECORD_ROLE, records[r])
            view.setItem(r, c, item)
    fitter = getattr(view, "fitter", None)
    if fitter is not None:
        fitter.forget()  # the rows on screen fitted in the next turn of the event loop
    else:
        view.resizeRowsToContents()


def selected_record(view):
    row = view.currentRow()
    if row < 0 or view.item(row, 0) is None:
        return None
    return view.item(row, 0).data(RECORD_ROLE)


def attempt(parent, context, op, *args, **kwargs):
    """Run an operation; a refused one shows its Vietnamese reason and returns None."""
    if context.read_only:
        show_error(parent, StorageError(context.read_only))
        return None
    try:
        return context.run(op, *args, **kwargs)
    except StorageError as error:
        show_error(parent, error)
        return None


def points(value) -> str:
    return "" if value is None else f"{value:g}".replace(".", ",")


def print_document(parent, context, document: str, year: int, what: str, subject: str | None = None,
                   **kwargs) -> str | None:
    """Ask where to save, print the evaluation document there (operations/evaluation.py,
    quick: a few pages), open it; returns the path written, None when nothing was."""
    from PySide6.QtWidgets import QFileDialog

    from operations.evaluation import print_evaluation
    from ui import system
    from ui.files import suggested

    default = suggested(system.documents_folder(), what, subject, suffix=".pdf")
    path, _ = QFileDialog.getSaveFileName(parent, tr("Lưu {0}").format(what), str(default), tr("Tệp PDF (*.pdf)"))
    if not path:
        return None
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    pages = attempt(parent, context, print_evaluation, document, year, path, **kwargs)
    if pages is None:
        return None
    context.status.emit(tr("Đã in {0} ({1} trang): {2}").format(what, pages, path))
    system.open_file(path)
    return path
