"""Importing packages at the superior: a dry run first (decrypt, verify, compare) in
the background; the officer reads what each package would change, confirms the key
fingerprint of any station sending for the first time, then the import is applied in
one transaction, and a receipt is written beside each package."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
)

from operations import exchange
from storage.exchange import importer
from ui.i18n import button_box, tr
from ui.tasks import run_operation


def _run(context, parent, title: str, paths, dry_run: bool, trusted: set[str], done):
    """operations.exchange.import_packages in the background: a dry run, or the import
    with a receipt beside each package."""
    return run_operation(context, parent, title, exchange.import_packages, list(paths), dry_run=dry_run,
                         trust_new=lambda report: report.station_uuid in trusted, on_success=done)


class ImportDialog(QDialog):
    """Shows the dry run's reports; new stations are listed with a box to tick once
    their fingerprint matched the paper copy."""

    def __init__(self, context, paths: list[Path], reports: list, parent=None):
        super().__init__(parent)
        self.context, self.paths = context, paths
        self.final_reports: list | None = None
        self.setWindowTitle(tr("Nhập gói của các xã"))
        self.resize(760, 620)
        text = QPlainTextEdit(self)
        text.setReadOnly(True)
        text.setPlainText("\n\n".join(r.describe() for r in reports))
        self.new_stations = QListWidget(self)
        for report in reports:
            if report.new_station and report.status == importer.NEEDS_TRUST:
                item = QListWidgetItem(f"{report.station_name} — {report.fingerprint}", self.new_stations)
                item.setData(Qt.ItemDataRole.UserRole, report.station_uuid)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
        accepted = sum(r.status in (importer.ACCEPTED, importer.NEEDS_TRUST) for r in reports)
        summary = QLabel(tr("{0}/{1} gói có thể nhập. Gói bị từ chối không làm thay đổi gì.").format(
            accepted, len(reports)), self)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(text, 1)
        if self.new_stations.count():
            hint = QLabel(tr("Xã gửi gói lần đầu: đánh dấu khi dấu vân tay khớp với bản giấy xã gửi lên "
                             "(in trên bản tóm tắt của gói)."), self)
            hint.setWordWrap(True)
            layout.addWidget(hint)
            self.new_stations.setMaximumHeight(140)
            layout.addWidget(self.new_stations)
        buttons = button_box(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.apply_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button.setText(tr("Nhập"))
        self.apply_button.setEnabled(accepted > 0)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def trusted(self) -> set[str]:
        return {self.new_stations.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.new_stations.count())
                if self.new_stations.item(i).checkState() == Qt.CheckState.Checked}

    def apply(self) -> None:
        self.apply_button.setEnabled(False)

        def done(reports):
            self.final_reports = reports
            accepted = sum(r.status == importer.ACCEPTED for r in reports)
            self.context.status.emit(tr("Đã nhập {0}/{1} gói; biên nhận ghi cạnh mỗi gói.").format(
                accepted, len(reports)))
            self.accept()

        self.task = _run(self.context, self, tr("Đang nhập gói…"), self.paths, False, self.trusted(), done)


def start_import(context, parent, paths: list[Path]) -> None:
    """Dry run in the background, then the dialog."""
    def show(reports):
        ImportDialog(context, paths, reports, parent).exec()

    parent._import_task = _run(context, parent, tr("Đang kiểm tra các gói…"), paths, True, set(), show)
