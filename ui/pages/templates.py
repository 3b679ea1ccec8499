"""Cài đặt → Mẫu in: the pledge text and the closing wording of minutes, with a live
preview; unknown placeholders are refused with a message naming them."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from operations import records
from storage.documents import wording
from storage.errors import StorageError, ValidationError
from storage.records import pledges
from ui.errors import show_error
from ui.i18n import tr
from ui.theme import error_style

SAMPLE = {"chu_ho": "Nguyễn Văn An", "nam_sinh": "1972", "cccd": "037072001234", "dia_chi": "Số 12, thôn Đông",
          "dia_ban": "thôn Đông", "so_nhan_khau": "4", "ngay_ky": "ngày 05 tháng 02 năm 2026",
          "noi_ky": "Nhà văn hóa thôn Đông", "don_vi": "Công an xã Thanh Lâm", "xa": "xã Thanh Lâm"}


class TemplatesBox(QGroupBox):
    def __init__(self, context, parent=None):
        super().__init__(tr("Mẫu in"), parent)
        self.context = context
        self.title = QLineEdit(self)
        self.body = QPlainTextEdit(self)
        self.body.setMinimumHeight(220)
        self.preview = QTextBrowser(self)
        self.preview.setMinimumHeight(220)
        names = ", ".join("{" + k + "}" for k in pledges.PLACEHOLDERS)
        hint = QLabel(tr("Chỗ điền dùng được: {0}.").format(names), self)
        hint.setWordWrap(True)
        self.closing = QLineEdit(self)
        closing_hint = QLabel(tr("Câu kết thúc biên bản sơ kết, tổng kết; chỗ điền: {gio_ket_thuc}, {don_vi}."), self)
        self.margins: dict[str, QDoubleSpinBox] = {}
        margins_row = QHBoxLayout()
        margins_row.addWidget(QLabel(tr("Lề trang (mm):"), self))
        for name, label, low, high, _default in wording.MARGINS:
            box = QDoubleSpinBox(self)
            box.setRange(low, high)
            box.setDecimals(1)
            box.setSingleStep(0.5)
            box.setSuffix(" mm")
            self.margins[name] = box
            margins_row.addWidget(QLabel(tr(label), self))
            margins_row.addWidget(box)
        margins_row.addStretch(1)
        # Who signs the documents the unit signs: its head, or a deputy for the head (KT.).
        self.signers: dict[str, tuple[QComboBox, QLineEdit]] = {}
        signers_box = QGroupBox(tr("Người ký văn bản của đơn vị"), self)
        signers_form = QFormLayout(signers_box)
        for kind, label in wording.SIGNED_DOCUMENTS.items():
            mode = QComboBox(signers_box)
            for code, mode_label in wording.SIGNER_MODES.items():
                mode.addItem(tr(mode_label), code)
            name = QLineEdit(signers_box)
            name.setPlaceholderText(tr("Để trống: tên Trưởng Công an ở Cài đặt đơn vị, hoặc viết tay"))
            row = QHBoxLayout()
            row.addWidget(mode)
            row.addWidget(name, 1)
            signers_form.addRow(QLabel(tr(label), signers_box), row)
            self.signers[kind] = (mode, name)
        self.signers_box = signers_box
        self.error = QLabel(self)
        self.error.setStyleSheet(error_style())
        self.error.setWordWrap(True)
        self.save_button = QPushButton(tr("Lưu mẫu"), self)
        self.save_button.clicked.connect(self.save)
        reset = QPushButton(tr("Dùng lại mẫu mặc định"), self)
        reset.clicked.connect(self.reset)
        self.timer = QTimer(self, singleShot=True, interval=200)
        self.timer.timeout.connect(self.update_preview)
        for signal in (self.title.textChanged, self.body.textChanged):
            signal.connect(lambda *_: self.timer.start())

        editors = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel(tr("Tiêu đề bản cam kết"), self))
        left.addWidget(self.title)
        left.addWidget(QLabel(tr("Nội dung (mỗi dòng một đoạn)"), self))
        left.addWidget(self.body)
        right = QVBoxLayout()
        right.addWidget(QLabel(tr("Xem trước với một hộ mẫu"), self))
        right.addWidget(self.preview)
        editors.addLayout(left, 1)
        editors.addLayout(right, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(reset)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(editors)
        layout.addWidget(hint)
        layout.addWidget(closing_hint)
        layout.addWidget(self.closing)
        layout.addLayout(margins_row)
        layout.addWidget(signers_box)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.load()

    def load(self) -> None:
        text = pledges.default_text(self.context.db)
        self.text_id = text.id
        self.title.setText(text.title)
        self.body.setPlainText(text.body)
        self.closing.setText(wording.minutes_closing(self.context.db))
        for box, value in zip(self.margins.values(), wording.margins(self.context.db)):
            box.setValue(value)
        for kind, chosen in wording.signer_settings(self.context.db).items():
            mode, name = self.signers[kind]
            mode.setCurrentIndex(max(0, mode.findData(chosen["mode"])))
            name.setText(chosen["name"])
        self.update_preview()

    def update_preview(self) -> None:
        body = self.body.toPlainText()
        unknown = pledges.unknown_placeholders(body)
        if unknown:
            self.error.setText(tr("Chỗ điền không hợp lệ: {0}.").format(", ".join("{" + u + "}" for u in unknown)))
        else:
            self.error.clear()
        filled = pledges.fill(body, SAMPLE)
        paragraphs = "".join(f"<p style='text-indent: 24px; margin: 4px 0;'>{_escape(line)}</p>"
                             for line in filled.splitlines() if line.strip())
        self.preview.setHtml(f"<div style='font-family: \"Times New Roman\", serif; font-size: 12pt;'>"
                             f"<p align='center'><b>BẢN CAM KẾT</b><br/><b>{_escape(self.title.text())}</b></p>"
                             f"{paragraphs}</div>")

    def reset(self) -> None:
        self.title.setText(pledges.DEFAULT_TITLE)
        self.body.setPlainText(pledges.DEFAULT_BODY)
        self.closing.setText(wording.DEFAULT_MINUTES_CLOSING)

    def save(self) -> None:
        self.error.clear()
        try:
            self.context.run(records.save_templates, self.text_id, title=self.title.text(),
                             body=self.body.toPlainText(), closing=self.closing.text(),
                             margins={name: box.value() for name, box in self.margins.items()},
                             signers={kind: {"mode": mode.currentData(), "name": name.text().strip()}
                                      for kind, (mode, name) in self.signers.items()})
        except ValidationError as error:
            self.error.setText(str(error))
            return
        except StorageError as error:
            show_error(self, error)
            return
        self.context.status.emit(tr("Đã lưu mẫu in."))


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


