"""First start: set up this station, open a demo commune (made in the background), or
open an existing file. The chosen file is remembered."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from operations import maintenance
from operations.base import Actor
from storage import demo
from storage.db.connection import open_database
from storage.db.paths import data_dir, ensure_private_dir
from storage.errors import StorageError, ValidationError
from storage.records import unit
from storage.reference import provinces
from storage.text import text_sort_key
from ui.errors import show_error
from ui.i18n import button_box, file_dialog, tr
from ui.tasks import run_task

DEMO_HOUSEHOLDS = 3000


def free_path(folder: Path, stem: str) -> Path:
    path = folder / f"{stem}.db"
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}.db"
        number += 1
    return path


class WelcomeDialog(QDialog):
    def __init__(self, actor: str, target: Path, parent=None):
        super().__init__(parent)
        self.actor, self.target = actor, target
        self.chosen_path: Path | None = None
        self.task = None
        self.setWindowTitle(tr("Chào mừng đến với Bình Yên"))
        self.setMinimumWidth(620)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._choices())
        self.stack.addWidget(self._setup())
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

    # ---- the three choices ---------------------------------------------------------
    def _choices(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        intro = QLabel(tr("<h2>Bình Yên</h2>Sổ sách phong trào toàn dân bảo vệ an ninh Tổ quốc của Công an "
                          "cấp xã. Dữ liệu nằm trên máy này, không cần Internet.<br><br>Bạn muốn bắt đầu thế nào?"),
                       page)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.setup_button = QPushButton(tr("Thiết lập đơn vị của tôi"), page)
        self.demo_button = QPushButton(tr("Mở một xã mẫu để dùng thử"), page)
        self.open_button = QPushButton(tr("Mở tệp dữ liệu có sẵn…"), page)
        for button, note in ((self.setup_button, "Nhập tên đơn vị, tỉnh, xã và danh sách thôn, tổ dân phố."),
                             (self.demo_button, "Tạo một xã với 3.000 hộ và đủ loại hồ sơ mẫu (khoảng 10 giây)."),
                             (self.open_button, "Chọn tệp .db đã có, ví dụ chép từ máy khác sang.")):
            button.setMinimumHeight(40)
            layout.addWidget(button)
            hint = QLabel(tr(note), page)
            hint.setStyleSheet("margin-left: 8px; margin-bottom: 6px;")  # the theme's own text colour
            layout.addWidget(hint)
        self.setup_button.clicked.connect(lambda: self.stack.setCurrentIndex(1))
        self.demo_button.clicked.connect(self.make_demo)
        self.open_button.clicked.connect(self.open_existing)
        layout.addStretch(1)
        close = button_box(QDialogButtonBox.StandardButton.Close, page)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        return page

    # ---- setting up a station ------------------------------------------------------
    def _setup(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.role = QComboBox(page)
        self.role.addItem(tr("Công an cấp xã (nhập hồ sơ, gửi báo cáo)"), "station")
        self.role.addItem(tr("Cấp trên (tổng hợp báo cáo các xã)"), "aggregator")
        self.province = QComboBox(page)
        self.province.addItem(tr("— chọn tỉnh, thành phố —"), None)
        for info in sorted(provinces.provinces(), key=lambda p: text_sort_key(p.name)):
            self.province.addItem(info.name, info.code)
        self.commune = QComboBox(page)
        self.province.currentIndexChanged.connect(self._fill_communes)
        self.commune.currentIndexChanged.connect(self._derive)
        self.role.currentIndexChanged.connect(self._derive)
        self.names = {name: QLineEdit(page) for name in ("station_name", "parent_body", "superior_unit",
                                                          "place_name")}
        self.areas = QPlainTextEdit(page)
        self.areas.setPlaceholderText(tr("Mỗi dòng một thôn hoặc tổ dân phố, ví dụ:\nĐông\nĐoài\nTân Lập"))
        self.areas.setMaximumHeight(130)
        self.error = QLabel(page)
        self.error.setStyleSheet("color: #e53935;")  # a red that reads on light and dark alike
        self.error.setWordWrap(True)
        form.addRow(tr("Vai trò"), self.role)
        form.addRow(tr("Tỉnh, thành phố"), self.province)
        form.addRow(tr("Xã, phường, đặc khu"), self.commune)
        for name, label in (("station_name", "Tên đơn vị"), ("parent_body", "Cơ quan cấp trên trực tiếp"),
                            ("superior_unit", "Đơn vị nhận báo cáo"), ("place_name", "Địa danh ghi ngày tháng")):
            form.addRow(tr(label), self.names[name])
        form.addRow(tr("Thôn, tổ dân phố"), self.areas)
        form.addRow(self.error)
        buttons = button_box(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, page)
        buttons.accepted.connect(self.create_station)
        buttons.rejected.connect(lambda: self.stack.setCurrentIndex(0))
        form.addRow(buttons)
        return page

    def _fill_communes(self) -> None:
        self.commune.blockSignals(True)
        self.commune.clear()
        self.commune.addItem(tr("— chọn xã, phường —"), None)
        code = self.province.currentData()
        if code:
            for info in sorted(provinces.communes_of(code), key=lambda c: text_sort_key(c.name)):
                self.commune.addItem(info.name, info.code)
        self.commune.blockSignals(False)
        self._derive()

    def _derive(self) -> None:
        if not self.province.currentData():
            return
        values = unit.identity_from_official_list(self.province.currentData(), self.commune.currentData(),
                                                  self.role.currentData())
        for name, edit in self.names.items():
            if name in values:
                edit.setText(values[name] or "")

    def create_station(self) -> None:
        self.error.clear()
        names = {name: edit.text().strip() or None for name, edit in self.names.items()}
        if not names["station_name"]:
            self.error.setText(tr("Hãy chọn tỉnh và xã, hoặc ghi tên đơn vị."))
            return
        ensure_private_dir(self.target.parent)
        path = self.target if not self.target.exists() else free_path(self.target.parent, "binhyen")
        try:  # a refused set-up leaves no file behind
            maintenance.init(None, Actor(self.actor), path, role=self.role.currentData(),
                             province=self.province.currentData(), commune=self.commune.currentData(),
                             name=names["station_name"], parent=names["parent_body"],
                             superior=names["superior_unit"], place_name=names["place_name"],
                             area_names=self.areas.toPlainText().splitlines())
        except ValidationError as error:
            self.error.setText(str(error))
            return
        self.chosen_path = path
        self.accept()

    # ---- demo and existing files ---------------------------------------------------------
    def make_demo(self) -> None:
        folder = ensure_private_dir(self.target.parent if self.target else data_dir())
        path = free_path(folder, "xa-mau")

        actor = Actor(self.actor)

        def work(progress, cancelled):  # its own connection, on the worker thread
            maintenance.demo(None, actor, path, households=DEMO_HOUSEHOLDS, seed=1, progress=progress,
                             cancelled=cancelled)
            return path

        def done(result):
            self.chosen_path = result
            self.accept()

        def failed(error, details):
            if not isinstance(error, demo.Cancelled):
                show_error(self, error, details)

        self.task = run_task(self, tr("Đang tạo xã mẫu…"), work, done, failed)

    def open_existing(self) -> None:
        files = file_dialog(self, tr("Mở tệp dữ liệu Bình Yên"), filters=tr("Tệp dữ liệu (*.db)"),
                            directory=str(self.target.parent if self.target else ""))
        if not files:
            return
        path = Path(files[0])
        try:
            db = open_database(path, create=False)
            if not unit.has_unit(db):
                db.close()
                raise StorageError(tr("Tệp này chưa được thiết lập đơn vị."))
            db.close()
        except StorageError as error:
            show_error(self, error)
            return
        self.chosen_path = path
        self.accept()
