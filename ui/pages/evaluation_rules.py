"""Quy định của tỉnh: the evaluation's rules a province sets and confirms — the
evaluation windows, the classification thresholds, the cap on "xuất sắc", the Tổ bảo vệ
ANTT's allowances and size — with where each default comes from, and how many items of
the shipped criteria and scoring tables still wait for the province's confirmation."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from operations import evaluation as ops
from storage.records import evaluation as ev
from ui.i18n import tr
from ui.pages.evaluation_common import attempt

WINDOW_LABELS = {"area": "Khu dân cư", "commune": "Xã, phường, đặc khu", "agency": "Cơ quan",
                 "enterprise": "Doanh nghiệp", "school": "Cơ sở giáo dục", "team_grading": "Xếp loại tổ"}
CLASS_LABELS = {"excellent": "Xuất sắc từ", "good": "Khá từ", "average": "Trung bình từ"}


def _spin(parent, maximum: int, value: int, suffix: str = "", step: int = 1) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(0, maximum)
    box.setSingleStep(step)
    box.setValue(int(value))
    box.setSuffix(suffix)
    box.setGroupSeparatorShown(True)
    return box


class RulesDialog(QDialog):
    def __init__(self, parent, context):
        super().__init__(parent)
        self.context = context
        db = context.db
        self.setWindowTitle(tr("Quy định của tỉnh về đánh giá, phân loại"))
        layout = QVBoxLayout(self)
        pending = sum(1 for kind in ev.criteria_tables()["kinds"].values() for c in kind["criteria"]
                      if not c.get("confirmed"))
        items = sum(1 for kind in ev.scoring_tables()["kinds"].values() for i in kind if not i.get("confirmed"))
        note = QLabel(tr("Các giá trị dưới đây là mặc định; Công an tỉnh xác nhận hoặc sửa theo văn bản của tỉnh. "
                         "Bảng tiêu chí (Thông tư 124/2021/TT-BCA) còn {0} tiêu chí và bảng điểm (QĐ 510/QĐ-BCA-V05) "
                         "còn {1} mục chờ tỉnh xác nhận lời văn, điểm tối đa.").format(pending, items), self)
        note.setWordWrap(True)
        layout.addWidget(note)

        windows = ev.setting(db, "evaluation_windows")
        box = QGroupBox(tr("Ngày bắt đầu kỳ đánh giá (ngày/tháng của năm trước)"), self)
        form = QFormLayout(box)
        self.windows: dict[str, QLineEdit] = {}
        for kind, shown in WINDOW_LABELS.items():
            month, day = windows[kind].split("-")
            edit = QLineEdit(f"{day}/{month}", box)
            edit.setInputMask("99/99")
            edit.setMaximumWidth(80)
            self.windows[kind] = edit
            form.addRow(tr(shown), edit)
        row = QHBoxLayout()
        row.addWidget(box)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        thresholds = {c["code"]: c["min"] for c in ev.setting(db, "evaluation_thresholds")}
        box = QGroupBox(tr("Ngưỡng xếp loại (điểm trên 100)"), right)
        form = QFormLayout(box)
        self.thresholds = {code: _spin(box, 100, thresholds.get(code, 0), tr(" điểm")) for code in CLASS_LABELS}
        for code, shown in CLASS_LABELS.items():
            form.addRow(tr(shown), self.thresholds[code])
        self.cap = _spin(box, 100, round(ev.setting(db, "grading_excellent_cap") * 100), " %")
        form.addRow(tr("Tổ “xuất sắc” tối đa (so với số “tốt”)"), self.cap)
        right_layout.addWidget(box)

        allowance = ev.setting(db, "security_allowance")
        box = QGroupBox(tr("Tổ bảo vệ ANTT: hỗ trợ hằng tháng và số thành viên"), right)
        form = QFormLayout(box)
        self.allowance = {role: _spin(box, 100_000_000, allowance[role], " đ", 10_000)
                          for role in ("leader", "deputy", "member")}
        form.addRow(tr("Tổ trưởng"), self.allowance["leader"])
        form.addRow(tr("Tổ phó"), self.allowance["deputy"])
        form.addRow(tr("Tổ viên"), self.allowance["member"])
        self.allowance_source = QLineEdit(allowance.get("source", ""), box)
        form.addRow(tr("Căn cứ"), self.allowance_source)
        size = ev.setting(db, "security_team_size")
        self.size_base = _spin(box, 50, size["base"], tr(" người"))
        form.addRow(tr("Số thành viên mỗi tổ"), self.size_base)
        self.size_steps = []
        for step in size.get("steps", []):
            households = _spin(box, 100_000, step["min_households"], tr(" hộ"))
            members = _spin(box, 50, step["members"], tr(" người"))
            pair = QWidget(box)
            pair_layout = QHBoxLayout(pair)
            pair_layout.setContentsMargins(0, 0, 0, 0)
            pair_layout.addWidget(households)
            pair_layout.addWidget(QLabel(tr("trở lên:"), pair))
            pair_layout.addWidget(members)
            form.addRow(tr("{0} từ").format(step["area_kind"]), pair)
            self.size_steps.append((step["area_kind"], households, members))
        self.size_source = QLineEdit(size.get("source", ""), box)
        form.addRow(tr("Căn cứ"), self.size_source)
        right_layout.addWidget(box)
        row.addWidget(right, 1)
        layout.addLayout(row)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Lưu quy định"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Hủy"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)
        for edit in (self.allowance_source, self.size_source):
            edit.setCursorPosition(0)
        self.resize(980, 540)

    def values(self) -> dict:
        windows = {}
        for kind, edit in self.windows.items():
            day, _, month = edit.text().partition("/")
            windows[kind] = f"{month.strip()}-{day.strip()}"
        thresholds = [{"code": code, "min": box.value()} for code, box in self.thresholds.items()]
        thresholds.append({"code": "weak", "min": 0})
        return {
            "evaluation_windows": windows,
            "evaluation_thresholds": thresholds,
            "grading_excellent_cap": self.cap.value() / 100,
            "security_allowance": {**{role: box.value() for role, box in self.allowance.items()},
                                   "source": self.allowance_source.text().strip()},
            "security_team_size": {"base": self.size_base.value(),
                                   "steps": [{"area_kind": kind, "min_households": h.value(), "members": m.value()}
                                             for kind, h, m in self.size_steps],
                                   "source": self.size_source.text().strip()},
        }

    def save(self) -> None:
        if attempt(self, self.context, ops.set_evaluation_settings, self.values()) is not None:
            self.accept()
