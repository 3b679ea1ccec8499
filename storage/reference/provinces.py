"""The official list of provinces and communes after the 2025 reform, through the
vietnam-provinces package, and the names derived from it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from vietnam_provinces import Province, Ward

from storage.errors import ValidationError
from storage.text import fold, lower_first


@dataclass(frozen=True)
class ProvinceInfo:
    code: int
    name: str            # "Quảng Ninh", "Thành phố Hà Nội"
    kind: str            # "tỉnh" or "thành phố trung ương"

    @property
    def police_name(self) -> str:
        """'Công an tỉnh Quảng Ninh', 'Công an thành phố Hà Nội'."""
        if self.name.lower().startswith("thành phố"):
            return "Công an " + lower_first(self.name)
        return f"Công an tỉnh {self.name}"


@dataclass(frozen=True)
class CommuneInfo:
    code: int
    name: str            # "Xã Thanh Lâm"
    kind: str            # "xã", "phường", "đặc khu"
    province_code: int

    @property
    def short_name(self) -> str:
        """'Thanh Lâm': the place name for date lines."""
        prefix = self.kind + " "
        return self.name[len(prefix):] if self.name.lower().startswith(prefix) else self.name

    @property
    def police_name(self) -> str:
        """'Công an xã Thanh Lâm'."""
        return "Công an " + lower_first(self.name)


@lru_cache(maxsize=1)
def provinces() -> list[ProvinceInfo]:
    return [ProvinceInfo(int(p.code), p.name, p.division_type.value) for p in Province.iter_all()]


@lru_cache(maxsize=1)
def communes() -> list[CommuneInfo]:
    return [CommuneInfo(int(w.code), w.name, w.division_type.value, int(w.province_code))
            for w in Ward.iter_all()]


def communes_of(province_code: int) -> list[CommuneInfo]:
    return [c for c in communes() if c.province_code == province_code]


def province_by_code(code: int) -> ProvinceInfo:
    for p in provinces():
        if p.code == int(code):
            return p
    raise ValidationError(f"Không có tỉnh/thành phố nào mang mã {code} trong danh mục sau sáp nhập "
                          "(34 tỉnh, thành phố). Hãy kiểm tra lại mã.", "province_code")


def commune_by_code(code: int) -> CommuneInfo:
    for c in communes():
        if c.code == int(code):
            return c
    raise ValidationError(f"Không có xã/phường/đặc khu nào mang mã {code} trong danh mục. "
                          "Hãy kiểm tra lại mã.", "commune_code")


def _matches(query: str, *names: str) -> bool:
    q = fold(query).strip()
    return any(fold(n) == q for n in names)


def find_province(text: str) -> ProvinceInfo:
    """A province by code or by name, with or without accents ('quang ninh')."""
    if str(text).strip().isdigit():
        return province_by_code(int(text))
    q = str(text).strip()
    for prefix in ("tỉnh ", "tinh "):
        if fold(q).startswith(fold(prefix)):
            q = q[len(prefix):]
    found = [p for p in provinces() if _matches(q, p.name, p.name.replace("Thành phố ", ""))]
    if len(found) != 1:
        raise ValidationError(f"Không tìm thấy tỉnh/thành phố “{text}” trong danh mục sau sáp nhập.",
                              "province_code")
    return found[0]


def find_commune(text: str, province_code: int | None = None) -> CommuneInfo:
    """A commune by code or name ('Thanh Lâm', 'xã Thanh Lâm'); the province narrows it."""
    if str(text).strip().isdigit():
        return commune_by_code(int(text))
    pool = communes_of(province_code) if province_code else communes()
    found = [c for c in pool if _matches(text, c.name, c.short_name)]
    if not found:
        raise ValidationError(f"Không tìm thấy xã/phường “{text}” trong danh mục"
                              + (" của tỉnh đã chọn." if province_code else "."), "commune_code")
    if len(found) > 1:
        names = ", ".join(f"{c.name} ({province_by_code(c.province_code).name}, mã {c.code})"
                          for c in found[:6])
        raise ValidationError(f"Có nhiều nơi tên “{text}”: {names}. Hãy ghi rõ tỉnh hoặc dùng mã.",
                              "commune_code")
    return found[0]
