"""Who is working: the administrator account made at first start, the login dialog
at every start, changing one's own password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from storage.errors import StorageError, ValidationError
from storage.records import accounts
from ui.i18n import button_box, tr

ERROR = "color: #b00020;"


class _Form(QDialog):
    def __init__(self, title: str, intro: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR)
        self.error.setWordWrap(True)
        layout = QVBoxLayout(self)
        if intro:
            note = QLabel(intro, self)
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        self.buttons = button_box(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def line(self, label: str, password: bool = False) -> QLineEdit:
        edit = QLineEdit(self)
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(tr(label), edit)
        return edit

    def submit(self) -> None:
        raise NotImplementedError


class AccountDialog(_Form):
    """A new account; at first start, the administrator."""

    def __init__(self, db, actor: str, parent=None, *, first: bool = False):
        super().__init__(tr("Tạo tài khoản quản trị") if first else tr("Thêm tài khoản"),
                         tr("Đây là lần đầu dùng tệp dữ liệu này: hãy tạo tài khoản quản trị. Người quản trị tạo "
                            "tài khoản cho các cán bộ khác.") if first else "", parent)
        self.db, self.actor, self.first = db, actor, first
        self.account = None
        self.full_name = self.line("Họ và tên")
        self.username = self.line("Tên đăng nhập")
        self.role = QComboBox(self)
        for role in accounts.ROLES:
            self.role.addItem(role, role)
        if first:
            self.role.setEnabled(False)
        self.form.addRow(tr("Vai trò"), self.role)
        self.password = self.line("Mật khẩu (ít nhất 8 ký tự)", password=True)
        self.again = self.line("Nhập lại mật khẩu", password=True)

    def submit(self) -> None:
        if self.password.text() != self.again.text():
            self.error.setText(tr("Hai lần nhập mật khẩu không giống nhau."))
            return
        try:
            self.account = accounts.create(self.db, self.actor, username=self.username.text(),
                                           full_name=self.full_name.text(), role=self.role.currentData(),
                                           password=self.password.text())
        except ValidationError as error:
            self.error.setText(str(error))
            return
        self.accept()


class LoginDialog(_Form):
    def __init__(self, db, station_name: str, parent=None):
        super().__init__(tr("Đăng nhập"), station_name, parent)
        self.db = db
        self.account = None
        self.username = self.line("Tên đăng nhập")
        self.password = self.line("Mật khẩu", password=True)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Đăng nhập"))

    def submit(self) -> None:
        try:
            self.account = accounts.login(self.db, self.username.text(), self.password.text())
        except StorageError as error:
            self.error.setText(str(error))
            self.password.clear()
            return
        self.accept()


class PasswordDialog(_Form):
    def __init__(self, db, account, parent=None):
        super().__init__(tr("Đổi mật khẩu"), account.full_name, parent)
        self.db, self.account = db, account
        self.old = self.line("Mật khẩu hiện tại", password=True)
        self.new = self.line("Mật khẩu mới", password=True)
        self.again = self.line("Nhập lại mật khẩu mới", password=True)

    def submit(self) -> None:
        if self.new.text() != self.again.text():
            self.error.setText(tr("Hai lần nhập mật khẩu không giống nhau."))
            return
        try:
            accounts.change_password(self.db, self.account, self.old.text(), self.new.text())
        except ValidationError as error:
            self.error.setText(str(error))
            return
        self.accept()
