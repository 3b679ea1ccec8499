"""Xếp loại tổ: the yearly grading of teams and members (HD 01/HD-BCA-V05: four levels,
nine months, complaints, a leader never above the team, the cap on "xuất sắc"), and the
Tổ bảo vệ an ninh, trật tự: members' eligibility and files, team sizes, allowances."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from operations import evaluation as ops
from storage.clock import today
from storage.query import evaluation as computed
from storage.records import evaluation as ev
from storage.records import lists
from storage.vocabulary import label
from ui.fields import DateEdit
from ui.formatting import format_number
from ui.i18n import tr
from ui.pages.evaluation_common import (
    attempt,
    code_combo,
    fill,
    print_document,
    select_code,
    selected_record,
    table,
    year_box,
)
from ui.tasks import run_db_task

TEAM_HEADERS = ["Tổ", "Loại tổ", "Được xếp loại", "Mức xếp loại", "Nhiệm vụ xong",
                "Họp định kỳ", "Có vi phạm", "Bị khiếu nại"]
MEMBER_HEADERS = ["Thành viên", "Vai trò", "Được xếp loại", "Mức xếp loại", "Đang bị khiếu nại"]


def _money(value: int) -> str:
    return format_number(value) + " đ"


class GradingPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.year = year_box(self)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._teams_tab(), tr("Xếp loại tổ và thành viên"))
        self.tabs.addTab(self._security_tab(), tr("Tổ bảo vệ ANTT"))
        top = QHBoxLayout()
        heading = QLabel(tr("Xếp loại tổ, thành viên (Hướng dẫn 01/HD-BCA-V05)"), self)
        heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        top.addWidget(heading, 1)
        top.addWidget(self.year)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        context.changed.connect(lambda _t: self.refresh())
        self.refresh()

    # ---- teams and members ---------------------------------------------------------
    def _teams_tab(self) -> QWidget:
        page = QWidget(self)
        self.rules = QLabel(page)
        self.rules.setWordWrap(True)
        self.teams = table(page, TEAM_HEADERS, (220, 160, 100, 220, 105, 95, 85))
        self.teams.setWordWrap(False)
        self.teams.itemSelectionChanged.connect(self._fill_members)
        self.save_teams = QPushButton(tr("Lưu xếp loại tổ"), page)
        self.save_teams.clicked.connect(self.save_team_levels)
        self.print_grading = QPushButton(tr("In danh sách xếp loại…"), page)
        self.print_grading.clicked.connect(self.print_grading_list)
        self.members_label = QLabel(page)
        self.members = table(page, MEMBER_HEADERS, (230, 90, 150, 220))
        self.save_members = QPushButton(tr("Lưu xếp loại thành viên"), page)
        self.save_members.clicked.connect(self.save_member_levels)
        layout = QVBoxLayout(page)
        layout.addWidget(self.rules)
        layout.addWidget(self.teams, 3)
        row = QHBoxLayout()
        row.addWidget(self.save_teams)
        row.addStretch(1)
        row.addWidget(self.print_grading)
        layout.addLayout(row)
        layout.addWidget(self.members_label)
        layout.addWidget(self.members, 2)
        row = QHBoxLayout()
        row.addWidget(self.save_members)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    def refresh(self) -> None:
        """The teams' levels computed on a worker; the rows of widgets built when ready
        (unless the year changed meanwhile)."""
        year = self.year.value()
        self.asked = getattr(self, "asked", 0) + 1
        asked = self.asked
        if not hasattr(self, "team_widgets"):  # nothing to save until the first rows arrive
            self.team_widgets, self.member_widgets = [], []

        def gather(db, _progress, _cancelled):
            teams = computed.team_levels(db, year)
            kinds = {t["kind"]: lists.label_of(db, lists.TEAM_KINDS, t["kind"]) for t in teams}
            return (ev.window(db, "team_grading", year), ev.setting(db, "grading_excellent_cap"),
                    {g.team_id: g for g in ev.team_gradings.list(db, "year = ?", [year])}, teams, kinds)

        def show(result) -> None:
            if shiboken6.isValid(self) and asked == self.asked:
                self._show_teams(*result)

        run_db_task(self.context, self, tr("Đang tính xếp loại tổ…"), gather, show, show_progress=False)

    def _show_teams(self, span, cap, stored: dict, teams: list, kinds: dict) -> None:
        self.rules.setText(tr(
            "Kỳ xếp loại {0} – {1}. Tổ, thành viên hoạt động dưới 9 tháng hoặc đang bị khiếu nại không xếp "
            "loại; tổ trưởng không xếp loại cao hơn tổ; “Hoàn thành xuất sắc” không quá {2}% số “Hoàn thành "
            "tốt” và cần trên 95% nhiệm vụ, sinh hoạt định kỳ, không thành viên vi phạm.").format(
            span[0].strftime("%d/%m/%Y"), span[1].strftime("%d/%m/%Y"), round(cap * 100)))
        self.teams.setRowCount(len(teams))
        self.team_widgets = []
        for row, team in enumerate(teams):
            grade = stored.get(team["_id"])
            name = QTableWidgetItem(team["name"])
            name.setData(256, team["_id"])
            self.teams.setItem(row, 0, name)
            self.teams.setItem(row, 1, QTableWidgetItem(kinds[team["kind"]]))
            shown = tr("Có") if team["_eligible"] else tr("Không: {0}").format(team["_reason"])
            self.teams.setItem(row, 2, QTableWidgetItem(shown))
            level = code_combo(self.teams, "grading_level", empty="Chưa xếp loại")
            select_code(level, grade.level if grade else None)
            tasks = QDoubleSpinBox(self.teams)
            tasks.setRange(0, 100)
            tasks.setDecimals(0)
            tasks.setSuffix(" %")
            tasks.setValue(grade.tasks_percent or 0 if grade else 0)
            meetings, breach, complaint = QCheckBox(self.teams), QCheckBox(self.teams), QCheckBox(self.teams)
            if grade:
                meetings.setChecked(bool(grade.regular_meetings))
                breach.setChecked(bool(grade.member_breach))
                complaint.setChecked(bool(grade.under_complaint))
            too_short = team["_reason"] == "hoạt động dưới 9 tháng"
            level.setEnabled(not too_short)
            for column, widget in enumerate((level, tasks, meetings, breach, complaint), start=3):
                self.teams.setCellWidget(row, column, widget)
            self.team_widgets.append((team["_id"], level, tasks, meetings, breach, complaint,
                                      too_short, grade is not None))
        self.teams.resizeRowsToContents()
        self._fill_members()
        self._fill_security()

    def team_grades(self) -> list[dict]:
        out = []
        for team_id, level, tasks, meetings, breach, complaint, too_short, stored in self.team_widgets:
            if level.currentData() is None and not stored and not complaint.isChecked():
                continue  # nothing to record for this team
            if too_short and level.currentData() is None:
                continue
            out.append({"team_id": team_id, "level": level.currentData(), "tasks_percent": tasks.value(),
                        "regular_meetings": meetings.isChecked(), "member_breach": breach.isChecked(),
                        "under_complaint": complaint.isChecked()})
        return out

    def save_team_levels(self) -> None:
        if attempt(self, self.context, ops.save_team_grades, self.year.value(), self.team_grades()) is not None:
            self.context.status.emit(tr("Đã lưu xếp loại tổ năm {0}.").format(self.year.value()))

    def _selected_team(self):
        row = self.teams.currentRow()
        return self.teams.item(row, 0).data(256) if row >= 0 and self.teams.item(row, 0) else None

    def _fill_members(self) -> None:
        team_id = self._selected_team()
        self.member_widgets = []
        if team_id is None:
            self.members_label.setText(tr("Chọn một tổ để xếp loại thành viên."))
            self.members.setRowCount(0)
            self.save_members.setEnabled(False)
            return
        self.save_members.setEnabled(True)
        name = self.teams.item(self.teams.currentRow(), 0).text()
        self.members_label.setText(tr("Thành viên của {0}").format(name))
        members = computed.member_levels(self.context.db, team_id, self.year.value())
        self.members.setRowCount(len(members))
        for row, member in enumerate(members):
            self.members.setItem(row, 0, QTableWidgetItem(member["name"]))
            self.members.setItem(row, 1, QTableWidgetItem(label("member_role", member["role"])))
            self.members.setItem(row, 2, QTableWidgetItem(tr("Có") if member["eligible"] or member["under_complaint"]
                                                          else tr("Không: dưới 9 tháng")))
            level = code_combo(self.members, "grading_level", empty="Chưa xếp loại")
            select_code(level, member["level"])
            complaint = QCheckBox(self.members)
            complaint.setChecked(member["under_complaint"])
            self.members.setCellWidget(row, 3, level)
            self.members.setCellWidget(row, 4, complaint)
            self.member_widgets.append((member["membership_id"], level, complaint))
        self.members.resizeRowsToContents()

    def save_member_levels(self) -> None:
        grades = [{"membership_id": m, "level": level.currentData(), "under_complaint": complaint.isChecked()}
                  for m, level, complaint in self.member_widgets
                  if level.currentData() is not None or complaint.isChecked()]
        if attempt(self, self.context, ops.save_member_grades, self.year.value(), grades) is not None:
            self.context.status.emit(tr("Đã lưu xếp loại thành viên."))

    # ---- Tổ bảo vệ an ninh, trật tự --------------------------------------------------
    def _security_tab(self) -> QWidget:
        page = QWidget(self)
        self.roster = table(page, ["Tổ", "Thành viên", "Vai trò", "Điều kiện", "Hồ sơ còn thiếu",
                                   "Quyết định"], (240, 180, 75, 250, 250))
        self.roster.doubleClicked.connect(lambda _i: self.edit_file())
        edit = QPushButton(tr("Hồ sơ thành viên…"), page)
        edit.clicked.connect(self.edit_file)
        self.sizes = QLabel(page)
        self.sizes.setWordWrap(True)
        self.month = QSpinBox(page)
        self.month.setRange(1, 12)
        self.month.setPrefix(tr("Tháng "))
        self.month.setValue(today().month)
        self.month.valueChanged.connect(lambda _v: self._fill_security())
        self.print_allowance = QPushButton(tr("In bảng kê hỗ trợ…"), page)
        self.print_allowance.clicked.connect(self.print_allowance_sheet)
        self.allowance = table(page, ["Thành viên", "Tổ", "Vai trò", "Mức hỗ trợ/tháng"], (220, 220, 100))
        self.allowance_total = QLabel(page)
        self.allowance_total.setWordWrap(True)
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Thành viên, điều kiện (Luật năm 2023) và hồ sơ tuyển chọn (Thông tư 14/2024/TT-BCA)"),
                             page), 1)
        row.addWidget(edit)
        layout.addLayout(row)
        layout.addWidget(self.roster, 3)
        layout.addWidget(self.sizes)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Bảng kê hỗ trợ hằng tháng:"), page))
        row.addWidget(self.month)
        row.addStretch(1)
        row.addWidget(self.print_allowance)
        layout.addLayout(row)
        layout.addWidget(self.allowance, 2)
        layout.addWidget(self.allowance_total)
        return page

    def _fill_security(self) -> None:
        """The security teams' roster, sizes and the month's allowance sheet computed on a
        worker (over half a second at 20,000 households), shown when ready unless the year
        or month changed meanwhile."""
        on, year, month = today(), self.year.value(), self.month.value()
        self.security_asked = getattr(self, "security_asked", 0) + 1
        asked = self.security_asked

        def gather(db, _progress, _cancelled):
            return (computed.security_roster(db, on), computed.security_teams(db, on),
                    ev.setting(db, "security_team_size"), computed.allowance_sheet(db, year, month))

        def show(result) -> None:
            if shiboken6.isValid(self) and asked == self.security_asked:
                self._show_security(*result)

        run_db_task(self.context, self, tr("Đang tính danh sách tổ bảo vệ…"), gather, show, show_progress=False)

    def _show_security(self, roster: list, sizes: list, rule: dict, sheet: dict) -> None:
        fill(self.roster, [[m["team"], m["name"], label("member_role", m["role"]),
                            "; ".join(m["problems"]) or tr("Đủ điều kiện"),
                            "; ".join(m["missing_files"]) or tr("Đủ hồ sơ"), m["decision_number"] or ""]
                           for m in roster], roster)
        short = [tr("{0} có {1}, cần {2}").format(t["name"], t["members"], t["required"])
                 for t in sizes if t["members"] < t["required"]]
        steps = "; ".join(tr("{0} từ {1} hộ: {2}").format(s["area_kind"], format_number(s["min_households"]),
                                                         s["members"]) for s in rule.get("steps", []))
        self.sizes.setText(
            tr("Số thành viên mỗi tổ: {0}; {1}. {2}").format(rule["base"], steps, rule.get("source", "")) + " "
            + (tr("Tổ còn thiếu người: {0}.").format("; ".join(short)) if short
               else tr("{0} tổ đủ số thành viên.").format(len(sizes))))
        fill(self.allowance, [[r["name"], r["team"], label("member_role", r["role"]), _money(r["amount"])]
                              for r in sheet["rows"]])
        self.allowance_total.setText(tr("Tổng tháng {0}/{1}: {2} ({3} người). {4}").format(
            sheet["month"], sheet["year"], _money(sheet["total"]), len(sheet["rows"]), sheet["source"]))

    def print_grading_list(self) -> str | None:
        return print_document(self, self.context, "grading", self.year.value(), tr("danh sách xếp loại tổ"),
                              str(self.year.value()))

    def print_allowance_sheet(self) -> str | None:
        return print_document(self, self.context, "allowance", self.year.value(), tr("bảng kê hỗ trợ"),
                              f"{self.month.value():02d}-{self.year.value()}", month=self.month.value())

    def edit_file(self) -> SecurityFileDialog | None:
        member = selected_record(self.roster)
        if member is None:
            return None
        dialog = SecurityFileDialog(self, self.context, member)
        dialog.exec()
        return dialog


class SecurityFileDialog(QDialog):
    """A Tổ bảo vệ ANTT member's eligibility and recruitment file."""

    def __init__(self, parent, context, member: dict):
        super().__init__(parent)
        self.context, self.member = context, member
        self.setWindowTitle(tr("Hồ sơ {0} — {1}").format(member["name"], member["team"]))
        found = ev.security_members.list(context.db, "membership_id = ?", [member["membership_id"]])
        record = found[0] if found else ev.SecurityMember(membership_id=member["membership_id"])
        self.education = code_combo(self, "education_level", empty="Chưa ghi")
        select_code(self.education, record.education)
        self.hard_area = QCheckBox(tr("Vùng khó khăn (tốt nghiệp tiểu học là đủ)"), self)
        self.resident_since = DateEdit(self)
        self.health_ok = QCheckBox(tr("Đủ sức khỏe"), self)
        self.clean_record = QCheckBox(tr("Lý lịch rõ ràng, đã xác minh"), self)
        self.files = {item: QCheckBox(text, self) for item, text in ev.FILE_LABELS.items()}
        self.decision_number = QLineEdit(self)
        self.decision_date = DateEdit(self)
        self.hard_area.setChecked(bool(record.hard_area))
        self.health_ok.setChecked(bool(record.health_ok))
        self.clean_record.setChecked(bool(record.clean_record))
        for item, box in self.files.items():
            box.setChecked(bool(getattr(record, item)))
        self.decision_number.setText(record.decision_number or "")
        for edit, value in ((self.resident_since, record.resident_since), (self.decision_date, record.decision_date)):
            if value:
                edit.setDate(QDate.fromString(value, "yyyy-MM-dd"))
        form = QFormLayout()
        form.addRow(tr("Trình độ học vấn"), self.education)
        form.addRow("", self.hard_area)
        form.addRow(tr("Cư trú tại địa bàn từ ngày"), self.resident_since)
        form.addRow("", self.health_ok)
        form.addRow("", self.clean_record)
        form.addRow(QLabel(tr("<b>Hồ sơ tuyển chọn</b>"), self))
        for box in self.files.values():
            form.addRow("", box)
        form.addRow(tr("Số quyết định công nhận"), self.decision_number)
        form.addRow(tr("Ngày quyết định"), self.decision_date)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Lưu"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Hủy"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def values(self) -> dict:
        def day(edit):
            return edit.date().toString("yyyy-MM-dd") if edit.date().isValid() else (edit.text().strip() or None)

        return {"education": self.education.currentData(), "hard_area": self.hard_area.isChecked(),
                "resident_since": day(self.resident_since), "health_ok": self.health_ok.isChecked(),
                "clean_record": self.clean_record.isChecked(),
                **{item: box.isChecked() for item, box in self.files.items()},
                "decision_number": self.decision_number.text(), "decision_date": day(self.decision_date)}

    def save(self) -> None:
        if attempt(self, self.context, ops.save_security_member, self.member["membership_id"],
                   self.values()) is not None:
            self.accept()
