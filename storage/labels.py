"""Vietnamese names of record kinds and fields, for the audit log, the history of a
record and the superior's read-only view."""

from __future__ import annotations

TABLES = {
    "areas": "Địa bàn", "people": "Người", "households": "Hộ gia đình", "teams": "Tổ",
    "memberships": "Thành viên tổ", "models": "Mô hình", "pledge_texts": "Mẫu bản cam kết", "pledges": "Bản cam kết",
    "patrols": "Tuần tra", "mediation_cases": "Hòa giải", "tips": "Tin báo", "surrendered_items": "Vũ khí giao nộp",
    "reintegration_cases": "Tái hòa nhập", "reviews": "Sơ kết, tổng kết", "commendations": "Khen thưởng",
    "area_assessments": "Đánh giá địa bàn", "list_items": "Danh mục", "unit": "Đơn vị", "settings": "Cài đặt",
    "accounts": "Tài khoản", "own_keys": "Khóa của đơn vị", "superior_key": "Khóa cấp trên", "exports": "Gói đã xuất",
    "packages": "Gói đã nhập", "minutes": "Biên bản", "mediation": "Biên bản hòa giải",
    "logbook": "Sổ hòa giải", "roster": "Danh sách tổ", "report": "Báo cáo",
    "organisations": "Cơ quan, trường học", "security_members": "Lực lượng bảo vệ ANTT ở cơ sở",
    "member_gradings": "Xếp loại thành viên tổ", "team_gradings": "Xếp loại tổ",
    "evaluation_entries": "Đánh giá phong trào", "movement_events": "Hoạt động phong trào",
    "excel_imports": "Nhập từ Excel", "mediation_people": "Các bên hòa giải",
}

FIELDS = {
    "full_name": "họ và tên", "name": "tên", "kind": "loại", "gender": "giới tính", "birth_date": "ngày sinh",
    "birth_year": "năm sinh", "cccd": "CCCD", "phone": "điện thoại", "address": "địa chỉ", "area_id": "địa bàn",
    "area_uuid": "địa bàn", "area_ids": "địa bàn", "area_uuids": "địa bàn", "household_id": "hộ",
    "household_uuid": "hộ", "relation_to_head": "quan hệ với chủ hộ", "occupation": "nghề nghiệp",
    "notes": "ghi chú", "head_id": "chủ hộ", "head_uuid": "chủ hộ", "launched_on": "ngày ra mắt",
    "founding_decision": "quyết định thành lập", "status": "trạng thái", "ended_on": "ngày kết thúc",
    "end_reason": "lý do kết thúc", "person_id": "người", "person_uuid": "người", "team_id": "tổ", "team_uuid": "tổ",
    "role": "vai trò", "start_on": "từ ngày", "end_on": "đến ngày", "exemplary": "điển hình",
    "description": "mô tả", "title": "tiêu đề", "body": "nội dung", "text_id": "mẫu", "ceremony_date": "ngày ký",
    "ceremony_place": "nơi ký", "printed_at": "in lúc", "signed_on": "ngày ký", "patrol_date": "ngày tuần tra",
    "start_time": "giờ bắt đầu", "end_time": "giờ kết thúc", "route": "tuyến", "findings": "phát hiện",
    "handling": "xử lý", "member_ids": "người tham gia", "member_uuids": "người tham gia",
    "received_on": "ngày nhận", "category": "lĩnh vực", "content": "nội dung", "agreement": "thỏa thuận",
    "result": "kết quả", "result_on": "ngày có kết quả", "follow_up": "theo dõi thực hiện",
    "excluded_matter": "ngoài phạm vi hòa giải", "excluded_reason": "lý do", "channel": "hình thức",
    "valuable": "có giá trị", "informant_name": "người cung cấp tin", "informant_contact": "liên hệ",
    "outcome": "kết quả xử lý", "quantity": "số lượng", "unit": "đơn vị tính", "from_whom": "người giao nộp",
    "source": "diện", "started_on": "từ ngày", "helper": "người giúp đỡ", "period_start": "kỳ từ",
    "period_end": "kỳ đến", "started_at": "bắt đầu", "ended_at": "kết thúc", "place": "địa điểm",
    "chair": "chủ trì", "secretary": "thư ký", "chair_position": "chức vụ người chủ trì",
    "secretary_position": "chức vụ thư ký", "target_name": "đối tượng", "level": "cấp", "form": "hình thức",
    "awarded_on": "ngày khen thưởng", "decision_number": "số quyết định", "reason": "lý do", "year": "năm",
    "registered": "đăng ký", "recognised": "công nhận", "classification": "xếp loại", "label": "tên mục",
    "households_count": "số hộ", "population": "dân số", "leader_name": "trưởng thôn", "people": "các bên",
    "sessions": "các buổi hòa giải", "station_name": "tên đơn vị", "parent_body": "cơ quan cấp trên",
    "superior_unit": "đơn vị nhận báo cáo", "place_name": "địa danh", "chief_name": "trưởng công an",
    "deleted_at": "thùng rác",
}


def table(name: str | None) -> str:
    return TABLES.get(name or "", name or "")


def field(name: str) -> str:
    return FIELDS.get(name, name)
