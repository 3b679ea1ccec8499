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


def _expression(words: list[str]) -> str | None:
    return " ".join(f'"{word}"*' for word in words[:MAX_TERMS]) or None


def match_expression(query: str) -> str | None:
    """'Nguyễn "Văn" NEAR(' → '"nguyen"* "van"* "near"*'; None when nothing is left."""
    return _expression(fold_words(query))


# The word the app puts before a record's name when it shows it ("Hộ Nguyễn Văn An"):
# typed in front of the name, it still finds the record. (Areas, teams and models carry
# their kind in their own indexed text already.)
SHOWN_PREFIX = {"household": "ho"}


def _as_shown(words: list[str], kinds) -> list[tuple[str, str]]:
    """(kind, expression) for a query typed as the app shows a record's name."""
    return [(kind, _expression(words[1:])) for kind, prefix in SHOWN_PREFIX.items()
            if kind in kinds and len(words) > 1 and words[0] == prefix]


def matching_ids(db, kind: str, query: str) -> list[int] | None:
    """Ids of live records of one kind matching the query, best first (for list
    filters); None when the query has no words (no filter)."""
    words = fold_words(query)
    expression = _expression(words)
    if expression is None:
        return None
    ids = []
    for phrase in [expression] + [e for _kind, e in _as_shown(words, [kind])]:
        rows = db.conn.execute(f"SELECT rowid FROM search_index WHERE search_index MATCH ? "
                               f"AND {_kind_filter([kind])}", (phrase,)).fetchall()
        ids += [rowid // 8 for (rowid,) in rows if rowid // 8 not in ids]
    return ids


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


def own_words_matched(words: list[str], name: str) -> int:
    """How many query words begin a word of the record's own name (as the app shows it),
    rather than matching only through its area, address or notes."""
    own = fold_words(name)
    return sum(1 for word in words if any(w.startswith(word) for w in own))


def search(db, query: str, *, limit: int = 50, kinds=DEFAULT_KINDS) -> list[SearchHit]:
    """The best `limit` records of the given kinds for what a person typed: records
    whose own name holds the words first (a person named Hưng above households of
    thôn Hưng Long), then by relevance (bm25). A name typed as the app shows it
    ("Hộ Nguyễn Văn An", with or without accents) finds that record."""
    words = fold_words(query)
    expression = _expression(words)
    if expression is None or limit <= 0:
        return []
    words = words[:MAX_TERMS]
    rows = db.conn.execute(candidates_sql(kinds), (expression, BROAD + 1)).fetchall()
    ranked = len(rows) <= BROAD
    if ranked:
        # Few enough to rank by relevance (bm25) cheaply.
        rows = db.conn.execute(ranked_sql(kinds), (expression, BROAD)).fetchall()
    # a broad query ("nguyen"): ranking 30,000 rows costs more than it tells; its first rows
    shown = []
    for kind, phrase in _as_shown(words, kinds):
        shown += db.conn.execute(ranked_sql([kind]), (phrase, limit)).fetchall()
    order, seen = [], set()
    for (rowid,) in shown + rows:
        if rowid not in seen:
            seen.add(rowid)
            order.append(rowid)
    hits, complete = [], 0
    for start in range(0, len(order), limit):  # names fetched a page at a time, one query per kind
        page = order[start:start + limit]
        found = _names(db, page)
        for rowid in page:
            if rowid not in found:
                continue
            hit = found[rowid]
            matched = own_words_matched(words, hit.name or "")
            hits.append((-matched, len(hits), hit))
            complete += matched == len(words)
        # enough records whose own name holds every word: nothing further can rank above them
        if complete >= limit or (not ranked and len(hits) >= limit):
            break
    return [hit for _score, _index, hit in sorted(hits, key=lambda h: h[:2])[:limit]]


def _names(db, rowids: list[int]) -> dict[int, SearchHit]:
    """The hits for index rowids, by rowid: one query per kind."""
    by_kind: dict[str, list[int]] = {}
    for rowid in rowids:
        by_kind.setdefault(CODE_KINDS[rowid % 8], []).append(rowid // 8)
    out = {}
    for kind, ids in by_kind.items():
        sql = _NAME_SQL[kind].replace("WHERE t.id = ?", f"WHERE t.id IN ({', '.join('?' * len(ids))})")
        for row in db.conn.execute(sql, ids):
            out[row[0] * 8 + KIND_CODES[kind]] = SearchHit(kind, *row)
    return out


