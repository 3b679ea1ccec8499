"""Cài đặt → Mẫu in: the pledge text, the closing wording of minutes and the fixed
wording of the other documents, with a preview of the real PDF page drawn in the
background as one types; unknown placeholders are refused with a message naming them."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
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
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
)

from operations import records
from storage.documents import wording
from storage.errors import StorageError, ValidationError
from storage.records import pledges
from ui.errors import show_error
from ui.i18n import tr
from ui.tasks import run_db_task
from ui.theme import error_style

# The documents the preview shows (operations.documents.PREVIEWS), in the order offered.
# Printing and PDFium are imported by the worker that draws the page, not when the page opens.
PREVIEW_KINDS = {
    "pledges": "Bản cam kết (một hộ mẫu)",
    "minutes": "Biên bản sơ kết, tổng kết, họp",
    "invitation": "Giấy mời dự sơ kết, tổng kết, họp",
    "ceremony": "Biên bản lễ ký cam kết",
    "surrender": "Biên bản tiếp nhận vũ khí, vật liệu nổ, công cụ hỗ trợ giao nộp",
    "team_decision": "Quyết định thành lập (kiện toàn) tổ, công nhận tổ trưởng và thành viên",
    "commendation_proposal": "Tờ trình đề nghị khen thưởng",
    "commendation_decision": "Quyết định khen thưởng (Giấy khen của Chủ tịch UBND)",
    "reintegration_decision": "Quyết định phân công giúp đỡ người tái hòa nhập cộng đồng",
}


class TemplatesBox(QGroupBox):
    def __init__(self, context, parent=None):
        super().__init__(tr("Mẫu in"), parent)
        self.context = context
        self.title = QLineEdit(self)
        self.body = QPlainTextEdit(self)
        self.body.setMinimumHeight(220)
        # The first page of the real PDF, drawn in the background (operations.documents.preview).
        self.preview_kind = QComboBox(self)
        for kind, label in PREVIEW_KINDS.items():
            self.preview_kind.addItem(tr(label), kind)
        self.preview = QLabel(self)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview.setWordWrap(True)
        # The page is drawn as wide as the panel; the label never asks for more width, so
        # the panel never scrolls sideways (a narrow window clips the page, then redraws).
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.preview_area = QScrollArea(self)
        self.preview_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.preview_area.setWidget(self.preview)
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setMinimumHeight(320)
        self.preview_text = ""      # the text of the page shown (what a screen reader or a test reads)
        self.preview_image = None   # the QImage shown
        self._preview_task = None
        self._preview_stale = False
        self._preview_unseen = False
        # The fixed wording of the other documents: one editor, the text chosen above it.
        self.wording_values = wording.texts(context.db)
        self.wording_choice = QComboBox(self)
        for key, item in wording.TEXTS.items():
            self.wording_choice.addItem(tr(item.label), key)
        self.wording_edit = QPlainTextEdit(self)
        self.wording_edit.setTabChangesFocus(True)
        self.wording_edit.setMaximumHeight(90)
        self.wording_hint = QLabel(self)
        self.wording_hint.setWordWrap(True)
        self.wording_choice.currentIndexChanged.connect(self._wording_chosen)
        self.wording_edit.textChanged.connect(self._wording_typed)
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
        self.timer = QTimer(self, singleShot=True, interval=400)  # typing stays smooth: one page per pause
        self.timer.timeout.connect(self.update_preview)
        for signal in (self.title.textChanged, self.body.textChanged, self.closing.textChanged,
                       self.preview_kind.currentIndexChanged,
                       *(box.valueChanged for box in self.margins.values())):
            signal.connect(lambda *_: self.timer.start())

        editors = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel(tr("Tiêu đề bản cam kết"), self))
        left.addWidget(self.title)
        left.addWidget(QLabel(tr("Nội dung (mỗi dòng một đoạn)"), self))
        left.addWidget(self.body)
        right = QVBoxLayout()
        kind_row = QHBoxLayout()
        kind_row.addWidget(QLabel(tr("Xem trước trang đầu:"), self))
        kind_row.addWidget(self.preview_kind, 1)
        right.addLayout(kind_row)
        right.addWidget(self.preview_area, 1)
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
        wording_box = QGroupBox(tr("Lời văn cố định của các văn bản khác"), self)
        wording_layout = QVBoxLayout(wording_box)
        wording_layout.addWidget(self.wording_choice)
        wording_layout.addWidget(self.wording_edit)
        wording_layout.addWidget(self.wording_hint)
        layout.addWidget(wording_box)
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
        self.wording_values = wording.texts(self.context.db)
        self._show_wording()
        self.update_preview()

    def _wording_chosen(self, _index: int) -> None:
        """Another text to edit: show it, and preview the document it prints in."""
        self._show_wording()
        item = wording.TEXTS[self.wording_choice.currentData()]
        self.preview_kind.setCurrentIndex(max(0, self.preview_kind.findData(item.document)))

    def _show_wording(self) -> None:
        key = self.wording_choice.currentData()
        item = wording.TEXTS[key]
        self.wording_edit.blockSignals(True)
        self.wording_edit.setPlainText(self.wording_values[key])
        self.wording_edit.blockSignals(False)
        names = ", ".join("{" + p + "}" for p in item.placeholders)
        lines = tr(" Mỗi dòng một căn cứ.") if item.lines else ""
        self.wording_hint.setText(tr("Chỗ điền dùng được: {0}.").format(names) + lines)
        self.timer.start()

    def _wording_typed(self) -> None:
        key = self.wording_choice.currentData()
        self.wording_values[key] = self.wording_edit.toPlainText()
        self.timer.start()

    def _problems(self) -> list[str]:
        """What the texts as typed cannot print: unknown placeholders, named."""
        problems = []
        unknown = pledges.unknown_placeholders(self.body.toPlainText())
        if unknown:
            problems.append(tr("Chỗ điền không hợp lệ: {0}.").format(", ".join("{" + u + "}" for u in unknown)))
        for key, value in self.wording_values.items():
            problem = wording.wording_problem(key, (value or "").strip())
            if problem:
                problems.append(problem)
        return problems

    def update_preview(self) -> None:
        """Draw the first page of the chosen document with the text as typed, in the
        background; while one is being drawn, the next waits for it."""
        problems = self._problems()
        self.error.setText(" ".join(problems))
        if not self.isVisible():  # drawn when first shown: opening the app draws no page
            self._preview_unseen = True
            return
        if self._preview_task is not None:
            self._preview_stale = True
            return
        kind = self.preview_kind.currentData()
        options = {"title": self.title.text(), "body": self.body.toPlainText(),
                   "texts": {**{k: v for k, v in self.wording_values.items() if not wording.wording_problem(k, v)},
                             "minutes_closing": self.closing.text()},
                   "margins": {name: box.value() for name, box in self.margins.items()}}
        actor = self.context.operator
        # As wide as the place it is shown in (no sideways scrolling), sharp on a high-dpi screen.
        ratio = self.devicePixelRatioF()
        room = self.preview_area.viewport().width() - self.preview_area.verticalScrollBar().sizeHint().width() - 8
        width = int(max(200, room) * ratio)

        def work(db, _progress, cancelled):
            from operations.documents import preview
            from ui.printer import first_page

            data = preview(db, actor, kind, cancelled=cancelled, **options).value
            if data is None:
                return None
            image, text = first_page(data, width)
            image.setDevicePixelRatio(ratio)
            return image, text

        self._preview_task = True  # a synchronous run (tests) finishes before run_db_task returns
        task = run_db_task(self.context, self, "", work, self._preview_drawn, self._preview_failed,
                           show_progress=False)
        self._preview_task = task if task is not None and self._preview_task is True else None

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._preview_unseen:
            self._preview_unseen = False
            self.update_preview()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        image = self.preview_image
        if image is not None and abs(self.preview_area.viewport().width() - 8
                                     - image.width() / image.devicePixelRatio()) > 24:
            self.timer.start()  # drawn again at the new width once resizing pauses

    def _preview_done(self) -> None:
        self._preview_task = None
        if self._preview_stale:
            self._preview_stale = False
            self.update_preview()

    def _preview_drawn(self, page) -> None:
        if page is not None:
            self.preview_image, self.preview_text = page
            self.preview.setPixmap(QPixmap.fromImage(self.preview_image))
        self._preview_done()

    def _preview_failed(self, error, _details) -> None:
        self.preview_image, self.preview_text = None, str(error)
        self.preview.setText(str(error) if isinstance(error, StorageError) else
                             tr("Chưa xem trước được: {0}").format(error))
        self._preview_done()

    def reset(self) -> None:
        self.title.setText(pledges.DEFAULT_TITLE)
        self.body.setPlainText(pledges.DEFAULT_BODY)
        self.closing.setText(wording.DEFAULT_MINUTES_CLOSING)
        self.wording_values = {key: item.default for key, item in wording.TEXTS.items()}
        self._show_wording()

    def save(self) -> None:
        self.error.clear()
        try:
            self.context.run(records.save_templates, self.text_id, title=self.title.text(),
                             body=self.body.toPlainText(), closing=self.closing.text(),
                             margins={name: box.value() for name, box in self.margins.items()},
                             signers={kind: {"mode": mode.currentData(), "name": name.text().strip()}
                                      for kind, (mode, name) in self.signers.items()},
                             texts=dict(self.wording_values))
        except ValidationError as error:
            self.error.setText(str(error))
            return
        except StorageError as error:
            show_error(self, error)
            return
        self.context.status.emit(tr("Đã lưu mẫu in."))



