"""Tệp → Nhập từ Excel: choose a file, see the column each header was matched to and
correct it, preview every row (new, same, changed, refused with the reason), then
import; and Tệp → Lịch sử nhập: every import, with undo (its records go to the trash).
Reading, planning and writing run in the background through ui.tasks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from operations import excel
from storage.excel.plan import STATUS_LABELS, change_text
from storage.excel.table import FIELDS_BY_KIND
from ui.errors import show_error
from ui.i18n import tr
from ui.system import documents_folder
from ui.tasks import run_operation

# Pale backgrounds a colour-blind reader can do without: the status is also written out.
STATUS_COLOURS = {"new": "#e8f5e9", "changed": "#fff8e1", "refused": "#ffebee"}
KIND_CHOICES = [("auto", "Tự nhận ra"), ("households", "Hộ gia đình và nhân khẩu"), ("people", "Người"),
                ("teams", "Tổ"), ("members", "Thành viên tổ"), ("mediation", "Vụ việc hòa giải")]


def may_write(context) -> bool:
    """Not a read-only window (another instance writes) nor a viewer's account."""
    account = context.account
    return not context.read_only and (account is None or account.can_write)


class ExcelImportDialog(QDialog):
    def __init__(self, context, parent=None, path: str | None = None):
        super().__init__(parent)
        self.context = context
        self.outcome = None
        self.result_outcome = None
        self.setWindowTitle(tr("Nhập danh sách từ Excel"))
        self.resize(980, 680)

        self.path_edit = QLineEdit(path or "", self)
        self.path_edit.setPlaceholderText(tr("Tệp .xlsx, .xls hoặc .csv"))
        browse = QPushButton(tr("Chọn tệp…"), self)
        browse.clicked.connect(self.choose_file)
        self.kind_box = QComboBox(self)
        for code, label in KIND_CHOICES:
            self.kind_box.addItem(tr(label), code)
        self.sheet_box = QComboBox(self)
        self.sheet_box.setToolTip(tr("Trang của tệp (mặc định: trang đầu tiên có danh sách)"))
        self.sheet_box.activated.connect(lambda _i: self.preview(None))
        self.create_areas = QCheckBox(tr("Tạo thôn/tổ chưa có"), self)
        self.preview_button = QPushButton(tr("Xem trước"), self)
        self.preview_button.clicked.connect(lambda: self.preview())
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Tệp:"), self))
        top.addWidget(self.path_edit, 1)
        top.addWidget(browse)
        options = QHBoxLayout()
        options.addWidget(QLabel(tr("Loại danh sách:"), self))
        options.addWidget(self.kind_box)
        options.addWidget(QLabel(tr("Trang:"), self))
        options.addWidget(self.sheet_box)
        options.addWidget(self.create_areas)
        options.addStretch(1)
        options.addWidget(self.preview_button)

        self.mapping_table = QTableWidget(0, 2, self)
        self.mapping_table.setHorizontalHeaderLabels([tr("Tiêu đề cột trong tệp"), tr("Nhập vào ô")])
        self.mapping_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.mapping_table.setMaximumHeight(220)
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.rows_table = QTableWidget(0, 4, self)
        self.rows_table.setHorizontalHeaderLabels([tr("Dòng"), tr("Trạng thái"), tr("Họ tên / tên"), tr("Lý do, thay đổi")])
        self.rows_table.horizontalHeader().setStretchLastSection(True)
        self.rows_table.verticalHeader().hide()  # the file's own row numbers are in "Dòng"
        self.rows_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.rows_table.setColumnWidth(2, 220)
        self.rows_table.setColumnWidth(1, 140)
        self.summary = QLabel(tr("Chọn tệp rồi bấm Xem trước."), self)
        self.summary.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = self.buttons.addButton(tr("Nhập"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(options)
        layout.addWidget(QLabel(tr("Cột đã nhận ra (sửa nếu sai):"), self))
        layout.addWidget(self.mapping_table)
        layout.addWidget(self.rows_table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        if context.read_only:
            self.import_button.setToolTip(context.read_only)

    # ---- choosing and previewing -----------------------------------------------------
    def choose_file(self) -> None:
        # from the user's Documents, not the folder the program was started in
        name, _ = QFileDialog.getOpenFileName(self, tr("Chọn danh sách Excel"),
                                              str(documents_folder().parent),
                                              tr("Bảng tính (*.xlsx *.xls *.csv)"))
        if name:
            self.path_edit.setText(name)
            self.sheet_box.clear()
            self.preview(None)

    def options(self, mapping: dict[int, str] | None) -> dict:
        return {"kind": self.kind_box.currentData(), "create_areas": self.create_areas.isChecked(),
                "mapping": mapping, "sheet": self.sheet_box.currentText() or None}

    def current_mapping(self) -> dict[int, str] | None:
        if self.outcome is None:
            return None
        mapping = {}
        for index in range(self.mapping_table.rowCount()):
            box = self.mapping_table.cellWidget(index, 1)
            if box.currentData():
                mapping[box.property("column")] = box.currentData()
        return mapping

    def preview(self, mapping: dict[int, str] | None = None) -> None:
        path = self.path_edit.text().strip()
        if not path:
            self.summary.setText(tr("Hãy chọn tệp trước."))
            return
        self.import_button.setEnabled(False)
        run_operation(self.context, self, tr("Đang đọc tệp…"), excel.preview_import, Path(path),
                      **self.options(mapping), on_success=self.show_plan, on_failure=self.failed)

    def failed(self, error, details) -> None:
        self.outcome = None
        self.summary.setText(str(error))
        show_error(self, error, details)

    def show_plan(self, outcome) -> None:
        self.outcome = outcome
        plan = outcome.plan
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        self.sheet_box.addItems(outcome.sheets)
        self.sheet_box.setCurrentIndex(max(0, self.sheet_box.findText(plan.sheet)))
        self.sheet_box.blockSignals(False)
        fields = FIELDS_BY_KIND[plan.kind]
        self.mapping_table.setRowCount(0)
        for column, header in enumerate(plan.table.headers):
            if not header and column not in plan.table.mapping:
                continue
            row = self.mapping_table.rowCount()
            self.mapping_table.insertRow(row)
            self.mapping_table.setItem(row, 0, QTableWidgetItem(header or tr("(cột {0} không tiêu đề)").format(column + 1)))
            box = QComboBox(self.mapping_table)
            box.setProperty("column", column)
            box.addItem(tr("— bỏ qua —"), None)
            for key, (label, _variants) in fields.items():
                box.addItem(label, key)
            box.setCurrentIndex(max(0, box.findData(plan.table.mapping.get(column))))
            box.currentIndexChanged.connect(lambda _i: self.preview(self.current_mapping()))
            self.mapping_table.setCellWidget(row, 1, box)
        self.rows_table.setRowCount(len(plan.rows))
        for index, row in enumerate(plan.rows):
            detail = row.reason or change_text(row.changes)
            for column, text in enumerate((str(row.row), tr(STATUS_LABELS[row.status]), row.name, detail)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # a long reason is cut in the cell, whole here
                if row.status in STATUS_COLOURS:
                    item.setBackground(QColor(STATUS_COLOURS[row.status]))
                self.rows_table.setItem(index, column, item)
        text = tr("Trang “{0}”, dòng tiêu đề {1}: {2}.").format(plan.sheet, plan.table.header_row, plan.summary())
        if plan.new_areas:
            text += " " + tr("Địa bàn sẽ tạo: {0}.").format(", ".join(plan.new_areas))
        self.summary.setText(text)
        writable = any(r.status in ("new", "changed") for r in plan.rows) or bool(plan.new_areas)
        self.import_button.setEnabled(writable and may_write(self.context))

    # ---- importing -----------------------------------------------------------------------
    def run_import(self) -> None:
        if self.outcome is None or self.context.read_only:
            return
        run_operation(self.context, self, tr("Đang nhập danh sách…"), excel.import_file,
                      Path(self.path_edit.text().strip()), **self.options(self.current_mapping()),
                      on_success=self.imported, on_failure=self.failed, with_progress=True)

    def imported(self, outcome) -> None:
        self.result_outcome = outcome
        written = outcome.written
        if written is None:
            self.context.status.emit(tr("Không có gì thay đổi: tệp này đã được nhập."))
        else:
            self.context.status.emit(tr("Đã nhập {0} hồ sơ mới, cập nhật {1} hồ sơ; {2} dòng bị từ chối.")
                                     .format(written.created_count, written.updated_count,
                                             outcome.plan.count("refused")))
        self.accept()


class ImportHistoryDialog(QDialog):
    """Tệp → Lịch sử nhập: every Excel import; undo moves its records to the trash."""

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(tr("Lịch sử nhập từ Excel"))
        self.resize(860, 420)
        self.table = QTableWidget(0, 7, self)
        self.table.setHorizontalHeaderLabels([tr("Lúc"), tr("Tệp"), tr("Trang"), tr("Người nhập"),
                                              tr("Mới"), tr("Cập nhật"), tr("Tình trạng")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.undo_button = QPushButton(tr("Hoàn tác lần nhập này (chuyển hồ sơ vào thùng rác)"), self)
        self.undo_button.clicked.connect(self.undo_selected)
        self.undo_button.setEnabled(may_write(context))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.undo_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.load()

    def load(self) -> None:
        from storage.records.validate import format_date

        self.items = excel.import_history(self.context.db, self.context.operator).value
        self.table.setRowCount(len(self.items))
        for index, item in enumerate(self.items):
            state = (tr("đã hoàn tác {0}").format(format_date(item.undone_at[:10])) if item.undone_at
                     else tr("đang dùng"))
            when = f"{format_date(item.imported_at[:10])} {item.imported_at[11:16]}"
            for column, text in enumerate((when, item.file_name, item.sheet or "", item.actor,
                                           str(item.created_count), str(item.updated_count), state)):
                self.table.setItem(index, column, QTableWidgetItem(text))
        if self.items:
            self.table.selectRow(0)

    def undo_selected(self) -> None:
        from storage.errors import StorageError

        row = self.table.currentRow()
        if row < 0 or row >= len(self.items):
            return
        item = self.items[row]
        answer = QMessageBox.question(
            self, tr("Hoàn tác lần nhập"),
            tr("Chuyển {0} hồ sơ đã tạo khi nhập tệp {1} vào thùng rác?").format(item.created_count, item.file_name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            moved = self.context.run(excel.undo_import, item.id)
        except StorageError as error:
            show_error(self, error)
            return
        self.context.status.emit(tr("Đã chuyển {0} hồ sơ vào thùng rác.").format(sum(len(v) for v in moved.values())))
        self.load()
