"""Small read-only look-ups the forms need: choices for combo boxes and the display
label of one record."""

from __future__ import annotations

_CHOICES = {
    "area": "SELECT id, kind || ' ' || name FROM areas WHERE deleted_at IS NULL {extra} ORDER BY sort_key",
    "team": "SELECT id, name FROM teams WHERE deleted_at IS NULL {extra} ORDER BY sort_key",
    "mediation_team": "SELECT id, name FROM teams WHERE deleted_at IS NULL AND kind = 'Tổ hòa giải' "
                      "{extra} ORDER BY sort_key",
    "pledge_text": "SELECT id, title || ' (phiên bản ' || version || ')' FROM pledge_texts "
                   "WHERE deleted_at IS NULL {extra} ORDER BY is_default DESC, id",
}

_LABELS = {
    "person": "SELECT full_name FROM people WHERE id = ?",
    "household": "SELECT 'Hộ ' || p.full_name FROM households h JOIN people p ON p.id = h.head_id "
                 "WHERE h.id = ?",
    "area": "SELECT kind || ' ' || name FROM areas WHERE id = ?",
    "team": "SELECT name FROM teams WHERE id = ?",
}


def choices(db, kind: str) -> list[tuple[int, str]]:
    """(id, label) of every live record of a small kind, in Vietnamese order."""
    return [(row[0], row[1]) for row in db.conn.execute(_CHOICES[kind].format(extra=""))]


def label(db, kind: str, record_id: int | None) -> str:
    if not record_id:
        return ""
    row = db.conn.execute(_LABELS[kind], (record_id,)).fetchone()
    return row[0] if row else ""


def distinct_years(db, table: str, column: str) -> list[int]:
    """The years that occur in a date column, newest first (for period filters)."""
    return [int(row[0]) for row in db.conn.execute(
        f"SELECT DISTINCT substr({column}, 1, 4) FROM {table} WHERE deleted_at IS NULL "
        f"AND {column} IS NOT NULL ORDER BY 1 DESC")]
