"""Fixtures: a fresh database per test, in memory or on disk, with a station set up."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything loads Qt

import pytest  # noqa: E402

from storage.db.connection import open_database  # noqa: E402
from storage.records import unit  # noqa: E402

ACTOR = "cán bộ kiểm thử"


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path, monkeypatch):
    """Nothing a test does touches the real per-user data folder, nor the working tree:
    a relative path given to a command (fuzzed --out, --db) lands in the test's folder."""
    monkeypatch.setenv("BINHYEN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)


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
    from storage.records.areas import areas

    return areas.create(db, ACTOR, name="Thôn Đông", kind="Thôn", households_count=120, population=480)


@pytest.fixture
def person(db, area):
    from storage.records.people import people

    return people.create(db, ACTOR, full_name="Nguyễn Thị Hương", gender="nữ", birth_year=1980,
                         cccd="037180001234", phone="0912345678", area_id=area.id)


@pytest.fixture
def qsettings(tmp_path, qapp):
    """QSettings in a temporary folder: tests never read or write the real ones."""
    from PySide6.QtCore import QSettings

    qapp.setOrganizationName("BinhYenTest")
    qapp.setApplicationName("BinhYenTest")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    yield
    QSettings().clear()


@pytest.fixture
def window(db, qtbot, qsettings):
    """The real main window on a fresh in-memory station database."""
    from ui.context import AppContext
    from ui.main_window import MainWindow

    main = MainWindow(AppContext(db, None, ACTOR))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def world(db):
    """What a station has before the day's work: two areas, residents, a team."""
    from storage.records.areas import areas
    from storage.records.households import households
    from storage.records.people import people
    from storage.records.teams import memberships, teams

    east = areas.create(db, ACTOR, name="Đông", kind="Thôn")
    areas.create(db, ACTOR, name="Đoài", kind="Thôn")
    head = people.create(db, ACTOR, full_name="Phạm Văn Đạt", area_id=east.id, birth_year=1970)
    helper = people.create(db, ACTOR, full_name="Lê Thị Mận", area_id=east.id, birth_year=1980)
    home = households.create(db, ACTOR, head_id=head.id, area_id=east.id, address="Số 9 đường Đê")
    team = teams.create(db, ACTOR, name="Tổ bảo vệ ANTT thôn Đông", kind="Tổ bảo vệ an ninh, trật tự",
                        launched_on="2024-07-01", area_ids=[east.id])
    memberships.create(db, ACTOR, person_id=helper.id, team_id=team.id, role="tổ trưởng", start_on="2024-07-01")
    teams.create(db, ACTOR, name="Tổ hòa giải thôn Đông", kind="Tổ hòa giải", launched_on="2020-01-01")
    return {"east": east, "head": head, "helper": helper, "home": home, "team": team}




@pytest.fixture
def no_login(monkeypatch):
    """Open the desktop without the login dialog (tests of other things)."""
    from ui.app import Desktop

    monkeypatch.setattr(Desktop, "authenticate", lambda self, db, read_only: None)
