"""Who works on which file: the data file from --db (or the default), the acting account
from --user (password from BINHYEN_PASSWORD or asked), else the owner of the file."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from cli.parser import CommandError


def actor_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name on some service accounts
        return "dòng lệnh"


def resolve_db(args) -> Path:
    from storage.db.paths import default_db_path

    return Path(args.db) if getattr(args, "db", None) else default_db_path()


def open_existing(args):
    from storage.errors import DatabaseFileError
    from storage.records.unit import has_unit

    path = resolve_db(args)
    if not path.exists():
        raise CommandError(f"Không tìm thấy tệp dữ liệu {path}. Hãy kiểm tra đường dẫn --db "
                           "hoặc tạo tệp bằng lệnh init hay demo.")
    if not path.is_file() and not path.is_dir():  # /dev/zero, a pipe: before the lock file beside it
        raise CommandError(f"{path} là thiết bị hoặc tệp đặc biệt, không phải tệp dữ liệu; "
                           "hãy kiểm tra đường dẫn --db.")
    if path.is_file() and path.stat().st_size == 0:
        # SQLite takes an empty file for a new database: opening it would write the schema
        # into a file a reading command was only asked to look at.
        raise CommandError(f"Tệp {path} rỗng (0 byte), chưa phải tệp dữ liệu; hãy kiểm tra đường dẫn --db "
                           "hoặc chạy lệnh init để khởi tạo đơn vị.")
    try:
        db = _open_as_writer_or_reader(path)
    except DatabaseFileError as error:
        raise CommandError(str(error)) from error
    if not has_unit(db):
        db.close()
        raise CommandError(f"Tệp {path} chưa được khởi tạo đơn vị; hãy chạy lệnh init.")
    try:
        args.actor = who_is_working(db, path, getattr(args, "user", None))
    except BaseException:
        db.close()
        raise
    return db


# Locks this command line took (released when the command ends), and who holds the lock
# of a file opened read-only because another process writes it.
TAKEN: list[Path] = []
LOCKED_BY: dict[str, object] = {}


def _open_as_writer_or_reader(path: Path):
    """The file with the operating-system writer lock (storage/db/lock.py); when another
    process (the app, another command) writes it, read-only: reading commands work, a
    write ends in one sentence naming who writes (cli.main)."""
    from storage.db import lock
    from storage.db.connection import open_database, open_read_only

    held = lock.held_here(path)
    allowed, holder = lock.acquire(path, actor_name())
    if not allowed:
        LOCKED_BY[str(path)] = holder
        return open_read_only(path)
    if not held:
        TAKEN.append(path)
    return open_database(path, create=False)


def refuse_read_only(db) -> None:
    """For a command that writes a file outside the data file (a package, a PDF) before
    the entry recording it: when another process holds the writer lock, refuse before
    anything is written, not after the file is out and its entry could not be kept
    (a package whose number the next export would reuse)."""
    holder = next(iter(LOCKED_BY.values()), None)
    if holder is None:
        return
    from storage.db.lock import describe

    db.close()
    raise CommandError(describe(holder) + " Lệnh này chỉ đọc được; hãy đóng Bình Yên ở đó rồi chạy lại.")


def release_taken() -> None:
    from storage.db import lock

    while TAKEN:
        lock.release(TAKEN.pop())
    LOCKED_BY.clear()


def owner():
    """The person running the command on their own file: its local administrator."""
    from operations.base import ADMIN, Actor

    return Actor(actor_name(), ADMIN)


def who_is_working(db, path: Path, user: str | None):
    """The operations.base.Actor working on the file; what it may do is declared by each
    operation. With --user, the account's password comes from BINHYEN_PASSWORD or is
    asked for, and the account logs in (operations.accounts.login). Without it, the
    person who owns the data file works as its local administrator (the README says so)."""
    import os

    from operations import accounts
    from operations.base import Actor

    if user:
        password = os.environ.get("BINHYEN_PASSWORD")
        if password is None:
            if sys.stdin is None or not sys.stdin.isatty():  # windowed or piped: no one to ask
                raise CommandError("Thiếu mật khẩu: đặt biến môi trường BINHYEN_PASSWORD hoặc chạy trong cửa sổ lệnh.")
            password = getpass.getpass(f"Mật khẩu của {user}: ")
        account = accounts.login(db, accounts.ANONYMOUS, user, password).value
        return Actor.from_account(account)
    if os.name == "posix" and path.stat().st_uid != os.getuid():
        raise CommandError("Tệp dữ liệu thuộc người dùng khác; hãy dùng --user TÀI_KHOẢN.")
    return owner()

