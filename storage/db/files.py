"""Writing files so that a crash never leaves half of one, readable by the user only:
a temporary file beside the target (named so the next start can find and remove it
after a crash), created 0600, flushed to disk, then renamed over it. A folder given by
the user is created if missing but never chmodded."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from storage.db.paths import TEMP_PREFIX, temporary_path  # noqa: F401 (one place for the name)
from storage.errors import StorageError

PRIVATE_FILE = 0o600


class FileWriteError(StorageError):
    """Writing a file failed for a reason a person can act on (disk full, read-only)."""


def reason(error: OSError) -> str:
    """An OSError as a Vietnamese phrase."""
    return {
        errno.ENOSPC: "ổ đĩa đã đầy",
        errno.EDQUOT: "đã hết hạn mức dung lượng",
        errno.EROFS: "ổ đĩa chỉ cho đọc",
        errno.EACCES: "không có quyền ghi",
        errno.EPERM: "tệp bị khóa không cho sửa (thuộc tính bất biến hoặc quyền)",
        errno.EISDIR: "đó là một thư mục, không phải tệp",
        errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
        errno.ENOENT: "thư mục không tồn tại",
        errno.ENAMETOOLONG: "tên tệp quá dài",
        errno.EIO: "lỗi đọc ghi của ổ đĩa",
    }.get(error.errno, "lỗi hệ thống tệp")


def open_private(path: Path, flags: int = os.O_WRONLY | os.O_CREAT | os.O_TRUNC):
    """A binary file handle for writing, created 0600 (and made 0600 if it existed)."""
    descriptor = os.open(path, flags | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
    try:
        if os.name == "posix":
            os.fchmod(descriptor, PRIVATE_FILE)
        return os.fdopen(descriptor, "wb")
    except BaseException:
        os.close(descriptor)
        raise


def make_private(path: Path) -> None:
    """chmod 0600 a file the app wrote through another library (SQLite, ReportLab)."""
    if os.name == "posix":
        try:
            os.chmod(path, PRIVATE_FILE)
        except FileNotFoundError:
            pass


SQLITE_HEADER = b"SQLite format 3\x00"


def is_sqlite_file(path: Path) -> bool:
    """Whether `path` starts with SQLite's header (read without opening it as a database:
    another process may be writing it)."""
    try:
        with Path(path).open("rb") as stream:
            return stream.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def refuse_special_target(path: Path) -> None:
    """A target that exists and is not a regular file (a folder, /dev/null, a device, a
    pipe) is refused before anything is written: renaming a temporary file over it would
    replace the device node itself when run with the rights to do so. Raises FileWriteError."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):  # missing (to be created), or a name the writer refuses itself
        return
    if stat.S_ISDIR(mode):
        raise FileWriteError(f"Không ghi được {path}: đó là một thư mục; hãy ghi rõ tên tệp.")
    if not stat.S_ISREG(mode):
        raise FileWriteError(f"Không ghi được {path}: đó là thiết bị hoặc tệp đặc biệt, không phải tệp thường; "
                             "hãy ghi rõ tên một tệp.")


# Files kept beside a data file: SQLite's journal, the writer lock (storage/db/lock.py),
# the highest package number (storage/exchange/identity.py). Writing over one breaks it.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal", ".lock", ".so-goi.json")


def companion_of(target: Path, data_file: Path | None) -> bool:
    """Whether `target` is the data file itself or one of its companion files."""
    if data_file is None:
        return False
    for candidate in (Path(data_file), *(Path(f"{data_file}{suffix}") for suffix in COMPANION_SUFFIXES)):
        try:
            if Path(target).resolve() == candidate.resolve() or (
                    Path(target).exists() and candidate.exists() and os.path.samefile(target, candidate)):
                return True
        except (OSError, ValueError, RuntimeError):
            continue
    return False


def refuse_companion(target: Path, data_file: Path | None) -> None:
    """Refuse (FileWriteError) to write over the data file or a companion file of it."""
    if companion_of(target, data_file):
        raise FileWriteError(f"Không ghi được {Path(target).name}: đó là tệp dữ liệu {Path(data_file).name} hoặc "
                             "tệp đi kèm nó (khóa ghi, số gói, nhật ký của SQLite); hãy chọn tên tệp khác.")


def write_temporary(path: Path, data: bytes) -> Path:
    """`data` on disk (0600, fsynced) in a temporary file beside `path`, not yet in its
    place: the caller renames it with os.replace when the rest of its work is done (a
    print takes its number in the same step). Raises FileWriteError (Vietnamese)."""
    path = Path(path)
    if "\x00" in str(path):
        raise FileWriteError("Không ghi được tệp: tên tệp chứa ký tự không hợp lệ.")
    refuse_special_target(path)
    temporary = path.with_name(f"{TEMP_PREFIX}{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open_private(temporary) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        try:
            temporary.unlink()
        except OSError:
            pass
        raise FileWriteError(f"Không ghi được {path.name}: {reason(error)}; không có tệp nào bị ghi dở.") from None
    return temporary


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all, 0600. Raises FileWriteError (Vietnamese)."""
    path = Path(path)
    if path.is_dir():
        raise FileWriteError(f"Không ghi được {path}: đó là một thư mục; hãy ghi rõ tên tệp.")
    temporary = write_temporary(path, data)
    try:
        os.replace(temporary, path)
    except OSError as error:
        try:
            temporary.unlink()
        except OSError:
            pass
        raise FileWriteError(f"Không ghi được {path.name}: {reason(error)}; không có tệp nào bị ghi dở.") from None


def private_umask() -> None:
    """Everything this process creates from now on (SQLite's database, -wal and -shm,
    logs, PDFs, workbooks, copies, temporary files) is readable by the user only, and
    folders it creates are 0700; folders that exist are left as they are."""
    if os.name == "posix":
        os.umask(0o077)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _is_leftover(candidate: Path) -> bool:
    name = candidate.name
    if not (name.startswith(TEMP_PREFIX) or (name.startswith(".") and name.endswith((".tmp", ".khoi-phuc")))
            or name.endswith(".db.tmp")):
        return False
    pids = [int(part) for part in name.split(".") if part.isdigit() and len(part) < 10]
    return not any(_alive(pid) for pid in pids)


def remove_leftovers(*folders: Path) -> list[Path]:
    """Delete the temporary files a crash left in `folders` (the data folder and its
    backups, when the writer lock is taken); a file whose writing process still runs is
    kept. Returns what was removed."""
    removed = []
    for folder in folders:
        try:
            candidates = [c for c in Path(folder).iterdir() if c.is_file() and _is_leftover(c)]
        except OSError:
            continue
        for candidate in candidates:
            try:
                candidate.unlink()
                removed.append(candidate)
            except OSError:
                pass
    return removed


def no_space(folder: Path, margin: int = 256 << 10) -> bool:
    """Whether the disk holding `folder` is (nearly) full."""
    import shutil

    try:
        return shutil.disk_usage(folder).free < margin
    except OSError:
        return False


def failure_sentence(error: BaseException, locked_by: str | None = None) -> str:
    """One Vietnamese sentence for a failure of the disk or the database file that no
    layer turned into a StorageError (the command line's last word; no traceback).
    `locked_by` says who writes the file (lock.describe), when another process does: the
    lock builds on this module, so this module never imports it (no cycle)."""
    import sqlite3

    text = str(error).lower()
    if isinstance(error, MemoryError):
        return "Không đủ bộ nhớ để làm việc này; không có gì bị ghi dở."
    if isinstance(error, sqlite3.Error):
        if "readonly" in text or "read-only" in text:
            if locked_by is not None:
                return locked_by + " Lệnh này chỉ đọc được; hãy đóng Bình Yên ở đó rồi chạy lại."
            return ("Tệp dữ liệu chỉ cho đọc (quyền, thuộc tính bất biến hoặc ổ chỉ đọc); không ghi được gì. "
                    "Hãy kiểm tra quyền của tệp và thư mục.")
        if "full" in text:
            return "Ổ đĩa đã đầy: không ghi được; không có gì bị ghi dở. Hãy giải phóng chỗ trống rồi làm lại."
        if "malformed" in text or "not a database" in text or "corrupt" in text:
            return ("Tệp dữ liệu bị hỏng. Hãy chạy lệnh check để xem chỗ hỏng, rồi restore từ bản sao lưu gần "
                    "nhất.")
        if "locked" in text or "busy" in text:
            return "Tệp dữ liệu đang bận (một chương trình khác đang ghi); hãy thử lại sau ít phút."
        if "disk i/o" in text:
            return "Lỗi đọc ghi ổ đĩa khi làm việc với tệp dữ liệu; không có gì bị ghi dở. Hãy kiểm tra ổ đĩa."
        return "Cơ sở dữ liệu báo lỗi; không có gì bị ghi dở. Hãy chạy lệnh check."
    if isinstance(error, OSError):
        where = f" {Path(error.filename).name}" if getattr(error, "filename", None) else ""
        return f"Không đọc hoặc ghi được tệp{where}: {reason(error)}."
    return "Lỗi không rõ; không có gì bị ghi dở."
