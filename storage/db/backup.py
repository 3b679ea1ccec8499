"""Copies of the database through SQLite's online backup API (consistent while in use),
kept as 7 daily, 4 weekly and 12 monthly copies; restoring takes a copy of the current
state first. A second place (a USB stick) receives copies encrypted with a password."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from storage.db import backup_store as store
from storage.db.copy import STAMP, backup_name, backup_to_file  # noqa: F401 (used here and by callers)
from storage.db.paths import ensure_private_dir
from storage.errors import StorageError

COUNTED = ("people", "households", "teams", "patrols", "mediation_cases")


def db_file(db) -> Path | None:
    """The file behind a connection, or None in memory."""
    row = db.conn.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else None


@dataclass
class BackupInfo:
    path: Path
    created: datetime
    reason: str
    size: int
    counts: dict[str, int]
    audit_head: str | None

    def intact(self) -> bool:
        """Whether every part of it is there (a quick look: a stored backup's chunks
        exist; a plain copy is one file)."""
        return not store.is_manifest(self.path) or not store.missing(self.path)


def folder_for(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


_NAME = re.compile(r"^.+-(\d{8}-\d{6})-([\w-]+)$")


def _parse(path: Path) -> tuple[datetime, str] | None:
    """'binhyen-20261122-215758-truoc-khoi-phuc.db' → (its time, 'truoc-khoi-phuc')."""
    match = _NAME.match(path.stem)
    if not match:
        return None
    try:
        return datetime.strptime(match[1], STAMP), match[2]
    except ValueError:
        return None


def describe(path: Path) -> BackupInfo | None:
    """What a backup holds: a manifest of the store (read as hostile input) or an older
    plain copy. None for anything else, or a manifest that is damaged."""
    parsed = _parse(path)
    if parsed is None:
        return None
    if store.is_manifest(path):
        try:
            stat = Path(path).stat()
            key = (str(path), stat.st_mtime_ns, stat.st_size)
            if key not in _DESCRIBED:  # read once: listing is on the GUI thread (Khôi phục…)
                manifest = store.read_manifest(path)
                _DESCRIBED[key] = (manifest["size"], manifest["counts"], manifest["audit_head"])
        except (OSError, store.DamagedBackup):
            return None
        size, counts, head = _DESCRIBED[key]
        return BackupInfo(Path(path), parsed[0], parsed[1], size, dict(counts), head)
    counts, head = {}, None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            counts, head = _contents(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    return BackupInfo(path, parsed[0], parsed[1], path.stat().st_size, counts, head)


_DESCRIBED: dict[tuple[str, int, int], tuple[int, dict, str | None]] = {}


def _contents(conn) -> tuple[dict[str, int], str | None]:
    counts = {table: conn.execute(f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0]
              for table in COUNTED}
    row = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return counts, (row[0] if row else None)


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Backups of this database (stored ones and older plain copies), newest first."""
    folder = folder_for(db_path)
    if not folder.exists():
        return []
    stem = Path(db_path).stem
    found = [describe(p) for pattern in (f"{stem}-*.db", f"{stem}-*{store.SUFFIX}") for p in folder.glob(pattern)]
    return sorted((b for b in found if b is not None), key=lambda b: b.created, reverse=True)


def make_backup(db, db_path: Path, reason: str = "tu-dong", *, only_if_changed: bool = False,
                progress=None) -> Path | None:
    """A backup of the database in its backups folder (a manifest of the store); with
    only_if_changed, skip when the newest backup already holds the same last audit entry.
    Old backups are thinned, then the copy goes to the second place. Returns the manifest."""
    from storage.records import audit

    if only_if_changed:
        newest = next(iter(list_backups(db_path)), None)
        if newest is not None and newest.audit_head == audit.last_hash(db):
            return None
    target = _store_backup(db, Path(db_path), reason, second_place=True, progress=progress)
    thin(db_path)
    return target


def _store_backup(db, db_path: Path, reason: str, *, second_place: bool = False, progress=None) -> Path:
    """A consistent snapshot (SQLite's backup API, checked with quick_check) in a private
    temporary file beside the database, cut into the store, then removed; the encrypted
    copy for the second place is made from the same snapshot."""
    from storage.db.paths import temporary_path

    folder = ensure_private_dir(folder_for(db_path))
    now = datetime.now()
    target = folder / f"{db_path.stem}-{now.strftime(STAMP)}-{reason}{store.SUFFIX}"
    while target.exists():  # two backups within one second: the second waits for its own name
        time.sleep(0.05)
        now = datetime.now()
        target = folder / f"{db_path.stem}-{now.strftime(STAMP)}-{reason}{store.SUFFIX}"
    snapshot = temporary_path(db_path.parent, db_path.stem + ".sao-luu")
    try:
        backup_to_file(db, snapshot, name=target.name)  # the sentence names the backup, not the snapshot
        try:
            conn = sqlite3.connect(f"file:{snapshot}?mode=ro", uri=True)
            try:
                counts, head = _contents(conn)
                version = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] or 0
                row = conn.execute("SELECT uuid, role, station_name FROM unit LIMIT 1").fetchone()
            finally:
                conn.close()
        except sqlite3.Error:
            raise StorageError(f"Không tạo được bản sao lưu {target.name}: tệp dữ liệu thiếu bảng của Bình Yên "
                               "(không đếm được hồ sơ); hãy chạy lệnh check.") from None
        meta = {"created": now.isoformat(timespec="seconds"), "reason": reason, "counts": counts,
                "audit_head": head, "schema_version": version,
                "unit": dict(zip(("uuid", "role", "station_name"), row)) if row else None}
        try:
            store.put(folder, snapshot, target, meta, progress)
        except OSError as error:
            from storage.db.files import failure_sentence

            raise StorageError("Không tạo được bản sao lưu " + target.name + ": " +
                               failure_sentence(error)[0].lower() + failure_sentence(error)[1:]) from None
        if second_place:
            _to_second_place(db, db_path, snapshot, target.stem)
    finally:
        _remove_database(snapshot)
    return target


def _to_second_place(db, db_path: Path, plain: Path, name: str) -> None:
    try:
        copy_to_second_place(db, plain, name=name)
        _SECOND_PLACE_PROBLEMS.pop(str(db_path), None)
    except (OSError, StorageError) as error:  # the stick was pulled out mid-copy, or is full
        from storage.db.files import FileWriteError, reason

        # the local copy stands; the next one retries; the app shows second_place_problem()
        _SECOND_PLACE_PROBLEMS[str(db_path)] = (str(error) if isinstance(error, FileWriteError) else
                                                f"Không chép được bản sao lưu sang USB: {reason(error)}.")


_SECOND_PLACE_PROBLEMS: dict[str, str] = {}


def second_place_problem(db_path: Path) -> str | None:
    """Why the last copy to the second place failed (a sentence), or None."""
    return _SECOND_PLACE_PROBLEMS.get(str(db_path))


AUTOMATIC = {"tu-dong", "khi-dong"}
REASONS = {"tu-dong": "tự động", "thu-cong": "làm tay", "truoc-khoi-phuc": "trước khi khôi phục",
           "truoc-nhap": "trước khi nhập gói", "truoc-nhap-excel": "trước khi nhập Excel",
           "khi-dong": "khi đóng ứng dụng", "tep-hong": "tệp hỏng giữ lại"}


def reason_label(reason: str) -> str:
    """Why a backup was taken, in words (the code is part of its file name)."""
    if reason.startswith("truoc-nang-cap"):
        return "trước khi nâng cấp"
    return REASONS.get(reason, reason)


def thin(db_path: Path, now: datetime | None = None) -> list[Path]:
    """Automatic copies: keep the newest of each of the last 7 days, 4 weeks and 12
    months. Copies a person asked for, or taken before a migration, import or restore,
    stay a year. Returns what was deleted."""
    now = now or datetime.now()
    backups = list_backups(db_path)
    keep = _kept([(b.path, b.created, b.reason) for b in backups], now)
    deleted = []
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            deleted.append(backup.path)
    folder = folder_for(db_path)
    if (folder / store.CHUNKS).is_dir():  # manifests first, then the chunks none of them names
        store.collect(folder)
    return deleted


def _kept(copies: list[tuple[Path, datetime, str]], now: datetime) -> set[Path]:
    """Which of the copies (path, time, reason) the 7/4/12 rule keeps."""
    keep: set[Path] = set()
    seen_days, seen_weeks, seen_months = set(), set(), set()
    for path, created, reason in sorted(copies, key=lambda c: c[1], reverse=True):  # newest first
        if reason not in AUTOMATIC:
            if now - created < timedelta(days=366):
                keep.add(path)
            continue
        day = created.date()
        week = tuple(day.isocalendar()[:2])
        month = (day.year, day.month)
        if day not in seen_days and len(seen_days) < 7 and now - created < timedelta(days=7):
            seen_days.add(day)
            keep.add(path)
        if week not in seen_weeks and len(seen_weeks) < 4 and now - created < timedelta(weeks=4):
            seen_weeks.add(week)
            keep.add(path)
        if month not in seen_months and len(seen_months) < 12 and now - created < timedelta(days=366):
            seen_months.add(month)
            keep.add(path)
    return keep


def thin_second_place(folder: Path, stem: str, now: datetime | None = None) -> list[Path]:
    """The encrypted copies on the USB stick, thinned by the same 7/4/12 rule."""
    copies = []
    for path in Path(folder).glob(f"{stem}-*.byb"):
        parsed = _parse(path)
        if parsed is not None:
            copies.append((path, parsed[0], parsed[1]))
    keep = _kept(copies, now or datetime.now())
    deleted = []
    for path, _created, _reason in copies:
        if path not in keep:
            path.unlink(missing_ok=True)
            deleted.append(path)
    return deleted


def check_file(path: Path, name: str | None = None) -> None:
    """Refuse a file that is not a healthy Bình Yên database of a version this app reads
    (`name`: the backup's name in the sentences, when `path` is its rebuilt file)."""
    from storage.db.migrations import LATEST

    name = name or Path(path).name

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise StorageError(f"Bản sao lưu {name} bị hỏng (không qua kiểm tra toàn vẹn).")
            version = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
            conn.execute("SELECT count(*) FROM unit").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise StorageError(f"Tệp {name} không phải bản sao lưu Bình Yên.") from None
    if version is None or version > LATEST:
        raise StorageError(f"Bản sao lưu {name} của phiên bản Bình Yên mới hơn; hãy cập nhật phần mềm.")


def restore(db_path: Path, source: Path, actor: str) -> Path:
    """Replace the database's content with a backup's, after a backup of the current
    state. Returns the path of that safety backup. A stored backup is first rebuilt into a
    temporary file beside the database, every chunk and the whole file checked against
    their hashes. The copy goes through SQLite's backup API, so the file is whole before
    and after even if the machine stops half-way."""
    from storage.db.migrations import LATEST
    from storage.db.paths import temporary_path

    source = Path(source)
    if not store.is_manifest(source):
        return _restore_plain(Path(db_path), source, actor, source.name)
    if store.read_manifest(source)["schema_version"] > LATEST:
        raise StorageError(f"Bản sao lưu {source.name} của phiên bản Bình Yên mới hơn; hãy cập nhật phần mềm.")
    plain = temporary_path(Path(db_path).parent, source.stem + ".phuc-dung")
    try:
        store.rebuild(source, plain)
        return _restore_plain(Path(db_path), plain, actor, source.name)
    finally:
        _remove_database(plain)


def _restore_plain(db_path: Path, source: Path, actor: str, name: str) -> Path:
    from storage.db.connection import open_database
    from storage.errors import DatabaseFileError

    check_file(source, name)
    try:
        current = open_database(db_path)
    except DatabaseFileError:
        return _replace_damaged(db_path, source, actor, name)
    try:
        _same_unit(current, source, name)
        safety = _store_backup(current, db_path, "truoc-khoi-phuc")
        staged = _staged(db_path, source, actor, {"file": name, "safety_copy": safety.name})
        try:  # one step: the restored records and the entry recording the restore arrive together
            reader = sqlite3.connect(f"file:{staged}?mode=ro", uri=True)
            try:
                reader.backup(current.conn)
            finally:
                reader.close()
        finally:
            _remove_database(staged)
    finally:
        current.close()
    return safety


def _staged(db_path: Path, source: Path, actor: str, details: dict) -> Path:
    """A copy of `source` beside the database (a temporary file a crash leaves for the
    next start to remove), brought to this version and carrying its restore entry."""
    from storage.db.connection import open_database
    from storage.db.paths import temporary_path
    from storage.records import audit

    staged = temporary_path(Path(db_path).parent, Path(source).stem + ".khoi-phuc")
    _remove_database(staged)
    reader, writer = sqlite3.connect(f"file:{source}?mode=ro", uri=True), sqlite3.connect(str(staged))
    try:
        reader.backup(writer)
    finally:
        reader.close()
        writer.close()
    prepared = open_database(staged)  # migrates an older backup to this version
    try:
        audit.append(prepared, actor, "restore_backup", None, None, None, details)
        prepared.conn.execute("PRAGMA journal_mode = DELETE")  # everything in the one file
    finally:
        prepared.close()
    return staged


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _same_unit(current, source: Path, name: str) -> None:
    """A backup of another unit (another commune, or the superior's aggregator over a
    station) is refused: restoring it would put someone else's records in this file."""
    from storage.vocabulary import label

    mine = current.conn.execute("SELECT uuid, role, station_name FROM unit LIMIT 1").fetchone()
    conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        theirs = conn.execute("SELECT uuid, role, station_name FROM unit LIMIT 1").fetchone()
    except sqlite3.DatabaseError:
        theirs = None
    finally:
        conn.close()
    if mine is None:
        return
    if theirs is None:  # no unit (never initialised, emptied): restoring it would leave no unit here
        raise StorageError(f"Bản sao lưu {name} không có thông tin đơn vị (chưa khởi tạo, hoặc bảng đơn vị "
                           f"bị xóa hay hỏng), không phải bản sao lưu của {mine[2]}: không khôi phục.")
    if theirs[1] != mine[1]:
        raise StorageError(f"Bản sao lưu {name} là của {label('unit_role', theirs[1])} ({theirs[2]}), còn tệp "
                           f"này là của {label('unit_role', mine[1])}: không khôi phục.")
    if theirs[0] != mine[0]:
        raise StorageError(f"Bản sao lưu {name} là của đơn vị khác ({theirs[2]}), không phải {mine[2]}: "
                           "không khôi phục.")


def _replace_damaged(db_path: Path, source: Path, actor: str, name: str) -> Path:
    """The current file cannot even be opened: keep it aside, then put a fresh copy of
    the backup in its place (written beside it and renamed over it)."""
    import shutil

    from storage.db.connection import open_database

    kept = folder_for(db_path) / backup_name(db_path, "tep-hong")
    ensure_private_dir(kept.parent)
    shutil.copy2(db_path, kept)
    staged = _staged(db_path, source, actor, {"file": name, "damaged_copy": kept.name})
    for leftover in (Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        leftover.unlink(missing_ok=True)
    os.replace(staged, db_path)  # the restored file arrives whole, its restore entry inside
    open_database(db_path).close()  # back to WAL
    return kept


# ---- a second place, encrypted ---------------------------------------------------------------
SECOND_MAGIC = b"BINHYEN-BACKUP1\n"


def encrypt_copy(source: Path, folder: Path, password: str) -> Path:
    """An encrypted copy for a USB stick: scrypt(password) → AES-256-GCM."""
    if len(password) < 8:
        raise StorageError("Mật khẩu của bản sao lưu ngoài phải có ít nhất 8 ký tự.")
    salt = os.urandom(16)
    with _plain(Path(source)) as plain:
        return _encrypt_with_key(plain, folder, _password_key(password, salt), salt, Path(source).stem)


@contextmanager
def _plain(source: Path):
    """A plain database file for `source`: itself, or a stored backup rebuilt into a
    temporary file beside it (removed afterwards)."""
    from storage.db.paths import temporary_path

    if not store.is_manifest(source):
        yield source
        return
    plain = store.rebuild(source, temporary_path(source.parent, source.stem + ".ban-thuong"))
    try:
        yield plain
    finally:
        plain.unlink(missing_ok=True)


def _encrypt_with_key(source: Path, folder: Path, key: bytes, salt: bytes, name: str | None = None) -> Path:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from storage.db.files import write_atomically

    nonce = os.urandom(12)
    data = AESGCM(key).encrypt(nonce, Path(source).read_bytes(), SECOND_MAGIC)
    target = Path(folder) / ((name or Path(source).stem) + ".byb")
    write_atomically(target, SECOND_MAGIC + salt + nonce + data)
    return target


def set_second_place(db, actor: str, folder: Path, password: str) -> None:
    """Where copies also go (a USB stick), and the password they are encrypted with.
    The key derived from it is kept in the database, so copies are made without asking;
    it protects the stick if it is lost, not the PC."""
    import base64

    from storage.records import audit, settings

    if len(password or "") < 8:
        raise StorageError("Mật khẩu của bản sao lưu ngoài phải có ít nhất 8 ký tự.")
    if not Path(folder).is_dir():
        raise StorageError(f"Không thấy thư mục {folder}; hãy cắm USB rồi chọn lại.")
    salt = os.urandom(16)
    marker = _write_marker(Path(folder))
    with db.atomic():
        settings.put(db, "second_place", {"folder": str(folder), "salt": base64.b64encode(salt).decode(),
                                          "key": base64.b64encode(_password_key(password, salt)).decode(),
                                          "marker": marker})
        audit.append(db, actor, "set_second_place", "settings", "second_place", None, {"folder": str(folder)})


def second_place(db) -> str | None:
    from storage.records import settings

    found = settings.get(db, "second_place")
    return found["folder"] if found else None


MARKER = ".binhyen-noi-sao-luu-thu-hai"
# Where a stick appears when plugged in (its drive letter or mount point may change).
MOUNT_ROOTS = [Path("/media"), Path("/run/media"), Path("/mnt"), Path("/Volumes")]


def _write_marker(folder: Path) -> str:
    """A small file naming the second place, so the stick is found again by it."""
    import json
    import uuid

    from storage.db.files import write_atomically

    marker = str(uuid.uuid4())
    write_atomically(folder / MARKER, json.dumps({"id": marker}).encode())
    return marker


def _has_marker(folder: Path, marker: str) -> bool:
    import json

    try:
        return json.loads((folder / MARKER).read_bytes()[:1024]).get("id") == marker
    except (OSError, ValueError, AttributeError):
        return False


def locate_second_place(found: dict) -> Path | None:
    """The second place's folder now: where it was chosen if the marker is there, else the
    folder holding the marker on any plugged-in drive (another letter, another mount
    point), else None. A place set before markers existed is found by its path only."""
    folder = Path(found["folder"])
    marker = found.get("marker")
    if marker is None:
        return folder if folder.is_dir() else None
    if _has_marker(folder, marker):
        return folder
    candidates = []
    if os.name == "nt":
        tail = Path(*folder.parts[1:]) if folder.drive else folder
        candidates = [Path(f"{letter}:\\") / tail for letter in "DEFGHIJKLMNOPQRSTUVWXYZ"]
    else:
        for root in MOUNT_ROOTS:
            for depth in ("*", "*/*", "*/*/*"):
                try:
                    candidates += [m.parent for m in root.glob(f"{depth}/{MARKER}")]
                except OSError:
                    continue
    return next((c for c in candidates if _has_marker(c, marker)), None)


def copy_to_second_place(db, source: Path, *, name: str | None = None) -> Path | None:
    """An encrypted copy in the second place, when one is set and plugged in (found by its
    marker file); the copies there are thinned like local ones. `source` is a plain
    database file, or a stored backup (rebuilt into a temporary file beside it first).
    There a copy stays a whole encrypted file: up to 23 of them, each the size of the
    database. None when no place is set or the stick is not plugged in; OSError when the
    copy itself fails."""
    import base64

    from storage.records import settings

    found = settings.get(db, "second_place")
    folder = locate_second_place(found) if found else None
    if folder is None:
        return None
    source = Path(source)
    with _plain(source) as plain:
        target = _encrypt_with_key(plain, folder, base64.b64decode(found["key"]), base64.b64decode(found["salt"]),
                                   name or source.stem)
    db_path = db_file(db)
    if db_path is not None:
        thin_second_place(folder, Path(db_path).stem)
    return target


def decrypt_copy(path: Path, password: str, target: Path) -> Path:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from storage.db.files import write_atomically

    blob = Path(path).read_bytes()
    if not blob.startswith(SECOND_MAGIC):
        raise StorageError(f"Tệp {Path(path).name} không phải bản sao lưu mã hóa của Bình Yên.")
    salt, nonce, data = blob[16:32], blob[32:44], blob[44:]
    try:
        plain = AESGCM(_password_key(password, salt)).decrypt(nonce, data, SECOND_MAGIC)
    except InvalidTag:
        raise StorageError("Sai mật khẩu, hoặc bản sao lưu đã bị hỏng.") from None
    write_atomically(Path(target), plain)
    return Path(target)


def _password_key(password: str, salt: bytes) -> bytes:
    import hashlib

    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=2 ** 15, r=8, p=1, maxmem=64 * 1024 * 1024,
                          dklen=32)
