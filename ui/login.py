"""Who is working: the administrator account made at first start, the login dialog
at every start, changing one's own password. Every write goes through operations/."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from operations import accounts as account_ops
from operations.base import ADMIN, Actor
from storage import vocabulary
from storage.errors import StorageError
from storage.records import accounts
from ui.i18n import button_box, tr

# A red that reads on light and dark window backgrounds alike.
ERROR = "QLabel#formError { color: #e53935; font-weight: bold; }"


class _Form(QDialog):
    """Fields first in the keyboard order, then the confirming button (the default, so
    Enter confirms), then Hủy; focus starts in the first field."""

    def __init__(self, title: str, intro: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.fields: list[QWidget] = []
        self.error = QLabel(self)
        self.error.setObjectName("formError")
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
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def line(self, label: str, password: bool = False) -> QLineEdit:
        """A text field; `label` is already translated (tr("…") at the call, where
        pyside6-lupdate sees it)."""
        edit = QLineEdit(self)
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_field(label, edit)
        return edit

    def add_field(self, label: str, widget: QWidget) -> None:
        self.form.addRow(label, widget)
        self.fields.append(widget)

    def show_error(self, text: str) -> None:
        self.error.setText(text)

    def showEvent(self, event):  # noqa: N802 (Qt's name)
        chain = [w for w in self.fields if w.isEnabled()] + [self.ok,
                                                            self.buttons.button(QDialogButtonBox.StandardButton.Cancel)]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        super().showEvent(event)
        if chain[0] is not self.ok:
            chain[0].setFocus()

    def submit(self) -> None:
        raise NotImplementedError


def _acting(actor, account) -> Actor:
    """The operations' Actor: given, or from the logged-in account, or the owner of the
    file acting as its local administrator (first start, no accounts yet)."""
    if isinstance(actor, Actor):
        return actor
    if account is not None:
        return Actor.from_account(account)
    return Actor(actor, ADMIN)


class AccountDialog(_Form):
    """A new account; at first start, the administrator (then logged in straight away)."""

    def __init__(self, db, actor, parent=None, *, first: bool = False, account=None):
        super().__init__(tr("Tạo tài khoản quản trị") if first else tr("Thêm tài khoản"),
                         tr("Đây là lần đầu dùng tệp dữ liệu này: hãy tạo tài khoản quản trị. Người quản trị tạo "
                            "tài khoản cho các cán bộ khác.") if first else "", parent)
        self.db, self.first = db, first
        self.actor = _acting(actor, account)
        self.account = None
        self.full_name = self.line(tr("Họ và tên"))
        self.username = self.line(tr("Tên đăng nhập"))
        self.role = QComboBox(self)
        for role in accounts.ROLES:
            self.role.addItem(vocabulary.label("account_role", role, role), role)
        if first:
            self.role.setEnabled(False)
        self.add_field(tr("Vai trò"), self.role)
        self.password = self.line(tr("Mật khẩu (ít nhất 8 ký tự)"), password=True)
        self.again = self.line(tr("Nhập lại mật khẩu"), password=True)
        if first:
            self.ok.setText(tr("Tạo và đăng nhập"))

    def submit(self) -> None:
        if self.password.text() != self.again.text():
            self.show_error(tr("Hai lần nhập mật khẩu không giống nhau."))
            self.again.setFocus()
            return
        try:
            self.account = account_ops.create(
                self.db, self.actor, username=self.username.text(), full_name=self.full_name.text(),
                role=self.role.currentData(), password=self.password.text()).value
        except StorageError as error:
            self.show_error(str(error))
            return
        self.accept()


class LoginDialog(_Form):
    def __init__(self, db, station_name: str, parent=None, *, username: str = ""):
        super().__init__(tr("Đăng nhập"), station_name, parent)
        self.db = db
        self.account = None
        self.username = self.line(tr("Tên đăng nhập"))
        self.password = self.line(tr("Mật khẩu"), password=True)
        self.ok.setText(tr("Đăng nhập"))
        if username:
            self.username.setText(username)

    def showEvent(self, event):  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.username.text():
            self.password.setFocus()

    def submit(self) -> None:
        try:
            self.account = account_ops.login(self.db, account_ops.ANONYMOUS, self.username.text(),
                                             self.password.text()).value
        except StorageError as error:
            self.show_error(str(error))
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()


class PasswordDialog(_Form):
    def __init__(self, db, account, parent=None):
        super().__init__(tr("Đổi mật khẩu"), account.full_name, parent)
        self.db, self.account = db, account
        self.old = self.line(tr("Mật khẩu hiện tại"), password=True)
        self.new = self.line(tr("Mật khẩu mới"), password=True)
        self.again = self.line(tr("Nhập lại mật khẩu mới"), password=True)

    def submit(self) -> None:
        if self.new.text() != self.again.text():
            self.show_error(tr("Hai lần nhập mật khẩu không giống nhau."))
            return
        try:
            account_ops.change_password(self.db, Actor.from_account(self.account), self.old.text(),
                                        self.new.text())
        except StorageError as error:
            self.show_error(str(error))
            return
        self.accept()
