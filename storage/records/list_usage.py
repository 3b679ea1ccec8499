"""Where the items of an editable list are used. Records hold an item's code, but the
folded search text of some (areas, teams, models, mediation cases) includes the item's
label, so that typing "hoa giai" finds the mediation teams: after a rename those texts
are rebuilt, and search follows the new label."""

from __future__ import annotations

from storage import vocabulary
from storage.records.registry import repository_for


def refresh_search_texts(db, list_name: str, code: str) -> dict[str, list[int]]:
    """Rebuild the search text of every live record holding `code` of `list_name`;
    returns table -> ids whose text changed."""
    changed: dict[str, list[int]] = {}
    for (table, column), kind in vocabulary.COLUMNS.items():
        if kind != list_name:
            continue
        columns = {row[1] for row in db.conn.execute(f"PRAGMA table_info({table})")}
        if "search_text" not in columns:
            continue
        repo = repository_for(table)
        for record_id, old in db.conn.execute(
                f"SELECT id, search_text FROM {table} WHERE {column} = ? AND deleted_at IS NULL",
                (code,)).fetchall():
            text = repo.derived(db, repo.snapshot(db, record_id)).get("search_text")
            if text is not None and text != old:
                db.conn.execute(f"UPDATE {table} SET search_text = ? WHERE id = ?", (text, record_id))
                changed.setdefault(table, []).append(record_id)
    return changed
