"""Vietnamese order with natural numbers in every list and picker: "Đ" right after "D",
"Tổ dân phố số 2" before "số 10"; the sort key takes any text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storage.db.migrations import m0009_sort_keys
from storage.query import lookups
from storage.records.areas import areas
from storage.records.models import models
from storage.records.teams import teams
from storage.text import text_sort_key
from tests.conftest import ACTOR

AREAS = ["Tổ dân phố số 10", "Tổ dân phố số 2", "Tổ dân phố số 100", "Tổ dân phố số 31", "Đông", "Dương",
         "Zô", "Ấp Bắc", "An Lạc", "Đoài"]
IN_ORDER = ["An Lạc", "Ấp Bắc", "Dương", "Đoài", "Đông", "Tổ dân phố số 2", "Tổ dân phố số 10",
            "Tổ dân phố số 31", "Tổ dân phố số 100", "Zô"]


def test_texts_sort_the_vietnamese_way_with_numbers_by_value():
    assert sorted(AREAS, key=text_sort_key) == IN_ORDER
    assert sorted(["Thôn 02", "Thôn 1", "Thôn 3"], key=text_sort_key) == ["Thôn 1", "Thôn 02", "Thôn 3"]


@given(st.text(max_size=40))
def test_any_text_has_a_key_sqlite_can_store(text):
    key = text_sort_key(text)
    assert isinstance(key, str)
    key.encode("utf-8")  # no lone surrogate: SQLite stores it


@given(st.integers(0, 10**12), st.integers(0, 10**12))
def test_numbers_inside_names_compare_by_value(a, b):
    ka, kb = text_sort_key(f"Tổ số {a}"), text_sort_key(f"Tổ số {b}")
    assert (ka < kb) == (a < b) and (ka == kb) == (a == b)


def test_areas_in_the_picker_in_vietnamese_order(db):
    for name in AREAS:
        areas.create(db, ACTOR, name=name, kind="village")
    shown = [text for _id, text in lookups.choices(db, "area")]
    names = [text.split(" ", 1)[1] if text.startswith(("Thôn ", "Tổ dân phố ")) and not text.startswith(
        "Tổ dân phố số") else text for text in shown]
    assert [n for n in names if n in AREAS] == IN_ORDER


def test_teams_in_the_picker_in_vietnamese_order(db):
    names = ["Tổ tự quản số 10", "Tổ tự quản số 9", "Đội xung kích", "Dân phòng"]
    for name in names:
        teams.create(db, ACTOR, name=name, kind="self_defense", launched_on="2024-01-01")
    shown = [text for _id, text in lookups.choices(db, "team") if text in names]
    assert shown == ["Dân phòng", "Đội xung kích", "Tổ tự quản số 9", "Tổ tự quản số 10"]


def test_a_model_named_with_square_metres_is_saved(db):
    model = models.create(db, ACTOR, name="Vườn rau an toàn 500 m²", kind="Tự quản về ANTT",
                          launched_on="2024-03-01")
    row = db.conn.execute("SELECT name, sort_key FROM models WHERE id = ?", [model.id]).fetchone()
    assert row == ("Vườn rau an toàn 500 m²", text_sort_key("Vườn rau an toàn 500 m2"))


def test_the_migration_recomputes_stored_keys(db):
    for name in ("Tổ dân phố số 10", "Tổ dân phố số 2"):
        areas.create(db, ACTOR, name=name, kind="village")
    db.conn.execute("UPDATE areas SET sort_key = name")  # keys of an older version
    m0009_sort_keys.after(db)
    rows = db.conn.execute("SELECT name FROM areas WHERE deleted_at IS NULL ORDER BY sort_key").fetchall()
    assert [r[0] for r in rows] == ["Tổ dân phố số 2", "Tổ dân phố số 10"]


def test_provinces_and_communes_in_the_welcome_dialog(qtbot, tmp_path):
    from ui.welcome import WelcomeDialog

    dialog = WelcomeDialog(ACTOR, tmp_path / "moi.db")
    qtbot.addWidget(dialog)
    provinces = [dialog.province.itemText(i) for i in range(1, dialog.province.count())]
    assert provinces == sorted(provinces, key=text_sort_key)
    first_d = next(i for i, name in enumerate(provinces) if name.startswith("Đ"))
    assert provinces[first_d - 1] < "Đ" and provinces[first_d - 1][0] in "CD"  # not last: right after C/D
    assert provinces[-1][0] not in "Đđ"
    dialog.province.setCurrentIndex(dialog.province.findText("Thành phố Hồ Chí Minh"))
    communes = [dialog.commune.itemText(i) for i in range(1, dialog.commune.count())]
    assert communes == sorted(communes, key=text_sort_key) and len(communes) > 100
