"""The one version of Bình Yên: written in pyproject.toml, read here at run time."""

from __future__ import annotations

from importlib import metadata


def _version() -> str:
    try:
        return metadata.version("binhyen")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        import re
        from pathlib import Path

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        found = re.search(r'^version\s*=\s*"([^"]+)"', pyproject.read_text(encoding="utf-8"), re.M)
        return found.group(1) if found else "0"


VERSION = _version()
