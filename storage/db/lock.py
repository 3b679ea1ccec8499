"""One writer per database: a lock file beside it names the host and process that
writes. A second instance opens read-only and says who holds the lock; a lock left by
a process that no longer runs on this host is taken over."""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from storage.clock import now_iso


@dataclass
class LockInfo:
    host: str
    pid: int
    since: str
    user: str


def lock_path(db_path: Path) -> Path:
    return Path(f"{db_path}.lock")


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if handle:
            ctypes.windll.kernel32.CloseHandle(handle)
            return True
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read(db_path: Path) -> LockInfo | None:
    try:
        data = json.loads(lock_path(db_path).read_text(encoding="utf-8"))
        return LockInfo(str(data["host"]), int(data["pid"]), str(data["since"]), str(data.get("user", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def acquire(db_path: Path, user: str = "") -> tuple[bool, LockInfo | None]:
    """(True, None) when this process may write; (False, holder) when another live
    process holds the lock. A stale lock (dead process on this host, or unreadable) is
    taken over."""
    path = lock_path(db_path)
    mine = {"host": socket.gethostname(), "pid": os.getpid(), "since": now_iso(), "user": user}
    for _attempt in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            holder = read(db_path)
            if holder and holder.host == mine["host"] and holder.pid == mine["pid"]:
                return True, None
            if holder and (holder.host != mine["host"] or _alive(holder.pid)):
                return False, holder
            path.unlink(missing_ok=True)  # left by a crash: take it over
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(mine, handle)
        return True, None
    return False, read(db_path)


def release(db_path: Path) -> None:
    holder = read(db_path)
    if holder and holder.host == socket.gethostname() and holder.pid == os.getpid():
        lock_path(db_path).unlink(missing_ok=True)
