"""Fixtures: a fresh database per test, in memory or on disk, with a station set up."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything loads Qt

import pytest  # noqa: E402

from storage import unit  # noqa: E402
from storage.db import open_database  # noqa: E402

ACTOR = "cán bộ kiểm thử"


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path, monkeypatch):
    """Nothing a test does touches the real per-user data folder."""
    monkeypatch.setenv("BINHYEN_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def empty_db():
    db = open_database(None)
    yield db
    db.close()


@pytest.fixture
def db(empty_db):
    unit.initialise(empty_db, ACTOR, role="station", province="Ninh Bình", commune="Thanh Lâm")
    return empty_db


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "station.db"
    database = open_database(path)
    unit.initialise(database, ACTOR, role="station", province="Quảng Ninh", commune="Quảng Tân")
    database.close()
    return path


@pytest.fixture
def area(db):
    from storage.areas import areas

    return areas.create(db, ACTOR, name="Thôn Đông", kind="Thôn", households_count=120, population=480)


@pytest.fixture
def person(db, area):
    from storage.people import people

    return people.create(db, ACTOR, full_name="Nguyễn Thị Hương", gender="nữ", birth_year=1980,
                         cccd="037180001234", phone="0912345678", area_id=area.id)
