"""A list of one kind of record: search as you type (accents optional), filters, a
count, sortable columns, double-click or Enter to open, a context menu, and an
optional detail panel for the selected record."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from operations import records
from storage.errors import StorageError
from storage.query import dependents
from storage.query.listing import LISTS, ListFilter
from ui.errors import show_error
from ui.formatting import format_number
from ui.i18n import ask, tr
from ui.record_form import RecordForm
from ui.table_model import RecordTableModel
from ui.typeahead import make_typeable

WIDTHS = {"date": 110, "datetime": 130, "number": 110, "flag": 110, "cccd": 130}


def tables_read(spec) -> set[str]:
    """Every table a list's columns and joins read: the areas list counts households and
    people, so adding a household changes what it shows."""
    text = " ".join([spec.joins] + [column.sql for column in spec.columns])
    return {spec.table, *re.findall(r"\b(?:FROM|JOIN)\s+(\w+)", text, flags=re.IGNORECASE)}


def column_width(index: int, column) -> int:
    """Room for the values, not the header: names wide, dates and numbers narrow."""
    if column.kind in WIDTHS:
        return max(WIDTHS[column.kind], 9 * len(column.header) + 24)
    return 280 if index == 0 else 220


class ListPage(QWidget):
    def __init__(self, context, key: str, repo, fields: Callable, *, singular: str, detail=None,
                 defaults: Callable | None = None, form_note: str = "", can_create: bool = True,
                 parent=None):
        """`key` names the list in storage.query.listing.LISTS; `fields(page)` builds the form."""
        super().__init__(parent)
        spec = LISTS[key]
        self.context, self.key, self.repo, self.make_fields = context, key, repo, fields
        self.singular, self.defaults, self.form_note = singular, defaults, form_note
        self.can_create = can_create
        self.model = RecordTableModel(context.db, spec, self)
        self.reads = tables_read(spec)  # a change to any of them is read again (counts agree)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("Tìm (gõ không dấu cũng được)…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.search_timer = QTimer(self, singleShot=True, interval=150)
        self.search_timer.timeout.connect(self._search_now)
        self.search.textChanged.connect(lambda _t: self.search_timer.start())
        self.search.returnPressed.connect(self._search_now)
        self.search.installEventFilter(self)  # ↓ from the search box goes into the results

        bar = QHBoxLayout()
        bar.addWidget(self.search)
        self.filter_boxes: dict[str, tuple[QComboBox, ListFilter]] = {}
        for flt in spec.filters:
            box = QComboBox(self)
            box.setToolTip(tr(flt.label))
            box.setMinimumContentsLength(14)
            self.filter_boxes[flt.name] = (box, flt)
            self._fill_filter(box, flt)
            box.currentIndexChanged.connect(lambda _i, n=flt.name: self._filter_changed(n))
            bar.addWidget(QLabel(tr(flt.label) + ":", self))
            bar.addWidget(box)
        bar.addStretch(1)
        self.count_label = QLabel(self)
        bar.addWidget(self.count_label)

        buttons = QHBoxLayout()
        self.new_button = QPushButton(tr("Thêm {0}").format(singular), self)
        self.new_button.clicked.connect(self.new_record)
        self.new_button.setVisible(can_create)
        self.edit_button = QPushButton(tr("Sửa"), self)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton(tr("Xóa (chuyển vào thùng rác)"), self)
        self.delete_button.clicked.connect(self.delete_selected)
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        self.extra_buttons = buttons
        buttons.addStretch(1)
        self.excel_button = QPushButton(tr("Xuất Excel"), self)
        self.excel_button.setToolTip(tr("Xuất đúng những gì danh sách đang hiện (lọc, cột, thứ tự) ra tệp .xlsx"))
        self.excel_button.clicked.connect(lambda: self.export_excel())
        buttons.addWidget(self.excel_button)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(spec.default_sort, Qt.SortOrder.DescendingOrder if spec.default_descending
                                else Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for index, column in enumerate(spec.columns):
            self.table.setColumnWidth(index, column_width(index, column))
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        open_action = QAction(self.table)
        open_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        open_action.triggered.connect(self.edit_selected)
        self.table.addAction(open_action)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(buttons)
        self.detail = detail
        if detail is not None:
            self.splitter = QSplitter(Qt.Orientation.Vertical, self)
            self.splitter.addWidget(self.table)
            self.splitter.addWidget(detail)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 2)
            layout.addWidget(self.splitter, 1)
            # selectionChanged, not currentRowChanged: the current row moves before the
            # selection does, and the pane showed the household clicked before.
            self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        else:
            self.splitter = None
            layout.addWidget(self.table, 1)
        if context.read_only:
            for button in (self.new_button, self.edit_button, self.delete_button):
                button.setEnabled(False)
                button.setToolTip(context.read_only)
        self.pending_select: int | None = None  # to select once the list being read arrives
        self.stale = False  # changed while hidden: read again when shown
        self.model.modelReset.connect(self._update_count)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(lambda error: show_error(self, error))
        self._update_count()
        self.restore_state()
        context.changed.connect(self._on_changed)

    # ---- state -------------------------------------------------------------------
    def restore_state(self) -> None:
        settings = QSettings()
        header = settings.value(f"lists/{self.key}/header")
        self.fitted = header is not None  # widths the person set are kept as they are
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
        if self.splitter is not None and settings.value(f"lists/{self.key}/splitter") is not None:
            self.splitter.restoreState(settings.value(f"lists/{self.key}/splitter"))

    def save_state(self) -> None:
        settings = QSettings()
        settings.setValue(f"lists/{self.key}/header", self.table.horizontalHeader().saveState())
        if self.splitter is not None:
            settings.setValue(f"lists/{self.key}/splitter", self.splitter.saveState())

    # ---- reading -----------------------------------------------------------------
    def _apply(self, change) -> None:
        selected = self.selected_ids()
        change()
        if selected:
            self.select_id(selected[0])

    def _loaded(self) -> None:
        self._update_count()
        if self.pending_select is not None:
            record_id, self.pending_select = self.pending_select, None
            self.select_id(record_id)
        self._show_detail()  # a reset list drops its selection without saying so

    def _search_now(self) -> None:
        self.search_timer.stop()
        # another list: from its top (the scroll of the last one would show the end of
        # 371 "nguyen van"), unless the chosen record is in it and is scrolled to
        self.table.scrollToTop()
        self._apply(lambda: self.model.set_query(self.search.text()))

    def _fill_filter(self, box: QComboBox, flt: ListFilter) -> None:
        current = box.currentText()
        box.blockSignals(True)
        box.clear()
        box.addItem(tr("Tất cả"), None)
        for label, condition, params in flt.options(self.context.db):
            box.addItem(label, (condition, params))
        index = box.findText(current)
        box.setCurrentIndex(max(0, index))
        box.blockSignals(False)
        make_typeable(box)  # a long list (849 teams) is typed into, accents optional

    def _filter_changed(self, name: str) -> None:
        box, _flt = self.filter_boxes[name]
        data = box.currentData()
        self.table.scrollToTop()
        self.model.set_filter(name, data[0] if data else None, data[1] if data else None)

    def _update_count(self) -> None:
        if self.model.loading and not self.model.ids:
            self.count_label.setText(tr("Đang tải…"))
        else:
            self.count_label.setText(tr("{0} hồ sơ").format(format_number(self.model.rowCount())))

    def refresh(self) -> None:
        self.stale = False
        for box, flt in self.filter_boxes.values():
            self._fill_filter(box, flt)
        self._apply(self.model.refresh)
        self._show_detail()

    def _on_changed(self, table: str) -> None:
        if table == "" or table in self.reads or self.detail is not None:
            if self.shown_now():
                self.refresh()
            else:  # a page out of sight is read again when it is shown, not now
                self.stale = True

    def shown_now(self) -> bool:
        """On screen, or would be once its window shows (another page or tab in front: no)."""
        top = self.window()
        return top is self or self.isVisibleTo(top)

    def showEvent(self, event):  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not getattr(self, "fitted", True):
            self.fitted = True
            QTimer.singleShot(0, self.fit_columns)  # once laid out: the table's real width
        if self.stale:
            self.refresh()

    def fit_columns(self) -> None:
        """First show: when the columns are wider than the table (every list at 1366×768),
        the text columns give up room, down to 110 px each, so the last ones are seen
        without scrolling sideways; dates and numbers keep theirs."""
        header = self.table.horizontalHeader()
        spare = self.table.viewport().width() - header.length()
        if spare >= 0:
            return
        text = [i for i, column in enumerate(self.model.spec.columns) if column.kind == "text"
                and not header.isSectionHidden(i)]
        room = sum(header.sectionSize(i) - 110 for i in text)
        if room <= 0:
            return
        share = min(1.0, -spare / room)
        for i in text:
            header.resizeSection(i, header.sectionSize(i) - int((header.sectionSize(i) - 110) * share))

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return [self.model.record_id(row) for row in rows]

    def select_id(self, record_id: int) -> None:
        if self.model.loading:  # the list being read may not hold it yet
            self.pending_select = record_id
            return
        row = self.model.row_of(record_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _show_detail(self) -> None:
        if self.detail is not None:
            ids = self.selected_ids()
            self.detail.show_record(ids[0] if ids else None)

    # ---- writing -----------------------------------------------------------------
    def open_form(self, record_id: int | None = None, defaults: dict | None = None) -> RecordForm:
        title = (tr("Sửa {0}") if record_id else tr("Thêm {0}")).format(self.singular)
        if defaults is None and record_id is None and self.defaults:
            defaults = self.defaults()
        return RecordForm(self, self.context.db, self.context.operator, self.repo, self.make_fields(self),
                          title, record_id, defaults, self.form_note)

    def new_record(self) -> int | None:
        if not self.can_create or self.context.read_only:
            return None
        form = self.open_form()
        if form.exec() and form.saved_id:
            self.context.notify(self.repo.table)
            self.select_id(form.saved_id)
            self.context.status.emit(tr("Đã lưu {0}.").format(self.singular))
            return form.saved_id
        return None

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        form = self.open_form(ids[0])
        if self.context.read_only:
            form.buttons.button(form.buttons.StandardButton.Save).setEnabled(False)
            form.banner.setText(self.context.read_only)
            form.banner.show()
        if form.exec() and form.saved_id:
            self.context.notify(self.repo.table)
            self.select_id(form.saved_id)
            self.context.status.emit(tr("Đã lưu thay đổi."))

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids or self.context.read_only:
            return
        # a record others depend on is deleted only when asked (a lone one at once: Ctrl+Z undoes it)
        depending = dependents.describe(self.context.db, self.repo.table, ids)
        # one record is named ("Chuyển địa bàn “Đồng Lạc” vào thùng rác?"), several are counted
        what = (f"{self.singular} “{self.repo.display_name(self.repo.get(self.context.db, ids[0]))}”"
                if len(ids) == 1 else f"{format_number(len(ids))} {self.singular}")
        if depending and not ask(self, tr("Xóa hồ sơ"), tr("Chuyển {0} vào thùng rác?\n\nHồ sơ này còn liên quan:\n{1}"
                                                           "\n\nCó thể khôi phục ở trang Thùng rác.").format(
                what, "\n".join(f"• {line}" for line in depending))):
            return
        try:
            self.context.run(records.delete, self.repo.table, ids)
        except StorageError as error:
            show_error(self, error)
            return
        self.context.last_deleted = [(self.repo.table, record_id) for record_id in ids]
        self.context.status.emit(tr("Đã chuyển {0} hồ sơ vào thùng rác. Bấm Ctrl+Z để hoàn tác.")
                                 .format(format_number(len(ids))))

    def _context_menu(self, position) -> None:
        index = self.table.indexAt(position)
        if index.isValid() and index.row() not in {i.row() for i in self.table.selectionModel().selectedRows()}:
            self.table.selectRow(index.row())
        menu = QMenu(self)
        if self.can_create:
            menu.addAction(tr("Thêm mới"), self.new_record)
        if index.isValid():
            menu.addAction(tr("Sửa"), self.edit_selected)
            menu.addAction(tr("Xóa (chuyển vào thùng rác)"), self.delete_selected)
        for label, handler in getattr(self, "extra_menu", []):
            if index.isValid():
                menu.addAction(label, handler)
        menu.exec(self.table.viewport().mapToGlobal(position))

    def export_excel(self, path: str | None = None) -> None:
        """What the list shows, as .xlsx: its rows (search and filters) in their order, its
        visible columns in their on-screen order."""
        from PySide6.QtWidgets import QFileDialog

        from operations import excel
        from ui.tasks import run_operation

        if path is None:
            from ui.files import suggested
            from ui.system import documents_folder

            default = suggested(documents_folder(), tr("danh sách {0}").format(self.singular), suffix=".xlsx")
            path, _ = QFileDialog.getSaveFileName(self, tr("Xuất Excel"), str(default),
                                                  tr("Bảng tính Excel (*.xlsx)"))
            if not path:
                return
            if not path.lower().endswith(".xlsx"):
                from ui.files import may_write

                path += ".xlsx"  # the dialog asked about the name without it
                if not may_write(self, path):
                    return
        elif not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        header = self.table.horizontalHeader()
        columns = [header.logicalIndex(v) for v in range(header.count())
                   if not header.isSectionHidden(header.logicalIndex(v))]
        ids = [self.model.record_id(row) for row in range(self.model.rowCount())]
        run_operation(self.context, self, tr("Đang xuất Excel…"), excel.export_list, self.key, ids, columns,
                      path, on_success=lambda count: self.context.status.emit(
                          tr("Đã xuất {0} dòng ra {1}.").format(format_number(count), path)))

    def show_history(self) -> None:
        from ui.history import HistoryDialog

        ids = self.selected_ids()
        if ids:
            record = self.repo.get(self.context.db, ids[0], include_deleted=True)
            HistoryDialog(self.context.db, record.uuid, self.repo.display_name(record), self).exec()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
        """↓ or Page Down in the search box: into the results, on the first row (it took a
        first-day officer seven Tabs to reach them)."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.model.rowCount():
            self._search_now()
            self.table.setFocus()
            if not self.table.selectionModel().hasSelection():
                self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

