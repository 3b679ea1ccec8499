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
from storage.db.files import write_atomically
from storage.errors import ValidationError
from storage.exchange import anchors, identity, keys
from storage.exchange.records import LEFT_OUT, TABLES, Translator
from storage.query.figure_labels import format_number
from storage.query.periods import Period
from storage.query.stats import period_figures
from storage.records import audit, unit
from storage.records.registry import repository_for
from storage.reference.unit_list import unit_list_version
from storage.version import VERSION

FORMAT = "binhyen-exchange"
# 2.0: enumerations travel as codes (storage/vocabulary.py); 1.x carried labels and is
# still read (storage/exchange/legacy.py). The encryption is the same in both.
MAJOR, MINOR = 2, 0
MAGIC = b"BINHYEN-EXCHANGE\n"
HKDF_INFO = b"binhyen-exchange v1"
APP_VERSION = VERSION


def derive_key(shared: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=HKDF_INFO).derive(shared)


def seal(zip_bytes: bytes, recipient_public: bytes | None) -> bytes:
    """The file: magic line, header length, header JSON, then the zip (encrypted when a
    recipient key is given; the header is bound to it as associated data)."""
    if recipient_public is None:
        header = {"format": FORMAT, "major": MAJOR, "minor": MINOR, "encrypted": False}
        header_bytes = json.dumps(header, sort_keys=True).encode()
        return MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes + zip_bytes
    ephemeral = X25519PrivateKey.generate()
    salt, nonce = os.urandom(16), os.urandom(12)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    header = {"format": FORMAT, "major": MAJOR, "minor": MINOR, "encrypted": True,
              "recipient": keys.fingerprint(recipient_public),
              "ephemeral": base64.b64encode(ephemeral.public_key().public_bytes(keys.RAW, keys.RAW_PUBLIC)).decode(),
              "salt": base64.b64encode(salt).decode(), "nonce": base64.b64encode(nonce).decode()}
    header_bytes = json.dumps(header, sort_keys=True).encode()
    cipher = AESGCM(derive_key(shared, salt)).encrypt(nonce, zip_bytes, header_bytes)
    return MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes + cipher


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

    def describe(self) -> str:
        lines = [f"Gói {('toàn bộ dữ liệu' if self.full else 'các thay đổi')} {self.period.label}:"]
        lines += [f"  {labels.table(table)}: {format_number(count)}"
                  for table, count in self.counts.items() if count]
        lines.append(f"GỬI DANH SÁCH CƯ DÂN CÓ TÊN, lý do: {self.residents_reason}" if self.residents_reason else
                     "Cư dân: chỉ gửi số hộ, số người theo địa bàn (và thành viên các tổ).")
        lines.append("Không gửi đi: " + "; ".join(self.left_out) + ".")
        lines.append(f"Mã hóa cho: {self.encrypted_for}" if self.encrypted_for else
                     "CẢNH BÁO: chưa có khóa của cấp trên, tệp KHÔNG được mã hóa; ai cầm tệp cũng đọc được.")
        return "\n".join(lines)


def _changed(db, table: str, period: Period, full: bool, named: bool = False) -> list[int]:
    if not named and table in RESIDENT_TABLES:
        return []
    where, params = ["1"], []
    if not full:
        where.append("updated_at >= ? AND updated_at < ?")
        params = [period.start.isoformat(), (period.end + timedelta(days=1)).isoformat()]
    if not named and table == "people":
        where.append("id IN (SELECT person_id FROM memberships)")
    return [row[0] for row in db.conn.execute(f"SELECT id FROM {table} WHERE {' AND '.join(where)} ORDER BY id",
                                              params)]


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
    counts = {table: len(_changed(db, table, period, full, reason is not None)) for table in TABLES}
    left_out = [f"{label} ({labels.table(table).lower()})" for table, fields in LEFT_OUT.items()
                for label in fields.values()]
    if reason is None:
        left_out.append("danh sách hộ, cư dân (trừ thành viên các tổ), cam kết, vụ việc hòa giải: chỉ gửi số "
                        "lượng")
    left_out.append("nhật ký thao tác (chỉ gửi mã băm của các mục)")
    found = keys.superior(db)
    return ExportPlan(period, full, counts, left_out, found[0] if found else None, reason)


def _jsonl(db, table: str, ids: list[int], translator: Translator) -> bytes:
    repo = repository_for(table)
    lines = []
    for record_id in ids:
        snapshot = repo.snapshot(db, record_id)
        entry = {"uuid": snapshot["uuid"], "version": snapshot["version"], "created_at": snapshot["created_at"],
                 "updated_at": snapshot["updated_at"], "deleted_at": snapshot["deleted_at"],
                 "data": None if snapshot["deleted_at"] else translator.record(table, snapshot)}
        lines.append(json.dumps(entry, ensure_ascii=False, sort_keys=True))
    return ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8")


def build(db, actor: str, period: Period, *, full: bool = False, attach=None,
          residents_reason: str | None = None) -> tuple[bytes, dict]:
    """The sealed package bytes and its manifest; takes the next sequence number.
    `attach(summary, values)` returns the files made for people to read (a PDF and an
    XLSX, from printing/), given the period report and the figures."""
    station = unit.get_unit(db)
    if station.role != "station":
        raise ValidationError("Chỉ Công an xã mới xuất gói gửi cấp trên.")
    keys.ensure_keys(db, actor)
    reason = _reason(residents_reason)
    translator = Translator(db)
    files: dict[str, bytes] = {}
    counts = {}
    for table in TABLES:
        ids = _changed(db, table, period, full, reason is not None)
        counts[table] = len(ids)
        files[f"records/{table}.jsonl"] = _jsonl(db, table, ids, translator)
    figures = period_figures(db, period)
    files["figures.json"] = json.dumps(figures, ensure_ascii=False, indent=1).encode("utf-8")
    if attach is not None:
        from storage.documents import gather as printouts

        summary = printouts.station_summary(db, period, keys.fingerprint(keys.signing_public(db)))
        files.update(attach(summary, printouts.figure_values(figures)))
    files[anchors.AUDIT_FILE] = anchors.audit_file(db)  # the chain since the previous package
    files[RESIDENTS_FILE] = json.dumps(residents_by_area(db), ensure_ascii=False, indent=1).encode("utf-8")
    sequence = identity.next_sequence(db)  # never backwards, even after restoring an old copy
    signing_public = keys.signing_public(db)
    found = keys.superior(db)
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
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
        "audit_head": audit.last_hash(db),
        "left_out": plan(db, period, full, reason).left_out,
        "residents": {"named": reason is not None, "reason": reason},
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", manifest_bytes)
        archive.writestr("manifest.sig", keys.signing_key(db).sign(manifest_bytes))
        for name, data in files.items():
            archive.writestr(name, data)
    return seal(buffer.getvalue(), found[1] if found else None), manifest


def export(db, actor: str, period: Period, target: Path, *, full: bool = False, attach=None,
           residents_reason: str | None = None) -> dict:
    """Build the package, write it atomically, record the export (and why named lists of
    residents left, if they did); returns the manifest."""
    with db.atomic():
        data, manifest = build(db, actor, period, full=full, attach=attach, residents_reason=residents_reason)
        # kept before the file exists: a number is used once; the head is an anchor outside the database
        identity.remember(db, manifest["sequence"], manifest["audit_head"])
        write_atomically(Path(target), data)
        db.conn.execute(
            "INSERT INTO exports(sequence, period_code, full_export, created_at, created_by, file_sha256, "
            "encrypted, counts, audit_head) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (manifest["sequence"], period.code, int(full), manifest["created_at"], actor,
             hashlib.sha256(data).hexdigest(), int(manifest["superior"]["fingerprint"] is not None),
             json.dumps(manifest["counts"]), manifest["audit_head"]))
        audit.append(db, actor, "export_package", "exports", None, None,
                     {"sequence": manifest["sequence"], "period": period.code, "counts": manifest["counts"],
                      "residents": manifest["residents"],
                      "encrypted": manifest["superior"]["fingerprint"] is not None})
    return manifest
