"""Files the app writes never replace another silently: a suggested name carries what
is inside (the area, the case, the period) and the date, and is never one that already
exists; a name the person types over an existing file is confirmed first."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from storage.text import fold
from ui.i18n import ask, tr

_NOT_NAME = re.compile(r"[^a-z0-9]+")


def slug(text: str | None, limit: int = 60) -> str:
    """'Thôn Đông Hòa' → 'thon-dong-hoa': plain letters that every file system and USB
    stick keeps."""
    return _NOT_NAME.sub("-", fold(text or "")).strip("-")[:limit].strip("-")


def unused(path: Path) -> Path:
    """`path`, or the first of name-2, name-3 … that does not exist yet."""
    path = Path(path)
    if not path.exists():
        return path
    number = 2
    while True:
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        if not candidate.exists():
            return candidate
        number += 1


def suggested(folder: Path, what: str, subject: str | None = None, *, day: date | None = None,
              suffix: str = ".pdf") -> Path:
    """'ban-cam-ket-thon-dong-2026-07-05.pdf' in `folder`, never an existing file."""
    parts = [slug(what), slug(subject), (day or date.today()).isoformat()]
    return unused(Path(folder) / ("-".join(p for p in parts if p) + suffix))


def may_write(parent, path: Path) -> bool:
    """True when `path` is free, or the person agrees to replace the file there."""
    path = Path(path)
    if not path.exists():
        return True
    return ask(parent, tr("Tệp đã có"),
               tr("Tệp “{0}” đã có trong thư mục {1}.\nThay tệp đó bằng tệp mới?").format(path.name, path.parent))
