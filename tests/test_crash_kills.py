"""SIGKILL at random moments during export, import, backup, restore and the USB copy
(23 moments). Each moment is a fraction of that operation's own measured duration,
counted from the moment the child starts the operation (after its imports), so the
kills land inside the work on a fast or a slow machine alike. After each kill: the file
passes integrity_check, the audit chain is whole, each transaction is whole or absent,
and a file in its final place is a whole one."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage import demo
from storage.db import backup, lock
from storage.db.connection import open_database
from storage.exchange import identity, keys, package
from storage.exchange.reader import open_package
from storage.query.periods import parse_period
from storage.records import audit, unit
from storage.records.people import people

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
PERIOD = parse_period("2026")
START = "print('bat-dau', flush=True)\n"


def child(body: str) -> str:
    return "import time\n" + body.replace("##START##", START) + "\nprint('xong', flush=True)\n"


def measure(code: str) -> float:
    """How long the operation itself takes (from 'bat-dau' to 'xong')."""
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "bat-dau"
    started = time.monotonic()
    assert process.stdout.readline().strip() == "xong"
    duration = time.monotonic() - started
    process.wait()
    process.stdout.close()
    assert process.returncode == 0
    return duration


def kill_at(code: str, moment: float) -> bool:
    """Run `code`, SIGKILL it `moment` seconds after it starts the operation; True when
    it was still working."""
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "bat-dau"
    time.sleep(moment)
    killed = process.poll() is None
    if killed:
        process.send_signal(signal.SIGKILL)
    process.wait()
    process.stdout.close()
    return killed


def integrity_ok(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def chain_whole(path: Path) -> bool:
    db = open_database(path)
    try:
        return audit.verify_chain(db) is None
    finally:
        db.close()


def moments(rng: random.Random, duration: float, count: int) -> list[float]:
    return [rng.uniform(0.05, 0.95) * duration for _ in range(count)]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kills")
    aggregator = folder / "tinh.db"
    db = open_database(aggregator)
    unit.initialise(db, "x", role="aggregator", province=22)
    public = keys.public_key_file(db)
    db.close()
    stations, files = [], []
    for seed in (1, 2, 3):
        station = demo.generate(folder / f"xa{seed}.db", households_count=700, seed=seed, province_code=22)
        keys.trust_superior(station, "x", public)
        files.append(folder / f"goi{seed}.byx")
        package.export(station, "x", PERIOD, files[-1], full=True)
        station.close()
        stations.append(folder / f"xa{seed}.db")
    return {"folder": folder, "aggregator": aggregator, "stations": stations, "files": files}


def fresh(source: Path, target: Path) -> Path:
    """A copy of a database (its exports included: the first station sent package 1)."""
    for suffix in ("", "-wal", "-shm", ".so-goi.json"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    db = open_database(source)
    backup.backup_to_file(db, target)
    db.close()
    return target


def test_killed_exports_leave_a_whole_package_or_none(world, tmp_path):
    """The export streams into a temporary file (removed at the next start) and takes its
    number only once the package is whole, just before putting it in place."""
    rng = random.Random(141)
    killed = 0
    template = "\n".join([
        "from storage.db.connection import open_database",
        "from storage.exchange import package",
        "from storage.query.periods import parse_period",
        "db = open_database({path!r})",
        "##START##package.export(db, 'x', parse_period('2026'), __import__('pathlib').Path({out!r}), full=True)"])
    probe = fresh(world["stations"][0], tmp_path / "do.db")
    duration = measure(child(template.format(path=str(probe), out=str(tmp_path / "do.byx"))))
    agg = open_database(world["aggregator"])
    for attempt, moment in enumerate(moments(rng, duration, 5)):
        station = fresh(world["stations"][0], tmp_path / f"xa{attempt}.db")
        out = tmp_path / f"goi{attempt}.byx"
        killed += kill_at(child(template.format(path=str(station), out=str(out))), moment)
        assert integrity_ok(station) and chain_whole(station)
        db = open_database(station)
        exported = db.conn.execute("SELECT sequence, file_sha256 FROM exports WHERE sequence > 1").fetchall()
        recorded = db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'export_package'").fetchone()[0] - 1
        following = identity.next_sequence(db)
        db.close()
        assert recorded == len(exported)  # the export row and its audit entry together
        if out.exists():  # in its final place only when whole
            sequence = open_package(agg, out).manifest["sequence"]
            assert following > sequence  # a number written to a file is never used again
        assert not exported or out.exists()  # recorded: its file is there, whole
        if not out.exists():  # killed while streaming: no package and its number still free
            assert following == 2 and not exported
            assert [p.name for p in tmp_path.iterdir() if p.name.startswith(f"goi{attempt}")] == []
    agg.close()
    assert killed >= 3


def test_killed_imports_leave_each_package_whole_or_absent(world, tmp_path):
    """Each file is imported in its own transaction: after a kill every package is there
    with its audit entry and its records, or none of them is."""
    rng = random.Random(142)
    killed = 0
    template = "\n".join([
        "from storage.db.connection import open_database",
        "from storage.exchange import importer",
        "db = open_database({path!r})",
        "##START##importer.import_packages(db, 'x', {files!r}, trust_new=True)"])
    files = [str(f) for f in world["files"]]
    duration = measure(child(template.format(path=str(fresh(world["aggregator"], tmp_path / "do.db")), files=files)))
    for attempt, moment in enumerate(moments(rng, duration, 5)):
        target = fresh(world["aggregator"], tmp_path / f"tinh{attempt}.db")
        killed += kill_at(child(template.format(path=str(target), files=files)), moment)
        assert integrity_ok(target) and chain_whole(target)
        conn = sqlite3.connect(target)
        packages = {row[0] for row in conn.execute("SELECT station_uuid FROM packages")}
        stations = {row[0] for row in conn.execute("SELECT station_uuid FROM stations")}
        with_records = {row[0] for row in conn.execute("SELECT DISTINCT station_uuid FROM station_records")}
        entries = {row[0] for row in conn.execute("SELECT record_uuid FROM audit_log WHERE action = 'import_package'")}
        conn.close()
        assert len(packages) <= 3 and packages == stations == with_records == entries
    assert killed >= 3


def whole_backups_and_no_stray_file(station: Path, tmp_path: Path) -> int:
    """After a kill and the next start's clean-up: every listed backup reads back whole
    and is a healthy database; no temporary, journal or -wal/-shm file is left beside the
    database or the backups. Returns how many backups are listed."""
    from storage.db import backup_store

    lock.acquire(station)  # the next start: what the crash left goes
    lock.release(station)
    listed = backup.list_backups(station)
    for number, info in enumerate(listed):
        assert backup_store.verify(info.path) is None
        rebuilt = backup_store.rebuild(info.path, tmp_path / f"kiem-tra{number}.db")
        backup.check_file(rebuilt)  # every backup under its name is whole
        rebuilt.unlink()
    folders = (station.parent, station.parent / "backups")
    strays = [p.name for folder in folders if folder.exists() for p in folder.iterdir()
              if p.name.startswith(".binhyen-tmp-") or p.suffix == ".tmp"
              or (p.name.endswith(("-journal", "-wal", "-shm")) and folder.name == "backups")]
    assert strays == []
    return len(listed)


def test_killed_backups_keep_only_whole_copies(world, tmp_path):
    rng = random.Random(143)
    killed = 0
    template = "\n".join([
        "from storage.db.connection import open_database",
        "from storage.db import backup",
        "from storage.records.people import people",
        "db = open_database({path!r})",
        "people.create(db, 'x', full_name='Người Thêm ' + str(time.time()))",
        "##START##backup.make_backup(db, __import__('pathlib').Path({path!r}), 'thu-cong')"])
    station = fresh(world["stations"][1], tmp_path / "xa.db")
    measure(child(template.format(path=str(station))))  # the first one writes every chunk
    duration = measure(child(template.format(path=str(station))))  # the next ones only what changed
    for moment in moments(rng, duration, 6):
        killed += kill_at(child(template.format(path=str(station))), moment)
        assert integrity_ok(station)
        assert whole_backups_and_no_stray_file(station, tmp_path) >= 2
    assert killed >= 2


def test_killed_thinning_leaves_every_listed_backup_whole(world, tmp_path):
    """Thinning deletes manifests, then the chunks none names: killed anywhere in it,
    every backup still listed restores; a later thinning finishes the collection."""
    from datetime import datetime, timedelta

    from storage.db import backup_store

    rng = random.Random(146)
    station = fresh(world["stations"][2], tmp_path / "xa.db")
    db = open_database(station)
    now = datetime(2026, 11, 26, 12, 0)
    pristine = tmp_path / "mau"
    for day in range(40):  # 40 daily automatic backups, each after a day's changes
        with db.atomic():
            for number in range(30):
                people.create(db, "x", full_name=f"Ngày {day} người {number}", notes="ghi chú dài " * 30)
        made = backup._store_backup(db, station, "tu-dong")
        made.rename(made.with_name(f"xa-{(now - timedelta(days=40 - day)).strftime(backup.STAMP)}-tu-dong.json"))
    db.close()
    shutil.copytree(tmp_path / "backups", pristine)
    template = "\n".join([
        "from datetime import datetime",
        "from pathlib import Path",
        "from storage.db import backup, backup_store",
        "backup_store.GRACE = 0",
        "unlink = Path.unlink",  # each deletion 2 ms slower: the kills land among them, not after
        "Path.unlink = lambda self, *a, **k: (time.sleep(0.002), unlink(self, *a, **k))[1]",
        "##START##backup.thin(Path({path!r}), now=datetime(2026, 11, 26, 12, 0))"])
    code = child(template.format(path=str(station)))
    duration = measure(code)
    killed = 0
    for moment in moments(rng, duration, 6):
        shutil.rmtree(tmp_path / "backups")
        shutil.copytree(pristine, tmp_path / "backups")
        killed += kill_at(code, moment)
        assert whole_backups_and_no_stray_file(station, tmp_path) >= 7
    backup_store.GRACE, grace = 0, backup_store.GRACE
    try:
        backup.thin(station, now=now)
    finally:
        backup_store.GRACE = grace
    kept = backup.list_backups(station)
    named = set().union(*(backup_store.read_manifest(b.path)["chunks"] for b in kept))
    assert {p.name for p in (tmp_path / "backups" / "chunks").glob("??/*")} == named
    assert killed >= 2


def test_killed_restores_leave_the_old_or_the_restored_state_with_its_entry(world, tmp_path):
    rng = random.Random(144)
    killed = 0
    template = "\n".join([
        "from pathlib import Path",
        "from storage.db import backup",
        "##START##backup.restore(Path({live!r}), Path({source!r}), 'x')"])
    older = fresh(world["stations"][2], tmp_path / "cu.db")
    base = fresh(world["stations"][2], tmp_path / "goc.db")
    db = open_database(base)
    with db.atomic():
        for number in range(200):
            people.create(db, "x", full_name=f"Người Mới {number}")
    db.close()
    count = lambda path: sqlite3.connect(path).execute("SELECT count(*) FROM people").fetchone()[0]  # noqa: E731
    before, after = count(base), count(older)
    measure(child(template.format(live=str(fresh(base, tmp_path / "do.db")), source=str(older))))  # its safety
    # backup writes every chunk into the store the live files share; the next ones only what differs
    duration = measure(child(template.format(live=str(fresh(base, tmp_path / "do.db")), source=str(older))))
    # later restores write fewer new chunks still, and a loaded machine varies: a kill that
    # came after the end makes the next moments earlier, so that at least three land inside
    scale = duration
    for attempt in range(8):
        live = fresh(base, tmp_path / f"song{attempt}.db")
        landed = kill_at(child(template.format(live=str(live), source=str(older))), rng.uniform(0.05, 0.95) * scale)
        killed += landed
        scale = scale if landed else scale * 0.6
        assert integrity_ok(live) and chain_whole(live)
        now = count(live)
        assert now in (before, after)
        last = sqlite3.connect(live).execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
        assert (last == "restore_backup") == (now == after)  # restored only with its entry
    assert killed >= 3


def test_killed_usb_copies_leave_only_whole_encrypted_copies(world, tmp_path):
    rng = random.Random(145)
    killed = 0
    usb = tmp_path / "usb"
    usb.mkdir()
    station = fresh(world["stations"][0], tmp_path / "xa.db")
    db = open_database(station)
    backup.set_second_place(db, "x", usb, "mật khẩu USB dài")
    source = backup.make_backup(db, station, "thu-cong")
    db.close()
    template = "\n".join([
        "from pathlib import Path",
        "from storage.db.connection import open_database",
        "from storage.db import backup",
        "db = open_database({path!r})",
        "##START##backup.copy_to_second_place(db, Path({source!r}))"])
    code = child(template.format(path=str(station), source=str(source)))
    duration = measure(code)
    for moment in moments(rng, duration, 4):
        killed += kill_at(code, moment)
        for copy in usb.glob("*.byb"):
            plain = backup.decrypt_copy(copy, "mật khẩu USB dài", tmp_path / "giai-ma.db")
            backup.check_file(plain)
        leftovers = [p for p in usb.iterdir() if p.suffix != ".byb" and p.name != backup.MARKER]
        assert all(p.name.startswith(".binhyen-tmp-") for p in leftovers)
    shutil.rmtree(usb)
    assert killed >= 1
