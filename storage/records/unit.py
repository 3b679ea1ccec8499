"""The unit itself: a commune station or an aggregating superior, its identity and
the names its documents carry."""

from __future__ import annotations

from dataclasses import dataclass

from storage import vocabulary
from storage.errors import NotFoundError, ValidationError
from storage.records.repository import Record, Repository
from storage.records.validate import Checker

ROLES = ("station", "aggregator")
ROLE_LABELS = vocabulary.VOCABULARIES["unit_role"]  # station, aggregator


@dataclass(kw_only=True)
class Unit(Record):
    role: str
    station_name: str
    parent_body: str
    province_code: int | None = None
    province_name: str | None = None
    commune_code: int | None = None
    commune_name: str | None = None
    commune_type: str | None = None
    district_name: str | None = None
    superior_unit: str | None = None
    place_name: str | None = None
    address: str | None = None
    phone: str | None = None
    chief_name: str | None = None

class Units(Repository[Unit]):
    table = "unit"
    record = Unit
    label = "đơn vị"

    def clean(self, db, values, current):
        check = Checker(values)
        role = check.choice("role", "vai trò", ROLES)
        out = {"role": role}
        for field, label in (("province_name", "tên tỉnh"), ("commune_name", "tên xã/phường"),
                             ("commune_type", "loại đơn vị hành chính"), ("district_name", "tên huyện"),
                             ("superior_unit", "cấp trên"), ("place_name", "địa danh ghi ngày tháng"),
                             ("address", "địa chỉ"), ("chief_name", "họ tên Trưởng Công an")):
            out[field] = check.text(field, label, max_len=200)
        out["station_name"] = check.text("station_name", "tên đơn vị", required=True, max_len=200)
        out["parent_body"] = check.text("parent_body", "cơ quan cấp trên trực tiếp", required=True,
                                        max_len=200)
        out["province_code"] = check.integer("province_code", "mã tỉnh", minimum=1)
        out["commune_code"] = check.integer("commune_code", "mã xã", minimum=1)
        out["phone"] = check.phone("phone")
        check.done()
        return out

    def display_name(self, record):
        return record.station_name


units = Units()


def get_unit(db) -> Unit:
    found = units.list(db, limit=1)
    if not found:
        raise NotFoundError("Cơ sở dữ liệu chưa được khởi tạo đơn vị. Hãy chạy lệnh init hoặc "
                            "mở ứng dụng để thiết lập đơn vị.")
    return found[0]


def has_unit(db) -> bool:
    return units.count(db) > 0


def identity_from_official_list(province: str | int | None, commune: str | int | None,
                                role: str) -> dict:
    """Names derived from the official list: 'Công an xã Thanh Lâm' under 'Công an tỉnh
    Ninh Bình', place name 'Thanh Lâm'. An aggregator names the province's police."""
    from storage.reference import provinces  # the official list loads only when needed

    values: dict = {}
    province_info = provinces.find_province(str(province)) if province not in (None, "") else None
    commune_info = None
    if commune not in (None, ""):
        commune_info = provinces.find_commune(str(commune), province_info.code if province_info else None)
        province_info = province_info or provinces.province_by_code(commune_info.province_code)
        if province_info.code != commune_info.province_code:
            raise ValidationError(f"{commune_info.name} không thuộc {province_info.name}.", "commune_code")
    if province_info:
        values.update(province_code=province_info.code, province_name=province_info.name)
    if commune_info:
        values.update(commune_code=commune_info.code, commune_name=commune_info.name,
                      commune_type=commune_info.kind, place_name=commune_info.short_name,
                      station_name=commune_info.police_name, parent_body=province_info.police_name,
                      superior_unit=province_info.police_name)
    elif province_info and role == "aggregator":
        values.update(station_name=province_info.police_name, parent_body="Bộ Công an",
                      place_name=province_info.name.replace("Thành phố ", ""),
                      superior_unit="Bộ Công an")
    return values


def initialise(db, actor: str, *, role: str, province=None, commune=None, name=None, parent=None,
               superior=None, place_name=None, district=None, area_names: list[str] | None = None,
               area_kind: str | None = None) -> Unit:
    """Create the unit, the seeded lists and the given areas of a fresh database, in one
    transaction: a failure leaves the file empty."""
    if has_unit(db):
        raise ValidationError("Cơ sở dữ liệu này đã được khởi tạo đơn vị "
                              f"“{get_unit(db).station_name}”. Hãy dùng tệp khác.")
    if role not in ROLES:
        raise ValidationError("Vai trò phải là station (Công an xã) hoặc aggregator (cấp trên).", "role")
    values = identity_from_official_list(province, commune, role)
    if role == "station" and province not in (None, "") and commune in (None, "") and not name:
        raise ValidationError("Hãy chọn xã/phường (--commune) hoặc ghi tên đơn vị (--name).",
                              "commune_code")
    overrides = {"station_name": name, "parent_body": parent, "superior_unit": superior,
                 "place_name": place_name, "district_name": district}
    values.update({k: v for k, v in overrides.items() if v})
    values["role"] = role
    if role == "station":
        values.setdefault("superior_unit", values.get("parent_body"))
    with db.atomic():
        unit = units.create(db, actor, **values)
        # the editable lists, the pledge's text and the keys (cryptography) are loaded only
        # to set a unit up: opening the app reads the unit and nothing more
        from storage.records import lists, own_keys, pledges

        lists.seed(db, actor)
        pledges.seed_default_text(db, actor)
        own_keys.make_keys(db, actor, own_keys.purposes_for(role))
        if area_names:
            from storage.records.areas import areas

            kind = area_kind or ("Tổ dân phố" if values.get("commune_type") == "phường" else "Thôn")
            for area_name in area_names:
                if area_name.strip():
                    areas.create(db, actor, name=area_name, kind=kind)
    return unit
