"""Qt's own widgets speak Vietnamese: the project's qt_vi.ts, compiled with
pyside6-lrelease and loaded at start; tr() uses the context pyside6-lupdate extracts."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QToolButton,
)

from ui import i18n

TRANSLATED = {"Đăng nhập": "Sign in", "Tên đăng nhập": "Username"}
MENU = ["Hoàn tác", "Làm lại", "", "Cắt", "Sao chép", "Dán", "Xóa", "", "Chọn tất cả"]


def shown(text: str) -> str:
    """An action's text as a person reads it: no mnemonic '&', no shortcut after the tab."""
    return text.split("\t")[0].replace("&", "")


@pytest.fixture
def vietnamese(qapp):
    """The app's translation and locale for one test, taken away after it (other tests
    in the same process keep Qt's defaults)."""
    locale = QLocale()
    assert i18n.install_translations(qapp)
    yield qapp
    qapp.removeTranslator(qapp._binhyen_translator)
    qapp._binhyen_translator = None
    QLocale.setDefault(locale)


def test_line_edit_context_menu_is_vietnamese(vietnamese, qtbot):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.setText("Nguyễn Văn An")
    menu = edit.createStandardContextMenu()
    assert [shown(action.text()) for action in menu.actions()] == MENU
    assert menu.actions()[0].text().startswith("&Hoàn tác")


def test_plain_text_context_menu_is_vietnamese(vietnamese, qtbot):
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    edit.setPlainText("Ghi chú")
    assert [shown(a.text()) for a in edit.createStandardContextMenu().actions()] == MENU


def test_standard_buttons_are_vietnamese_without_help(vietnamese, qtbot):
    Std = QDialogButtonBox.StandardButton
    box = QDialogButtonBox(Std.Ok | Std.Cancel | Std.Yes | Std.No | Std.Save | Std.Close | Std.Apply
                           | Std.Retry | Std.Help)
    qtbot.addWidget(box)
    texts = {standard: shown(box.button(standard).text()) for standard in
             (Std.Ok, Std.Cancel, Std.Yes, Std.No, Std.Save, Std.Close, Std.Apply, Std.Retry, Std.Help)}
    assert texts == {Std.Ok: "Đồng ý", Std.Cancel: "Hủy", Std.Yes: "Có", Std.No: "Không",
                     Std.Save: "Lưu", Std.Close: "Đóng", Std.Apply: "Áp dụng", Std.Retry: "Thử lại",
                     Std.Help: "Trợ giúp"}


def test_message_box_buttons_and_details_are_vietnamese(vietnamese, qtbot):
    box = QMessageBox(QMessageBox.Icon.Question, "Hỏi", "Xóa hồ sơ?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    box.setDetailedText("Chi tiết")
    box.show()
    texts = sorted(shown(button.text()) for button in box.buttons())
    assert texts == ["Có", "Không", "Xem chi tiết…"]


def test_calendar_speaks_vietnamese(vietnamese, qtbot):
    calendar = QCalendarWidget()
    qtbot.addWidget(calendar)
    calendar.setCurrentPage(2026, 3)
    months = [b.text() for b in calendar.findChildren(QToolButton) if b.text()]
    assert QLocale().standaloneMonthName(3) in months
    assert "3" in QLocale().standaloneMonthName(3) and "tháng" in QLocale().standaloneMonthName(3).lower()


def test_every_translated_text_is_one_qt_uses():
    """A misspelt source text or context would silently never apply: each one must be
    known to Qt's own translations shipped with PySide6."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    shipped = []
    for language in ("de", "fr", "ja"):
        translator = QTranslator()
        assert translator.load(f"qtbase_{language}", folder)
        shipped.append(translator)
    unknown = []
    for context in ET.parse(i18n.QT_TS).getroot().iter("context"):
        name = context.findtext("name")
        if name == "QAbstractFileIconProvider":  # Qt 6 only: no shipped translation has it yet
            continue
        for message in context.iter("message"):
            source = message.findtext("source")
            if not any(t.translate(name, source) for t in shipped):
                unknown.append((name, source))
            assert message.findtext("translation"), (name, source)
    assert unknown == []


def test_missing_qm_is_compiled_on_the_fly(tmp_path):
    ts = tmp_path / "qt_vi.ts"
    shutil.copy(i18n.QT_TS, ts)
    qm = tmp_path / "qt_vi.qm"
    assert i18n.compiled_translation(ts, qm) == qm
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("QLineEdit", "Select All") == "Chọn tất cả"


def test_without_lrelease_the_app_carries_on(tmp_path, monkeypatch):
    ts = tmp_path / "qt_vi.ts"
    shutil.copy(i18n.QT_TS, ts)
    monkeypatch.setattr(i18n, "lrelease", lambda: None)
    assert i18n.compiled_translation(ts, tmp_path / "qt_vi.qm") is None
    assert not (tmp_path / "qt_vi.qm").exists()


def test_tr_uses_the_context_lupdate_extracts(qapp, qtbot, tmp_path):
    """lupdate's .ts of a real module, translated and compiled, changes what tr() returns
    and what the login dialog shows: the contexts agree."""
    from ui.login import LoginDialog

    ts = tmp_path / "login.ts"
    subprocess.run([i18n.lrelease().replace("lrelease", "lupdate"), str(i18n.TRANSLATIONS.parent.parent
                    / "ui" / "login.py"), "-ts", str(ts)], check=True, capture_output=True)
    root = ET.parse(ts)
    contexts = {c.findtext("name") or "" for c in root.getroot().iter("context")}
    assert contexts == {i18n.CONTEXT}
    for message in root.getroot().iter("message"):
        if message.findtext("source") in TRANSLATED:
            translation = message.find("translation")
            translation.text = TRANSLATED[message.findtext("source")]
            translation.attrib.clear()
    root.write(ts, encoding="utf-8")
    qm = tmp_path / "login.qm"
    subprocess.run([i18n.lrelease(), str(ts), "-qm", str(qm)], check=True, capture_output=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    qapp.installTranslator(translator)
    try:
        assert i18n.tr("Đăng nhập") == "Sign in"
        dialog = LoginDialog(None, "Công an xã Thanh Lâm")  # no database needed to show it
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "Sign in"
        labels = [dialog.form.labelForField(w).text() for w in (dialog.username, dialog.password)]
        assert labels == ["Username", "Mật khẩu"]
    finally:
        qapp.removeTranslator(translator)
    assert i18n.tr("Đăng nhập") == "Đăng nhập"


def test_qt_file_dialog_speaks_vietnamese(vietnamese, qtbot, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton

    dialog = QFileDialog(None, "Lưu tệp PDF", str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    tips = {b.objectName(): b.toolTip() for b in dialog.findChildren(QToolButton)}
    assert tips == {"backButton": "Lùi", "forwardButton": "Tiến", "toParentButton": "Thư mục cha",
                    "newFolderButton": "Tạo thư mục mới", "listModeButton": "Danh sách",
                    "detailModeButton": "Chi tiết"}
    assert [shown(label.text()) for label in dialog.findChildren(QLabel) if label.text()] == [
        "Thư mục:", "Tên tệp:", "Loại tệp:"]
    assert sorted(shown(b.text()) for b in dialog.findChildren(QPushButton)) == ["Hủy", "Lưu"]


def test_qt_file_dialog_has_room_for_its_names(vietnamese, qtbot, tmp_path):
    """It opened at 624×408 with "Máy tính" shown as "Má…" and its column headings cut."""
    from PySide6.QtWidgets import QFileDialog, QListView, QSplitter, QTreeView

    (tmp_path / "bao-cao-nam-2026.pdf").write_bytes(b"%PDF-1.4\n")
    dialog = QFileDialog(None, "Lưu tệp PDF", str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    i18n.roomy(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    room = dialog.screen().availableGeometry()
    assert dialog.width() >= min(960, room.width() - 60) and dialog.height() >= min(600, room.height() - 60)
    places = dialog.findChild(QListView, "sidebar")
    metrics = places.fontMetrics()
    widest = max(metrics.horizontalAdvance(places.model().index(row, 0).data())
                 for row in range(places.model().rowCount()))
    assert places.viewport().width() >= widest + places.iconSize().width() + 8
    header = dialog.findChild(QTreeView, "treeView").header()
    qtbot.waitUntil(lambda: header.sectionSize(1) > 0)
    for column in range(header.count()):
        heading = header.model().headerData(column, header.orientation())
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(heading), heading
    assert dialog.findChild(QSplitter, "splitter").sizes()[0] >= 150
