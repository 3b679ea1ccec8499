"""Writing a plan (storage.excel.plan) into the book, inside the caller's transaction:
areas to create first, then new people, their households, the members, the updates;
every record created or updated is listed in excel_import_records so the whole import
can be undone (its records go to the trash)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from storage.clock import new_uuid, now_iso
from storage.errors import StorageError
from storage.excel.mediation import write_mediation
from storage.excel.plan import CHANGED, NEW, SAME, Plan, person_row, split_area
from storage.excel.teams import write_teams
from storage.records import audit


@dataclass
class Written:
    created: dict[str, list[int]] = field(default_factory=dict)
    updated: dict[str, list[int]] = field(default_factory=dict)
    import_id: int | None = None

    def add(self, table: str, ids, *, updated: bool = False) -> None:
        target = self.updated if updated else self.created
        target.setdefault(table, []).extend(ids)

    @property
    def created_count(self) -> int:
        return sum(len(v) for v in self.created.values())

    @property
    def updated_count(self) -> int:
        return sum(len(v) for v in self.updated.values())


def _create_areas(db, actor: str, plan: Plan, written: Written) -> dict[str, int]:
    from storage.records.areas import areas

    made: dict[str, int] = {}
    for key, text in plan.area_texts.items():
        kind, name = split_area(text)
        record = areas.create(db, actor, name=name, kind=kind)
        made[key] = record.id
        written.add("areas", [record.id])
    return made


# People are created CHUNK at a time: the rows to insert and the audit entries
# create_many collects are held for one chunk, not for 300,000 rows at once, and Hủy is
# heard between chunks.
CHUNK = 5000


def _create_people(db, actor: str, rows: list, check) -> list[int]:
    from storage.records.people import people

    ids: list[int] = []
    for start in range(0, len(rows), CHUNK):
        check()
        ids += people.create_many(db, actor, [person_row(r.values) for r in rows[start:start + CHUNK]])
    return ids


class ImportCancelled(StorageError):
    """The person stopped the import: the transaction is rolled back, nothing is written."""


def write_plan(db, actor: str, plan: Plan, progress=None, cancelled=None) -> Written:
    """Write every new and changed row of the plan; refused and same rows are left alone.
    `progress(done, total, message)` hears of each step; when `cancelled()` turns true the
    import stops with ImportCancelled (the caller's transaction then writes nothing)."""
    def check() -> None:
        if cancelled is not None and cancelled():
            raise ImportCancelled("Đã dừng nhập theo yêu cầu; không ghi gì vào dữ liệu.")

    def step(done: int, message: str) -> None:
        check()
        if progress:
            progress(done, 4, message)

    from storage.records.households import households
    from storage.records.people import people

    written = Written()
    area_ids = _create_areas(db, actor, plan, written)
    for row in plan.rows:
        if row.status in (NEW, CHANGED) and row.area_text and row.values.get("area_id") is None:
            row.values["area_id"] = area_ids[row.area_text]
    if plan.kind == "mediation":
        write_mediation(db, actor, plan, written)
        step(4, "Xong")
        return written
    if plan.kind in ("teams", "members"):
        write_teams(db, actor, plan, written)
        step(4, "Xong")
        return written
    person_ids: dict[int, int] = {}  # sheet row -> person id
    for row in plan.rows:
        if row.existing_id is not None:
            person_ids[row.row] = row.existing_id
    # 1. new people who are not members of a new household (heads, people lists)
    by_head = {r.row: r for r in plan.rows if r.is_head}
    first = [r for r in plan.rows if r.status == NEW and r.existing_id is None
             and not (r.head_row and by_head[r.head_row].household_id is None)]
    ids = _create_people(db, actor, first, check)
    for r, person_id in zip(first, ids):
        person_ids[r.row] = person_id
    written.add("people", ids)
    step(1, "Đã ghi người")
    # 2. households for heads that have none
    heads = [r for r in plan.rows if r.is_head and r.status in (NEW, CHANGED) and r.household_id is None]
    household_ids = households.create_many(db, actor, [
        {"head_id": person_ids[r.row], "area_id": r.values.get("area_id"), "address": r.values.get("address")}
        for r in heads])
    for r, household_id in zip(heads, household_ids):
        r.household_id = household_id
    written.add("households", household_ids)
    step(2, "Đã ghi hộ gia đình")
    # 3. new members of the new households
    rest = [r for r in plan.rows if r.status == NEW and r.existing_id is None and r.row not in person_ids]
    for r in rest:
        r.values["household_id"] = by_head[r.head_row].household_id
    ids = _create_people(db, actor, rest, check)
    written.add("people", ids)
    step(3, "Đã ghi thành viên các hộ")
    # 4. changed people (and members who move into a new household)
    updated = []
    for r in plan.rows:
        if r.existing_id is None or r.status not in (CHANGED, SAME):
            continue
        changes = {k: after for k, (_before, after) in r.changes.items()}
        if r.head_row and by_head[r.head_row].household_id and not r.is_head:
            household_id = by_head[r.head_row].household_id
            current = people.get(db, r.existing_id)
            if current.household_id != household_id:
                changes["household_id"] = household_id
        if r.is_head:
            changes.pop("relation_to_head", None)  # the household sets it
        if changes and not (r.is_head and set(changes) <= {"household_id"}):
            people.update(db, actor, r.existing_id, **changes)
            updated.append(r.existing_id)
    written.add("people", updated, updated=True)
    step(4, "Xong")
    return written


def record_import(db, actor: str, plan: Plan, written: Written, file_name: str, digest: str) -> int:
    """The history entry of an import, its records, and the audit entry naming the file."""
    stamp = now_iso()
    uuid = new_uuid()
    cursor = db.conn.execute(
        "INSERT INTO excel_imports (uuid, file_name, file_sha256, sheet, kind, imported_at, actor, "
        "created_count, updated_count, refused_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (uuid, file_name, digest, plan.sheet, plan.kind, stamp, actor, written.created_count,
         written.updated_count, plan.count("refused")))
    import_id = cursor.lastrowid
    rows = [(import_id, table, record_id, "created") for table, ids in written.created.items() for record_id in ids]
    rows += [(import_id, table, record_id, "updated") for table, ids in written.updated.items()
             for record_id in ids]
    db.conn.executemany("INSERT OR IGNORE INTO excel_import_records (import_id, table_name, record_id, action) "
                        "VALUES (?, ?, ?, ?)", rows)
    audit.append(db, actor, "import_excel", "excel_imports", uuid, None, {
        "file": file_name, "sha256": digest, "sheet": plan.sheet, "kind": plan.kind,
        "created": written.created_count, "updated": written.updated_count,
        "refused": plan.count("refused"), "same": plan.count(SAME)})
    written.import_id = import_id
    return import_id


@dataclass
class ImportRecord:
    id: int
    uuid: str
    file_name: str
    sheet: str | None
    kind: str
    imported_at: str
    actor: str
    created_count: int
    updated_count: int
    refused_count: int
    undone_at: str | None
    undone_by: str | None


def history(db) -> list[ImportRecord]:
    names = [f.name for f in dataclasses.fields(ImportRecord)]
    return [ImportRecord(*row) for row in db.conn.execute(
        f"SELECT {', '.join(names)} FROM excel_imports ORDER BY id DESC")]


# Undo order: what points at others goes first.
_UNDO_ORDER = ("mediation_cases", "memberships", "households", "people", "teams", "areas")


def undo_import(db, actor: str, import_id: int) -> dict[str, list[int]]:
    """Move every record the import created to the trash (records it only updated keep
    their current values); returns the ids per table."""
    from storage.errors import ConflictError, NotFoundError
    from storage.records.registry import repository_for

    row = db.conn.execute("SELECT file_name, undone_at, uuid FROM excel_imports WHERE id = ?",
                          (import_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"Không có lần nhập Excel số {import_id}.")
    if row[1]:
        raise ConflictError(f"Lần nhập tệp {row[0]} đã được hoàn tác lúc {row[1]}.")
    moved: dict[str, list[int]] = {}
    for table in _UNDO_ORDER:
        ids = [r[0] for r in db.conn.execute(
            "SELECT record_id FROM excel_import_records WHERE import_id = ? AND table_name = ? "
            "AND action = 'created' ORDER BY record_id DESC", (import_id, table))]
        repo = repository_for(table)
        for record_id in ids:
            deleted = db.conn.execute(f"SELECT deleted_at FROM {table} WHERE id = ?", (record_id,)).fetchone()
            if deleted is None or deleted[0] is not None:
                continue
            repo.delete(db, actor, record_id)
            moved.setdefault(table, []).append(record_id)
    stamp = now_iso()
    db.conn.execute("UPDATE excel_imports SET undone_at = ?, undone_by = ? WHERE id = ?",
                    (stamp, actor, import_id))
    audit.append(db, actor, "undo_import_excel", "excel_imports", row[2], {"undone_at": None},
                  {"undone_at": stamp, "file": row[0], "moved": sum(len(v) for v in moved.values())})
    return moved
