# ruff: noqa: F811 (the fixtures agg, agg_path and figures come from test_exchange_identity)
"""The security tester's findings on the exchange (26/11/2026), each as the attack it
was: packages forged with a self-made key and sealed to the aggregator's public key,
receipts signed by anyone, key files and --out paths chosen to do harm. Each refusal is
one Vietnamese sentence and writes nothing; what is accepted stays correct."""

from __future__ import annotations

import base64
import json
import struct
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cli import main as cli_main
from storage.db.connection import open_database
from storage.errors import StorageError, ValidationError
from storage.exchange import aggregate, identity, importer, keys, package, reader
from storage.exchange.package import MAGIC
from storage.query.periods import parse_period
from storage.records import unit
from tests.conftest import ACTOR
from tests.test_exchange_identity import agg, agg_path, figures, forged, one  # noqa: F401 (fixtures)
from tests.test_fuzz_packages import COMMUNE, Forger, data_state

PERIOD = parse_period("2026")
OTHER_COMMUNE = 7093  # Phường Đông Triều, Quảng Ninh


def write(tmp_path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def named(forger: Forger, tmp_path, file: str, name: str, **station) -> Path:
    manifest, files = forger.parts()
    manifest["station"].update(name=name, **station)
    return write(tmp_path, file, forger.seal(forger.zip(manifest, files)))


def with_files(forger: Forger, files: dict[str, bytes], counts: dict[str, int], **manifest_edits) -> bytes:
    """A package of exactly these files (figures.json and records), signed and sealed."""
    manifest = forger.manifest(files, counts)
    manifest.update(manifest_edits)
    return forger.seal(forger.zip(manifest, files))


# 1. a float where an integer belongs; a fault in one package refuses that package only

def test_a_float_sequence_is_refused_and_the_batch_goes_on(agg, figures, tmp_path):
    first = forged(Forger(keys.encryption_public(agg), figures), tmp_path, "1.byx")
    floating = Forger(keys.encryption_public(agg), figures)
    manifest, files = floating.parts()
    manifest["station"]["commune_code"] = OTHER_COMMUNE
    text = json.dumps(manifest, ensure_ascii=False, sort_keys=True)
    assert text.count('"sequence": 1,') == 1
    middle = write(tmp_path, "2.byx", floating.seal(floating.zip(
        manifest, files, manifest_bytes=text.replace('"sequence": 1,', '"sequence": 1.0,').encode())))
    last = forged(Forger(keys.encryption_public(agg), figures), tmp_path, "3.byx", commune_code=7069)
    for dry_run in (True, False):
        reports = importer.import_packages(agg, ACTOR, [first, middle, last], dry_run=dry_run, trust_new=True)
        assert [r.status for r in reports] == [importer.ACCEPTED, importer.REJECTED, importer.ACCEPTED]
        assert reports[1].message == ("Tệp 2.byx: bản kê không đúng cấu trúc: trường sequence phải là số nguyên, "
                                      "không phải số thực.")
    assert agg.conn.execute("SELECT count(*) FROM stations").fetchone()[0] == 2


def test_an_unexpected_fault_in_one_package_refuses_it_alone(agg, figures, tmp_path, monkeypatch):
    broken = Forger(keys.encryption_public(agg), figures)
    paths = [forged(broken, tmp_path, "1.byx"),
             forged(Forger(keys.encryption_public(agg), figures), tmp_path, "2.byx", commune_code=OTHER_COMMUNE)]
    checked = importer._check_audit_chain

    def fault(db, opened, report):
        if opened.station["uuid"] == broken.station_uuid:
            raise TypeError("unsupported operand")
        checked(db, opened, report)

    monkeypatch.setattr(importer, "_check_audit_chain", fault)
    reports = importer.import_packages(agg, ACTOR, paths, trust_new=True)
    assert [r.status for r in reports] == [importer.REJECTED, importer.ACCEPTED]
    assert reports[0].message == ("Tệp 1.byx: gói có nội dung Bình Yên không xử lý được; không nhận gói này, không "
                                  "ghi gì. Hãy liên hệ xã để xuất lại gói.")
    assert agg.conn.execute("SELECT station_uuid FROM stations").fetchall() != [(broken.station_uuid,)]
    assert agg.conn.execute("SELECT count(*) FROM stations").fetchone()[0] == 1


# 2. a zip64 record behind a normal end record: refused before zipfile reads the directory

def test_a_zip64_directory_is_refused_before_zipfile_parses_it(agg, figures, tmp_path, monkeypatch):
    forger = Forger(keys.encryption_public(agg), figures)
    manifest, files = forger.parts()
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 1)  # the zip64 end record and locator are written
    inner = forger.zip(manifest, files)
    monkeypatch.undo()
    end = inner.rfind(b"PK\x05\x06")
    assert inner[end - 20:end - 16] == b"PK\x06\x07" and struct.unpack("<H", inner[end + 10:end + 12])[0] == 4
    opened = []
    monkeypatch.setattr(reader.zipfile, "ZipFile", lambda *a, **k: opened.append(a))
    for sealed in (forger.seal(inner), package.seal(inner, None)):
        report = importer.import_packages(agg, ACTOR, [write(tmp_path, "goi.byx", sealed)], dry_run=True)[0]
        assert (report.status, report.message) == (importer.REJECTED, "Tệp goi.byx: gói dùng zip64, điều Bình "
                                                                      "Yên không bao giờ tạo.")
    assert opened == []


# 3. receipts: authenticated with the signing key in the key file the station trusted

@pytest.fixture
def station(tmp_path, agg):
    db = open_database(tmp_path / "xa.db")
    unit.initialise(db, ACTOR, role="station", province=22, commune=COMMUNE)
    keys.ensure_keys(db, ACTOR)
    keys.trust_superior(db, ACTOR, keys.public_key_file(agg))
    yield db
    db.close()


def signed_receipt(tmp_path, body: dict, key: Ed25519PrivateKey) -> Path:
    body_bytes = json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")
    public = key.public_key().public_bytes(keys.RAW, keys.RAW_PUBLIC)
    path = tmp_path / "gia.bien-nhan.json"
    path.write_text(json.dumps({"receipt": body, "signature": base64.b64encode(key.sign(body_bytes)).decode(),
                                "signing_key": base64.b64encode(public).decode()}), encoding="utf-8")
    return path


def test_a_receipt_signed_by_anyone_else_is_refused_and_moves_nothing(station, tmp_path):
    own = keys.fingerprint(keys.signing_public(station))
    intruder = Ed25519PrivateKey.generate()
    body = {"format": "binhyen-receipt", "version": 1, "aggregator": "Công an tỉnh Quảng Ninh",
            "aggregator_fingerprint": keys.fingerprint(b"x" * 32), "received_at": "2026-11-26T08:00:00",
            "report": {"file": "goi.byx", "status": importer.ACCEPTED, "station_uuid": unit.get_unit(station).uuid,
                       "sequence": 2**31 - 1, "fingerprint": own}}
    path = signed_receipt(tmp_path, body, intruder)
    with pytest.raises(StorageError, match="^Biên nhận gia.bien-nhan.json có chữ ký không hợp lệ: không do cấp "
                                           "trên mà đơn vị đã tin cậy ký"):
        importer.read_receipt(station, path)
    assert identity.next_sequence(station) == 1
    assert not (tmp_path / "xa.db.so-goi.json").exists()


def test_a_genuine_receipt_moves_the_number_only_for_a_package_this_station_signed(station, agg, figures, tmp_path):
    forger = Forger(keys.encryption_public(agg), figures)  # claims the station's uuid, signs with its own key
    forger.station_uuid = unit.get_unit(station).uuid
    report = one(agg, forged(forger, tmp_path, "gia.byx", sequence=500))
    assert report.sequence == 500 and report.station_uuid == forger.station_uuid
    body = importer.read_receipt(station, importer.write_receipt(agg, report, tmp_path))
    assert body["authenticated"] and body["aggregator_fingerprint"] == keys.fingerprint(keys.signing_public(agg))
    assert identity.next_sequence(station) == 1  # not its key: not a number it used
    package.export(station, ACTOR, PERIOD, tmp_path / "that.byx")
    real = one(agg, tmp_path / "that.byx")
    real.sequence = 7  # the superior acknowledged number 7 (sent from a copy this file lost)
    importer.read_receipt(station, importer.write_receipt(agg, real, tmp_path))
    assert identity.next_sequence(station) == 8


def test_an_older_key_file_shows_receipts_as_not_authenticated(tmp_path, agg, capsys):
    path = tmp_path / "xa-cu.db"
    db = open_database(path)
    unit.initialise(db, ACTOR, role="station", province=22, commune=COMMUNE)
    old = json.loads(keys.public_key_file(agg))
    del old["ed25519"], old["signing_fingerprint"]  # as Bình Yên wrote it before
    keys.trust_superior(db, ACTOR, json.dumps(old))
    assert keys.superior_signing_key(db) is None
    report = importer.ImportReport("goi.byx", importer.ACCEPTED, station_uuid=unit.get_unit(db).uuid, sequence=9,
                                   fingerprint=keys.fingerprint(keys.signing_public(db)))
    receipt = importer.write_receipt(agg, report, tmp_path)
    db.close()
    assert cli_main(["receipt", "--db", str(path), str(receipt)]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[0].startswith(f"Biên nhận tự ghi là của {unit.get_unit(agg).station_name} (chưa "
                                              "xác thực được), lúc ")
    assert "CHƯA XÁC THỰC ĐƯỢC" in out.err and keys.fingerprint(keys.signing_public(agg)) not in out.out
    db = open_database(path)
    assert identity.next_sequence(db) == 1
    db.close()


def test_the_key_file_carries_the_signing_key_and_a_changed_one_needs_replace(station, agg):
    data = json.loads(keys.public_key_file(agg))
    assert base64.b64decode(data["ed25519"]) == keys.signing_public(agg)
    assert data["signing_fingerprint"] == keys.fingerprint(keys.signing_public(agg))
    assert keys.superior_signing_key(station) == keys.signing_public(agg)
    other = Ed25519PrivateKey.generate().public_key().public_bytes(keys.RAW, keys.RAW_PUBLIC)
    data.update(ed25519=base64.b64encode(other).decode(), signing_fingerprint=keys.fingerprint(other))
    with pytest.raises(keys.KeyReplacement):
        keys.trust_superior(station, ACTOR, json.dumps(data))
    assert keys.superior_signing_key(station) == keys.signing_public(agg)


# 4, 5. the province's figures: every section any station sent, numbers only

def test_a_package_with_fewer_sections_does_not_zero_the_others(figures):
    period = parse_period("2026-Q4")
    alone = aggregate.sum_figures([figures], period)
    assert aggregate.sum_figures([{"period": figures["period"]}, figures], period) == alone
    assert alone["households"] == figures["households"] and alone["tips"] == figures["tips"]


def test_mixed_types_in_a_field_sum_the_numbers(figures):
    period = parse_period("2026-Q4")
    five = {**figures, "tips": {**figures["tips"], "extra": 5, "received": 2}}
    text = {**figures, "tips": {**figures["tips"], "extra": "x", "received": 3}}
    empty = {**figures, "tips": {**figures["tips"], "extra": None}}
    total = aggregate.sum_figures([five, text, empty], period)
    assert total["tips"]["extra"] == 5 and total["tips"]["received"] == 5 + figures["tips"]["received"]
    assert aggregate.sum_figures([text, five], period)["tips"]["extra"] == 5


# 7. hidden characters in a station's name

def test_hidden_characters_in_the_station_name_are_never_stored(agg, figures, tmp_path):
    forger = Forger(keys.encryption_public(agg), figures)
    report = one(agg, named(forger, tmp_path, "1.byx", "Công an\u202e xã \x00\u200b" + "A" * 10))
    assert report.status == importer.ACCEPTED and report.station_name == "Công an xã " + "A" * 10
    assert agg.conn.execute("SELECT station_name FROM stations").fetchall() == [("Công an xã " + "A" * 10,)]
    before = data_state(agg)
    hidden = one(agg, named(Forger(keys.encryption_public(agg), figures), tmp_path, "2.byx", "\u202e\u200b\x00",
                            commune_code=OTHER_COMMUNE))
    assert (hidden.status, hidden.message) == (importer.REJECTED, "Tên đơn vị trong bản kê của gói chỉ có ký tự ẩn: "
                                                                  "xã cần khai báo lại tên đơn vị rồi xuất lại gói.")
    assert data_state(agg) == before


# 8, 18. records: integers of bounded length, one line per record

def test_a_ten_thousand_digit_integer_in_a_record_is_refused(agg, figures, tmp_path):
    forger = Forger(keys.encryption_public(agg), figures)
    lines = [json.dumps({"uuid": str(uuid.UUID(int=n + 1)), "version": 1, "created_at": "2026-02-01T08:00:00",
                         "updated_at": "2026-02-01T08:00:00", "deleted_at": None,
                         "data": {"name": f"Thôn {n}", "population": population}}, sort_keys=True)
             for n, population in enumerate([-1, 350])]
    lines[0] = lines[0].replace('"population": -1', '"population": ' + "9" * 10_000)
    files = {"figures.json": json.dumps(figures).encode(), "records/areas.jsonl": "\n".join(lines).encode()}
    report = one(agg, write(tmp_path, "1.byx", with_files(forger, files, {"areas": 2})))
    assert report.status == importer.ACCEPTED
    assert (report.tables["areas"].new, report.tables["areas"].rejected) == (1, 1)
    assert report.tables["areas"].reasons == ["từ chối dòng 1: có số nguyên dài hơn 20 chữ số"]
    held = aggregate.station_records(agg, forger.station_uuid, "areas")
    assert [r["data"]["population"] for r in held] == [350]


def test_two_lines_of_one_record_count_once(agg, figures, tmp_path):
    forger = Forger(keys.encryption_public(agg), figures)
    line = json.dumps({"uuid": str(uuid.UUID(int=5)), "version": 1, "created_at": "2026-02-01T08:00:00",
                       "updated_at": "2026-02-01T08:00:00", "deleted_at": None, "data": {"name": "Tổ 1"}},
                      ensure_ascii=False, sort_keys=True)
    second = line.replace("Tổ 1", "Tổ 2")
    files = {"figures.json": json.dumps(figures).encode(), "records/teams.jsonl": f"{line}\n{second}\n".encode()}
    report = one(agg, write(tmp_path, "1.byx", with_files(forger, files, {"teams": 2})))
    summary = report.tables["teams"]
    assert (summary.new, summary.rejected) == (1, 1)
    assert summary.reasons == [f"từ chối hồ sơ {uuid.UUID(int=5)} có hai dòng trong gói; chỉ nhận dòng đầu"]
    assert [r["data"]["name"] for r in aggregate.station_records(agg, forger.station_uuid, "teams")] == ["Tổ 1"]


# 19. NaN and infinity

@pytest.mark.parametrize("edit", [lambda f: f["tips"].update(extra=float("nan")),
                                  lambda f: f["households"].update(ratio_pledged=float("nan")),
                                  lambda f: f["tips"].update(extra=float("inf"))])
def test_nan_in_the_figures_is_refused(agg, figures, tmp_path, edit):
    forger = Forger(keys.encryption_public(agg), json.loads(json.dumps(figures)))
    edit(forger.figures)
    before = data_state(agg)
    report = one(agg, write(tmp_path, "1.byx", forger.build()))
    assert (report.status, report.message) == (importer.REJECTED, "Tệp 1.byx: số liệu kỳ (figures.json) có giá trị "
                                                                  "NaN hoặc vô cực, không phải một số.")
    assert data_state(agg) == before


# 13, 14. a refused package writes nothing; the header is never quoted back

def test_a_refused_claim_writes_nothing_run_after_run(agg, figures, tmp_path):
    one(agg, forged(Forger(keys.encryption_public(agg), figures), tmp_path, "1.byx"))
    before = data_state(agg)
    for name in ("2.byx", "3.byx"):
        report = one(agg, forged(Forger(keys.encryption_public(agg), figures), tmp_path, name))
        assert report.status == importer.CONFLICT and report.flag == "commune_claimed"
        assert data_state(agg) == before  # no package_warning either: anyone with the public key could fill the log


def test_the_header_recipient_is_never_quoted(agg, figures, tmp_path):
    sealed = Forger(keys.encryption_public(agg), figures).build()
    (length,) = struct.unpack(">I", sealed[len(MAGIC):len(MAGIC) + 4])
    start = len(MAGIC) + 4
    header = json.loads(sealed[start:start + length])
    header["recipient"] = "khác).\ns1-q4.byx: nhận — Công an phường Đông Mai, gói số 3\u202e"
    header_bytes = json.dumps(header).encode()
    data = MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes + sealed[start + length:]
    report = one(agg, write(tmp_path, "1.byx", data))
    assert report.message == ("Tệp 1.byx: gói được mã hóa cho một đơn vị khác, không phải cho đơn vị này (khóa công "
                              "khai xã dùng không phải của đơn vị này); hãy gửi lại tệp khóa cho xã (lệnh key).")


# 9. the superior's name from its key file; the station's own manifest

def test_trust_cleans_and_limits_the_superior_name(station, agg):
    data = json.loads(keys.public_key_file(agg))
    data["unit"] = "Công an\u202e tỉnh\u200b Quảng Ninh\x00"
    keys.trust_superior(station, ACTOR, json.dumps(data))
    assert keys.superior(station)[0] == "Công an tỉnh Quảng Ninh"
    data["unit"] = "A" * 301
    with pytest.raises(ValidationError, match="^Tên đơn vị trong tệp khóa trống hoặc dài hơn 300 ký tự"):
        keys.trust_superior(station, ACTOR, json.dumps(data))
    assert keys.superior(station)[0] == "Công an tỉnh Quảng Ninh"


def test_export_refuses_a_manifest_its_superior_would_refuse_and_keeps_its_number(station, tmp_path):
    station.conn.execute("UPDATE superior_key SET name = ?", ("A" * 400,))  # as an older version kept it
    with pytest.raises(ValidationError, match=r"^Không xuất được gói: bản kê không đúng cấu trúc \(trường "
                                              r"superior.name quá dài\)"):
        package.export(station, ACTOR, PERIOD, tmp_path / "goi.byx")
    assert not (tmp_path / "goi.byx").exists() and identity.next_sequence(station) == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# 10, 11, 12. the command line: companion files, the receipts folder, the writer lock

def test_export_key_and_backup_never_write_over_a_companion_file(tmp_path, agg_path, capsys):
    path = tmp_path / "xa.db"
    db = open_database(path)
    unit.initialise(db, ACTOR, role="station", province=22, commune=COMMUNE)
    db.close()
    assert cli_main(["export", "--db", str(path), "--period", "2026", "--unencrypted", "--out",
                     str(tmp_path / "a.byx")]) == 0
    kept = (tmp_path / "xa.db.so-goi.json").read_bytes()
    for argv in (["export", "--period", "2026", "--unencrypted", "--out", f"{path}.so-goi.json"],
                 ["backup", "--out", f"{path}.lock"], ["export", "--period", "2026", "--unencrypted", "--out",
                                                       f"{path}.lock"]):
        capsys.readouterr()
        assert cli_main([*argv, "--db", str(path)]) == 2
        assert "tệp đi kèm nó" in capsys.readouterr().err
    assert (tmp_path / "xa.db.so-goi.json").read_bytes() == kept
    db = open_database(path)
    assert identity.next_sequence(db) == 2
    with pytest.raises(StorageError, match="tệp đi kèm nó"):  # the operation itself, as the app calls it
        package.export(db, ACTOR, PERIOD, Path(f"{path}.so-goi.json"))
    db.close()
    assert cli_main(["key", "--db", str(agg_path), "--out", f"{agg_path}.lock"]) == 2
    assert "tệp đi kèm nó" in capsys.readouterr().err


@pytest.mark.parametrize("receipts", ["tep-thuong", "/dev/full"])
def test_a_receipts_folder_that_is_not_one_is_refused_before_importing(agg, agg_path, figures, tmp_path, capsys,
                                                                       receipts):
    path = forged(Forger(keys.encryption_public(agg), figures), tmp_path, "1.byx")
    if receipts == "tep-thuong":
        receipts = str(tmp_path / "tep-thuong")
        Path(receipts).write_text("x")
    before = data_state(agg)
    agg.close()
    assert cli_main(["import", "--db", str(agg_path), "--trust-new", "--receipts", receipts, str(path)]) == 2
    assert capsys.readouterr().err.strip() == (f"Không ghi được biên nhận vào {receipts}: đó không phải một thư mục; "
                                               "hãy chỉ một thư mục cho --receipts.")
    db = open_database(agg_path)
    assert data_state(db) == before
    db.close()


def test_import_honours_the_writer_lock(agg, agg_path, figures, tmp_path, capsys):
    path = forged(Forger(keys.encryption_public(agg), figures), tmp_path, "1.byx")
    before = data_state(agg)
    agg.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from cli.session import _open_as_writer_or_reader as o; o(Path(sys.argv[1])); "
         "print('held', flush=True); time.sleep(60)", str(agg_path)],
        cwd=Path(cli_main.__code__.co_filename).parent.parent, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert cli_main(["import", "--db", str(agg_path), "--trust-new", str(path)]) == 2
        error = capsys.readouterr().err.strip()
        assert error.startswith("Tệp dữ liệu đang được Bình Yên ghi trên máy") and error.endswith(
            "Lệnh này chỉ đọc được; hãy đóng Bình Yên ở đó rồi chạy lại.")
        assert not (tmp_path / "1.bien-nhan.json").exists()
    finally:
        holder.kill()
        holder.wait()
    db = open_database(agg_path)
    assert data_state(db) == before
    db.close()


def test_bad_numbers_in_a_manifest_are_named(agg, figures, tmp_path):
    forger = Forger(keys.encryption_public(agg), figures)
    manifest, files = forger.parts()
    text = json.dumps(manifest, sort_keys=True).replace('"sequence": 1,', '"sequence": ' + "9" * 5000 + ",")
    report = one(agg, write(tmp_path, "1.byx", forger.seal(forger.zip(manifest, files, manifest_bytes=text.encode()))))
    assert report.message == "Tệp 1.byx: bản kê của gói có số nguyên dài hơn 20 chữ số."


def test_key_and_trust_show_the_receipt_signing_fingerprint(agg, agg_path, tmp_path, capsys):
    signing = keys.fingerprint(keys.signing_public(agg))
    agg.close()
    key_file = tmp_path / "tinh.pub"
    assert cli_main(["key", "--db", str(agg_path), "--out", str(key_file)]) == 0
    assert f"Dấu vân tay khóa ký biên nhận: {signing}" in capsys.readouterr().out.splitlines()
    path = tmp_path / "xa.db"
    db = open_database(path)
    unit.initialise(db, ACTOR, role="station", province=22, commune=COMMUNE)
    db.close()
    assert cli_main(["trust", "--db", str(path), str(key_file)]) == 0
    assert f"Dấu vân tay khóa ký biên nhận: {signing}" in capsys.readouterr().out.splitlines()
    db = open_database(path)
    assert keys.fingerprint(keys.superior_signing_key(db)) == signing
    db.close()


def test_a_file_name_with_a_line_break_forges_no_report_line(agg, figures, tmp_path):
    path = forged(Forger(keys.encryption_public(agg), figures), tmp_path, "a\nb.byx: nhận\u202e.byx")
    report = importer.import_packages(agg, ACTOR, [path], dry_run=True)[0]
    assert report.describe().splitlines()[0] == "a b.byx: nhận.byx: chờ xác nhận khóa — Công an phường An Sinh, " \
                                                "gói số 1, kỳ 2026"


def test_a_package_that_never_reached_its_place_uses_no_number(station, tmp_path, monkeypatch):
    package.export(station, ACTOR, PERIOD, tmp_path / "1.byx")
    kept = (tmp_path / "xa.db.so-goi.json").read_bytes()
    real = package.os.replace

    def refused(source, target):
        if str(target).endswith("2.byx"):
            raise PermissionError(1, "Operation not permitted")
        return real(source, target)

    monkeypatch.setattr(package.os, "replace", refused)
    with pytest.raises(StorageError, match="^Không ghi được 2.byx: tệp bị khóa không cho sửa"):
        package.export(station, ACTOR, PERIOD, tmp_path / "2.byx")
    assert (tmp_path / "xa.db.so-goi.json").read_bytes() == kept
    assert identity.next_sequence(station) == 2 and not (tmp_path / "2.byx").exists()
