"""Which edition of the official list of provinces and communes this program carries (the
vietnam-provinces package, pinned exactly in pyproject.toml). Editions renumber communes,
so every exchange package records it and the superior is warned when a station's differs."""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata


@lru_cache(maxsize=1)
def unit_list_version() -> str:
    try:
        return metadata.version("vietnam-provinces")
    except metadata.PackageNotFoundError:  # a bundle built without the package's metadata
        return "không rõ"


def mismatch_warning(theirs: str | None, ours: str | None = None) -> str | None:
    """The Vietnamese warning for the import report when a station's list differs, else None."""
    ours = ours or unit_list_version()
    if theirs == ours:
        return None
    told = f"phiên bản {theirs}" if theirs else "không ghi phiên bản (Bình Yên cũ)"
    return (f"Danh mục đơn vị hành chính của xã {told}, của cấp trên phiên bản {ours}: mã xã có thể "
            "không khớp. Hãy để xã và cấp trên cài cùng một bản Bình Yên.")
