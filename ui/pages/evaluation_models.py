"""Tổ thực hiện mô hình: which teams carry out each model (HD 22/HD-BCA-V05), the basis
for counting a model's teams and for the commune's "at least one effective model"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from operations import evaluation as ops
from storage.records import evaluation as ev
from storage.records.models import models
from storage.records.teams import teams
from ui.i18n import tr
from ui.pages.evaluation_common import attempt


class ModelTeamsDialog(QDialog):
    def __init__(self, parent, context):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(tr("Tổ thực hiện mô hình"))
        self.model = QComboBox(self)
        for record in models.list(context.db):
            self.model.addItem(record.name, record.id)
        self.model.currentIndexChanged.connect(lambda _i: self._fill())
        self.teams = QListWidget(self)
        for team in teams.list(context.db, "ended_on IS NULL"):
            item = QListWidgetItem(team.name, self.teams)
            item.setData(Qt.ItemDataRole.UserRole, team.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Lưu"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Đóng"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Mô hình:"), self))
        layout.addWidget(self.model)
        layout.addWidget(QLabel(tr("Các tổ thực hiện (đánh dấu):"), self))
        layout.addWidget(self.teams, 1)
        layout.addWidget(buttons)
        self.resize(520, 560)
        self._fill()

    def _fill(self) -> None:
        model_id = self.model.currentData()
        linked = set(ev.model_team_ids(self.context.db, model_id)) if model_id else set()
        for row in range(self.teams.count()):
            item = self.teams.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in linked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def checked(self) -> list[int]:
        return [self.teams.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.teams.count())
                if self.teams.item(r).checkState() == Qt.CheckState.Checked]

    def save(self) -> None:
        model_id = self.model.currentData()
        if model_id is not None and attempt(self, self.context, ops.set_model_teams, model_id,
                                            self.checked()) is not None:
            self.context.status.emit(tr("Đã lưu các tổ thực hiện mô hình {0}.").format(self.model.currentText()))
