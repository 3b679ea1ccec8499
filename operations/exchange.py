"""Sending figures up and receiving them: the unit's keys, the superior's key at a
station, exporting a period package, importing packages at the aggregator (with their
receipts), reading a receipt back at the station. Formats and checks live in
storage/exchange (docs/exchange-format.md)."""

from __future__ import annotations

from pathlib import Path

from operations.base import OFFICER, VIEWER, Changes, Result, operation
from storage.db.files import FileWriteError, write_atomically
from storage.db.files import reason as os_reason
from storage.errors import ValidationError
from storage.exchange import importer, keys, package
from storage.query.periods import Period, station_period


def _period(db, period: Period | str | None) -> Period:
    return period if isinstance(period, Period) else station_period(db, period)


@operation(OFFICER)
def ensure_keys(db, actor) -> Result:
    """Make the unit's keys if a file made before them has none (once)."""
    before = db.conn.execute("SELECT count(*) FROM own_keys").fetchone()[0]
    keys.ensure_keys(db, actor.name)
    made = db.conn.execute("SELECT count(*) FROM own_keys").fetchone()[0] > before
    return Result(made, Changes().add("own_keys") if made else Changes())


@operation(VIEWER, transaction=False)
def save_public_key(db, actor, out: Path) -> Result:
    """(Aggregator) write the public key file the stations import; returns its fingerprint."""
    from storage.db.backup import db_file
    from storage.db.files import refuse_companion

    refuse_companion(Path(out), db_file(db))  # <tệp>.lock: the writer lock would be gone
    text = keys.public_key_file(db)
    fingerprint = keys.fingerprint(keys.encryption_public(db))
    write_atomically(Path(out), text.encode("utf-8"))
    return Result(fingerprint)


@operation(OFFICER)
def trust_superior(db, actor, key_file: Path, replace: bool = False) -> Result:
    """(Station) take the superior's public key from its file; returns the fingerprint
    to compare over the telephone. Replacing a different trusted key needs `replace`
    (keys.KeyReplacement otherwise, carrying both fingerprints to show)."""
    path = Path(key_file)
    if not path.is_file():
        raise ValidationError(f"Không tìm thấy tệp khóa {path}.", "file")
    if path.stat().st_size > 64 << 10:
        raise ValidationError(f"Tệp {path.name} quá lớn để là khóa công khai của cấp trên.", "file")
    fingerprint = keys.trust_superior(db, actor.name, path.read_text(encoding="utf-8", errors="replace"),
                                      replace=replace)
    return Result(fingerprint, Changes().add("trusted_keys"))


@operation(VIEWER, transaction=False)
def export_plan(db, actor, period: Period | str | None, full: bool = False,
                residents_reason: str | None = None) -> Result:
    """What a package of `period` would hold and what stays out (read only). Named lists
    of residents are in it only with a stated `residents_reason`."""
    return Result(package.plan(db, _period(db, period), full, residents_reason))


@operation(OFFICER)
def export(db, actor, period: Period | str | None, out: Path, *, full: bool = False,
           residents_reason: str | None = None, allow_unencrypted: bool = False) -> Result:
    """(Station) sign, encrypt for the superior and write the package of `period`;
    returns its manifest."""
    from printing.attachments import package_attachments

    if keys.superior(db) is None and not allow_unencrypted:
        raise ValidationError("Chưa có khóa công khai của cấp trên: gói sẽ KHÔNG được mã hóa, ai cầm tệp cũng đọc "
                              "được. Hãy nhập khóa của cấp trên (lệnh trust), hoặc xác nhận xuất không mã hóa "
                              "(--unencrypted).", "unencrypted")
    manifest = package.export(db, actor.name, _period(db, period), Path(out), full=full,
                              attach=package_attachments, residents_reason=residents_reason)
    return Result(manifest, Changes().add("exports"))


def package_files(items: list[str | Path]) -> list[Path]:
    """Files as named; for a folder, the packages in it."""
    paths = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and importer.is_package(p))
            if not found:
                raise ValidationError(f"Thư mục {path} không có gói nào của Bình Yên.", "files")
            paths += found
        elif path.is_file():
            paths.append(path)
        else:
            raise ValidationError(f"Không tìm thấy tệp {path}.", "files")
    return paths


def receipts_folder(folder: Path) -> None:
    """Refuse (ValidationError) a receipts folder that is not a folder this process can
    write in (a file, /dev/full, a read-only folder); a missing one is created."""
    import os

    problem = f"Không ghi được biên nhận vào {folder}: "
    if folder.exists() and not folder.is_dir():
        raise ValidationError(problem + "đó không phải một thư mục; hãy chỉ một thư mục cho --receipts.", "receipts")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ValidationError(problem + f"{os_reason(error)}; hãy chỉ một thư mục ghi được cho --receipts.",
                              "receipts") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValidationError(problem + "không có quyền ghi; hãy chỉ một thư mục ghi được cho --receipts.",
                              "receipts")


# Not one transaction here: the importer applies each acceptable package in its own
# transaction (a backup first when one would change a station it holds), and receipts
# are files.
@operation(OFFICER, transaction=False)
def import_packages(db, actor, items: list[str | Path], *, dry_run: bool = False, trust_new=False,
                    receipts: Path | None = None) -> Result:
    """(Aggregator) check and import packages (files or folders of them); unless a dry
    run, a signed receipt is written for each (beside its package, or in `receipts`).
    `trust_new` is a bool or a function of the report confirming a new station's key."""
    paths = package_files(items)
    if receipts is not None and not dry_run:
        receipts_folder(Path(receipts))  # before anything is imported
    reports = importer.import_packages(db, actor.name, paths, dry_run=dry_run, trust_new=trust_new)
    if not dry_run:
        for path, report in zip(paths, reports):  # accepted, waiting or refused: each gets one
            try:
                importer.write_receipt(db, report, Path(receipts) if receipts else path.parent)
            except FileWriteError as error:  # the package is in (or not) all the same: its report says so
                report.warnings.append(f"không ghi được biên nhận: {error}")
    changes = Changes()
    if not dry_run and any(r.status == importer.ACCEPTED for r in reports):
        for table in ("packages", "stations", "station_records"):
            changes.add(table)
    return Result(reports, changes)


@operation(VIEWER, transaction=False)
def read_receipt(db, actor, path: Path) -> Result:
    """(Station) a receipt from the superior, checked against what was exported here."""
    return Result(importer.read_receipt(db, Path(path)))
