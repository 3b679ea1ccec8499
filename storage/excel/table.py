"""Finding the table in a sheet: skip title rows, blank rows and a row of column numbers,
join a merged header with the row of sub-headers under it, and match each header to a
field loosely (accents, case, spacing, punctuation and common variants)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storage.excel.reader import as_text, is_blank
from storage.text import fold

# Fields of each kind: key -> (Vietnamese label, header variants). A header matches the
# longest variant it equals or contains as whole words.
PERSON_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "full_name": ("Họ và tên", ("ho va ten", "ho ten", "ten", "ho va ten chu ho", "ten chu ho",
                                "ho ten chu ho", "chu ho", "ho ten thanh vien", "ho va ten thanh vien",
                                "ho va ten nhan khau", "ho ten nhan khau", "ho va ten to vien")),
    "family_middle": ("Họ và tên đệm", ("ho va dem", "ho dem", "ho va ten dem", "ho va chu dem",
                                        "ho chu dem", "ho va ten lot", "ho lot")),
    "gender": ("Giới tính", ("gioi tinh", "gt", "nam nu", "phai")),
    "birth": ("Ngày sinh", ("ngay sinh", "ngay thang nam sinh", "nam sinh", "sinh ngay",
                            "ngay nam sinh", "ngay thang sinh")),
    "birth_male": ("Năm sinh (cột Nam)", ("nam",)),
    "birth_female": ("Năm sinh (cột Nữ)", ("nu",)),
    "cccd": ("Số CCCD", ("so cccd", "cccd", "so cccd cmnd", "cccd cmnd", "cmnd cccd", "cmnd",
                         "so cmnd", "so dinh danh", "so dinh danh ca nhan", "can cuoc", "so can cuoc",
                         "so cmnd cccd", "can cuoc cong dan")),
    "phone": ("Điện thoại", ("dien thoai", "so dien thoai", "sdt", "dt", "so dt", "dien thoai lien he")),
    "relation": ("Quan hệ với chủ hộ", ("quan he voi chu ho", "quan he", "qh voi chu ho",
                                         "quan he chu ho", "qh", "qh voi ch", "moi quan he")),
    "household_code": ("Mã hộ", ("ma ho", "so ho khau", "so so ho khau", "ma so ho", "ho so",
                                  "ma ho gia dinh", "so ho")),
    "area": ("Thôn/Tổ", ("thon to", "thon", "to dan pho", "dia ban", "thon xom", "xom", "ap",
                         "ban", "khu pho", "thon to dan pho", "thon ban", "thon ap")),
    "address": ("Địa chỉ", ("dia chi", "noi o", "cho o hien nay", "noi o hien nay", "so nha",
                            "dia chi thuong tru", "noi thuong tru", "dia chi cu tru", "noi cu tru")),
    "occupation": ("Nghề nghiệp", ("nghe nghiep", "nghe", "cong viec")),
    "notes": ("Ghi chú", ("ghi chu",)),
}
TEAM_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "team_name": ("Tên tổ", ("ten to", "to", "ten to tu quan", "ten to chuc", "ten mo hinh to")),
    "team_kind": ("Loại tổ", ("loai to", "loai", "loai hinh")),
    "area": PERSON_FIELDS["area"],
    "launched_on": ("Ngày ra mắt", ("ngay ra mat", "ngay thanh lap", "ra mat")),
    "founding_decision": ("Quyết định thành lập", ("quyet dinh thanh lap", "so quyet dinh", "quyet dinh")),
    "notes": PERSON_FIELDS["notes"],
}
MEMBER_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    **{k: v for k, v in PERSON_FIELDS.items() if k != "relation"},
    "team_name": ("Tổ", ("to", "ten to", "thuoc to", "to tu quan")),
    "role": ("Chức vụ trong tổ", ("chuc vu", "vai tro", "chuc danh", "chuc vu trong to")),
    "start_on": ("Ngày tham gia", ("ngay tham gia", "ngay bat dau", "tu ngay", "ngay vao to")),
}
MEDIATION_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "received_on": ("Ngày tiếp nhận", ("ngay tiep nhan", "ngay nhan", "ngay nhan don", "ngay thang",
                                       "ngay tiep nhan vu viec", "ngay")),
    "parties": ("Các bên", ("cac ben", "ho ten cac ben", "cac ben tranh chap", "ben tranh chap",
                            "ho ten cac ben tranh chap", "nguoi tranh chap", "cac ben lien quan")),
    "party_one": ("Bên thứ nhất", ("ben thu nhat", "ben a", "nguoi de nghi", "ben de nghi")),
    "party_two": ("Bên thứ hai", ("ben thu hai", "ben b", "ben kia", "ben bi de nghi")),
    "content": ("Nội dung vụ việc", ("noi dung", "noi dung vu viec", "tom tat noi dung",
                                     "noi dung chinh", "tom tat vu viec", "noi dung tranh chap")),
    "category": ("Lĩnh vực", ("linh vuc", "loai vu viec", "linh vuc hoa giai", "loai")),
    "mediators": ("Hòa giải viên", ("hoa giai vien", "nguoi hoa giai", "ho ten hoa giai vien")),
    "result": ("Kết quả", ("ket qua", "ket qua hoa giai")),
    "result_on": ("Ngày có kết quả", ("ngay co ket qua", "ngay ket qua", "ngay hoa giai xong",
                                      "ngay hoa giai")),
    "agreement": ("Nội dung thỏa thuận", ("noi dung thoa thuan", "thoa thuan", "cac ben thoa thuan")),
    "team_name": ("Tổ hòa giải", ("to hoa giai", "ten to hoa giai")),
    "notes": PERSON_FIELDS["notes"],
}
FIELDS_BY_KIND = {"people": PERSON_FIELDS, "households": PERSON_FIELDS, "teams": TEAM_FIELDS,
                  "members": MEMBER_FIELDS, "mediation": MEDIATION_FIELDS}
# The field that must have a value for a row to be a record.
KEY_FIELD = {"people": "full_name", "households": "full_name", "teams": "team_name",
             "members": "full_name", "mediation": "content"}

_PUNCTUATION = re.compile(r"[^\w]+")
_COLUMN_NUMBER = re.compile(r"\(?\d{1,2}\)?")


def normalise_header(text: str) -> str:
    """'Số CCCD/CMND (12 số)' → 'so cccd cmnd 12 so'."""
    return " ".join(_PUNCTUATION.sub(" ", fold(text).replace("_", " ")).split())


def match_header(text: str, fields: dict) -> str | None:
    """The field a header names, or None."""
    header = normalise_header(text)
    if not header:
        return None
    best, best_len = None, 0
    padded = f" {header} "
    for key, (_label, variants) in fields.items():
        for variant in variants:
            if header == variant:
                return key
            if len(variant) > 2 and f" {variant} " in padded and len(variant) > best_len:
                best, best_len = key, len(variant)
    return best


@dataclass
class Table:
    kind: str
    header_row: int                   # 1-based number of the (last) header row
    headers: list[str]                # the header text of each column
    mapping: dict[int, str]           # column index -> field
    first_data_row: int               # 1-based
    notes: list[str] = field(default_factory=list)

    def column_of(self, key: str) -> int | None:
        for column, name in self.mapping.items():
            if name == key:
                return column
        return None

    def columns(self) -> dict[str, int]:
        """Field -> column, for a loop over many rows (the mapping does not change in it)."""
        found: dict[str, int] = {}
        for column, name in self.mapping.items():
            found.setdefault(name, column)
        return found


def _row_mapping(texts: list[str], fields: dict) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for column, text in enumerate(texts):
        key = match_header(text, fields) if text else None
        if key and key not in mapping.values():
            mapping[column] = key
    return mapping


def _filled(row: list) -> list[str]:
    """Header texts with a merged header's text carried over the empty cells to its right."""
    out, last = [], ""
    for value in row:
        text = as_text(value)
        if text:
            last = text
        out.append(text or last)
    return out


def _guess_kind(mapping_by_kind: dict[str, dict[int, str]], texts: list[str] | None = None) -> str:
    mediation = set(mapping_by_kind["mediation"].values())
    if "content" in mediation and ({"parties", "party_one"} & mediation) and "received_on" in mediation:
        return "mediation"
    people = set(mapping_by_kind["people"].values())
    members = set(mapping_by_kind["members"].values())
    teams = set(mapping_by_kind["teams"].values())
    if "relation" in people:
        return "households"
    name_column = next((c for c, k in mapping_by_kind["people"].items() if k == "full_name"), None)
    if texts and name_column is not None and "chu ho" in normalise_header(texts[name_column]):
        return "households"  # a list of household heads ("Tên chủ hộ"): one household a row
    if "role" in members and "team_name" in members:
        return "members"
    if "team_kind" in teams or ("team_name" in teams and "full_name" not in people):
        return "teams"
    return "people"


def find_table(rows: list[list], kind: str = "auto", *, scan: int = 30) -> Table | None:
    """The header row(s) and the column of each field; None when no row looks like one."""
    best: tuple[int, int, str, list[str], dict[int, str], int] | None = None
    kinds = list(FIELDS_BY_KIND) if kind == "auto" else [kind]
    for index, row in enumerate(rows[:scan]):
        if sum(1 for value in row if not is_blank(value)) < 2:
            continue
        texts = [as_text(v) for v in row]
        candidates = [(texts, index + 1, index + 2)]
        if index + 1 < len(rows):  # a merged header with sub-headers under it
            below = [as_text(v) for v in rows[index + 1]]
            above = _filled(row)
            joined = []
            for column in range(max(len(above), len(below))):
                child = below[column] if column < len(below) else ""
                parent = above[column] if column < len(above) else ""
                joined.append(child if child and not child.isdigit() else parent)
            candidates.append((joined, index + 2, index + 3))
        for texts_, header_row, first_data in candidates:
            by_kind = {k: _row_mapping(texts_, FIELDS_BY_KIND[k]) for k in FIELDS_BY_KIND}
            chosen = _guess_kind(by_kind, texts_) if kind == "auto" else kind
            if chosen not in kinds:
                continue
            mapping = by_kind[chosen]
            if KEY_FIELD[chosen] not in mapping.values() or len(mapping) < 2:
                continue
            score = len(mapping)
            if best is None or score > best[0]:
                best = (score, header_row, chosen, texts_, mapping, first_data)
    if best is None:
        return None
    _score, header_row, chosen, texts, mapping, first_data = best
    # split birth columns ("Năm sinh" over "Nam" | "Nữ") only make sense together
    if "birth_male" in mapping.values() and "birth_female" not in mapping.values():
        mapping = {c: k for c, k in mapping.items() if k != "birth_male"}
    if "birth_female" in mapping.values() and "birth_male" not in mapping.values():
        mapping = {c: k for c, k in mapping.items() if k != "birth_female"}
    return Table(chosen, header_row, texts, mapping, first_data)


def is_column_numbers(row: list) -> bool:
    """A row of column numbers under the header: 1, 2, 3 … or (1), (2) …"""
    first = next((v for v in row if not is_blank(v)), None)
    if not (isinstance(first, int) and first < 100 or isinstance(first, str) and _COLUMN_NUMBER.fullmatch(first)):
        return False  # the quick answer for every row of data
    second = next((v for v in row[1:] if not is_blank(v)), None) if row and row[0] is first else None
    if isinstance(second, str) and not _COLUMN_NUMBER.fullmatch(second):
        return False
    values = [as_text(v) for v in row if not is_blank(v)]
    return len(values) >= 3 and all(_COLUMN_NUMBER.fullmatch(v) for v in values) and \
        [int(v.strip("()")) for v in values] == list(range(int(values[0].strip("()")),
                                                             int(values[0].strip("()")) + len(values)))
