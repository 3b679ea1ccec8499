"""Printing as prepare → render → finish (operations/documents.py): a cancelled or failed
print leaves the database byte-for-byte as it was and no file, the number is taken only
with a complete file, and an account that may only read cannot take numbers."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from operations.base import OFFICER, VIEWER, Actor, PermissionDenied
from operations.documents import Printed, print_document, report
from storage.db.connection import open_database
from storage.errors import StorageError
from storage.query.periods import parse_period
from storage.records.areas import areas
from storage.records.households import households
from storage.records.people import people
from storage.records.reviews import reviews
from storage.records.teams import teams
from tests.conftest import ACTOR

OFFICER_ACTOR = Actor("Cán bộ Lâm", OFFICER)
VIEWER_ACTOR = Actor("Người xem", VIEWER)


@pytest.fixture
def station(db_path):
    """A file database with an area of three households, a review and a team."""
    db = open_database(db_path)
    east = areas.create(db, ACTOR, name="Đông", kind="Thôn")
    for name in ("Nguyễn Thị Hương", "Trần Văn Đức", "Lê Văn Ánh"):
        head = people.create(db, ACTOR, full_name=name, area_id=east.id, birth_year=1970)
        households.create(db, ACTOR, head_id=head.id, area_id=east.id)
    review = reviews.create(db, ACTOR, kind="sơ kết", period_start="2026-01-01", period_end="2026-06-30",
                            started_at="2026-07-05 08:00", ended_at="2026-07-05 10:30", place="Hội trường")
    team = teams.create(db, ACTOR, name="Tổ bảo vệ ANTT thôn Đông", kind="Tổ bảo vệ an ninh, trật tự",
                        launched_on="2024-07-01", area_ids=[east.id])
    db.close()
    return {"path": db_path, "area": east.id, "review": review.id, "team": team.id}


def fingerprint(path: Path) -> tuple[str, str]:
    """The file's hash (after a checkpoint folds the WAL in) and a full SQL dump."""
    db = open_database(path)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    dump = "\n".join(db.conn.iterdump())
    db.close()
    return hashlib.sha256(path.read_bytes()).hexdigest(), dump


def leftovers(folder: Path) -> list[str]:
    """PDFs and temporary files (of any naming) left in `folder`."""
    return sorted(p.name for p in folder.iterdir()
                  if p.suffix in (".pdf", ".tmp") or p.name.startswith((".binhyen-tmp-", ".")) and "pdf" in p.name)


@pytest.mark.parametrize("kind, option", [("pledges", "area"), ("minutes", "review")])
def test_a_cancelled_print_leaves_the_database_byte_for_byte_and_no_file(station, tmp_path, kind, option):
    out = tmp_path / "out"
    out.mkdir()
    before = fingerprint(station["path"])
    db = open_database(station["path"])
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 1  # cancelled while rendering, after it began

    options = {"area_id": station["area"]} if option == "area" else {"review_id": station["review"]}
    result = print_document(db, OFFICER_ACTOR, kind, out / "x.pdf", cancelled=cancelled, **options)
    db.close()
    assert result.value is None and not result.changes
    assert calls  # the cancel was asked for
    assert fingerprint(station["path"]) == before
    assert leftovers(out) == []


def test_a_print_failing_while_rendering_changes_nothing(station, tmp_path, monkeypatch):
    import printing.render

    before = fingerprint(station["path"])

    def broken(*args, **kwargs):
        raise RuntimeError("máy in hỏng")

    monkeypatch.setattr(printing.render, "render", broken)
    db = open_database(station["path"])
    with pytest.raises(RuntimeError):
        print_document(db, OFFICER_ACTOR, "pledges", tmp_path / "x.pdf", area_id=station["area"])
    db.close()
    assert fingerprint(station["path"]) == before
    assert leftovers(tmp_path) == []


def test_a_print_failing_at_the_last_step_rolls_back_its_number_and_statuses(station, tmp_path, monkeypatch):
    """The file cannot take its place (the rename fails, as when another program holds
    the file open on Windows): the number, the pledges and the audit entry written in
    finish are rolled back, the temporary file removed."""
    import os

    from operations import documents

    def refuse(_source, _target):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(documents.os, "replace", refuse)
    before = fingerprint(station["path"])
    db = open_database(station["path"])
    for kind, options in (("pledges", {"area_id": station["area"]}), ("minutes", {"review_id": station["review"]})):
        with pytest.raises(StorageError, match="Không ghi được tệp"):
            print_document(db, OFFICER_ACTOR, kind, tmp_path / "x.pdf", **options)
    db.close()
    monkeypatch.setattr(documents.os, "replace", os.replace)
    assert fingerprint(station["path"]) == before
    assert leftovers(tmp_path) == []


def test_a_folder_in_the_files_place_is_refused_before_anything_is_written(station, tmp_path):
    (tmp_path / "x.pdf").mkdir()
    before = fingerprint(station["path"])
    db = open_database(station["path"])
    with pytest.raises(StorageError, match="đó là một thư mục"):
        print_document(db, OFFICER_ACTOR, "minutes", tmp_path / "x.pdf", review_id=station["review"])
    db.close()
    assert fingerprint(station["path"]) == before
    assert leftovers(tmp_path) == ["x.pdf"] and (tmp_path / "x.pdf").is_dir()


def test_a_complete_print_takes_the_number_marks_pledges_and_audits(station, tmp_path):
    db = open_database(station["path"])
    result = print_document(db, OFFICER_ACTOR, "minutes", tmp_path / "bb.pdf", review_id=station["review"])
    assert isinstance(result.value, Printed) and result.value.path == tmp_path / "bb.pdf"
    assert "Số: 01/BB-CAX" in PdfReader(str(tmp_path / "bb.pdf")).pages[0].extract_text()
    assert db.conn.execute("SELECT kind, year, last_number FROM document_numbers").fetchall() == [
        ("minutes", 2026, 1)]
    pledged = print_document(db, OFFICER_ACTOR, "pledges", tmp_path / "ck.pdf", area_id=station["area"])
    assert pledged.value.pages == 4
    assert "pledges" in pledged.changes.tables and len(pledged.changes.ids["pledges"]) == 3
    assert [r[0] for r in db.conn.execute("SELECT status FROM pledges ORDER BY id")] == ["printed"] * 3
    audit = db.conn.execute("SELECT actor, action, table_name FROM audit_log WHERE action = 'print' "
                            "ORDER BY id").fetchall()
    assert audit == [("Cán bộ Lâm", "print", "minutes"), ("Cán bộ Lâm", "print", "pledges")]
    assert leftovers(tmp_path) == ["bb.pdf", "ck.pdf"]
    db.close()


def test_a_number_taken_by_another_print_meanwhile_refuses_the_file(station, tmp_path, monkeypatch):
    """Two prints prepared with the same coming number: the second to finish is refused
    rather than carrying a number given twice."""
    import printing.render
    from storage.documents import gather as printouts

    db = open_database(station["path"])
    other = reviews.create(db, ACTOR, kind="họp", period_start="2026-01-01", period_end="2026-03-31")
    real = printing.render.render

    def meanwhile(data, *args, **kwargs):
        job = printouts.gather(db, "người khác", "minutes", review_id=other.id)
        printouts.finish(db, "người khác", job)
        return real(data, *args, **kwargs)

    monkeypatch.setattr(printing.render, "render", meanwhile)
    with pytest.raises(StorageError, match="Số văn bản 01 đã được cấp cho văn bản khác"):
        print_document(db, OFFICER_ACTOR, "minutes", tmp_path / "bb.pdf", review_id=station["review"])
    assert leftovers(tmp_path) == []
    assert db.conn.execute("SELECT record_key FROM document_issues").fetchall() == [
        (reviews.get(db, other.id).uuid,)]
    db.close()


def test_a_viewer_takes_no_number_but_may_print_what_takes_none(station, tmp_path):
    before = fingerprint(station["path"])
    db = open_database(station["path"])
    period = parse_period("2026")
    for kind, options in (("minutes", {"review_id": station["review"]}), ("pledges", {"area_id": station["area"]}),
                          ("report", {"period": period})):
        with pytest.raises(PermissionDenied, match="Tài khoản chỉ xem không được làm việc này"):
            print_document(db, VIEWER_ACTOR, kind, tmp_path / "x.pdf", **options)
    with pytest.raises(PermissionDenied):
        report(db, VIEWER_ACTOR, period, tmp_path / "bc.pdf")
    db.close()
    assert fingerprint(station["path"]) == before
    db = open_database(station["path"])
    roster = print_document(db, VIEWER_ACTOR, "roster", tmp_path / "ds.pdf", team_id=station["team"])
    assert "DANH SÁCH THÀNH VIÊN TỔ" in PdfReader(str(roster.value.path)).pages[0].extract_text()
    sheet = report(db, VIEWER_ACTOR, period, tmp_path / "so-lieu.xlsx")
    assert sheet.value.path.stat().st_size > 0 and "document_numbers" not in sheet.changes.tables
    assert db.conn.execute("SELECT count(*) FROM document_numbers").fetchone()[0] == 0
    db.close()


def test_report_pdf_takes_its_number_once(station, tmp_path):
    db = open_database(station["path"])
    period = parse_period("2026")
    for name in ("a.pdf", "b.pdf"):
        report(db, OFFICER_ACTOR, period, tmp_path / name)
    texts = [PdfReader(str(tmp_path / n)).pages[0].extract_text() for n in ("a.pdf", "b.pdf")]
    assert all("Số: 01/BC-CAX" in t for t in texts)
    assert db.conn.execute("SELECT last_number FROM document_numbers WHERE kind = 'report'").fetchone() == (1,)
    db.close()


def test_wrong_target_names_are_refused_before_anything(station, tmp_path):
    db = open_database(station["path"])
    with pytest.raises(StorageError, match="Tệp ra phải có đuôi .pdf"):
        print_document(db, OFFICER_ACTOR, "minutes", tmp_path / "x.doc", review_id=station["review"])
    with pytest.raises(StorageError, match="Không có thư mục"):
        print_document(db, OFFICER_ACTOR, "minutes", tmp_path / "nowhere" / "x.pdf", review_id=station["review"])
    db.close()


def test_a_viewer_account_on_the_command_line(station, tmp_path, monkeypatch, capsys):
    from cli import main
    from storage.records import accounts

    db = open_database(station["path"])
    accounts.create(db, ACTOR, username="xem", full_name="Người Xem", role="viewer", password="mat-khau-dai-1")
    db.close()
    monkeypatch.setenv("BINHYEN_PASSWORD", "mat-khau-dai-1")
    before = fingerprint(station["path"])
    common = ["--db", str(station["path"]), "--user", "xem"]
    assert main(["report", *common, "--period", "2026", "--out", str(tmp_path / "bc.pdf")]) == 2
    assert "Tài khoản chỉ xem không được làm việc này" in capsys.readouterr().err
    assert not (tmp_path / "bc.pdf").exists()
    assert main(["print", "roster", *common, "--team", "Tổ bảo vệ ANTT thôn Đông", "--out", str(tmp_path / "ds.pdf")]) == 0
    assert "DANH SÁCH THÀNH VIÊN TỔ" in PdfReader(str(tmp_path / "ds.pdf")).pages[0].extract_text()
    db = open_database(station["path"])
    assert db.conn.execute("SELECT count(*) FROM document_numbers").fetchone()[0] == 0
    db.close()
    assert fingerprint(station["path"]) != before  # the roster's print is in the audit trail
