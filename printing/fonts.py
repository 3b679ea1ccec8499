"""One serif family for every document, registered once with ReportLab: Times New
Roman where the system has it (every Windows PC), else a metric-compatible one
(Liberation Serif, Tinos), else the static Noto Serif files shipped inside the bundle
(cut from the variable font at build time by packaging/make_fonts.py), else, running from
source with fontTools installed, the same files cut from the fontpkg-noto-serif package
once and cached. ReportLab's built-in Times-Roman has no Vietnamese letters and prints
black boxes without an error, so it is never used.

BINHYEN_NO_SYSTEM_FONTS=1 skips the system's fonts (to measure or test a PC without
Times/Liberation); BINHYEN_FONTS_DIR names a folder of shipped static fonts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont as ReportLabFont
from reportlab.pdfbase.ttfonts import TTFontFile

STYLES = ("regular", "bold", "italic", "bolditalic")
NAMES = {"regular": "BinhYenSerif", "bold": "BinhYenSerif-Bold", "italic": "BinhYenSerif-Italic",
         "bolditalic": "BinhYenSerif-BoldItalic"}
FAMILY = NAMES["regular"]
# Letters a font must have to print Vietnamese (a sample of the hardest ones).
VIETNAMESE_SAMPLE = "ĂÂĐÊÔƠƯăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"


class FontError(Exception):
    """No usable font: the message says what to install."""


@dataclass
class FontSet:
    family: str                 # what a person would call it: "Times New Roman"
    files: dict[str, Path]      # style → file
    source: str                 # "hệ thống", "kèm theo Bình Yên" or "gói fontpkg-noto-serif"

    def describe(self) -> str:
        lines = [f"Phông chữ PDF: {self.family} ({self.source})"]
        lines += [f"  {style}: {path}" for style, path in self.files.items()]
        return "\n".join(lines)


def _windows_fonts() -> list[tuple[str, dict[str, Path]]]:
    folder = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    return [("Times New Roman", {s: folder / f for s, f in zip(STYLES, ("times.ttf", "timesbd.ttf", "timesi.ttf",
                                                                          "timesbi.ttf"))})]


def _known_paths() -> list[tuple[str, dict[str, Path]]]:
    candidates = []
    for folder in ("/usr/share/fonts/truetype/msttcorefonts", "/usr/share/fonts/TTF",
                   "/System/Library/Fonts/Supplemental", "/Library/Fonts"):
        base = Path(folder)
        candidates.append(("Times New Roman", {s: base / f for s, f in zip(STYLES, (
            "Times_New_Roman.ttf", "Times_New_Roman_Bold.ttf", "Times_New_Roman_Italic.ttf",
            "Times_New_Roman_Bold_Italic.ttf"))}))
        candidates.append(("Times New Roman", {s: base / f for s, f in zip(STYLES, (
            "Times New Roman.ttf", "Times New Roman Bold.ttf", "Times New Roman Italic.ttf",
            "Times New Roman Bold Italic.ttf"))}))
    for folder in ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation",
                   "/usr/share/fonts/liberation-serif", "/usr/share/fonts/TTF"):
        base = Path(folder)
        candidates.append(("Liberation Serif", {s: base / f"LiberationSerif-{n}.ttf" for s, n in zip(
            STYLES, ("Regular", "Bold", "Italic", "BoldItalic"))}))
    for folder in ("/usr/share/fonts/truetype/croscore", "/usr/share/fonts/google-croscore"):
        base = Path(folder)
        candidates.append(("Tinos", {s: base / f"Tinos-{n}.ttf" for s, n in zip(
            STYLES, ("Regular", "Bold", "Italic", "BoldItalic"))}))
    return candidates


def _fontconfig() -> list[tuple[str, dict[str, Path]]]:
    """Ask fontconfig, and keep the answer only when it is the family asked for."""
    if not shutil.which("fc-match"):
        return []
    found = []
    for family in ("Times New Roman", "Liberation Serif", "Tinos"):
        files = {}
        for style, pattern in zip(STYLES, ("", ":bold", ":italic", ":bold:italic")):
            try:
                answer = subprocess.run(["fc-match", "-f", "%{family}|%{file}", f"{family}{pattern}"],
                                        capture_output=True, text=True, timeout=5).stdout
            except (OSError, subprocess.SubprocessError):
                return found
            got_family, _, path = answer.partition("|")
            if family.lower() in got_family.lower() and path:
                files[style] = Path(path)
        if len(files) == 4:
            found.append((family, files))
    return found


def has_vietnamese(path: Path) -> bool:
    try:
        cmap = TTFontFile(str(path)).charToGlyph
    except Exception:  # unreadable or not a font
        return False
    return all(ord(char) in cmap for char in VIETNAMESE_SAMPLE)


def system_fonts_hidden() -> bool:
    return os.environ.get("BINHYEN_NO_SYSTEM_FONTS", "").strip() not in ("", "0")


def shipped_dir() -> Path | None:
    """The folder of static fonts that comes with the program: BINHYEN_FONTS_DIR, else
    fonts/ inside a PyInstaller bundle; None running from source."""
    explicit = os.environ.get("BINHYEN_FONTS_DIR")
    if explicit:
        return Path(explicit)
    if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
        return Path(sys._MEIPASS) / "fonts"
    return None


def _shipped_fonts() -> FontSet | None:
    folder = shipped_dir()
    if folder is None:
        return None
    files = {style: folder / f"{NAMES[style]}.ttf" for style in STYLES}
    if all(path.is_file() for path in files.values()):
        return FontSet("Noto Serif", files, "kèm theo Bình Yên")
    return None


def _system_fonts() -> FontSet | None:
    candidates = (_windows_fonts() if sys.platform == "win32" else []) + _known_paths() + _fontconfig()
    for family, files in candidates:
        if all(path.is_file() for path in files.values()) and has_vietnamese(files["regular"]):
            return FontSet(family, files, "hệ thống")
    return None


def _noto_fonts(cache_dir: Path) -> FontSet:
    """Static instances of Noto Serif, cut from the variable font once and cached."""
    return FontSet("Noto Serif", cut_noto_serif(cache_dir), "gói fontpkg-noto-serif")


def cut_noto_serif(target_dir: Path) -> dict[str, Path]:
    """Cut static regular, bold, italic and bold-italic files out of the variable Noto
    Serif into target_dir (files already there are kept); style → file. Needs fontTools
    and fontpkg-noto-serif: the bundle build has them, an installed program does not."""
    try:
        import fontpkg_noto_serif
        from fontTools.ttLib import TTFont
        from fontTools.varLib import instancer
    except ImportError as error:
        raise FontError("Không tìm thấy phông chữ có chữ Việt (Times New Roman, Liberation Serif, "
                        "Tinos, hay Noto Serif kèm theo Bình Yên). Trên Linux hãy cài gói "
                        "fonts-liberation2; chạy từ mã nguồn thì cài thêm: pip install "
                        "fonttools fontpkg-noto-serif.") from error

    source = Path(fontpkg_noto_serif.__file__).parent / "files"
    upright = next(source.glob("NotoSerif[[]*.ttf"))
    italic = next(source.glob("NotoSerif-Italic*.ttf"))
    target_dir.mkdir(parents=True, exist_ok=True)
    files = {}
    for style, variable, weight in (("regular", upright, 400), ("bold", upright, 700),
                                    ("italic", italic, 400), ("bolditalic", italic, 700)):
        target = target_dir / f"{NAMES[style]}.ttf"
        if not target.exists():
            font = instancer.instantiateVariableFont(TTFont(str(variable)), {"wght": weight, "wdth": 100})
            # Distinct names per style, or viewers merge bold into regular.
            subfamily = {"regular": "Regular", "bold": "Bold", "italic": "Italic",
                         "bolditalic": "Bold Italic"}[style]
            names = font["name"]
            names.setName("Binh Yen Noto Serif", 1, 3, 1, 0x409)
            names.setName(subfamily, 2, 3, 1, 0x409)
            names.setName(f"Binh Yen Noto Serif {subfamily}", 4, 3, 1, 0x409)
            names.setName(NAMES[style], 6, 3, 1, 0x409)
            temporary = target.with_suffix(".tmp")
            font.save(str(temporary))
            os.replace(temporary, target)
        files[style] = target
    return files


_registered: FontSet | None = None


def find_fonts(cache_dir: Path, *, allow_system: bool = True) -> FontSet:
    allow_system = allow_system and not system_fonts_hidden()
    return (_system_fonts() if allow_system else None) or _shipped_fonts() or _noto_fonts(cache_dir)


def default_cache_dir() -> Path:
    """Where fonts cut from the Noto package are kept: the user's cache folder (a cache,
    not data: printing/ takes nothing from storage/), or BINHYEN_DATA_DIR/fonts."""
    override = os.environ.get("BINHYEN_DATA_DIR")
    if override:
        return Path(override) / "fonts"
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "BinhYen" / "fonts"


def register(cache_dir: Path | None = None, *, allow_system: bool = True) -> FontSet:
    """Register the family with ReportLab once per process; returns what is in use."""
    global _registered
    if _registered is None:
        fonts = find_fonts(cache_dir or default_cache_dir(), allow_system=allow_system)
        for style, path in fonts.files.items():
            pdfmetrics.registerFont(ReportLabFont(NAMES[style], str(path)))
        addMapping(FAMILY, 0, 0, NAMES["regular"])
        addMapping(FAMILY, 1, 0, NAMES["bold"])
        addMapping(FAMILY, 0, 1, NAMES["italic"])
        addMapping(FAMILY, 1, 1, NAMES["bolditalic"])
        _registered = fonts
    return _registered
