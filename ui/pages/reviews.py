"""Sơ kết & khen thưởng: reviews and their minutes' content, commendations, and the
yearly assessment of areas."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QTabWidget

from storage import vocabulary
from storage.records.reviews import (
    area_assessments,
    commendations,
    reviews,
)
from ui import fields as f
from ui.i18n import tr
from ui.list_page import ListPage


def review_fields(page):
    return [
        f.Choice("kind", "Loại", vocabulary.choices("review_kind")),
        f.Text("title", "Tên cuộc họp"),
        f.DateField("period_start", "Kỳ từ ngày", required=True),
        f.DateField("period_end", "Đến ngày", required=True),
        f.Text("started_at", "Bắt đầu lúc", placeholder="Ví dụ 2026-07-05 08:00"),
        f.Text("ended_at", "Kết thúc lúc", placeholder="Ví dụ 2026-07-05 11:00"),
        f.Text("place", "Địa điểm"),
        f.Text("chair", "Chủ trì (họ tên)", placeholder="Ví dụ: Đỗ Văn Chính"),
        f.Text("chair_position", "Chức vụ người chủ trì", placeholder="Ví dụ: Trưởng Công an xã"),
        f.Text("secretary", "Thư ký (họ tên)", placeholder="Ví dụ: Lý Thị Thư"),
        f.Text("secretary_position", "Chức vụ thư ký", placeholder="Ví dụ: Cán bộ Công an xã"),
        f.Text("attendees_present", "Thành phần có mặt", multiline=True),
        f.Text("attendees_absent", "Vắng mặt", multiline=True),
        f.Text("agenda", "Nội dung chương trình", multiline=True),
        f.Text("strengths", "Ưu điểm", multiline=True),
        f.Text("weaknesses", "Hạn chế", multiline=True),
        f.Text("classification", "Kết quả phân loại", multiline=True),
        f.Text("commendation_proposals", "Đề nghị khen thưởng", multiline=True),
        f.Text("next_tasks", "Nhiệm vụ kỳ tới", multiline=True),
    ]


def commendation_fields(page):
    return [
        f.Choice("target_kind", "Đối tượng", vocabulary.choices("commendation_target")),
        f.Reference("team_id", "Tổ", "team"),
        f.Picker("person_id", "Cá nhân", "person"),
        f.Reference("area_id", "Địa bàn", "area"),
        f.Text("target_name", "Tên tập thể, cá nhân", placeholder="Để trống: lấy theo tổ, cá nhân hoặc địa bàn đã chọn"),
        f.Choice("level", "Cấp khen thưởng", vocabulary.choices("commendation_level")),
        f.Choice("form", "Hình thức", vocabulary.choices("commendation_form")),
        f.DateField("awarded_on", "Ngày khen thưởng", required=True),
        f.Text("decision_number", "Số quyết định"),
        f.Text("reason", "Thành tích", multiline=True),
    ]


def assessment_fields(page):
    return [
        f.Reference("area_id", "Địa bàn", "area", required=True),
        f.Integer("year", "Năm", required=True),
        f.Check("registered", "Đăng ký", hint="Đã đăng ký xây dựng “an toàn về ANTT” từ đầu năm"),
        f.Check("recognised", "Công nhận", hint="Được công nhận đạt “an toàn về ANTT”"),
        f.Choice("classification", "Xếp loại phong trào", vocabulary.choices("classification"), optional=True),
        f.Text("notes", "Ghi chú", multiline=True),
    ]


def make_page(context) -> QTabWidget:
    tabs = QTabWidget()
    tabs.addTab(ListPage(context, "reviews", reviews, review_fields, singular=tr("cuộc sơ kết, tổng kết")),
                tr("Sơ kết, tổng kết"))
    tabs.addTab(ListPage(context, "commendations", commendations, commendation_fields,
                         singular=tr("khen thưởng"), defaults=lambda: {"awarded_on": date.today().isoformat()}),
                tr("Khen thưởng"))
    tabs.addTab(ListPage(context, "assessments", area_assessments, assessment_fields,
                         singular=tr("kết quả đánh giá"), defaults=lambda: {"year": date.today().year}),
                tr("Đánh giá địa bàn"))
    return tabs
