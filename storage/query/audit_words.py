"""The audit trail in an officer's words (read-only): record kinds and field labels
instead of table and column names, the names of records instead of ids, numbers as
18.489, dates as dd/mm/yyyy and codes as their labels. The audit log page and the
history of one record show entries through `Describer`."""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

from storage import labels, vocabulary
from storage.errors import ValidationError
from storage.query.figure_labels import format_number
from storage.query.periods import parse_period
from storage.records.validate import format_date as _format_date

# 2,000 entries of a log page hold a few hundred distinct dates: each formatted once
format_date = lru_cache(maxsize=4096)(_format_date)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_STAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})")
# Reference fields: which table their ids point into.
REFERENCES = {
    "area_id": "areas", "household_id": "households", "head_id": "people", "person_id": "people",
    "team_id": "teams", "text_id": "pledge_texts", "area_ids": "areas", "member_ids": "people",
    "membership_id": "memberships", "organisation_id": "organisations",
}
# Numbers that are not amounts: shown as they are (a year is 2026, not 2.026).
PLAIN_NUMBERS = {"year", "birth_year", "sequence", "commune_code", "province_code", "position", "version", "age"}
# What each kind of record is called by: SQL giving its name from its id.
_AREA = vocabulary.sql_label("area_kind", "kind") + " || ' ' || name"
NAMES = {
    "people": "SELECT full_name FROM people WHERE id = ?",
    "households": "SELECT 'Hộ ' || p.full_name FROM households h JOIN people p ON p.id = h.head_id WHERE h.id = ?",
    "areas": f"SELECT {_AREA} FROM areas WHERE id = ?",
    "teams": "SELECT name FROM teams WHERE id = ?",
    "models": "SELECT name FROM models WHERE id = ?",
    "organisations": "SELECT name FROM organisations WHERE id = ?",
    "pledge_texts": "SELECT title FROM pledge_texts WHERE id = ?",
    "memberships": "SELECT p.full_name || ' — ' || t.name FROM memberships m JOIN people p ON p.id = m.person_id "
                   "JOIN teams t ON t.id = m.team_id WHERE m.id = ?",
    "pledges": "SELECT 'Hộ ' || p.full_name FROM pledges g JOIN households h ON h.id = g.household_id "
               "JOIN people p ON p.id = h.head_id WHERE g.id = ?",
    "patrols": "SELECT coalesce(t.name, 'Tuần tra') || ', ' || substr(x.patrol_date, 9, 2) || '/' || "
               "substr(x.patrol_date, 6, 2) || '/' || substr(x.patrol_date, 1, 4) FROM patrols x "
               "LEFT JOIN teams t ON t.id = x.team_id WHERE x.id = ?",
    "mediation_cases": "SELECT content FROM mediation_cases WHERE id = ?",
    "tips": "SELECT content FROM tips WHERE id = ?",
    "reintegration_cases": "SELECT p.full_name FROM reintegration_cases r JOIN people p ON p.id = r.person_id "
                           "WHERE r.id = ?",
    "commendations": "SELECT target_name FROM commendations WHERE id = ?",
    "reviews": "SELECT title FROM reviews WHERE id = ?",
    "security_members": "SELECT p.full_name FROM security_members s JOIN memberships m ON m.id = s.membership_id "
                        "JOIN people p ON p.id = m.person_id WHERE s.id = ?",
    "member_gradings": "SELECT p.full_name || ', năm ' || g.year FROM member_gradings g "
                       "JOIN memberships m ON m.id = g.membership_id JOIN people p ON p.id = m.person_id "
                       "WHERE g.id = ?",
    "team_gradings": "SELECT t.name || ', năm ' || g.year FROM team_gradings g JOIN teams t ON t.id = g.team_id "
                     "WHERE g.id = ?",
    "area_assessments": f"SELECT (SELECT {_AREA} FROM areas WHERE id = x.area_id) || ', năm ' || x.year "
                        "FROM area_assessments x WHERE x.id = ?",
    "surrendered_items": "SELECT coalesce(description, from_whom) FROM surrendered_items WHERE id = ?",
    "movement_events": "SELECT content FROM movement_events WHERE id = ?",
    "list_items": "SELECT label FROM list_items WHERE id = ?",
}
# Fields of an entry that say nothing to an officer.
SKIP = {"id", "uuid", "created_at", "updated_at", "version", "deleted_at", "deleted_by", "sort_key",
        "search_text", "family_name", "middle_name", "given_name", "sha256", "content_sha256", "salt"}
WORDS = {  # fields that are not record columns: what exports, imports and keys write
    "sequence": "gói số", "period": "kỳ", "counts": "số hồ sơ", "residents": "danh sách cư dân có tên",
    "encrypted": "mã hóa", "fingerprint": "dấu vân tay khóa", "purpose": "dùng để", "station": "đơn vị",
    "tables": "hồ sơ", "flag": "cảnh báo", "message": "lời nhắn", "audit_chain": "nhật ký thao tác của xã",
    "file": "tệp", "sheet": "trang tính", "created": "tạo mới", "updated": "cập nhật", "refused": "từ chối",
    "same": "không đổi", "moved": "chuyển vào thùng rác", "undone_at": "hoàn tác lúc", "pledges": "số bản cam kết",
    "document": "giấy tờ", "folder": "thư mục", "locked": "bị khóa", "failed": "số lần sai", "unlock": "mở khóa",
    "active": "đang dùng", "value": "giá trị", "unit": "đơn vị", "safety_copy": "bản an toàn trước khi khôi phục",
    "damaged_copy": "bản hỏng được giữ lại", "pages": "số trang", "month": "tháng", "top": "lề trên",
    "bottom": "lề dưới", "left": "lề trái", "right": "lề phải", "mode": "cách ký", "marks": "các tiêu chí",
    "criterion": "tiêu chí", "evidence": "căn cứ", "met": "đạt",
}
FIRST = ["station", "sequence", "period", "file", "document", "counts", "tables", "created", "updated"]
SETTINGS = {"minutes_closing": "lời kết biên bản", "print_margins": "lề trang in", "signers": "người ký văn bản",
            "second_place": "nơi sao lưu thứ hai"}
TIMES = {"at", "printed_at", "undone_at", "started_at", "ended_at", "deleted_at"}
PURPOSES = {"signing": "ký gói", "encryption": "mã hóa"}
TRUE_FALSE = {"encrypted", "locked", "unlock", "active", "valuable", "exemplary", "excluded_matter", "registered",
              "recognised", "clean_record", "hard_area", "health_ok", "regular_meetings", "member_breach",
              "under_complaint", "is_default", "full_export", "file_application", "file_cv", "file_health",
              "file_school", "met"}
IMPORT_COUNTS = (("new", "mới"), ("updated", "cập nhật"), ("deleted", "xóa"), ("conflict", "xung đột"),
                 ("rejected", "từ chối"))


def field_label(name: str) -> str:
    shown = labels.field(name)
    if shown == name:
        shown = WORDS.get(name, name.replace("_", " "))
    return shown


class Describer:
    """Describes audit entries against one database, remembering the names it looked up."""

    def __init__(self, db):
        self.db = db
        self.names: dict[tuple[str, object], str] = {}

    # names of records ------------------------------------------------------------
    def name(self, table: str | None, record_id) -> str:
        if record_id in (None, "") or table not in NAMES or self.db is None:
            return ""
        key = (table, record_id)
        if key not in self.names:
            try:
                row = self.db.conn.execute(NAMES[table], (record_id,)).fetchone()
            except sqlite3.Error:
                row = None
            self.names[key] = str(row[0]) if row and row[0] not in (None, "") else ""
        return self.names[key]

    def record_name(self, entry) -> str:
        """The name of the record an entry is about ('Nguyễn Văn An', 'Thôn Đông'), or ''."""
        table, uuid = entry.table_name, entry.record_uuid
        if table == "accounts":
            return uuid or ""
        if table == "settings":
            return SETTINGS.get(uuid or "", "")
        if table == "packages":
            return str((entry.after or {}).get("station") or "")
        if not uuid or table not in NAMES or self.db is None:
            return ""
        key = (table, "uuid:" + uuid)
        if key not in self.names:
            try:
                row = self.db.conn.execute(f"SELECT id FROM {table} WHERE uuid = ?", (uuid,)).fetchone()
            except sqlite3.Error:
                row = None
            self.names[key] = self.name(table, row[0]) if row else ""
        return self.names[key]

    def prefetch(self, entries, chunk: int = 500) -> None:
        """The names of the records these entries are about, one query per kind of record
        (and per `chunk` records) instead of two per entry: the log page names 2,000."""
        if self.db is None:
            return
        wanted: dict[str, set[str]] = {}
        for entry in entries:
            table, uuid = entry.table_name, entry.record_uuid
            if uuid and table in NAMES and (table, "uuid:" + uuid) not in self.names:
                wanted.setdefault(table, set()).add(uuid)
        for table, uuids in wanted.items():
            # the name's query, correlated to each record found by its uuid
            name_sql = NAMES[table].replace("?", "_record.id")
            ordered = sorted(uuids)
            for start in range(0, len(ordered), chunk):
                part = ordered[start:start + chunk]
                marks = ", ".join("?" for _ in part)
                try:
                    rows = self.db.conn.execute(
                        f"SELECT _record.uuid, _record.id, ({name_sql}) FROM {table} AS _record "
                        f"WHERE _record.uuid IN ({marks})", part).fetchall()
                except sqlite3.Error:
                    return  # named one by one, as before
                for uuid in part:
                    self.names[(table, "uuid:" + uuid)] = ""  # a purged record: no name
                for uuid, record_id, name in rows:
                    shown = str(name) if name not in (None, "") else ""
                    self.names[(table, record_id)] = shown
                    self.names[(table, "uuid:" + uuid)] = shown

    def subject(self, entry) -> str:
        """'Người: Nguyễn Văn An', 'Gói đã xuất', '' (the 'Hồ sơ' column)."""
        kind = labels.table(entry.table_name) if entry.table_name else ""
        name = self.record_name(entry)
        return f"{kind}: {name}" if kind and name else kind or name

    # values ---------------------------------------------------------------------
    def value(self, table: str | None, key: str, value) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if key in REFERENCES:
            target = REFERENCES[key]
            if isinstance(value, list):
                return ", ".join(self.name(target, v) or "—" for v in value)
            return self.name(target, value) or "—"
        if key == "people" and isinstance(value, list):  # the parties of a mediation case
            return ", ".join(self._party(p) for p in value)
        if key == "counts" and isinstance(value, dict):
            shown = [f"{labels.table(t)} {format_number(n)}" for t, n in value.items() if n]
            return ", ".join(shown) or "không có hồ sơ nào"
        if key == "tables" and isinstance(value, dict):
            return "; ".join(self._import_counts(t, s) for t, s in value.items() if isinstance(s, dict)) or "—"
        if key == "residents" and isinstance(value, dict):
            reason = value.get("reason")
            return f"có, lý do: {reason}" if value.get("named") or reason else "không (chỉ gửi số lượng)"
        if key == "mode" and isinstance(value, str):
            return {"head": "trưởng đơn vị ký", "deputy": "cấp phó ký thay"}.get(value, value)
        if key == "period" and isinstance(value, str):
            return self._period(value)
        if key == "purpose":
            return PURPOSES.get(value, str(value))
        if key == "document" or key == "kind" and table in (None, "excel_imports"):
            return labels.table(str(value))
        if isinstance(value, bool) or key in TRUE_FALSE and value in (0, 1):
            return "có" if value else "không"
        shown = vocabulary.column_label(table, key, value)
        if shown != value:
            return str(shown)
        if isinstance(value, (int, float)):
            return str(value) if key in PLAIN_NUMBERS else format_number(value)
        if isinstance(value, str):
            stamp = _STAMP.fullmatch(value[:16]) if len(value) >= 16 else None
            if stamp and (key in TIMES or key.endswith("_at")):
                return f"{stamp[2]} {format_date(stamp[1])}"
            if _DATE.fullmatch(value):
                return format_date(value)
            return value
        if isinstance(value, list):
            return ", ".join(self.value(table, key, v) for v in value)
        if isinstance(value, dict):
            return "; ".join(f"{field_label(k)}: {self.value(table, k, v)}" for k, v in value.items()
                             if k not in SKIP)
        return str(value)

    def _party(self, party) -> str:
        if not isinstance(party, dict):
            return str(party)
        name = party.get("name") or self.name("people", party.get("person_id")) or "—"
        role = party.get("role")
        return f"{name} ({vocabulary.label('mediation_role', role)})" if role else name

    @staticmethod
    def _import_counts(table: str, summary: dict) -> str:
        parts = [f"{word} {format_number(summary.get(key) or 0)}" for key, word in IMPORT_COUNTS
                 if summary.get(key)]
        return f"{labels.table(table)}: " + (", ".join(parts) if parts else "không đổi")

    @staticmethod
    def _period(code: str) -> str:
        try:
            return parse_period(code).label
        except ValidationError:
            return code

    # entries --------------------------------------------------------------------
    def changes(self, entry) -> str:
        """What an entry changed, in words: 'tạo mới', 'địa bàn: Thôn Đông → Thôn Tây' …"""
        action = vocabulary.code_of("audit_action", entry.action) or entry.action  # old entries hold the label
        if action == "create" and entry.table_name in NAMES:
            return "tạo mới"
        if action == "delete":
            return "chuyển vào thùng rác"
        if action == "restore":
            return "lấy lại từ thùng rác"
        if action == "purge":
            return "xóa vĩnh viễn khỏi thùng rác"
        before, after = entry.before or {}, entry.after or {}
        table = entry.table_name
        parts = []
        keys = sorted(set(before) | set(after), key=lambda k: (FIRST.index(k) if k in FIRST else len(FIRST), k))
        for key in keys:
            if key in SKIP or before.get(key) == after.get(key):
                continue
            label = field_label(key)
            if not before:
                parts.append(f"{label}: {self.value(table, key, after.get(key))}")
            else:
                parts.append(f"{label}: {self.value(table, key, before.get(key))} → "
                             f"{self.value(table, key, after.get(key))}")
        return "; ".join(parts)
