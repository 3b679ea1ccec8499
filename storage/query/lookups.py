"""Small read-only look-ups the forms need: choices for combo boxes and the display
label of one record."""

from __future__ import annotations

from storage.vocabulary import sql_label

_AREA = sql_label("area_kind", "kind") + " || ' ' || name"
# Mediation teams are teams of the kind coded "mediation", whatever the station calls it.
MEDIATION_TEAM_KIND = "mediation"

_CHOICES = {
    "area": f"SELECT id, {_AREA} FROM areas WHERE deleted_at IS NULL {{extra}} ORDER BY sort_key",
    "team": "SELECT id, name FROM teams WHERE deleted_at IS NULL {extra} ORDER BY sort_key",
    "mediation_team": f"SELECT id, name FROM teams WHERE deleted_at IS NULL AND kind = '{MEDIATION_TEAM_KIND}' "
                      "{extra} ORDER BY sort_key",
    "pledge_text": "SELECT id, title || ' (phiên bản ' || version || ')' FROM pledge_texts "
                   "WHERE deleted_at IS NULL {extra} ORDER BY is_default DESC, id",
}

_LABELS = {
    "person": "SELECT full_name FROM people WHERE id = ?",
    "household": "SELECT 'Hộ ' || p.full_name FROM households h JOIN people p ON p.id = h.head_id "
                 "WHERE h.id = ?",
    "area": f"SELECT {_AREA} FROM areas WHERE id = ?",
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


def person_brief(db, person_id: int) -> dict | None:
    """Name, birth year and address of a person in the register (a mediation party
    picked from it), the address falling back to the household's."""
    row = db.conn.execute(
        "SELECT p.full_name, p.birth_year, coalesce(p.address, h.address) FROM people p "
        "LEFT JOIN households h ON h.id = p.household_id WHERE p.id = ? AND p.deleted_at IS NULL",
        (person_id,)).fetchone()
    return None if row is None else {"name": row[0], "birth_year": row[1], "address": row[2]}


def distinct_years(db, table: str, column: str) -> list[int]:
    """The years that occur in a date column, newest first (for period filters): one
    index seek per year (the newest date before the year last found) instead of reading
    every row (100,000 patrols at 80,000 households, on the GUI thread)."""
    years, before = [], None
    while True:
        row = db.conn.execute(
            f"SELECT max({column}) FROM {table} WHERE deleted_at IS NULL AND {column} IS NOT NULL"
            + ("" if before is None else f" AND {column} < ?"), () if before is None else (before,)).fetchone()
        if row is None or row[0] is None:
            return years
        before = str(row[0])[:4]
        years.append(int(before))
