"""Đánh giá năm: every subject of the “an toàn về ANTT” recognition for a year (areas,
agencies, enterprises, schools), the commune's result under TT 124 Điều 5 computed from
them, and the dialog that registers a subject, judges its criteria and scores it."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from operations import evaluation as ops
from storage.query import evaluation as computed
from storage.records import evaluation as ev
from storage.records.validate import format_date
from storage.vocabulary import label
from ui.fields import DateEdit
from ui.formatting import format_number, format_ratio
from ui.i18n import tr
from ui.pages.evaluation_common import (
    attempt,
    fill,
    points,
    print_document,
    selected_record,
    table,
    year_box,
)
from ui.tasks import run_db_task

SUBJECT_HEADERS = ["Đối tượng", "Loại", "Đăng ký", "Tiêu chí đạt", "Kết quả", "Hộ ký cam kết",
                   "Điểm", "Xếp loại", "Quyết định công nhận"]


def _result(code) -> str:
    return label("evaluation_result", code, tr("chưa đánh giá xong"))


class EvaluationPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.year = year_box(self)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.commune_label = QLabel(self)
        self.commune_label.setWordWrap(True)
        self.commune_label.setTextFormat(Qt.TextFormat.RichText)
        self.commune_label.setStyleSheet("background: white; padding: 8px; border: 1px solid #d0d7de;")
        self.subjects = table(self, SUBJECT_HEADERS, (260, 120, 70, 90, 150, 110, 60, 90))
        self.subjects.doubleClicked.connect(lambda _i: self.edit_selected())
        self.subjects.itemSelectionChanged.connect(self._show_blocking)
        self.blocking = QLabel(self)
        self.blocking.setWordWrap(True)
        self.edit_button = QPushButton(tr("Đăng ký, chấm tiêu chí…"), self)
        self.edit_button.clicked.connect(self.edit_selected)
        self.commune_button = QPushButton(tr("Đánh giá của xã…"), self)
        self.commune_button.clicked.connect(self.edit_commune)
        self.unpledged_button = QPushButton(tr("Hộ chưa ký cam kết…"), self)
        self.unpledged_button.clicked.connect(self.show_unpledged)
        self.score_button = QPushButton(tr("In bảng chấm điểm…"), self)
        self.score_button.clicked.connect(self.print_score_sheet)
        self.proposal_button = QPushButton(tr("In tờ trình…"), self)
        self.proposal_button.clicked.connect(self.print_proposal)
        self.rules_button = QPushButton(tr("Quy định của tỉnh…"), self)
        self.rules_button.clicked.connect(self.edit_rules)
        self.models_button = QPushButton(tr("Tổ thực hiện mô hình…"), self)
        self.models_button.clicked.connect(self.edit_model_teams)

        top = QHBoxLayout()
        heading = QLabel(tr("Đánh giá “an toàn về an ninh, trật tự” (Thông tư 124/2021/TT-BCA)"), self)
        heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        top.addWidget(heading, 1)
        top.addWidget(self.year)
        buttons = QHBoxLayout()
        for button in (self.edit_button, self.unpledged_button, self.commune_button, self.models_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.score_button, self.proposal_button, self.rules_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.commune_label)
        layout.addLayout(buttons)
        layout.addWidget(self.subjects, 1)
        layout.addWidget(self.blocking)
        context.changed.connect(lambda _t: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        """The year's evaluation computed on a worker with its own connection (0.7 s at
        80,000 households), shown when ready unless another year was chosen meanwhile."""
        year = self.year.value()
        self.asked = getattr(self, "asked", 0) + 1
        asked = self.asked

        def show(result) -> None:
            if shiboken6.isValid(self) and asked == self.asked:
                self.show_result(result)

        run_db_task(self.context, self, tr("Đang đánh giá…"),
                    lambda db, _progress, _cancelled: computed.evaluate(db, year), show, show_progress=False)

    def show_result(self, result) -> None:
        self.result = result
        c = result["commune"]
        reasons = "".join(f"<br>• {r}" for r in c["_blocking"])
        self.commune_label.setText(tr(
            "<b>Xã năm {0}: {1}</b> — {2} đăng ký; {3}/{4} đối tượng đăng ký, {5} đối tượng đạt ({6}); "
            "tiêu chí Điều 5: {7}/{8}; điểm {9}, xếp loại {10}.{11}").format(
            result["year"], _result(c["result"]), tr("đã") if c["registered"] else tr("chưa"),
            format_number(c["registered_subjects"]), format_number(c["subjects"]),
            format_number(c["recognised"]), format_ratio(c["ratio_recognised"]),
            c["_criteria_met"], c["_criteria_total"], points(c["score"]) or "—",
            label("classification", c["class"], "—"), reasons))
        rows = []
        for s in result["subjects"]:
            pledged = (f"{format_number(s['households_pledged'])}/{format_number(s['households'])}"
                       if s["households"] is not None else "")
            rows.append([s["name"], label("evaluation_subject", s["kind"]), tr("Có") if s["registered"] else "",
                         f"{s['criteria_met']}/{s['criteria_total']}",
                         _result(s["result"]) if s["registered"] else tr("chưa đăng ký"), pledged,
                         points(s["score"]), label("classification", s["class"], ""), s["_decision"] or ""])
        fill(self.subjects, rows, result["subjects"])
        self._show_blocking()

    def _show_blocking(self) -> None:
        subject = selected_record(self.subjects)
        if subject and subject["_blocking"]:
            self.blocking.setText(tr("Chưa đạt vì: {0}.").format("; ".join(subject["_blocking"])))
        else:
            self.blocking.setText("")
        self.unpledged_button.setEnabled(bool(subject and subject["kind"] == "area"))

    def _entry_keys(self, subject) -> dict:
        return {"area_id": subject["_id"]} if subject["kind"] == "area" else {"organisation_id": subject["_id"]}

    def edit_selected(self) -> None:
        subject = selected_record(self.subjects)
        if subject is None:
            return
        self.open_entry(subject["kind"], subject["name"], self._entry_keys(subject))

    def edit_commune(self) -> None:
        self.open_entry("commune", tr("Xã, phường, đặc khu"), {"commune": True})

    def open_entry(self, kind: str, name: str, keys: dict) -> EntryDialog:
        year = self.year.value()
        entry = ev.entry_for(self.context.db, year=year, **keys)
        dialog = EntryDialog(self, self.context, kind, name, year, keys, entry)
        dialog.exec()
        return dialog

    def show_unpledged(self) -> None:
        subject = selected_record(self.subjects)
        if subject is None or subject["kind"] != "area":
            return
        rows = computed.unpledged_households(self.context.db, subject["_id"], self.year.value())
        dialog = QDialog(self)
        dialog.setWindowTitle(tr("Hộ chưa ký cam kết năm {0} — {1}").format(self.year.value(), subject["name"]))
        view = table(dialog, ["Chủ hộ", "Địa chỉ"], (260,))
        fill(view, [[r["head"], r["address"]] for r in rows])
        layout = QVBoxLayout(dialog)
        layout.addWidget(QLabel(tr("{0} hộ chưa ký cam kết trong kỳ đánh giá.").format(len(rows)), dialog))
        layout.addWidget(view)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        close.rejected.connect(dialog.reject)
        layout.addWidget(close)
        dialog.resize(560, 420)
        self.unpledged_dialog = dialog
        dialog.exec()

    def print_score_sheet(self) -> str | None:
        """The selected subject's bảng chấm điểm; the commune's when none is selected."""
        subject = selected_record(self.subjects)
        return print_document(self, self.context, "score-sheet", self.year.value(), tr("bảng chấm điểm"),
                              subject["name"] if subject else tr("xã"),
                              subject_uuid=subject["uuid"] if subject else None)

    def print_proposal(self) -> str | None:
        return print_document(self, self.context, "proposal", self.year.value(), tr("tờ trình"),
                              str(self.year.value()))

    def edit_model_teams(self):
        from ui.pages.evaluation_models import ModelTeamsDialog

        dialog = ModelTeamsDialog(self, self.context)
        dialog.exec()
        return dialog

    def edit_rules(self):
        from ui.pages.evaluation_rules import RulesDialog

        dialog = RulesDialog(self, self.context)
        dialog.exec()
        return dialog

    def focus_search(self) -> None:
        self.subjects.setFocus()


class EntryDialog(QDialog):
    """Registration, criteria (computed ones shown, not editable), scores, decision."""

    def __init__(self, parent, context, kind: str, name: str, year: int, keys: dict, entry):
        super().__init__(parent)
        self.context, self.kind, self.year, self.keys = context, kind, year, keys
        self.setWindowTitle(tr("{0} — năm {1}").format(name, year))
        entry_values = computed._entry_dict(entry) if entry else None  # noqa: SLF001
        counted = None
        if kind == "commune":
            c = computed.evaluate(context.db, year)["commune"]
            counted = {k: c[k] for k in ("subjects", "registered_subjects", "recognised", "ratio_recognised")}
        verdict = computed.judge(context.db, kind, entry_values, year, subjects=counted)
        self.registered = QCheckBox(tr("Đã đăng ký phấn đấu trong quý I"), self)
        self.registered_on = DateEdit(self)
        self.resolution_number, self.resolution_date = QLineEdit(self), DateEdit(self)
        self.plan_number, self.plan_date = QLineEdit(self), DateEdit(self)
        self.decision_number, self.decision_date = QLineEdit(self), DateEdit(self)
        form = QFormLayout()
        form.addRow("", self.registered)
        form.addRow(tr("Ngày đăng ký"), self.registered_on)
        form.addRow(tr("Số nghị quyết"), self._pair(self.resolution_number, self.resolution_date))
        form.addRow(tr("Số kế hoạch"), self._pair(self.plan_number, self.plan_date))
        form.addRow(tr("Quyết định công nhận"), self._pair(self.decision_number, self.decision_date))
        if entry:
            self.registered.setChecked(bool(entry.registered))
            for edit, value in ((self.resolution_number, entry.resolution_number),
                                (self.plan_number, entry.plan_number),
                                (self.decision_number, entry.decision_number)):
                edit.setText(value or "")
            for edit, value in ((self.registered_on, entry.registered_on),
                                (self.resolution_date, entry.resolution_date),
                                (self.plan_date, entry.plan_date),
                                (self.decision_date, entry.decision_date)):
                if value:
                    edit.setDate(_qdate(value))

        self.criteria = table(self, ["Tiêu chí", "Kết quả", "Căn cứ, ghi chú"], (470, 100))
        self.criteria.setRowCount(len(verdict["criteria"]))
        self.met_boxes: dict[str, QComboBox] = {}
        self.evidence: dict[str, QLineEdit] = {}
        for row, criterion in enumerate(verdict["criteria"]):
            text = criterion["text"] + ("" if criterion["confirmed"] else tr(" (lời văn chờ tỉnh xác nhận)"))
            self.criteria.setItem(row, 0, QTableWidgetItem(text))
            box = QComboBox(self.criteria)
            for shown, value in ((tr("—"), None), (tr("Đạt"), True), (tr("Chưa đạt"), False)):
                box.addItem(shown, value)
            box.setCurrentIndex({None: 0, True: 1, False: 2}[criterion["met"]])
            evidence = QLineEdit(self.criteria)
            evidence.setText(criterion["evidence"] or "")
            if criterion["computed"]:
                box.setEnabled(False)
                evidence.setReadOnly(True)
                evidence.setToolTip(tr("Phần mềm tự tính từ dữ liệu"))
            else:
                self.met_boxes[criterion["code"]] = box
                self.evidence[criterion["code"]] = evidence
            self.criteria.setCellWidget(row, 1, box)
            self.criteria.setCellWidget(row, 2, evidence)
        self.criteria.resizeRowsToContents()

        items = ev.score_items_for(kind)
        current = {s["item"]: s["points"] for s in (entry.scores if entry else [])}
        self.scores_table = table(self, ["Mục chấm điểm (QĐ 510/QĐ-BCA-V05)", "Tối đa", "Điểm"], (470, 60))
        self.scores_table.setRowCount(len(items))
        self.score_boxes: dict[str, QDoubleSpinBox] = {}
        for row, item in enumerate(items):
            text = item["text"] + ("" if item["confirmed"] else tr(" (tỉnh xác nhận)"))
            self.scores_table.setItem(row, 0, QTableWidgetItem(text))
            self.scores_table.setItem(row, 1, QTableWidgetItem(f"{item['max']:g}"))
            box = QDoubleSpinBox(self.scores_table)
            box.setRange(0, item["max"])
            box.setDecimals(1)
            box.setValue(current.get(item["code"], 0))
            self.score_boxes[item["code"]] = box
            self.scores_table.setCellWidget(row, 2, box)
        self.scores_table.resizeRowsToContents()
        self.total = QLabel(self)
        for box in self.score_boxes.values():
            box.valueChanged.connect(lambda _v: self._show_total())
        self.scored = bool(current)
        self._show_total()

        tabs = QTabWidget(self)
        tabs.addTab(self.criteria, tr("Tiêu chí"))
        scores_page = QWidget(tabs)
        scores_layout = QVBoxLayout(scores_page)
        scores_layout.addWidget(self.scores_table)
        scores_layout.addWidget(self.total)
        tabs.addTab(scores_page, tr("Chấm điểm"))
        self.tabs = tabs
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Lưu"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Hủy"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(tabs, 1)
        layout.addWidget(buttons)
        self.resize(900, 640)

    def _pair(self, number: QLineEdit, day: DateEdit) -> QWidget:
        holder = QWidget(self)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        number.setPlaceholderText(tr("số, ví dụ 01-NQ/CB"))
        row.addWidget(number, 1)
        row.addWidget(QLabel(tr("ngày"), holder))
        row.addWidget(day)
        return holder

    def _show_total(self) -> None:
        total = sum(box.value() for box in self.score_boxes.values())
        self.total.setText(tr("Tổng điểm: {0}/100").format(points(round(total, 2))))

    def values(self) -> dict:
        def day(edit):
            if edit.date().isValid():
                return edit.date().toString("yyyy-MM-dd")
            return edit.text().strip() or None  # storage refuses a half-typed date, in Vietnamese

        touched = self.scored or any(box.value() for box in self.score_boxes.values())
        return {
            "registered": self.registered.isChecked(), "registered_on": day(self.registered_on),
            "resolution_number": self.resolution_number.text(), "resolution_date": day(self.resolution_date),
            "plan_number": self.plan_number.text(), "plan_date": day(self.plan_date),
            "decision_number": self.decision_number.text(), "decision_date": day(self.decision_date),
            "marks": [{"criterion": code, "met": box.currentData(), "evidence": self.evidence[code].text()}
                      for code, box in self.met_boxes.items()],
            "scores": ([{"item": code, "points": box.value()} for code, box in self.score_boxes.items()]
                       if touched else []),
        }

    def save(self) -> None:
        if attempt(self, self.context, ops.save_entry, self.year, **self.keys, **self.values()) is not None:
            self.accept()


def _qdate(value: str):
    from PySide6.QtCore import QDate

    return QDate.fromString(value, "yyyy-MM-dd")


__all__ = ["EvaluationPage", "EntryDialog", "format_date"]
