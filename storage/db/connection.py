"""Opening a station database: pragmas, custom functions and migrations."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from storage import vocabulary
from storage.db import migrations
from storage.errors import DatabaseFileError
from storage.text import fold

BUSY_TIMEOUT_MS = 5000


def connect(path: str | Path | None = None) -> sqlite_utils.Database:
    """A configured connection without migrating; None or ':memory:' is in memory."""
    if path is None or str(path) == ":memory:":
        db = sqlite_utils.Database(memory=True, execute_plugins=False)
    else:
        db = sqlite_utils.Database(sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000),
                                   execute_plugins=False)
    conn = db.conn
    # Folded text (no accents, đ→d) for filtering tables that have no search index.
    conn.create_function("vn_fold", 1, fold, deterministic=True)
    vocabulary.register(conn)  # vn_label(kind, code): the Vietnamese label of a stored code
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    if not db.memory:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise DatabaseFileError("Không bật được chế độ ghi an toàn (WAL) cho tệp dữ liệu.")
    return db


def open_read_only(path: str | Path) -> sqlite_utils.Database:
    """A read-only connection (another instance writes): no migration, no writes."""
    conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    db = sqlite_utils.Database(conn, execute_plugins=False)
    conn.create_function("vn_fold", 1, fold, deterministic=True)
    vocabulary.register(conn)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if migrations.current_version(db) != migrations.LATEST:
        db.close()
        raise DatabaseFileError("Tệp dữ liệu cần nâng cấp nhưng đang được máy khác ghi; hãy mở lại sau.")
    return db


def open_database(path: str | Path | None = None, *, create: bool = True) -> sqlite_utils.Database:
    """Open (or create) a database and bring its schema up to date.

    A file that exists but is not a Bình Yên database, or one made by a newer version
    of the app, raises DatabaseFileError with a message saying what to do."""
    if path is not None and str(path) != ":memory:":
        path = Path(path)
        if not path.exists():
            if not create:
                raise DatabaseFileError(f"Không tìm thấy tệp dữ liệu: {path}")
            from storage.db.paths import ensure_private_dir

            ensure_private_dir(path.parent) if not path.parent.exists() else None
            from storage.db.files import open_private

            try:  # 0600 before SQLite makes it, so its -wal and -shm copy that mode
                open_private(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL).close()
            except OSError as error:
                from storage.db.files import reason

                raise DatabaseFileError(f"Không tạo được tệp dữ liệu {path}: {reason(error)}.") from None
        elif path.is_dir():
            raise DatabaseFileError(f"Đường dẫn là một thư mục, không phải tệp dữ liệu: {path}")
        elif not path.is_file():
            # /dev/zero reads as an empty database: the schema, the WAL beside it, the chmod
            # and, run as root, a file put in the device's place. Refused before SQLite opens it.
            raise DatabaseFileError(f"{path} là thiết bị hoặc tệp đặc biệt, không phải tệp dữ liệu; "
                                    "hãy kiểm tra đường dẫn --db.")
    try:
        db = connect(path)
        db.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        from storage.db.files import failure_sentence, no_space

        if path is not None and no_space(Path(path).parent):
            raise DatabaseFileError("Ổ đĩa đã đầy: không mở được tệp dữ liệu để ghi. Hãy giải phóng chỗ trống "
                                    "rồi làm lại.") from None
        text = str(error).lower()
        if "readonly" in text or "unable to open" in text:
            raise DatabaseFileError(failure_sentence(error)) from None
        raise DatabaseFileError(
            f"Tệp {path} không phải là tệp dữ liệu Bình Yên hoặc đã hỏng ({error})."
        ) from error
    try:
        migrations.migrate(db, Path(path) if path and str(path) != ":memory:" else None)
    except BaseException:
        db.close()
        raise
    if path is not None and str(path) != ":memory:" and os.name == "posix":
        from storage.db.files import make_private

        for item in (Path(path), Path(f"{path}-wal"), Path(f"{path}-shm")):
            make_private(item)
    return db
