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
    from storage.db.connection import open_database
    from storage.errors import DatabaseFileError
    from storage.records.unit import has_unit

    path = resolve_db(args)
    if not path.exists():
        raise CommandError(f"Không tìm thấy tệp dữ liệu {path}. Hãy kiểm tra đường dẫn --db "
                           "hoặc tạo tệp bằng lệnh init hay demo.")
    try:
        db = open_database(path, create=False)
    except DatabaseFileError as error:
        raise CommandError(str(error)) from error
    if not has_unit(db):
        db.close()
        raise CommandError(f"Tệp {path} chưa được khởi tạo đơn vị; hãy chạy lệnh init.")
    try:
        args.actor, args.account = who_is_working(db, path, getattr(args, "user", None))
    except BaseException:
        db.close()
        raise
    if args.command in WRITING_COMMANDS and args.account is not None and not args.account.can_write:
        db.close()
        raise CommandError("Tài khoản chỉ xem không được chạy lệnh này.")
    if args.command in ADMIN_COMMANDS and args.account is not None and not args.account.is_admin:
        db.close()
        raise CommandError("Chỉ tài khoản quản trị mới được chạy lệnh này.")
    return db


WRITING_COMMANDS = {"print", "export", "import", "trust", "backup"}
ADMIN_COMMANDS = {"restore"}


def who_is_working(db, path: Path, user: str | None):
    """(name for the audit trail, account or None). With --user, the account's password
    comes from BINHYEN_PASSWORD or is asked for. Without it, the person who owns the data
    file works as its local administrator (the README says so)."""
    import os

    from storage.records import accounts

    if user:
        password = os.environ.get("BINHYEN_PASSWORD")
        if password is None:
            if not sys.stdin.isatty():
                raise CommandError("Thiếu mật khẩu: đặt biến môi trường BINHYEN_PASSWORD hoặc chạy trong cửa sổ lệnh.")
            password = getpass.getpass(f"Mật khẩu của {user}: ")
        account = accounts.login(db, user, password)
        return account.full_name, account
    if os.name == "posix" and path.stat().st_uid != os.getuid():
        raise CommandError("Tệp dữ liệu thuộc người dùng khác; hãy dùng --user TÀI_KHOẢN.")
    return actor_name(), None

