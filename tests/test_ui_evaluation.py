"""The evaluation pages driven like a person: register and judge a subject, see the
commune's result change, the households missing a pledge, organisations added through
the form, teams graded (and a refused grade explained), the Tổ bảo vệ ANTT file, and the
calendar with what is still to do."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from operations import evaluation as ops
from operations.base import Actor
from storage.records import evaluation as ev
from storage.records.areas import areas
from storage.records.households import households
from storage.records.people import people
from storage.records.pledges import pledges
from storage.records.teams import memberships, teams
from tests.ui_helpers import type_text
from ui.grading_model import view_rows

ACTOR = "cán bộ kiểm thử"
YEAR = date.today().year


@pytest.fixture
def station(db):
    dong = areas.create(db, ACTOR, name="Thôn Đông", kind="village")
    for name, signed in (("Nguyễn Văn An", True), ("Trần Văn Bình", False)):
        person = people.create(db, ACTOR, full_name=name, gender="male", birth_year=1970, area_id=dong.id)
        household = households.create(db, ACTOR, head_id=person.id, area_id=dong.id)
        if signed:
            pledges.create(db, ACTOR, household_id=household.id, status="signed", signed_on=f"{YEAR}-03-01")
    ev.organisations.create(db, ACTOR, name="UBND xã Thanh Lâm", kind="agency", category="state_agency")
    return dong


def _page(window, key):
    page = window.navigate(key)
    assert window.stack.currentWidget() is page
    return page


def _rows(view, columns=None):
    if not hasattr(view, "item"):  # a table over a model (ui.grading_model)
        return [[row[c] for c in columns] if columns is not None else row for row in view_rows(view)]
    columns = range(view.columnCount()) if columns is None else columns
    return [[view.item(r, c).text() if view.item(r, c) else "" for c in columns] for r in range(view.rowCount())]


def test_register_and_judge_an_area_and_see_why_it_fails(window, station, qtbot, monkeypatch):
    page = _page(window, "evaluation")
    assert page.year.value() == YEAR
    assert _rows(page.subjects, range(6)) == [
        ["Thôn Đông", "Khu dân cư", "", "0/5", "chưa đăng ký", "1/2"],
        ["UBND xã Thanh Lâm", "Cơ quan", "", "0/5", "chưa đăng ký", ""]]
    assert "0/2 đối tượng đăng ký" in page.commune_label.text()

    def fill_dialog(dialog):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.mouseClick(dialog.registered, Qt.MouseButton.LeftButton,
                         pos=QPoint(8, dialog.registered.height() // 2))
        type_text(qtbot, dialog.resolution_number, "01-NQ/CB")
        for box in dialog.met_boxes.values():
            box.setCurrentIndex(box.findText("Đạt"))
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr("ui.pages.evaluation.EntryDialog.exec", fill_dialog)
    page.subjects.selectRow(0)
    dialog = page.open_entry("area", "Thôn Đông", {"area_id": station.id})
    assert dialog.result() == dialog.DialogCode.Accepted
    entry = ev.entry_for(window.context.db, year=YEAR, area_id=station.id)
    assert (entry.registered, entry.resolution_number) == (1, "01-NQ/CB")
    assert [m["met"] for m in entry.marks] == [1, 1, 1, 1]
    assert _rows(page.subjects, range(6))[0] == ["Thôn Đông", "Khu dân cư", "Có", "4/5", "Chưa đạt", "1/2"]
    page.subjects.selectRow(0)
    assert page.blocking.text() == f"Chưa đạt vì: 1 hộ chưa ký cam kết năm {YEAR}."

    shown = []
    monkeypatch.setattr("PySide6.QtWidgets.QDialog.exec", lambda d: shown.append(d) or 0)
    page.unpledged_button.click()
    assert _rows(page.unpledged_dialog.findChildren(type(page.subjects))[0]) == [["Trần Văn Bình", ""]]


def test_a_refused_decision_is_explained(window, station, qtbot, monkeypatch):
    page = _page(window, "evaluation")
    errors = []
    monkeypatch.setattr("ui.pages.evaluation_common.show_error", lambda parent, error: errors.append(str(error)))

    def decide(dialog):
        qtbot.addWidget(dialog)
        type_text(qtbot, dialog.decision_number, "12/QĐ-UBND")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr("ui.pages.evaluation.EntryDialog.exec", decide)
    dialog = page.open_entry("area", "Thôn Đông", {"area_id": station.id})
    assert dialog.result() == 0
    assert errors == [f"Chưa thể ghi quyết định công nhận: chưa đăng ký phấn đấu; chưa có nghị quyết của chi bộ; "
                      f"1 hộ chưa ký cam kết năm {YEAR}."]
    assert ev.entry_for(window.context.db, year=YEAR, area_id=station.id) is None


def test_add_a_school_through_the_form(window, station, qtbot, monkeypatch):
    page = _page(window, "organisations")

    def fill_form(form):
        qtbot.addWidget(form)
        form.show()
        widgets = {field.name: field.widget for field in form.fields}
        type_text(qtbot, widgets["name"], "Trường Tiểu học Thanh Lâm")
        widgets["kind"].setCurrentIndex(widgets["kind"].findData("school"))
        widgets["category"].setCurrentIndex(widgets["category"].findData("primary"))
        form.save()
        return form.result()

    monkeypatch.setattr("ui.record_form.RecordForm.exec", fill_form)
    page.new_record()
    assert _rows(page.view, [0, 1, 2, 6]) == [
        ["UBND xã Thanh Lâm", "Cơ quan", "Cơ quan nhà nước, đơn vị sự nghiệp công lập", "Có"],
        ["Trường Tiểu học Thanh Lâm", "Cơ sở giáo dục", "Trường tiểu học", "Không (TT 124 Điều 1)"]]
    assert page.count.text() == "2 đơn vị, 1 thuộc diện xét công nhận"
    school = ev.organisations.list(window.context.db, "kind = 'school'")[0]
    assert (school.name, school.category, school.excluded) == ("Trường Tiểu học Thanh Lâm", "primary", True)
    # the evaluation page lists the agency only
    evaluation = _page(window, "evaluation")
    assert [r[0] for r in _rows(evaluation.subjects, [0])] == ["Thôn Đông", "UBND xã Thanh Lâm"]


def test_grade_teams_and_a_refused_excellent(window, station, qtbot, monkeypatch):
    db = window.context.db
    old = teams.create(db, ACTOR, name="Tổ tự quản số 1", kind="self_defense", launched_on="2020-01-01",
                       area_ids=[station.id])
    teams.create(db, ACTOR, name="Tổ tự quản số 2", kind="self_defense", launched_on=f"{YEAR}-10-01",
                 area_ids=[station.id])
    window.context.notify("teams")
    page = _page(window, "grading")
    assert _rows(page.teams, [0, 2]) == [["Tổ tự quản số 1", "Có"],
                                         ["Tổ tự quản số 2", "Không: hoạt động dưới 9 tháng"]]
    model = page.teams.model()
    assert not model.flags(model.index(1, 3)) & Qt.ItemFlag.ItemIsEnabled  # under nine months: no level
    errors = []
    monkeypatch.setattr("ui.pages.evaluation_common.show_error", lambda parent, error: errors.append(str(error)))
    assert not model.setData(model.index(0, 3), "excellent")
    assert errors == ["Chưa đủ điều kiện “Hoàn thành xuất sắc nhiệm vụ”: cần hoàn thành trên 95% nhiệm vụ "
                      "được giao, sinh hoạt định kỳ."]
    assert ev.team_gradings.count(db) == 0
    assert _rows(page.teams, [3])[0] == ["Chưa xếp loại"]
    assert model.setData(model.index(0, 3), "good")
    grading = ev.team_gradings.list(db)
    assert [(g.team_id, g.year, g.level) for g in grading] == [(old.id, YEAR, "good")]
    qtbot.waitUntil(lambda: _rows(page.teams, [0, 3])[0] == ["Tổ tự quản số 1", "Hoàn thành tốt nhiệm vụ"])
    assert page.team_grades() == [{"team_id": old.id, "level": "good", "tasks_percent": 0, "regular_meetings": False,
                                   "member_breach": False, "under_complaint": False}]


def test_security_member_file_and_allowances(window, station, qtbot, monkeypatch):
    db = window.context.db
    team = teams.create(db, ACTOR, name="Tổ bảo vệ ANTT Đông", kind="order_protection", launched_on="2024-07-01",
                        area_ids=[station.id])
    person = people.create(db, ACTOR, full_name="Lê Văn Tâm", gender="male", birth_date="1980-02-02",
                           area_id=station.id)
    member = memberships.create(db, ACTOR, person_id=person.id, team_id=team.id, role="leader",
                                start_on="2024-07-01")
    page = _page(window, "grading")
    page.tabs.setCurrentIndex(1)
    assert _rows(page.roster, [0, 1, 2])[0] == ["Tổ bảo vệ ANTT Đông", "Lê Văn Tâm", "tổ trưởng"]
    assert page.sizes.text() == ("Số thành viên mỗi tổ: 3; Thôn từ 350 hộ: 4; Tổ dân phố từ 500 hộ: 4. Mặc định của "
                                 "chương trình, chưa theo Nghị quyết của Hội đồng nhân dân tỉnh; hãy sửa theo Nghị quyết "
                                 "của tỉnh mình. Tổ còn thiếu người: Tổ bảo vệ ANTT Đông có 1, cần 3.")
    assert _rows(page.roster, [4])[0][0] == ("Đơn đăng ký tham gia (Mẫu số 01); Sơ yếu lý lịch; Giấy chứng nhận "
                                             "đủ sức khỏe; Bản sao văn bằng, chứng chỉ học vấn")

    def fill_file(dialog):
        qtbot.addWidget(dialog)
        dialog.education.setCurrentIndex(dialog.education.findData("upper_secondary"))
        type_text(qtbot, dialog.resident_since.edit, "01011990")
        for box in (dialog.health_ok, dialog.clean_record, *dialog.files.values()):
            box.setChecked(True)
        type_text(qtbot, dialog.decision_number, "15/QĐ-UBND")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr("ui.pages.evaluation_grading.SecurityFileDialog.exec", fill_file)
    page.roster.selectRow(0)
    page.edit_file()
    saved = ev.security_members.list(db, "membership_id = ?", [member.id])[0]
    assert (saved.education, saved.resident_since, saved.file_cv, saved.decision_number) == \
        ("upper_secondary", "1990-01-01", 1, "15/QĐ-UBND")
    assert _rows(page.roster, [3, 4, 5])[0] == ["Đủ điều kiện", "Đủ hồ sơ", "15/QĐ-UBND"]
    assert _rows(page.allowance)[0] == ["Lê Văn Tâm", "Tổ bảo vệ ANTT Đông", "tổ trưởng", "2.340.000 đ"]
    assert page.allowance_total.text().startswith(f"Tổng tháng {page.month.value()}/{YEAR}: 2.340.000 đ (1 người).")


def test_calendar_lists_the_year_and_what_is_left(window, station, qtbot):
    page = _page(window, "calendar")
    rows = _rows(page.calendar)
    assert rows[0] == [f"31/03/{YEAR}", "Hết quý I: nghị quyết, kế hoạch, đăng ký phấn đấu “An toàn về ANTT” "
                       "của mọi đối tượng", "Xã chưa đăng ký phấn đấu đạt tiêu chuẩn “An toàn về ANTT”\n"
                       "1 địa bàn chưa đăng ký\n1 cơ quan, doanh nghiệp, cơ sở giáo dục chưa đăng ký"]
    assert [r[0] for r in rows] == [f"{d}/{YEAR}" for d in ("31/03", "16/06", "30/06", "19/08", "31/10", "14/11",
                                                          "15/11", "20/11", "30/11", "31/12")]
    # the rows on screen fit their lines (three for the first date), a one-line row stays one line high
    spacing = page.calendar.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: page.calendar.rowHeight(0) >= 3 * spacing, timeout=3000)
    assert page.calendar.rowHeight(rows.index(next(r for r in rows if "\n" not in r[2]))) < 2 * spacing + 8
    # what is left shows in red once its date has passed, "Xong" in green
    colors = [page.calendar.model().index(r, 2).data(Qt.ItemDataRole.ForegroundRole) for r in range(len(rows))]
    overdue = date.today().isoformat() > f"{YEAR}-03-31"
    assert (colors[0].color().name() if colors[0] is not None else None) == ("#b3261e" if overdue else None)
    assert [rows[r][2] for r, c in enumerate(colors) if c is not None and c.color().name() == "#1a7f37"] == \
        [row[2] for row in rows if row[2] == "Xong"]
    assert rows[4][2] == "1 hộ ở thôn Đông chưa ký cam kết"
    assert rows[1][2] == "Xong"
    ops.save_event(window.context.db, Actor(ACTOR, "officer"),
                   {"kind": "festival", "area_id": station.id, "held_on": f"{YEAR}-08-19",
                    "place": "Nhà văn hóa thôn Đông", "participants": 320})
    window.context.notify("movement_events")
    assert _rows(page.events) == [[f"19/08/{YEAR}", "Ngày hội toàn dân bảo vệ an ninh Tổ quốc", "Thôn Đông",
                                   "Nhà văn hóa thôn Đông", "320", ""]]
    assert page.events_label.text() == "1 hoạt động, 320 lượt người"
    assert _rows(page.calendar)[3][2] == "Xong"
    QApplication.processEvents()


def test_overview_reminds_what_is_due(window, station, monkeypatch):
    monkeypatch.setattr("storage.clock.today", lambda: date(YEAR, 3, 20))
    overview = _page(window, "overview")
    overview.refresh()
    text = overview.reminders_label.text()
    assert overview.reminders_label.isVisibleTo(overview)
    assert ("<b>31/03</b> Hết quý I: nghị quyết, kế hoạch, đăng ký phấn đấu “An toàn về ANTT” của mọi đối tượng: "
            "Xã chưa đăng ký phấn đấu đạt tiêu chuẩn “An toàn về ANTT”; 1 địa bàn chưa đăng ký; 1 cơ quan, "
            "doanh nghiệp, cơ sở giáo dục chưa đăng ký") in text
    overview.reminders_label.linkActivated.emit("calendar")
    assert window.stack.currentWidget() is window.page("calendar")


def test_print_buttons_write_the_pdf_and_open_it(window, station, tmp_path, monkeypatch):
    from pypdf import PdfReader

    opened = []
    monkeypatch.setattr("ui.system.open_file", lambda path: opened.append(str(path)) or True)
    target = tmp_path / "to-trinh"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *args, **kwargs: (str(target), "Tệp PDF (*.pdf)"))
    page = _page(window, "evaluation")
    page.proposal_button.click()
    assert opened == [str(target) + ".pdf"]
    text = " ".join(p.extract_text() for p in PdfReader(opened[0]).pages)
    assert "TỜ TRÌNH" in text and "Thôn Đông" in text
    grading = _page(window, "grading")
    target = tmp_path / "bang-ke.pdf"
    # on the program's default rates (another province's) the sheet is refused, nothing written
    errors = []
    monkeypatch.setattr("ui.pages.evaluation_common.show_error", lambda parent, error: errors.append(str(error)))
    grading.print_allowance.click()
    assert errors == ["Mức hỗ trợ Tổ bảo vệ an ninh, trật tự vẫn là mức mặc định của chương trình, chưa phải mức "
                      "Hội đồng nhân dân tỉnh quyết định; hãy nhập mức và căn cứ (số Nghị quyết) ở Đánh giá năm → "
                      "Quy định của tỉnh… rồi in bảng kê."]
    assert not target.exists() and len(opened) == 1
    ops.set_evaluation_setting(window.context.db, Actor(ACTOR, "admin"), "security_allowance",
                               {"leader": 2_340_000, "deputy": 1_638_000, "member": 1_170_000,
                                "source": "Nghị quyết số 15/2024/NQ-HĐND của Hội đồng nhân dân tỉnh Ninh Bình"})
    grading.print_allowance.click()
    assert opened[-1] == str(target) and "BẢNG KÊ" in PdfReader(str(target)).pages[0].extract_text()


def test_province_rules_are_settings_an_administrator_saves(window, station, qtbot, monkeypatch):
    page = _page(window, "evaluation")

    def change(dialog):
        qtbot.addWidget(dialog)
        assert dialog.windows["area"].text() == "01/11" and dialog.windows["team_grading"].text() == "15/11"
        assert [b.value() for b in dialog.thresholds.values()] == [90, 70, 50]
        assert dialog.allowance["leader"].value() == 2_340_000
        dialog.thresholds["excellent"].setValue(95)
        dialog.allowance["leader"].setValue(6_500_000)
        dialog.allowance_source.setText("Nghị quyết của HĐND TP. Hồ Chí Minh")
        dialog.windows["area"].setText("15/12")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr("ui.pages.evaluation_rules.RulesDialog.exec", change)
    dialog = page.edit_rules()
    assert dialog.result() == dialog.DialogCode.Accepted
    db = window.context.db
    assert ev.setting(db, "evaluation_thresholds")[0] == {"code": "excellent", "min": 95}
    assert ev.setting(db, "security_allowance") == {"leader": 6_500_000, "deputy": 1_638_000, "member": 1_170_000,
                                                    "source": "Nghị quyết của HĐND TP. Hồ Chí Minh"}
    assert ev.window(db, "area", 2026) == (date(2025, 12, 15), date(2026, 12, 14))


def test_link_teams_to_a_model(window, station, monkeypatch):
    from storage.records.models import models

    db = window.context.db
    model = models.create(db, ACTOR, name="Camera an ninh", launched_on="2024-05-01", area_ids=[station.id])
    first = teams.create(db, ACTOR, name="Tổ tự quản Đông", kind="self_defense", area_ids=[station.id])
    teams.create(db, ACTOR, name="Tổ hòa giải Đông", kind="mediation", area_ids=[station.id])
    page = _page(window, "evaluation")

    def tick(dialog):
        names = [dialog.teams.item(r).text() for r in range(dialog.teams.count())]
        assert dialog.model.currentText() == "Camera an ninh"
        dialog.teams.item(names.index("Tổ tự quản Đông")).setCheckState(Qt.CheckState.Checked)
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
        return 0

    monkeypatch.setattr("ui.pages.evaluation_models.ModelTeamsDialog.exec", tick)
    page.models_button.click()
    assert ev.model_team_ids(db, model.id) == [first.id]
