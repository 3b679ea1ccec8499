"""Where the station's data lives: the per-user data folder, overridable with --db."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_FOLDER = "BinhYen"
TEMP_PREFIX = ".binhyen-tmp-"  # temporary files: storage/db/files.py removes what a crash left


def temporary_path(folder: Path, name: str) -> Path:
    """A temporary file's path in `folder` (the data folder, never /tmp) that the next
    start recognises and removes if a crash left it."""
    return Path(folder) / f"{TEMP_PREFIX}{name}.{os.getpid()}"


def data_dir() -> Path:
    """AppData\\Roaming\\BinhYen on Windows, ~/.local/share/BinhYen on Linux,
    ~/Library/Application Support/BinhYen on macOS; BINHYEN_DATA_DIR overrides."""
    override = os.environ.get("BINHYEN_DATA_DIR")
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / APP_FOLDER
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / APP_FOLDER
    else:
        xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        base = Path(xdg) / APP_FOLDER
    return base


def ensure_private_dir(path: Path) -> Path:
    """Create a folder readable by its owner only (0700 on POSIX). A folder that exists
    is left as it is (a folder a person named is never chmodded), except the app's own
    data folder and the folders inside it."""
    path = Path(path)
    created = not path.exists()
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix" and (created or _inside_data_dir(path)):
        os.chmod(path, 0o700)
    return path


def _inside_data_dir(path: Path) -> bool:
    try:
        return path.resolve().is_relative_to(data_dir().resolve())
    except OSError:
        return False


def default_db_path() -> Path:
    return data_dir() / "binhyen.db"


