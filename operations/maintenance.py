"""Looking after the data file: set up a unit in a new file, a demo commune, backups,
restore (under the writer lock), the integrity check, the second backup place and the
fonts printing uses. Operations that make a new file take `db=None` and a path; restore
closes the connection it is given, because it replaces the file under it."""

from __future__ import annotations

from pathlib import Path

from operations.base import ADMIN, OFFICER, VIEWER, Changes, Result, operation
from storage.db import backup as backups
from storage.db import integrity, lock
from storage.db.connection import open_database
from storage.db.files import TEMP_PREFIX, temporary_path
from storage.errors import StorageError, ValidationError
from storage.records import unit


def _remove_file(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)


def _every_table() -> Changes:
    """A whole new or replaced file: every page refreshes."""
    return Changes().add("")


@operation(ADMIN, transaction=False)
def init(db, actor, path: Path, *, role: str, province=None, commune=None, name=None, parent=None,
         superior=None, place_name=None, area_names: list[str] | None = None) -> Result:
    """A new data file at `path` for one unit (a station or an aggregator), with its lists,
    pledge text, keys and areas. A refused set-up leaves no file behind."""
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        raise ValidationError(f"Tệp {path} đã có dữ liệu; hãy chọn tên tệp khác.", "db")
    created = open_database(path)
    try:
        made = unit.initialise(created, actor.name, role=role, province=province, commune=commune,
                               name=name, parent=parent, superior=superior, place_name=place_name,
                               area_names=area_names)
    except BaseException:
        created.close()
        _remove_file(path)
        raise
    created.close()
    return Result(made, _every_table())


@operation(ADMIN, transaction=False)
def demo(db, actor, path: Path, *, households: int = 3000, seed: int = 1, province: int | None = None,
         progress=None, cancelled=None) -> Result:
    """A new data file at `path` holding a real commune with invented people (for trying
    the app, training, benchmarks). Cancelled or failed: no file is left."""
    from storage import demo as demo_data

    made = demo_data.generate(path, households_count=households, seed=seed, province_code=province,
                              progress=progress, cancelled=cancelled)
    try:
        station = unit.get_unit(made)
    finally:
        made.close()
    return Result(station, _every_table())


@operation(OFFICER, transaction=False)
def backup(db, actor, *, out: Path | None = None, reason: str = "thu-cong",
           only_if_changed: bool = False, progress=None) -> Result:
    """A consistent copy of the open file: to `out` (one ordinary SQLite file), or into the
    deduplicated store in the backups folder beside it (then thinned 7/4/12 and copied to
    the second place); `progress(done, total)` counts its chunks. None when nothing
    changed and `only_if_changed`."""
    if out is not None:
        return Result(backups.backup_to_file(db, Path(out)))
    path = backups.db_file(db)
    if path is None:
        raise StorageError("Dữ liệu đang nằm trong bộ nhớ, không có tệp để sao lưu.")
    return Result(backups.make_backup(db, path, reason, only_if_changed=only_if_changed, progress=progress))


@operation(VIEWER, transaction=False)
def list_backups(db, actor, *, verify: bool = False) -> Result:
    """The backups of the open file, newest first, each as (BackupInfo, None or the
    sentence saying it is damaged): a quick look for missing chunks, or with `verify`
    every chunk read back and checked against its hash."""
    from storage.db import backup_store

    path = backups.db_file(db)
    if path is None:
        raise StorageError("Dữ liệu đang nằm trong bộ nhớ, không có bản sao lưu.")
    listed = []
    for info in backups.list_backups(path):
        if verify and backup_store.is_manifest(info.path):
            problem = backup_store.verify(info.path)
        else:
            problem = None if info.intact() else (f"Bản sao lưu {info.path.name} bị hỏng (thiếu hoặc hỏng một phần "
                                                  "dữ liệu); hãy chọn bản sao lưu khác.")
        listed.append((info, problem))
    return Result(listed)


@operation(ADMIN, transaction=False)
def restore(db, actor, source: Path, *, db_path: Path | None = None, password: str | None = None) -> Result:
    """Replace the data file with a backup, after a safety copy of the current state.
    `db` is the open connection to the file (closed here: the file changes under it), or
    None with `db_path` when the file is too damaged to open. The writer lock is held for
    the whole restore, from the app and the command line alike: taken here unless this
    process holds it already (the app keeps it, and reopens the file afterwards), and
    released only if taken here. An encrypted copy (.byb) needs `password`.
    Returns the path of the safety copy."""
    path = Path(db_path) if db_path is not None else backups.db_file(db)
    if path is None:
        raise StorageError("Dữ liệu đang nằm trong bộ nhớ, không có tệp để khôi phục.")
    source = Path(source)
    if not source.is_file():
        raise ValidationError(f"Không tìm thấy bản sao lưu {source}.", "file")
    held = lock.held_here(path)
    allowed, holder = lock.acquire(path, actor.name)
    if not allowed:
        raise StorageError(f"Tệp dữ liệu đang được mở trên {holder.host} (tiến trình {holder.pid}); "
                           "hãy đóng Bình Yên ở đó trước khi khôi phục.")
    plain = None  # a USB copy decrypted in the data folder (never /tmp), removed whatever happens
    try:
        if db is not None:
            db.close()
        if source.suffix.lower() == ".byb":
            if password is None:
                raise ValidationError("Bản sao lưu ngoài được mã hóa: cần mật khẩu của nó.", "password")
            plain = source = backups.decrypt_copy(source, password, temporary_path(path.parent, source.stem + ".db"))
        elif source.name.startswith(TEMP_PREFIX) and source.parent == path.parent:
            plain = source  # decrypted by the app's dialog
        safety = backups.restore(path, source, actor.name)
    finally:
        if plain is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{plain}{suffix}").unlink(missing_ok=True)
        if not held:
            lock.release(path)
    return Result(safety, _every_table())


CHECK_STEPS = integrity.STEPS + ("đối chiếu chuỗi nhật ký với các mốc (gói đã gửi, bản sao lưu)",)


@operation(VIEWER, transaction=False)
def check(db, actor, *, progress=None, cancelled=None) -> Result:
    """Integrity, foreign keys, the audit chain, and the chain against its anchors (the
    heads sent in packages and kept in backups): a list of CheckResult. The app runs it
    on a worker and the command line in front, both through `progress(done, total,
    message)`, called as each step of CHECK_STEPS starts (and once at the end); with
    `cancelled()` true it stops part way (inside a step too) and the value is None. It
    only reads: stopped or not, nothing is written."""
    import sqlite3

    from storage.exchange import anchors

    total = len(CHECK_STEPS)

    def step(index: int) -> None:
        if progress is not None:
            progress(index, total, f"Bước {index + 1}/{total}: {CHECK_STEPS[index]}…")

    try:
        results = integrity.full_check(db, step, cancelled)
        if all(result.ok for result in results[:1]):
            step(total - 1)
            try:
                with integrity.interruptible(db, cancelled):
                    results.append(anchors.check(db, backups.db_file(db)))
            except sqlite3.Error:
                pass  # damaged pages: already reported by the integrity check
    except integrity.CheckCancelled:
        return Result(None)
    if progress is not None:
        progress(total, total, "Đã kiểm tra xong.")
    return Result(results)


@operation(ADMIN)
def set_second_place(db, actor, folder: Path, password: str) -> Result:
    """Where encrypted copies also go (a USB stick), and their password."""
    backups.set_second_place(db, actor.name, Path(folder), password)
    return Result(Path(folder), Changes().add("settings"))


@operation(VIEWER, transaction=False)
def fonts(db, actor) -> Result:
    """The serif family PDFs use, registered once (db is not needed: None)."""
    from printing.fonts import register

    return Result(register())
