"""Tệp → Khôi phục từ bản sao lưu: the backups of this database (when, why, size, how
many records, whether every part of it is there), and restoring one after confirmation;
the current state is backed up first. The list is read on a worker (23 manifests of a
large commune take half a second to read and check), the rows arrive when it is done."""

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
from ui.i18n import ask, button_box, tr, warn
from ui.tables import read_only_table


class BackupsDialog(QDialog):
    HEADERS = ("Thời điểm", "Lý do", "Dung lượng", "Người", "Hộ", "Tổ", "Ca tuần tra", "Tình trạng")

    def __init__(self, db_path, parent=None):
        super().__init__(parent)
        self.db_path = db_path
        self.chosen = None
        self.backups: list = []
        self.setWindowTitle(tr("Khôi phục từ bản sao lưu"))
        self.resize(820, 460)
        note = QLabel(tr("Bản sao lưu nằm ở {0}. Khôi phục sẽ sao lưu tình trạng hiện tại trước.").format(
            backup.folder_for(db_path)), self)
        note.setWordWrap(True)
        self.table = read_only_table(self, self.HEADERS, (150, 170), rows=0)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        buttons = button_box(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.restore_button.setText(tr("Khôi phục bản đã chọn"))
        self.restore_button.setEnabled(False)
        buttons.accepted.connect(self.choose)
        buttons.rejected.connect(self.reject)
        self.usb_button = buttons.addButton(tr("Khôi phục từ bản trên USB…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.usb_button.clicked.connect(lambda: self.choose_encrypted())
        self.status = QLabel(tr("Đang đọc danh sách bản sao lưu…"), self)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        from ui.tasks import run_task

        def read(_progress, _cancelled):
            return [(item, item.intact()) for item in backup.list_backups(db_path)]

        self.loading = run_task(self, tr("Đang đọc danh sách bản sao lưu…"), read, self.show_backups,
                                lambda error, _details: self.status.setText(str(error)), show_progress=False)

    def show_backups(self, found: list) -> None:
        """The rows, newest first; a backup missing a part says so (restoring it is refused
        with the sentence why)."""
        self.backups = [item for item, _intact in found]
        self.intact = [intact for _item, intact in found]
        self.table.setRowCount(len(found))
        for row, (item, intact) in enumerate(found):
            values = (item.created.strftime("%H:%M %d/%m/%Y"), tr(backup.reason_label(item.reason)),
                      f"{format_number(item.size // 1024)} KB",
                      *(format_number(item.counts.get(t, 0)) for t in ("people", "households", "teams", "patrols")),
                      tr("còn đủ") if intact else tr("hỏng, thiếu dữ liệu"))
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        if self.backups:
            self.table.selectRow(0)
        self.restore_button.setEnabled(bool(self.backups))
        self.status.setText("" if self.backups else tr("Chưa có bản sao lưu nào."))
        self.status.setVisible(not self.backups)

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
        if not self.intact[rows[0].row()]:  # the same sentence restoring it would end with
            warn(self, tr("Khôi phục"), tr("Bản sao lưu {0} bị hỏng (thiếu hoặc hỏng một phần dữ liệu); hãy chọn "
                                           "bản sao lưu khác.").format(chosen.path.name))
            return
        if ask(self, tr("Khôi phục"), tr("Đưa dữ liệu về thời điểm {0}? Những gì nhập sau thời điểm đó sẽ không "
                                         "còn trong dữ liệu đang dùng (vẫn nằm trong bản sao lưu tự động làm ngay "
                                         "trước khi khôi phục).").format(chosen.created.strftime("%H:%M %d/%m/%Y"))):
            self.chosen = chosen.path
            self.accept()
