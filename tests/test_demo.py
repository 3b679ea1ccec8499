import pytest

from storage import demo
from storage.errors import ValidationError
from storage.records.unit import get_unit


def _fingerprint(db):
    return (list(db.query("SELECT uuid, full_name, cccd, birth_date FROM people ORDER BY id")),
            list(db.query("SELECT uuid, name FROM teams ORDER BY id")),
            list(db.query("SELECT patrol_date, team_id FROM patrols ORDER BY id")))


def test_same_seed_same_data(tmp_path):
    first = demo.generate(tmp_path / "a.db", households_count=120, seed=7)
    second = demo.generate(tmp_path / "b.db", households_count=120, seed=7)
    assert _fingerprint(first) == _fingerprint(second)
    assert get_unit(first).station_name == get_unit(second).station_name


def test_demo_holds_a_realistic_commune(tmp_path):
    db = demo.generate(tmp_path / "c.db", households_count=150, seed=3)
    station = get_unit(db)
    assert station.station_name.startswith("Công an ") and station.parent_body.startswith("Công an ")
    assert db["households"].count == 150
    assert db["people"].count > 300
    assert db.conn.execute("SELECT count(*) FROM people WHERE household_id IS NULL").fetchone()[0] == 0
    kinds = {r[0] for r in db.conn.execute("SELECT DISTINCT kind FROM teams")}
    assert {"order_protection", "self_defense", "mediation", "neighbour_group", "people_security",
            "clan"} <= kinds  # codes; every kind of team of the list, by its code
    for table in ("memberships", "models", "pledges", "patrols", "mediation_cases", "tips",
                  "surrendered_items", "reintegration_cases", "reviews", "commendations"):
        assert db[table].count > 0, table
    share = db.conn.execute("SELECT avg(family_name = 'Nguyễn') FROM people").fetchone()[0]
    assert 0.25 < share < 0.5  # Nguyễn about 38%
    first, last = db.conn.execute("SELECT min(patrol_date), max(patrol_date) FROM patrols").fetchone()
    assert int(last[:4]) - int(first[:4]) == 2  # two years of patrols
    # Members are of full age on the day they joined (a 14-year-old sat in a Tổ bảo vệ ANTT).
    young = db.conn.execute(
        "SELECT p.full_name, p.birth_date, m.start_on FROM memberships m JOIN people p ON p.id = m.person_id "
        "WHERE date(p.birth_date, '+18 years') > m.start_on").fetchall()
    assert young == []
    prefixes = {r[0] for r in db.conn.execute("SELECT DISTINCT substr(phone, 1, 3) FROM people WHERE phone IS NOT NULL")}
    assert prefixes <= set(demo.DemoBuilder.MOBILE_PREFIXES) and len(prefixes) > 10
    assert {len(r[0]) for r in db.conn.execute("SELECT DISTINCT phone FROM people WHERE phone IS NOT NULL")} == {10}
    triplets = db.conn.execute(
        "SELECT household_id FROM people WHERE relation_to_head = 'con' "
        "GROUP BY household_id, substr(birth_date, 1, 4) HAVING count(*) >= 3").fetchall()
    assert triplets == []
    leaders = db.conn.execute(
        "SELECT a.name, (SELECT count(*) FROM people p WHERE p.area_id = a.id AND p.full_name = a.leader_name) "
        "FROM areas a").fetchall()
    assert leaders and all(count >= 1 for _name, count in leaders), leaders  # a resident of the area


def test_different_seeds_pick_different_communes_and_province_keeps_them(tmp_path):
    names = set()
    for seed in (1, 2, 3):
        db = demo.generate(tmp_path / f"s{seed}.db", households_count=5, seed=seed, province_code=22)
        unit = get_unit(db)
        assert unit.province_code == 22 and unit.parent_body == "Công an tỉnh Quảng Ninh"
        names.add(unit.station_name)
    assert len(names) == 3


def test_cancel_leaves_no_file(tmp_path):
    target = tmp_path / "cancelled.db"
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(demo.Cancelled):
        demo.generate(target, households_count=100, seed=1, cancelled=cancelled)
    assert not target.exists()


def test_existing_file_and_bad_counts_are_refused(tmp_path, db_path):
    with pytest.raises(ValidationError, match="đã có"):
        demo.generate(db_path, households_count=10)
    with pytest.raises(ValidationError, match="Số hộ phải từ 1"):
        demo.generate(tmp_path / "z.db", households_count=0)
    assert not (tmp_path / "z.db").exists()


def test_demo_dates_a_person_could_sign(tmp_path):
    """Tổ bảo vệ ANTT founded only once their law was in force; no patrol later than yesterday."""
    from datetime import date, timedelta

    db = demo.generate(tmp_path / "d.db", households_count=150, seed=5)
    early = db.conn.execute("SELECT name, launched_on FROM teams WHERE kind = 'order_protection' "
                            "AND launched_on < '2024-07-01'").fetchall()
    assert early == []
    latest = db.conn.execute("SELECT max(patrol_date) FROM patrols").fetchone()[0]
    assert latest < date.today().isoformat() and latest >= (date.today() - timedelta(days=8)).isoformat()
    before_team = db.conn.execute("SELECT count(*) FROM patrols p JOIN teams t ON t.id = p.team_id "
                                  "WHERE p.patrol_date < t.launched_on").fetchone()[0]
    assert before_team == 0


def test_demo_progress_writes_numbers_as_the_app_does(tmp_path):
    steps = []
    demo.generate(tmp_path / "e.db", households_count=1200, seed=2, progress=lambda *a: steps.append(a[-1]))
    assert any(text.startswith("Đã tạo 1.200 hộ gia đình, ") for text in map(str, steps)), steps
