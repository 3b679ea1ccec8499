"""Schema version 9: the stored sort keys again, with numbers read by value ("Tổ dân phố
số 2" before "số 10") and any text accepted ("… 500 m²"); storage/text.py makes them.
No table changes: each row's sort_key is recomputed from its name."""

from storage.text import sort_key, text_sort_key

SQL = ""

NAMED = ("areas", "teams", "models", "organisations")


def after(db) -> None:
    tables = set(db.table_names())
    for table in NAMED:
        if table not in tables:
            continue
        rows = db.conn.execute(f"SELECT id, name FROM {table}").fetchall()
        db.conn.executemany(f"UPDATE {table} SET sort_key = ? WHERE id = ?",
                            [(text_sort_key(name), row_id) for row_id, name in rows])
    rows = db.conn.execute("SELECT id, given_name, middle_name, family_name FROM people").fetchall()
    db.conn.executemany("UPDATE people SET sort_key = ? WHERE id = ?",
                        [(sort_key(given, middle, family), row_id) for row_id, given, middle, family in rows])
