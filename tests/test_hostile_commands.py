"""Hand-picked hostile command lines found by attacking the commands: each ends with exit 2,
one Vietnamese line, and leaves the files it was pointed at as they were."""

from __future__ import annotations

import os
import stat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


def test_a_10000_character_value_is_quoted_back_shortened(db_path, capsys):
    before = db_path.read_bytes()
    assert main.main(["print", "pledges", "--area", "z" * 10_000, "--out", str(db_path.parent / "o.pdf"),
                      "--db", str(db_path)]) == 2
    error = _one_line_error(capsys)
    assert len(error) < 400 and "…" in error
    assert db_path.read_bytes() == before
    assert not (db_path.parent / "o.pdf").exists()


@pytest.mark.parametrize(("argv", "hint"), [(["print", "logbook", "--period", "2026"], "python main.py print logbook -h"),
                                            (["account", "add", "-x"], "python main.py account add -h")])
def test_a_nested_command_names_its_whole_help(db_path, capsys, argv, hint):
    assert main.main([*argv, "--db", str(db_path)]) == 2
    assert hint in _one_line_error(capsys)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("argv", [["print-evaluation", "grading", "--year", "2026"], ["backup"], ["key"],
                                  ["export", "--period", "2026", "--unencrypted"]])
def test_a_special_file_as_out_is_refused_and_kept(db_path, tmp_path, capsys, argv):
    """Run as root, renaming the finished file over /dev/null replaced the device itself;
    a named pipe stands in for the device here."""
    pipe = tmp_path / "ong.pdf"
    os.mkfifo(pipe)
    main.main(["init", "--db", str(tmp_path / "tinh.db"), "--role", "aggregator", "--province", "Quảng Ninh"])
    capsys.readouterr()
    db = tmp_path / "tinh.db" if argv == ["key"] else db_path
    assert main.main([*argv, "--out", str(pipe), "--db", str(db)]) == 2
    err = capsys.readouterr().err.strip()  # export warns first that the package is not encrypted
    assert "Traceback" not in err and "không phải tệp thường" in err.splitlines()[-1]
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)


def test_residents_reason_drops_hidden_characters_and_stays_bounded():
    from storage.errors import ValidationError
    from storage.exchange.package import _reason

    assert _reason("Công an tỉnh yêu cầu\u202e rà soát\x01 theo\u200b công văn") == \
        "Công an tỉnh yêu cầu rà soát theo công văn"
    with pytest.raises(ValidationError):
        _reason("\u202e" * 20 + "abc")  # ten characters only when the hidden ones are counted
    assert len(_reason("x" * 100_000)) == 500


@pytest.mark.parametrize("period", ["", "   "])
def test_an_empty_required_period_is_refused_not_taken_for_this_year(db_path, tmp_path, capsys, period):
    before = db_path.read_bytes()
    out = tmp_path / "goi.byp"
    assert main.main(["export", "--period", period, "--unencrypted", "--out", str(out), "--db", str(db_path)]) == 2
    assert "chưa ghi kỳ" in _one_line_error(capsys)
    assert not out.exists() and db_path.read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("command", [["stats"], ["check"], ["init", "--role", "aggregator", "--province", "22"],
                                     ["backup", "--out", "sao.db"]])
def test_a_device_as_db_is_refused_before_sqlite_touches_it(tmp_path, capsys, command):
    """--db /dev/zero read as an empty database: SQLite wrote a schema and a WAL beside it,
    chmodded it and, run as root, left a regular file in the device's place. A named pipe
    stands in for the device."""
    pipe = tmp_path / "ong.db"
    os.mkfifo(pipe)
    argv = [part if part != "sao.db" else str(tmp_path / "sao.db") for part in command]
    assert main.main([*argv, "--db", str(pipe)]) == 2
    assert "không phải tệp dữ liệu" in _one_line_error(capsys)
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ong.db"]


@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(year=st.one_of(st.integers(-10**6, 10**6).map(str), st.text(max_size=40),
                      st.sampled_from(["２０２６", "2026.5", "٢٠٢٦", " 2026", "2026\n", "1e3", "-0"])))
def test_any_year_text_ends_in_one_line_or_an_answer(db_path, capsys, year):
    before = db_path.read_bytes()
    code = main.main(["calendar", "--year", year, "--json", "--db", str(db_path)])
    assert code in (0, 2)
    if code == 2:
        _one_line_error(capsys)
        assert db_path.read_bytes() == before
    capsys.readouterr()


@pytest.mark.parametrize("day", ["2026-02-30", "31/02/2026", "0000-01-01", "9999-12-31", "abc", "1999-12-31"])
@pytest.mark.parametrize("document", [["pledges", "--area", "Đông"], ["pledge-form"]])
def test_print_refuses_an_impossible_date_in_one_line(db_path, tmp_path, capsys, document, day):
    """print pledges --date abc ended in a ValueError traceback."""
    before = db_path.read_bytes()
    out = tmp_path / "cam-ket.pdf"
    assert main.main(["print", *document, "--date", day, "--out", str(out), "--db", str(db_path)]) == 2
    assert "--date" in _one_line_error(capsys)
    assert not out.exists() and db_path.read_bytes() == before


def test_documents_say_a_bad_date_in_vietnamese():
    from storage.documents.gather import _date
    from storage.errors import ValidationError

    with pytest.raises(ValidationError, match="không phải ngày"):
        _date("31/02/2026")


@settings(max_examples=200, deadline=None, database=None)
@given(start=st.dates(), end=st.dates())
def test_any_date_range_period_is_refused_or_computable(start, end):
    """export/print report --period 2026-01-01..9999-12-31 overflowed (end + 1 day) in a traceback."""
    from datetime import timedelta

    from storage.errors import ValidationError
    from storage.query.periods import parse_period

    try:
        period = parse_period(f"{start.isoformat()}..{end.isoformat()}")
    except ValidationError:
        return
    assert period.start <= period.end
    period.end + timedelta(days=400)  # the figures look past the end of the period


@pytest.mark.parametrize("period", ["0001-01-01..9999-12-31", "2026-01-01..9999-12-31"])
def test_export_refuses_a_period_ending_in_year_9999(db_path, tmp_path, capsys, period):
    before = db_path.read_bytes()
    out = tmp_path / "goi.byp"
    assert main.main(["export", "--period", period, "--unencrypted", "--out", str(out), "--db", str(db_path)]) == 2
    assert "không hợp lệ" in _one_line_error(capsys)
    assert not out.exists() and db_path.read_bytes() == before


@pytest.mark.parametrize("place", ["Xuân\u202e Hòa", "Xuân\x00Hòa", "Xuân\u2067Hòa"])
def test_init_refuses_a_place_that_would_print_backwards(tmp_path, capsys, place):
    target = tmp_path / "xa.db"
    assert main.main(["init", "--db", str(target), "--role", "station", "--province", "Phú Thọ",
                      "--commune", "Xuân Hòa", "--place", place]) == 2
    assert "ký tự ẩn" in _one_line_error(capsys)
    assert not target.exists()


def test_record_texts_keep_line_breaks_and_tabs():
    from storage.records.validate import Checker

    check = Checker({"note": "Dòng một\nDòng hai\tcột"})
    assert check.text("note", "ghi chú") == "Dòng một\nDòng hai cột"  # tabs become spaces (nfc)
    assert not check.errors


@pytest.mark.parametrize("argv", [["export", "--period", "2026", "--unencrypted"], ["backup"],
                                  ["print-evaluation", "grading", "--year", "2026"]])
@pytest.mark.parametrize("alias", ["same", "wal", "symlink"])
def test_out_onto_the_data_file_itself_is_refused(db_path, tmp_path, capsys, argv, alias):
    """export --out xa.db --db xa.db renamed the package over the station's data file."""
    before = db_path.read_bytes()
    out = {"same": db_path, "wal": tmp_path / f"{db_path.name}-wal", "symlink": tmp_path / "ban-sao.pdf"}[alias]
    if alias == "symlink":
        out.symlink_to(db_path)
    assert main.main([*argv, "--out", str(out), "--db", str(db_path)]) == 2
    assert "chính là tệp dữ liệu" in _one_line_error(capsys)
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("place", ["Xu\u202eân", "P" * 10_000])
def test_print_pledge_form_refuses_a_hostile_place(db_path, tmp_path, capsys, place):
    out = tmp_path / "mau.pdf"
    assert main.main(["print", "pledge-form", "--place", place, "--out", str(out), "--db", str(db_path)]) == 2
    assert "--place" in _one_line_error(capsys)
    assert not out.exists()


def test_stations_on_a_station_says_it_is_for_the_superior(db_path, capsys):
    """At a station every commune of the province read “CHƯA GỬI”, exit 0."""
    assert main.main(["stations", "--period", "2026", "--db", str(db_path)]) == 2
    assert "chỉ cấp trên" in _one_line_error(capsys)


def test_restore_refuses_a_backup_without_a_unit(db_path, tmp_path, capsys):
    """A backup whose unit row was deleted was restored: the station's file then said
    “chưa được khởi tạo đơn vị” to every command."""
    import sqlite3

    copy = tmp_path / "sao-luu.db"
    assert main.main(["backup", "--out", str(copy), "--db", str(db_path)]) == 0
    capsys.readouterr()
    conn = sqlite3.connect(copy)
    conn.execute("DELETE FROM unit")
    conn.commit()
    conn.close()
    assert main.main(["restore", str(copy), "--db", str(db_path)]) == 2
    assert "không có thông tin đơn vị" in _one_line_error(capsys)
    assert main.main(["stats", "--db", str(db_path)]) == 0


@pytest.mark.parametrize("name", ["ad\x00min", "ad\x1b[2Jmin", "ad\u202emin"])
def test_an_error_never_echoes_control_characters(db_path, capsys, name):
    assert main.main(["account", "disable", name, "--db", str(db_path)]) == 2
    error = _one_line_error(capsys)
    assert "\x00" not in error and "\x1b" not in error and "\u202e" not in error and "�" in error


@pytest.mark.parametrize("argv", [["export", "--period", "2026", "--unencrypted", "--out", "goi.byp"],
                                  ["print-evaluation", "grading", "--year", "2026", "--out", "xl.pdf"]])
def test_a_held_writer_lock_leaves_no_package_or_pdf(db_path, tmp_path, capsys, argv):
    """With the app writing the file elsewhere, export wrote the package (and print-evaluation
    the PDF), then exit 2 when its entry could not be kept: the next export reused the number."""
    import subprocess
    import sys
    from pathlib import Path

    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from cli.session import _open_as_writer_or_reader as o; o(Path(sys.argv[1])); "
         "print('held', flush=True); time.sleep(60)", str(db_path)],
        cwd=Path(main.__file__).parent, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        before = db_path.read_bytes()
        argv = [str(tmp_path / part) if part in ("goi.byp", "xl.pdf") else part for part in argv]
        assert main.main([*argv, "--db", str(db_path)]) == 2
        assert "chỉ đọc được" in capsys.readouterr().err.strip().splitlines()[-1]
        assert not (tmp_path / "goi.byp").exists() and not (tmp_path / "xl.pdf").exists()
        assert db_path.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()
