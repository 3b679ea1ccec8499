"""The aggregator's package reader as an attacker sees it: packages forged with a
self-made key and encrypted to the aggregator's public key (anyone can do both), so the
mutations reach the zip, the manifest, the figures and the records instead of stopping
at the GCM tag. Every input ends as one report row with a Vietnamese reason, never a
traceback, and writes nothing.

`make fuzz` runs the same properties on >= 10,000 mutated packages
(BINHYEN_FUZZ_EXAMPLES); `make test` runs a small sample."""

from __future__ import annotations

import base64
import copy
import hashlib
import io
import json
import os
import struct
import uuid
import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.db.connection import open_database
from storage.exchange import importer, keys, package, schemas
from storage.exchange.reader import PackageError, open_package
from storage.query.periods import parse_period
from storage.query.stats import period_figures
from storage.records import unit
from tests.conftest import ACTOR

EXAMPLES = int(os.environ.get("BINHYEN_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])
COMMUNE = 7090  # Phường An Sinh, Quảng Ninh (22)
RECEIVED = (importer.ACCEPTED, importer.NEEDS_TRUST)


def data_state(db) -> str:
    """Everything an import could write, hashed."""
    digest = hashlib.sha256()
    for table in ("stations", "packages", "station_records", "audit_log"):
        for row in db.conn.execute(f"SELECT * FROM {table} ORDER BY 1"):
            digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def aggregator_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    db = open_database(folder / "tinh.db")
    unit.initialise(db, ACTOR, role="aggregator", province=22)
    keys.ensure_keys(db, ACTOR)
    station = open_database(None)
    unit.initialise(station, ACTOR, role="station", province=22, commune=COMMUNE)
    figures = period_figures(station, parse_period("2026"))
    station.close()
    db.close()
    return folder / "tinh.db", figures


@pytest.fixture(scope="module")
def agg(aggregator_file):
    """One aggregator for the module: every test asserts it never changes."""
    db = open_database(aggregator_file[0])
    yield db
    db.close()


def record_line(number: int) -> dict:
    return {"uuid": str(uuid.UUID(int=number + 1)), "version": 1, "created_at": "2026-02-01T08:00:00",
            "updated_at": "2026-02-01T08:00:00", "deleted_at": None,
            "data": {"name": f"Tổ số {number}"}}


class Forger:
    """Builds packages the way an attacker with a self-made key can."""

    def __init__(self, recipient: bytes | None, figures: dict):
        self.key = Ed25519PrivateKey.generate()
        self.recipient = recipient
        self.figures = figures
        self.station_uuid = str(uuid.uuid4())

    def manifest(self, files: dict[str, bytes], counts: dict[str, int]) -> dict:
        public = self.key.public_key().public_bytes(keys.RAW, keys.RAW_PUBLIC)
        return {
            "format": package.FORMAT, "format_version": f"{package.MAJOR}.{package.MINOR}", "app_version": "1.0",
            "station": {"uuid": self.station_uuid, "name": "Công an phường An Sinh", "parent_body": None,
                        "province_code": 22, "commune_code": COMMUNE, "commune_name": "Phường An Sinh",
                        "signing_key": base64.b64encode(public).decode(), "fingerprint": keys.fingerprint(public)},
            "superior": {"name": "Công an tỉnh Quảng Ninh", "fingerprint": None},
            "period": {"code": "2026", "start": "2026-01-01", "end": "2026-12-31", "label": "năm 2026"},
            "created_at": "2026-11-20T08:00:00", "sequence": 1, "full": True, "counts": counts,
            "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
            "audit_head": "0" * 64, "left_out": [],
        }

    def parts(self, teams: int = 2) -> tuple[dict, dict[str, bytes]]:
        lines = [json.dumps(record_line(i), ensure_ascii=False, sort_keys=True) for i in range(teams)]
        files = {"figures.json": json.dumps(self.figures, ensure_ascii=False).encode(),
                 "records/teams.jsonl": ("\n".join(lines) + "\n").encode() if lines else b""}
        return self.manifest(files, {"teams": teams}), files

    def zip(self, manifest, files, *, manifest_bytes: bytes | None = None, sign=True) -> bytes:
        manifest_bytes = manifest_bytes if manifest_bytes is not None else \
            json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", manifest_bytes)
            archive.writestr("manifest.sig", self.key.sign(manifest_bytes) if sign else b"\0" * 64)
            for name, data in files.items():
                archive.writestr(name, data)
        return buffer.getvalue()

    def seal(self, zip_bytes: bytes) -> bytes:
        return package.seal(zip_bytes, self.recipient)

    def build(self, **edits) -> bytes:
        manifest, files = self.parts()
        return self.seal(self.zip(manifest, files, **edits))


@pytest.fixture
def forger(agg, aggregator_file):
    return Forger(keys.encryption_public(agg), aggregator_file[1])


def run(agg, tmp_path, data: bytes, name="goi.byx", dry_run=False):
    path = tmp_path / name
    path.write_bytes(data)
    before = data_state(agg)
    report = importer.import_packages(agg, ACTOR, [path], dry_run=dry_run, trust_new=False)[0]
    assert data_state(agg) == before
    return report


def test_a_well_forged_package_opens_and_waits_for_trust(agg, forger, tmp_path):
    report = run(agg, tmp_path, forger.build())
    assert report.status == importer.NEEDS_TRUST
    assert report.tables["teams"].new == 2 and report.content_sha256
    opened = open_package(agg, tmp_path / "goi.byx")
    assert [r["data"]["name"] for r in opened.records["teams"]] == ["Tổ số 0", "Tổ số 1"]


def test_the_signature_is_checked_before_the_manifest_is_used(agg, forger, tmp_path):
    manifest, files = forger.parts()
    manifest["sequence"] = "một"  # a malformed manifest, with a bad signature: the signature speaks first
    report = run(agg, tmp_path, forger.seal(forger.zip(manifest, files, sign=False)))
    assert report.status == importer.REJECTED
    assert report.message == "Tệp goi.byx: chữ ký không hợp lệ: nội dung gói đã bị sửa sau khi xã ký."


@pytest.mark.parametrize("edit, reason", [
    (lambda m: m.update(sequence="1"), "trường sequence sai kiểu dữ liệu"),
    (lambda m: m.update(sequence=2 ** 64), "trường sequence vượt giá trị lớn nhất cho phép"),
    (lambda m: m.update(counts=[1]), "trường counts sai kiểu dữ liệu"),
    (lambda m: m.pop("period"), "thiếu trường bắt buộc"),
    (lambda m: m["period"].update(start="31/02/2026"), "trường period.start sai định dạng"),
    (lambda m: m["station"].update(uuid="../../x"), "trường station.uuid sai định dạng"),
])
def test_a_signed_but_malformed_manifest_is_one_sentence(agg, forger, tmp_path, edit, reason):
    manifest, files = forger.parts()
    edit(manifest)
    for dry_run in (True, False):
        report = run(agg, tmp_path, forger.seal(forger.zip(manifest, files)), dry_run=dry_run)
        assert report.status == importer.REJECTED
        assert report.message.startswith("Tệp goi.byx: bản kê không đúng cấu trúc: ") and reason in report.message


def test_figures_of_the_wrong_type_never_reach_the_aggregate(agg, forger, tmp_path):
    forger.figures = copy.deepcopy(forger.figures)
    forger.figures["households"]["total"] = "mười"
    report = run(agg, tmp_path, forger.build())
    assert report.status == importer.REJECTED
    assert report.message == ("Tệp goi.byx: số liệu kỳ (figures.json) không đúng cấu trúc: "
                              "trường households.total sai kiểu dữ liệu.")


def test_the_station_figures_fit_their_schema(aggregator_file):
    assert schemas.check("figures", aggregator_file[1]) is None


def test_schemas_in_docs_are_the_ones_the_reader_uses():
    folder = os.path.join(os.path.dirname(__file__), "..", "docs", "exchange-schemas")
    for name, schema in schemas.SCHEMAS.items():
        with open(os.path.join(folder, f"{name}.schema.json"), encoding="utf-8") as handle:
            assert json.load(handle) == json.loads(json.dumps(schema)), name


def _zip_with(entries: list[tuple[str, bytes]], method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_compression_bomb_is_refused_before_decompressing(agg, forger, tmp_path):
    import tracemalloc

    bomb = _zip_with([("manifest.json", b"{}"), ("manifest.sig", b"\0" * 64),
                      ("records/teams.jsonl", b"\0" * (60 << 20))])
    tracemalloc.start()
    report = run(agg, tmp_path, forger.seal(bomb))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert report.status == importer.REJECTED
    assert report.message == ("Tệp goi.byx: tệp records/teams.jsonl nén quá mức (hơn 200 lần): "
                              "có dấu hiệu bom nén.")
    assert peak < 8 << 20  # the 60 MB were never inflated


@pytest.mark.parametrize("entries, reason", [
    ([("manifest.json", b"{" * 10), ("manifest.json", b"{}"), ("manifest.sig", b"")],
     "tệp manifest.json xuất hiện hai lần trong gói."),
    ([(f"records/t{i}.jsonl", b"") for i in range(80)], "gói có 80 tệp bên trong, nhiều hơn giới hạn 64."),
    ([("../../etc/passwd", b"x")], "gói có tệp mang tên không hợp lệ."),
    ([("manifest.json", b" " * (2 << 20)), ("manifest.sig", b"")], "tệp manifest.json lớn hơn giới hạn 1 MB."),
    ([("manifest.sig", b"")], "gói thiếu bản kê hoặc chữ ký (manifest.json, manifest.sig)."),
    ([("manifest.json", b"[" * 60_000), ("manifest.sig", b"\0" * 64)],
     "bản kê của gói bị hỏng: không đọc được khóa ký."),
])
def test_zip_level_caps(agg, forger, tmp_path, entries, reason):
    report = run(agg, tmp_path, forger.seal(_zip_with(entries)))
    assert report.status == importer.REJECTED and report.message == f"Tệp goi.byx: {reason}"


def test_an_oversized_record_is_refused(agg, forger, tmp_path):
    manifest, files = forger.parts()
    big = record_line(5)
    big["data"]["name"] = os.urandom(schemas.MAX_RECORD // 2 + 10).hex()  # not compressible: no ratio refusal
    files["records/teams.jsonl"] += json.dumps(big).encode() + b"\n"
    manifest = forger.manifest(files, {"teams": 3})
    report = run(agg, tmp_path, forger.seal(forger.zip(manifest, files)))
    assert report.message == "Tệp goi.byx: một hồ sơ trong records/teams.jsonl lớn hơn giới hạn 64 KB."


def test_a_bad_record_is_a_reason_and_the_others_still_count(agg, forger, tmp_path):
    manifest, files = forger.parts()
    bad = record_line(7)
    bad["version"] = "2"
    files["records/teams.jsonl"] += json.dumps(bad).encode() + b"\n" + b"{not json\n"
    manifest = forger.manifest(files, {"teams": 4})
    report = run(agg, tmp_path, forger.seal(forger.zip(manifest, files)), dry_run=True)
    assert report.status == importer.NEEDS_TRUST
    teams = report.tables["teams"]
    assert (teams.new, teams.rejected) == (2, 2)
    assert teams.reasons == ["từ chối dòng 3: trường version sai kiểu dữ liệu", "từ chối dòng 4: không phải JSON"]


def test_one_bad_file_never_stops_the_others(agg, forger, tmp_path):
    good = tmp_path / "a-tot.byx"
    good.write_bytes(forger.build())
    broken = tmp_path / "b-hong.byx"
    manifest, files = forger.parts()
    manifest["counts"] = {"teams": "hai"}
    broken.write_bytes(forger.seal(forger.zip(manifest, files)))
    folder_entry = tmp_path / "c-thu-muc.byx"
    folder_entry.mkdir()
    before = data_state(agg)
    reports = importer.import_packages(agg, ACTOR, [broken, folder_entry, good], dry_run=True, trust_new=True)
    assert [r.status for r in reports] == [importer.REJECTED, importer.REJECTED, importer.ACCEPTED]
    assert reports[1].message == "Tệp c-thu-muc.byx: không phải một tệp thông thường (thư mục hoặc thiết bị)."
    assert data_state(agg) == before


# ---- hypothesis: mutated packages -----------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)


def _paths(value, prefix=()):
    """Every (path) into a JSON value, for replacing one node."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, prefix + (index,))


def _replace(value, path, new):
    if not path:
        return new
    value = copy.deepcopy(value)
    target = value
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return value


def _mutate_bytes(data: bytes, draw) -> bytes:
    kind = draw(st.sampled_from(["flip", "cut", "insert", "duplicate", "replace"]))
    position = draw(st.integers(0, max(0, len(data) - 1)))
    if kind == "flip":
        return data[:position] + bytes([data[position] ^ draw(st.integers(1, 255))]) + data[position + 1:]
    if kind == "cut":
        return data[:position]
    if kind == "insert":
        return data[:position] + draw(st.binary(min_size=1, max_size=32)) + data[position:]
    if kind == "duplicate":
        length = draw(st.integers(1, 200))
        return data[:position] + data[position:position + length] * draw(st.integers(2, 50)) + data[position:]
    return draw(st.binary(max_size=600))


def _assert_refused_cleanly(agg, tmp_path, data: bytes, dry_run: bool):
    report = run(agg, tmp_path, data, dry_run=dry_run)
    assert report.status in (importer.REJECTED, importer.NEEDS_TRUST, importer.CONFLICT)
    if report.status == importer.REJECTED:
        assert report.message.endswith(".")
        assert not any(word in report.message for word in ("Error", "Traceback", "data."))
    return report


@FUZZ
@given(st.data())
def test_mutated_manifest_signed_by_its_own_key(agg, forger, tmp_path, data):
    manifest, files = forger.parts()
    path = data.draw(st.sampled_from(list(_paths(manifest))))
    manifest = _replace(manifest, path, data.draw(JSON_VALUES))
    _assert_refused_cleanly(agg, tmp_path, forger.seal(forger.zip(manifest, files)), data.draw(st.booleans()))


@FUZZ
@given(st.data())
def test_mutated_figures_and_records(agg, forger, tmp_path, data):
    manifest, files = forger.parts()
    if data.draw(st.booleans()):
        figures = json.loads(files["figures.json"])
        path = data.draw(st.sampled_from(list(_paths(figures))))
        files["figures.json"] = json.dumps(_replace(figures, path, data.draw(JSON_VALUES))).encode()
    else:
        record = record_line(9)
        path = data.draw(st.sampled_from(list(_paths(record))))
        line = json.dumps(_replace(record, path, data.draw(JSON_VALUES)), sort_keys=True).encode()
        files["records/teams.jsonl"] += _mutate_bytes(line, data.draw) if data.draw(st.booleans()) else line
        files["records/teams.jsonl"] += b"\n"
        manifest = forger.manifest(files, {"teams": data.draw(st.sampled_from([3, 2, 4]))})
    _assert_refused_cleanly(agg, tmp_path, forger.seal(forger.zip(manifest, files)), data.draw(st.booleans()))


@FUZZ
@given(st.data())
def test_mutated_zip_inside_a_valid_envelope(agg, forger, tmp_path, data):
    manifest, files = forger.parts()
    inner = _mutate_bytes(forger.zip(manifest, files), data.draw)
    _assert_refused_cleanly(agg, tmp_path, forger.seal(inner), data.draw(st.booleans()))


@FUZZ
@given(st.data())
def test_mutated_envelope(agg, forger, tmp_path, data):
    sealed = forger.build()
    start = len(package.MAGIC)
    (length,) = struct.unpack(">I", sealed[start:start + 4])
    if data.draw(st.booleans()):
        header = json.loads(sealed[start + 4:start + 4 + length])
        path = data.draw(st.sampled_from(list(_paths(header))))
        header_bytes = json.dumps(_replace(header, path, data.draw(JSON_VALUES))).encode()
        sealed = package.MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes + sealed[start + 4 + length:]
    else:
        sealed = _mutate_bytes(sealed, data.draw)
    report = _assert_refused_cleanly(agg, tmp_path, sealed, data.draw(st.booleans()))
    assert report.status in (importer.REJECTED, importer.NEEDS_TRUST)


def test_every_refusal_is_a_package_error(agg, tmp_path):
    path = tmp_path / "rong.byx"
    path.write_bytes(b"")
    with pytest.raises(PackageError, match="không phải gói dữ liệu Bình Yên"):
        open_package(agg, path)


# ---- the segmented encryption of format 2.1 ----------------------------------------------
UNREADABLE = "Tệp goi.byx: không giải mã được: gói đã bị sửa, bị cắt cụt hoặc hỏng."


def _segmented(forger) -> tuple[bytes, int, list[bytes]]:
    """A well-forged package whose zip takes three segments (an incompressible 2.5 MiB
    attachment): (the file, where the segments start, the sealed segments)."""
    manifest, files = forger.parts()
    files["summary.pdf"] = os.urandom(5 << 19)
    manifest = forger.manifest(files, {"teams": 2})
    sealed = forger.seal(forger.zip(manifest, files))
    start = len(package.MAGIC) + 4 + struct.unpack(">I", sealed[len(package.MAGIC):len(package.MAGIC) + 4])[0]
    size = package.SEGMENT + package.TAG
    segments = [sealed[i:i + size] for i in range(start, len(sealed), size)]
    return sealed, start, segments


def test_a_package_of_several_segments_opens(agg, forger, tmp_path):
    sealed, start, segments = _segmented(forger)
    assert len(segments) == 3 and json.loads(sealed[len(package.MAGIC) + 4:start])["segment"] == package.SEGMENT
    report = run(agg, tmp_path, sealed)
    assert report.status == importer.NEEDS_TRUST and report.tables["teams"].new == 2


@pytest.mark.parametrize("cut", [
    lambda s: s[:2],                        # the last segment dropped: the file ends on a boundary
    lambda s: s[:1],                        # two dropped
    lambda s: [s[0], s[2]],                 # one from the middle dropped
    lambda s: [s[1], s[0], s[2]],           # two swapped
    lambda s: [s[0], s[1], s[1], s[2]],     # one repeated
    lambda s: [s[0], s[1], s[2][:-1]],      # cut one byte short
    lambda s: [s[0], s[1][:100]],           # cut inside a segment
    lambda s: [s[0], s[1], s[2], b"\0"],    # one byte added
])
def test_a_cut_reordered_or_padded_segmented_package_is_refused(agg, forger, tmp_path, cut):
    sealed, start, segments = _segmented(forger)
    report = run(agg, tmp_path, sealed[:start] + b"".join(cut(segments)))
    assert (report.status, report.message) == (importer.REJECTED, UNREADABLE)


@pytest.mark.parametrize("where", [0, package.SEGMENT // 2, package.SEGMENT + package.TAG + 7, -1])
def test_a_flipped_bit_in_any_segment_is_refused(agg, forger, tmp_path, where):
    sealed, start, _ = _segmented(forger)
    flipped = bytearray(sealed)
    flipped[start + where if where >= 0 else where] ^= 0x10
    report = run(agg, tmp_path, bytes(flipped))
    assert (report.status, report.message) == (importer.REJECTED, UNREADABLE)


def test_a_segmented_header_cannot_be_passed_off_as_the_one_piece_layout(agg, forger, tmp_path):
    sealed, start, _ = _segmented(forger)
    header = json.loads(sealed[len(package.MAGIC) + 4:start])
    for edit in ({"segment": None}, {"segment": 1 << 30}, {"nonce": header["nonce_prefix"] + "AAAA"}):
        changed = {k: v for k, v in {**header, **edit}.items() if v is not None}
        if "nonce" in edit:
            del changed["segment"]
        header_bytes = json.dumps(changed, sort_keys=True).encode()
        forged = package.MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes + sealed[start:]
        report = run(agg, tmp_path, forged)
        assert report.status == importer.REJECTED
        assert report.message in (UNREADABLE, "Tệp goi.byx: phần đầu gói bị hỏng hoặc không trọn vẹn.")


# ---- the fast check of canonical record lines ------------------------------------------
def _value(draw, spec: dict):
    kinds = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
    kind = draw(st.sampled_from(kinds))
    if kind == "null":
        return None
    if kind == "string":
        return draw(st.text(max_size=12))  # quotes, backslashes, control and any other characters
    if kind == "integer":
        return draw(st.integers(-2**63, 2**63))
    if kind == "number":
        return draw(st.floats(allow_nan=False, allow_infinity=False) | st.integers(-10**6, 10**6))
    return [_value(draw, spec["items"]) for _ in range(draw(st.integers(0, 3)))]


@FUZZ
@given(st.data())
def test_a_line_the_fast_check_takes_is_one_the_schema_takes_with_the_same_fields(data):
    """reader._canonical: every line it accepts, json.loads and the table's schema accept
    too, with the same uuid, version, dates and data; a line as the exporter writes it
    is taken by it; mutated lines either fail it or are still valid."""
    from storage.exchange import reader
    from storage.exchange.records import TABLES, schema_for

    table = data.draw(st.sampled_from([t for t in TABLES if reader._canonical(t) is not None]))
    fields = schema_for(table)["properties"]["data"]["properties"]
    deleted = data.draw(st.booleans())
    entry = {"uuid": str(uuid.uuid4()), "version": data.draw(st.integers(1, 2**53)),
             "created_at": data.draw(st.text(max_size=20)), "updated_at": data.draw(st.text(max_size=20)),
             "deleted_at": data.draw(st.text(max_size=20)) if deleted else None,
             "data": None if deleted else {name: _value(data.draw, spec) for name, spec in fields.items()}}
    line = json.dumps(entry, ensure_ascii=False, sort_keys=True).encode("utf-8")
    mutated = data.draw(st.booleans())
    if mutated:
        line = _mutate_bytes(line, data.draw)
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return
    found = reader._canonical(table).fullmatch(text)
    if not mutated:
        assert found is not None
    if found is None:
        return
    parsed = json.loads(text)
    reader._validator(table)(parsed)  # raises if the schema refuses it
    assert (found[4], int(found[5]), reader._text(found[3])) == (parsed["uuid"], parsed["version"],
                                                                  parsed["updated_at"])
    assert (None if found[2] == "null" else reader._text(found[2])) == parsed["deleted_at"]
    assert (found[1] != "null") == (parsed["data"] is not None)
    if not mutated:
        assert parsed == entry


@pytest.mark.parametrize("canonical", [True, False])
def test_a_lone_surrogate_in_a_date_refuses_the_line_not_the_import(agg, forger, tmp_path, canonical):
    from storage.exchange import reader
    from storage.exchange.records import schema_for

    fields = schema_for("teams")["properties"]["data"]["properties"]
    every = {name: {"string": "Tổ số 1", "integer": 1, "number": 1, "array": []}[
        next(t for t in (spec["type"] if isinstance(spec["type"], list) else [spec["type"]]) if t != "null")]
        for name, spec in fields.items()}  # every field, as the exporter writes a line
    lines = [json.dumps(record_line(0), ensure_ascii=False, sort_keys=True),
             json.dumps({**record_line(1), "data": every, "updated_at": "\ud800"}, sort_keys=True)]
    if not canonical:  # the other path: json.loads and the schema
        lines[1] = lines[1].replace('", "', '",  "')
    assert (reader._canonical("teams").fullmatch(lines[1]) is not None) == canonical
    files = {"figures.json": json.dumps(forger.figures, ensure_ascii=False).encode(),
             "records/teams.jsonl": ("\n".join(lines) + "\n").encode()}
    report = run(agg, tmp_path, forger.seal(forger.zip(forger.manifest(files, {"teams": 2}), files)))
    assert report.status == importer.NEEDS_TRUST
    assert (report.tables["teams"].new, report.tables["teams"].rejected) == (1, 1)
    assert report.tables["teams"].reasons == ["từ chối dòng 2: ngày giờ chứa ký tự không hợp lệ"]
