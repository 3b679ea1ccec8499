"""Importing packages at the superior. A dry run tells, per station and table, what is
new, updated, unchanged, deleted, in conflict or rejected and why; applying writes it
in one transaction. The same package twice changes nothing; an older package after a
newer one changes nothing; a gap in a station's numbers is reported; a station's first
package is trusted only once its key's fingerprint was confirmed, and a changed key
is refused."""

from __future__ import annotations

import gc
import hashlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from storage import labels
from storage.clock import now_iso
from storage.errors import StorageError, ValidationError
from storage.exchange import keys, schemas
from storage.exchange.reader import OpenedPackage, PackageError, open_package
from storage.exchange.records import TABLES
from storage.records import audit, unit

ACCEPTED, UNCHANGED, REJECTED, NEEDS_TRUST = "nhận", "không thay đổi", "từ chối", "chờ xác nhận khóa"
CONFLICT = "xung đột"
MAX_RECEIPT = 1 << 20
# Statuses after which the command line exits non-zero: the package did not arrive.
NOT_RECEIVED = (REJECTED, NEEDS_TRUST, CONFLICT)


@dataclass
class TableSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    conflict: int = 0
    rejected: int = 0
    reasons: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "reasons" or v}


@dataclass
class ImportReport:
    file: str
    status: str
    message: str = ""
    station_uuid: str | None = None
    station_name: str | None = None
    sequence: int | None = None
    period: str | None = None
    fingerprint: str | None = None
    new_station: bool = False
    missing_sequences: list[int] = field(default_factory=list)
    tables: dict[str, TableSummary] = field(default_factory=dict)
    file_sha256: str | None = None
    content_sha256: str | None = None
    flag: str | None = None   # commune_claimed, key_reused, sequence_reused, audit_broken: audited when applied
    audit_chain: str | None = None   # whether the station's audit chain continues its last package
    warnings: list[str] = field(default_factory=list)   # accepted all the same (unit list edition)

    def as_json(self) -> dict:
        out = {k: v for k, v in self.__dict__.items() if k != "tables"}
        out["tables"] = {t: s.as_json() for t, s in self.tables.items()}
        return out

    def describe(self) -> str:
        head = f"{schemas.visible(self.file)}: {self.status}"  # a file named with a line break forges no line
        if self.station_name:
            head += f" — {schemas.visible(self.station_name)}, gói số {self.sequence}, kỳ {self.period}"
        lines = [head]
        if self.message:
            lines.append(f"  {self.message}")
        lines += [f"  Cảnh báo: {warning}" for warning in self.warnings]
        if self.missing_sequences:
            lines.append("  Thiếu gói số: " + ", ".join(map(str, self.missing_sequences)))
        if self.audit_chain:
            lines.append(f"  Nhật ký thao tác của xã: {self.audit_chain}")
        for table, s in self.tables.items():
            if any((s.new, s.updated, s.deleted, s.conflict, s.rejected)):
                lines.append(f"  {labels.table(table)}: mới {s.new}, cập nhật {s.updated}, không đổi {s.unchanged}, "
                             f"xóa {s.deleted}, xung đột {s.conflict}, từ chối {s.rejected}")
            for reason in s.reasons[:5]:
                lines.append(f"    - {reason}")
        return "\n".join(lines)


def _existing(db, station_uuid: str, table: str) -> dict[str, tuple[int, str | None, bytes]]:
    """uuid → (version, deleted_at, SHA-256 of the stored line): digests, not the lines,
    so a large station costs little memory to compare."""
    return {row[0]: (row[1], row[2], hashlib.sha256(row[3].encode("utf-8")).digest()) for row in db.conn.execute(
        "SELECT uuid, version, deleted_at, data FROM station_records WHERE station_uuid = ? AND table_name = ?",
        (station_uuid, table))}


def _plan_records(db, opened: OpenedPackage, report: ImportReport) -> dict[str, list]:
    """Compare every record with what the aggregator holds; return the records to write."""
    station_uuid = opened.station["uuid"]
    writes: dict[str, list] = {}
    for table in TABLES:
        summary = TableSummary()
        existing = _existing(db, station_uuid, table)
        chosen = []
        for record in opened.records.get(table, []):
            held = existing.get(record.uuid)
            if held is None:
                summary.new += 1
                chosen.append(record)
            elif record.version > held[0]:
                if record.deleted_at and not held[1]:
                    summary.deleted += 1
                else:
                    summary.updated += 1
                chosen.append(record)
            elif record.version == held[0] and record.has_data and hashlib.sha256(record.raw).digest() != held[2]:
                summary.conflict += 1
                if len(summary.reasons) < 100:
                    summary.reasons.append(f"{record.uuid}: cùng phiên bản {held[0]} nhưng nội dung khác; "
                                           "giữ bản đã nhập")
            else:
                summary.unchanged += 1
        del existing
        for reason in opened.rejected.get(table, []):
            summary.reasons.append(f"từ chối {reason}")
        summary.rejected = opened.rejected_count.get(table, len(opened.rejected.get(table, [])))
        report.tables[table] = summary
        writes[table] = chosen
    return writes


def _rows(station_uuid: str, table: str, records):
    """The rows of station_records, decoded one at a time as SQLite takes them."""
    for record in records:
        yield (station_uuid, table, record.uuid, record.version, record.updated_at, record.deleted_at,
               record.raw.decode("utf-8"))  # the whole record line, as signed by the station


def _by_uuid(record) -> str:
    return record.uuid


def _refuse(report: ImportReport, status: str, message: str, flag: str | None = None):
    report.status, report.message = status, message
    report.flag = flag
    return report, {}


def check(db, opened: OpenedPackage) -> tuple[ImportReport, dict]:
    """The dry run of one opened package: what importing it would do. Identity is the
    content (the signed manifest's hash); the province and commune must be the
    superior's and in the official list; one commune, one station, one key."""
    from storage.reference import provinces

    manifest, station = opened.manifest, opened.station
    shown = schemas.visible(station["name"])
    if not shown:
        return ImportReport(opened.path.name, REJECTED, "Tên đơn vị trong bản kê của gói chỉ có ký tự ẩn: xã cần "
                                                        "khai báo lại tên đơn vị rồi xuất lại gói."), {}
    station["name"] = shown  # a right-to-left override, a NUL, a zero-width space: never stored nor shown
    report = ImportReport(opened.path.name, ACCEPTED, station_uuid=station["uuid"], station_name=station["name"],
                          sequence=manifest["sequence"], period=manifest["period"]["code"],
                          fingerprint=keys.fingerprint(opened.signing_public), file_sha256=opened.file_sha256,
                          content_sha256=opened.content_sha256)
    aggregator = unit.get_unit(db)
    from storage.reference.unit_list import mismatch_warning

    if warning := mismatch_warning(manifest.get("unit_list_version")):
        report.warnings.append(warning)
    if aggregator.role != "aggregator":
        return _refuse(report, REJECTED, "Cơ sở dữ liệu này không ở chế độ tổng hợp (cấp trên).")
    same = db.conn.execute("SELECT sequence FROM packages WHERE content_sha256 = ? OR file_sha256 = ?",
                           (opened.content_sha256, opened.file_sha256)).fetchone()
    if same:
        return _refuse(report, UNCHANGED, "Gói này đã được nhập trước đó; không thay đổi gì.")
    province, commune = station.get("province_code"), station.get("commune_code")
    if province is None or commune is None:
        return _refuse(report, REJECTED, "Gói không ghi mã tỉnh hoặc mã xã: xã cần khai báo đơn vị đầy đủ "
                                         "(tỉnh, xã theo danh mục) rồi xuất lại.")
    if aggregator.province_code and province != aggregator.province_code:
        return _refuse(report, REJECTED, f"Gói của một xã thuộc tỉnh khác (mã tỉnh {province}, "
                                         f"đơn vị này là mã {aggregator.province_code}).")
    if commune not in {c.code for c in provinces.communes_of(province)}:
        return _refuse(report, REJECTED, f"Mã xã {commune} không có trong danh mục đơn vị hành chính "
                                         f"của tỉnh mã {province}.")
    claimed = db.conn.execute("SELECT station_name FROM stations WHERE commune_code = ? AND station_uuid != ?",
                              (commune, station["uuid"])).fetchone()
    if claimed:
        return _refuse(report, CONFLICT, f"Xã mã {commune} đã có một đơn vị khác gửi gói ({claimed[0]}): hai đơn "
                                         "vị không thể cùng báo cáo cho một xã. Hãy liên hệ xã để xác minh.",
                       "commune_claimed")
    shared = db.conn.execute("SELECT station_name FROM stations WHERE signing_key = ? AND station_uuid != ?",
                             (opened.signing_public, station["uuid"])).fetchone()
    if shared:
        return _refuse(report, CONFLICT, f"Khóa ký này đã được đơn vị khác dùng ({shared[0]}): có thể một xã đã "
                                         "sao chép dữ liệu của xã khác. Hãy liên hệ hai xã để xác minh.",
                       "key_reused")
    known = db.conn.execute("SELECT signing_key, last_sequence FROM stations WHERE station_uuid = ?",
                            (station["uuid"],)).fetchone()
    if known is None:
        report.new_station = True
        report.message = (f"Xã gửi gói lần đầu; hãy so dấu vân tay khóa ký {report.fingerprint} với bản giấy "
                          "của xã trước khi tin cậy.")
        last = 0
    else:
        if known[0] != opened.signing_public:
            return _refuse(report, REJECTED, "Khóa ký của xã đã thay đổi so với lần trước: gói có thể do người "
                                             "khác làm. Hãy liên hệ xã để xác minh; nếu xã đã cài lại máy, cần xác "
                                             "nhận lại khóa mới.")
        last = known[1]
        reused = db.conn.execute("SELECT max(created_at) FROM packages WHERE station_uuid = ? AND sequence = ?",
                                 (station["uuid"], manifest["sequence"])).fetchone()[0]
        if reused is not None:
            if manifest["created_at"] <= reused:
                return _refuse(report, CONFLICT, f"Gói số {manifest['sequence']} trùng số với một gói đã nhập nhưng "
                                                 "nội dung khác và không mới hơn: xã có thể đã khôi phục dữ liệu cũ. "
                                                 "Hãy liên hệ xã để xuất lại gói mới nhất.", "sequence_reused")
            report.message = (f"Gói số {manifest['sequence']} trùng số với một gói đã nhập nhưng nội dung khác và "
                              "mới hơn (xã có thể đã khôi phục dữ liệu): nhận như trạng thái mới hơn; hồ sơ chỉ "
                              "được cập nhật khi phiên bản lớn hơn.")
        elif manifest["sequence"] < last:
            report.message = (f"Gói số {manifest['sequence']} đến sau gói số {last}: nhận những hồ sơ có phiên bản "
                              "mới hơn bản đã có.")
    report.missing_sequences = list(range(last + 1, min(manifest["sequence"], last + 1001)))
    _check_audit_chain(db, opened, report)
    writes = _plan_records(db, opened, report)
    return report, writes


def _check_audit_chain(db, opened: OpenedPackage, report: ImportReport) -> None:
    """Whether the station's audit chain continues the head stored from its last package."""
    from storage.exchange import anchors

    if opened.audit_chain is None:
        report.audit_chain = "gói không kèm chuỗi nhật ký (Bình Yên bản cũ): chưa đối chiếu được."
        return
    previous, hashes = opened.audit_chain
    stored = db.conn.execute("SELECT audit_head FROM packages WHERE station_uuid = ? AND audit_head IS NOT NULL "
                             "ORDER BY id DESC LIMIT 1", (opened.station["uuid"],)).fetchone()
    verdict = anchors.continues(stored[0] if stored else None, previous, hashes, opened.manifest.get("audit_head"))
    if verdict is None:
        report.audit_chain = f"mốc đầu tiên được lưu ({len(hashes)} mục)."
    elif verdict:
        report.audit_chain = f"nối tiếp gói đã nhận trước ({len(hashes)} mục mới)."
    else:
        report.flag = "audit_broken"
        report.audit_chain = ("CẢNH BÁO: không nối tiếp gói đã nhận trước — nhật ký của xã có thể đã bị cắt bớt "
                              "hoặc viết lại. Hãy liên hệ xã để kiểm tra (lệnh check).")


def _apply(db, actor: str, opened: OpenedPackage, report: ImportReport, writes: dict) -> None:
    manifest, station = opened.manifest, opened.station
    stamp = now_iso()
    if report.new_station:
        db.conn.execute("INSERT INTO stations(station_uuid, station_name, commune_code, province_code, "
                        "signing_key, fingerprint, trusted_at, trusted_by, last_sequence) VALUES (?, ?, ?, ?, ?, ?, "
                        "?, ?, 0)", (station["uuid"], station["name"], station.get("commune_code"),
                                     station.get("province_code"), opened.signing_public, report.fingerprint,
                                     stamp, actor))
    for table, records in writes.items():
        records.sort(key=_by_uuid)  # in key order: the table is clustered on (station, table, uuid)
        db.conn.executemany("INSERT OR REPLACE INTO station_records VALUES (?, ?, ?, ?, ?, ?, ?)",
                            _rows(station["uuid"], table, records))
    db.conn.execute("INSERT INTO packages(station_uuid, sequence, period_code, period_start, period_end, created_at, "
                    "imported_at, imported_by, file_sha256, full_export, figures, summary, content_sha256, "
                    "audit_head, residents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (station["uuid"], manifest["sequence"], manifest["period"]["code"], manifest["period"]["start"],
                     manifest["period"]["end"], manifest["created_at"], stamp, actor, opened.file_sha256,
                     int(manifest["full"]), json.dumps(opened.figures, ensure_ascii=False),
                     json.dumps(report.as_json(), ensure_ascii=False), opened.content_sha256,
                     manifest.get("audit_head"),
                     None if opened.residents is None else json.dumps(opened.residents, ensure_ascii=False)))
    db.conn.execute("UPDATE stations SET last_sequence = max(last_sequence, ?), station_name = ? "
                    "WHERE station_uuid = ?", (manifest["sequence"], station["name"], station["uuid"]))
    audit.append(db, actor, "import_package", "packages", station["uuid"], None,
                 {"station": station["name"], "sequence": manifest["sequence"], "period": manifest["period"]["code"],
                  "tables": {t: s.as_json() for t, s in report.tables.items()}})


ALREADY = "Gói này đã nhập trước đây (nhận ra theo mã băm của tệp, không cần giải mã); không thay đổi gì."


def known_file(db, path: Path) -> ImportReport | None:
    """The report of a file imported before, recognised by its SHA-256 alone (read in
    blocks, nothing decrypted or parsed): milliseconds for a package of a few MB. None
    when the file is new (or unreadable: opening it then says why). No audit entry:
    nothing changes; the receipt still tells the station it arrived."""
    from storage.exchange.reader import file_sha256

    try:
        digest = file_sha256(path)
    except PackageError:
        return None
    row = db.conn.execute(
        "SELECT p.station_uuid, s.station_name, p.sequence, p.period_code, s.fingerprint, p.content_sha256 "
        "FROM packages p LEFT JOIN stations s ON s.station_uuid = p.station_uuid WHERE p.file_sha256 = ? "
        "ORDER BY p.id LIMIT 1", (digest,)).fetchone()
    if row is None:
        return None
    return ImportReport(Path(path).name, UNCHANGED, ALREADY, station_uuid=row[0], station_name=row[1],
                        sequence=row[2], period=row[3], fingerprint=row[4], file_sha256=digest,
                        content_sha256=row[5])


def import_packages(db, actor: str, paths: list[Path], *, dry_run: bool = False,
                    trust_new: Callable[[ImportReport], bool] | bool = False) -> list[ImportReport]:
    """Check every file and (unless a dry run) apply each acceptable one in its own
    transaction: a file is imported whole or not at all, whatever happens to the others.
    `trust_new` confirms a first-time station's fingerprint. A file imported before is
    recognised by its hash and not opened. The backup before importing is made once,
    just before the first package of a station the database already holds is written:
    packages of new stations only add rows (their station, its records, the package,
    audit entries) and change nothing that was there. One transaction for 166 communes
    wrote a WAL of more than 10 GB for a 7 GB database (pages spilled and written again)."""
    if unit.get_unit(db).role != "aggregator":
        raise ValidationError("Cơ sở dữ liệu này không ở chế độ tổng hợp; chỉ cấp trên mới nhập gói của các xã.")
    from storage.db import backup

    paths = [Path(path) for path in paths]
    reports: list[ImportReport | None] = [known_file(db, path) for path in paths]
    db_path = backup.db_file(db)
    backed_up = dry_run or db_path is None

    def before_changing() -> None:
        nonlocal backed_up
        if not backed_up:
            backup.make_backup(db, db_path, "truoc-nhap", only_if_changed=True)  # an import can be undone
            backed_up = True

    cache = db.conn.execute("PRAGMA cache_size").fetchone()[0]
    db.conn.execute(f"PRAGMA cache_size = {min(cache, -IMPORT_CACHE_KIB)}")  # B-tree pages stay, fewer spills
    try:
        for index, path in enumerate(paths):
            if reports[index] is None:
                reports[index] = _import_one(db, actor, path, dry_run, trust_new, before_changing)
    finally:
        db.conn.execute(f"PRAGMA cache_size = {int(cache)}")
    return reports


IMPORT_CACHE_KIB = 64 << 10


def _import_one(db, actor: str, path: Path, dry_run: bool, trust_new, before_changing) -> ImportReport:
    """One file: a report row whatever happens, its writes in one transaction. The
    cyclic garbage collector waits meanwhile: its passes over the hundreds of thousands
    of records held took a fifth of the time, and they hold no cycles."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _import_file(db, actor, path, dry_run, trust_new, before_changing)
    finally:
        if collecting:
            gc.enable()


def _import_file(db, actor: str, path: Path, dry_run: bool, trust_new, before_changing) -> ImportReport:
    try:
        return _import_checked(db, actor, path, dry_run, trust_new, before_changing)
    except (StorageError, sqlite3.Error, OSError):
        raise
    except Exception:  # a fault in one package's checks refuses that package; the others go on
        return ImportReport(path.name, REJECTED, f"Tệp {path.name}: gói có nội dung Bình Yên không xử lý được; "
                                                 "không nhận gói này, không ghi gì. Hãy liên hệ xã để xuất lại gói.")


def _import_checked(db, actor: str, path: Path, dry_run: bool, trust_new, before_changing) -> ImportReport:
    try:
        opened = open_package(db, path)
    except PackageError as error:
        return ImportReport(path.name, REJECTED, str(error))
    except MemoryError:
        return ImportReport(path.name, REJECTED, f"Tệp {path.name}: không đủ bộ nhớ để mở gói này.")
    if not dry_run and db.conn.execute("SELECT 1 FROM stations WHERE station_uuid = ?",
                                       (opened.station["uuid"],)).fetchone():
        before_changing()  # outside the transaction: a station the database holds
    with db.atomic():
        return _import_opened(db, actor, opened, dry_run, trust_new)


def _import_opened(db, actor: str, opened: OpenedPackage, dry_run: bool, trust_new) -> ImportReport:
    report, writes = check(db, opened)
    if report.status == ACCEPTED and report.new_station:
        confirmed = trust_new(report) if callable(trust_new) else trust_new
        if not confirmed:
            report.status = NEEDS_TRUST
        else:
            report.message = f"Đã tin cậy khóa ký của xã, dấu vân tay {report.fingerprint}."
    if dry_run:
        return report
    db.conn.execute("SAVEPOINT import_one")
    try:
        if report.status == ACCEPTED:
            _apply(db, actor, opened, report, writes)
        if report.flag and report.status == ACCEPTED:  # a refused package writes nothing, not even a warning
            audit.append(db, actor, "package_warning", "packages", report.station_uuid, None,
                         {"flag": report.flag, "station": report.station_name, "sequence": report.sequence,
                          "fingerprint": report.fingerprint, "content_sha256": report.content_sha256,
                          "message": report.message, "audit_chain": report.audit_chain})
    except sqlite3.Error:
        db.conn.execute("ROLLBACK TO import_one")
        db.conn.execute("RELEASE import_one")
        report.status, report.tables = REJECTED, {}
        report.message = "Không ghi được gói vào cơ sở dữ liệu (ổ đĩa đầy, tệp chỉ đọc hoặc bị hỏng); không ghi gì."
        return report
    db.conn.execute("RELEASE import_one")
    return report


def is_package(path: Path) -> bool:
    """Whether a file starts like a package (to pick packages out of a folder)."""
    from storage.exchange.package import MAGIC

    try:
        with open(path, "rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def write_receipt(db, report: ImportReport, folder: Path) -> Path:
    """A signed receipt the station can open to see what its superior received."""
    from storage.db.files import write_atomically

    keys.ensure_keys(db, "hệ thống")
    aggregator = unit.get_unit(db)
    body = {"format": "binhyen-receipt", "version": 1, "aggregator": aggregator.station_name,
            "aggregator_fingerprint": keys.fingerprint(keys.signing_public(db)), "received_at": now_iso(),
            "report": report.as_json()}
    body_bytes = json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")
    import base64

    signed = {"receipt": body, "signature": base64.b64encode(keys.signing_key(db).sign(body_bytes)).decode(),
              "signing_key": base64.b64encode(keys.signing_public(db)).decode()}
    stem = Path(report.file).stem
    target = Path(folder) / f"{stem}.bien-nhan.json"
    write_atomically(target, json.dumps(signed, ensure_ascii=False, indent=1).encode("utf-8"))
    return target


def read_receipt(db, path: Path) -> dict:
    """A receipt, checked: signed with the key of the superior this station trusted (the
    key file's Ed25519 key; the key a receipt names itself proves nothing), for a package
    this station sent. At most 1 MB of a regular file is read. `authenticated` is False
    when the trusted key file was made before it carried the signing key: the receipt is
    then only shown. The number an authenticated receipt acknowledges, for a package
    signed with this station's key, is kept, so the station's next package never reuses
    it; `aggregator_fingerprint` is the trusted key's."""
    import base64

    from storage.exchange import identity

    path = Path(path)
    not_receipt = f"Tệp {path.name} không phải biên nhận của Bình Yên."
    try:
        if not path.is_file():
            raise StorageError(f"{path} không phải một tệp (thư mục hoặc thiết bị).")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_RECEIPT + 1)
        if len(raw) > MAX_RECEIPT:
            raise StorageError(not_receipt)
        signed = json.loads(raw.decode("utf-8"))
        body = signed["receipt"]
        report = body["report"]
        if not isinstance(report, dict) or not isinstance(body, dict):
            raise TypeError
        body_bytes = json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")
        trusted = keys.superior_signing_key(db)
        ok = keys.verify(trusted if trusted is not None else base64.b64decode(signed["signing_key"]),
                         base64.b64decode(signed["signature"]), body_bytes)
    except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError):
        raise StorageError(not_receipt) from None
    if not ok and trusted is not None:
        raise StorageError(f"Biên nhận {path.name} có chữ ký không hợp lệ: không do cấp trên mà đơn vị đã tin cậy "
                           "ký, hoặc đã bị sửa; đừng dựa vào biên nhận này, hãy hỏi lại cấp trên.")
    if not ok:
        raise StorageError(f"Biên nhận {path.name} đã bị sửa: chữ ký không hợp lệ.")
    station = unit.get_unit(db)
    if report.get("station_uuid") not in (None, station.uuid):
        raise StorageError("Biên nhận này dành cho một xã khác.")
    body["authenticated"] = trusted is not None
    if trusted is not None:
        body["aggregator_fingerprint"] = keys.fingerprint(trusted)
    sequence = report.get("sequence")
    own = keys.fingerprint(keys.signing_public(db)) if db.conn.execute(
        "SELECT 1 FROM own_keys WHERE purpose = 'signing'").fetchone() else None
    if (trusted is not None and type(sequence) is int and 0 < sequence <= schemas.MAX_SEQUENCE
            and report.get("station_uuid") == station.uuid and own is not None and report.get("fingerprint") == own):
        identity.remember(db, sequence)  # a package this station signed, received by its superior
    sent = db.conn.execute("SELECT file_sha256 FROM exports WHERE sequence = ?",
                           (sequence if type(sequence) is int and abs(sequence) < 2**63 else None,)).fetchone()
    body["matches_export"] = bool(sent and sent[0] == report.get("file_sha256"))
    return body
