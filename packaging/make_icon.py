"""Draw the program's icon at build time with Pillow (no binary image in the repository):
a red shield with a yellow star, saved as binhyen.png (256 px) and a
multi-size binhyen.ico for Windows (the executables, the installer, the Start menu).

    python packaging/make_icon.py [FOLDER]      (default: build/icon)
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RED, YELLOW, DARK = (200, 16, 46, 255), (255, 205, 0, 255), (120, 8, 24, 255)


def draw(size: int = 256):
    from PIL import Image, ImageDraw

    scale = 4  # drawn large, then shrunk: smooth edges
    side = size * scale
    image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    margin, top = side * 0.08, side * 0.06
    shield = [(margin, top), (side - margin, top), (side - margin, side * 0.52),
              (side / 2, side - top), (margin, side * 0.52)]
    pen.polygon(shield, fill=DARK)
    inset = side * 0.035
    inner = [(margin + inset, top + inset), (side - margin - inset, top + inset),
             (side - margin - inset, side * 0.515), (side / 2, side - top - inset * 1.6),
             (margin + inset, side * 0.515)]
    pen.polygon(inner, fill=RED)
    cx, cy, outer_r = side / 2, side * 0.42, side * 0.26
    star = []
    for point in range(10):
        radius = outer_r if point % 2 == 0 else outer_r * 0.4
        angle = -math.pi / 2 + point * math.pi / 5
        star.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    pen.polygon(star, fill=YELLOW)
    return image.resize((size, size), Image.LANCZOS)


def make_icon(target: Path) -> dict[str, Path]:
    target.mkdir(parents=True, exist_ok=True)
    image = draw(256)
    png, ico = target / "binhyen.png", target / "binhyen.ico"
    image.save(png)
    image.save(ico, sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    return {"png": png, "ico": ico}


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "icon"
    for kind, path in make_icon(folder).items():
        print(f"{kind}: {path}")
