"""Opening a package at the superior, as hostile input. In order, stopping at the first
failure, with a Vietnamese reason that names the file:

1. the file's size, the outer header (its size, its JSON), the recipient, decryption;
2. the zip's end record and central directory: entry count, names, duplicates,
   compression method, declared sizes, the total and the compression ratio, all checked
   before a single byte is decompressed;
3. manifest.json and manifest.sig read through a capped stream, the signature checked
   with the key the manifest names, and only then the manifest validated by its JSON
   Schema (docs/exchange-schemas/manifest.schema.json) and used;
4. every file's SHA-256 against the signed manifest (streamed, capped), before parsing;
5. figures.json by its schema, each record line by size and by its table's schema.

Nothing here writes. Memory stays bounded by the caps in storage.exchange.schemas."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import math
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import fastjsonschema
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from storage.errors import StorageError
from storage.exchange import keys, schemas
from storage.exchange.anchors import AUDIT_FILE, parse_audit_file
from storage.exchange.package import (
    FORMAT,
    MAGIC,
    MAJOR,
    MINOR,
    SEGMENT,
    TAG,
    derive_key,
    segment_aad,
    segment_nonce,
)
from storage.exchange.records import TABLES, schema_for
from storage.exchange.schemas import (
    MAX_DIGITS,
    MAX_DIRECTORY,
    MAX_ENTRIES,
    MAX_FILE,
    MAX_HEADER,
    MAX_NAME,
    MAX_RATIO,
    MAX_RECORD,
    MAX_RECORDS,
    MAX_TOTAL,
    MAX_VERSION,
    RATIO_FLOOR,
)

MAX_SIZE = MAX_FILE  # kept for callers of the old name
_NAME = re.compile(r"^[a-z0-9_][a-z0-9_.\-]*(/[a-z0-9_][a-z0-9_.\-]*)?$")
_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_TAIL = 65_557 + 20  # the end record with the longest comment, and a zip64 locator before it
# Every way zipfile and zlib say a stream is broken.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError,
               RuntimeError, struct.error)


class PackageError(StorageError):
    def __init__(self, path: Path, message: str):
        self.path = Path(path)
        super().__init__(f"Tệp {self.path.name}: {message}")


MAX_REASONS = 100  # reasons kept per table; every refused line is still counted


class Record:
    """One accepted line of records/<table>.jsonl, kept small: the fields the importer
    compares and the line as received (UTF-8 bytes: as text, Vietnamese takes twice the
    room); `record["data"]` parses it again when asked. 400,000 parsed dicts took 850 MB;
    these take a fraction."""
    __slots__ = ("uuid", "version", "updated_at", "deleted_at", "has_data", "raw")

    def __init__(self, uuid: str, version: int, updated_at: str, deleted_at: str | None, has_data: bool,
                 raw: bytes):
        self.uuid, self.version, self.updated_at, self.deleted_at = uuid, version, updated_at, deleted_at
        self.has_data, self.raw = has_data, raw

    @classmethod
    def parsed(cls, record: dict, raw: bytes) -> Record:
        return cls(record["uuid"], record["version"], record["updated_at"], record["deleted_at"],
                   record["data"] is not None, raw)

    @property
    def line(self) -> str:
        return self.raw.decode("utf-8")

    def __getitem__(self, key: str):
        if key == "_line":
            return self.line
        if key in self.__slots__:
            return getattr(self, key)
        return json.loads(self.raw)[key]


# The lines a station's exporter writes (every field of the table, keys sorted, ", " and
# ": " between them) are checked by one regular expression per table, built from the
# table's JSON Schema so that every line it accepts is a JSON document the schema accepts
# (each field with a value of its types, strings with only JSON's escapes and no control
# characters); it also captures the fields the importer needs. Any other line (an older
# exporter's, a field missing, whitespace, an array of objects) goes through json.loads
# and the schema as before. Three times faster than parsing: importing 166 communes'
# packages spent most of its time building dicts it threw away.
_STRING = r'"[^"\\\x00-\x1f]*+(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\x00-\x1f]*+)*+"'
_INTEGER = rf"-?(?:0|[1-9][0-9]{{0,{MAX_DIGITS - 1}}}+)"  # longer: parsed, and refused (BadNumber)
_NUMBER = _INTEGER + r"(?:\.[0-9]{1,20}+)?(?:[eE][+-]?[0-9]{1,2}+)?"  # 1e99 at most: never infinite


def _value_pattern(spec: dict) -> str | None:
    kinds = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
    options = []
    for kind in kinds:
        if kind == "null":
            options.append("null")
        elif kind == "string":
            options.append(_STRING)
        elif kind == "integer":
            options.append(_INTEGER)
        elif kind == "number":
            options.append(_NUMBER)
        elif kind == "array" and isinstance(spec.get("items"), dict) and "object" not in str(spec["items"]["type"]):
            item = _value_pattern(spec["items"])
            if item is None:
                return None
            options.append(rf"\[(?:{item}(?:, {item})*+)?\]")
        else:
            return None
    return "(?:" + "|".join(options) + ")"


@cache
def _canonical(table: str) -> re.Pattern | None:
    schema = schema_for(table)
    fields = schema["properties"]["data"]["properties"]
    parts = []
    for name in sorted(fields):
        pattern = _value_pattern(fields[name])
        if pattern is None or not re.fullmatch(r"[a-z_]+", name):
            return None
        parts.append(f'"{name}": {pattern}')
    data = r"\{" + ", ".join(parts) + r"\}"
    return re.compile(rf'\{{"created_at": {_STRING}, "data": (null|{data}), "deleted_at": (null|{_STRING}), '
                      rf'"updated_at": ({_STRING}), "uuid": "([0-9a-f-]{{36}})", "version": ([1-9][0-9]*+)\}}')


def _text(literal: str) -> str:
    """A JSON string literal the pattern accepted, as text."""
    return literal[1:-1] if "\\" not in literal else json.loads(literal)


def _storable(*values) -> bool:
    """Whether texts can be stored: JSON lets a lone surrogate through (\\ud800), SQLite
    cannot encode it."""
    try:
        for value in values:
            if value is not None:
                value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass
class OpenedPackage:
    path: Path
    file_sha256: str
    manifest: dict
    signing_public: bytes
    records: dict[str, list[Record]]
    rejected: dict[str, list[str]] = field(default_factory=dict)   # table → why records were refused (first 100)
    rejected_count: dict[str, int] = field(default_factory=dict)   # table → how many were refused
    figures: dict = field(default_factory=dict)
    encrypted: bool = True
    content_sha256: str = ""   # SHA-256 of the signed manifest: the package's identity
    audit_chain: tuple[str | None, list[str]] | None = None  # (previous head, hashes since); None: not sent
    residents: list[dict] | None = None   # households and people per area

    @property
    def station(self) -> dict:
        return self.manifest["station"]


@cache
def _schema(table: str) -> dict:
    return schema_for(table)


@cache
def _validator(table: str):
    """The table's JSON Schema compiled to Python once (fastjsonschema): 28,000 records
    validate in well under a second, where an interpreting validator took 24 s."""
    return fastjsonschema.compile(schema_for(table))


def _cap_for(name: str) -> int:
    if name == "manifest.json":
        return schemas.MAX_MANIFEST
    if name == "manifest.sig":
        return schemas.MAX_SIGNATURE
    if name in ("figures.json", "residents.json"):
        return schemas.MAX_FIGURES
    if name.startswith("records/") or name == AUDIT_FILE:
        return schemas.MAX_TABLE
    return schemas.MAX_ATTACHMENT


def file_sha256(path: Path) -> str:
    """The SHA-256 of a package file, read in blocks (at most MAX_FILE bytes count): how
    an unchanged package is recognised before anything in it is decrypted or parsed."""
    path = Path(path)
    hasher = hashlib.sha256()
    try:
        if not path.is_file():
            raise PackageError(path, "không phải một tệp thông thường (thư mục hoặc thiết bị).")
        with open(path, "rb") as handle:
            seen = 0
            while seen <= MAX_FILE and (block := handle.read(1 << 20)):
                hasher.update(block)
                seen += len(block)
    except OSError as error:
        raise PackageError(path, f"không đọc được tệp ({error.strerror or error}).") from None
    if seen > MAX_FILE:
        raise PackageError(path, f"tệp lớn hơn {MAX_FILE >> 20} MB, quá lớn để là một gói của Bình Yên.")
    return hasher.hexdigest()


class _Source:
    """A package file read in blocks, at most MAX_FILE bytes, hashed as it is read."""

    def __init__(self, path: Path, handle):
        self.path, self.handle, self.hasher, self.seen = path, handle, hashlib.sha256(), 0

    def read(self, size: int) -> bytes:
        blocks, wanted = [], size
        while wanted > 0:  # read(n) would reserve n bytes up front: read in blocks
            block = self.handle.read(min(wanted, 1 << 20))
            if not block:
                break
            blocks.append(block)
            wanted -= len(block)
            self.seen += len(block)
            if self.seen > MAX_FILE:
                raise PackageError(self.path, f"tệp lớn hơn {MAX_FILE >> 20} MB, quá lớn để là một gói của Bình Yên.")
        data = b"".join(blocks)
        self.hasher.update(data)
        return data

    def rest(self) -> bytes:
        return self.read(MAX_FILE + 1)


class BadNumber(ValueError):
    """A number no station writes: NaN, infinity, an integer of more than MAX_DIGITS digits
    (its str() fails past 4,300 of them). The message is Vietnamese."""


def _integer(text: str) -> int:
    if len(text) > MAX_DIGITS + 1 and len(text.lstrip("-")) > MAX_DIGITS:
        raise BadNumber(f"có số nguyên dài hơn {MAX_DIGITS} chữ số")
    return int(text)


def _real(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise BadNumber("có số vượt giới hạn (vô cực)")
    return value


def _constant(name: str):
    raise BadNumber("có giá trị NaN hoặc vô cực, không phải một số")


def _json(data: bytes):
    """JSON from bytes already capped in size; deep nesting or bad UTF-8 raise ValueError,
    NaN, infinity and integers of more than MAX_DIGITS digits BadNumber."""
    try:
        return json.loads(data.decode("utf-8"), parse_int=_integer, parse_float=_real, parse_constant=_constant)
    except RecursionError:
        raise ValueError("lồng quá sâu") from None


def _header(path: Path, source: _Source) -> tuple[dict, bytes, int]:
    if source.read(len(MAGIC)) != MAGIC:
        raise PackageError(path, "không phải gói dữ liệu Bình Yên.")
    try:
        (length,) = struct.unpack(">I", source.read(4))
        if length > MAX_HEADER:
            raise ValueError
        header_bytes = source.read(length)
        header = _json(header_bytes)
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise ValueError
        major = header.get("major")
        if type(major) is not int or not 0 <= major < 1000:
            raise ValueError
    except (struct.error, ValueError, TypeError):
        raise PackageError(path, "phần đầu gói bị hỏng hoặc không trọn vẹn.") from None
    if major > MAJOR:
        raise PackageError(path, f"gói được tạo bởi phiên bản Bình Yên mới hơn (định dạng {major}.x); "
                                 "hãy cập nhật phần mềm rồi nhập lại.")
    return header, header_bytes, major


def _unseal(path: Path, source: _Source, own_private) -> tuple[bytes | io.BytesIO, bool]:
    """The zip inside the file: as it is, decrypted in one piece (2.0, 1.x) or segment by
    segment (2.1: storage.exchange.package.Sealer); the whole file is read either way."""
    header, header_bytes, major = _header(path, source)
    broken = PackageError(path, "phần đầu gói bị hỏng hoặc không trọn vẹn.")
    if header.get("encrypted") is False:
        return source.rest(), False
    if header.get("encrypted") is not True:
        raise broken
    if own_private is None:
        raise PackageError(path, "gói đã mã hóa nhưng đơn vị này không có khóa nhận gói.")
    own_public = own_private.public_key().public_bytes(keys.RAW, keys.RAW_PUBLIC)
    recipient = header.get("recipient")
    if recipient != keys.fingerprint(own_public):
        raise PackageError(path, "gói được mã hóa cho một đơn vị khác, không phải cho đơn vị này (khóa công khai "
                                 "xã dùng không phải của đơn vị này); hãy gửi lại tệp khóa cho xã (lệnh key).")
    minor = header.get("minor")
    chunked = "segment" in header
    if not chunked and major == MAJOR and type(minor) is int and minor >= MINOR:
        raise broken  # a 2.1 header that lost its segments: never made so
    unreadable = PackageError(path, "không giải mã được: gói đã bị sửa, bị cắt cụt hoặc hỏng.")
    try:
        ephemeral = X25519PublicKey.from_public_bytes(base64.b64decode(header["ephemeral"], validate=True))
        salt = base64.b64decode(header["salt"], validate=True)
        aead = AESGCM(derive_key(own_private.exchange(ephemeral), salt))
        if not chunked:
            nonce = base64.b64decode(header["nonce"], validate=True)
            return aead.decrypt(nonce, source.rest(), header_bytes), True
        prefix = base64.b64decode(header["nonce_prefix"], validate=True)
        if header["segment"] != SEGMENT or type(header["segment"]) is not int or len(prefix) != 8:
            raise broken
    except (InvalidTag, ValueError, KeyError, TypeError, OverflowError):
        raise unreadable from None
    plain, number = io.BytesIO(), 0  # written into as decrypted: no list of segments joined at the end
    sealed = source.read(SEGMENT + TAG)
    while True:
        following = source.read(SEGMENT + TAG) if len(sealed) == SEGMENT + TAG else b""
        last = not following
        try:
            plain.write(aead.decrypt(segment_nonce(prefix, number), sealed, segment_aad(header_bytes, number, last)))
        except (InvalidTag, ValueError, OverflowError):
            raise unreadable from None
        if last:
            break
        sealed, number = following, number + 1
    return plain, True


def _directory_size(path: Path, inner: bytes) -> None:
    """The zip's end record, read by hand before zipfile builds one object per entry."""
    start = inner.rfind(_EOCD, max(0, len(inner) - 65_557))
    if start < 0 or len(inner) - start < 22:
        raise PackageError(path, "nội dung gói bị hỏng hoặc không trọn vẹn.")
    entries_here, entries, size = struct.unpack("<HHI", inner[start + 8:start + 16])
    # zipfile follows a zip64 locator just before the end record to a zip64 record whose
    # entry count and directory size it believes (2.5 million entries: 1 GB before any check)
    zip64 = start >= 20 and inner[start - 20:start - 16] == _ZIP64_LOCATOR
    if zip64 or entries == 0xFFFF or size == 0xFFFFFFFF:
        raise PackageError(path, "gói dùng zip64, điều Bình Yên không bao giờ tạo.")
    if entries > MAX_ENTRIES or entries_here > MAX_ENTRIES:
        raise PackageError(path, f"gói có {entries} tệp bên trong, nhiều hơn giới hạn {MAX_ENTRIES}.")
    if size > MAX_DIRECTORY:
        raise PackageError(path, "mục lục zip của gói quá lớn.")


def _check_entries(path: Path, archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise PackageError(path, f"gói có {len(infos)} tệp bên trong, nhiều hơn giới hạn {MAX_ENTRIES}.")
    entries: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        if len(name) > MAX_NAME or not _NAME.match(name) or ".." in name:
            raise PackageError(path, "gói có tệp mang tên không hợp lệ.")
        if name in entries:
            raise PackageError(path, f"tệp {name} xuất hiện hai lần trong gói.")
        if info.flag_bits & 0x1:
            raise PackageError(path, f"tệp {name} trong gói bị mã hóa kiểu zip, điều Bình Yên không bao giờ làm.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackageError(path, f"tệp {name} nén theo cách Bình Yên không dùng.")
        cap = _cap_for(name)
        if info.file_size > cap:
            raise PackageError(path, f"tệp {name} lớn hơn giới hạn {_size(cap)}.")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise PackageError(path, f"tệp {name} nén quá mức (hơn {MAX_RATIO} lần): có dấu hiệu bom nén.")
        total += info.file_size
        entries[name] = info
    if total > MAX_TOTAL:
        raise PackageError(path, f"nội dung gói sau khi giải nén lớn hơn giới hạn {_size(MAX_TOTAL)}.")
    return entries


def _size(value: int) -> str:
    return f"{value >> 20} MB" if value >= 1 << 20 else f"{value >> 10} KB" if value >= 1024 else f"{value} byte"


def _stream(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, chunk: int = 1 << 20):
    """The entry's bytes in chunks, never more than it declared nor than its cap."""
    cap, seen = min(info.file_size, _cap_for(info.filename)), 0
    try:
        with archive.open(info) as handle:
            while True:
                block = handle.read(min(chunk, cap + 1 - seen))
                if not block:
                    break
                seen += len(block)
                if seen > cap:
                    raise PackageError(path, f"tệp {info.filename} lớn hơn kích thước đã khai.")
                yield block
    except _ZIP_ERRORS:
        raise PackageError(path, f"tệp {info.filename} trong gói bị hỏng hoặc không trọn vẹn.") from None


def _read_entry(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    return b"".join(_stream(path, archive, info))


def _lines(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """Each line of a records file, refusing one longer than MAX_RECORD."""
    rest = b""
    for block in _stream(path, archive, info, chunk=256 << 10):
        rest += block
        *lines, rest = rest.split(b"\n")
        if len(rest) > MAX_RECORD:
            raise PackageError(path, f"một hồ sơ trong {info.filename} lớn hơn giới hạn {_size(MAX_RECORD)}.")
        for line in lines:
            if len(line) > MAX_RECORD:
                raise PackageError(path, f"một hồ sơ trong {info.filename} lớn hơn giới hạn {_size(MAX_RECORD)}.")
            yield line
    if rest:
        yield rest


def _manifest(path: Path, archive: zipfile.ZipFile, entries: dict) -> tuple[dict, bytes, bytes]:
    """The manifest, trusted only after its signature checks out and it fits its schema."""
    if "manifest.json" not in entries or "manifest.sig" not in entries:
        raise PackageError(path, "gói thiếu bản kê hoặc chữ ký (manifest.json, manifest.sig).")
    manifest_bytes = _read_entry(path, archive, entries["manifest.json"])
    signature = _read_entry(path, archive, entries["manifest.sig"])
    try:
        manifest = _json(manifest_bytes)
    except BadNumber as problem:
        raise PackageError(path, f"bản kê của gói {problem}.") from None
    except ValueError:
        raise PackageError(path, "bản kê của gói bị hỏng: không đọc được khóa ký.") from None
    try:
        signing_key = manifest["station"]["signing_key"]
        signing_public = base64.b64decode(signing_key, validate=True)
        if len(signing_public) != 32 or len(signature) != 64:
            raise ValueError
    except (ValueError, KeyError, TypeError, IndexError):
        raise PackageError(path, "bản kê của gói bị hỏng: không đọc được khóa ký.") from None
    if not keys.verify(signing_public, signature, manifest_bytes):
        raise PackageError(path, "chữ ký không hợp lệ: nội dung gói đã bị sửa sau khi xã ký.")
    problem = schemas.check("manifest", manifest)
    if problem:
        raise PackageError(path, f"bản kê không đúng cấu trúc: {problem}.")
    major = int(manifest["format_version"].split(".")[0])
    if major > MAJOR:
        raise PackageError(path, "gói được tạo bởi phiên bản Bình Yên mới hơn; hãy cập nhật phần mềm.")
    return manifest, manifest_bytes, signing_public


def open_signed(db, path: Path):
    """Steps 1–3: the file read and decrypted, the zip's directory checked, the manifest's
    signature verified. Returns (archive, entries, manifest, manifest_bytes, signing
    public key, encrypted, the file's SHA-256)."""
    path = Path(path)
    try:
        own_private = keys.encryption_key(db)
    except StorageError:
        own_private = None
    try:
        if not path.is_file():
            raise PackageError(path, "không phải một tệp thông thường (thư mục hoặc thiết bị).")
        with open(path, "rb") as handle:
            source = _Source(path, handle)
            inner, encrypted = _unseal(path, source, own_private)
            source.rest()  # bytes after a 2.0 cipher text or past the end: hashed all the same
    except OSError as error:
        raise PackageError(path, f"không đọc được tệp ({error.strerror or error}).") from None
    file_sha256 = source.hasher.hexdigest()
    if isinstance(inner, io.BytesIO):
        with inner.getbuffer() as view:
            tail = bytes(view[max(0, len(view) - _TAIL):])
        _directory_size(path, tail)
    else:
        _directory_size(path, inner)
        inner = io.BytesIO(inner)
    try:
        archive = zipfile.ZipFile(inner)
    except _ZIP_ERRORS:
        raise PackageError(path, "nội dung gói bị hỏng hoặc không trọn vẹn.") from None
    del inner
    entries = _check_entries(path, archive)
    manifest, manifest_bytes, signing_public = _manifest(path, archive, entries)
    return archive, entries, manifest, manifest_bytes, signing_public, encrypted, file_sha256


def open_package(db, path: Path) -> OpenedPackage:
    path = Path(path)
    archive, entries, manifest, manifest_bytes, signing_public, encrypted, file_sha256 = open_signed(db, path)
    expected = set(manifest["files"]) | {"manifest.json", "manifest.sig"}
    if set(entries) != expected:
        raise PackageError(path, "gói có tệp lạ hoặc thiếu tệp so với bản kê.")
    counts = manifest["counts"]
    unknown = set(counts) - set(TABLES)
    if unknown:
        raise PackageError(path, "bản kê đếm một bảng Bình Yên không biết: " + ", ".join(sorted(unknown))[:200] + ".")
    if sum(counts.values()) > MAX_RECORDS:
        raise PackageError(path, f"gói có hơn {MAX_RECORDS:,} hồ sơ, vượt giới hạn.".replace(",", "."))
    for name, digest in manifest["files"].items():
        hasher = hashlib.sha256()
        for block in _stream(path, archive, entries[name]):
            hasher.update(block)
        if hasher.hexdigest() != digest:
            raise PackageError(path, f"tệp {name} trong gói không khớp mã băm: gói đã bị sửa.")
    opened = OpenedPackage(path, file_sha256, manifest, signing_public, {}, encrypted=encrypted,
                           content_sha256=hashlib.sha256(manifest_bytes).hexdigest())
    if "figures.json" not in entries:
        raise PackageError(path, "gói thiếu số liệu kỳ (figures.json).")
    try:
        opened.figures = _json(_read_entry(path, archive, entries["figures.json"]))
    except BadNumber as problem:
        raise PackageError(path, f"số liệu kỳ (figures.json) {problem}.") from None
    except ValueError:
        raise PackageError(path, "số liệu kỳ (figures.json) không phải JSON hợp lệ.") from None
    problem = schemas.check("figures", opened.figures)
    if problem:
        raise PackageError(path, f"số liệu kỳ (figures.json) không đúng cấu trúc: {problem}.")
    if "residents.json" in entries:
        try:
            opened.residents = _json(_read_entry(path, archive, entries["residents.json"]))
        except BadNumber as problem:
            raise PackageError(path, f"số hộ, số người theo địa bàn (residents.json) {problem}.") from None
        except ValueError:
            raise PackageError(path, "số hộ, số người theo địa bàn (residents.json) không phải JSON hợp lệ.") from None
        problem = schemas.check("residents", opened.residents)
        if problem:
            raise PackageError(path, f"số hộ, số người theo địa bàn (residents.json) không đúng cấu trúc: {problem}.")
    if AUDIT_FILE in entries:
        opened.audit_chain = parse_audit_file(_read_entry(path, archive, entries[AUDIT_FILE]))
        if opened.audit_chain is None:
            raise PackageError(path, f"tệp {AUDIT_FILE} (chuỗi nhật ký của xã) không đúng định dạng.")
    for table in TABLES:
        opened.records[table], bad, refused = _records(path, archive, entries.get(f"records/{table}.jsonl"),
                                                       table, counts.get(table, 0))
        if refused:
            opened.rejected[table], opened.rejected_count[table] = bad, refused
    return opened


def _records(path: Path, archive, info, table: str, declared: int) -> tuple[list[Record], list[str], int]:
    good, bad, refused = [], [], 0

    def refuse(reason: str) -> None:
        nonlocal refused
        refused += 1
        if len(bad) < MAX_REASONS:
            bad.append(reason)

    if info is None:
        if declared:
            raise PackageError(path, f"số hồ sơ bảng {table} không khớp bản kê.")
        return good, bad, refused
    validate, canonical = _validator(table), _canonical(table)
    number = 0
    for number, raw in enumerate(_lines(path, archive, info), 1):
        if number > declared:
            raise PackageError(path, f"số hồ sơ bảng {table} không khớp bản kê.")
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            refuse(f"dòng {number}: không phải JSON")
            continue
        found = canonical.fullmatch(line) if canonical is not None else None
        if found is not None:
            version = int(found[5]) if len(found[5]) < 20 else MAX_VERSION + 1
            if version > MAX_VERSION:
                refuse(f"dòng {number}: trường version {schemas.RULES['maximum']}")
                continue
            updated, deleted = _text(found[3]), None if found[2] == "null" else _text(found[2])
            if not _storable(updated, deleted):
                refuse(f"dòng {number}: ngày giờ chứa ký tự không hợp lệ")
                continue
            good.append(Record(found[4], version, updated, deleted, found[1] != "null", bytes(raw)))
            continue
        try:
            record = _json(raw)
        except BadNumber as problem:
            refuse(f"dòng {number}: {problem}")
            continue
        except ValueError:
            refuse(f"dòng {number}: không phải JSON")
            continue
        try:
            validate(record)
        except fastjsonschema.JsonSchemaException as problem:
            refuse(f"dòng {number}: {schemas.explain(problem)}")
            continue
        if loose := schemas.loose_integer(_schema(table), record):
            refuse(f"dòng {number}: {loose}")
            continue
        if record["version"] > MAX_VERSION:
            refuse(f"dòng {number}: trường version {schemas.RULES['maximum']}")
            continue
        if not _storable(record["updated_at"], record["deleted_at"]):
            refuse(f"dòng {number}: ngày giờ chứa ký tự không hợp lệ")
            continue
        good.append(Record.parsed(record, bytes(raw)))  # stored as received: canonical already (sorted keys)
    if number != declared:
        raise PackageError(path, f"số hồ sơ bảng {table} không khớp bản kê.")
    if len({record.uuid for record in good}) == len(good):
        return good, bad, refused
    seen: set[str] = set()
    unique = []
    for record in good:  # two lines of one record: which one the station meant is unknown; the first is kept
        if record.uuid in seen:
            refuse(f"hồ sơ {record.uuid} có hai dòng trong gói; chỉ nhận dòng đầu")
            continue
        seen.add(record.uuid)
        unique.append(record)
    return unique, bad, refused
