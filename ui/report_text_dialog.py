"""Phần nhận định của báo cáo: the officer writes (or corrects) the report's own words
for a period before printing it; 'Kết quả đạt được' starts as a draft with the period's
figures filled in. Saved through operations.documents.save_report_text."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

from operations.documents import save_report_text
from storage.documents import gather as printouts
from storage.documents import wording
from storage.errors import StorageError
from ui.errors import show_failure
from ui.i18n import button_box, tr


class ReportTextDialog(QDialog):
    def __init__(self, context, period, parent=None):
        super().__init__(parent)
        self.context, self.period = context, period
        self.setWindowTitle(tr("Phần nhận định của báo cáo {0}").format(period.label))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        self.editors: dict[str, QPlainTextEdit] = {}
        texts = dict(zip(wording.REPORT_SECTIONS, (text for _t, text in printouts.report_sections(
            context.db, period)), strict=True))
        for key, title in wording.REPORT_SECTIONS.items():
            layout.addWidget(QLabel(tr(title), self))
            editor = QPlainTextEdit(self)
            editor.setPlainText(texts[key])
            editor.setPlaceholderText(tr("Để trống: in dòng chấm để viết tay"))
            editor.setMinimumHeight(80)
            layout.addWidget(editor)
            self.editors[key] = editor
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error)
        buttons = button_box(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            self.context.run(save_report_text, self.period,
                             {key: editor.toPlainText().strip() for key, editor in self.editors.items()})
        except StorageError as error:
            show_failure(self.error, self, error, "")
            return
        self.accept()
