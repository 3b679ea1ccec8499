"""Cài đặt → Cấp trên / Khóa: a station takes its superior's public key (and compares
the fingerprint by phone); an aggregator hands its public key out as a file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QPushButton

from operations import exchange, maintenance
from storage import vocabulary
from storage.errors import StorageError
from storage.exchange import keys
from storage.records import unit
from ui.errors import log, show_error
from ui.i18n import ask, file_dialog, inform, tr
from ui.system import documents_folder


class KeysBox(QGroupBox):
    def __init__(self, context, parent=None):
        super().__init__(tr("Cấp trên và khóa"), parent)
        self.context = context
        self.role = unit.get_unit(context.db).role
        if not context.read_only:
            try:
                context.run(exchange.ensure_keys)  # a file made before keys existed gets them once
            except StorageError as error:
                log.warning("Không tạo được khóa: %s", type(error).__name__)
        form = QFormLayout(self)
        self.own = QLabel(self)
        self.own.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(tr("Dấu vân tay khóa ký của đơn vị"), self.own)
        self.superior = QLabel(self)
        self.superior.setWordWrap(True)
        if self.role == "station":
            form.addRow(tr("Khóa của cấp trên"), self.superior)
            self.button = QPushButton(tr("Nhập khóa công khai của cấp trên…"), self)
            self.button.clicked.connect(self.import_key)
        else:
            form.addRow(tr("Khóa nhận gói (gửi cho các xã)"), self.superior)
            self.button = QPushButton(tr("Lưu tệp khóa công khai…"), self)
            self.button.clicked.connect(self.save_key)
        form.addRow("", self.button)
        self.load()

    def load(self) -> None:
        db = self.context.db
        self.own.setText(keys.fingerprint(keys.signing_public(db)))
        if self.role == "station":
            found = keys.superior(db)
            self.superior.setText(f"{found[0]} — {keys.fingerprint(found[1])}" if found else tr(
                "Chưa có: gói gửi đi sẽ không được mã hóa."))
        else:
            self.superior.setText(keys.fingerprint(keys.encryption_public(db)))

    def import_key(self, path: str | None = None) -> None:
        files = [path] if path else file_dialog(self, tr("Chọn tệp khóa của cấp trên"),
                                                filters=tr("Khóa công khai (*.pub)"))
        if not files:
            return
        try:
            try:
                fingerprint = self.context.run(exchange.trust_superior, Path(files[0]))
            except keys.KeyReplacement as change:
                if not ask(self, tr("Thay khóa của cấp trên?"), tr(
                        "Đơn vị đang tin cậy khóa cấp trên có dấu vân tay\n{0}\n\nKhóa trong tệp có dấu vân tay\n"
                        "{1}\n\nChỉ thay khi cấp trên báo đã đổi khóa và dấu vân tay mới khớp khi đọc qua "
                        "điện thoại. Việc thay được ghi vào nhật ký thao tác. Thay khóa?").format(
                        change.old, change.new)):
                    return
                fingerprint = self.context.run(exchange.trust_superior, Path(files[0]), replace=True)
        except (StorageError, OSError) as error:
            show_error(self, error if isinstance(error, StorageError) else StorageError(str(error)))
            return
        self.load()
        inform(self, tr("Đã nhập khóa"), tr("Dấu vân tay khóa của cấp trên: {0}\nHãy gọi điện đọc đối chiếu "
                                            "với cấp trên trước khi gửi gói.").format(fingerprint))

    def save_key(self, path: str | None = None) -> None:
        files = [path] if path else file_dialog(self, tr("Lưu tệp khóa công khai"), save=True,
                                                filters=tr("Khóa công khai (*.pub)"),
                                                directory=str(documents_folder() / "khoa-cap-tren.pub"))
        if not files:
            return
        try:
            self.context.run(exchange.save_public_key, Path(files[0]))
        except (StorageError, OSError) as error:
            show_error(self, error if isinstance(error, StorageError) else StorageError(str(error)))
            return
        self.context.status.emit(tr("Đã lưu khóa công khai vào {0}.").format(files[0]))


class AccountsBox(QGroupBox):
    """Tài khoản (administrator): who may log in, with which role; add, reset password."""

    def __init__(self, context, parent=None):
        from PySide6.QtWidgets import QHBoxLayout, QListWidget, QVBoxLayout

        super().__init__(tr("Tài khoản"), parent)
        self.context = context
        self.list = QListWidget(self)
        self.list.setMaximumHeight(150)
        add = QPushButton(tr("Thêm tài khoản…"), self)
        add.clicked.connect(self.add)
        reset = QPushButton(tr("Đặt lại mật khẩu…"), self)
        reset.clicked.connect(self.reset)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(reset)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.load()

    def load(self) -> None:
        from storage.records import accounts

        self.list.clear()
        self.accounts = accounts.list_accounts(self.context.db)
        for account in self.accounts:
            self.list.addItem(f"{account.username} — {account.full_name} "
                              f"({vocabulary.label('account_role', account.role)})")

    def add(self) -> None:
        from ui.login import AccountDialog

        if AccountDialog(self.context.db, self.context.actor, self, account=self.context.account).exec():
            self.load()

    def reset(self) -> None:
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        from operations import accounts as account_ops

        row = self.list.currentRow()
        if row < 0:
            return
        password, ok = QInputDialog.getText(self, tr("Đặt lại mật khẩu"), tr("Mật khẩu mới (ít nhất 8 ký tự):"),
                                            QLineEdit.EchoMode.Password)
        if ok:
            try:
                self.context.run(account_ops.reset_password, self.accounts[row].username, password)
            except StorageError as error:
                show_error(self, error)
                return
            self.context.status.emit(tr("Đã đặt lại mật khẩu cho {0}.").format(self.accounts[row].username))


class BackupBox(QGroupBox):
    """Sao lưu: where copies are kept, and a second place (a USB stick) that receives
    copies encrypted with a password."""

    def __init__(self, context, parent=None):
        from storage.db import backup

        super().__init__(tr("Sao lưu"), parent)
        self.context = context
        form = QFormLayout(self)
        local = QLabel(str(backup.folder_for(context.db_path)) if context.db_path else tr("(trong bộ nhớ)"), self)
        local.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(tr("Bản sao lưu trên máy"), local)
        form.addRow("", QLabel(tr("Tự động khi đóng ứng dụng và mỗi giờ nếu có thay đổi; giữ 7 bản theo ngày, "
                                  "4 theo tuần, 12 theo tháng."), self))
        self.second = QLabel(self)
        self.second.setWordWrap(True)
        form.addRow(tr("Nơi thứ hai (USB)"), self.second)
        self.choose_button = QPushButton(tr("Chọn nơi thứ hai và mật khẩu…"), self)
        self.choose_button.clicked.connect(self.choose)
        self.choose_button.setEnabled(not context.read_only)
        form.addRow("", self.choose_button)
        self.load()

    def load(self) -> None:
        from storage.db import backup

        folder = backup.second_place(self.context.db)
        self.second.setText(tr("{0} (bản sao được mã hóa bằng mật khẩu)").format(folder) if folder else
                            tr("Chưa chọn: bản sao lưu chỉ nằm trên máy này."))

    def choose(self, folder: str | None = None, password: str | None = None) -> None:
        from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit

        folder = folder or QFileDialog.getExistingDirectory(self, tr("Chọn thư mục trên USB"))
        if not folder:
            return
        if password is None:
            password, ok = QInputDialog.getText(self, tr("Mật khẩu"), tr("Mật khẩu mã hóa bản sao (ít nhất 8 ký tự):"),
                                                QLineEdit.EchoMode.Password)
            again, ok2 = QInputDialog.getText(self, tr("Mật khẩu"), tr("Nhập lại mật khẩu:"), QLineEdit.EchoMode.Password)
            if not (ok and ok2):
                return
            if password != again:
                show_error(self, StorageError(tr("Hai lần nhập mật khẩu không giống nhau.")))
                return
        try:
            self.context.run(maintenance.set_second_place, Path(folder), password)
        except StorageError as error:
            show_error(self, error)
            return
        self.load()
        self.context.status.emit(tr("Từ nay bản sao lưu được chép thêm vào {0}. Hãy ghi nhớ mật khẩu.").format(folder))
