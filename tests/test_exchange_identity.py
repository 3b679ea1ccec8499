"""Which package is which: identity by content, numbers that never go backwards at the
station, one station per commune, one key per station, codes from the official list."""

from __future__ import annotations

import json
import shutil

import pytest

from cli import main as cli_main
from storage.db.connection import open_database
from storage.exchange import identity, importer, keys, package
from storage.query.periods import parse_period
from storage.records import unit
from tests.conftest import ACTOR
from tests.test_fuzz_packages import COMMUNE, Forger, data_state

PERIOD = parse_period("2026")


@pytest.fixture
def agg_path(tmp_path):
    path = tmp_path / "tinh.db"
    db = open_database(path)
    unit.initialise(db, ACTOR, role="aggregator", province=22)
    keys.ensure_keys(db, ACTOR)
    db.close()
    return path


@pytest.fixture
def agg(agg_path):
    db = open_database(agg_path)
    yield db
    db.close()


@pytest.fixture
def figures():
    station = open_database(None)
    unit.initialise(station, ACTOR, role="station", province=22, commune=COMMUNE)
    from storage.query.stats import period_figures

    yield period_figures(station, PERIOD)
    station.close()


def forged(forger: Forger, tmp_path, name: str, *, sequence=1, created_at="2026-11-20T08:00:00", teams=2,
           **station) -> str:
    manifest, files = forger.parts(teams)
    manifest.update(sequence=sequence, created_at=created_at)
    manifest["station"].update(station)
    path = tmp_path / name
    path.write_bytes(forger.seal(forger.zip(manifest, files)))
    return path


def one(agg, path, **options):
    return importer.import_packages(agg, ACTOR, [path], trust_new=True, **options)[0]


def test_a_reused_number_with_newer_content_is_the_newer_state(agg, figures, tmp_path):
    forger = Forger(keys.encryption_public(agg), figures)
    first = one(agg, forged(forger, tmp_path, "1.byx", teams=2))
    assert first.status == importer.ACCEPTED and first.tables["teams"].new == 2
    again = one(agg, forged(forger, tmp_path, "1-lai.byx", teams=3, created_at="2026-11-25T09:00:00"))
    assert again.status == importer.ACCEPTED and again.tables["teams"].new == 1
    assert again.message == ("Gói số 1 trùng số với một gói đã nhập nhưng nội dung khác và mới hơn (xã có thể đã "
                             "khôi phục dữ liệu): nhận như trạng thái mới hơn; hồ sơ chỉ được cập nhật khi phiên "
                             "bản lớn hơn.")
    assert agg.conn.execute("SELECT sequence, created_at FROM packages ORDER BY id").fetchall() == [
        (1, "2026-11-20T08:00:00"), (1, "2026-11-25T09:00:00")]
    assert agg.conn.execute("SELECT count(*) FROM station_records").fetchone()[0] == 3


def test_a_reused_number_that_is_not_newer_is_a_conflict_with_a_non_zero_exit(agg, agg_path, figures, tmp_path,
                                                                              capsys):
    forger = Forger(keys.encryption_public(agg), figures)
    one(agg, forged(forger, tmp_path, "1.byx", teams=2, created_at="2026-11-25T09:00:00"))
    older = forged(forger, tmp_path, "1-cu.byx", teams=1, created_at="2026-11-01T09:00:00")
    before = data_state(agg)
    report = one(agg, older, dry_run=True)
    assert report.status == importer.CONFLICT and report.flag == "sequence_reused"
    assert data_state(agg) == before
    agg.close()
    code = cli_main(["import", "--db", str(agg_path), str(older)])
    out = capsys.readouterr()
    assert code == 1
    assert "1-cu.byx: xung đột" in out.out and "1/1 gói chưa được nhận." in out.err
    db = open_database(agg_path)
    after = data_state(db)  # refused: not even a warning in the audit log (anyone could fill it)
    db.close()
    assert after == before


def test_the_same_content_twice_is_unchanged(agg, figures, tmp_path):
    forger = Forger(keys.encryption_public(agg), figures)
    path = forged(forger, tmp_path, "1.byx")
    one(agg, path)
    copy = tmp_path / "ban-sao.byx"
    shutil.copy(path, copy)
    report = one(agg, copy)
    assert (report.status, report.message) == (importer.UNCHANGED, importer.ALREADY)


def test_a_second_station_for_one_commune_is_flagged_and_writes_nothing(agg, figures, tmp_path):
    one(agg, forged(Forger(keys.encryption_public(agg), figures), tmp_path, "a.byx"))
    intruder = Forger(keys.encryption_public(agg), figures)
    before = agg.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    report = one(agg, forged(intruder, tmp_path, "b.byx"))
    assert report.status == importer.CONFLICT and report.flag == "commune_claimed"
    assert report.message.startswith(f"Xã mã {COMMUNE} đã có một đơn vị khác gửi gói (Công an phường An Sinh)")
    assert agg.conn.execute("SELECT count(*) FROM stations").fetchone()[0] == 1
    # refused, so no audit entry either: anyone holding the public key could fill the log
    assert agg.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before
    assert agg.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'package_warning'").fetchone()[0] == 0


def test_a_key_used_by_another_station_is_flagged(agg, figures, tmp_path):
    first = Forger(keys.encryption_public(agg), figures)
    one(agg, forged(first, tmp_path, "a.byx"))
    copycat = Forger(keys.encryption_public(agg), figures)
    copycat.key = first.key
    report = one(agg, forged(copycat, tmp_path, "b.byx", commune_code=7093, commune_name="Phường Đông Triều"))
    assert report.status == importer.CONFLICT and report.flag == "key_reused"
    assert report.message.startswith("Khóa ký này đã được đơn vị khác dùng (Công an phường An Sinh)")


@pytest.mark.parametrize("station, message", [
    ({"province_code": None}, "Gói không ghi mã tỉnh hoặc mã xã: xã cần khai báo đơn vị đầy đủ (tỉnh, xã theo "
                              "danh mục) rồi xuất lại."),
    ({"province_code": 1}, "Gói của một xã thuộc tỉnh khác (mã tỉnh 1, đơn vị này là mã 22)."),
    ({"commune_code": 4}, "Mã xã 4 không có trong danh mục đơn vị hành chính của tỉnh mã 22."),
])
def test_codes_must_match_the_superior_and_the_official_list(agg, figures, tmp_path, station, message):
    before = data_state(agg)
    report = one(agg, forged(Forger(keys.encryption_public(agg), figures), tmp_path, "x.byx", **station))
    assert (report.status, report.message) == (importer.REJECTED, message)
    assert data_state(agg) == before


def test_station_numbers_never_go_backwards_after_restoring_an_old_copy(tmp_path):
    path = tmp_path / "xa.db"
    station = open_database(path)
    unit.initialise(station, ACTOR, role="station", province=22, commune=COMMUNE)
    station.close()
    shutil.copy(path, tmp_path / "ban-cu.db")
    station = open_database(path)
    assert [package.export(station, ACTOR, PERIOD, tmp_path / f"{n}.byx")["sequence"] for n in (1, 2)] == [1, 2]
    station.close()
    assert json.loads((tmp_path / "xa.db.so-goi.json").read_text())["last_sequence"] == 2
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"xa.db{suffix}").unlink(missing_ok=True)
    shutil.copy(tmp_path / "ban-cu.db", path)  # an old copy comes back: its exports table is empty
    station = open_database(path)
    assert station.conn.execute("SELECT count(*) FROM exports").fetchone()[0] == 0
    assert package.export(station, ACTOR, PERIOD, tmp_path / "3.byx")["sequence"] == 3
    station.close()


def test_a_receipt_moves_the_number_forward(tmp_path, agg):
    path = tmp_path / "xa.db"
    station = open_database(path)
    unit.initialise(station, ACTOR, role="station", province=22, commune=COMMUNE)
    keys.trust_superior(station, ACTOR, keys.public_key_file(agg))
    sent = tmp_path / "goi.byx"
    package.export(station, ACTOR, PERIOD, sent)
    report = one(agg, sent)
    report.sequence = 7  # the superior acknowledged number 7 (sent from a copy this file lost)
    receipt = importer.write_receipt(agg, report, tmp_path)
    importer.read_receipt(station, receipt)
    assert identity.next_sequence(station) == 8
    station.close()


def test_replacing_the_superior_key_needs_replace_and_is_audited(db_path, tmp_path, capsys):
    files = []
    for name in ("a", "b"):
        superior = open_database(None)
        unit.initialise(superior, ACTOR, role="aggregator", province=22)
        files.append(tmp_path / f"{name}.pub")
        files[-1].write_text(keys.public_key_file(superior), encoding="utf-8")
        superior.close()
    prints = [keys.read_public_key_file(f.read_text(encoding="utf-8"))[1] for f in files]
    old, new = keys.fingerprint(prints[0]), keys.fingerprint(prints[1])
    assert cli_main(["trust", "--db", str(db_path), str(files[0])]) == 0
    assert cli_main(["trust", "--db", str(db_path), str(files[0])]) == 0  # the same key again: no question
    capsys.readouterr()
    assert cli_main(["trust", "--db", str(db_path), str(files[1])]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (f"Đơn vị đã tin cậy một khóa cấp trên khác (dấu vân tay {old}). Chỉ thay khi cấp trên báo đã "
                   f"đổi khóa và dấu vân tay mới {new} khớp khi đọc qua điện thoại; khi đó chạy lại với --replace.")
    assert cli_main(["trust", "--db", str(db_path), "--replace", str(files[1])]) == 2  # piped: no one to ask
    assert "cần xác nhận" in capsys.readouterr().err
    station = open_database(db_path)
    assert keys.superior(station)[1] == prints[0]
    station.close()
    assert cli_main(["trust", "--db", str(db_path), "--replace", "--yes", str(files[1])]) == 0
    station = open_database(db_path)
    assert keys.superior(station)[1] == prints[1]
    before, after = station.conn.execute("SELECT before, after FROM audit_log WHERE action = 'trust_superior_key' "
                                         "ORDER BY id DESC LIMIT 1").fetchone()
    station.close()
    assert json.loads(before) == {"fingerprint": old} and json.loads(after)["fingerprint"] == new
