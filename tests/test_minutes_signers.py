"""Issue 10: who chairs a review and who takes its minutes, as name plus position (chức
vụ), from the database column to the form and the printed biên bản; a mediation case's
place (địa điểm hòa giải) printed in its minutes."""

from __future__ import annotations

import io
import sqlite3
import unicodedata

import pytest
from pypdf import PdfReader

from operations.base import ADMIN, Actor
from printing.render import render
from storage.db import migrations
from storage.db.connection import open_database
from storage.db.migrations import MIGRATIONS
from storage.documents import gather as printouts
from storage.errors import ValidationError
from storage.records.mediation import MEDIATOR, PARTY, mediation_cases
from storage.records.reviews import reviews
from tests.conftest import ACTOR
from tests.ui_helpers import type_text


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(unicodedata.normalize("NFC", page.extract_text()).split()) for page in reader.pages)


def minutes_text(db, review_id: int) -> str:
    return pdf_text(render(printouts.gather(db, ACTOR, "minutes", review_id=review_id).data).data)


def new_review(db, **values):
    base = dict(kind="sơ kết", title="Hội nghị sơ kết 6 tháng đầu năm 2026", period_start="2026-01-01",
                period_end="2026-06-30", started_at="2026-07-05 08:00", ended_at="2026-07-05 11:00",
                place="Hội trường UBND xã")
    return reviews.create(db, ACTOR, **{**base, **values})


def test_the_upgrade_adds_the_positions_and_keeps_what_was_typed(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    # The file as version 10 left it: no positions, no place (later migrations follow 11).
    monkeypatch.setattr(migrations, "MIGRATIONS", [m for m in MIGRATIONS if m[0] <= 10])
    monkeypatch.setattr(migrations, "LATEST", 10)
    open_database(path).close()
    monkeypatch.undo()
    conn = sqlite3.connect(path)
    assert "chair_position" not in [r[1] for r in conn.execute("PRAGMA table_info(reviews)")]
    conn.execute("INSERT INTO reviews (uuid, created_at, updated_at, version, kind, period_start, period_end, "
                 "chair, secretary) VALUES ('00000000-0000-0000-0000-000000000001', '2026-01-01', '2026-01-01', 1, "
                 "'review', '2026-01-01', '2026-06-30', 'Đỗ Văn Chính, Trưởng Công an xã', 'Lý Thị Thư')")
    conn.commit()
    conn.close()
    db = open_database(path)
    assert migrations.current_version(db) == migrations.LATEST
    assert db.conn.execute("SELECT name FROM schema_migrations WHERE version = 11").fetchone()[0] == \
        "m0011_signers_and_places"
    row = db.conn.execute("SELECT chair, chair_position, secretary, secretary_position FROM reviews").fetchone()
    assert tuple(row) == ("Đỗ Văn Chính, Trưởng Công an xã", None, "Lý Thị Thư", None)
    assert "place" in db["mediation_cases"].columns_dict
    db.close()


def test_names_and_positions_are_stored_in_their_own_columns(db):
    review = new_review(db, chair="Ông Đỗ Văn Chính", chair_position="Trưởng Công an xã Thanh Lâm",
                        secretary="Lý Thị Thư", secretary_position="Cán bộ Công an xã")
    row = db.conn.execute("SELECT chair, chair_position, secretary, secretary_position FROM reviews WHERE id = ?",
                          [review.id]).fetchone()
    # "Ông/Bà" is printed by the minutes themselves: a courtesy title typed before the name is not kept.
    assert tuple(row) == ("Đỗ Văn Chính", "Trưởng Công an xã Thanh Lâm", "Lý Thị Thư", "Cán bộ Công an xã")


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"chair_position": "Trưởng Công an xã"}, "chair", "Đã ghi chức vụ người chủ trì, hãy ghi cả họ tên."),
    ({"secretary_position": "Cán bộ"}, "secretary", "Đã ghi chức vụ thư ký, hãy ghi cả họ tên."),
    ({"chair": "Đỗ Văn Chính\nTrưởng Công an"}, "chair",
     "Họ tên người chủ trì chỉ ghi trên một dòng; chức vụ ghi ở ô “Chức vụ”."),
    ({"chair": "A" * 201}, "chair", "Họ tên người chủ trì dài quá 200 ký tự, hãy viết ngắn lại."),
    ({"secretary": "Lý Thị Thư", "secretary_position": "B" * 201}, "secretary_position",
     "Chức vụ thư ký dài quá 200 ký tự, hãy viết ngắn lại."),
])
def test_a_position_without_a_name_or_an_overlong_one_is_refused(db, values, field, message):
    with pytest.raises(ValidationError) as caught:
        new_review(db, **values)
    assert caught.value.errors[field] == message
    assert db["reviews"].count == 0


def test_the_minutes_print_names_with_positions_and_both_signatures(db):
    review = new_review(db, chair="Đỗ Văn Chính", chair_position="Trưởng Công an xã Thanh Lâm",
                        secretary="Lý Thị Thư", secretary_position="Cán bộ Công an xã")
    text = minutes_text(db, review.id)
    assert "Chủ trì: Ông/Bà Đỗ Văn Chính — chức vụ: Trưởng Công an xã Thanh Lâm" in text
    assert "Thư ký: Ông/Bà Lý Thị Thư — chức vụ: Cán bộ Công an xã" in text
    signatures = text[text.rindex("THƯ KÝ"):]
    assert "CHỦ TRÌ" in signatures
    for words in ("Cán bộ Công an xã", "Lý Thị Thư", "Trưởng Công an xã Thanh Lâm", "Đỗ Văn Chính"):
        assert words in signatures, words


def test_missing_names_or_positions_are_left_to_fill_in(db):
    review = new_review(db, chair="Đỗ Văn Chính")
    text = minutes_text(db, review.id)
    assert "Chủ trì: Ông/Bà Đỗ Văn Chính — chức vụ: ……" in text
    assert "Thư ký: Ông/Bà ……" in text


def test_the_review_form_has_the_four_fields_and_saves_them(db, qtbot):
    from ui.pages.reviews import review_fields
    from ui.record_form import RecordForm

    form = RecordForm(None, db, Actor(ACTOR, ADMIN), reviews, review_fields(None), "Thêm cuộc sơ kết")
    qtbot.addWidget(form)
    form.show()
    for name, label in (("chair", "Chủ trì (họ tên)"), ("chair_position", "Chức vụ người chủ trì"),
                        ("secretary", "Thư ký (họ tên)"), ("secretary_position", "Chức vụ thư ký")):
        assert form.field(name).label == label
    form.field("period_start").set("2026-01-01")
    form.field("period_end").set("2026-06-30")
    form.field("chair_position").widget.setText("Trưởng Công an xã Thanh Lâm")
    form.save()
    assert form.result() == 0
    assert form.errors["chair"].text() == "Đã ghi chức vụ người chủ trì, hãy ghi cả họ tên."
    assert db["reviews"].count == 0
    type_text(qtbot, form.field("chair").widget, "Đỗ Văn Chính")
    type_text(qtbot, form.field("secretary").widget, "Lý Thị Thư")
    type_text(qtbot, form.field("secretary_position").widget, "Cán bộ Công an xã")
    form.save()
    assert form.result() == 1
    row = db.conn.execute("SELECT chair, chair_position, secretary, secretary_position FROM reviews").fetchone()
    assert tuple(row) == ("Đỗ Văn Chính", "Trưởng Công an xã Thanh Lâm", "Lý Thị Thư", "Cán bộ Công an xã")
    again = RecordForm(None, db, Actor(ACTOR, ADMIN), reviews, review_fields(None), "Sửa", record_id=form.saved_id)
    qtbot.addWidget(again)
    assert again.field("chair_position").widget.text() == "Trưởng Công an xã Thanh Lâm"
    assert again.field("secretary").widget.text() == "Lý Thị Thư"


def _case(db, **values):
    people = [{"role": PARTY, "name": "Trần Văn Nam"}, {"role": PARTY, "name": "Đỗ Thị Lan"},
              {"role": MEDIATOR, "name": "Hoàng Văn Hòa"}]
    return mediation_cases.create(db, ACTOR, received_on="2026-04-01", category="Đất đai",
                                  content="Tranh chấp lối đi chung", people=people, result="thành",
                                  result_on="2026-04-05", agreement="Mở lối đi rộng 2 m", **values)


def test_a_mediation_case_has_a_place_printed_in_its_minutes(db):
    case = _case(db, place="Nhà văn hóa thôn Đông",
                 sessions=[{"held_on": "2026-04-03", "place": "Nhà ông Nam"}])
    assert db.conn.execute("SELECT place FROM mediation_cases WHERE id = ?", [case.id]).fetchone()[0] == \
        "Nhà văn hóa thôn Đông"
    text = pdf_text(render(printouts.gather(db, ACTOR, "mediation", case_id=case.id).data).data)
    assert "tại Nhà văn hóa thôn Đông, Tổ hòa giải tiến hành hòa giải vụ việc" in text
    # Without it, the last session's place, as before; with neither, a line to fill in.
    other = _case(db, sessions=[{"held_on": "2026-04-03", "place": "Nhà ông Nam"}])
    text = pdf_text(render(printouts.gather(db, ACTOR, "mediation", case_id=other.id).data).data)
    assert "tại Nhà ông Nam, Tổ hòa giải" in text
    with pytest.raises(ValidationError, match="Địa điểm hòa giải dài quá 500 ký tự"):
        _case(db, place="x" * 501)


def test_the_mediation_form_has_the_place(db, qtbot):
    from ui.pages.mediation import case_fields

    assert any(field.name == "place" and field.label == "Địa điểm hòa giải" for field in case_fields(None))
