"""Files: everything written is readable by the user only, a folder a person named is
never chmodded, temporary files live in the data folder and what a crash left is
removed at the next start, and restoring a USB copy leaves no plaintext anywhere."""

from __future__ import annotations

import os
import stat
import tempfile

import pytest

import main
from storage.db import backup
from storage.db.connection import open_database
from storage.db.paths import TEMP_PREFIX


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def shell_umask():
    """A person's shell: files 0644, folders 0755 unless the app says otherwise."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_everything_written_is_user_only_and_named_folders_keep_their_mode(tmp_path, shell_umask, capsys):
    chosen = tmp_path / "thu-muc-cua-toi"
    chosen.mkdir(mode=0o755)
    os.chmod(chosen, 0o755)
    db = chosen / "xa.db"
    assert main.main(["init", "--db", str(db), "--role", "station", "--province", "Quảng Ninh",
                      "--commune", "Quảng Tân"]) == 0
    outputs = tmp_path / "ket-qua"
    outputs.mkdir(mode=0o755)
    os.chmod(outputs, 0o755)
    for argv in (["backup", "--out", str(outputs / "sao-luu.db")],
                 ["export", "--period", "2026", "--out", str(outputs / "goi.byx"), "--unencrypted"],
                 ["report", "--period", "2026", "--out", str(outputs / "bao-cao.pdf")],
                 ["report", "--period", "2026", "--out", str(outputs / "bao-cao.xlsx")]):
        assert main.main(argv[:1] + ["--db", str(db)] + argv[1:]) == 0, argv
    capsys.readouterr()
    handle = open_database(db)  # keeps -wal and -shm in place to look at
    try:
        written = [db, f"{db}-wal", f"{db}-shm", *sorted(outputs.iterdir())]
        assert {os.path.basename(p): mode(p) for p in written} == {os.path.basename(p): 0o600 for p in written}
    finally:
        handle.close()
    assert mode(chosen) == 0o755 and mode(outputs) == 0o755
    assert not [p for p in chosen.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_what_a_crash_left_is_removed_at_the_next_start(db_path, capsys):
    folder = db_path.parent
    (folder / "backups").mkdir(exist_ok=True)
    left = [folder / f"{TEMP_PREFIX}goi.byx.999999991", folder / ".station.db.khoi-phuc",
            folder / "backups" / "station-20260101-000000-tu-dong.db.tmp"]
    mine = folder / f"{TEMP_PREFIX}dang-ghi.pdf.{os.getpid()}"  # a live writer's file stays
    for path in left + [mine]:
        path.write_bytes(b"ban nhap")
    assert main.main(["stats", "--db", str(db_path)]) == 0
    capsys.readouterr()
    assert [p.exists() for p in left] == [False, False, False] and mine.exists()


def test_restoring_a_usb_copy_leaves_no_plaintext_anywhere(db_path, tmp_path, monkeypatch, capsys):
    scratch = tmp_path / "tmp-he-thong"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", None)
    db = open_database(db_path)
    copy = backup.make_backup(db, db_path)
    db.close()
    encrypted = backup.encrypt_copy(copy, tmp_path / "usb", "mật khẩu dài lắm")
    monkeypatch.setenv("BINHYEN_BACKUP_PASSWORD", "mật khẩu dài lắm")
    assert main.main(["restore", "--db", str(db_path), str(encrypted)]) == 0
    capsys.readouterr()
    assert list(scratch.iterdir()) == []
    assert not [p for p in db_path.parent.iterdir() if p.name.startswith(TEMP_PREFIX)]
    monkeypatch.setenv("BINHYEN_BACKUP_PASSWORD", "sai mật khẩu")
    assert main.main(["restore", "--db", str(db_path), str(encrypted)]) == 2
    assert not [p for p in db_path.parent.iterdir() if p.name.startswith(TEMP_PREFIX)]
