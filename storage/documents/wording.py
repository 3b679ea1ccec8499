"""What a station may change in its printed documents (Cài đặt → Mẫu in), kept in
settings: the standing wording of minutes, checked for unknown placeholders like the
pledge text, and the page margins, within the ranges of Nghị định 30/2020."""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from storage.errors import ValidationError
from storage.records import audit, settings
from storage.text import nfc

MINUTES_PLACEHOLDERS = {"gio_ket_thuc": "giờ kết thúc cuộc họp", "don_vi": "tên đơn vị"}
DEFAULT_MINUTES_CLOSING = ("Cuộc họp kết thúc hồi {gio_ket_thuc} cùng ngày. Biên bản đã được đọc lại cho "
                           "những người dự họp cùng nghe và nhất trí thông qua.")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def minutes_closing(db) -> str:
    return _unsaved().get("minutes_closing") or settings.get(db, "minutes_closing") or DEFAULT_MINUTES_CLOSING


def set_minutes_closing(db, actor: str, value: str) -> str:
    text = nfc(value) or ""
    if not text:
        raise ValidationError("Chưa nhập câu kết thúc biên bản.", "minutes_closing")
    unknown = sorted({n for n in _PLACEHOLDER.findall(text) if n not in MINUTES_PLACEHOLDERS})
    if unknown:
        raise ValidationError("Câu kết thúc biên bản có chỗ điền không hợp lệ: "
                              + ", ".join("{" + u + "}" for u in unknown) + ". Chỉ dùng: "
                              + ", ".join("{" + p + "}" for p in MINUTES_PLACEHOLDERS) + ".", "minutes_closing")
    with db.atomic():
        before = minutes_closing(db)
        settings.put(db, "minutes_closing", text)
        audit.append(db, actor, "update", "settings", "minutes_closing", {"value": before}, {"value": text})
    return text


def fill_minutes_closing(template: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


# ---- the fixed wording of the other documents ----------------------------------------------
# Placeholders a document's wording may use, and what each is filled with.
PLACEHOLDERS = {"don_vi": "tên đơn vị", "ngay": "ngày bằng chữ", "dia_diem": "địa điểm", "dia_ban": "thôn, tổ dân phố",
                "loai_to": "loại tổ", "chu_tich": "Chủ tịch Ủy ban nhân dân", "hinh_thuc": "hình thức khen thưởng",
                "doi_tuong": "tập thể, cá nhân được khen thưởng", "can_cu": "căn cứ luật theo loại tổ"}


@dataclass(frozen=True)
class Wording:
    label: str                   # what it is, in Cài đặt → Mẫu in
    document: str                # the document kind it prints in (storage.documents.gather.DOCUMENT_KINDS)
    default: str
    placeholders: tuple[str, ...]
    lines: bool = False          # one paragraph per line (the căn cứ of a decision)


TEXTS = {
    "invitation_opening": Wording("Giấy mời: câu mời", "invitation", "{don_vi} trân trọng kính mời:", ("don_vi",)),
    "invitation_closing": Wording("Giấy mời: câu kết", "invitation", "Rất mong được đón tiếp.", ("don_vi",)),
    "ceremony_opening": Wording(
        "Biên bản lễ ký cam kết: câu mở đầu", "ceremony",
        "Hồi …… giờ …… phút, {ngay}, tại {dia_diem}, {don_vi} phối hợp với {dia_ban} tổ chức lễ ký cam kết "
        "thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc.", ("ngay", "dia_diem", "don_vi", "dia_ban")),
    "ceremony_closing": Wording(
        "Biên bản lễ ký cam kết: câu kết thúc", "ceremony",
        "Buổi lễ kết thúc hồi …… giờ …… phút cùng ngày. Biên bản đã được đọc lại cho những người tham dự cùng "
        "nghe và nhất trí thông qua.", ("don_vi", "dia_ban")),
    "surrender_opening": Wording(
        "Biên bản giao nộp vũ khí: câu mở đầu", "surrender",
        "Hồi …… giờ …… phút, {ngay}, tại trụ sở {don_vi}, chúng tôi gồm:", ("ngay", "don_vi")),
    "surrender_closing": Wording(
        "Biên bản giao nộp vũ khí: câu kết thúc", "surrender",
        "Biên bản lập xong hồi …… giờ …… phút cùng ngày, đã đọc lại cho những người có tên trên cùng nghe, "
        "công nhận đúng và ký tên. Biên bản được lập thành 02 bản, bên giao giữ 01 bản, {don_vi} giữ 01 bản.",
        ("don_vi",)),
    "team_decision_bases": Wording(
        "Quyết định thành lập tổ: các căn cứ (mỗi dòng một căn cứ)", "team_decision",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n{can_cu}\n"
        "Theo đề nghị của Trưởng {don_vi}.", ("loai_to", "don_vi", "can_cu"), lines=True),
    "commendation_decision_bases": Wording(
        "Quyết định khen thưởng: các căn cứ (mỗi dòng một căn cứ)", "commendation_decision",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n"
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\nXét đề nghị của Trưởng {don_vi}.",
        ("don_vi",), lines=True),
    "reintegration_decision_bases": Wording(
        "Quyết định giúp đỡ người tái hòa nhập: các căn cứ (mỗi dòng một căn cứ)", "reintegration_decision",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\nCăn cứ Nghị định số "
        "49/2020/NĐ-CP ngày 17 tháng 4 năm 2020 của Chính phủ quy định chi tiết thi hành Luật Thi hành án hình "
        "sự về tái hòa nhập cộng đồng;\nXét đề nghị của Trưởng {don_vi}.", ("don_vi",), lines=True),
    "proposal_opening": Wording(
        "Tờ trình khen thưởng: câu đề nghị", "commendation_proposal",
        "{don_vi} đề nghị {chu_tich} xem xét, tặng {hinh_thuc} cho {doi_tuong}.",
        ("don_vi", "chu_tich", "hinh_thuc", "doi_tuong")),
    "proposal_closing": Wording(
        "Tờ trình khen thưởng: câu kết", "commendation_proposal",
        "{don_vi} kính trình {chu_tich} xem xét, quyết định./.", ("don_vi", "chu_tich")),
}
TEXT_MAX = 5000

# Wording typed in Cài đặt → Mẫu in and not yet saved, for the preview only (per thread).
_UNSAVED: ContextVar[dict[str, str] | None] = ContextVar("unsaved_wording", default=None)


def _unsaved() -> dict[str, str]:
    return _UNSAVED.get() or {}


@contextmanager
def unsaved(values: dict[str, str] | None):
    """Within the block, the documents read `values` (key → template, as typed) in place
    of the saved wording: the preview of Cài đặt → Mẫu in, which writes nothing."""
    token = _UNSAVED.set({k: nfc(v) or "" for k, v in (values or {}).items()})
    try:
        yield
    finally:
        _UNSAVED.reset(token)


def texts(db) -> dict[str, str]:
    """Every editable wording as saved (the default where none was)."""
    stored = settings.get(db, "document_wording") or {}
    return {key: stored.get(key) or item.default for key, item in TEXTS.items()}


def text_template(db, key: str) -> str:
    return _unsaved().get(key) or texts(db)[key]


def fill_text(db, key: str, **values: str) -> str:
    """The wording `key` with its placeholders filled (a document prints this)."""
    return fill_minutes_closing(text_template(db, key), values)


def wording_problem(key: str, value: str) -> str | None:
    """Why `value` cannot be the wording `key` (None when it can)."""
    item = TEXTS[key]
    if not value:
        return f"Chưa nhập {item.label[:1].lower() + item.label[1:]}."
    if len(value) > TEXT_MAX:
        return f"{item.label} dài quá {TEXT_MAX} ký tự, hãy viết ngắn lại."
    unknown = sorted({n for n in _PLACEHOLDER.findall(value) if n not in item.placeholders})
    if unknown:
        return (f"{item.label} có chỗ điền không hợp lệ: " + ", ".join("{" + u + "}" for u in unknown)
                + ". Chỉ dùng: " + ", ".join("{" + p + "}" for p in item.placeholders) + ".")
    return None


def set_texts(db, actor: str, values: dict[str, str]) -> dict[str, str]:
    """Save the wording of the documents; all or none, an unknown placeholder refused."""
    errors, clean = {}, {}
    for key, value in values.items():
        if key not in TEXTS:
            errors[key] = f"Không có lời văn “{key}” để sửa."
            continue
        text = (nfc(value) or "").strip()
        problem = wording_problem(key, text)
        if problem:
            errors[key] = problem
        clean[key] = text
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        before = texts(db)
        stored = {key: value for key, value in {**before, **clean}.items() if value != TEXTS[key].default}
        settings.put(db, "document_wording", stored)
        after = texts(db)
        if after != before:
            audit.append(db, actor, "update", "settings", "document_wording",
                         {"value": {k: v for k, v in before.items() if after[k] != v}},
                         {"value": {k: v for k, v in after.items() if before[k] != v}})
    return texts(db)


# (name, label, low, high, default) in millimetres.
MARGINS = (("top", "trên", 20, 25, 20), ("bottom", "dưới", 20, 25, 20), ("left", "trái", 30, 35, 30),
           ("right", "phải", 15, 20, 15))


def margins(db) -> tuple[float, float, float, float]:
    """(top, bottom, left, right) in millimetres."""
    stored = settings.get(db, "print_margins") or {}
    return tuple(float(stored.get(name, default)) for name, _label, _low, _high, default in MARGINS)


def set_margins(db, actor: str, **values) -> tuple[float, float, float, float]:
    errors = {}
    clean = {}
    for name, label, low, high, _default in MARGINS:
        try:
            value = float(str(values[name]).replace(",", "."))
        except (KeyError, ValueError):
            errors[name] = f"Lề {label} phải là một số milimét."
            continue
        if not low <= value <= high:
            errors[name] = f"Lề {label} phải từ {low} đến {high} mm theo Nghị định 30/2020 (đang là {value:g})."
        clean[name] = value
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        before = margins(db)
        settings.put(db, "print_margins", clean)
        audit.append(db, actor, "update", "settings", "print_margins", {"value": before}, {"value": clean})
    return margins(db)


# ---- who signs for the unit ---------------------------------------------------------------
# Documents the unit signs, and how: its head, or a deputy "ký thay" (KT.) the head.
SIGNED_DOCUMENTS = {"report": "Báo cáo kết quả phong trào", "roster": "Danh sách thành viên tổ"}
SIGNER_MODES = {"head": "Trưởng đơn vị ký", "deputy": "Cấp phó ký thay (KT.)"}


def unit_level(station) -> str:
    """xã, phường, đặc khu for a station; tỉnh or thành phố for the province's police."""
    if station.role == "aggregator":
        name = (station.station_name or "").lower()
        return "thành phố" if "thành phố" in name else "tỉnh"
    return station.commune_type or "xã"


def signer_titles(station, mode: str) -> list[str]:
    """The title lines above the signature (Nghị định 30/2020, Phụ lục I, mục 8)."""
    if station.role == "aggregator":
        return ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"] if mode == "deputy" else ["GIÁM ĐỐC"]
    level = unit_level(station).upper()
    return ["KT. TRƯỞNG CÔNG AN", "PHÓ TRƯỞNG CÔNG AN"] if mode == "deputy" else [f"TRƯỞNG CÔNG AN {level}"]


def signer_settings(db) -> dict[str, dict[str, str]]:
    """Per document kind: {"mode": head|deputy, "name": full name}."""
    stored = settings.get(db, "signers") or {}
    return {kind: {"mode": (stored.get(kind) or {}).get("mode", "head"),
                   "name": (stored.get(kind) or {}).get("name", "")} for kind in SIGNED_DOCUMENTS}


def signer(db, kind: str, station) -> tuple[list[str], str]:
    """(title lines, name) of who signs document `kind`; the head's name is the unit's
    chief unless another is set."""
    chosen = signer_settings(db).get(kind, {"mode": "head", "name": ""})
    name = chosen["name"] or (station.chief_name or "" if chosen["mode"] == "head" else "")
    return signer_titles(station, chosen["mode"]), name


def set_signers(db, actor: str, values: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Save who signs each document; refuses an unknown document or way of signing."""
    errors, clean = {}, {}
    for kind, value in values.items():
        if kind not in SIGNED_DOCUMENTS:
            errors[kind] = f"Không có văn bản “{kind}” để đặt người ký."
            continue
        mode = (value or {}).get("mode", "head")
        if mode not in SIGNER_MODES:
            errors[kind] = f"Cách ký “{mode}” không hợp lệ; chọn: " + ", ".join(SIGNER_MODES.values()) + "."
            continue
        name = nfc((value or {}).get("name")) or ""
        if len(name) > 120:
            errors[kind] = "Họ tên người ký dài quá 120 ký tự."
            continue
        clean[kind] = {"mode": mode, "name": name}
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        before = signer_settings(db)
        merged = {**before, **clean}
        settings.put(db, "signers", merged)
        audit.append(db, actor, "update", "settings", "signers", {"value": before}, {"value": merged})
    return signer_settings(db)


# ---- the period report's own words ---------------------------------------------------------
# The sections an officer writes (or corrects) before the report goes up; figures are
# filled into the first from the period's own.
REPORT_SECTIONS = {"results": "Kết quả đạt được", "shortcomings": "Hạn chế và nguyên nhân",
                   "directions": "Phương hướng, nhiệm vụ kỳ tới", "proposals": "Đề xuất, kiến nghị"}


def results_sentence(figures: dict, period_label: str, value_at, number) -> str:
    """The figures of the period in one paragraph: the first draft of 'Kết quả'."""
    get = lambda path: number(value_at(figures, path))  # noqa: E731
    pledged, households = value_at(figures, "households.pledged"), value_at(figures, "households.total")
    share = f" ({pledged * 100 / households:.1f}%)".replace(".", ",") if households else ""
    return (f"Trong {period_label}, trên địa bàn có {get('teams.total')} tổ, nhóm tự quản với "
            f"{get('teams.members')} thành viên; {get('households.pledged')}/{get('households.total')} hộ gia đình "
            f"ký cam kết{share}; tổ chức {get('patrols.total')} ca tuần tra với {get('patrols.person_turns')} "
            f"lượt người tham gia; tiếp nhận {get('mediation.received')} vụ việc hòa giải, hòa giải thành "
            f"{get('mediation.settled')} vụ; tiếp nhận {get('tips.received')} tin báo, tố giác, trong đó "
            f"{get('tips.valuable')} tin có giá trị.")


def report_narrative(db, period_code: str) -> dict[str, str]:
    """What the officer wrote for the period's report (empty when nothing yet)."""
    stored = settings.get(db, f"report_narrative:{period_code}") or {}
    return {key: stored.get(key, "") for key in REPORT_SECTIONS}


def set_report_narrative(db, actor: str, period_code: str, values: dict[str, str]) -> dict[str, str]:
    unknown = sorted(set(values) - set(REPORT_SECTIONS))
    if unknown:
        raise ValidationError("Báo cáo không có phần: " + ", ".join(unknown) + ".", "narrative")
    clean = {key: nfc(values.get(key)) or "" for key in REPORT_SECTIONS}
    too_long = [REPORT_SECTIONS[k] for k, v in clean.items() if len(v) > 20000]
    if too_long:
        raise ValidationError("Phần " + ", ".join(too_long) + " dài quá 20.000 ký tự, hãy viết ngắn lại.",
                              "narrative")
    with db.atomic():
        before = report_narrative(db, period_code)
        settings.put(db, f"report_narrative:{period_code}", clean)
        audit.append(db, actor, "update", "settings", f"report_narrative:{period_code}", {"value": before},
                     {"value": clean})
    return report_narrative(db, period_code)
