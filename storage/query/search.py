"""Accent-insensitive search over people, households, teams, mediation cases, areas
and models. The query is folded like the index (no diacritics, đ→d, lower case) and
every word becomes a quoted prefix term, so nothing typed is read as FTS5 syntax."""

from __future__ import annotations

from dataclasses import dataclass

from storage.text import fold_words
from storage.vocabulary import sql_label

KINDS = {"person": "Người", "household": "Hộ gia đình", "team": "Tổ", "mediation": "Vụ việc hòa giải",
         "area": "Địa bàn", "model": "Mô hình"}
KIND_CODES = {"person": 1, "household": 2, "team": 3, "mediation": 4, "area": 5, "model": 6}
DEFAULT_KINDS = ("person", "household", "team", "mediation")
MAX_TERMS = 12
BROAD = 500  # above this many matches, results are not ranked


# The kind is read from the rowid (id * 8 + code): reading the UNINDEXED kind column
# would load every matching row's content, 20 times slower for a broad query.
def _kind_filter(kinds) -> str:
    return "rowid % 8 IN (" + ", ".join(str(KIND_CODES[k]) for k in kinds) + ")"


def candidates_sql(kinds) -> str:
    return f"SELECT rowid FROM search_index WHERE search_index MATCH ? AND {_kind_filter(kinds)} LIMIT ?"


def ranked_sql(kinds) -> str:
    return (f"SELECT rowid FROM search_index WHERE search_index MATCH ? AND {_kind_filter(kinds)} "
            "ORDER BY rank LIMIT ?")


CODE_KINDS = {code: kind for kind, code in KIND_CODES.items()}


@dataclass
class SearchHit:
    kind: str
    id: int
    uuid: str
    name: str
    area: str | None

    def as_json(self) -> dict:
        return {"kind": self.kind, "uuid": self.uuid, "name": self.name, "area": self.area}


def match_expression(query: str) -> str | None:
    """'Nguyễn "Văn" NEAR(' → '"nguyen"* "van"* "near"*'; None when nothing is left."""
    words = fold_words(query)[:MAX_TERMS]
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)


def matching_ids(db, kind: str, query: str) -> list[int] | None:
    """Ids of live records of one kind matching the query, best first (for list
    filters); None when the query has no words (no filter)."""
    expression = match_expression(query)
    if expression is None:
        return None
    rows = db.conn.execute(f"SELECT rowid FROM search_index WHERE search_index MATCH ? "
                           f"AND {_kind_filter([kind])}", (expression,)).fetchall()
    return [rowid // 8 for (rowid,) in rows]


_AREA = sql_label("area_kind", "a.kind") + " || ' ' || a.name"

_NAME_SQL = {
    "person": f"SELECT t.id, t.uuid, t.full_name, {_AREA} FROM people t "
              "LEFT JOIN areas a ON a.id = t.area_id WHERE t.id = ?",
    "household": f"SELECT t.id, t.uuid, 'Hộ ' || coalesce(p.full_name, ''), {_AREA} "
                 "FROM households t "
                 "LEFT JOIN people p ON p.id = t.head_id LEFT JOIN areas a ON a.id = t.area_id "
                 "WHERE t.id = ?",
    "team": f"SELECT t.id, t.uuid, t.name, (SELECT group_concat({_AREA}, ', ') "
            "FROM team_areas ta "
            "JOIN areas a ON a.id = ta.area_id WHERE ta.team_id = t.id) FROM teams t WHERE t.id = ?",
    "mediation": "SELECT t.id, t.uuid, (SELECT group_concat(name, ' – ') FROM mediation_people mp "
                 "WHERE mp.case_id = t.id AND mp.role = 'party') || ' (' || "
                 f"{sql_label('mediation_category', 't.category')} || ')', NULL "
                 "FROM mediation_cases t WHERE t.id = ?",
    "area": f"SELECT t.id, t.uuid, {sql_label('area_kind', 't.kind')} || ' ' || t.name, NULL FROM areas t "
            "WHERE t.id = ?",
    "model": "SELECT t.id, t.uuid, t.name, NULL FROM models t WHERE t.id = ?",
}


def search(db, query: str, *, limit: int = 50, kinds=DEFAULT_KINDS) -> list[SearchHit]:
    """The best `limit` records of the given kinds for what a person typed."""
    expression = match_expression(query)
    if expression is None or limit <= 0:
        return []
    rows = db.conn.execute(candidates_sql(kinds), (expression, BROAD + 1)).fetchall()
    if len(rows) <= BROAD:
        # Few enough to rank by relevance (bm25) cheaply.
        rows = db.conn.execute(ranked_sql(kinds), (expression, limit)).fetchall()
    else:
        rows = rows[:limit]  # a broad query ("nguyen"): ranking 30,000 rows costs more than it tells
    hits = []
    for (rowid,) in rows:
        kind = CODE_KINDS[rowid % 8]
        record_id = rowid // 8
        found = db.conn.execute(_NAME_SQL[kind], (record_id,)).fetchone()
        if found:
            hits.append(SearchHit(kind, *found))
    return hits


