"""The export dialog: named lists of residents only when ticked with a reason, which the
preview shows before anything is written; without the superior's key, nothing is
written until the officer ticks that the package will not be encrypted."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from tests.conftest import ACTOR
from ui.export_dialog import ExportDialog

REASON = "Công an tỉnh yêu cầu rà soát theo công văn số 12/CAT"


def test_named_residents_need_a_reason_shown_in_the_preview(window, db, person, qtbot, tmp_path):
    dialog = ExportDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Cư dân: chỉ gửi số hộ, số người theo địa bàn" in dialog.plan_text.toPlainText()
    assert not dialog.reason.isEnabled() and dialog.plain_ok.isVisible()
    dialog.named.click()
    assert dialog.named.isChecked() and dialog.reason.isEnabled()
    qtbot.keyClicks(dialog.reason, "vi")  # (QTest.keyClicks aborts on non-ASCII text under PySide6)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.error.text().startswith("Hãy ghi rõ lý do gửi danh sách cư dân có tên")
    dialog.reason.setText(REASON)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert f"GỬI DANH SÁCH CƯ DÂN CÓ TÊN, lý do: {REASON}" in dialog.plan_text.toPlainText()
    dialog.path.setText(str(tmp_path / "goi.byx"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "vẫn xuất gói KHÔNG mã hóa" in dialog.error.text() and not (tmp_path / "goi.byx").exists()
    dialog.plain_ok.setChecked(True)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.manifest is not None, timeout=30000)
    assert dialog.manifest["residents"] == {"named": True, "reason": REASON}
    entry = db.conn.execute("SELECT actor, after FROM audit_log WHERE action = 'export_package'").fetchone()
    assert entry[0] == ACTOR and json.loads(entry[1])["residents"] == {"named": True, "reason": REASON}
