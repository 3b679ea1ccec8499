"""The lists the app shows: for each kind of record, its columns (SQL expression, sort
expression, kind of value), its search, and its filters. A list is read as ordered ids
first, then rows a page at a time, so 100,000 rows open at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter

from storage.query import lookups
from storage.query.search import SHOWN_PREFIX, match_expression, matching_ids
from storage.records import lists
from storage.text import fold_words
from storage.vocabulary import LIST_KINDS, choices, sql_label

L = sql_label  # the label of a coded column, e.g. L("gender", "t.gender")


@dataclass
class ListColumn:
    header: str
    sql: str
    sort: str | None = None   # None: the column's own expression
    kind: str = "text"   # text, date, datetime, number, flag, cccd

    @property
    def order_by(self) -> str:
        """What the list is ordered by for this column. Never a bare number: SQLite reads
        `ORDER BY 4` as "the fourth result column", and the id query has only one."""
        return self.sort or self.sql


@dataclass
class ListFilter:
    name: str
    label: str
    options: Callable    # (db) -> list[(label, condition, params)]


@dataclass
class ListQuery:
    table: str
    columns: list[ListColumn]
    joins: str = ""
    search_kind: str | None = None   # kind in search_index (storage.query.search)
    search_code: int | None = None   # code in list_search (migration 10): long lists without a kind
    search_sql: str | None = None    # short lists: folded per row (vn_fold ... LIKE)
    base_where: str = "t.deleted_at IS NULL"
    default_sort: int = 0
    default_descending: bool = False
    filters: list[ListFilter] = field(default_factory=list)
    _gather: tuple | None = field(default=None, init=False, repr=False, compare=False)  # see shown()

    def ordered_ids(self, db, conditions=(), sort: int | None = None,
                    descending: bool | None = None) -> list[int]:
        """Every id passing the filters, in display order (cached by the caller)."""
        clauses, params = [self.base_where], []
        for condition, values in conditions:
            clauses.append(f"({condition})")
            params += values
        column = self.columns[self.default_sort if sort is None else sort]
        direction = "DESC" if (self.default_descending if descending is None else descending) else "ASC"
        sql = (f"SELECT t.id FROM {self.table} t {self.joins} WHERE {' AND '.join(clauses)} "
               f"ORDER BY {column.order_by} {direction}, t.id {direction}")
        return [row[0] for row in db.conn.execute(sql, params)]

    def matching(self, db, text: str) -> set[int] | None:
        """Ids whose text matches what was typed (accents optional); None: no text."""
        if self.search_kind and _typed_as_shown(self.search_kind, text):
            found = matching_ids(db, self.search_kind, text)  # "Hộ Nguyễn …": also the name alone
            return None if found is None else set(found)
        if self.search_kind or self.search_code:  # straight from the index into a set
            found = self._index_ids(db, text)
            return None if found is None else set(found)
        words = fold_words(text)[:8]
        if not words or not self.search_sql:
            return None
        clauses = [f"vn_fold({self.search_sql}) LIKE ?" for _ in words]
        sql = (f"SELECT t.id FROM {self.table} t {self.joins} WHERE {self.base_where} AND "
               + " AND ".join(clauses))
        return {row[0] for row in db.conn.execute(sql, [f"%{w}%" for w in words])}

    def bare_match(self, text: str) -> tuple[str | None, list]:
        """The one query finding the ids that match `text` (the benchmarks' baseline)."""
        if self.search_kind or self.search_code:
            return self._index_match(text, "rowid")
        words = fold_words(text)[:8]
        if not words or not self.search_sql:
            return None, []
        clauses = " AND ".join(f"vn_fold({self.search_sql}) LIKE ?" for _ in words)
        return (f"SELECT t.id FROM {self.table} t {self.joins} WHERE {self.base_where} AND {clauses}",
                [f"%{w}%" for w in words])

    def _index_ids(self, db, text: str) -> list[int] | None:
        """The ids the index matches (search_index or list_search), as SQLite lists them.
        They cross from SQLite as one string, parsed in C: 140,000 matches ("ng" at 300,000
        people) fetched as rows cost 30 ms of Python objects, as one value 10 ms."""
        sql, params = self._index_match(text, "group_concat(rowid >> 3)")
        if sql is None:
            return None
        (joined,) = db.conn.execute(sql, params).fetchone()
        return list(map(int, joined.split(","))) if joined else []

    def shown(self, db, text: str, ordered: list[int], positions: dict[int, int] | None = None) -> list[int]:
        """The ids of `ordered` that match `text`, in that order: what a list shows at each
        keystroke (`positions`, from `positions(ordered)`, kept with the order). Many
        matches from the index are kept by a mask of bytes by id in one pass over the
        order, without making a set of them first (issue 17: 15 ms less for "ng" at
        300,000 people); any other search as keep_order(matching)."""
        if not (self.search_kind or self.search_code) or (
                self.search_kind and _typed_as_shown(self.search_kind, text)):
            return self.keep_order(ordered, positions, self.matching(db, text))
        found = self._index_ids(db, text)
        if found is None:
            return ordered
        if positions is not None and len(found) * 12 < len(ordered):
            return sorted((i for i in found if i in positions), key=positions.__getitem__)
        top = db.conn.execute(f"SELECT max(rowid) FROM {self.table}").fetchone()[0] or 0
        mask = bytearray(top + 1)  # every id of the table, so every id of the order
        try:
            for record_id in found:
                mask[record_id] = 1
            # each id's byte in the order shown, gathered in C (itemgetter: 4 ms for 290,000
            # ids, map(mask.__getitem__) 9 ms), by a getter kept with the last order
            if len(ordered) < 2:
                return [i for i in ordered if mask[i]]
            kept = self._gather
            if kept is None or kept[0] is not ordered:
                kept = self._gather = (ordered, itemgetter(*ordered))
            return list(compress(ordered, kept[1](mask)))
        except IndexError:  # an order read before the last records were purged: the slower way
            return self.keep_order(ordered, None, set(found))

    def _index_match(self, text: str, select: str) -> tuple[str | None, list]:
        """`select` over the index rows (search_index or list_search) matching `text`."""
        expression = match_expression(text)
        if expression is None:
            return None, []
        if self.search_kind:
            from storage.query.search import KIND_CODES

            return (f"SELECT {select} FROM search_index WHERE search_index MATCH ? AND rowid % 8 = ?",
                    [expression, KIND_CODES[self.search_kind]])
        return (f"SELECT {select} FROM list_search WHERE list_search MATCH ? AND rowid % 8 = ?",
                [expression, self.search_code])

    @staticmethod
    def positions(ordered: list[int]) -> dict[int, int]:
        """Where each id stands in the order shown (made once per order, kept with it)."""
        return {record_id: index for index, record_id in enumerate(ordered)}

    @staticmethod
    def keep_order(ordered: list[int], positions: dict[int, int] | None, found: set[int] | None) -> list[int]:
        """The matches in the order shown: a few matches are placed by their positions,
        many are kept by one pass over the order."""
        if found is None:
            return ordered
        if positions is not None and len(found) * 8 < len(ordered):
            return sorted((i for i in found if i in positions), key=positions.__getitem__)
        return list(filter(found.__contains__, ordered))  # one pass in C

    def ids(self, db, text: str = "", conditions=(), sort: int | None = None,
            descending: bool | None = None) -> list[int]:
        ordered = self.ordered_ids(db, conditions, sort, descending)
        return self.keep_order(ordered, None, self.matching(db, text))

    def rows(self, db, ids: list[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        columns = ", ".join(c.sql for c in self.columns)
        marks = ", ".join("?" for _ in ids)
        cursor = db.conn.execute(f"SELECT t.id, {columns} FROM {self.table} t {self.joins} "
                                 f"WHERE t.id IN ({marks})", ids)
        return {row[0]: row[1:] for row in cursor}


def _typed_as_shown(kind: str, text: str) -> bool:
    words = fold_words(text)
    return len(words) > 1 and SHOWN_PREFIX.get(kind) == words[0]


def database_file(db) -> str | None:
    """The file behind a connection, or None in memory (no other connection can open it):
    a list is read on a worker with a connection of its own to this file."""
    for _seq, name, file in db.conn.execute("PRAGMA database_list"):
        if name == "main":
            return file or None
    return None


# ---- filter options --------------------------------------------------------------
def _area_options(column: str):
    return lambda db: [(label, f"{column} = ?", [i]) for i, label in lookups.choices(db, "area")]


def _team_options(db):
    return [(label, "t.team_id = ?", [i]) for i, label in lookups.choices(db, "team")]


def _values(column: str, values):
    return lambda db: [(v, f"{column} = ?", [v]) for v in (values(db) if callable(values) else values)]


def _coded(column: str, kind: str):
    """Filter options of a coded column: labels shown, codes compared."""
    def options(db):
        pairs = lists.choices(db, kind) if kind in LIST_KINDS else choices(kind)
        return [(shown, f"{column} = ?", [code]) for code, shown in pairs]
    return options


def _years(table: str, column: str):
    return lambda db: [(str(y), f"substr(t.{column}, 1, 4) = ?", [str(y)])
                       for y in lookups.distinct_years(db, table, column)]


AREA_LABEL = L("area_kind", "a.kind") + " || ' ' || a.name"
AREA_NAME = f"(SELECT {AREA_LABEL} FROM areas a WHERE a.id = t.area_id)"

LISTS: dict[str, ListQuery] = {
    "areas": ListQuery(
        "areas",
        [ListColumn("Tên địa bàn", "t.name", "t.sort_key"),
         ListColumn("Loại", L("area_kind", "t.kind")),
         ListColumn("Số hộ trong sổ", "(SELECT count(*) FROM households h WHERE h.area_id = t.id "
                    "AND h.deleted_at IS NULL)", kind="number"),
         ListColumn("Nhân khẩu trong sổ", "(SELECT count(*) FROM people p WHERE p.area_id = t.id "
                    "AND p.deleted_at IS NULL)", kind="number"),
         ListColumn("Số hộ (khai báo)", "t.households_count", "t.households_count", "number"),
         ListColumn("Dân số (khai báo)", "t.population", "t.population", "number"),
         ListColumn("Trưởng thôn, tổ trưởng", "t.leader_name", "t.leader_name")],
        search_kind="area",
        filters=[ListFilter("kind", "Loại", _coded("t.kind", "area_kind"))]),
    "people": ListQuery(
        "people",
        [ListColumn("Họ và tên", "t.full_name", "t.sort_key"),
         ListColumn("Giới tính", L("gender", "t.gender")),
         ListColumn("Ngày/năm sinh", "coalesce(t.birth_date, t.birth_year)", "t.birth_date", "date"),
         ListColumn("Số CCCD", "t.cccd", "t.cccd", "cccd"),
         ListColumn("Điện thoại", "t.phone", "t.phone"),
         ListColumn("Địa bàn", AREA_NAME, "t.area_id"),
         ListColumn("Địa chỉ", "t.address", "t.address")],
        search_kind="person",
        filters=[ListFilter("area", "Địa bàn", _area_options("t.area_id")),
                 ListFilter("gender", "Giới tính", _coded("t.gender", "gender"))]),
    "households": ListQuery(
        "households",
        [ListColumn("Chủ hộ", "p.full_name", "p.sort_key"),
         ListColumn("Địa chỉ", "t.address", "t.address"),
         ListColumn("Địa bàn", AREA_NAME, "t.area_id"),
         ListColumn("Số nhân khẩu", "(SELECT count(*) FROM people m WHERE m.household_id = t.id "
                    "AND m.deleted_at IS NULL)", kind="number"),
         ListColumn("Cam kết gần nhất", f"(SELECT {L('pledge_status', 'g.status')} || ' ' || coalesce(substr(g.ceremony_date, 1, 4), '') "
                    "FROM pledges g WHERE g.household_id = t.id AND g.deleted_at IS NULL "
                    "ORDER BY g.ceremony_date DESC LIMIT 1)", None)],
        joins="LEFT JOIN people p ON p.id = t.head_id",
        search_kind="household",
        filters=[ListFilter("area", "Địa bàn", _area_options("t.area_id"))]),
    "pledges": ListQuery(
        "pledges",
        [ListColumn("Chủ hộ", "p.full_name", "p.sort_key"),
         ListColumn("Địa bàn", f"(SELECT {AREA_LABEL} FROM areas a WHERE a.id = h.area_id)", "h.area_id"),
         ListColumn("Ngày tổ chức ký", "t.ceremony_date", "t.ceremony_date", "date"),
         ListColumn("Nơi ký", "t.ceremony_place", "t.ceremony_place"),
         ListColumn("Trạng thái", L("pledge_status", "t.status")),
         ListColumn("Ngày ký", "t.signed_on", "t.signed_on", "date")],
        joins="JOIN households h ON h.id = t.household_id LEFT JOIN people p ON p.id = h.head_id",
        search_code=1,  # list_search: the head's name and the place of the ceremony
        default_sort=2, default_descending=True,
        filters=[ListFilter("area", "Địa bàn", _area_options("h.area_id")),
                 ListFilter("status", "Trạng thái", _coded("t.status", "pledge_status")),
                 ListFilter("year", "Năm", _years("pledges", "ceremony_date"))]),
    "teams": ListQuery(
        "teams",
        [ListColumn("Tên tổ", "t.name", "t.sort_key"),
         ListColumn("Loại tổ", L("team_kind", "t.kind")),
         ListColumn("Địa bàn", f"(SELECT group_concat({AREA_LABEL}, ', ') FROM team_areas ta "
                    "JOIN areas a ON a.id = ta.area_id WHERE ta.team_id = t.id)", None),
         ListColumn("Ngày ra mắt", "t.launched_on", "t.launched_on", "date"),
         ListColumn("Thành viên", "(SELECT count(*) FROM memberships m JOIN people mp ON mp.id = m.person_id "
                    "WHERE m.team_id = t.id AND m.deleted_at IS NULL AND m.end_on IS NULL "
                    "AND mp.deleted_at IS NULL)", kind="number"),  # as the team's member list counts
         ListColumn("Trạng thái", L("team_status", "t.status"))],
        search_kind="team",
        filters=[ListFilter("kind", "Loại tổ", _coded("t.kind", "team_kind")),
                 ListFilter("area", "Địa bàn", lambda db: [
                     (label, "t.id IN (SELECT team_id FROM team_areas WHERE area_id = ?)", [i])
                     for i, label in lookups.choices(db, "area")]),
                 ListFilter("status", "Trạng thái", _coded("t.status", "team_status"))]),
    "models": ListQuery(
        "models",
        [ListColumn("Tên mô hình", "t.name", "t.sort_key"),
         ListColumn("Loại", L("model_kind", "t.kind")),
         ListColumn("Ngày ra mắt", "t.launched_on", "t.launched_on", "date"),
         ListColumn("Số điểm", "(SELECT count(*) FROM model_points mp WHERE mp.model_id = t.id)", kind="number"),
         ListColumn("Điển hình", "t.exemplary", "t.exemplary", "flag"),
         ListColumn("Trạng thái", L("model_status", "t.status"))],
        search_kind="model",
        filters=[ListFilter("status", "Trạng thái",
                            _coded("t.status", "model_status"))]),
    "patrols": ListQuery(
        "patrols",
        [ListColumn("Ngày", "t.patrol_date", "t.patrol_date", "date"),
         ListColumn("Giờ", "coalesce(t.start_time, '') || ' – ' || coalesce(t.end_time, '')", "t.start_time"),
         ListColumn("Tổ", "tm.name", "tm.sort_key"),
         ListColumn("Tuyến, địa bàn", "t.route", "t.route"),
         ListColumn("Số người", "(SELECT count(*) FROM patrol_members pm WHERE pm.patrol_id = t.id)", kind="number"),
         ListColumn("Tình hình phát hiện", "t.findings", "t.findings"),
         ListColumn("Kết quả xử lý", "t.handling", "t.handling")],
        joins="JOIN teams tm ON tm.id = t.team_id",
        search_code=2,  # list_search: route, findings and the team's name
        default_sort=0, default_descending=True,
        filters=[ListFilter("team", "Tổ", _team_options),
                 ListFilter("year", "Năm", _years("patrols", "patrol_date")),
                 ListFilter("found", "Phát hiện", lambda db: [
                     ("Có phát hiện", "coalesce(t.findings, '') != ''", []),
                     ("Không phát hiện", "coalesce(t.findings, '') = ''", [])])]),
    "mediation": ListQuery(
        "mediation_cases",
        [ListColumn("Ngày tiếp nhận", "t.received_on", "t.received_on", "date"),
         ListColumn("Các bên", "(SELECT group_concat(name, ' – ') FROM mediation_people mp "
                    "WHERE mp.case_id = t.id AND mp.role = 'party')", None),
         ListColumn("Lĩnh vực", L("mediation_category", "t.category")),
         ListColumn("Tổ hòa giải", "(SELECT name FROM teams WHERE id = t.team_id)", None),
         ListColumn("Kết quả", L("mediation_result", "t.result")),
         ListColumn("Ngày có kết quả", "t.result_on", "t.result_on", "date"),
         ListColumn("Ngoài phạm vi", "t.excluded_matter", "t.excluded_matter", "flag")],
        search_kind="mediation", default_descending=True,
        filters=[ListFilter("result", "Kết quả", _coded("t.result", "mediation_result")),
                 ListFilter("category", "Lĩnh vực",
                            _coded("t.category", "mediation_category")),
                 ListFilter("year", "Năm", _years("mediation_cases", "received_on"))]),
    "tips": ListQuery(
        "tips",
        [ListColumn("Ngày nhận", "t.received_on", "t.received_on", "date"),
         ListColumn("Hình thức", L("tip_channel", "t.channel")),
         ListColumn("Nội dung", "t.content", "t.content"),
         ListColumn("Có giá trị", "t.valuable", "t.valuable", "flag"),
         ListColumn("Địa bàn", AREA_NAME, "t.area_id"),
         ListColumn("Kết quả xử lý", "t.outcome", "t.outcome")],
        search_sql=f"t.content || ' ' || {L('tip_channel', 't.channel')} || ' ' || coalesce(t.outcome, '')",
        default_descending=True,
        filters=[ListFilter("valuable", "Giá trị", lambda db: [("Tin có giá trị", "t.valuable = 1", [])]),
                 ListFilter("year", "Năm", _years("tips", "received_on"))]),
    "surrendered": ListQuery(
        "surrendered_items",
        [ListColumn("Ngày giao nộp", "t.received_on", "t.received_on", "date"),
         ListColumn("Loại", L("item_kind", "t.kind")),
         ListColumn("Số lượng", "t.quantity", "t.quantity", "number"),
         ListColumn("Đơn vị", "t.unit", "t.unit"),
         ListColumn("Người giao nộp", "t.from_whom", "t.from_whom"),
         ListColumn("Địa bàn", AREA_NAME, "t.area_id")],
        search_sql=f"{L('item_kind', 't.kind')} || ' ' || coalesce(t.from_whom, '') || ' ' || "
                   "coalesce(t.description, '')",
        default_descending=True,
        filters=[ListFilter("kind", "Loại", _coded("t.kind", "item_kind")),
                 ListFilter("year", "Năm", _years("surrendered_items", "received_on"))]),
    "reintegration": ListQuery(
        "reintegration_cases",
        [ListColumn("Người được giúp đỡ", "p.full_name", "p.sort_key"),
         ListColumn("Diện", L("reintegration_source", "t.source")),
         ListColumn("Từ ngày", "t.started_on", "t.started_on", "date"),
         ListColumn("Tình trạng", L("reintegration_status", "t.status")),
         ListColumn("Người, tổ chức giúp đỡ", "t.helper", "t.helper")],
        joins="JOIN people p ON p.id = t.person_id",
        search_sql=f"p.full_name || ' ' || {L('reintegration_source', 't.source')} || ' ' || coalesce(t.helper, '')",
        filters=[ListFilter("status", "Tình trạng", _coded("t.status", "reintegration_status"))]),
    "reviews": ListQuery(
        "reviews",
        [ListColumn("Loại", L("review_kind", "t.kind")),
         ListColumn("Tên cuộc họp", "t.title", "t.title"),
         ListColumn("Từ ngày", "t.period_start", "t.period_start", "date"),
         ListColumn("Đến ngày", "t.period_end", "t.period_end", "date"),
         ListColumn("Thời gian họp", "t.started_at", "t.started_at", "datetime"),
         ListColumn("Địa điểm", "t.place", "t.place"),
         ListColumn("Chủ trì", "t.chair", "t.chair")],
        search_sql=f"{L('review_kind', 't.kind')} || ' ' || coalesce(t.title, '') || ' ' || coalesce(t.place, '')",
        default_sort=3, default_descending=True,
        filters=[ListFilter("kind", "Loại", _coded("t.kind", "review_kind"))]),
    "commendations": ListQuery(
        "commendations",
        [ListColumn("Ngày", "t.awarded_on", "t.awarded_on", "date"),
         ListColumn("Hình thức", L("commendation_form", "t.form")),
         ListColumn("Cấp", L("commendation_level", "t.level")),
         ListColumn("Đối tượng", L("commendation_target", "t.target_kind")),
         ListColumn("Tên tập thể, cá nhân", "t.target_name", "t.target_name"),
         ListColumn("Số quyết định", "t.decision_number", "t.decision_number")],
        search_sql=(f"t.target_name || ' ' || {L('commendation_level', 't.level')} || ' ' || "
                    f"{L('commendation_form', 't.form')} || ' ' || coalesce(t.decision_number, '')"),
        default_descending=True,
        filters=[ListFilter("level", "Cấp", _coded("t.level", "commendation_level")),
                 ListFilter("year", "Năm", _years("commendations", "awarded_on"))]),
    "assessments": ListQuery(
        "area_assessments",
        [ListColumn("Năm", "t.year", "t.year"),
         ListColumn("Địa bàn", AREA_NAME, "t.area_id"),
         ListColumn("Đăng ký", "t.registered", "t.registered", "flag"),
         ListColumn("Công nhận an toàn về ANTT", "t.recognised", "t.recognised", "flag"),
         ListColumn("Xếp loại", L("classification", "t.classification"))],
        search_sql=AREA_NAME,
        default_descending=True,
        filters=[ListFilter("year", "Năm", lambda db: [(str(y), "t.year = ?", [y]) for (y,) in db.conn.execute(
            "SELECT DISTINCT year FROM area_assessments WHERE deleted_at IS NULL ORDER BY 1 DESC")])]),
}


