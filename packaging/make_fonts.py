"""Cut the static Noto Serif files the bundle ships (regular, bold, italic, bold italic)
out of the variable font of fontpkg-noto-serif, with fontTools' instancer, at build time:
the installed program never cuts a font, so its first print is as fast as any other.

    python packaging/make_fonts.py [FOLDER]      (default: build/fonts)
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_fonts(target: Path) -> dict[str, Path]:
    sys.path.insert(0, str(ROOT))
    from printing.fonts import cut_noto_serif, has_vietnamese

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # PyInstaller logs INFO

    files = cut_noto_serif(target)
    for style, path in files.items():
        if not has_vietnamese(path):
            raise SystemExit(f"{path}: thiếu chữ Việt ({style})")
    return files


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "fonts"
    for style, path in make_fonts(folder).items():
        print(f"{style}: {path} ({path.stat().st_size // 1024} KB)")
