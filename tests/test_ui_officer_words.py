"""The officer's language everywhere (issue 11): the export preview names record kinds
in Vietnamese with numbers as 18.489, the package's default name says the period once,
and the audit log and a record's history show kinds, names, field labels, dates
dd/MM/yyyy and labels of codes, never table names or raw JSON."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from storage.exchange.package import ExportPlan
from storage.query.periods import parse_period
from storage.records.people import people
from tests.conftest import ACTOR
from ui import export_dialog

RAW = ("areas", "people", "tips", "reintegration_cases", "{", "}", "_id", "'")


def test_the_export_preview_speaks_in_record_kinds(window, world, db, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(export_dialog, "documents_folder", lambda: tmp_path)
    dialog = export_dialog.ExportDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.show()
    shown = dialog.plan_text.toPlainText()
    assert "  Địa bàn: 2" in shown and "  Tổ: 2" in shown and "  Thành viên tổ: 1" in shown
    assert "(tin báo)" in shown and "(tái hòa nhập)" in shown
    assert not any(word in shown for word in RAW), shown
    assert db.conn.execute("SELECT count(*) FROM areas").fetchone()[0] == 2
    # large counts read as an officer writes them
    plan = ExportPlan(parse_period("2026"), True, {"people": 18489, "areas": 133}, [], None)
    assert "  Người: 18.489" in plan.describe() and "  Địa bàn: 133" in plan.describe()
    # the default name says the period once, then the day
    name = dialog.path.text()
    year = str(date.today().year)
    assert name.endswith(f"goi-nam-{year}-ngay-{date.today():%d-%m}.byx") and name.count(year) == 1
    assert export_dialog.package_name(tmp_path, parse_period("2026"), date(2027, 1, 15)).name == \
        "goi-nam-2026-ngay-15-01-2027.byx"
    dialog.plain_ok.setChecked(True)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.manifest is not None, timeout=30000)
    assert (tmp_path / f"goi-nam-{year}-ngay-{date.today():%d-%m}.byx").exists()


def test_audit_log_and_history_speak_in_names_labels_and_dates(window, world, db, qtbot, monkeypatch, tmp_path):
    from ui import history

    west = db.conn.execute("SELECT id FROM areas WHERE name = 'Đoài'").fetchone()[0]
    head = world["head"]
    people.update(db, "Trần Thị Sửa", head.id, area_id=west, birth_date="1970-03-12", gender="nam")
    shown = []
    monkeypatch.setattr(history.HistoryDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    window.navigate("teams", 1)
    page = window.current_list()
    page.select_id(head.id)
    page.show_history()
    table = shown[0].table
    assert table.item(0, 3).text() == "Người: Phạm Văn Đạt"
    change = table.item(0, 4).text()
    assert "địa bàn: Thôn Đông → Thôn Đoài" in change
    assert "ngày sinh: — → 12/03/1970" in change and "giới tính: — → nam" in change
    assert not any(word in change for word in RAW), change

    # an export, and how the log tells it
    from operations import exchange

    window.context.run(exchange.export, None, tmp_path / "goi.byx", allow_unencrypted=True)
    log = window.navigate("audit")
    log.actor.setCurrentIndex(0)
    log.action.setCurrentIndex(log.action.findData("export_package"))
    qtbot.waitUntil(lambda: log.table.rowCount() == 1 and log.table.item(0, 4) is not None, timeout=5000)
    assert log.table.item(0, 3).text() == "Gói đã xuất"
    text = log.table.item(0, 4).text()
    assert text.startswith(f"gói số: 1; kỳ: năm {date.today().year}; số hồ sơ: ")
    assert "Địa bàn 2" in text and "mã hóa: không" in text
    assert "danh sách cư dân có tên: không (chỉ gửi số lượng)" in text
    assert not any(word in text for word in RAW), text
    log.action.setCurrentIndex(log.action.findData("update"))
    qtbot.waitUntil(lambda: log.table.rowCount() >= 1 and log.table.item(0, 3) is not None, timeout=5000)
    assert log.table.item(0, 3).text() == "Người: Phạm Văn Đạt"
    assert db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'export_package' AND actor = ?",
                           (ACTOR,)).fetchone()[0] == 1



def test_entries_that_are_not_records_are_told_in_words(db, world):
    from storage.query.audit_words import Describer
    from storage.records import audit

    entries = [
        ("create_account", "accounts", "an", None, {"role": "officer"}),
        ("print", "pledges", None, None, {"pledges": 1250}),
        ("restore_backup", None, None, None, {"file": "sao-luu.sqlite", "safety_copy": "truoc.sqlite"}),
        ("import_package", "packages", "u-1", None, {"station": "Công an xã Thanh Lâm", "sequence": 3,
                                                      "period": "2026-Q3",
                                                      "tables": {"people": {"new": 1200, "updated": 2},
                                                                 "tips": {"new": 0}}}),
        ("update", "settings", "print_margins", {"value": {"top": 20}}, {"value": {"top": 25}}),
    ]
    for action, table, uuid, before, after in entries:
        audit.append(db, ACTOR, action, table, uuid, before, after)
    words = Describer(db)
    told = [(words.subject(e), words.changes(e)) for e in reversed(audit.entries(db, limit=len(entries)))]
    assert told == [
        ("Tài khoản: an", "vai trò: cán bộ"),
        ("Bản cam kết", "số bản cam kết: 1.250"),
        ("", "tệp: sao-luu.sqlite; bản an toàn trước khi khôi phục: truoc.sqlite"),
        ("Gói đã nhập: Công an xã Thanh Lâm", "đơn vị: Công an xã Thanh Lâm; gói số: 3; kỳ: quý III năm 2026; "
                                              "hồ sơ: Người: mới 1.200, cập nhật 2; Tin báo: không đổi"),
        ("Cài đặt: lề trang in", "giá trị: lề trên: 20 → lề trên: 25"),
    ]
