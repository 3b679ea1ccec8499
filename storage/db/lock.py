"""One writer per database, enforced by the operating system: the writer holds an
exclusive lock (fcntl.flock on POSIX, msvcrt.locking on Windows) on `<tệp>.lock` for as
long as it works; the system drops it when the process ends, crash included, so a lock
is never left behind on the same machine. The file's content only tells who holds the
lock (host, process, since, user) so that others can say so; it is never trusted to
decide anything.

The app and every command-line writer take the lock (cli/session.py); a second
instance works read-only. A lock held from another machine over a shared folder can be
taken over by an administrator after confirming (`take_over`): the old file is
removed and a new one locked, so the other machine's lock no longer counts."""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from storage.clock import now_iso
from storage.errors import StorageError

_WINDOWS_OFFSET = 1 << 30  # Windows locks a byte range: one far past the text, so others can read it
_HELD: dict[str, int] = {}  # resolved lock path → the descriptor holding the OS lock in this process


class LockedError(StorageError):
    """Another process writes this database."""

    def __init__(self, holder: LockInfo | None):
        self.holder = holder
        super().__init__(describe(holder) + " Hãy đóng Bình Yên ở đó rồi làm lại.")


@dataclass
class LockInfo:
    host: str
    pid: int
    since: str
    user: str


def describe(holder: LockInfo | None) -> str:
    if holder is None:
        return "Tệp dữ liệu đang được một chương trình Bình Yên khác ghi."
    who = f", người dùng {holder.user}" if holder.user else ""
    return (f"Tệp dữ liệu đang được Bình Yên ghi trên máy {holder.host} (tiến trình {holder.pid}{who}) "
            f"từ {holder.since}.")


def lock_path(db_path: Path) -> Path:
    return Path(f"{db_path}.lock")


def _key(db_path: Path) -> str:
    return str(lock_path(Path(db_path)).resolve())


def _try_lock(fd: int) -> bool:
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, _WINDOWS_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):
        return False
    return True


def _unlock(fd: int) -> None:
    try:
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, _WINDOWS_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        pass


def read(db_path: Path) -> LockInfo | None:
    """Who the lock file says holds the lock (it may be stale: only `is_locked` tells)."""
    try:
        with open(lock_path(db_path), "rb") as handle:
            data = json.loads(handle.read(4096).decode("utf-8"))
        return LockInfo(str(data["host"]), int(data["pid"]), str(data["since"]), str(data.get("user", "")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _still_the_file(fd: int, path: Path) -> bool:
    """Whether the locked descriptor is still the file at `path` (POSIX: a release or a
    take-over removes the file, and a lock on a removed file protects nothing)."""
    if os.name == "nt":
        return True
    try:
        mine, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


def held_here(db_path: Path) -> bool:
    return _key(db_path) in _HELD


def acquire(db_path: Path, user: str = "") -> tuple[bool, LockInfo | None]:
    """(True, None) when this process may write (now or already); (False, holder) when
    another process holds the lock. Raises StorageError when the lock file cannot be
    made at all (a read-only folder)."""
    key = _key(db_path)
    if key in _HELD:
        return True, None
    path = lock_path(Path(db_path))
    for _attempt in range(5):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        except OSError as error:
            from storage.db.files import reason

            raise StorageError(f"Không tạo được tệp khóa {path.name}: {reason(error)}.") from None
        if not _try_lock(fd):
            os.close(fd)
            return False, read(db_path)
        if _still_the_file(fd, path):
            break
        _unlock(fd)  # the file was removed (released, taken over) between open and lock: again
        os.close(fd)
    else:
        return False, read(db_path)
    try:
        if os.name == "posix":
            os.fchmod(fd, 0o600)
        info = {"host": socket.gethostname(), "pid": os.getpid(), "since": now_iso(), "user": user}
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps(info, ensure_ascii=False).encode("utf-8"))
        os.fsync(fd)
    except OSError:
        pass  # the lock is what counts; the text only informs
    _HELD[key] = fd
    from storage.db.files import remove_leftovers

    folder = Path(db_path).parent
    remove_leftovers(folder, folder / "backups")  # the sole writer now: what a crash left goes
    return True, None


def ensure_writer(db_path: Path, user: str = "") -> None:
    """Take the lock or raise LockedError (one Vietnamese sentence naming the holder)."""
    allowed, holder = acquire(db_path, user)
    if not allowed:
        raise LockedError(holder)


def is_locked(db_path: Path) -> bool:
    """Whether some process (this one included) holds the lock now."""
    if held_here(db_path):
        return True
    path = lock_path(Path(db_path))
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except OSError:
        return False
    try:
        if _try_lock(fd):
            _unlock(fd)
            return False
        return True
    finally:
        os.close(fd)


def release(db_path: Path) -> None:
    """Give the lock up (if this process holds it) and remove the file. Removing it while
    still locked is safe because a process that locks checks that its file is still the
    one at the path (`_still_the_file`)."""
    fd = _HELD.pop(_key(db_path), None)
    if fd is None:
        return
    path = lock_path(Path(db_path))
    if os.name != "nt":
        try:
            if _still_the_file(fd, path):
                path.unlink()
        except OSError:
            pass
    _unlock(fd)
    os.close(fd)
    if os.name == "nt":
        try:
            path.unlink()
        except OSError:
            pass  # another process opened it meanwhile: it stays, and only tells


def take_over(db_path: Path, user: str = "") -> LockInfo | None:
    """An administrator, after confirming, takes the lock from another machine (a PC that
    died with the file open on a shared folder). Returns who held it. A holder on this
    machine is a running process: that is refused."""
    allowed, holder = acquire(db_path, user)
    if allowed:
        return None
    if holder is not None and holder.host == socket.gethostname():
        raise LockedError(holder)
    try:
        lock_path(Path(db_path)).unlink()
    except OSError as error:
        from storage.db.files import reason

        raise StorageError(f"Không tiếp quản được khóa: {reason(error)}. Hãy tắt Bình Yên trên máy "
                           f"{holder.host if holder else 'kia'} rồi mở lại.") from None
    allowed, _ = acquire(db_path, user)
    if not allowed:
        raise LockedError(read(db_path))
    return holder
