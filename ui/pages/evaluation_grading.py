"""Xếp loại tổ: the yearly grading of teams and members (HD 01/HD-BCA-V05: four levels,
nine months, complaints, a leader never above the team, the cap on "xuất sắc"), and the
Tổ bảo vệ an ninh, trật tự: members' eligibility and files, team sizes, allowances."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
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
from ui.grading_model import Column, current_record, rows_view
from ui.i18n import tr
from ui.pages.evaluation_common import (
    attempt,
    code_combo,
    print_document,
    select_code,
    year_box,
)
from ui.tasks import run_db_task

TEAM_COLUMNS = [Column("Tổ", "name"), Column("Loại tổ", "kind"), Column("Được xếp loại", "eligible"),
                Column("Mức xếp loại", "level", "level"), Column("Nhiệm vụ xong", "tasks_percent", "percent"),
                Column("Họp định kỳ", "regular_meetings", "check"), Column("Có vi phạm", "member_breach", "check"),
                Column("Bị khiếu nại", "under_complaint", "check")]
MEMBER_COLUMNS = [Column("Thành viên", "name"), Column("Vai trò", "role"), Column("Được xếp loại", "eligible"),
                  Column("Mức xếp loại", "level", "level"), Column("Đang bị khiếu nại", "under_complaint", "check")]
ROSTER_COLUMNS = [Column("Tổ", "team"), Column("Thành viên", "name"), Column("Vai trò", "role"),
                  Column("Điều kiện", "problems"), Column("Hồ sơ còn thiếu", "missing"),
                  Column("Quyết định", "decision")]
ALLOWANCE_COLUMNS = [Column("Thành viên", "name"), Column("Tổ", "team"), Column("Vai trò", "role"),
                     Column("Mức hỗ trợ/tháng", "amount")]
TEAM_GRADE_KEYS = ("level", "tasks_percent", "regular_meetings", "member_breach", "under_complaint")
TOO_SHORT = "hoạt động dưới 9 tháng"


def _money(value: int) -> str:
    return format_number(value) + " đ"


def team_rows(teams: list, stored: dict, kinds: dict) -> list[dict]:
    """The teams' rows as the table shows them (built on the worker)."""
    rows = []
    for team in teams:
        grade = stored.get(team["_id"])
        too_short = team["_reason"] == TOO_SHORT
        rows.append({
            "_id": team["_id"], "name": team["name"], "kind": kinds[team["kind"]],
            "eligible": tr("Có") if team["_eligible"] else tr("Không: {0}").format(team["_reason"]),
            "level": grade.level if grade else None,
            "tasks_percent": (grade.tasks_percent or 0) if grade else 0,
            "regular_meetings": bool(grade.regular_meetings) if grade else False,
            "member_breach": bool(grade.member_breach) if grade else False,
            "under_complaint": bool(grade.under_complaint) if grade else False,
            "_too_short": too_short, "_stored": grade is not None, "_locked": ("level",) if too_short else ()})
    return rows


def sizes_text(sizes: list, rule: dict) -> str:
    """The province's rule on team sizes and the teams short of members (on the worker)."""
    short = [tr("{0} có {1}, cần {2}").format(t["name"], t["members"], t["required"])
             for t in sizes if t["members"] < t["required"]]
    steps = "; ".join(tr("{0} từ {1} hộ: {2}").format(s["area_kind"], format_number(s["min_households"]),
                                                     s["members"]) for s in rule.get("steps", []))
    return (tr("Số thành viên mỗi tổ: {0}; {1}. {2}").format(rule["base"], steps, rule.get("source", "")) + " "
            + (tr("Tổ còn thiếu người: {0}.").format("; ".join(short)) if short
               else tr("{0} tổ đủ số thành viên.").format(len(sizes))))


def member_rows(members: list) -> list[dict]:
    return [{"_id": m["membership_id"], "name": m["name"], "role": label("member_role", m["role"]),
             "eligible": tr("Có") if m["eligible"] or m["under_complaint"] else tr("Không: dưới 9 tháng"),
             "level": m["level"], "under_complaint": m["under_complaint"],
             "_stored": m["level"] is not None or m["under_complaint"]} for m in members]


class GradingPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.pending: dict[int, dict] = {}  # a team's values typed, kept until its grade has something to record
        self.year = year_box(self)
        self.year.valueChanged.connect(self._year_changed)
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
        # A change made by an edit of the table refreshes it once the edit is over (never
        # while the model is committing it); any other change at once, as before.
        self.committing = False
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setSingleShot(True)
        self.refresh_timer.setInterval(0)
        self.refresh_timer.timeout.connect(self.refresh)
        context.changed.connect(self._changed)
        self.refresh()

    def _year_changed(self, _year: int) -> None:
        self.pending.clear()  # what was typed for the year shown before
        self.refresh()

    def _changed(self, _table: str) -> None:
        if self.committing:
            self.refresh_timer.start()
        else:
            self.refresh()

    # ---- teams and members ---------------------------------------------------------
    def _teams_tab(self) -> QWidget:
        page = QWidget(self)
        self.rules = QLabel(page)
        self.rules.setWordWrap(True)
        self.teams = rows_view(page, TEAM_COLUMNS, (220, 160, 100, 220, 105, 95, 85), commit=self.commit_team)
        self.teams.selectionModel().currentRowChanged.connect(lambda *_a: self._fill_members())
        self.hint = QLabel(tr("Sửa ngay trong bảng (F2, Enter hoặc nháy đúp; phím cách để đánh dấu): mỗi ô "
                              "được lưu ngay khi sửa xong."), page)
        self.hint.setWordWrap(True)
        self.print_grading = QPushButton(tr("In danh sách xếp loại…"), page)
        self.print_grading.clicked.connect(self.print_grading_list)
        self.members_label = QLabel(page)
        self.members = rows_view(page, MEMBER_COLUMNS, (230, 90, 150, 220), commit=self.commit_member)
        layout = QVBoxLayout(page)
        layout.addWidget(self.rules)
        layout.addWidget(self.teams, 3)
        row = QHBoxLayout()
        row.addWidget(self.hint, 1)
        row.addWidget(self.print_grading)
        layout.addLayout(row)
        layout.addWidget(self.members_label)
        layout.addWidget(self.members, 2)
        return page

    def refresh(self) -> None:
        """The teams' levels computed and their rows built on a worker; shown when ready
        (unless the year changed meanwhile): the GUI thread only swaps the list."""
        year = self.year.value()
        self.asked = getattr(self, "asked", 0) + 1
        asked = self.asked

        def gather(db, _progress, _cancelled):
            teams = computed.team_levels(db, year)
            kinds = {t["kind"]: lists.label_of(db, lists.TEAM_KINDS, t["kind"]) for t in teams}
            stored = {g.team_id: g for g in ev.team_gradings.list(db, "year = ?", [year])}
            rows = team_rows(teams, stored, kinds)
            return (ev.window(db, "team_grading", year), ev.setting(db, "grading_excellent_cap"), rows,
                    {row["_id"]: r for r, row in enumerate(rows)})

        def show(result) -> None:
            if shiboken6.isValid(self) and asked == self.asked:
                self._show_teams(*result)

        run_db_task(self.context, self, tr("Đang tính xếp loại tổ…"), gather, show, show_progress=False)

    def _show_teams(self, span, cap, rows: list, where: dict) -> None:
        self.rules.setText(tr(
            "Kỳ xếp loại {0} – {1}. Tổ, thành viên hoạt động dưới 9 tháng hoặc đang bị khiếu nại không xếp "
            "loại; tổ trưởng không xếp loại cao hơn tổ; “Hoàn thành xuất sắc” không quá {2}% số “Hoàn thành "
            "tốt” và cần trên 95% nhiệm vụ, sinh hoạt định kỳ, không thành viên vi phạm.").format(
            span[0].strftime("%d/%m/%Y"), span[1].strftime("%d/%m/%Y"), round(cap * 100)))
        current = self.teams.currentIndex()
        team_id = self._selected_team()
        for pending_id, values in self.pending.items():  # typed, not saved yet (nothing to record)
            if pending_id in where:
                rows[where[pending_id]].update(values)
        self.teams.model().set_rows(rows)
        if team_id in where:  # the same team (and cell) stays current after a refresh
            self.teams.setCurrentIndex(self.teams.model().index(where[team_id], max(current.column(), 0)))
        else:
            self._fill_members()
        self._fill_security()

    def team_grades(self) -> list[dict]:
        """Every team's grade as shown that has something to record."""
        return [grade for row in self.teams.model().rows if (grade := self._team_grade(row)) is not None]

    @staticmethod
    def _team_grade(row: dict, key: str | None = None, value=None) -> dict | None:
        grade = {k: row[k] for k in TEAM_GRADE_KEYS}
        if key is not None:
            grade[key] = value
        if grade["level"] is None and not row["_stored"] and not grade["under_complaint"]:
            return None  # nothing to record for this team
        if row["_too_short"] and grade["level"] is None:
            return None
        return {"team_id": row["_id"], **grade}

    def commit_team(self, row: dict, key: str, value) -> bool:
        """One cell of a team edited: its grade saved at once through the operation
        (refused: the reason shown, nothing changed). A grade with nothing to record yet
        (no level, no complaint) is kept in the table until it has."""
        grade = self._team_grade(row, key, value)
        if grade is None:
            self.pending.setdefault(row["_id"], {})[key] = value
            return True
        if self._save(ops.save_team_grades, grade) is None:
            return False
        row["_stored"] = True
        self.pending.pop(row["_id"], None)
        self.context.status.emit(tr("Đã lưu xếp loại {0} năm {1}.").format(row["name"], self.year.value()))
        return True

    def _save(self, op, grade: dict):
        self.committing = True
        try:
            return attempt(self, self.context, op, self.year.value(), [grade])
        finally:
            self.committing = False

    def _selected_team(self):
        index = self.teams.currentIndex()
        return self.teams.model().rows[index.row()]["_id"] if index.isValid() else None

    def _fill_members(self) -> None:
        """The current team's members read on a worker (a few rows)."""
        team_id, year = self._selected_team(), self.year.value()
        self.members_asked = getattr(self, "members_asked", 0) + 1
        asked = self.members_asked
        if team_id is None:
            self.members_label.setText(tr("Chọn một tổ để xếp loại thành viên."))
            self.members.model().set_rows([])
            self.members.setEnabled(False)
            return
        name = self.teams.model().rows[self.teams.currentIndex().row()]["name"]

        def gather(db, _progress, _cancelled):
            return member_rows(computed.member_levels(db, team_id, year))

        def show(rows) -> None:
            if shiboken6.isValid(self) and asked == self.members_asked:
                self.members_label.setText(tr("Thành viên của {0}").format(name))
                self.members.model().set_rows(rows)
                self.members.setEnabled(True)

        run_db_task(self.context, self, tr("Đang đọc thành viên…"), gather, show, show_progress=False)

    def commit_member(self, row: dict, key: str, value) -> bool:
        grade = {"membership_id": row["_id"], "level": row["level"], "under_complaint": row["under_complaint"]}
        grade[key] = value
        if grade["level"] is None and not grade["under_complaint"] and not row["_stored"]:
            return True
        if self._save(ops.save_member_grades, grade) is None:
            return False
        row["_stored"] = True
        self.context.status.emit(tr("Đã lưu xếp loại thành viên {0}.").format(row["name"]))
        return True

    # ---- Tổ bảo vệ an ninh, trật tự --------------------------------------------------
    def _security_tab(self) -> QWidget:
        page = QWidget(self)
        self.roster = rows_view(page, ROSTER_COLUMNS, (240, 180, 75, 250, 250), wrap=True)
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
        self.allowance = rows_view(page, ALLOWANCE_COLUMNS, (220, 220, 100), wrap=True)
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
        """The security teams' roster, sizes and the month's allowance sheet computed and
        their rows built on a worker (over half a second at 20,000 households), shown when
        ready unless the year or month changed meanwhile."""
        on, year, month = today(), self.year.value(), self.month.value()
        self.security_asked = getattr(self, "security_asked", 0) + 1
        asked = self.security_asked

        def gather(db, _progress, _cancelled):
            roster = computed.security_roster(db, on)
            sheet = computed.allowance_sheet(db, year, month)
            roster_rows = [{"team": m["team"], "name": m["name"], "role": label("member_role", m["role"]),
                            "problems": "; ".join(m["problems"]) or tr("Đủ điều kiện"),
                            "missing": "; ".join(m["missing_files"]) or tr("Đủ hồ sơ"),
                            "decision": m["decision_number"] or "", "_record": m} for m in roster]
            allowance_rows = [{"name": r["name"], "team": r["team"], "role": label("member_role", r["role"]),
                               "amount": _money(r["amount"])} for r in sheet["rows"]]
            return (roster_rows, sizes_text(computed.security_teams(db, on), ev.setting(db, "security_team_size")),
                    sheet, allowance_rows)

        def show(result) -> None:
            if shiboken6.isValid(self) and asked == self.security_asked:
                self._show_security(*result)

        run_db_task(self.context, self, tr("Đang tính danh sách tổ bảo vệ…"), gather, show, show_progress=False)

    def _show_security(self, roster: list, sizes: str, sheet: dict, allowance: list) -> None:
        self.roster.model().set_rows(roster)
        self.sizes.setText(sizes)
        self.allowance.model().set_rows(allowance)
        self.allowance_total.setText(tr("Tổng tháng {0}/{1}: {2} ({3} người). {4}").format(
            sheet["month"], sheet["year"], _money(sheet["total"]), len(sheet["rows"]), sheet["source"]))

    def print_grading_list(self) -> str | None:
        return print_document(self, self.context, "grading", self.year.value(), tr("danh sách xếp loại tổ"),
                              str(self.year.value()))

    def print_allowance_sheet(self) -> str | None:
        return print_document(self, self.context, "allowance", self.year.value(), tr("bảng kê hỗ trợ"),
                              f"{self.month.value():02d}-{self.year.value()}", month=self.month.value())

    def edit_file(self) -> SecurityFileDialog | None:
        member = current_record(self.roster)
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
