"""The trash: every deleted record of every kind, restorable; emptying it erases for
good only after the person confirmed, and leaves the audit trail intact."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from storage.errors import ConflictError
from storage.records import audit
from storage.records.registry import REPOSITORIES, repository_for


@dataclass
class TrashItem:
    table: str
    kind_label: str
    id: int
    uuid: str
    name: str
    deleted_at: str
    deleted_by: str | None


def items(db) -> list[TrashItem]:
    found = []
    for repo in REPOSITORIES:
        for record in repo.list(db, "deleted_at IS NOT NULL", include_deleted=True,
                                order="deleted_at DESC"):
            found.append(TrashItem(repo.table, repo.label, record.id, record.uuid,
                                   repo.display_name(record), record.deleted_at, record.deleted_by))
    return sorted(found, key=lambda item: item.deleted_at, reverse=True)


def restore(db, actor: str, table: str, record_id: int):
    return repository_for(table).restore(db, actor, record_id)


def empty(db, actor: str) -> int:
    """Erase every record in the trash that nothing live still points to; returns how
    many were erased. Records still referenced stay, so nothing breaks."""
    erased = 0
    with db.atomic():
        progress = True
        while progress:  # records pointing at each other go in the order that frees them
            progress = False
            for repo in REPOSITORIES:
                for record in repo.list(db, "deleted_at IS NOT NULL", include_deleted=True):
                    if _erase(db, repo, record.id):
                        audit.append(db, actor, "purge", repo.table, record.uuid, None, None)
                        erased += 1
                        progress = True
    return erased


def _erase(db, repo, record_id: int) -> bool:
    """Erase one row, or keep it when a live row still points to it."""
    db.conn.execute("SAVEPOINT erase_one")
    try:
        db.conn.execute(f"DELETE FROM {repo.table} WHERE id = ?", (record_id,))
    except sqlite3.IntegrityError as error:
        db.conn.execute("ROLLBACK TO erase_one")
        db.conn.execute("RELEASE erase_one")
        if "FOREIGN KEY" not in str(error):
            raise ConflictError(f"Không xóa hẳn được {repo.label}: {error}") from error
        return False
    db.conn.execute("RELEASE erase_one")
    return True
