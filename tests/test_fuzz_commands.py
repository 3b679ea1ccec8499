"""Every command line, built from the parser itself (each command, sub-command, option
and choice) with hostile values: impossible dates, non-ASCII digits, 10^20, a folder
where a file is expected, devices, huge and binary files, control characters. Each run
ends with exit 0, 1 or 2, never a traceback; exit 2 is one Vietnamese line and leaves
the data file as it was. `make fuzz` runs many more (BINHYEN_FUZZ_EXAMPLES)."""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import main
from cli.parser import build_parser

EXAMPLES = int(os.environ.get("BINHYEN_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SKIP = {"demo"}  # builds a whole commune: tested on its own; hostile counts below
VALUES = ["31/02/2026", "2026-02-30", "2026-13", "2026-H3", "٢٠٢٦", "２０２６", "2026", "2026-Q1", "2026-05",
          "2026-01-15..2026-06-14", "100000000000000000000", "-1", "0", "1e9", "NaN", "", " ", "\x00", "\t",
          "Đông", "nguyễn văn an", "x" * 3000, "../../etc/passwd", "=1+1", "thon-dong", "1", "7090", "22",
          "Quảng Ninh", "admin", "viewer"]


def _commands(parser: argparse.ArgumentParser, prefix=()):
    """(argv prefix, sub-parser) for every command and sub-command."""
    for action in parser._actions:  # noqa: SLF001 (argparse keeps them there)
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for name, sub in action.choices.items():
                if not prefix and name in SKIP:
                    continue
                nested = list(_commands(sub, prefix + (name,)))
                yield from nested or [(prefix + (name,), sub)]


COMMANDS = list(_commands(build_parser()))


@pytest.fixture(scope="module")
def places(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz-cli")
    (folder / "thu-muc").mkdir()
    (folder / "rac.bin").write_bytes(os.urandom(3000))
    (folder / "rong.txt").write_bytes(b"")
    (folder / "lon.json").write_bytes(b"[" * 200_000)
    return folder


def _files(folder):
    return [str(folder / "thu-muc"), str(folder / "rac.bin"), str(folder / "rong.txt"), str(folder / "lon.json"),
            str(folder / "khong-co.pdf"), str(folder / "khong-co" / "x.xlsx"), "/dev/zero", "/dev/null",
            str(folder / "ra.pdf"), str(folder / "ra.xlsx"), str(folder / "ra.byx"), str(folder / "ra.pub")]


def _argv(draw, prefix, sub, folder) -> list[str]:
    files = _files(folder)
    values = st.sampled_from(VALUES + files) | st.text(max_size=12)
    argv = list(prefix)
    for action in sub._actions:  # noqa: SLF001
        if action.dest in ("help", "db", "user") or isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            continue
        if not action.required and action.option_strings and not draw(st.booleans()):
            continue
        if action.nargs == 0:
            argv.append(action.option_strings[0])
            continue
        value = draw(st.sampled_from(list(action.choices)) if action.choices and draw(st.booleans()) else values)
        argv += [action.option_strings[0], value] if action.option_strings else [value]
    if draw(st.integers(0, 9)) == 0:
        argv.insert(draw(st.integers(0, len(argv))), draw(values))  # a stray word
    return argv


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


@pytest.fixture
def memory_cap():
    """A runaway read (a device, a bomb) fails here instead of taking the machine down."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, hard))
    yield
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@FUZZ
@given(st.data())
def test_every_command_line(db_path, places, capsys, memory_cap, monkeypatch, data):
    monkeypatch.setenv("BINHYEN_NEW_PASSWORD", "mat-khau-dai-1")
    monkeypatch.setattr(sys, "stdin", None)  # nobody at the keyboard: never wait for input
    prefix, sub = data.draw(st.sampled_from(COMMANDS))
    argv = _argv(data.draw, prefix, sub, places)
    target = db_path if prefix[0] != "init" else places / "moi.db"
    argv = argv[:len(prefix)] + ["--db", str(target)] + argv[len(prefix):]
    before = _digest(db_path)
    try:
        code = main.main(argv)
    except SystemExit as exit_:  # --help, --version
        code = exit_.code
    out, err = capsys.readouterr()
    assert code in (0, 1, 2, None), argv
    assert "Traceback" not in err and "Error:" not in err, (argv, err)
    if code == 2:  # one sentence (after any warning printed before the work began)
        lines = err.strip().splitlines()
        assert lines and all(line.startswith("CẢNH BÁO") for line in lines[:-1]), (argv, err)
        assert _digest(db_path) == before, argv


@pytest.mark.parametrize("households", ["100000000000000000000", "0", "-5", "1e3", "3.5"])
def test_demo_refuses_hostile_counts(tmp_path, capsys, households):
    assert main.main(["demo", "--db", str(tmp_path / "d.db"), "--households", households]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not (tmp_path / "d.db").exists()


@pytest.mark.parametrize("argv", [
    ["excel-export", "--kind", "people", "--out", "\x00"],  # found by make fuzz
    ["stats", "--period", "31/02/2026"], ["search", "x", "--limit", "100000000000000000000"],
    ["receipt", "/dev/zero"], ["export", "--period", "2026", "--out", "."], ["backup", "--out", "/dev/null/x.db"],
])
def test_hostile_command_lines_found_before(db_path, capsys, memory_cap, argv):
    before = _digest(db_path)
    code = main.main(argv[:1] + ["--db", str(db_path)] + argv[1:])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code in (0, 2) and "Traceback" not in "\n".join(lines)
    if code == 2:
        assert lines and all(line.startswith("CẢNH BÁO") for line in lines[:-1])
        assert _digest(db_path) == before
