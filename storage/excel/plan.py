"""What an import would do, row by row, before anything is written: each data row is new,
the same as a record already in the book (matched by CCCD, else name + birth + area),
changed, or refused with its row number and the reason. A people list where each
"Chủ hộ" row starts a household becomes households with their members. Planning only
reads; storage.excel.apply writes a plan (inside the operation's transaction)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from storage.errors import StorageError, ValidationError
from storage.excel import values as parse
from storage.excel.reader import Sheet, as_text, is_blank
from storage.excel.table import Table, is_column_numbers
from storage.records.validate import without_hidden
from storage.text import compare_key as _compare_key
from storage.text import fold

# Names are compared tone-placement-proof (storage.text.compare_key); the same name is
# keyed for the book's index and again for each row of the file, so remember the keys.
compare_key = lru_cache(maxsize=262144)(_compare_key)

LONGEST_NAME = 1000  # far above people's own limit: a longer name is refused before it is keyed
NEW, SAME, CHANGED, REFUSED = "new", "same", "changed", "refused"
STATUS_LABELS = {NEW: "mới", SAME: "đã có, giống hệt", CHANGED: "đã có, sẽ cập nhật", REFUSED: "từ chối"}
PERSON_COLUMNS = ("full_name", "gender", "birth_date", "birth_year", "cccd", "phone", "address",
                  "area_id", "occupation", "notes")


@dataclass(slots=True)  # 300,000 of them in the largest list: no __dict__ each
class RowPlan:
    row: int                                   # the row number in the sheet (1-based)
    status: str
    name: str = ""
    reason: str = ""
    values: dict = field(default_factory=dict)  # what the record will hold
    existing_id: int | None = None
    changes: dict = field(default_factory=dict)  # field -> (before, after)
    area_text: str | None = None               # the key of an area to create (--create-areas)
    head_row: int | None = None                # households: the row of this member's head
    household_id: int | None = None            # households: the existing household
    is_head: bool = False

    def as_json(self) -> dict:
        return {"dòng": self.row, "trạng_thái": self.status, "tên": self.name, "lý_do": self.reason,
                "thay_đổi": {k: [b, a] for k, (b, a) in self.changes.items()}}


@dataclass
class Plan:
    kind: str
    sheet: str
    table: Table
    rows: list[RowPlan]
    area_texts: dict[str, str] = field(default_factory=dict)  # area to create: key -> its name
    sheet_names: list[str] = field(default_factory=list)      # every sheet of the file

    @property
    def new_areas(self) -> list[str]:
        return sorted(self.area_texts.values())

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def refused(self) -> list[RowPlan]:
        return [r for r in self.rows if r.status == REFUSED]

    def summary(self) -> str:
        return (f"{self.count(NEW)} mới, {self.count(SAME)} đã có giống hệt, "
                f"{self.count(CHANGED)} sẽ cập nhật, {self.count(REFUSED)} bị từ chối")


class ImportError_(StorageError):
    """The file holds no list the app can import (message says what was looked for)."""


# ---- areas ----------------------------------------------------------------------------
_AREA_PREFIXES = ("to dan pho", "khu dan cu", "khu pho", "thon", "xom", "ap", "ban", "buon", "to",
                  "khu", "tdp", "khom", "khoi", "plei", "lang")
_PREFIX_LABELS = {"to dan pho": "Tổ dân phố", "tdp": "Tổ dân phố", "to": "Tổ dân phố",
                  "khu pho": "Khu phố", "khu dan cu": "Khu dân cư", "khu": "Khu dân cư",
                  "ap": "Ấp", "ban": "Bản", "buon": "Buôn", "thon": "Thôn"}


def _area_key(text: str) -> tuple[str, str]:
    """(folded text, folded text without its kind word): 'Thôn Đông Hải' → ('thon dong hai', 'dong hai')."""
    folded = " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())
    for prefix in _AREA_PREFIXES:
        if folded.startswith(prefix + " "):
            return folded, folded[len(prefix) + 1:]
    return folded, folded


def split_area(text: str) -> tuple[str, str]:
    """(kind label, name) for an area to create: 'Tổ dân phố 3' → ('Tổ dân phố', '3')."""
    folded, _bare = _area_key(text)
    words = text.split()
    for prefix in _AREA_PREFIXES:
        if folded.startswith(prefix + " "):
            count = len(prefix.split())
            return _PREFIX_LABELS.get(prefix, "Thôn"), " ".join(words[count:])
    return "Thôn", text.strip()


class AreaIndex:
    """The station's areas, found loosely by name: 'Thôn Đông Hải', 'Đông Hải', 'thon dong hai'."""

    def __init__(self, db):
        self.by_exact: dict[str, list[int]] = {}
        self.by_fold: dict[str, list[int]] = {}
        for row in db.conn.execute("SELECT id, name FROM areas WHERE deleted_at IS NULL"):
            self.add(row[0], row[1])

    def add(self, area_id: int, name: str) -> None:
        self.by_exact.setdefault(compare_key(name), []).append(area_id)
        _full, bare = _area_key(name)
        self.by_fold.setdefault(bare, []).append(area_id)
        self.by_fold.setdefault(_full, []).append(area_id)

    def find(self, text: str) -> int | None:
        """The area's id; None when unknown; ValueError when two areas fit equally."""
        full, bare = _area_key(text)
        words = text.split()
        bare_text = " ".join(words[len(words) - len(bare.split()):]) if bare else text
        for found in (self.by_exact.get(compare_key(text)), self.by_exact.get(compare_key(bare_text)),
                      self.by_fold.get(full), self.by_fold.get(bare)):
            if found:
                unique = sorted(set(found))
                if len(unique) > 1:
                    raise ValueError(f"Thôn/tổ “{text}” khớp với nhiều địa bàn; hãy ghi đúng tên có dấu.")
                return unique[0]
        return None


# ---- people already in the book ---------------------------------------------------------
class PeopleIndex:
    def __init__(self, db):
        self.by_cccd: dict[str, tuple[int, bool]] = {}
        self.by_name: dict[tuple, int] = {}
        self.ambiguous: set[tuple] = set()
        self.rows: dict[int, dict] = {}
        self.by_household: dict[tuple, int] | None = None
        cols = ", ".join(("id", "deleted_at", "household_id", "relation_to_head", *PERSON_COLUMNS))
        cursor = db.conn.execute(f"SELECT {cols} FROM people")
        names = [d[0] for d in cursor.description]
        for raw in cursor:
            row = dict(zip(names, raw))
            if row["cccd"]:
                self.by_cccd[row["cccd"]] = (row["id"], row["deleted_at"] is not None)
            if row["deleted_at"] is None:
                self.rows[row["id"]] = row
                key = self.name_key(row["full_name"], row["birth_year"], row["area_id"])
                if key in self.by_name:
                    self.ambiguous.add(key)  # two people in the book share name, year and area
                self.by_name.setdefault(key, row["id"])

    def member(self, household_id: int, name: str, birth_year: int | None) -> int | None:
        if self.by_household is None:
            self.by_household = {}
            for person_id, row in self.rows.items():
                if row["household_id"] is not None:
                    self.by_household.setdefault(
                        (row["household_id"], compare_key(row["full_name"]), row["birth_year"]), person_id)
        return self.by_household.get((household_id, compare_key(name), birth_year))

    @staticmethod
    def name_key(name, birth_year, area_id) -> tuple:
        return compare_key(name), birth_year, area_id


# ---- reading one row ------------------------------------------------------------------
def _cell(row: list, column: int | None):
    if column is None or column >= len(row):
        return None
    return row[column]


def person_values(row: list, table: Table, columns: dict[str, int] | None = None) -> tuple[dict, list[str]]:
    """The person fields of a row and the reasons it cannot be read (if any); `columns`
    is table.columns(), computed once by a caller that reads many rows."""
    col = (columns if columns is not None else table.columns()).get
    errors: list[str] = []
    name_cell = _cell(row, col("full_name"))
    if col("family_middle") is not None and not is_blank(name_cell):  # "Họ và đệm" | "Tên"
        name_cell = f"{as_text(_cell(row, col('family_middle')))} {as_text(name_cell)}".strip()
    out: dict = {"full_name": parse.full_name(name_cell)}

    def take(key: str, function, *args):
        try:
            return function(*args)
        except ValueError as error:
            errors.append(str(error))
            return None

    out["gender"] = take("gender", parse.gender, _cell(row, col("gender"))) \
        or parse.gender_of_title(_cell(row, col("full_name")))
    birth = _cell(row, col("birth"))
    if col("birth_male") is not None:
        male, female = _cell(row, col("birth_male")), _cell(row, col("birth_female"))
        if not is_blank(male) and not is_blank(female):
            errors.append("Có năm sinh ở cả cột Nam và cột Nữ; hãy để một cột.")
        elif not is_blank(male) or not is_blank(female):
            birth = male if not is_blank(male) else female
            out["gender"] = out["gender"] or parse.gender("nam" if not is_blank(male) else "nữ")
    dates = take("birth", parse.day, birth, "ngày sinh") or (None, None)
    out["birth_date"], out["birth_year"] = dates
    cards = take("cccd", parse.cccd, _cell(row, col("cccd"))) or (None, None)
    out["cccd"] = cards[0]
    out["phone"] = take("phone", parse.phone, _cell(row, col("phone")))
    out["address"] = parse.text(_cell(row, col("address")))
    out["occupation"] = parse.text(_cell(row, col("occupation")))
    notes = parse.text(_cell(row, col("notes")))
    if cards[1]:
        old = f"CMND cũ: {cards[1]}"
        notes = old if not notes else (notes if old in notes else f"{notes}; {old}")
    out["notes"] = notes
    out["relation"] = take("relation", parse.relation, _cell(row, col("relation")))
    out["area_text"] = parse.text(_cell(row, col("area")))
    return out, errors


def _mapped_count(row: list, table: Table) -> int:
    return sum(1 for column in table.mapping if not is_blank(_cell(row, column)))


# ---- planning ---------------------------------------------------------------------------
class AreaResolver:
    """Area text (or the default --area) → id; unknown names refused or queued to create."""

    def __init__(self, db, default: str | None, create: bool):
        self.db = db
        self.index = AreaIndex(db)
        self.create = create
        self.new: dict[str, str] = {}  # key -> the text as first written
        self.seen: dict[str | None, tuple] = {}
        self.default_id = None
        if default:  # typed or pasted: "Thôn\u202e 1\u200b" names "Thôn 1"
            default = without_hidden(default) or None
        self.default_text = default
        if default:
            self.default_id = self.index.find(default)
            if self.default_id is None and not create:
                raise ImportError_(f"Không có địa bàn “{default[:40]}”; hãy kiểm tra tên (--area) "
                                   "hoặc thêm địa bàn trước.")

    def resolve(self, text: str | None, row: int) -> tuple[int | None, str | None, str | None]:
        """(area id, key of an area to create, reason refused); one look-up per spelling."""
        if text in self.seen:
            return self.seen[text]
        found = self._resolve(without_hidden(text) if text else text)
        self.seen[text] = found
        return found

    def _resolve(self, text: str | None) -> tuple[int | None, str | None, str | None]:
        if not text:
            if self.default_id is not None or not self.default_text:
                return self.default_id, None, None
            text = self.default_text
        try:
            found = self.index.find(text)
        except ValueError as error:
            return None, None, str(error)
        if found is not None:
            return found, None, None
        if self.create:
            key = _area_key(text)[1]
            first = self.new.get(key)
            if first is not None and not first.isascii() and not text.isascii() \
                    and compare_key(split_area(first)[1]) != compare_key(split_area(text)[1]):
                return None, None, (f"Thôn/tổ “{text}” và “{first}” chỉ khác dấu nên không biết có phải "
                                    "một nơi không; hãy thêm các địa bàn này trong trang Địa bàn trước "
                                    "rồi nhập lại.")
            reason = self._cannot_create(text)
            if reason:
                return None, None, reason
            if first is None or (first.isascii() and not text.isascii()):
                self.new[key] = text  # the spelling with its accents names the new area
            return None, key, None
        return None, None, (f"Thôn/tổ “{text}” chưa có trong danh sách địa bàn; hãy thêm địa bàn "
                            "đó, sửa tên trong tệp, hoặc cho phép tạo địa bàn mới (ô “Tạo thôn/tổ chưa có”; "
                            "dòng lệnh: --create-areas).")


    def _cannot_create(self, text: str) -> str | None:
        """Why an area of this name cannot be made (checked by the areas' own rules now,
        so the row is refused in the preview instead of the whole import failing)."""
        from storage.records.areas import areas

        kind, name = split_area(text)
        try:
            areas.clean(self.db, {"name": name, "kind": kind}, None)
        except ValidationError as error:
            shown = text if len(text) <= 40 else text[:39] + "…"
            return f"Không tạo được thôn/tổ “{shown}”: " + " ".join(dict.fromkeys(error.errors.values()))
        return None


def person_row(values: dict) -> dict:
    """The columns of a person to write, from a row's values."""
    keep = (*PERSON_COLUMNS, "household_id", "relation_to_head")
    return {k: values.get(k) for k in keep if values.get(k) is not None}


def _validate_person(db, values: dict, current) -> str | None:
    from storage.records.people import people

    try:
        people.clean(db, dict(values), current)
    except ValidationError as error:
        return " ".join(dict.fromkeys(error.errors.values()))
    return None


def _differences(existing: dict, values: dict) -> dict:
    changes = {}
    for key in PERSON_COLUMNS + ("household_id", "relation_to_head"):
        new = values.get(key)
        if new is None or key not in existing:
            continue  # an empty cell never erases what the book holds
        old = existing[key]
        if key == "full_name" and (old == new or compare_key(old) == compare_key(new)):
            continue
        if key == "birth_year" and values.get("birth_date") is None and existing.get("birth_date") \
                and int(existing["birth_date"][:4]) == new:
            continue
        if key == "notes" and old and new in old:
            continue
        if old != new:
            changes[key] = (old, new)
    return changes


def plan_people(db, sheet: Sheet, table: Table, area: str | None, create_areas: bool) -> Plan:
    """People lists and household books (each "Chủ hộ" row starts a household)."""
    households = table.kind == "households"
    has_relation = table.column_of("relation") is not None
    areas = AreaResolver(db, area, create_areas)
    index = PeopleIndex(db)
    seen_cccd: dict[str, int] = {}
    seen_name: dict[tuple, int] = {}
    plans: list[RowPlan] = []
    head: RowPlan | None = None
    head_code = ""
    columns = table.columns()
    after_gap = False
    for number in _household_order(sheet, table) if households else range(table.first_data_row,
                                                                           len(sheet.rows) + 1):
        row = sheet.rows[number - 1]
        if all(is_blank(v) for v in row) or is_column_numbers(row):
            after_gap = after_gap or bool(plans)
            continue
        if after_gap and _mapped_count(row, table) < 2:
            continue  # below the list: "Người lập biểu", a signature, a total
        values, errors = person_values(row, table, columns)
        name = values["full_name"] or ""
        if not name:
            if _mapped_count(row, table) < 2:
                continue  # a title, a total or a signature line, not a person
            plans.append(RowPlan(number, REFUSED, "", "Thiếu họ và tên."))
            continue
        plan = RowPlan(number, NEW, name)
        plans.append(plan)
        relation = values.pop("relation")
        area_text = values.pop("area_text")
        is_head = parse.is_head(relation) or (households and not has_relation)
        plan.is_head = households and is_head
        code = as_text(_cell(row, columns.get("household_code")))
        if households:
            if is_head:
                head, head_code = plan, code
            elif code and head is not None and code != head_code:
                errors.append(f"Hộ mã {code} không có dòng “Chủ hộ”.")
            elif head is None:
                errors.append("Dòng này chưa có chủ hộ ở phía trên; dòng “Chủ hộ” phải đứng trước "
                              "các thành viên của hộ.")
            else:
                plan.head_row = head.row
                if head.status == REFUSED:
                    errors.append(f"Chủ hộ của người này (dòng {head.row}) bị từ chối.")
                if not area_text and (head.values.get("area_id") is not None or head.area_text):
                    values["area_id"] = head.values.get("area_id")  # a member lives where the head does
                    plan.area_text = head.area_text
        if relation is not None and not plan.is_head:  # a household sets its head's relation
            values["relation_to_head"] = relation
        if "area_id" not in values:
            area_id, to_create, reason = areas.resolve(area_text, number)
            if reason:
                errors.append(reason)
            values["area_id"] = area_id
            plan.area_text = to_create
        if households and is_head and values["area_id"] is None and plan.area_text is None \
                and not errors:
            errors.append("Chưa có thôn/tổ của hộ: hãy điền cột Thôn/Tổ hoặc chọn địa bàn (--area).")
        plan.values = values
        if errors:
            plan.status, plan.reason = REFUSED, " ".join(dict.fromkeys(errors))
            continue
        if len(name) > LONGEST_NAME:  # refused now: folding 100,000 characters for the keys
            reason = _validate_person(db, values, None)  # below took 30 s for 500 such rows
            if reason:
                plan.status, plan.reason = REFUSED, reason
                continue
        # duplicates inside the file
        key = (*PeopleIndex.name_key(name, values["birth_year"], values["area_id"] or plan.area_text),
               plan.head_row)  # two children of the same name and year in two households differ
        if values["cccd"]:
            if values["cccd"] in seen_cccd:
                plan.status, plan.reason = REFUSED, f"Trùng số CCCD với dòng {seen_cccd[values['cccd']]}."
                continue
            seen_cccd[values["cccd"]] = number
        elif key in seen_name:
            plan.status, plan.reason = REFUSED, (f"Trùng họ tên, năm sinh và thôn/tổ với dòng "
                                                 f"{seen_name[key]}; nếu là hai người khác nhau hãy ghi số CCCD.")
            continue
        seen_name.setdefault(key, number)
        # the person in the book
        existing_id = None
        if values["cccd"] and values["cccd"] in index.by_cccd:
            existing_id, deleted = index.by_cccd[values["cccd"]]
            if deleted:
                plan.status, plan.reason = REFUSED, (f"Số CCCD {values['cccd']} thuộc về một người đang "
                                                     "ở thùng rác; hãy khôi phục người đó trước.")
                continue
        elif plan.head_row is not None:  # a member: looked for only in the head's household
            existing_id = index.member(head.household_id, name, values["birth_year"]) if head.household_id else None
        elif plan.area_text is None:
            name_key = PeopleIndex.name_key(name, values["birth_year"], values["area_id"])
            if name_key in index.ambiguous:
                plan.status, plan.reason = REFUSED, ("Trong sổ đã có hơn một người cùng họ tên, năm sinh "
                                                     "và thôn/tổ này; hãy ghi số CCCD để biết là ai.")
                continue
            existing_id = index.by_name.get(name_key)
        if households and not is_head and head is not None and head.household_id:
            values["household_id"] = head.household_id
        current = None
        if existing_id is not None:
            from storage.records.people import people

            plan.existing_id = existing_id
            existing = index.rows[existing_id]
            if households and is_head:
                plan.household_id = existing["household_id"] if parse.is_head(existing["relation_to_head"]) else None
            plan.changes = _differences(existing, values)
            if households and not is_head and head is not None and head.household_id is None:
                plan.changes["household_id"] = (existing["household_id"], f"hộ mới của dòng {head.row}")
            plan.status = CHANGED if plan.changes or (plan.is_head and plan.household_id is None) else SAME
            if plan.status == SAME:
                continue  # nothing will be written: the book already holds a valid record
            current = people.get(db, existing_id)
        reason = _validate_person(db, values, current)
        if reason:
            plan.status, plan.reason, plan.changes = REFUSED, reason, {}
    plans.sort(key=lambda p: p.row)
    return Plan(table.kind, sheet.name, table, plans, dict(areas.new))


def _household_order(sheet: Sheet, table: Table) -> list[int]:
    """The rows in the order they are planned. With a household code column ("Mã hộ",
    "Số hộ khẩu") each household's rows come together, its head first, wherever they are
    in the file; without one, the file's order (a "Chủ hộ" row starts each household)."""
    numbers = list(range(table.first_data_row, len(sheet.rows) + 1))
    code_column, relation_column = table.column_of("household_code"), table.column_of("relation")
    if code_column is None or relation_column is None:
        return numbers
    groups: dict[str, list[int]] = {}
    order: list = []
    for number in numbers:
        code = as_text(_cell(sheet.rows[number - 1], code_column))
        if not code:
            order.append(number)
            continue
        if code not in groups:
            groups[code] = []
            order.append(code)
        groups[code].append(number)

    def head_first(number: int) -> bool:
        try:
            return not parse.is_head(parse.relation(_cell(sheet.rows[number - 1], relation_column)))
        except ValueError:
            return True

    out: list[int] = []
    for item in order:
        out.extend(sorted(groups[item], key=head_first) if isinstance(item, str) else [item])
    return out


FIELD_LABELS = {
    "full_name": "họ và tên", "gender": "giới tính", "birth_date": "ngày sinh", "birth_year": "năm sinh",
    "cccd": "số CCCD", "phone": "điện thoại", "address": "địa chỉ", "area_id": "thôn/tổ",
    "occupation": "nghề nghiệp", "notes": "ghi chú", "household_id": "hộ", "relation_to_head":
    "quan hệ với chủ hộ", "team": "tổ", "role": "chức vụ trong tổ", "kind": "loại tổ",
    "launched_on": "ngày ra mắt", "founding_decision": "quyết định thành lập", "area_ids": "địa bàn",
    "category": "lĩnh vực", "content": "nội dung", "team_id": "tổ hòa giải", "result": "kết quả",
    "result_on": "ngày có kết quả", "agreement": "nội dung thỏa thuận"}
_CODED = {"gender": "gender", "relation_to_head": "relation", "role": "member_role",
          "result": "mediation_result"}


def _shown(key: str, value) -> str:
    from storage import vocabulary
    from storage.records.validate import format_date

    if value is None or value == []:
        return "—"
    if key in _CODED:
        return vocabulary.label(_CODED[key], value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and key.endswith(("_on", "_date")):
        return format_date(value)
    return as_text(value)


def change_text(changes: dict) -> str:
    """'điện thoại: — → 0987654321, ngày sinh: 01/01/1980 → 02/01/1980'."""
    return ", ".join(f"{FIELD_LABELS.get(k, k)}: {_shown(k, b)} → {_shown(k, a)}" for k, (b, a) in changes.items())


def describe_row(plan: RowPlan) -> str:
    text = f"Dòng {plan.row}: {STATUS_LABELS[plan.status]}"
    if plan.name:
        text += f" — {plan.name}"
    if plan.reason:
        text += f". {plan.reason}"
    elif plan.changes:
        text += f" ({change_text(plan.changes)})"
    return text
