"""Random and mutated input to the command line and to every file reader: a Vietnamese
message or a clean exit, never a crash, never a partial write."""

from __future__ import annotations

import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import main
from storage.db import backup
from storage.errors import StorageError
from storage.exchange import importer, keys

WORDS = ["init", "demo", "search", "stats", "print", "pledges", "report", "export", "import", "key", "trust",
         "backup", "restore", "check", "stations", "receipt", "--db", "--period", "--out", "--json", "--limit",
         "--area", "--team", "--role", "station", "aggregator", "2026", "2026-H1", "2026-13", "-1", "0", "x.pdf",
         "Đông", "nguyễn", "\x00", "--households", "abc", "--full", "--dry-run", "--user", "--province", "99"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def db_digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=7))
def test_command_line_never_crashes(db_path, tmp_path, capsys, argv):
    # Every command points at the test database or at the temporary folder.
    args = [a if not a.endswith((".pdf", ".db")) else str(tmp_path / a) for a in argv]
    if args and args[0] not in ("init", "demo"):
        args = args[:1] + ["--db", str(db_path)] + args[1:]
    if args[:1] in (["demo"], ["init"]):
        args = args[:1] + ["--db", str(tmp_path / "moi.db")] + args[1:]
    if "backup" in args or "restore" in args or not args:
        return  # these copy files around; they have their own tests
    before = db_digest(db_path)
    try:
        code = main.main(args)
    except SystemExit as exit_:  # --help and --version exit through argparse
        code = exit_.code
    out, err = capsys.readouterr()
    assert code in (0, 1, 2, None)
    assert "Traceback" not in err
    if code == 2:
        assert err.strip() and len(err.strip().splitlines()) == 1
        assert db_digest(db_path) == before  # refused: nothing written


@SETTINGS
@given(st.one_of(st.text(max_size=300), st.sampled_from(["0", "[]", "null", '"x"', '{"format": 1}',
                                                        '{"format": "binhyen-public-key", "x25519": 5}'])))
def test_public_key_reader(db, text):
    try:
        keys.read_public_key_file(text)
    except StorageError:
        pass


@SETTINGS
@given(st.binary(max_size=600))
def test_receipt_and_backup_readers(db, tmp_path, data):
    path = tmp_path / "tep.json"
    path.write_bytes(data)
    try:
        importer.read_receipt(db, path)
    except StorageError:
        pass
    try:
        backup.check_file(path)
    except StorageError:
        pass
