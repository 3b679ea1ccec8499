"""The backups folder as a store: each backup is a small manifest (JSON) naming the
chunks of the database file, and each chunk (a fixed slice of the file, aligned on
SQLite pages) is kept once under its SHA-256, compressed with zlib. A backup taken a day
after another shares every page that did not change, so 23 kept copies cost a small
multiple of one.

Crash safety, in any order: a chunk is written to a temporary name in the backups folder
itself (the start-up clean-up removes what a crash leaves there), fsynced and renamed into
place; a manifest is written (temporary, fsync, rename) only after every chunk it names is
durable; thinning deletes manifests first and only then chunks no manifest names, and a
chunk younger than GRACE is never collected (a backup in another process may be about to
name it; a backup that reuses a chunk touches it first).

Everything read back is hostile input: a manifest is capped in size, must be well-formed
JSON of the expected shape, and carries its own hash; chunk names are 64 hex digits (no
path can leave the folder); a chunk is decompressed no further than one chunk's size and
checked against its hash, and the whole file against its hash. A damaged backup is said in
one Vietnamese sentence; the others stay usable."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import threading
import time
import zlib
from pathlib import Path

from storage.db.paths import TEMP_PREFIX, ensure_private_dir
from storage.errors import StorageError

FORMAT = "binhyen-sao-luu-1"
SUFFIX = ".json"
CHUNKS = "chunks"
# A multiple of every SQLite page size (512 … 65,536 bytes). Measured on the 20,000-household
# demo with 200 edits a day: 64 KiB chunks add 14 MB a day, 256 KiB ones 31 MB, 32 KiB ones
# 9 MB but twice the files and manifest (each chunk is 67 bytes of manifest).
CHUNK_SIZE = 64 * 1024
LEVEL = 1  # zlib's fastest level: SQLite pages compress 3–4× already there, and a backup stays quick
MAX_MANIFEST = 64 << 20  # 8.5 GB (the largest aggregator) in 64 KiB chunks is ~9 MB of manifest
MAX_CHUNK = 16 << 20
MAX_FILE = 1 << 40
GRACE = 600  # seconds a new, not yet named chunk is safe from collection
_HEX = re.compile(r"[0-9a-f]{64}")
_REASON = re.compile(r"[\w-]{1,60}")
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


class DamagedBackup(StorageError):
    """A backup that cannot be read back whole (one Vietnamese sentence)."""


def lock_for(folder: Path) -> threading.Lock:
    """One backup, thinning or collection at a time in this process (the hourly backup, the
    close-time one and an import's may overlap on workers)."""
    key = str(Path(folder).resolve())
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


def is_manifest(path: Path) -> bool:
    return Path(path).suffix == SUFFIX


def chunk_path(folder: Path, digest: str) -> Path:
    if not _HEX.fullmatch(digest):  # never a path built from unchecked text
        raise DamagedBackup("Tên khối dữ liệu trong bản sao lưu không hợp lệ.")
    return Path(folder) / CHUNKS / digest[:2] / digest


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows makes a rename durable with the file; directories cannot be opened
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# Linux's sync() returns once everything is on disk: one call makes a backup's new chunks
# durable at once (one fsync each took 7 ms here, most of a day's backup). Elsewhere each
# chunk is fsynced before it takes its name.
_BATCHED = sys.platform.startswith("linux")


def _write_chunk(folder: Path, digest: str, block: bytes) -> Path:
    """The compressed chunk in a temporary file in the backups folder itself (which the
    start-up clean-up empties of what a crash leaves); it takes its name in _settle."""
    from storage.db.files import open_private

    temporary = Path(folder) / f"{TEMP_PREFIX}{digest}.{os.getpid()}"
    try:
        with open_private(temporary) as handle:
            handle.write(zlib.compress(block, LEVEL))
            if not _BATCHED:
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _settle(folder: Path, written: dict[str, Path]) -> None:
    """The new chunks durable, then under their names, the names durable: only then may
    a manifest name them (a chunk under its name is always whole, so a later backup may
    reuse it without reading it)."""
    if not written:
        return
    if _BATCHED:
        os.sync()
    parents = set()
    for digest, temporary in written.items():
        target = chunk_path(folder, digest)
        if target.parent not in parents:
            ensure_private_dir(target.parent)
            parents.add(target.parent)
        os.replace(temporary, target)
    if _BATCHED:
        os.sync()
    else:
        for parent in parents | {Path(folder) / CHUNKS}:
            _fsync_dir(parent)


def _canonical(manifest: dict) -> bytes:
    body = {key: value for key, value in manifest.items() if key != "manifest_sha256"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def put(folder: Path, source: Path, target: Path, meta: dict, progress=None) -> Path:
    """Store the file `source` (a checked snapshot) and write its manifest at `target`
    with `meta` (created, reason, counts, audit_head, schema_version, unit). Only chunks
    the store does not hold yet are compressed and written. `progress(done, total)` in
    chunks, a hundred times at most."""
    from storage.db.files import write_atomically

    folder = ensure_private_dir(Path(folder))
    ensure_private_dir(folder / CHUNKS)
    total = Path(source).stat().st_size
    chunks = -(-total // CHUNK_SIZE)
    step = max(1, chunks // 100)  # a hundred reports at most
    digests, whole, size, written = [], hashlib.sha256(), 0, {}
    with lock_for(folder):
        try:
            with open(source, "rb") as handle:
                while block := handle.read(CHUNK_SIZE):
                    whole.update(block)
                    size += len(block)
                    digest = hashlib.sha256(block).hexdigest()
                    if digest not in written:
                        try:
                            os.utime(chunk_path(folder, digest))  # in use again: safe from a collection elsewhere
                        except FileNotFoundError:
                            written[digest] = _write_chunk(folder, digest, block)
                    digests.append(digest)
                    if progress is not None and (len(digests) % step == 0 or size == total):
                        progress(len(digests), chunks)
            _settle(folder, written)
        finally:
            for temporary in written.values():
                temporary.unlink(missing_ok=True)  # any not renamed (a failure half-way)
        manifest = {"format": FORMAT, "chunk_size": CHUNK_SIZE, "size": size, "sha256": whole.hexdigest(),
                    "chunks": digests, **meta}
        manifest["manifest_sha256"] = hashlib.sha256(_canonical(manifest)).hexdigest()
        write_atomically(Path(target), json.dumps(manifest, ensure_ascii=False).encode("utf-8"))
        _fsync_dir(folder)
    return Path(target)


def _damaged(path: Path, why: str) -> DamagedBackup:
    return DamagedBackup(f"Bản sao lưu {Path(path).name} bị hỏng ({why}); hãy chọn bản sao lưu khác.")


def read_manifest(path: Path) -> dict:
    """A manifest checked through: shape, bounds and its own hash. Raises DamagedBackup."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_MANIFEST + 1)
    except OSError:
        raise _damaged(path, "không đọc được tệp mô tả") from None
    if len(raw) > MAX_MANIFEST:
        raise _damaged(path, "tệp mô tả lớn bất thường")
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _damaged(path, "tệp mô tả không đúng định dạng") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _damaged(path, "tệp mô tả không đúng định dạng")
    problem = _shape_problem(manifest)
    if problem:
        raise _damaged(path, problem)
    if manifest["manifest_sha256"] != hashlib.sha256(_canonical(manifest)).hexdigest():
        raise _damaged(path, "tệp mô tả bị sửa hoặc hỏng")
    return manifest


def _is_int(value, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def _shape_problem(m: dict) -> str | None:
    chunk_size, size, chunks = m.get("chunk_size"), m.get("size"), m.get("chunks")
    if not (_is_int(chunk_size, 512, MAX_CHUNK) and chunk_size % 512 == 0):
        return "cỡ khối không hợp lệ"
    if not _is_int(size, 0, MAX_FILE):
        return "cỡ tệp không hợp lệ"
    if not isinstance(chunks, list) or not all(isinstance(c, str) and _HEX.fullmatch(c) for c in chunks):
        return "danh sách khối không hợp lệ"
    if len(chunks) != -(-size // chunk_size):
        return "danh sách khối không khớp cỡ tệp"
    for key in ("sha256", "manifest_sha256"):
        if not (isinstance(m.get(key), str) and _HEX.fullmatch(m[key])):
            return "mã băm không hợp lệ"
    if not (isinstance(m.get("created"), str) and len(m["created"]) <= 40):
        return "thời điểm không hợp lệ"
    if not (isinstance(m.get("reason"), str) and _REASON.fullmatch(m["reason"])):
        return "lý do không hợp lệ"
    counts = m.get("counts")
    if not (isinstance(counts, dict) and len(counts) <= 50
            and all(isinstance(k, str) and _is_int(v, 0, 1 << 62) for k, v in counts.items())):
        return "số bản ghi không hợp lệ"
    head = m.get("audit_head")
    if head is not None and not (isinstance(head, str) and len(head) <= 200):
        return "đầu chuỗi nhật ký không hợp lệ"
    if not _is_int(m.get("schema_version"), 0, 1 << 31):
        return "phiên bản dữ liệu không hợp lệ"
    unit = m.get("unit")
    if unit is not None and not (isinstance(unit, dict) and len(unit) <= 20 and all(
            isinstance(k, str) and (v is None or (isinstance(v, str) and len(v) <= 500)) for k, v in unit.items())):
        return "thông tin đơn vị không hợp lệ"
    return None


def _read_chunk(folder: Path, digest: str, expected: int) -> bytes | None:
    """The chunk's bytes, or None when it is missing, damaged or not what its name says.
    Reads and inflates no more than one chunk's worth (bounded memory)."""
    try:
        with open(chunk_path(folder, digest), "rb") as handle:
            packed = handle.read(expected + expected // 100 + 1024)  # zlib never grows data more than this
    except OSError:
        return None
    inflater = zlib.decompressobj()
    try:
        block = inflater.decompress(packed, expected + 1)
    except zlib.error:
        return None
    if len(block) != expected or not inflater.eof or inflater.unconsumed_tail:
        return None
    return block if hashlib.sha256(block).hexdigest() == digest else None


def _sizes(manifest: dict):
    chunk_size, size = manifest["chunk_size"], manifest["size"]
    for index, digest in enumerate(manifest["chunks"]):
        yield digest, min(chunk_size, size - index * chunk_size)


def rebuild(path: Path, target: Path, progress=None) -> Path:
    """The backup's database file at `target` (0600, fsynced), every chunk and the whole
    file checked against their hashes. A damaged backup leaves no `target` and raises
    DamagedBackup."""
    from storage.db.files import open_private

    path, target = Path(path), Path(target)
    manifest = read_manifest(path)
    folder = path.parent
    whole = hashlib.sha256()
    try:
        with open_private(target) as out:
            done = 0
            for digest, expected in _sizes(manifest):
                block = _read_chunk(folder, digest, expected)
                if block is None:
                    raise _damaged(path, "thiếu hoặc hỏng một phần dữ liệu")
                whole.update(block)
                out.write(block)
                done += expected
                if progress is not None:
                    progress(done, manifest["size"])
            if whole.hexdigest() != manifest["sha256"]:
                raise _damaged(path, "dữ liệu ghép lại không khớp mã băm")
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def verify(path: Path) -> str | None:
    """None when the backup reads back whole, else the sentence saying it is damaged."""
    try:
        manifest = read_manifest(path)
        for digest, expected in _sizes(manifest):
            if _read_chunk(Path(path).parent, digest, expected) is None:
                raise _damaged(path, "thiếu hoặc hỏng một phần dữ liệu")
    except DamagedBackup as error:
        return str(error)
    return None


def missing(path: Path) -> bool:
    """Whether a chunk the backup names is absent (a quick look, no reading)."""
    try:
        manifest = read_manifest(path)
    except DamagedBackup:
        return True
    return any(not chunk_path(Path(path).parent, digest).is_file() for digest in manifest["chunks"])


def collect(folder: Path, grace: float | None = None) -> list[Path]:
    """Delete the chunks no manifest in the folder names, temporary files a dead process
    left, and -wal/-shm files left beside older plain copies. A manifest that cannot be
    read names nothing: it is damaged already."""
    from storage.db.files import remove_leftovers

    folder = Path(folder)
    grace = GRACE if grace is None else grace
    removed = remove_leftovers(folder)
    with lock_for(folder):
        named: set[str] = set()
        for manifest_path in folder.glob(f"*{SUFFIX}"):
            try:
                named.update(read_manifest(manifest_path)["chunks"])
            except DamagedBackup:
                continue
        now = time.time()
        for stray in [*folder.glob("*.db-wal"), *folder.glob("*.db-shm")]:  # beside older plain copies:
            try:  # nothing writes a backup, so these only ever held what the copy holds already
                if now - stray.stat().st_mtime >= grace:
                    stray.unlink()
                    removed.append(stray)
            except OSError:
                continue
        for sub in (folder / CHUNKS).glob("??"):
            for chunk in sub.iterdir():
                if chunk.name in named or not _HEX.fullmatch(chunk.name):
                    continue
                try:
                    if now - chunk.stat().st_mtime >= grace:
                        chunk.unlink()
                        removed.append(chunk)
                except OSError:
                    continue
    return removed


def stored_bytes(folder: Path) -> int:
    """What the store takes on disk: manifests and chunks."""
    folder = Path(folder)
    total = sum(p.stat().st_size for p in folder.glob(f"*{SUFFIX}"))
    return total + sum(p.stat().st_size for p in (folder / CHUNKS).glob("??/*"))
