"""Cài đặt: the station's identity (province and commune from the official list, names
editable), the superior unit, the editable lists and the reporting year."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from operations import records
from storage.errors import StorageError, ValidationError
from storage.records import lists, settings, unit
from storage.text import text_sort_key
from ui.errors import show_error
from ui.i18n import tr
from ui.tasks import run_db_task
from ui.theme import error_style

YEAR_STARTS = [("01-01", "Năm dương lịch (01/01 – 31/12)"),
               ("12-15", "Từ 15/12 năm trước đến 14/12 (kỳ báo cáo của Chính phủ)"),
               ("11-15", "Từ 15/11 năm trước đến 14/11 (năm đánh giá phong trào)")]

IDENTITY_FIELDS = [("station_name", "Tên đơn vị"), ("parent_body", "Cơ quan cấp trên trực tiếp"),
                   ("superior_unit", "Đơn vị nhận báo cáo"), ("place_name", "Địa danh ghi ngày tháng"),
                   ("chief_name", "Họ tên Trưởng Công an (ký văn bản)"),
                   ("district_name", "Huyện (dữ liệu cũ, nếu có)"), ("address", "Địa chỉ trụ sở"),
                   ("phone", "Điện thoại")]


def _prepare(_db, _progress, _cancelled) -> list[tuple[str, str]]:
    """Off the GUI thread (issue 17: 80–140 ms of the page's first open were imports):
    the official list of provinces, loaded and sorted, and the modules of the page's
    other boxes (keys, backups, print templates) imported."""
    import ui.pages.superior  # noqa: F401
    import ui.pages.templates  # noqa: F401
    from storage.reference import provinces

    return [(info.name, info.code) for info in sorted(provinces.provinces(), key=lambda p: text_sort_key(p.name))]


def _left(button: QPushButton) -> QWidget:
    """A button at its natural width, on the left of its row."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(button)
    row.addStretch(1)
    return holder


class SettingsPage(QScrollArea):
    def __init__(self, context):
        super().__init__()
        self.context = context
        self.setWidgetResizable(True)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addWidget(self._identity_box(body))
        layout.addWidget(self._lists_box(body))
        layout.addWidget(self._period_box(body))
        self.body, self.body_layout = body, layout
        self.setWidget(body)
        self.provinces_ready = False
        self.load()
        # the provinces and the other boxes once their modules are loaded on a worker
        # (at once with an in-memory database: the tests)
        run_db_task(context, self, "", _prepare, self._prepared, show_progress=False)

    def _prepared(self, names: list[tuple[str, str]]) -> None:
        import shiboken6

        if not shiboken6.isValid(self):
            return
        try:
            _ = self.context.db.conn.total_changes
        except sqlite3.ProgrammingError:  # the window closed (its file with it) meanwhile
            return
        from ui.pages.superior import BackupBox, KeysBox

        self.province.blockSignals(True)
        for name, code in names:
            self.province.addItem(name, code)
        self.province.blockSignals(False)
        self.provinces_ready = True
        self._show_place()
        self.save_button.setEnabled(True)
        body, layout = self.body, self.body_layout
        self.keys = KeysBox(self.context, body)
        layout.addWidget(self.keys)
        self.backups = BackupBox(self.context, body)
        layout.addWidget(self.backups)
        if self.context.account is not None and self.context.account.is_admin:
            from ui.pages.superior import AccountsBox

            self.accounts = AccountsBox(self.context, body)
            layout.addWidget(self.accounts)
        if self.context.db_path is None:  # in memory (the tests): all at once
            self._add_templates()
        else:  # the print templates in the next turn of the event loop: two short blocks, not one
            QTimer.singleShot(0, self, self._add_templates)

    def _add_templates(self) -> None:
        from ui.pages.templates import TemplatesBox

        try:
            _ = self.context.db.conn.total_changes
        except sqlite3.ProgrammingError:  # the window closed (its file with it) meanwhile
            return
        self.templates = TemplatesBox(self.context, self.body)
        self.body_layout.addWidget(self.templates)
        self.body_layout.addStretch(1)

    # ---- identity ----------------------------------------------------------------
    def _identity_box(self, parent) -> QGroupBox:
        box = QGroupBox(tr("Đơn vị"), parent)
        form = QFormLayout(box)
        self.role_label = QLabel(box)
        form.addRow(tr("Vai trò"), self.role_label)
        self.province = QComboBox(box)
        self.province.addItem(tr("— chưa chọn —"), None)  # the provinces follow (_prepared)
        self.commune = QComboBox(box)
        self.commune.setEditable(False)
        self.province.currentIndexChanged.connect(lambda _i: self._fill_communes(None))
        form.addRow(tr("Tỉnh, thành phố"), self.province)
        form.addRow(tr("Xã, phường, đặc khu"), self.commune)
        derive = QPushButton(tr("Đặt tên theo danh mục"), box)
        derive.setToolTip(tr("Điền tên đơn vị, cơ quan cấp trên và địa danh theo tỉnh, xã đã chọn"))
        derive.clicked.connect(self.derive_names)
        form.addRow("", _left(derive))
        self.identity: dict[str, QLineEdit] = {}
        for name, label in IDENTITY_FIELDS:
            self.identity[name] = QLineEdit(box)
            form.addRow(tr(label), self.identity[name])
        self.identity_error = QLabel(box)
        self.identity_error.setStyleSheet(error_style())
        self.identity_error.setWordWrap(True)
        form.addRow("", self.identity_error)
        self.save_button = QPushButton(tr("Lưu thông tin đơn vị"), box)
        self.save_button.clicked.connect(self.save_identity)
        self.save_button.setEnabled(False)  # until the province and commune are shown
        form.addRow("", _left(self.save_button))
        return box

    def _fill_communes(self, selected_code) -> None:
        from storage.reference import provinces

        self.commune.clear()
        self.commune.addItem(tr("— chưa chọn —"), None)
        code = self.province.currentData()
        if code:
            for info in sorted(provinces.communes_of(code), key=lambda c: text_sort_key(c.name)):
                self.commune.addItem(info.name, info.code)
        self.commune.setCurrentIndex(max(0, self.commune.findData(selected_code)))

    def load(self) -> None:
        station = unit.get_unit(self.context.db)
        self.role_label.setText(tr(unit.ROLE_LABELS[station.role]))
        self._show_place(station)
        for name, edit in self.identity.items():
            edit.setText(getattr(station, name) or "")
        self.year_start.setCurrentIndex(max(0, self.year_start.findData(
            settings.get(self.context.db, "period_year_start"))))
        self._load_list()

    def _show_place(self, station=None) -> None:
        """The station's province and commune, once the provinces are listed."""
        self.station = station or self.station  # as load() last read it
        if not self.provinces_ready:
            return
        station = self.station
        self.province.setCurrentIndex(max(0, self.province.findData(station.province_code)))
        self._fill_communes(station.commune_code)

    def derive_names(self) -> None:
        station = unit.get_unit(self.context.db)
        try:
            values = unit.identity_from_official_list(self.province.currentData(), self.commune.currentData(),
                                                      station.role)
        except ValidationError as error:
            self.identity_error.setText(str(error))
            return
        for name, value in values.items():
            if name in self.identity:
                self.identity[name].setText(value or "")

    def save_identity(self) -> None:
        from storage.reference import provinces

        self.identity_error.clear()
        values = {name: edit.text() for name, edit in self.identity.items()}
        province_code = self.province.currentData()
        commune_code = self.commune.currentData()
        values["province_code"] = province_code
        values["province_name"] = provinces.province_by_code(province_code).name if province_code else None
        values["commune_code"] = commune_code
        if commune_code:
            info = provinces.commune_by_code(commune_code)
            values.update(commune_name=info.name, commune_type=info.kind)
        try:
            self.context.run(records.update_unit, values)
        except ValidationError as error:
            self.identity_error.setText(str(error))
            return
        except StorageError as error:
            show_error(self, error)
            return
        self.context.status.emit(tr("Đã lưu thông tin đơn vị."))

    # ---- editable lists ----------------------------------------------------------
    def _lists_box(self, parent) -> QGroupBox:
        box = QGroupBox(tr("Danh mục"), parent)
        layout = QVBoxLayout(box)
        self.list_choice = QComboBox(box)
        for name, title in lists.LIST_TITLES.items():
            self.list_choice.addItem(tr(title), name)
        self.list_choice.currentIndexChanged.connect(lambda _i: self._load_list())
        self.items = QListWidget(box)
        self.items.setMinimumHeight(160)
        buttons = QHBoxLayout()
        for text, handler in ((tr("Thêm mục"), self.add_item), (tr("Đổi tên"), self.rename_item),
                              (tr("Xóa mục"), self.delete_item)):
            button = QPushButton(text, box)
            button.clicked.connect(handler)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addWidget(self.list_choice)
        layout.addWidget(self.items)
        layout.addLayout(buttons)
        return box

    def _load_list(self) -> None:
        self.items.clear()
        for item in lists.list_items.list(self.context.db, "list_name = ?", [self.list_choice.currentData()]):
            entry = QListWidgetItem(item.label, self.items)
            entry.setData(256, item.id)

    def add_item(self) -> None:
        label, ok = QInputDialog.getText(self, tr("Thêm mục"), tr("Tên mục mới:"))
        if ok and label.strip():
            self._write(lambda: self.context.run(records.add_list_item, self.list_choice.currentData(), label))

    def rename_item(self) -> None:
        current = self.items.currentItem()
        if current is None:
            return
        label, ok = QInputDialog.getText(self, tr("Đổi tên"), tr("Tên mới:"), text=current.text())
        if ok and label.strip():
            self._write(lambda: self.context.run(records.rename_list_item, current.data(256), label))

    def delete_item(self) -> None:
        current = self.items.currentItem()
        if current is not None:
            self._write(lambda: self.context.run(records.delete_list_item, current.data(256)))

    def _write(self, action) -> None:
        try:
            action()
        except StorageError as error:
            show_error(self, error)
            return
        self._load_list()

    # ---- reporting year ----------------------------------------------------------
    def _period_box(self, parent) -> QGroupBox:
        box = QGroupBox(tr("Kỳ báo cáo"), parent)
        form = QFormLayout(box)
        self.year_start = QComboBox(box)
        for value, label in YEAR_STARTS:
            self.year_start.addItem(tr(label), value)
        self.year_start.currentIndexChanged.connect(self._save_year_start)
        form.addRow(tr("Năm báo cáo tính"), self.year_start)
        return box

    def _save_year_start(self) -> None:
        value = self.year_start.currentData()
        if value == settings.get(self.context.db, "period_year_start"):
            return  # shown, not changed (load() sets the box too)
        try:
            self.context.run(records.set_setting, "period_year_start", value)
        except StorageError as error:
            show_error(self, error)
            self.load()

    def focus_search(self) -> None:
        self.province.setFocus()
