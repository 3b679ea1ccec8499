"""Tệp → Xuất gói gửi cấp trên (Ctrl+E): what leaves the station is shown before
anything is written (tables, counts, what stays behind, who can open it); the package
is then built in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from operations import exchange
from storage.query.periods import station_period
from ui.errors import show_failure
from ui.files import may_write, suggested
from ui.i18n import button_box, file_dialog, tr
from ui.periods import period_combo
from ui.system import documents_folder
from ui.tasks import run_operation
from ui.theme import error_style

WARNING = "color: #8a3b00; font-weight: bold;"


class ExportDialog(QDialog):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.task = None
        self.manifest: dict | None = None
        self.setWindowTitle(tr("Xuất gói gửi cấp trên"))
        self.setMinimumWidth(600)
        self.period = period_combo(self)
        self.full = QCheckBox(tr("Gửi toàn bộ dữ liệu (không chỉ những gì thay đổi trong kỳ)"), self)
        self.plan_text = QPlainTextEdit(self)
        self.plan_text.setReadOnly(True)
        self.plan_text.setMinimumHeight(260)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING)
        self.path = QLineEdit(self)
        browse = QPushButton(tr("Chọn…"), self)
        browse.clicked.connect(self.choose_path)
        where = QWidget(self)
        row = QHBoxLayout(where)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.error = QLabel(self)
        self.error.setStyleSheet(error_style())
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Kỳ"), self.period)
        form.addRow("", self.full)
        form.addRow(tr("Sẽ gửi đi"), self.plan_text)
        form.addRow(tr("Lưu vào tệp"), where)
        buttons = button_box(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText(tr("Xuất gói"))
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.full.toggled.connect(lambda _c: self.refresh())
        self.refresh()

    def current_period(self):
        return station_period(self.context.db, self.period.currentData())

    def refresh(self) -> None:
        period = self.current_period()
        plan = self.context.run(exchange.export_plan, period, self.full.isChecked())
        self.plan_text.setPlainText(plan.describe())
        self.warning.setText("" if plan.encrypted_for else tr(
            "Chưa có khóa công khai của cấp trên (Cài đặt → Cấp trên): tệp sẽ KHÔNG được mã hóa, ai cầm "
            "tệp cũng đọc được dữ liệu cá nhân trong đó."))
        self.path.setText(str(suggested(documents_folder(), "goi", period.code, suffix=".byx")))

    def choose_path(self) -> None:
        files = file_dialog(self, tr("Lưu gói"), save=True, filters=tr("Gói Bình Yên (*.byx)"),
                            directory=self.path.text())
        if files:
            self.path.setText(files[0])

    def start(self) -> None:
        self.error.clear()
        target = Path(self.path.text().strip())
        if not may_write(self, target):
            self.error.setText(tr("Chưa xuất: tệp đã có được giữ nguyên. Hãy đặt tên tệp khác."))
            return
        period, full = self.current_period(), self.full.isChecked()
        self.export_button.setEnabled(False)
        self.task = run_operation(self.context, self, tr("Đang dựng gói, ký và mã hóa…"), exchange.export,
                                  period, target, full=full, on_success=self._done, on_failure=self._failed)

    def _done(self, manifest: dict) -> None:
        self.manifest = manifest
        self.context.status.emit(tr("Đã xuất gói số {0} vào {1}.").format(manifest["sequence"], self.path.text()))
        self.accept()

    def _failed(self, error, details) -> None:
        self.export_button.setEnabled(True)
        show_failure(self.error, self, error, details)
