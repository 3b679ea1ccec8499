"""The one vocabulary: every enumeration is stored as a stable ASCII code, and this module
maps each code to the Vietnamese label that screens, documents and messages show.

    label("gender", "female")  -> "nữ"
    code_of("gender", "Nữ")    -> "female"   (forms, imports and old databases)
    choices("gender")          -> [("male", "nam"), ("female", "nữ")]

Lists a station may rename (team kinds, mediation categories, item kinds, area kinds)
keep their code in list_items; renaming changes only the label there (see
storage/records/lists.py). Add a new enumeration as one entry of VOCABULARIES."""

from __future__ import annotations

from storage.text import same_text

# kind -> {code: label}; the order is the order forms offer.
VOCABULARIES: dict[str, dict[str, str]] = {
    "gender": {"male": "nam", "female": "nữ"},
    "relation": {
        "head": "chủ hộ", "wife": "vợ", "husband": "chồng", "child": "con", "father": "bố",
        "mother": "mẹ", "grandfather": "ông", "grandmother": "bà", "grandchild": "cháu",
        "elder_brother": "anh", "elder_sister": "chị", "younger_sibling": "em",
        "daughter_in_law": "con dâu", "son_in_law": "con rể", "other": "khác",
    },
    "account_role": {"admin": "quản trị", "officer": "cán bộ", "viewer": "chỉ xem"},
    "unit_role": {"station": "Công an cấp xã", "aggregator": "Cấp trên tổng hợp"},
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
    # Every action the code writes to the audit trail (the audit page filters by these).
    "audit_action": {
        "create": "tạo", "update": "sửa", "delete": "xóa", "restore": "khôi phục",
        "purge": "xóa vĩnh viễn", "print": "in", "export_package": "xuất gói",
        "import_package": "nhập gói", "package_warning": "cảnh báo gói", "create_key": "tạo khóa",
        "trust_superior_key": "tin cậy khóa cấp trên", "restore_backup": "khôi phục sao lưu",
        "set_second_place": "đặt nơi sao lưu thứ hai", "create_account": "tạo tài khoản",
        "login": "đăng nhập", "login_failed": "đăng nhập sai", "change_password": "đổi mật khẩu",
        "reset_password": "đặt lại mật khẩu", "unlock_account": "mở khóa tài khoản",
        "disable_account": "vô hiệu hóa tài khoản", "import_excel": "nhập từ Excel",
        "undo_import_excel": "hoàn tác nhập Excel",
    },
    # The lists a station may rename (storage/records/lists.py): the seeded entries, with
    # the labels they start with. The label in use is the one in list_items.
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
        "ammunition": "Đạn", "detonator": "Kíp nổ", "electrofishing": "Máy kích cá",
        "sky_lantern": "Đèn trời", "other": "Khác",
    },
    "area_kind": {"village": "Thôn", "residential_group": "Tổ dân phố", "quarter": "Khu phố",
                  "hamlet": "Ấp", "ban": "Bản", "buon": "Buôn", "residential_area": "Khu dân cư"},
    "tip_channel": {"in_person": "Trực tiếp", "phone": "Điện thoại", "tip_box": "Hòm thư tố giác",
                    "social_media": "Mạng xã hội", "via_team": "Qua tổ ANTT",
                    "vneid": "VNeID (Kiến nghị, phản ánh về ANTT)"},
    "model_kind": {
        "self_management": "Tự quản về ANTT", "crime_prevention": "Phòng chống tội phạm",
        "drug_prevention": "Phòng chống ma túy", "mediation": "Hòa giải cơ sở",
        "fire_safety": "Phòng cháy, chữa cháy", "traffic_safety": "An toàn giao thông",
        "religion_ethnic": "Tôn giáo, dân tộc", "reintegration": "Giúp đỡ người tái hòa nhập",
    },
    # The year's evaluation (storage/records/evaluation.py, TT 124/2021/TT-BCA, HD 01/HD-BCA-V05).
    "evaluation_subject": {"area": "Khu dân cư", "agency": "Cơ quan", "enterprise": "Doanh nghiệp",
                           "school": "Cơ sở giáo dục", "commune": "Xã, phường, đặc khu"},
    "organisation_category": {
        "state_agency": "Cơ quan nhà nước, đơn vị sự nghiệp công lập",
        "political_social": "Tổ chức chính trị - xã hội, xã hội nghề nghiệp",
        "armed_forces": "Cơ quan, đơn vị lực lượng vũ trang",
        "enterprise_large": "Doanh nghiệp lớn", "enterprise_medium": "Doanh nghiệp vừa",
        "enterprise_small": "Doanh nghiệp nhỏ", "enterprise_micro": "Doanh nghiệp siêu nhỏ",
        "upper_secondary": "Trường trung học phổ thông", "lower_secondary": "Trường trung học cơ sở",
        "multi_level": "Trường phổ thông nhiều cấp học", "vocational": "Cơ sở giáo dục nghề nghiệp",
        "higher_education": "Trường cao đẳng, đại học", "primary": "Trường tiểu học",
        "preschool": "Trường mầm non, nhà trẻ",
    },
    "evaluation_result": {"pass": "Đạt", "fail": "Chưa đạt"},
    "grading_level": {"excellent": "Hoàn thành xuất sắc nhiệm vụ", "good": "Hoàn thành tốt nhiệm vụ",
                      "completed": "Hoàn thành nhiệm vụ", "not_completed": "Không hoàn thành nhiệm vụ"},
    "event_kind": {"propaganda": "Tuyên truyền", "training": "Tập huấn",
                   "festival": "Ngày hội toàn dân bảo vệ an ninh Tổ quốc"},
    "education_level": {"none": "Chưa tốt nghiệp tiểu học", "primary": "Tiểu học",
                        "lower_secondary": "Trung học cơ sở", "upper_secondary": "Trung học phổ thông",
                        "vocational": "Trung cấp, cao đẳng", "university": "Đại học trở lên"},
    "allowance_role": {"leader": "Tổ trưởng", "deputy": "Tổ phó", "member": "Tổ viên"},
}

# The lists above that a station may rename; their labels live in list_items.
LIST_KINDS = ("team_kind", "mediation_category", "item_kind", "area_kind", "tip_channel",
              "model_kind")

# Which vocabulary each stored column takes: (table, column) -> kind. The codes
# migration, the exchange importer for 1.x packages and the tests read this.
COLUMNS: dict[tuple[str, str], str] = {
    ("people", "gender"): "gender",
    ("people", "relation_to_head"): "relation",
    ("accounts", "role"): "account_role",
    ("memberships", "role"): "member_role",
    ("teams", "status"): "team_status",
    ("teams", "kind"): "team_kind",
    ("models", "status"): "model_status",
    ("models", "kind"): "model_kind",
    ("pledges", "status"): "pledge_status",
    ("mediation_cases", "result"): "mediation_result",
    ("mediation_cases", "category"): "mediation_category",
    ("mediation_people", "role"): "mediation_role",
    ("reintegration_cases", "source"): "reintegration_source",
    ("reintegration_cases", "status"): "reintegration_status",
    ("reviews", "kind"): "review_kind",
    ("commendations", "target_kind"): "commendation_target",
    ("commendations", "level"): "commendation_level",
    ("commendations", "form"): "commendation_form",
    ("area_assessments", "classification"): "classification",
    ("areas", "kind"): "area_kind",
    ("tips", "channel"): "tip_channel",
    ("surrendered_items", "kind"): "item_kind",
    ("organisations", "kind"): "evaluation_subject",
    ("organisations", "category"): "organisation_category",
    ("team_gradings", "level"): "grading_level",
    ("member_gradings", "level"): "grading_level",
    ("security_members", "education"): "education_level",
    ("movement_events", "kind"): "event_kind",
}


def label(kind: str, code: str | None, default: str = "") -> str:
    """The Vietnamese label of `code`; an unknown code is shown as it is (never lost)."""
    if code is None:
        return default
    return VOCABULARIES.get(kind, {}).get(code, code)


def labels(kind: str) -> dict[str, str]:
    return dict(VOCABULARIES[kind])


def choices(kind: str) -> list[tuple[str, str]]:
    return list(VOCABULARIES[kind].items())


def code_of(kind: str, text: str | None) -> str | None:
    """The code for a code or a label typed in any case or tone placement; None if
    `text` names nothing of this kind."""
    if text is None:
        return None
    vocabulary = VOCABULARIES[kind]
    if text in vocabulary:
        return text
    for code, shown in vocabulary.items():
        if same_text(shown, text):
            return code
    return None


def sql_label(kind: str, column: str) -> str:
    """An SQL expression showing the label of the code in `column` (lists read their
    labels from list_items; the fixed vocabularies go through vn_label, see register)."""
    if kind in LIST_KINDS:
        return (f"coalesce((SELECT li.label FROM list_items li WHERE li.list_name = '{kind}' "
                f"AND li.code = {column} ORDER BY li.deleted_at IS NOT NULL LIMIT 1), {column})")
    return f"vn_label('{kind}', {column})"


def register(conn) -> None:
    """Make vn_label(kind, code) available to the SQL of one connection."""
    conn.create_function("vn_label", 2, lambda kind, code: label(kind, code, None),
                         deterministic=True)


def column_label(table: str | None, column: str, value):
    """What a screen shows for a stored value of table.column: the label when the column
    holds codes (lists: their seeded label), else the value itself."""
    kind = COLUMNS.get((table or "", column))
    if kind is None or not isinstance(value, str):
        return value
    return label(kind, value)
