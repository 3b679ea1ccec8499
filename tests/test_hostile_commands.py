"""Hand-picked hostile command lines found by attacking the commands: each ends with exit 2,
one Vietnamese line, and leaves the files it was pointed at as they were."""

from __future__ import annotations

import pytest

import main


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    return err


@pytest.mark.parametrize("command", [["stats"], ["check"], ["account", "list"], ["evaluate", "--year", "2026"],
                                     ["calendar", "--year", "2026"], ["search", "an"]])
def test_zero_byte_data_file_is_refused_and_left_empty(tmp_path, capsys, command):
    empty = tmp_path / "rong.db"
    empty.write_bytes(b"")
    assert main.main([*command, "--db", str(empty)]) == 2
    assert "rỗng" in _one_line_error(capsys)
    assert empty.stat().st_size == 0  # SQLite would have written a schema into it


@pytest.mark.parametrize("full_name", ["a" * 10_000, "Nguy\u202eễn Văn A", "Nguyễn\x00Văn", "Nguyễn\u200bVăn", "   "])
def test_account_add_refuses_hostile_full_names(db_path, capsys, monkeypatch, full_name):
    monkeypatch.setenv("BINHYEN_NEW_PASSWORD", "Matkhau@12345")
    before = db_path.read_bytes()
    assert main.main(["account", "add", "canbo1", "--role", "officer", "--full-name", full_name,
                      "--db", str(db_path)]) == 2
    error = _one_line_error(capsys)
    assert "Họ và tên" in error or "họ và tên" in error
    assert len(error) < 300
    assert db_path.read_bytes() == before


def test_account_add_keeps_an_ordinary_full_name(db_path, capsys, monkeypatch):
    monkeypatch.setenv("BINHYEN_NEW_PASSWORD", "Matkhau@12345")
    assert main.main(["account", "add", "canbo1", "--role", "officer", "--full-name", "Nguyễn Văn Ánh",
                      "--db", str(db_path)]) == 0
