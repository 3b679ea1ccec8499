"""The offline way in for a PC that has Python: every wheel Bình Yên needs, at the exact
versions of packaging/requirements.lock, for Windows (win_amd64) and Linux (x86_64),
Python 3.11 to 3.13, in one folder with install scripts that never reach the network.

    python packaging/wheelhouse.py [FOLDER]          (default: dist/wheelhouse)
    python packaging/wheelhouse.py --check-windows   resolve the Windows set, download nothing

The lock is universal (markers for platform and Python); pip download --platform would
evaluate those markers for the machine it runs on, so each target's exact list is worked
out here (packaging.markers) and downloaded with --no-deps."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "packaging" / "requirements.lock"
PYTHONS = ("3.11", "3.12", "3.13")
LINUX_PLATFORMS = ("manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64",
                   "manylinux_2_34_x86_64", "linux_x86_64")


@dataclass(frozen=True)
class Target:
    system: str      # "windows" or "linux"
    python: str      # "3.12"

    @property
    def platforms(self) -> tuple[str, ...]:
        return ("win_amd64",) if self.system == "windows" else LINUX_PLATFORMS

    @property
    def environment(self) -> dict[str, str]:
        windows = self.system == "windows"
        return {"python_version": self.python, "python_full_version": f"{self.python}.0",
                "sys_platform": "win32" if windows else "linux",
                "platform_system": "Windows" if windows else "Linux",
                "os_name": "nt" if windows else "posix",
                "platform_machine": "AMD64" if windows else "x86_64",
                "implementation_name": "cpython", "platform_python_implementation": "CPython"}

    def pip_options(self) -> list[str]:
        options = ["--only-binary=:all:", "--no-deps", "--implementation", "cp",
                   "--python-version", self.python, "--abi", "cp" + self.python.replace(".", "")]
        for platform in self.platforms:
            options += ["--platform", platform]
        return options


TARGETS = [Target(system, python) for system in ("windows", "linux") for python in PYTHONS]


def locked(lock: Path = LOCK) -> list[Requirement]:
    found = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            found.append(Requirement(line))
    return found


def pins_for(target: Target, lock: Path = LOCK) -> list[str]:
    """name==version of every locked package the target installs (pip too: sqlite-utils
    needs it and the install scripts constrain it to the locked version)."""
    pins = []
    for requirement in locked(lock):
        if requirement.marker is not None and not requirement.marker.evaluate(target.environment):
            continue
        pins.append(f"{requirement.name}{requirement.specifier}")
    return pins


def _pip(*args: str, capture: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", *args], capture_output=capture, text=True)


def resolve(target: Target, workdir: Path) -> tuple[subprocess.CompletedProcess, dict | None]:
    """pip's own resolver, told it installs for `target`: every pinned wheel must exist
    there. Only metadata is fetched (--dry-run); returns pip's result and its report."""
    requirements = workdir / f"{target.system}-{target.python}.txt"
    requirements.write_text("\n".join(pins_for(target)) + "\n", encoding="utf-8")
    report = workdir / f"{target.system}-{target.python}.json"
    done = _pip("install", "--dry-run", "--ignore-installed", "--quiet", "--target", str(workdir / "t"),
                "--report", str(report), *target.pip_options(), "-r", str(requirements), capture=True)
    return done, (json.loads(report.read_text(encoding="utf-8")) if report.exists() else None)


INSTALL_BAT = r"""@echo off
rem Bình Yên from this folder, without Internet: needs Python 3.11, 3.12 or 3.13 (py launcher).
setlocal
set APP=%LOCALAPPDATA%\BinhYen\app
py -3 -m venv "%APP%" || goto :fail
"%APP%\Scripts\python.exe" -m pip install --no-index --find-links "%~dp0." -c "%~dp0requirements.lock" binhyen || goto :fail
echo.
echo Da cai Binh Yen. Mo ung dung: "%APP%\Scripts\binhyen.exe"
echo Dong lenh: "%APP%\Scripts\binhyen-cli.exe" --help
exit /b 0
:fail
echo Cai dat khong thanh cong.
exit /b 1
"""

INSTALL_SH = """#!/bin/sh
# Bình Yên from this folder, without Internet: needs Python 3.11, 3.12 or 3.13.
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
APP="${XDG_DATA_HOME:-$HOME/.local/share}/BinhYen/app"
PYTHON="${PYTHON:-python3}"
"$PYTHON" -m venv "$APP"
"$APP/bin/python" -m pip install --no-index --find-links "$HERE" -c "$HERE/requirements.lock" binhyen
mkdir -p "$HOME/.local/bin"
ln -sf "$APP/bin/binhyen" "$APP/bin/binhyen-cli" "$HOME/.local/bin/"
echo "Đã cài Bình Yên: binhyen (ứng dụng), binhyen-cli (dòng lệnh) trong $HOME/.local/bin"
"""


def build(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for target in TARGETS:
        print(f"== {target.system}, Python {target.python}", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            requirements = Path(tmp) / "requirements.txt"
            requirements.write_text("\n".join(pins_for(target)) + "\n", encoding="utf-8")
            if _pip("download", "--quiet", "--dest", str(folder), *target.pip_options(),
                    "-r", str(requirements)).returncode:
                raise SystemExit(f"Không tải được bộ wheel cho {target.system} Python {target.python}.")
    print("== binhyen", flush=True)
    if _pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(folder), str(ROOT)).returncode:
        raise SystemExit("Không dựng được wheel của Bình Yên.")
    shutil.copyfile(LOCK, folder / "requirements.lock")
    (folder / "install.bat").write_text(INSTALL_BAT.replace("\n", "\r\n"), encoding="utf-8")
    script = folder / "install.sh"
    script.write_text(INSTALL_SH, encoding="utf-8")
    script.chmod(0o755)
    wheels = sorted(folder.glob("*.whl"))
    size = sum(path.stat().st_size for path in wheels) / 1e6
    print(f"{len(wheels)} wheel, {size:.0f} MB trong {folder}")


def check_windows() -> int:
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for target in (t for t in TARGETS if t.system == "windows"):
            done, report = resolve(target, Path(tmp))
            got = len(report["install"]) if report else 0
            print(f"windows Python {target.python}: {'ok' if done.returncode == 0 else 'LỖI'} ({got} gói)")
            if done.returncode:
                print(done.stderr[-2000:])
                failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--check-windows"]:
        sys.exit(check_windows())
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist" / "wheelhouse")
