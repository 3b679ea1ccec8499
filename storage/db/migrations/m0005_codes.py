"""Schema version 5: codes, not labels. Every enumeration was stored as its Vietnamese
label; from now on it is stored as the stable ASCII code of storage/vocabulary.py, and
the items of the lists a station may rename (list_items) get a code that records hold.

- list_items gains `code`: a seeded label gets its seeded code, and so does a seeded item
  the station renamed (its first label is in the audit trail); an item the station added
  gets its folded label ("Tổ xung kích" -> "to_xung_kich"). Records that still hold an
  item's label from before a rename get that item's code.
- Each enumerated column is rewritten label -> code. A value that names no code is kept
  as it was (never lost); for a list column it becomes a new list item, so the value
  stays choosable and keeps its label.
- The CHECK constraints and DEFAULTs that named labels (people.gender, accounts.role,
  statuses, mediation result) are rewritten in the schema text, the way SQLite's
  documentation describes for changing a constraint or a default ("ALTER TABLE",
  section 7: writable_schema inside one transaction, schema_version bumped); the
  partial index on signed pledges is rebuilt.
- Search texts and sort keys were built from the labels and stay as they are.
- The audit trail is append-only and hash-chained: its old entries keep their labels
  (the audit page matches a code and its old label alike).
- At an aggregator, the records stations sent in 1.x packages are kept as the signed
  lines they arrived as; storage/exchange/records.py reads their labels as codes.

The values are mapped here, from a copy of the vocabulary as it stood at this version,
so that later changes to storage/vocabulary.py never change what this migration does."""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime

from storage.text import fold, same_text

SQL = """
ALTER TABLE list_items ADD COLUMN code TEXT;
"""

# The vocabulary of schema version 5 (kind -> {code: label}).
_FIXED = {
    "gender": {"male": "nam", "female": "nữ"},
    "relation": {
        "head": "chủ hộ", "wife": "vợ", "husband": "chồng", "child": "con", "father": "bố",
        "mother": "mẹ", "grandfather": "ông", "grandmother": "bà", "grandchild": "cháu",
        "elder_brother": "anh", "elder_sister": "chị", "younger_sibling": "em",
        "daughter_in_law": "con dâu", "son_in_law": "con rể", "other": "khác",
    },
    "account_role": {"admin": "quản trị", "officer": "cán bộ", "viewer": "chỉ xem"},
    "member_role": {"leader": "tổ trưởng", "deputy": "tổ phó", "member": "tổ viên"},
    "team_status": {"active": "đang hoạt động", "ended": "đã kết thúc"},
    "model_status": {"active": "đang hoạt động", "replicated": "nhân rộng", "ended": "kết thúc"},
    "pledge_status": {"unprinted": "chưa in", "printed": "đã in", "signed": "đã ký",
                      "cancelled": "hủy"},
    "mediation_result": {"in_progress": "đang hòa giải", "settled": "thành",
                         "not_settled": "không thành"},
    "mediation_role": {"party": "bên", "related": "người có quyền lợi, nghĩa vụ liên quan",
                       "mediator": "hòa giải viên", "invited": "người được mời"},
    "reintegration_source": {
        "served_sentence": "chấp hành xong án phạt tù", "amnesty": "đặc xá",
        "commune_education": "giáo dục tại xã, phường", "drug_rehab": "cai nghiện ma túy",
        "other": "khác",
    },
    "reintegration_status": {"helping": "đang giúp đỡ", "reintegrated": "đã tái hòa nhập",
                             "reoffended": "tái phạm", "moved_away": "chuyển đi nơi khác"},
    "review_kind": {"interim": "sơ kết", "annual": "tổng kết", "meeting": "họp"},
    "commendation_target": {"team": "tổ", "individual": "cá nhân", "area": "địa bàn",
                            "other_collective": "tập thể khác"},
    "commendation_level": {
        "ministry": "Bộ Công an", "province_committee": "UBND tỉnh",
        "province_police": "Công an tỉnh", "commune_committee": "UBND xã",
        "commune_police": "Công an xã", "other": "Khác",
    },
    "commendation_form": {"merit": "Bằng khen", "certificate": "Giấy khen", "praise": "Biểu dương",
                          "other": "Khác"},
    "classification": {"excellent": "Xuất sắc", "good": "Khá", "average": "Trung bình",
                       "weak": "Yếu"},
}
LISTS = {
    "team_kind": {
        "self_defense": "Tổ tự phòng, tự quản, tự bảo vệ", "people_security": "Tổ an ninh nhân dân",
        "neighbour_group": "Nhóm liên gia tự quản", "order_protection": "Tổ bảo vệ an ninh, trật tự",
        "mediation": "Tổ hòa giải", "clan": "Dòng họ tự quản về ANTT",
    },
    "mediation_category": {"land": "Đất đai", "family": "Hôn nhân và gia đình",
                           "neighbours": "Hàng xóm láng giềng", "civil": "Dân sự", "other": "Khác"},
    "item_kind": {
        "military_weapon": "Vũ khí quân dụng", "homemade_gun": "Súng tự chế",
        "explosive": "Vật liệu nổ", "support_tool": "Công cụ hỗ trợ",
        "blade": "Dao, kiếm và vũ khí thô sơ", "firecracker": "Pháo",
    },
    "area_kind": {"village": "Thôn", "residential_group": "Tổ dân phố", "quarter": "Khu phố",
                  "hamlet": "Ấp", "ban": "Bản", "buon": "Buôn", "residential_area": "Khu dân cư"},
    "tip_channel": {"in_person": "Trực tiếp", "phone": "Điện thoại", "tip_box": "Hòm thư tố giác",
                    "social_media": "Mạng xã hội", "via_team": "Qua tổ ANTT"},
    "model_kind": {
        "self_management": "Tự quản về ANTT", "crime_prevention": "Phòng chống tội phạm",
        "drug_prevention": "Phòng chống ma túy", "mediation": "Hòa giải cơ sở",
        "fire_safety": "Phòng cháy, chữa cháy", "traffic_safety": "An toàn giao thông",
        "religion_ethnic": "Tôn giáo, dân tộc", "reintegration": "Giúp đỡ người tái hòa nhập",
    },
}
FIXED_COLUMNS = {
    ("people", "gender"): "gender", ("people", "relation_to_head"): "relation",
    ("accounts", "role"): "account_role", ("memberships", "role"): "member_role",
    ("teams", "status"): "team_status", ("models", "status"): "model_status",
    ("pledges", "status"): "pledge_status", ("mediation_cases", "result"): "mediation_result",
    ("mediation_people", "role"): "mediation_role",
    ("reintegration_cases", "source"): "reintegration_source",
    ("reintegration_cases", "status"): "reintegration_status", ("reviews", "kind"): "review_kind",
    ("commendations", "target_kind"): "commendation_target",
    ("commendations", "level"): "commendation_level", ("commendations", "form"): "commendation_form",
    ("area_assessments", "classification"): "classification",
}
LIST_COLUMNS = {
    ("teams", "kind"): "team_kind", ("models", "kind"): "model_kind",
    ("mediation_cases", "category"): "mediation_category", ("areas", "kind"): "area_kind",
    ("tips", "channel"): "tip_channel", ("surrendered_items", "kind"): "item_kind",
}
# Schema text that named labels: table -> [(old, new)].
_SCHEMA_TEXT = {
    "people": [("gender IN ('nam', 'nữ')", "gender IN ('male', 'female')")],
    "accounts": [("role IN ('quản trị', 'cán bộ', 'chỉ xem')", "role IN ('admin', 'officer', 'viewer')")],
    "teams": [("DEFAULT 'đang hoạt động'", "DEFAULT 'active'")],
    "models": [("DEFAULT 'đang hoạt động'", "DEFAULT 'active'")],
    "pledges": [("DEFAULT 'chưa in'", "DEFAULT 'unprinted'")],
    "mediation_cases": [("DEFAULT 'đang hòa giải'", "DEFAULT 'in_progress'")],
}


def fixed_code(kind: str, value):
    """The code of a label of a fixed vocabulary; the value itself when it names none."""
    if value is None:
        return None
    vocabulary = _FIXED[kind]
    if value in vocabulary:
        return value
    for code, label in vocabulary.items():
        if same_text(label, value):
            return code
    return value


def _slug(label: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", fold(label)).strip("_")[:40] or "muc"
    code, number = base, 2
    while code in taken:
        code, number = f"{base}_{number}", number + 1
    return code


def _rewrite_schema(conn) -> None:
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    try:
        for table, changes in _SCHEMA_TEXT.items():
            row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                               (table,)).fetchone()
            if row is None:
                continue
            sql = row[0]
            for old, new in changes:
                sql = sql.replace(old, new)
            conn.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
                         (sql, table))
        conn.execute(f"PRAGMA schema_version = {version + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")


def _earlier_labels(conn, item_uuid: str) -> list[str]:
    """The labels an item had before, oldest first, from the audit trail (its creation
    and every rename): a seeded item the station renamed is still known by its seed."""
    found = []
    for before, after in conn.execute(
            "SELECT before, after FROM audit_log WHERE table_name = 'list_items' AND record_uuid = ? "
            "ORDER BY id", (item_uuid,)):
        for text in (before, after):
            label = json.loads(text).get("label") if text else None
            if isinstance(label, str) and label not in found:
                found.append(label)
    return found


def _list_codes(conn) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, list[str]]]]:
    """Give every list item its code. Returns list -> {code: label} of all items, and
    list -> {code: earlier labels} (records may still hold an item's old label)."""
    out: dict[str, dict[str, str]] = {name: {} for name in LISTS}
    aliases: dict[str, dict[str, list[str]]] = {name: {} for name in LISTS}
    rows = conn.execute("SELECT id, uuid, list_name, label FROM list_items ORDER BY id").fetchall()
    pending = []
    for item_id, item_uuid, list_name, label in rows:  # first the items still named as seeded
        seeded = LISTS.get(list_name, {})
        taken = set(out.setdefault(list_name, {}))
        code = next((c for c, shown in seeded.items() if same_text(shown, label) and c not in taken), None)
        if code is None:
            pending.append((item_id, item_uuid, list_name, label))
            continue
        conn.execute("UPDATE list_items SET code = ? WHERE id = ?", (code, item_id))
        out[list_name][code] = label
    for item_id, item_uuid, list_name, label in pending:  # then renamed or added items
        seeded = LISTS.get(list_name, {})
        taken = set(out[list_name])
        earlier = _earlier_labels(conn, item_uuid)
        code = next((c for old in earlier for c, shown in seeded.items()
                     if same_text(shown, old) and c not in taken), None)
        if code is None:
            code = _slug(label, taken | set(seeded))
        conn.execute("UPDATE list_items SET code = ? WHERE id = ?", (code, item_id))
        out[list_name][code] = label
        aliases.setdefault(list_name, {})[code] = earlier
    return out, aliases


def _list_code(conn, codes: dict[str, dict[str, str]], aliases, list_name: str, value) -> str | None:
    if value is None or value == "":
        return value
    known = codes[list_name]
    for code, label in known.items():
        if same_text(label, value):
            return code
    for code, earlier in aliases[list_name].items():  # a record written before a rename
        if any(same_text(old, value) for old in earlier):
            return code
    # A value no item names (typed before lists were checked, or its item was removed
    # for good): it becomes an item of the list, so it keeps its label and stays choosable.
    code = _slug(value, set(known) | set(LISTS[list_name]))
    stamp = datetime.now().isoformat(timespec="seconds")
    position = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM list_items WHERE list_name = ?",
                            (list_name,)).fetchone()[0]
    conn.execute("INSERT INTO list_items (uuid, created_at, updated_at, list_name, label, position, code) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)", (str(uuid.uuid4()), stamp, stamp, list_name, value,
                                                   position, code))
    known[code] = value
    return code


def _convert_columns(conn, codes, aliases) -> None:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for (table, column), kind in FIXED_COLUMNS.items():
        if table not in tables:
            continue
        for (value,) in conn.execute(f"SELECT DISTINCT {column} FROM {table}").fetchall():
            code = fixed_code(kind, value)
            if code != value:
                conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (code, value))
    for (table, column), list_name in LIST_COLUMNS.items():
        for (value,) in conn.execute(f"SELECT DISTINCT {column} FROM {table}").fetchall():
            code = _list_code(conn, codes, aliases, list_name, value)
            if code != value:
                conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (code, value))


def after(db) -> None:
    conn = db.conn
    _rewrite_schema(conn)
    codes, aliases = _list_codes(conn)
    _convert_columns(conn, codes, aliases)
    conn.execute("DROP INDEX IF EXISTS pledges_signed")
    conn.execute("CREATE INDEX pledges_signed ON pledges(signed_on, household_id) "
                 "WHERE deleted_at IS NULL AND status = 'signed'")
    conn.execute("CREATE INDEX list_items_code ON list_items(list_name, code)")
