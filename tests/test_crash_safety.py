"""The process is killed (SIGKILL) at random moments while it writes demo data, imports
packages and restores a backup. Each time the file passes integrity_check and every
transaction is either whole or absent."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def run_and_kill(code: str, after: float) -> bool:
    """Run `code` in a fresh interpreter and kill it after `after` seconds; True when
    it was killed before finishing."""
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    time.sleep(after)
    killed = process.poll() is None
    if killed:
        process.send_signal(signal.SIGKILL)
    process.wait()
    return killed


def integrity_ok(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_killed_demo_generation_leaves_whole_transactions(tmp_path):
    rng = random.Random(20261122)
    # Kill moments are fractions of how long a whole run takes on this machine today, so
    # a slower or busier machine still cuts most runs short.
    started = time.monotonic()
    whole = tmp_path / "whole.db"
    subprocess.run([sys.executable, "-c", f"from storage import demo; demo.generate({str(whole)!r}, "
                    "households_count=2000, seed=99)"], cwd=ROOT, check=True)
    duration = time.monotonic() - started
    killed = 0
    for attempt in range(12):
        path = tmp_path / f"demo{attempt}.db"
        code = f"from storage import demo; demo.generate({str(path)!r}, households_count=2000, seed={attempt})"
        killed += run_and_kill(code, rng.uniform(0.15, 0.85) * duration)
        if not path.exists():
            continue
        assert integrity_ok(path)
        from storage.db.connection import open_database
        from storage.records.audit import verify_chain

        db = open_database(path)
        assert verify_chain(db) is None
        for table in ("people", "households", "teams", "memberships", "patrols", "pledges"):
            rows = db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            created = db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'create' AND table_name = ?",
                                      (table,)).fetchone()[0]
            assert rows == created, (attempt, table)  # each batch with its audit entries, or neither
        db.close()
    assert killed >= 8  # most runs were cut short


def test_killed_import_and_restore_leave_old_or_new(tmp_path):
    from storage import demo
    from storage.db import backup
    from storage.db.connection import open_database
    from storage.exchange import keys, package
    from storage.query.periods import parse_period
    from storage.records import unit

    aggregator = tmp_path / "tinh.db"
    db = open_database(aggregator)
    unit.initialise(db, "x", role="aggregator", province=22)
    public = keys.public_key_file(db)
    db.close()
    files = []
    for seed in (1, 2, 3):
        station = demo.generate(tmp_path / f"xa{seed}.db", households_count=1500, seed=seed, province_code=22)
        keys.trust_superior(station, "x", public)
        files.append(tmp_path / f"goi{seed}.byx")
        package.export(station, "x", parse_period("2026"), files[-1], full=True)
        station.close()
    pristine = tmp_path / "tinh-goc.db"
    db = open_database(aggregator)
    backup.backup_to_file(db, pristine)
    db.close()
    rng = random.Random(7)
    killed = 0
    for attempt in range(6):
        target = tmp_path / f"tinh{attempt}.db"
        target.write_bytes(pristine.read_bytes())
        code = ("from storage.db.connection import open_database; from storage.exchange import importer; "
                f"db = open_database({str(target)!r}); "
                f"importer.import_packages(db, 'x', {[str(f) for f in files]!r}, trust_new=True)")
        killed += run_and_kill(code, rng.uniform(0.3, 1.6))
        assert integrity_ok(target)
        conn = sqlite3.connect(target)
        packages = conn.execute("SELECT count(*) FROM packages").fetchone()[0]
        holding = conn.execute("SELECT count(DISTINCT station_uuid) FROM station_records").fetchone()[0]
        strays = conn.execute("SELECT count(*) FROM station_records WHERE station_uuid NOT IN "
                              "(SELECT station_uuid FROM packages)").fetchone()[0]
        conn.close()
        # each file in its own transaction: a package is there whole with its records, or not at all
        assert packages in (0, 1, 2, 3) and holding == packages and strays == 0, (packages, holding, strays)
    # Restore an older copy of the same station over its grown database (a copy of
    # another station is refused, so it would test nothing).
    grown = tmp_path / "xa1-moi.db"
    grown.write_bytes((tmp_path / "xa1.db").read_bytes())
    from storage.records.people import people

    station = open_database(grown)
    for number in range(60):
        people.create(station, "x", full_name=f"Người Mới Số {number}")
    station.close()
    def restore_code(live):
        return (f"from storage.db import backup; backup.restore(__import__('pathlib').Path({str(live)!r}), "
                f"__import__('pathlib').Path({str(tmp_path / 'xa1.db')!r}), 'x')")

    # One whole restore first: it must really restore, and its length sets the kill moments.
    whole = tmp_path / "xa-tron-ven.db"
    whole.write_bytes(grown.read_bytes())
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", restore_code(whole)], cwd=ROOT, check=True)
    duration = time.monotonic() - started
    outcomes = {sqlite3.connect(whole).execute("SELECT count(*) FROM people").fetchone()[0]}
    for attempt in range(6):
        live = tmp_path / f"xa-song{attempt}.db"
        live.write_bytes(grown.read_bytes())
        source = tmp_path / "xa1.db"
        before = sqlite3.connect(live).execute("SELECT count(*) FROM people").fetchone()[0]
        after = sqlite3.connect(source).execute("SELECT count(*) FROM people").fetchone()[0]
        assert before == after + 60
        killed += run_and_kill(restore_code(live), rng.uniform(0.1, 0.9) * duration)
        assert integrity_ok(live)
        count = sqlite3.connect(live).execute("SELECT count(*) FROM people").fetchone()[0]
        assert count in (before, after)
        outcomes.add(count)
    assert killed >= 4
    assert after in outcomes  # the whole run restored for real
