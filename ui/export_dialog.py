"""Tệp → Xuất gói gửi cấp trên (Ctrl+E): what leaves the station is shown before
anything is written (tables, counts, what stays behind, who can open it); the package
is then built in the background."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import shiboken6
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
from ui.files import may_write, slug, unused
from ui.i18n import button_box, file_dialog, tr
from ui.periods import period_combo
from ui.system import documents_folder
from ui.tasks import run_db_task, run_operation
from ui.theme import error_style

WARNING = "color: #8a3b00; font-weight: bold;"


def package_name(folder: Path, period, day: date | None = None) -> Path:
    """'goi-nam-2026-ngay-26-11.byx': the period in words, then the day it was made (its
    year only when it is not the period's own), never an existing file."""
    day = day or date.today()
    stamp = f"{day:%d-%m}" if str(day.year) in period.label else f"{day:%d-%m-%Y}"
    return unused(Path(folder) / f"goi-{slug(period.label)}-ngay-{stamp}.byx")


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
        self.named = QCheckBox(tr("Gửi cả danh sách hộ, cư dân có tên (mặc định chỉ gửi số lượng theo địa bàn)"),
                               self)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(tr("Lý do gửi danh sách có tên (bắt buộc), ví dụ theo công văn số …"))
        self.reason.setEnabled(False)
        self.plain_ok = QCheckBox(tr("Tôi hiểu, vẫn xuất gói KHÔNG mã hóa"), self)
        self.plan_text = QPlainTextEdit(self)
        self.plan_text.setReadOnly(True)
        self.plan_text.setMinimumHeight(160)  # it scrolls; the rows below keep their room on a 768-px screen
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
        # room for two lines of it from the start: appearing later, it squeezed the plan until
        # the file row lay over it
        self.error.setMinimumHeight(2 * self.error.fontMetrics().lineSpacing() + 4)
        # the plan arrives from a worker once the dialog shows: the warning and the box it may
        # bring keep their room meanwhile, so nothing grows into its neighbours
        self.warning.setMinimumHeight(2 * self.warning.fontMetrics().lineSpacing() + 4)
        policy = self.plain_ok.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.plain_ok.setSizePolicy(policy)
        form = QFormLayout()
        form.addRow(tr("Kỳ"), self.period)
        form.addRow("", self.full)
        form.addRow("", self.named)
        form.addRow(tr("Lý do"), self.reason)
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
        layout.addWidget(self.plain_ok)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.full.toggled.connect(lambda _c: self.refresh())
        self.named.toggled.connect(self.reason.setEnabled)
        self.named.toggled.connect(lambda _c: self.refresh())
        self.reason.editingFinished.connect(self.refresh)
        self.refresh()

    def residents_reason(self) -> str | None:
        return self.reason.text().strip() if self.named.isChecked() else None

    def current_period(self):
        return station_period(self.context.db, self.period.currentData())

    def refresh(self) -> None:
        """What the package will carry, counted on a worker (every table's rows of the
        period: over 100 ms at 80,000 households); Xuất gói waits for it."""
        period, full, reason = self.current_period(), self.full.isChecked(), self.residents_reason()
        operator = self.context.operator
        self.error.clear()
        self.export_button.setEnabled(False)
        self.plan_text.setPlainText(tr("Đang tính những gì sẽ gửi đi…"))
        self.asked = getattr(self, "asked", 0) + 1
        asked = self.asked

        def gather(db, _progress, _cancelled):
            from storage.errors import ValidationError

            try:
                return exchange.export_plan(db, operator, period, full, reason).value, ""
            except ValidationError as error:  # a reason too short: the plan without named lists, and why
                return exchange.export_plan(db, operator, period, full).value, str(error)

        def show(result) -> None:
            if shiboken6.isValid(self) and asked == self.asked:
                self.show_plan(period, *result)

        run_db_task(self.context, self, tr("Đang tính gói…"), gather, show, show_progress=False)

    def show_plan(self, period, plan, problem: str) -> None:
        self.error.setText(problem)
        self.export_button.setEnabled(self.task is None)
        self.plan_text.setPlainText(plan.describe())
        self.warning.setText("" if plan.encrypted_for else tr(
            "Chưa có khóa công khai của cấp trên (Cài đặt → Cấp trên): tệp sẽ KHÔNG được mã hóa, ai cầm "
            "tệp cũng đọc được dữ liệu cá nhân trong đó."))
        self.needs_plain_ok = not plan.encrypted_for
        self.plain_ok.setVisible(self.needs_plain_ok)
        self.path.setText(str(package_name(documents_folder(), period)))

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
        if self.named.isChecked():  # the reason for named lists, checked again before anything is written
            from storage.errors import ValidationError

            try:
                self.context.run(exchange.export_plan, self.current_period(), self.full.isChecked(),
                                 self.residents_reason())
            except ValidationError as error:
                self.error.setText(str(error))
                return
        if self.needs_plain_ok and not self.plain_ok.isChecked():
            self.error.setText(tr("Chưa xuất: hãy nhập khóa của cấp trên, hoặc đánh dấu “Tôi hiểu, vẫn xuất gói "
                                  "KHÔNG mã hóa”."))
            return
        period, full = self.current_period(), self.full.isChecked()
        self.export_button.setEnabled(False)
        self.task = run_operation(self.context, self, tr("Đang dựng gói, ký và mã hóa…"), exchange.export,
                                  period, target, full=full, residents_reason=self.residents_reason(),
                                  allow_unencrypted=self.needs_plain_ok and self.plain_ok.isChecked(),
                                  on_success=self._done,
                                  on_failure=self._failed)

    def _done(self, manifest: dict) -> None:
        self.manifest = manifest
        self.context.status.emit(tr("Đã xuất gói số {0} vào {1}.").format(manifest["sequence"], self.path.text()))
        self.accept()

    def _failed(self, error, details) -> None:
        self.export_button.setEnabled(True)
        show_failure(self.error, self, error, details)
