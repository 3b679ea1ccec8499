"""Which operation each menu action and button of the main window runs, by its visible
text; an empty tuple: it only reads or moves around. tests/test_operation_map.py builds
the station's and the aggregator's windows, finds every QAction and QPushButton, and
fails when one is missing here, when a named operation does not exist, or when ui/ never
calls it. The pages of the Xem menu are navigation and are not listed. The command
line's commands are checked from their code (docs/architecture.md, "Who calls what")."""

from __future__ import annotations

READS_ONLY: tuple[str, ...] = ()

APP_ACTIONS: dict[str, tuple[str, ...]] = {
    # Tệp
    "Mở tệp dữ liệu khác…": READS_ONLY,
    "Tạo xã mẫu…": ("maintenance.demo",),
    "In…": ("documents.print",),
    "Xuất gói gửi cấp trên…": ("exchange.export_plan", "exchange.export"),
    "Nhập từ Excel…": ("excel.preview_import", "excel.import_file"),
    "Lịch sử nhập…": ("excel.import_history", "excel.undo_import"),
    "Sao lưu ngay": ("maintenance.backup",),
    "Khôi phục từ bản sao lưu…": ("maintenance.restore",),
    "Kiểm tra tệp dữ liệu…": ("maintenance.check",),
    "Đổi mật khẩu…": ("accounts.change_password",),
    "Đăng xuất / đổi người dùng…": ("accounts.login",),
    "Thoát": ("maintenance.backup",),  # the copy taken on close, when anything changed
    # Sửa
    "Thêm mới": ("records.create",),
    "Tìm": READS_ONLY,
    "Làm mới": READS_ONLY,
    "Hoàn tác lần xóa vừa rồi": ("records.restore",),
    # Trợ giúp
    "Giới thiệu": READS_ONLY,
    "Hướng dẫn sử dụng": READS_ONLY,
    # every list page
    "Sửa": ("records.update",),
    "Xóa (chuyển vào thùng rác)": ("records.delete",),
    "Xuất Excel": ("excel.export_list",),
    "Thêm địa bàn": ("records.create",),
    "Thêm tổ": ("records.create",),
    "Thêm người": ("records.create",),
    "Thêm hộ gia đình": ("records.create",),
    "Thêm bản cam kết": ("records.create",),
    "Thêm ca tuần tra": ("records.create",),
    "Thêm vụ việc hòa giải": ("records.create",),
    "Thêm mô hình": ("records.create",),
    "Thêm tin báo": ("records.create",),
    "Thêm lần giao nộp": ("records.create",),
    "Thêm trường hợp giúp đỡ": ("records.create",),
    "Thêm cuộc sơ kết, tổng kết": ("records.create",),
    "Thêm khen thưởng": ("records.create",),
    "Thêm kết quả đánh giá": ("records.create",),
    # Tổ & thành viên
    "Thêm thành viên": ("records.create",),
    "Đổi vai trò": ("records.change_member_role",),
    "Cho thôi tham gia": ("records.end_membership",),
    # Hộ gia đình & cam kết
    "Đánh dấu đã ký hôm nay": ("records.mark_pledges",),
    # Thùng rác
    "Khôi phục": ("records.restore",),
    "Dọn sạch thùng rác…": ("records.empty_trash",),
    # Đánh giá năm, cơ quan, xếp loại, lịch
    "Đăng ký, chấm tiêu chí…": ("evaluation.save_entry",),
    "Đánh giá của xã…": ("evaluation.save_entry",),
    "Hộ chưa ký cam kết…": READS_ONLY,
    "Thêm đơn vị…": ("records.create",),
    "Sửa…": ("records.update",),
    "Xóa": ("evaluation.delete_organisation", "evaluation.delete_event"),
    "Thêm hoạt động…": ("records.create",),
    # (Xếp loại tổ has no save button: each edited cell of its tables is saved at once
    # through evaluation.save_team_grades / save_member_grades)
    "Hồ sơ thành viên…": ("evaluation.save_security_member",),
    "In bảng chấm điểm…": ("evaluation.print_evaluation",),
    "In tờ trình…": ("evaluation.print_evaluation",),
    "In danh sách xếp loại…": ("evaluation.print_evaluation",),
    "In bảng kê hỗ trợ…": ("evaluation.print_evaluation",),
    "Quy định của tỉnh…": ("evaluation.set_evaluation_settings",),
    "Tổ thực hiện mô hình…": ("evaluation.set_model_teams",),
    # Cài đặt
    "Đặt tên theo danh mục": READS_ONLY,  # fills the boxes; "Lưu thông tin đơn vị" saves
    "Lưu thông tin đơn vị": ("records.update_unit",),
    "Thêm mục": ("records.add_list_item",),
    "Đổi tên": ("records.rename_list_item",),
    "Xóa mục": ("records.delete_list_item",),
    "Nhập khóa công khai của cấp trên…": ("exchange.trust_superior",),
    "Lưu tệp khóa công khai…": ("exchange.save_public_key",),
    "Chọn nơi thứ hai và mật khẩu…": ("maintenance.set_second_place",),
    "Thêm tài khoản…": ("accounts.create",),
    "Đặt lại mật khẩu…": ("accounts.reset_password",),
    "Lưu mẫu": ("records.save_templates",),
    "Dùng lại mẫu mặc định": READS_ONLY,  # fills the boxes; "Lưu mẫu" saves
    # the aggregator
    "Nhập gói…": ("exchange.import_packages",),
    "Nhập cả thư mục…": ("exchange.import_packages",),
    "Báo cáo tổng hợp (PDF)…": ("documents.report",),
    "Xuất Excel…": ("documents.report",),
}
