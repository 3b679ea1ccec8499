"""Installing without internet (issue 15): the entry points, a program without a console,
the fonts shipped in the bundle, exact pins, the unit list's edition in every package, and
the Windows wheel set. The bundle itself is exercised by packaging/smoke_bundle.sh."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

import main

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))

import wheelhouse  # noqa: E402  (packaging/wheelhouse.py)


def project() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]


def test_both_entry_points_and_an_spdx_license():
    meta = project()
    assert meta["gui-scripts"] == {"binhyen": "main:main"}
    assert meta["scripts"] == {"binhyen-cli": "cli:main"}
    assert meta["license"] == "LicenseRef-Proprietary"
    runtime = " ".join(meta["dependencies"]).lower()
    assert "fonttools" not in runtime and "fontpkg" not in runtime  # build time only
    assert {"pyinstaller>=6.10", "fonttools>=4.50"} <= set(meta["optional-dependencies"]["build"])


def test_lock_pins_every_package_exactly_and_the_unit_list_as_pyproject_does():
    pins = {r.name.lower(): r for r in wheelhouse.locked()}
    assert all(len(r.specifier) == 1 and next(iter(r.specifier)).operator == "==" for r in pins.values())
    declared = [d for d in project()["dependencies"] if d.startswith("vietnam-provinces")]
    assert declared == [f"vietnam-provinces{pins['vietnam-provinces'].specifier}"]
    dev = {r.name.lower(): str(r.specifier) for r in wheelhouse.locked(ROOT / "packaging" / "requirements-dev.lock")}
    for name, requirement in pins.items():
        if requirement.marker is None:
            assert dev[name] == str(requirement.specifier), name  # one version everywhere


def test_target_markers_pick_pyside_per_python_and_windows_only_wheels():
    def pins(system, python):
        return dict(p.split("==") for p in wheelhouse.pins_for(wheelhouse.Target(system, python)))

    assert pins("windows", "3.11")["pyside6-essentials"].startswith("6.11")  # none_dealloc (pyproject)
    assert pins("windows", "3.11")["vietnam-provinces"] == pins("linux", "3.13")["vietnam-provinces"]
    assert "cffi" in pins("windows", "3.13")


def test_command_line_runs_without_a_console(tmp_path, monkeypatch):
    """binhyen.exe is windowed: no stdout, stderr or stdin. Commands still work, quietly."""
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    monkeypatch.setattr(sys, "stdin", None)
    path = tmp_path / "xa.db"
    assert main.main(["init", "--db", str(path), "--role", "station", "--province", "22",
                      "--commune", "Quảng Tân"]) == 0
    assert path.exists()
    assert main.main(["search", "--db", str(path), "khong co ai"]) == 0
    assert main.main(["search", "--db", str(path), "--user", "quantri", "ai"]) == 2


def test_user_without_password_and_without_terminal_says_so(tmp_path, monkeypatch, capsys):
    path = tmp_path / "xa.db"
    assert main.main(["init", "--db", str(path), "--role", "station", "--province", "22",
                      "--commune", "Quảng Tân"]) == 0
    capsys.readouterr()
    monkeypatch.delenv("BINHYEN_PASSWORD", raising=False)
    for stdin in (None, subprocess.DEVNULL):
        if stdin is None:
            monkeypatch.setattr(sys, "stdin", None)
            code = main.main(["search", "--db", str(path), "--user", "quantri", "an"])
            err = capsys.readouterr().err
        else:  # a real process whose input is not a terminal (a scheduled task)
            done = subprocess.run([sys.executable, str(ROOT / "main.py"), "search", "--db", str(path),
                                   "--user", "quantri", "an"], stdin=stdin, capture_output=True,
                                  text=True, encoding="utf-8", timeout=120,
                                  env={k: v for k, v in __import__("os").environ.items()
                                       if k != "BINHYEN_PASSWORD"})
            code, err = done.returncode, done.stderr
        assert code == 2
        assert err.strip().splitlines() == [
            "Thiếu mật khẩu: đặt biến môi trường BINHYEN_PASSWORD hoặc chạy trong cửa sổ lệnh."]


def _system_font_files():
    from printing import fonts

    found = fonts._system_fonts()
    if found is None:
        pytest.skip("no Times New Roman, Liberation Serif or Tinos here (make installs fonts-liberation2)")
    return found


def test_shipped_fonts_are_used_when_system_fonts_are_hidden(tmp_path, monkeypatch):
    from printing import fonts

    system = _system_font_files()
    shipped = tmp_path / "fonts"
    shipped.mkdir()
    for style, path in system.files.items():
        shutil.copyfile(path, shipped / f"{fonts.NAMES[style]}.ttf")
    monkeypatch.setenv("BINHYEN_FONTS_DIR", str(shipped))
    assert fonts.find_fonts(tmp_path / "cache").source == "hệ thống"
    monkeypatch.setenv("BINHYEN_NO_SYSTEM_FONTS", "1")
    found = fonts.find_fonts(tmp_path / "cache")
    assert (found.family, found.source) == ("Noto Serif", "kèm theo Bình Yên")
    assert found.files == {style: shipped / f"{fonts.NAMES[style]}.ttf" for style in fonts.STYLES}
    assert not (tmp_path / "cache").exists()  # nothing cut at run time


def test_without_fonttools_and_fonts_the_message_says_what_to_install(tmp_path, monkeypatch):
    from printing import fonts

    monkeypatch.setenv("BINHYEN_NO_SYSTEM_FONTS", "1")
    monkeypatch.delenv("BINHYEN_FONTS_DIR", raising=False)
    monkeypatch.setitem(sys.modules, "fontTools", None)  # an installed program has no fontTools
    with pytest.raises(fonts.FontError) as caught:
        fonts.find_fonts(tmp_path / "cache")
    assert "fonts-liberation2" in str(caught.value)


def test_has_vietnamese_reads_the_font_without_fonttools(monkeypatch):
    from printing import fonts

    system = _system_font_files()
    monkeypatch.setitem(sys.modules, "fontTools", None)
    assert fonts.has_vietnamese(system.files["regular"])
    assert not fonts.has_vietnamese(ROOT / "pyproject.toml")


def test_packages_carry_the_unit_list_edition_and_the_superior_is_warned(tmp_path, monkeypatch, capsys):
    from storage.exchange import package
    from storage.reference.unit_list import unit_list_version

    station, superior = tmp_path / "xa.db", tmp_path / "tinh.db"
    assert main.main(["init", "--db", str(superior), "--role", "aggregator", "--province", "22"]) == 0
    assert main.main(["init", "--db", str(station), "--role", "station", "--province", "22",
                      "--commune", "Quảng Tân"]) == 0
    same, other = tmp_path / "same.byx", tmp_path / "other.byx"
    assert main.main(["export", "--db", str(station), "--period", "2026-H1", "--out", str(same), "--unencrypted"]) == 0
    monkeypatch.setattr(package, "unit_list_version", lambda: "2026.9.0")
    assert main.main(["export", "--db", str(station), "--period", "2026-H1", "--full", "--out", str(other),
                      "--unencrypted"]) == 0
    capsys.readouterr()
    assert main.main(["import", "--db", str(superior), str(same), "--dry-run", "--trust-new"]) == 0
    assert "Cảnh báo" not in capsys.readouterr().out
    assert main.main(["import", "--db", str(superior), str(other), "--dry-run", "--trust-new"]) == 0
    out = capsys.readouterr().out
    assert (f"Cảnh báo: Danh mục đơn vị hành chính của xã phiên bản 2026.9.0, của cấp trên phiên bản "
            f"{unit_list_version()}") in out


def test_windows_wheel_set_resolves(tmp_path):
    """pip's resolver, told it installs on win_amd64 for Python 3.11, 3.12 and 3.13, finds
    a wheel for every locked package (metadata only: nothing is downloaded whole)."""
    for target in (t for t in wheelhouse.TARGETS if t.system == "windows"):
        done, report = wheelhouse.resolve(target, tmp_path)
        if done.returncode and any(sign in done.stderr for sign in (
                "NewConnectionError", "Network is unreachable", "Temporary failure in name resolution",
                "Max retries exceeded", "ConnectTimeout", "Could not fetch URL")):
            pytest.skip(f"package registry unreachable: {done.stderr.strip().splitlines()[-1]}")
        assert done.returncode == 0, done.stderr[-3000:]
        got = {canonicalize_name(item["metadata"]["name"]): item["metadata"]["version"]
               for item in report["install"]}
        wanted = {canonicalize_name(name): version
                  for name, version in (pin.split("==") for pin in wheelhouse.pins_for(target))}
        assert got == wanted, target
        assert all(item["download_info"]["url"].endswith(".whl") for item in report["install"])


def test_the_lock_covers_every_declared_dependency():
    """A dependency added to pyproject.toml without `make lock` fails here."""
    from packaging.requirements import Requirement

    meta = project()
    for lock, declared in ((ROOT / "packaging" / "requirements.lock", meta["dependencies"]),
                           (ROOT / "packaging" / "requirements-dev.lock",
                            [d for extra in meta["optional-dependencies"].values() for d in extra])):
        pins = {}
        for pin in wheelhouse.locked(lock):
            pins.setdefault(canonicalize_name(pin.name), []).append(next(iter(pin.specifier)).version)
        for line in declared:
            wanted = Requirement(line)
            name = canonicalize_name(wanted.name)
            assert name in pins, f"{wanted.name} is missing from {lock.name}: run make lock"
            assert any(wanted.specifier.contains(v) for v in pins[name]), (line, pins[name], lock.name)
