"""Schema version 10: a search index for the long lists that had none (pledges and
patrols), so filtering them as one types reads an index instead of folding every row
(`vn_fold(...) LIKE`, 160,000 calls a keystroke at 80,000 households).

`list_search` holds each live record's folded text (no diacritics, đ→d, lower case, as
search_index) under rowid = id × 8 + code (1 pledge: the head of its household and the
place of the ceremony; 2 patrol: route, findings and the team's name). Triggers keep it
current, including when a head's name, a household's head or a team's name changes."""

PLEDGE_TEXT = ("SELECT vn_fold(coalesce(p.full_name, '') || ' ' || coalesce(g.ceremony_place, '')) "
               "FROM pledges g JOIN households h ON h.id = g.household_id LEFT JOIN people p ON p.id = h.head_id")
PATROL_TEXT = ("SELECT vn_fold(coalesce(r.route, '') || ' ' || coalesce(r.findings, '') || ' ' || "
               "coalesce(tm.name, '')) FROM patrols r LEFT JOIN teams tm ON tm.id = r.team_id")


def _indexed(table: str, code: int, text_sql: str, alias: str, columns: str) -> str:
    """Triggers keeping `table`'s rows in list_search (rowid id × 8 + code)."""
    select = text_sql.replace("SELECT ", f"SELECT {alias}.id * 8 + {code}, ", 1)
    return f"""
CREATE TRIGGER {table}_list_search_ai AFTER INSERT ON {table} WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO list_search(rowid, body) {select} WHERE {alias}.id = new.id;
END;
CREATE TRIGGER {table}_list_search_au AFTER UPDATE OF {columns}, deleted_at ON {table} BEGIN
    DELETE FROM list_search WHERE rowid = old.id * 8 + {code};
    INSERT INTO list_search(rowid, body) {select} WHERE {alias}.id = new.id AND {alias}.deleted_at IS NULL;
END;
CREATE TRIGGER {table}_list_search_ad AFTER DELETE ON {table} BEGIN
    DELETE FROM list_search WHERE rowid = old.id * 8 + {code};
END;
"""


PLEDGE_SELECT = PLEDGE_TEXT.replace("SELECT ", "SELECT g.id * 8 + 1, ", 1)
PATROL_SELECT = PATROL_TEXT.replace("SELECT ", "SELECT r.id * 8 + 2, ", 1)

SQL = f"""
CREATE VIRTUAL TABLE list_search USING fts5(
    body, tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3'
);
{_indexed("pledges", 1, PLEDGE_TEXT, "g", "household_id, ceremony_place")}
{_indexed("patrols", 2, PATROL_TEXT, "r", "route, findings, team_id")}
CREATE TRIGGER people_list_search_name AFTER UPDATE OF full_name ON people BEGIN
    DELETE FROM list_search WHERE rowid IN (SELECT g.id * 8 + 1 FROM pledges g
        JOIN households h ON h.id = g.household_id WHERE h.head_id = new.id);
    INSERT INTO list_search(rowid, body) {PLEDGE_SELECT} WHERE h.head_id = new.id AND g.deleted_at IS NULL;
END;
CREATE TRIGGER households_list_search_head AFTER UPDATE OF head_id ON households BEGIN
    DELETE FROM list_search WHERE rowid IN (SELECT id * 8 + 1 FROM pledges WHERE household_id = new.id);
    INSERT INTO list_search(rowid, body) {PLEDGE_SELECT} WHERE g.household_id = new.id AND g.deleted_at IS NULL;
END;
CREATE TRIGGER teams_list_search_name AFTER UPDATE OF name ON teams BEGIN
    DELETE FROM list_search WHERE rowid IN (SELECT id * 8 + 2 FROM patrols WHERE team_id = new.id);
    INSERT INTO list_search(rowid, body) {PATROL_SELECT} WHERE r.team_id = new.id AND r.deleted_at IS NULL;
END;
INSERT INTO list_search(rowid, body) {PLEDGE_SELECT} WHERE g.deleted_at IS NULL;
INSERT INTO list_search(rowid, body) {PATROL_SELECT} WHERE r.deleted_at IS NULL;
"""
