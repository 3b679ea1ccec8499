"""Tổ & thành viên: teams with their members (roles, dates, history), and people."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from operations import records
from storage import vocabulary
from storage.errors import StorageError
from storage.records import lists
from storage.records.teams import (
    members_of,
    memberships,
    teams,
)
from ui import fields as f
from ui.errors import show_error
from ui.formatting import format_date
from ui.i18n import button_box, tr
from ui.list_page import ListPage
from ui.pages import people as people_page
from ui.record_form import RecordForm
from ui.tables import read_only_table


def team_fields(page):
    return [
        f.Text("name", "Tên tổ", required=True),
        f.ListChoice("kind", "Loại tổ", lists.TEAM_KINDS, required=True),
        f.CheckList("area_ids", "Địa bàn phụ trách"),
        f.DateField("launched_on", "Ngày ra mắt"),
        f.Text("founding_decision", "Quyết định thành lập", placeholder="Ví dụ: 125/QĐ-UBND"),
        f.Choice("status", "Trạng thái", vocabulary.choices("team_status")),
        f.DateField("ended_on", "Ngày kết thúc"),
        f.Text("end_reason", "Lý do kết thúc", multiline=True),
        f.Text("notes", "Ghi chú", multiline=True),
    ]


class RoleDialog(QDialog):
    """Ask for a role and a date (change of role, end of membership)."""

    def __init__(self, parent, title: str, with_role: bool):
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QFormLayout(self)
        self.role = QComboBox(self)
        for role, shown in vocabulary.choices("member_role"):
            self.role.addItem(shown, role)
        self.day = f.DateField("on", "")
        self.day.build(None, self)
        self.day.set_today()
        if with_role:
            layout.addRow(tr("Vai trò mới"), self.role)
        layout.addRow(tr("Từ ngày") if with_role else tr("Ngày thôi"), self.day.widget)
        buttons = button_box(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)


class TeamMembers(QWidget):
    """The selected team's members: role, name, from, to; add, change role, end."""

    HEADERS = ("Vai trò", "Họ và tên", "Năm sinh", "Điện thoại", "Từ ngày", "Đến ngày")

    def __init__(self, context):
        super().__init__()
        self.context = context
        self.team_id = None
        self.title = QLabel(self)
        self.past = QCheckBox(tr("Hiện cả người đã thôi"), self)
        self.past.toggled.connect(lambda _c: self.show_record(self.team_id))
        self.table = read_only_table(self, self.HEADERS, (100, 220))
        self.add_button = QPushButton(tr("Thêm thành viên"), self)
        self.role_button = QPushButton(tr("Đổi vai trò"), self)
        self.end_button = QPushButton(tr("Cho thôi tham gia"), self)
        self.add_button.clicked.connect(self.add_member)
        self.role_button.clicked.connect(self.change_role)
        self.end_button.clicked.connect(self.end_member)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.past)
        for button in (self.add_button, self.role_button, self.end_button):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.show_record(None)

    def show_record(self, team_id) -> None:
        self.team_id = team_id
        for button in (self.add_button, self.role_button, self.end_button):
            button.setEnabled(team_id is not None)
        self.table.setRowCount(0)
        if team_id is None:
            self.title.setText(tr("Chọn một tổ để xem thành viên."))
            return
        team = teams.get(self.context.db, team_id)
        rows = members_of(self.context.db, team_id, include_past=self.past.isChecked())
        self.title.setText(tr("<b>{0}</b>: {1} thành viên").format(team.name, len(rows)))
        for row in rows:
            index = self.table.rowCount()
            self.table.insertRow(index)
            values = (vocabulary.label("member_role", row["role"]), row["full_name"], row["birth_year"] or "", row["phone"] or "",
                      format_date(row["start_on"]), format_date(row["end_on"]) if row["end_on"] else "")
            for column, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                item.setData(Qt.ItemDataRole.UserRole, row["id"])
                self.table.setItem(index, column, item)

    def _selected_membership(self):
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def add_member(self) -> None:
        fields = [
            f.Picker("person_id", "Người", "person", required=True,
                     create_new=lambda parent: people_page.create_person(self.context, parent)),
            f.Choice("role", "Vai trò", vocabulary.choices("member_role")),
            f.DateField("start_on", "Từ ngày", required=True),
            f.Text("notes", "Ghi chú"),
        ]
        form = RecordForm(self, self.context.db, self.context.operator, memberships, fields,
                          tr("Thêm thành viên tổ"), defaults={"role": "member",
                                                              "start_on": date.today().isoformat()},
                          fixed={"team_id": self.team_id})
        if form.exec():
            self.context.notify("memberships")
            name = form.field("person_id").widget.edit.text().split(" — ")[0]
            self.context.status.emit(tr("Đã thêm {0} vào tổ.").format(name))

    def change_role(self) -> None:
        membership_id = self._selected_membership()
        if membership_id is None:
            return
        dialog = RoleDialog(self, tr("Đổi vai trò"), with_role=True)
        if dialog.exec():
            self._do(lambda: self.context.run(records.change_member_role, membership_id,
                                              dialog.role.currentData(), dialog.day.get()),
                     tr("Đã đổi vai trò."))

    def end_member(self) -> None:
        membership_id = self._selected_membership()
        if membership_id is None:
            return
        dialog = RoleDialog(self, tr("Cho thôi tham gia tổ"), with_role=False)
        if dialog.exec():
            self._do(lambda: self.context.run(records.end_membership, membership_id, dialog.day.get()),
                     tr("Đã ghi thôi tham gia tổ."))

    def _do(self, action, done: str = "") -> None:
        try:
            action()
        except StorageError as error:
            show_error(self, error)
            return
        if done:
            self.context.status.emit(done)  # every change says so in the status bar


def make_page(context) -> QTabWidget:
    tabs = QTabWidget()
    tabs.setObjectName("teams_tabs")
    tabs.addTab(ListPage(context, "teams", teams, team_fields, singular=tr("tổ"),
                         detail=TeamMembers(context)), tr("Tổ"))
    tabs.addTab(people_page.make_page(context), tr("Người"))
    return tabs
