"""Bringing a station's existing Excel lists in, and giving every list out as .xlsx.

    preview_import  what an import would do, row by row (read only; the dry run)
    import_file     the import: a backup first, then one transaction with audit entries
                    naming the file; the same file again changes nothing
    undo_import     a whole import to the trash (Tệp → Lịch sử nhập)
    export_kind     a kind of record (excel-export --kind) as .xlsx
    export_list     what a list page shows (its filters, columns and order) as .xlsx"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from operations.base import OFFICER, VIEWER, Changes, Result, operation
from storage.excel import apply, reader
from storage.excel.kinds import plan_sheet
from storage.excel.plan import CHANGED, NEW, ImportError_, Plan
from storage.excel.table import find_table

KINDS = ("auto", "people", "households", "teams", "members", "mediation")


@dataclass
class ImportOutcome:
    plan: Plan
    file_name: str
    written: apply.Written | None = None   # None: a dry run, or nothing to write
    sheets: list[str] = field(default_factory=list)  # every sheet of the file, for a picker


def load_plan(db, path: Path, *, kind: str = "auto", sheet: str | None = None, area: str | None = None,
              create_areas: bool = False, mapping: dict[int, str] | None = None) -> Plan:
    """Read the file and plan it (no writing). The first sheet with a table is used
    unless `sheet` names one."""
    if kind not in KINDS:
        raise ImportError_(f"Loại danh sách “{kind}” không hợp lệ; hãy chọn: {', '.join(KINDS)}.")
    sheets = reader.read_workbook(Path(path), sheet=sheet)
    for candidate in sheets:
        table = find_table(candidate.rows, kind)
        if table is not None:
            plan = plan_sheet(db, candidate, kind=kind, area=area, create_areas=create_areas,
                              mapping=mapping, table=table)
            plan.sheet_names = [s.name for s in sheets] if sheet is None else reader.sheet_names(Path(path))
            return plan
    names = ", ".join(f"“{s.name[:40]}”" for s in sheets[:20]) + (f" và {len(sheets) - 20} trang khác"
                                                                   if len(sheets) > 20 else "")
    raise ImportError_(f"Không tìm thấy danh sách trong tệp {Path(path).name} (các trang {names}): "
                       "cần một dòng tiêu đề có cột “Họ và tên” (hoặc “Tên tổ”) và ít nhất một cột "
                       "khác như “Năm sinh”, “Số CCCD”, “Thôn/Tổ”, “Quan hệ với chủ hộ”.")


@operation(VIEWER, transaction=False, unit="station")
def preview_import(db, actor, path: Path, **options) -> Result:
    """The dry run: every row new, same, changed or refused with its reason."""
    plan = load_plan(db, path, **options)
    return Result(ImportOutcome(plan, Path(path).name, sheets=plan.sheet_names))


@operation(OFFICER, transaction=False, unit="station")
def import_file(db, actor, path: Path, *, progress=None, cancelled=None, **options) -> Result:
    """Import the file: rows that are new or changed are written in one transaction,
    refused rows are listed with their reasons and left out. Cancelling (the app's
    Hủy button) rolls the whole import back."""
    from storage.db import backup

    path = Path(path)
    planned_at = _data_version(db)
    plan = load_plan(db, path, **options)
    digest = _digest(path)
    outcome = ImportOutcome(plan, path.name, sheets=plan.sheet_names)
    if not _writes(plan):
        return Result(outcome)  # the same file again: nothing to do, nothing recorded
    with db.atomic():  # a file opened read-only (another process writes it) stops here, before a backup
        db.conn.execute("UPDATE excel_imports SET id = id WHERE 0")
    db_path = backup.db_file(db)
    if db_path is not None:
        backup.make_backup(db, db_path, "truoc-nhap-excel")
    with db.atomic():
        # Take the write lock now, then make sure the plan still holds: when another
        # process or connection wrote since it was made (the same file imported twice at
        # once), plan again against what it wrote, so nothing is created twice.
        db.conn.execute("UPDATE excel_imports SET id = id WHERE 0")
        if _data_version(db) != planned_at:
            plan = outcome.plan = load_plan(db, path, **options)
            if not _writes(plan):
                return Result(outcome)
        written = apply.write_plan(db, actor.name, plan, progress, cancelled)
        apply.record_import(db, actor.name, plan, written, path.name, digest)
    outcome.written = written
    changes = Changes().add("excel_imports", written.import_id)
    for table, ids in (*written.created.items(), *written.updated.items()):
        changes.add(table, *ids)
    return Result(outcome, changes)


def _data_version(db) -> int:
    """SQLite's count of commits made by other connections to this file."""
    return db.conn.execute("PRAGMA data_version").fetchone()[0]


def _writes(plan: Plan) -> bool:
    return any(r.status in (NEW, CHANGED) for r in plan.rows) or bool(plan.new_areas)


def _digest(path: Path) -> str:
    """The file's SHA-256, read in blocks (the reader has refused a file over its size
    limit already)."""
    sha = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


@operation(OFFICER, unit="station")
def undo_import(db, actor, import_id: int) -> Result:
    """Move every record an import created to the trash."""
    moved = apply.undo_import(db, actor.name, import_id)
    changes = Changes().add("excel_imports", import_id)
    for table, ids in moved.items():
        changes.add(table, *ids)
    return Result(moved, changes)


@operation(VIEWER, transaction=False, unit="station")
def import_history(db, actor) -> Result:
    return Result(apply.history(db))


@operation(VIEWER, transaction=False, unit="station")
def export_kind(db, actor, kind: str, out: Path, *, area: str | None = None) -> Result:
    """A kind of record as .xlsx (households: one row per person, the head first, the
    form a station keeps and the import reads back); returns the number of rows."""
    from storage.excel import writer

    return Result(writer.export_kind(db, kind, Path(out), area=area))


@operation(VIEWER, transaction=False, unit="station")
def export_list(db, actor, list_key: str, ids: list[int], columns: list[int], out: Path) -> Result:
    """The rows `ids` of list `list_key` (in that order), columns `columns` (in that
    order), as .xlsx; returns the number of rows."""
    from storage.excel import writer

    return Result(writer.export_list(db, list_key, ids, columns, Path(out)))
