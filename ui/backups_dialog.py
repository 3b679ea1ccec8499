"""Tệp → Khôi phục từ bản sao lưu: the backups of this database (when, why, size, how
many records), and restoring one after confirmation; the current state is backed up
first."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
)

from storage.db import backup
from ui.formatting import format_number
from ui.i18n import ask, button_box, tr
from ui.tables import read_only_table

REASONS = {"tu-dong": "tự động", "thu-cong": "làm tay", "truoc-khoi-phuc": "trước khi khôi phục",
           "truoc-nhap": "trước khi nhập gói", "khi-dong": "khi đóng ứng dụng"}


def reason_label(reason: str) -> str:
    if reason.startswith("truoc-nang-cap"):
        return "trước khi nâng cấp"
    return REASONS.get(reason, reason)


class BackupsDialog(QDialog):
    HEADERS = ("Thời điểm", "Lý do", "Dung lượng", "Người", "Hộ", "Tổ", "Ca tuần tra")

    def __init__(self, db_path, parent=None):
        super().__init__(parent)
        self.db_path = db_path
        self.chosen = None
        self.setWindowTitle(tr("Khôi phục từ bản sao lưu"))
        self.resize(760, 460)
        self.backups = backup.list_backups(db_path)
        note = QLabel(tr("Bản sao lưu nằm ở {0}. Khôi phục sẽ sao lưu tình trạng hiện tại trước.").format(
            backup.folder_for(db_path)), self)
        note.setWordWrap(True)
        self.table = read_only_table(self, self.HEADERS, (150, 170), rows=len(self.backups))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for row, item in enumerate(self.backups):
            values = (item.created.strftime("%H:%M %d/%m/%Y"), tr(reason_label(item.reason)),
                      f"{format_number(item.size // 1024)} KB",
                      *(format_number(item.counts.get(t, 0)) for t in ("people", "households", "teams", "patrols")))
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        if self.backups:
            self.table.selectRow(0)
        buttons = button_box(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.restore_button.setText(tr("Khôi phục bản đã chọn"))
        self.restore_button.setEnabled(bool(self.backups))
        buttons.accepted.connect(self.choose)
        buttons.rejected.connect(self.reject)
        self.usb_button = buttons.addButton(tr("Khôi phục từ bản trên USB…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.usb_button.clicked.connect(lambda: self.choose_encrypted())
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        if not self.backups:
            layout.addWidget(QLabel(tr("Chưa có bản sao lưu nào."), self))
        layout.addWidget(buttons)

    def choose_encrypted(self, path: str | None = None, password: str | None = None) -> None:
        """A copy from the second place: decrypted with its password into a temporary
        file in the data folder (never /tmp), which is then restored like any backup and
        removed (operations.maintenance.restore)."""
        from pathlib import Path

        from PySide6.QtWidgets import QInputDialog, QLineEdit

        from storage.db.paths import temporary_path
        from storage.errors import StorageError
        from ui.errors import show_error
        from ui.i18n import file_dialog

        files = [path] if path else file_dialog(self, tr("Chọn bản sao lưu trên USB"),
                                                filters=tr("Bản sao lưu mã hóa (*.byb)"))
        if not files:
            return
        if password is None:
            password, ok = QInputDialog.getText(self, tr("Mật khẩu"), tr("Mật khẩu của bản sao lưu:"),
                                                QLineEdit.EchoMode.Password)
            if not ok:
                return
        target = temporary_path(Path(self.db_path).parent, Path(files[0]).stem + ".db")  # not /tmp; removed after
        try:
            backup.decrypt_copy(Path(files[0]), password, target)
            backup.check_file(target)
        except StorageError as error:
            target.unlink(missing_ok=True)
            show_error(self, error)
            return
        self.chosen = target
        self.accept()

    def choose(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        chosen = self.backups[rows[0].row()]
        if ask(self, tr("Khôi phục"), tr("Đưa dữ liệu về thời điểm {0}? Những gì nhập sau thời điểm đó sẽ không "
                                         "còn trong dữ liệu đang dùng (vẫn nằm trong bản sao lưu tự động làm ngay "
                                         "trước khi khôi phục).").format(chosen.created.strftime("%H:%M %d/%m/%Y"))):
            self.chosen = chosen.path
            self.accept()
