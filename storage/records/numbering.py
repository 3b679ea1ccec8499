"""Document numbers ("Số: 05/BB-CAX"): one sequence per kind of document and year,
kept in the database so a number is never given twice."""

from __future__ import annotations

# Kind → the part before the unit's abbreviation: biên bản, báo cáo.
KINDS = {"minutes": "BB", "mediation_minutes": "BB-HG", "report": "BC", "invitation": "GM", "proposal": "TTr"}
UNIT_ABBREVIATIONS = {"xã": "CAX", "phường": "CAP", "đặc khu": "CAĐK"}


def unit_abbreviation(commune_type: str | None, role: str) -> str:
    if role == "aggregator":
        return "CAT"
    return UNIT_ABBREVIATIONS.get(commune_type or "xã", "CAX")


def next_number(db, kind: str, year: int) -> int:
    """Take the next number of `kind` for `year`, inside the caller's transaction."""
    with db.atomic():
        db.conn.execute(
            "INSERT INTO document_numbers(kind, year, last_number) VALUES (?, ?, 1) "
            "ON CONFLICT(kind, year) DO UPDATE SET last_number = last_number + 1", (kind, year))
        return db.conn.execute("SELECT last_number FROM document_numbers WHERE kind = ? AND year = ?",
                               (kind, year)).fetchone()[0]


def number_for(db, kind: str, record_key: str, year: int) -> int:
    """The number a record's document carries: given once, kept for reprints."""
    from storage.clock import now_iso

    with db.atomic():
        row = db.conn.execute("SELECT number FROM document_issues WHERE kind = ? AND record_key = ?",
                              (kind, record_key)).fetchone()
        if row:
            return row[0]
        number = next_number(db, kind, year)
        db.conn.execute("INSERT INTO document_issues(kind, record_key, year, number, issued_at) "
                        "VALUES (?, ?, ?, ?, ?)", (kind, record_key, year, number, now_iso()))
        return number


def format_number(number: int, kind: str, commune_type: str | None, role: str) -> str:
    """5 → '05/BB-CAX' (a leading zero under 10)."""
    return f"{number:02d}/{KINDS[kind]}-{unit_abbreviation(commune_type, role)}"
