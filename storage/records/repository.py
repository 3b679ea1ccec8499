"""The one place every record is written: create, update, move to the trash and
restore, each in a transaction with its audit entry. One Repository per kind of
record describes its table, its dataclass and how to clean its values."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from storage.clock import new_uuid, now_iso
from storage.errors import ConflictError, NotFoundError
from storage.records import audit

META_FIELDS = ("id", "uuid", "created_at", "updated_at", "version", "deleted_at", "deleted_by")


@dataclass(kw_only=True)
class Record:
    id: int | None = None
    uuid: str = ""
    created_at: str = ""
    updated_at: str = ""
    version: int = 0
    deleted_at: str | None = None
    deleted_by: str | None = None


R = TypeVar("R", bound=Record)


@dataclass
class Child:
    """A link table saved together with its parent record (e.g. a team's areas)."""
    table: str
    parent_column: str
    columns: tuple[str, ...]
    order: str = "rowid"


class Repository(Generic[R]):
    table: ClassVar[str]
    record: ClassVar[type]
    label: ClassVar[str]  # Vietnamese name of the kind, for messages ("người", "tổ")
    order_by: ClassVar[str] = "id"
    children: ClassVar[dict[str, Child]] = {}

    # ---- to be provided per kind -------------------------------------------------
    def clean(self, db, values: dict, current: R | None) -> dict:
        """Validate and normalise every field; return column values (and child lists)."""
        raise NotImplementedError

    def derived(self, db, clean: dict) -> dict:
        """Columns computed from the others (sort keys, search text)."""
        return {}

    def display_name(self, record: R) -> str:
        return getattr(record, "name", None) or str(record.id)

    def after_write(self, db, record_id: int) -> None:
        """Keep dependent rows current (e.g. a household's search text)."""

    # ---- reading -----------------------------------------------------------------
    def _columns(self) -> list[str]:
        return [f.name for f in dataclasses.fields(self.record)]

    def from_row(self, db, row: dict) -> R:
        values = {name: row[name] for name in self._columns() if name in row}
        for name, child in self.children.items():
            values[name] = self.child_values(db, child, row["id"])
        return self.record(**values)

    def child_values(self, db, child: Child, parent_id: int):
        cols = ", ".join(child.columns)
        rows = db.conn.execute(
            f"SELECT {cols} FROM {child.table} WHERE {child.parent_column} = ? ORDER BY {child.order}",
            (parent_id,)).fetchall()
        if len(child.columns) == 1:
            return [r[0] for r in rows]
        return [dict(zip(child.columns, r)) for r in rows]

    def get(self, db, record_id: int, *, include_deleted: bool = False) -> R:
        rows = list(db.query(f"SELECT * FROM {self.table} WHERE id = ?", [record_id]))
        if not rows or (rows[0]["deleted_at"] and not include_deleted):
            raise NotFoundError(f"Không tìm thấy {self.label} (mã {record_id}); "
                                "có thể đã bị xóa hoặc chuyển vào thùng rác.")
        return self.from_row(db, rows[0])

    def id_for(self, db, uuid: str) -> int:
        row = db.conn.execute(f"SELECT id FROM {self.table} WHERE uuid = ?", (uuid,)).fetchone()
        if not row:
            raise NotFoundError(f"Không có {self.label} nào có mã {uuid}.")
        return row[0]

    def list(self, db, where: str = "", params: list | None = None, *, order: str | None = None,
             limit: int | None = None, offset: int = 0, include_deleted: bool = False) -> list[R]:
        clauses = [] if include_deleted else ["deleted_at IS NULL"]
        if where:
            clauses.append(f"({where})")
        sql = f"SELECT * FROM {self.table}"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += f" ORDER BY {order or self.order_by}"
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return [self.from_row(db, row) for row in db.query(sql, params or [])]

    def count(self, db, where: str = "", params: list | None = None) -> int:
        sql = f"SELECT count(*) FROM {self.table} WHERE deleted_at IS NULL"
        if where:
            sql += f" AND ({where})"
        return db.conn.execute(sql, params or []).fetchone()[0]

    def snapshot(self, db, record_id: int) -> dict:
        """The record as plain values, for the audit trail."""
        row = next(db.query(f"SELECT * FROM {self.table} WHERE id = ?", [record_id]))
        for noise in ("search_text", "sort_key"):
            row.pop(noise, None)
        for name, child in self.children.items():
            row[name] = self.child_values(db, child, record_id)
        return row

    # ---- writing -----------------------------------------------------------------
    def _prepare(self, db, values: dict, current) -> tuple[dict, dict, dict]:
        """Cleaned columns, child lists, and derived columns (computed from both)."""
        clean = self.clean(db, values, current)
        extra = self.derived(db, clean)
        children = {name: clean.pop(name) for name in list(clean) if name in self.children}
        return clean, children, extra

    def _write_children(self, db, record_id: int, children: dict) -> None:
        for name, items in children.items():
            if items is None:
                continue
            child = self.children[name]
            db.conn.execute(f"DELETE FROM {child.table} WHERE {child.parent_column} = ?", (record_id,))
            if not items:
                continue
            cols = (child.parent_column, *child.columns)
            marks = ", ".join("?" for _ in cols)
            rows = [(record_id, item) if len(child.columns) == 1
                    else (record_id, *(item.get(c) for c in child.columns)) for item in items]
            db.conn.executemany(
                f"INSERT INTO {child.table} ({', '.join(cols)}) VALUES ({marks})", rows)

    def create(self, db, actor: str, **values: Any) -> R:
        with db.atomic():
            clean, children, extra = self._prepare(db, values, None)
            stamp = now_iso()
            row = {**clean, **extra, "uuid": values.get("uuid") or new_uuid(),
                   "created_at": stamp, "updated_at": stamp, "version": 1}
            record_id = db[self.table].insert(row).last_pk
            self._write_children(db, record_id, children)
            self.after_write(db, record_id)
            audit.append(db, actor, "create", self.table, row["uuid"], None,
                         audit.created(self.snapshot(db, record_id)))
        return self.get(db, record_id)

    def create_many(self, db, actor: str, items: list[dict], *, audit_each: bool = True) -> list[int]:
        """Bulk insert (demo data, imports): same cleaning, one transaction per call."""
        ids = []
        with db.atomic():
            stamp = now_iso()
            entries = []
            for values in items:
                clean, children, extra = self._prepare(db, values, None)
                row = {**clean, **extra, "uuid": values.get("uuid") or new_uuid(),
                       "created_at": stamp, "updated_at": stamp, "version": 1}
                cols = ", ".join(row)
                marks = ", ".join("?" for _ in row)
                cursor = db.conn.execute(f"INSERT INTO {self.table} ({cols}) VALUES ({marks})",
                                         list(row.values()))
                record_id = cursor.lastrowid
                self._write_children(db, record_id, children)
                self.after_write(db, record_id)
                ids.append(record_id)
                if audit_each:
                    entries.append((actor, "create", self.table, row["uuid"], None,
                                    audit.created({**row, **children})))
            audit.append_many(db, entries)
        return ids

    def update(self, db, actor: str, record_id: int, *, expected_version: int | None = None,
               **changes: Any) -> R:
        with db.atomic():
            current = self.get(db, record_id)
            if expected_version is not None and current.version != expected_version:
                raise ConflictError(
                    f"{self.label.capitalize()} này vừa được người khác sửa. "
                    "Hãy mở lại để xem bản mới nhất rồi sửa tiếp.")
            before = self.snapshot(db, record_id)
            merged = {**dataclasses.asdict(current), **changes}
            clean, children, extra = self._prepare(db, merged, current)
            row = {**clean, **extra, "updated_at": now_iso(),
                   "version": current.version + 1}
            db[self.table].update(record_id, row)
            self._write_children(db, record_id, children)
            self.after_write(db, record_id)
            audit.append(db, actor, "update", self.table, current.uuid,
                         *audit.changed(before, self.snapshot(db, record_id)))
        return self.get(db, record_id)

    def delete(self, db, actor: str, record_id: int) -> None:
        """Move to the trash: hidden everywhere, restorable, nothing erased."""
        with db.atomic():
            current = self.get(db, record_id)
            stamp = now_iso()
            db.conn.execute(
                f"UPDATE {self.table} SET deleted_at = ?, deleted_by = ?, updated_at = ?, "
                "version = version + 1 WHERE id = ?", (stamp, actor, stamp, record_id))
            self.after_write(db, record_id)
            # the record keeps its trash stamp; the entry's own time and person say when and who
            audit.append(db, actor, "delete", self.table, current.uuid)

    def restore(self, db, actor: str, record_id: int) -> R:
        with db.atomic():
            current = self.get(db, record_id, include_deleted=True)
            if not current.deleted_at:
                raise ConflictError(f"{self.label.capitalize()} này không nằm trong thùng rác.")
            self.check_restorable(db, current)
            db.conn.execute(
                f"UPDATE {self.table} SET deleted_at = NULL, deleted_by = NULL, updated_at = ?, "
                "version = version + 1 WHERE id = ?", (now_iso(), record_id))
            self.after_write(db, record_id)
            audit.append(db, actor, "restore", self.table, current.uuid, {"deleted_at": current.deleted_at})
        return self.get(db, record_id)

    def check_restorable(self, db, record: R) -> None:
        """Refuse a restore that would break a rule (e.g. a CCCD now used by another)."""
