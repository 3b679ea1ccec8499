"""Writing a period package (docs/exchange-format.md): a zip of the manifest, its
Ed25519 signature, one JSON Lines file per table, the period figures, and for people a
summary PDF and an XLSX; then, once the station holds its superior's key, encrypted to
it (X25519 key agreement, HKDF-SHA256, AES-256-GCM)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import struct
import zipfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from storage import labels
from storage.clock import now_iso
from storage.db.files import FileWriteError, open_private, refuse_companion, refuse_special_target
from storage.db.files import reason as os_reason
from storage.db.paths import TEMP_PREFIX
from storage.errors import ValidationError
from storage.exchange import anchors, identity, keys, schemas
from storage.exchange.records import LEFT_OUT, REFERENCES, TABLES, Translator
from storage.query.figure_labels import format_number
from storage.query.periods import Period
from storage.query.stats import period_figures
from storage.records import audit, unit
from storage.records.registry import repository_for
from storage.reference.unit_list import unit_list_version
from storage.version import VERSION

FORMAT = "binhyen-exchange"
# 2.0: enumerations travel as codes (storage/vocabulary.py); 1.x carried labels and is
# still read (storage/exchange/legacy.py). 2.1: the same zip, encrypted in segments
# (below) so it is written and read without holding it whole; 2.0 and 1.x, encrypted in
# one AES-GCM call, are still read.
MAJOR, MINOR = 2, 1
MAGIC = b"BINHYEN-EXCHANGE\n"
HKDF_INFO = b"binhyen-exchange v1"
APP_VERSION = VERSION
# Chunked AEAD (2.1): the zip cut into segments of SEGMENT bytes, each sealed with
# AES-256-GCM under nonce = 8 random bytes (in the header) ‖ the segment's number (4
# bytes, big-endian), and associated data = the header ‖ the number ‖ 1 for the last
# segment, 0 otherwise. A segment moved, dropped, repeated or cut off, or a file cut at a
# segment boundary, fails to decrypt. Each sealed segment is SEGMENT + 16 bytes but the last.
SEGMENT = 1 << 20
TAG = 16


def derive_key(shared: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=HKDF_INFO).derive(shared)


def segment_aad(header_bytes: bytes, number: int, last: bool) -> bytes:
    return header_bytes + struct.pack(">IB", number, 1 if last else 0)


def segment_nonce(prefix: bytes, number: int) -> bytes:
    return prefix + struct.pack(">I", number)


class Sealer:
    """Writes the package file to `handle` as the zip is written into it: the magic line,
    the header's length and JSON, then the zip in sealed segments (or as it is, with no
    recipient). Holds at most one segment; `close()` seals the last one. The SHA-256 of
    every byte written is `sha256`."""

    def __init__(self, handle, recipient_public: bytes | None):
        self.handle, self.hasher = handle, hashlib.sha256()
        header = {"format": FORMAT, "major": MAJOR, "minor": MINOR, "encrypted": recipient_public is not None}
        self.aead = None
        if recipient_public is not None:
            ephemeral = X25519PrivateKey.generate()
            salt, self.prefix = os.urandom(16), os.urandom(8)
            shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
            header.update({
                "recipient": keys.fingerprint(recipient_public),
                "ephemeral": base64.b64encode(ephemeral.public_key().public_bytes(keys.RAW,
                                                                                  keys.RAW_PUBLIC)).decode(),
                "salt": base64.b64encode(salt).decode(), "nonce_prefix": base64.b64encode(self.prefix).decode(),
                "segment": SEGMENT})
            self.aead = AESGCM(derive_key(shared, salt))
        self.header_bytes = json.dumps(header, sort_keys=True).encode()
        self.pending, self.number, self.size = bytearray(), 0, 0
        self._out(MAGIC + struct.pack(">I", len(self.header_bytes)) + self.header_bytes)

    def _out(self, data: bytes) -> None:
        self.handle.write(data)
        self.hasher.update(data)
        self.size += len(data)

    def _seal(self, data: bytes, last: bool) -> None:
        self._out(self.aead.encrypt(segment_nonce(self.prefix, self.number), bytes(data),
                                    segment_aad(self.header_bytes, self.number, last)))
        self.number += 1

    # the file-like methods zipfile uses on its output
    def write(self, data) -> int:
        if self.aead is None:
            self._out(bytes(data))
            return len(data)
        self.pending += data
        while len(self.pending) > SEGMENT:  # the last segment is sealed by close(), never empty unless all is
            self._seal(self.pending[:SEGMENT], False)
            del self.pending[:SEGMENT]
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        if self.aead is not None:
            self._seal(self.pending, True)
            self.pending = bytearray()

    @property
    def sha256(self) -> str:
        return self.hasher.hexdigest()


def seal(zip_bytes: bytes, recipient_public: bytes | None) -> bytes:
    """The file of a zip already in memory (see Sealer)."""
    buffer = io.BytesIO()
    sealer = Sealer(buffer, recipient_public)
    sealer.write(zip_bytes)
    sealer.close()
    return buffer.getvalue()


# Named lists of residents and their matters: by default only counts per area leave
# (residents.json); the people who are members of a team travel, since the superior
# manages the teams. Everything leaves only when the officer states why (residents_reason).
RESIDENT_TABLES = ("households", "pledges", "mediation_cases")
RESIDENTS_FILE = "residents.json"


@dataclass
class ExportPlan:
    """What would leave the station, shown before anything is written."""
    period: Period
    full: bool
    counts: dict[str, int]
    left_out: list[str]
    encrypted_for: str | None           # the superior's name, or None: readable by anyone
    residents_reason: str | None = None  # named lists of residents leave, for this reason

    @property
    def too_large(self) -> str | None:
        """Why the superior would refuse a package this large (its cap on records), and
        what to send instead; None when it fits."""
        total = sum(self.counts.values())
        if total <= schemas.MAX_RECORDS:
            return None
        return (f"Gói sẽ có {format_number(total)} hồ sơ, quá {format_number(schemas.MAX_RECORDS)} hồ sơ một gói mà "
                "cấp trên nhận; " + ("hãy bỏ chọn gửi danh sách cư dân có tên, hoặc " if self.residents_reason
                                     else "hãy ") + "xuất các thay đổi của kỳ (bỏ chọn “Gửi toàn bộ”).")

    def describe(self) -> str:
        lines = [f"Gói {('toàn bộ dữ liệu' if self.full else 'các thay đổi')} {self.period.label}:"]
        if self.too_large:
            lines.append(f"KHÔNG XUẤT ĐƯỢC: {self.too_large}")
        lines += [f"  {labels.table(table)}: {format_number(count)}"
                  for table, count in self.counts.items() if count]
        lines.append(f"GỬI DANH SÁCH CƯ DÂN CÓ TÊN, lý do: {self.residents_reason}" if self.residents_reason else
                     "Cư dân: chỉ gửi số hộ, số người theo địa bàn (và thành viên các tổ).")
        lines.append("Không gửi đi: " + "; ".join(self.left_out) + ".")
        lines.append(f"Mã hóa cho: {self.encrypted_for}" if self.encrypted_for else
                     "CẢNH BÁO: chưa có khóa của cấp trên, tệp KHÔNG được mã hóa; ai cầm tệp cũng đọc được.")
        return "\n".join(lines)


def _count(db, table: str, period: Period, full: bool, named: bool = False) -> int:
    if not named and table in RESIDENT_TABLES:
        return 0
    where, params = ["1"], []
    if not full:
        where.append("updated_at >= ? AND updated_at < ?")
        params = [period.start.isoformat(), (period.end + timedelta(days=1)).isoformat()]
    if not named and table == "people":
        where.append("id IN (SELECT person_id FROM memberships)")
    return db.conn.execute(f"SELECT count(*) FROM {table} WHERE {' AND '.join(where)}", params).fetchone()[0]


# Control characters, bidirectional overrides, zero-width characters: a reason that reads
# otherwise in the audit log and at the superior than it was typed. Dropped, never sent.
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
                     "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")


def _reason(residents_reason: str | None) -> str | None:
    if residents_reason is None:
        return None
    reason = " ".join(_HIDDEN.sub("", str(residents_reason)).split())
    if len(reason) < 10:
        raise ValidationError("Hãy ghi rõ lý do gửi danh sách cư dân có tên (ít nhất 10 ký tự), ví dụ "
                              "“Công an tỉnh yêu cầu rà soát theo công văn số …”.", "residents_reason")
    return reason[:500]


def residents_by_area(db) -> list[dict]:
    """Households and people per area (not deleted): what leaves instead of the names."""
    rows = db.conn.execute(
        "SELECT a.uuid, a.name, "
        "(SELECT count(*) FROM households h WHERE h.area_id = a.id AND h.deleted_at IS NULL), "
        "(SELECT count(*) FROM people p WHERE p.area_id = a.id AND p.deleted_at IS NULL) "
        "FROM areas a WHERE a.deleted_at IS NULL ORDER BY a.id").fetchall()
    out = [{"area_uuid": r[0], "area_name": r[1], "households": r[2], "people": r[3]} for r in rows]
    loose = db.conn.execute(
        "SELECT (SELECT count(*) FROM households WHERE area_id IS NULL AND deleted_at IS NULL), "
        "(SELECT count(*) FROM people WHERE area_id IS NULL AND deleted_at IS NULL)").fetchone()
    if any(loose):
        out.append({"area_uuid": None, "area_name": "Chưa gắn địa bàn", "households": loose[0], "people": loose[1]})
    return out


def plan(db, period: Period, full: bool = False, residents_reason: str | None = None) -> ExportPlan:
    reason = _reason(residents_reason)
    counts = {table: _count(db, table, period, full, reason is not None) for table in TABLES}
    found = keys.superior(db)
    return ExportPlan(period, full, counts, plan_left_out(reason), found[0] if found else None, reason)


def plan_left_out(reason: str | None) -> list[str]:
    """What never leaves, in words (the plan and the manifest)."""
    left_out = [f"{label} ({labels.table(table).lower()})" for table, fields in LEFT_OUT.items()
                for label in fields.values()]
    if reason is None:
        left_out.append("danh sách hộ, cư dân (trừ thành viên các tổ), cam kết, vụ việc hòa giải: chỉ gửi số "
                        "lượng")
    left_out.append("nhật ký thao tác (chỉ gửi mã băm của các mục)")
    return left_out


class _Resolved(Translator):
    """Translation of rows whose references the query already turned into uuids."""

    def uuid(self, table: str, value):
        return value


def _select(columns: list[str], alias: str) -> str:
    """The columns of `table` with each reference replaced by the uuid it points to."""
    out = []
    for column in columns:
        target = REFERENCES.get(column)
        if target and not column.endswith("_ids"):
            out.append(f'(SELECT uuid FROM {target} WHERE id = {alias}."{column}") AS "{column}"')
        else:
            out.append(f'{alias}."{column}"')
    return ", ".join(out)


def _columns(db, table: str) -> list[str]:
    return [row[1] for row in db.conn.execute(f"PRAGMA table_info({table})")
            if row[1] not in ("search_text", "sort_key")]


def _snapshots(db, table: str, period: Period, full: bool, named: bool):
    """Every exported record of `table` as Repository.snapshot gives it (references as
    uuids), in id order: one query for the table and one per child table, walked side
    by side, so memory does not grow with the number of records."""
    if not named and table in RESIDENT_TABLES:
        return
    where, params = ["1"], []
    if not full:
        where.append("t.updated_at >= ? AND t.updated_at < ?")
        params = [period.start.isoformat(), (period.end + timedelta(days=1)).isoformat()]
    if not named and table == "people":
        where.append("t.id IN (SELECT person_id FROM memberships)")
    condition = " AND ".join(where)
    repo = repository_for(table)
    children = []
    for name, child in repo.children.items():
        select = _select(list(child.columns), "c")  # area_id, person_id: uuids
        cursor = db.conn.execute(
            f'SELECT c."{child.parent_column}", {select} FROM {child.table} c WHERE c."{child.parent_column}" IN '
            f"(SELECT t.id FROM {table} t WHERE {condition}) ORDER BY c.\"{child.parent_column}\", c.{child.order}",
            params)
        children.append([name, child, cursor, cursor.fetchone()])
    columns = _columns(db, table)
    cursor = db.conn.execute(f"SELECT {_select(columns, 't')} FROM {table} t WHERE {condition} "
                             "ORDER BY t.id", params)
    while rows := cursor.fetchmany(500):
        for row in rows:
            snapshot = dict(zip(columns, row))
            for entry in children:
                name, child, child_cursor, pending = entry
                values = []
                while pending is not None and pending[0] < snapshot["id"]:
                    pending = child_cursor.fetchone()
                while pending is not None and pending[0] == snapshot["id"]:
                    values.append(pending[1] if len(child.columns) == 1 else dict(zip(child.columns, pending[1:])))
                    pending = child_cursor.fetchone()
                entry[3] = pending
                snapshot[name] = values
            yield snapshot


def _write_records(db, table: str, period: Period, full: bool, named: bool, handle) -> int:
    translator, count, lines = _Resolved(db), 0, []
    for snapshot in _snapshots(db, table, period, full, named):
        entry = {"uuid": snapshot["uuid"], "version": snapshot["version"], "created_at": snapshot["created_at"],
                 "updated_at": snapshot["updated_at"], "deleted_at": snapshot["deleted_at"],
                 "data": None if snapshot["deleted_at"] else translator.record(table, snapshot)}
        lines.append(json.dumps(entry, ensure_ascii=False, sort_keys=True))
        count += 1
        if len(lines) == 500:  # written in blocks: zlib is called per write
            handle.write(("\n".join(lines) + "\n").encode("utf-8"))
            lines.clear()
    if lines:
        handle.write(("\n".join(lines) + "\n").encode("utf-8"))
    return count


class _Hashing:
    """A zip entry being written, hashed as it goes."""

    def __init__(self, handle):
        self.handle, self.hasher = handle, hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.hasher.update(data)
        self.handle.write(data)


def write_package(db, actor: str, period: Period, handle, *, full: bool = False, attach=None,
                  residents_reason: str | None = None) -> tuple[dict, str]:
    """Write the sealed package into the binary `handle` as it is made, table by table
    (the manifest, which names every file's hash, last); takes the next sequence number.
    Returns the manifest and the file's SHA-256. `attach(summary, values)` returns the
    files made for people to read (a PDF and an XLSX, from printing/), given the period
    report and the figures."""
    station = unit.get_unit(db)
    if station.role != "station":
        raise ValidationError("Chỉ Công an xã mới xuất gói gửi cấp trên.")
    keys.ensure_keys(db, actor)
    reason = _reason(residents_reason)
    found = keys.superior(db)
    sealer = Sealer(handle, found[1] if found else None)
    digests: dict[str, str] = {}
    counts = {}
    with zipfile.ZipFile(sealer, "w", zipfile.ZIP_DEFLATED) as archive:
        def put(name: str, data: bytes) -> None:
            archive.writestr(name, data)
            digests[name] = hashlib.sha256(data).hexdigest()

        for table in TABLES:
            name = f"records/{table}.jsonl"
            with archive.open(name, "w") as entry:
                hashing = _Hashing(entry)
                counts[table] = _write_records(db, table, period, full, reason is not None, hashing)
            digests[name] = hashing.hasher.hexdigest()
        figures = period_figures(db, period)
        put("figures.json", json.dumps(figures, ensure_ascii=False, indent=1).encode("utf-8"))
        if attach is not None:
            from storage.documents import gather as printouts

            summary = printouts.station_summary(db, period, keys.fingerprint(keys.signing_public(db)))
            for name, data in attach(summary, printouts.figure_values(figures)).items():
                put(name, data)
        with archive.open(anchors.AUDIT_FILE, "w") as entry:  # the chain since the previous package
            hashing = _Hashing(entry)
            anchors.write_audit_file(db, hashing)
        digests[anchors.AUDIT_FILE] = hashing.hasher.hexdigest()
        put(RESIDENTS_FILE, json.dumps(residents_by_area(db), ensure_ascii=False, indent=1).encode("utf-8"))
        sequence = identity.next_sequence(db)  # never backwards, even after restoring an old copy
        signing_public = keys.signing_public(db)
        manifest = {
            "format": FORMAT, "format_version": f"{MAJOR}.{MINOR}", "app_version": APP_VERSION,
            "unit_list_version": unit_list_version(),
            "station": {"uuid": station.uuid, "name": station.station_name, "parent_body": station.parent_body,
                        "province_code": station.province_code, "commune_code": station.commune_code,
                        "commune_name": station.commune_name,
                        "signing_key": base64.b64encode(signing_public).decode(),
                        "fingerprint": keys.fingerprint(signing_public)},
            "superior": {"name": found[0] if found else station.superior_unit,
                         "fingerprint": keys.fingerprint(found[1]) if found else None},
            "period": {"code": period.code, "start": period.start.isoformat(), "end": period.end.isoformat(),
                       "label": period.label},
            "created_at": now_iso(), "sequence": sequence, "full": full, "counts": counts,
            "files": dict(sorted(digests.items())),
            "audit_head": audit.last_hash(db),
            "left_out": plan_left_out(reason),
            "residents": {"named": reason is not None, "reason": reason},
        }
        if problem := schemas.check("manifest", manifest):  # the superior would refuse it: no number used
            raise ValidationError(f"Không xuất được gói: bản kê không đúng cấu trúc ({problem}), cấp trên sẽ từ chối "
                                  "gói này; hãy sửa thông tin đơn vị hoặc nhập lại tệp khóa cấp trên (lệnh trust) rồi "
                                  "xuất lại.")
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
        archive.writestr("manifest.json", manifest_bytes)
        archive.writestr("manifest.sig", keys.signing_key(db).sign(manifest_bytes))
    sealer.close()
    return manifest, sealer.sha256


def build(db, actor: str, period: Period, *, full: bool = False, attach=None,
          residents_reason: str | None = None) -> tuple[bytes, dict]:
    """The sealed package bytes and its manifest, in memory (small packages, tests)."""
    buffer = io.BytesIO()
    manifest, _ = write_package(db, actor, period, buffer, full=full, attach=attach,
                                residents_reason=residents_reason)
    return buffer.getvalue(), manifest


def export(db, actor: str, period: Period, target: Path, *, full: bool = False, attach=None,
           residents_reason: str | None = None) -> dict:
    """Write the package into a temporary file beside `target` as it is made (memory
    does not grow with the records), then put it in place and record the export (and
    why named lists of residents left, if they did); returns the manifest. Killed
    half-way, it leaves only the temporary file (removed at the next start) and uses no
    number."""
    target = Path(target)
    if target.is_dir():
        raise FileWriteError(f"Không ghi được {target}: đó là một thư mục; hãy ghi rõ tên tệp.")
    refuse_special_target(target)
    from storage.db.backup import db_file

    refuse_companion(target, db_file(db))  # its .so-goi.json: the number kept, then the package renamed over it
    if problem := plan(db, period, full, residents_reason).too_large:  # said before minutes of writing
        raise ValidationError(problem)
    temporary = target.with_name(f"{TEMP_PREFIX}{target.name}.{os.getpid()}")
    with db.atomic():
        try:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                with open_private(temporary) as handle:
                    manifest, file_sha256 = write_package(db, actor, period, handle, full=full, attach=attach,
                                                          residents_reason=residents_reason)
                    handle.flush()
                    os.fsync(handle.fileno())
                # kept before the file is in place: a number is used once; the head is an anchor outside the database
                kept = identity.kept_file(db)
                identity.remember(db, manifest["sequence"], manifest["audit_head"])
                try:
                    os.replace(temporary, target)
                except OSError:
                    identity.put_back(db, kept)  # no package went out: its number is not used
                    raise
            except OSError as error:
                raise FileWriteError(f"Không ghi được {target.name}: {os_reason(error)}; không có tệp nào bị ghi dở.") \
                    from None
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        db.conn.execute(
            "INSERT INTO exports(sequence, period_code, full_export, created_at, created_by, file_sha256, "
            "encrypted, counts, audit_head) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (manifest["sequence"], period.code, int(full), manifest["created_at"], actor,
             file_sha256, int(manifest["superior"]["fingerprint"] is not None),
             json.dumps(manifest["counts"]), manifest["audit_head"]))
        audit.append(db, actor, "export_package", "exports", None, None,
                     {"sequence": manifest["sequence"], "period": period.code, "counts": manifest["counts"],
                      "residents": manifest["residents"],
                      "encrypted": manifest["superior"]["fingerprint"] is not None})
    return manifest
