"""What a demo commune prints, read back with pypdf: the minutes' chủ trì and thư ký are
people with their positions, the unit's own level word (xã, phường, đặc khu) in lower case
mid-sentence, and a giấy mời dated before the meeting it invites to."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from printing.evaluation_sheets import render_score_sheet
from printing.render import render
from storage import demo
from storage.documents import evaluation_gather
from storage.documents import gather as printouts
from storage.records.unit import get_unit

# (province, seed, level, the word for its areas' heads)
COMMUNES = [(1, 2, "xã", "trưởng các thôn"), (1, 1, "phường", "trưởng các tổ dân phố"),
            (31, 25, "đặc khu", "trưởng các thôn")]


def text_of(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def printed(db, kind: str, **what) -> str:
    return text_of(render(printouts.gather(db, "Kiểm thử", kind, **what).data).data)


@pytest.fixture(scope="module", params=COMMUNES, ids=[c[2] for c in COMMUNES])
def commune(request):
    province, seed, level, heads = request.param
    db = demo.generate(None, households_count=150, seed=seed, province_code=province)
    assert get_unit(db).commune_type == level
    yield db, level, heads
    db.close()


def test_minutes_name_the_chair_and_the_secretary_with_their_positions(commune):
    db, level, heads = commune
    people = {r[0] for r in db.conn.execute("SELECT full_name FROM people")}
    rows = db.conn.execute("SELECT id, kind, chair, chair_position, secretary, secretary_position "
                           "FROM reviews ORDER BY id").fetchall()
    assert rows
    for review_id, kind, chair, chair_position, secretary, secretary_position in rows:
        assert chair in people and secretary in people and chair != secretary
        assert chair_position == ("Trưởng Công an " if kind == "annual" else "Phó Trưởng Công an ") + level
        assert secretary_position == f"Cán bộ Công an {level}"
        text = printed(db, "minutes", review_id=review_id)
        assert f"Chủ trì: Ông/Bà {chair} — chức vụ: {chair_position}" in text, text[:900]
        assert f"Thư ký: Ông/Bà {secretary} — chức vụ: Cán bộ Công an {level}" in text
        assert "Ông/Bà Trưởng" not in text and "Ông/Bà Phó" not in text and "Ông/Bà Cán bộ" not in text
        assert (f"Thành phần tham dự: Đại diện Đảng ủy, UBND {level}, Ủy ban MTTQ {level}; {heads} "
                "Vắng mặt") in text


def test_the_unit_level_word_in_lower_case_mid_sentence(commune):
    db, level, _heads = commune
    station = get_unit(db)
    for (case_id,) in db.conn.execute("SELECT id FROM mediation_cases WHERE result = 'not_settled'"):
        text = printed(db, "mediation", case_id=case_id)
        assert f"Hai bên chưa thống nhất; hướng dẫn gửi đơn đến UBND {level} " in text
    if level != "xã":
        for (agreement,) in db.conn.execute("SELECT agreement FROM mediation_cases WHERE agreement IS NOT NULL"):
            assert "UBND xã" not in agreement
        assert db.conn.execute("SELECT count(*) FROM mediation_cases WHERE result = 'not_settled'").fetchone()[0]
    names = {r[0]: r[1] for r in db.conn.execute("SELECT name, uuid FROM organisations")}
    committee = f"Ủy ban nhân dân {level} {station.place_name}"
    assert committee in names and f"Trạm Y tế {level} {station.place_name}" in names
    assert not any(f" {level.capitalize()} {station.place_name}" in name for name in names)
    sheet = evaluation_gather.score_sheet(db, date.today().year, names[committee])
    assert f"Đối tượng: {committee} Loại đối tượng" in text_of(render_score_sheet(sheet).data)


def test_an_invitation_is_dated_before_the_meeting(commune):
    db, _level, _heads = commune
    place = get_unit(db).place_name
    rows = db.conn.execute("SELECT id, started_at FROM reviews ORDER BY id").fetchall()
    for review_id, started_at in rows:  # the demo's meetings are all held already
        held = date.fromisoformat(started_at[:10])
        assert held <= date.today()
        text = printed(db, "invitation", review_id=review_id)
        issued = held - timedelta(days=printouts.INVITATION_NOTICE_DAYS)
        assert f"{place}, {printouts._date_words(issued)} GIẤY MỜI" in text, text[:400]
        assert f"Thời gian: 08 giờ 00 phút, {printouts._date_words(held)}" in text
    # a meeting still to come is invited to today; one held today, a week before
    review_id = rows[-1][0]
    coming = date.today() + timedelta(days=10)
    db.conn.execute("UPDATE reviews SET started_at = ? WHERE id = ?", (f"{coming.isoformat()}T08:00", review_id))
    assert f"{place}, {printouts._date_words(date.today())} GIẤY MỜI" in printed(db, "invitation", review_id=review_id)
    db.conn.execute("UPDATE reviews SET started_at = ? WHERE id = ?", (f"{date.today().isoformat()}T08:00", review_id))
    week_before = printouts._date_words(date.today() - timedelta(days=7))
    assert f"{place}, {week_before} GIẤY MỜI" in printed(db, "invitation", review_id=review_id)
    db.conn.execute("UPDATE reviews SET started_at = ? WHERE id = ?", (rows[-1][1], review_id))


def test_the_units_own_signature_names_the_chief_the_minutes_name(commune):
    db, level, _ = commune
    chief = db.conn.execute("SELECT chair FROM reviews WHERE kind = 'annual' ORDER BY id").fetchone()[0]
    assert get_unit(db).chief_name == chief
    review_id = db.conn.execute("SELECT id FROM reviews ORDER BY id").fetchone()[0]
    text = printed(db, "invitation", review_id=review_id)
    assert f"TRƯỞNG CÔNG AN {level.upper()} {chief}" in text, text[-300:]


def test_patrol_logs_report_to_the_units_own_police(commune):
    from storage.query.periods import parse_period

    db, level, _ = commune
    handled = [r[0] for r in db.conn.execute("SELECT handling FROM patrols WHERE handling LIKE '%báo Công an%'")]
    assert handled and all(h.endswith(f"báo Công an {level}") for h in handled), handled[:3]
    team_id, day = db.conn.execute("SELECT team_id, patrol_date FROM patrols WHERE handling LIKE '%báo Công an%' "
                                   "ORDER BY id").fetchone()
    text = printed(db, "patrols", team_id=team_id, period=parse_period(day[:4]))
    assert f"báo Công an {level}" in text
    if level != "xã":
        assert "Công an xã" not in text
