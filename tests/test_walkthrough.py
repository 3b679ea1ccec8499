"""Issue 11's walkthrough (tests/walkthrough_app.py) in a subprocess: under Xvfb at
1366×768 with Qt's xcb platform when Xvfb is installed (the Makefile's SYSTEM_PACKAGES
bring it), else offscreen with the reason logged. Screenshots go to
docs/screenshots/walkthrough/."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIMIT_S = 150
log = logging.getLogger(__name__)


def _free_display() -> int:
    for number in range(90, 140):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise RuntimeError("no free X display number")


def _xcb_missing() -> str:
    """Why Qt's xcb platform cannot start here ('' when it can)."""
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists():
        return "PySide6 has no xcb platform plugin"
    if shutil.which("ldd") is None:
        return ""
    found = subprocess.run(["ldd", str(plugin), str(plugin.parent.parent.parent / "lib" / "libQt6XcbQpa.so.6")],
                           capture_output=True, text=True).stdout
    missing = sorted({line.split()[0] for line in found.splitlines() if "not found" in line})
    return "missing " + ", ".join(missing) if missing else ""


@pytest.fixture
def display():
    """An X server at 1366×768 for the walkthrough's subprocess, or None (offscreen)."""
    reason = ""
    if not sys.platform.startswith("linux"):
        reason = "not Linux"
    elif shutil.which("Xvfb") is None:
        reason = "Xvfb is not installed (make system-libs installs it)"
    else:
        reason = _xcb_missing()
    if reason:
        log.warning("walkthrough offscreen: %s", reason)
        print(f"walkthrough offscreen: {reason}")
        yield None
        return
    number = _free_display()
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        started = True
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if server.poll() is not None or time.monotonic() > deadline:
                started = False
                break
            time.sleep(0.05)
        if not started:  # e.g. no /tmp/.X11-unix for a user without root: offscreen, said why
            server.kill()
            why = (server.stderr.read() or b"").decode(errors="replace").strip().splitlines()[-1:] or ["no reason"]
            log.warning("walkthrough offscreen: Xvfb :%s did not start (%s)", number, why[0])
            print(f"walkthrough offscreen: Xvfb :{number} did not start ({why[0]})")
            yield None
        else:
            yield f":{number}"
    finally:
        server.terminate()
        try:
            server.wait(5)
        except subprocess.TimeoutExpired:
            server.kill()


def test_walkthrough(display, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    if display:
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONFAULTHANDLER"] = "1"
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "faulthandler_timeout=140",
             "--basetemp", str(tmp_path / "walk"), str(ROOT / "tests" / "walkthrough_app.py")],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=LIMIT_S)
    except subprocess.TimeoutExpired as timeout:
        pytest.fail(f"the walkthrough took over {LIMIT_S} s:\n{timeout.stdout}\n{timeout.stderr}")
    elapsed = time.monotonic() - started
    assert done.returncode == 0, f"the walkthrough failed ({'Xvfb' if display else 'offscreen'}):\n" \
                                 f"{done.stdout[-12000:]}\n{done.stderr[-4000:]}"
    shots = sorted((ROOT / "docs" / "screenshots" / "walkthrough").glob("*.png"))
    assert len(shots) >= 20 and not any("FAILED" in s.name for s in shots)
    print(f"walkthrough: {len(shots)} screenshots in {elapsed:.0f} s ({'Xvfb' if display else 'offscreen'})")
