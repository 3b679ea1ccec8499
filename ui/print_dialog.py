"""In…: choose the document and what it covers (this record, the selection, an area, a
period) and where to save; the PDF is made in the background with progress and cancel,
then opened in the system viewer or sent straight to the printer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from operations.documents import print_document
from storage.documents import gather as printouts
from storage.errors import StorageError
from storage.query.periods import station_period
from ui import fields as f
from ui.errors import show_failure
from ui.files import may_write, suggested
from ui.i18n import button_box, file_dialog, tr, warn
from ui.periods import period_combo
from ui.pickers import ReferenceCombo
from ui.printer import open_file, send_to_printer  # Qt's print dialog: no PDF viewer needed
from ui.system import documents_folder
from ui.tasks import run_db_task
from ui.theme import error_style

# Which options each document needs.
NEEDS = {
    "pledges": {"area", "ceremony"}, "pledge_form": {"any_area", "ceremony"}, "minutes": {"record"},
    "mediation": {"record"},
    "logbook": {"team", "period"}, "roster": {"team_or_area"}, "patrols": {"team", "period"},
    "report": {"period", "report_text"}, "surrender": {"record"}, "tips": {"period", "copy"},
    "invitation": {"record"}, "ceremony": {"any_area", "ceremony"}, "team_decision": {"team"},
    "commendation_proposal": {"record"}, "commendation_decision": {"record"}, "reintegration_decision": {"record"},
}
FILE_NAMES = {"reintegration_decision": "quyet-dinh-giup-do", "commendation_proposal": "to-trinh-khen-thuong", "commendation_decision": "quyet-dinh-khen-thuong",
              "team_decision": "quyet-dinh-to", "invitation": "giay-moi", "ceremony": "bien-ban-le-ky", "surrender": "bien-ban-giao-nop", "tips": "so-tin-bao", "pledges": "ban-cam-ket", "pledge_form": "ban-cam-ket-de-trong", "minutes": "bien-ban", "mediation": "bien-ban-hoa-giai",
              "logbook": "so-hoa-giai", "roster": "danh-sach-to", "patrols": "nhat-ky-tuan-tra",
              "report": "bao-cao"}


class PrintDialog(QDialog):
    def __init__(self, context, parent=None, *, kind: str = "report", record_id: int | None = None,
                 household_ids: list[int] | None = None, area_id: int | None = None,
                 team_id: int | None = None):
        super().__init__(parent)
        self.context = context
        self.record_id, self.household_ids = record_id, household_ids or []
        self.task = None
        self.result_path: Path | None = None
        self.setWindowTitle(tr("In văn bản"))
        form = QFormLayout()
        self.kind = QComboBox(self)
        for key, label in printouts.DOCUMENT_KINDS.items():
            self.kind.addItem(tr(label), key)
        # Wide enough for the longest document name, so none is cut in the list.
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setMinimumWidth(max(560, self.kind.sizeHint().width() + 160))
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.record_label = QLabel(self)
        self.record_label.setWordWrap(True)
        self.scope = QComboBox(self)
        self.area = ReferenceCombo(context.db, "area", optional=True, parent=self)
        self.area.set_value(area_id)
        self.team = ReferenceCombo(context.db, "team", optional=True, parent=self)
        self.team.set_value(team_id)
        self.period = period_combo(self)
        self.ceremony = f.DateField("ceremony", "")
        self.ceremony.build(None, self)
        self.ceremony.set_today()
        self.place = QLineEdit(self)
        self.place.setPlaceholderText(tr("Để trống: nhà văn hóa của địa bàn"))
        self.path = QLineEdit(self)
        browse = QPushButton(tr("Chọn…"), self)
        browse.clicked.connect(self.choose_path)
        where = QWidget(self)
        row = QHBoxLayout(where)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.report_text = QPushButton(tr("Soạn phần nhận định…"), self)
        self.report_text.clicked.connect(self.edit_report_text)
        self.station_copy = QCheckBox(tr("Bản lưu tại đơn vị: ghi người cung cấp tin"), self)
        self.station_copy.setChecked(True)
        self.open_after = QCheckBox(tr("Mở tệp PDF khi xong"), self)
        self.open_after.setChecked(True)
        self.to_printer = QCheckBox(tr("Gửi tới máy in (chọn máy in, số bản, trang in)"), self)
        self.rows: dict[str, tuple[QLabel, QWidget]] = {}
        for key, label, widget in (("kind", "Văn bản", self.kind), ("record", "Hồ sơ", self.record_label),
                                   ("scope", "In cho", self.scope), ("area", "Địa bàn", self.area),
                                   ("team", "Tổ", self.team), ("period", "Kỳ", self.period),
                                   ("ceremony", "Ngày tổ chức ký", self.ceremony.widget),
                                   ("place", "Nơi tổ chức ký", self.place),
                                   ("report_text", "Nhận định, kiến nghị", self.report_text),
                                   ("copy", "Bản in", self.station_copy),
                                   ("path", "Lưu vào tệp", where)):
            caption = QLabel(tr(label), self)
            form.addRow(caption, widget)
            self.rows[key] = (caption, widget)
        self.error = QLabel(self)
        self.error.setStyleSheet(error_style())
        self.error.setWordWrap(True)
        buttons = button_box(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.print_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.print_button.setText(tr("In"))
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.open_after)
        layout.addWidget(self.to_printer)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._update)
        self.scope.currentIndexChanged.connect(self._update_rows)
        self._suggested = ""
        for combo in (self.scope, self.area, self.team, self.period):
            combo.currentIndexChanged.connect(lambda _i: self._suggest_path())
        self._update()

    # ---- what to ask ---------------------------------------------------------------
    def current_kind(self) -> str:
        return self.kind.currentData()

    def _update(self) -> None:
        kind = self.current_kind()
        self.scope.blockSignals(True)
        self.scope.clear()
        if kind == "pledges":
            if self.household_ids:
                self.scope.addItem(tr("{0} hộ đang chọn").format(len(self.household_ids)), "selection")
            self.scope.addItem(tr("Cả một địa bàn"), "area")
        elif kind == "roster":
            self.scope.addItem(tr("Một tổ"), "team")
            self.scope.addItem(tr("Mọi tổ của một địa bàn"), "area")
            if self.team.value() is None and self.area.value() is not None:
                self.scope.setCurrentIndex(1)
        self.scope.blockSignals(False)
        self.record_label.setText(self._record_text(kind))
        self._update_rows()
        self._suggest_path()

    def subject(self) -> str:
        """What the document is about, for its file name: the area, the selection, the
        case or meeting, the team and period, or the period."""
        kind, scope = self.current_kind(), self.scope.currentData()
        needs = NEEDS[kind]
        parts = []
        if kind == "pledges":
            parts.append(tr("{0} hộ").format(len(self.household_ids)) if scope == "selection"
                         else self.area.currentText() if self.area.value() is not None else "")
        elif "record" in needs:
            parts.append(self._record_text(kind) if self.record_id is not None else "")
        elif kind == "roster":
            combo = self.area if scope == "area" else self.team
            parts.append(combo.currentText() if combo.value() is not None else "")
        elif "team" in needs:
            parts.append(self.team.currentText() if self.team.value() is not None else "")
        if "period" in needs:
            parts.append(self.period.currentText())
        return " ".join(p for p in parts if p)

    def _suggest_path(self) -> None:
        """A new suggestion unless the person typed a name of their own."""
        if self.path.text().strip() not in ("", self._suggested):
            return
        self._suggested = str(suggested(documents_folder(), FILE_NAMES[self.current_kind()], self.subject()))
        self.path.setText(self._suggested)

    def _record_text(self, kind: str) -> str:
        if kind not in ("minutes", "mediation", "surrender", "invitation", "commendation_proposal",
                        "commendation_decision", "reintegration_decision"):
            return ""
        if self.record_id is None:
            return tr("Hãy chọn hồ sơ trong danh sách trước khi in.")
        from storage.records.incidents import reintegration_cases, surrendered_items
        from storage.records.mediation import mediation_cases
        from storage.records.reviews import commendations, reviews

        repo = {"minutes": reviews, "invitation": reviews, "mediation": mediation_cases,
                "surrender": surrendered_items, "commendation_proposal": commendations,
                "commendation_decision": commendations, "reintegration_decision": reintegration_cases}[kind]
        try:
            return repo.display_name(repo.get(self.context.db, self.record_id))
        except StorageError:
            return tr("Hồ sơ đang chọn không phải loại này; hãy chọn lại.")

    def _update_rows(self) -> None:
        needs = NEEDS[self.current_kind()]
        scope = self.scope.currentData()
        visible = {"kind", "path"}
        if "record" in needs:
            visible.add("record")
        if needs & {"area", "team_or_area"}:
            visible.add("scope")
        if "area" in needs and scope == "area" or "team_or_area" in needs and scope == "area":
            visible.add("area")
        if "any_area" in needs:
            visible.add("area")
        if "team" in needs or "team_or_area" in needs and scope == "team":
            visible.add("team")
        if "period" in needs:
            visible.add("period")
        if "ceremony" in needs:
            visible |= {"ceremony", "place"}
        if "report_text" in needs:
            visible.add("report_text")
        if "copy" in needs:
            visible.add("copy")
        for key, (caption, widget) in self.rows.items():
            caption.setVisible(key in visible)
            widget.setVisible(key in visible)
        self.adjustSize()

    def edit_report_text(self) -> None:
        from ui.report_text_dialog import ReportTextDialog

        ReportTextDialog(self.context, station_period(self.context.db, self.period.currentData()), self).exec()

    def choose_path(self) -> None:
        files = file_dialog(self, tr("Lưu tệp PDF"), save=True, filters=tr("Tệp PDF (*.pdf)"),
                            directory=self.path.text())
        if files:
            self.path.setText(files[0] if files[0].lower().endswith(".pdf") else files[0] + ".pdf")

    def options(self) -> dict:
        """What gather() takes, from the dialog; a ValueError names what is missing."""
        kind, scope = self.current_kind(), self.scope.currentData()
        options: dict = {}
        if kind == "pledges":
            if scope == "selection":
                options["household_ids"] = self.household_ids
            else:
                options["area_id"] = self.area.value()
            options["ceremony_date"] = self.ceremony.get()
            options["place"] = self.place.text().strip() or None
        elif kind == "invitation":
            options["review_id"] = self.record_id
        elif kind in ("commendation_proposal", "commendation_decision"):
            options["commendation_id"] = self.record_id
        elif kind == "reintegration_decision":
            options["reintegration_id"] = self.record_id
        elif kind in ("pledge_form", "ceremony"):
            options["area_id"] = self.area.value()
            options["ceremony_date"] = self.ceremony.get()
            options["place"] = self.place.text().strip() or None
        elif kind == "minutes":
            options["review_id"] = self.record_id
        elif kind == "mediation":
            options["case_id"] = self.record_id
        elif kind == "surrender":
            options["item_id"] = self.record_id
        elif kind == "tips":
            options["station_copy"] = self.station_copy.isChecked()
        elif kind == "roster":
            options["area_id" if scope == "area" else "team_id"] = (self.area if scope == "area"
                                                                    else self.team).value()
        else:
            if "team" in NEEDS[kind]:
                options["team_id"] = self.team.value()
        if "period" in NEEDS[kind]:
            options["period"] = station_period(self.context.db, self.period.currentData())
        return options

    # ---- doing it ------------------------------------------------------------------
    def start(self) -> None:
        self.error.clear()
        target = Path(self.path.text().strip())
        if target.suffix.lower() != ".pdf":
            self.error.setText(tr("Tên tệp phải có đuôi .pdf."))
            return
        if not may_write(self, target):
            self.error.setText(tr("Chưa in: tệp đã có được giữ nguyên. Hãy đặt tên tệp khác."))
            return
        kind, options = self.current_kind(), self.options()
        actor = self.context.operator

        def work(db, progress, cancelled):
            printed = print_document(db, actor, kind, target, progress=progress, cancelled=cancelled,
                                     **options).value
            return printed.path if printed is not None else None

        self.print_button.setEnabled(False)
        self.task = run_db_task(self.context, self, tr("Đang dựng văn bản…"), work, self._done, self._failed)

    def _done(self, path) -> None:
        self.print_button.setEnabled(True)
        if path is None:
            self.error.setText(tr("Đã hủy; chưa ghi tệp nào."))
            return
        self.result_path = path
        self.context.notify("pledges")
        self.context.status.emit(tr("Đã ghi {0}.").format(path))
        try:
            if self.to_printer.isChecked():
                send_to_printer(path)
            if self.open_after.isChecked():
                open_file(path)
        except StorageError as error:
            warn(self, tr("Không in được"), str(error))
        self.accept()

    def _failed(self, error, details) -> None:
        self.print_button.setEnabled(True)
        show_failure(self.error, self, error, details)
