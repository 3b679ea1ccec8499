"""Schema version 19: the area's live households with the day they moved in, in one small
index. Since version 16 an area's evaluation counts only the households that lived there
during its window (`moved_in_on`), so migration 15's `households_area_live` (area only) had to
read every household's row again (the overview's figures at 80,000 households: 1.1–1.4 s →
1.5–2.0 s); this index answers the count alone, and replaces that one. (`deleted_at`, always empty in
it, is a column too: SQLite 3.40 does not count a partial index's own condition as covered.)"""

SQL = """
CREATE INDEX IF NOT EXISTS households_area_moved ON households(area_id, moved_in_on, deleted_at)
    WHERE deleted_at IS NULL;
DROP INDEX IF EXISTS households_area_live;
"""
