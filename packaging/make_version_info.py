"""The Windows version resource of binhyen.exe and binhyen-cli.exe (Properties → Details),
written at build time from the version in pyproject.toml, in the text form PyInstaller's
EXE(version=…) reads.

    python packaging/make_version_info.py [FILE]      (default: build/version_info.txt)
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def project_version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def numeric(version: str) -> tuple[int, int, int, int]:
    parts = []
    for piece in version.split(".")[:4]:
        digits = "".join(ch for ch in piece if ch.isdigit()) or "0"
        parts.append(int(digits))
    return tuple((parts + [0, 0, 0, 0])[:4])


def version_info_text(version: str) -> str:
    four = numeric(version)
    dotted = ".".join(map(str, four))
    strings = {
        "CompanyName": "Bình Yên",
        "FileDescription": "Bình Yên - sổ sách phong trào toàn dân bảo vệ an ninh Tổ quốc",
        "FileVersion": dotted,
        "InternalName": "binhyen",
        "LegalCopyright": "Bình Yên",
        "OriginalFilename": "binhyen.exe",
        "ProductName": "Bình Yên",
        "ProductVersion": version,
    }
    entries = ",\n          ".join(f"StringStruct({key!r}, {value!r})" for key, value in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={four}, prodvers={four}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('042a04b0', [
          {entries}])]),
    VarFileInfo([VarStruct('Translation', [0x042a, 1200])])
  ]
)
"""


def make_version_info(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(version_info_text(project_version()), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(make_version_info(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "version_info.txt"))
