import json
import subprocess
import sys
from pathlib import Path

import pytest

import main

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *args):
    code = main.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "demo.db"
    assert main.main(["demo", "--db", str(path), "--households", "200", "--seed", "5"]) == 0
    return path


def test_init_station_from_official_list(tmp_path, capsys):
    path = tmp_path / "thanhlam.db"
    code, out, _ = run(capsys, "init", "--db", str(path), "--role", "station", "--province", "37",
                       "--commune", "Thanh Lâm")
    assert code == 0
    assert "Đã khởi tạo Công an xã Thanh Lâm" in out and "Công an tỉnh Ninh Bình" in out
    from storage.db.connection import open_database

    db = open_database(path)
    row = db["unit"].get(1)
    assert (row["province_code"], row["commune_code"], row["place_name"]) == (37, 13489, "Thanh Lâm")


def test_init_aggregator_and_refuse_second_init(tmp_path, capsys):
    path = tmp_path / "tinh.db"
    code, out, _ = run(capsys, "init", "--db", str(path), "--role", "aggregator", "--province", "quang ninh")
    assert code == 0 and "Công an tỉnh Quảng Ninh" in out
    code, _, err = run(capsys, "init", "--db", str(path), "--role", "station", "--name", "X")
    assert code == 2 and "đã có dữ liệu" in err


def test_init_unknown_commune_writes_nothing(tmp_path, capsys):
    path = tmp_path / "none.db"
    code, _, err = run(capsys, "init", "--db", str(path), "--role", "station", "--province", "22",
                       "--commune", "Không Có Thật")
    assert code == 2 and "Không tìm thấy xã/phường" in err
    assert not path.exists()


def test_search_json_lines(demo_db, capsys):
    code, out, _ = run(capsys, "search", "--db", str(demo_db), "nguyen", "--limit", "7", "--json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 7
    for row in rows:
        assert set(row) >= {"kind", "uuid", "name", "area"}
        assert "nguyen" in row["name"].lower().replace("ễ", "e")


def test_stats_json_and_text(demo_db, capsys):
    code, out, _ = run(capsys, "stats", "--db", str(demo_db), "--period", "2026-H1", "--json")
    figures = json.loads(out)
    assert code == 0 and figures["period"]["start"] == "2026-01-01"
    assert figures["households"]["total"] == 200
    code, out, _ = run(capsys, "stats", "--db", str(demo_db), "--period", "2025")
    assert code == 0 and "Tổng số hộ gia đình" in out and "năm 2025" in out


@pytest.mark.parametrize("args, message", [
    (["stats", "--period", "2026-13"], "Kỳ báo cáo “2026-13” không hợp lệ"),
    (["search"], "thiếu tham số bắt buộc"),
    (["search", "x", "--limit", "-3"], "phải là số dương"),
    (["demo", "--households", "abc"], "không phải số nguyên"),
    (["bogus"], "lựa chọn không hợp lệ"),
])
def test_bad_input_exits_2_with_one_vietnamese_line(demo_db, capsys, args, message):
    with_db = args[:1] + ["--db", str(demo_db)] + args[1:] if args[0] != "bogus" else args
    code, out, err = run(capsys, *with_db)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_missing_database_file(tmp_path, capsys):
    code, _, err = run(capsys, "stats", "--db", str(tmp_path / "missing.db"))
    assert code == 2 and "Không tìm thấy tệp dữ liệu" in err
    assert not (tmp_path / "missing.db").exists()


def test_subprocess_prints_no_traceback(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "stats", "--db",
                             str(tmp_path / "nope.db"), "--period", "xyz"],
                            capture_output=True, text=True, encoding="utf-8", cwd=ROOT)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.strip()


def test_fonts_command(capsys):
    code, out, _ = run(capsys, "fonts")
    assert code == 0 and out.startswith("Phông chữ PDF: ")
    assert "bold:" in out and ".ttf" in out


def test_print_pledges_for_an_area(demo_db, tmp_path, capsys):
    from pypdf import PdfReader

    from storage.db.connection import open_database

    db = open_database(demo_db)
    area = db.conn.execute("SELECT name, id FROM areas ORDER BY id LIMIT 1").fetchone()
    households = db.conn.execute("SELECT count(*) FROM households WHERE area_id = ?", (area[1],)).fetchone()[0]
    db.close()
    out = tmp_path / "cam-ket.pdf"
    code, text, _ = run(capsys, "print", "pledges", "--db", str(demo_db), "--area", area[0], "--date",
                        "05/12/2026", "--out", str(out))
    assert code == 0
    pages = len(PdfReader(str(out)).pages)
    assert text.strip() == f"Đã ghi {pages} trang vào {out}."
    assert pages > households
    db = open_database(demo_db)
    statuses = {r[0] for r in db.conn.execute(
        "SELECT p.status FROM pledges p JOIN households h ON h.id = p.household_id "
        "WHERE h.area_id = ? AND p.ceremony_date = '2026-12-05'", (area[1],))}
    assert statuses == {"printed"}


@pytest.mark.parametrize("args, message", [
    (["pledges", "--area", "Không Có"], "Không có địa bàn nào tên hoặc mã “Không Có”"),
    (["minutes", "--review", "00000000-0000-0000-0000-000000000000"], "Không có cuộc sơ kết, tổng kết nào"),
    (["report", "--period", "2026-H3"], "Kỳ báo cáo “2026-H3” không hợp lệ"),
    (["roster"], "cần --team hoặc --area"),
    (["logbook", "--team", "x"], "thiếu tham số bắt buộc: --period"),
])
def test_print_bad_input_writes_nothing(demo_db, tmp_path, capsys, args, message):
    out = tmp_path / "x.pdf"
    code, _, err = run(capsys, "print", args[0], "--db", str(demo_db), *args[1:], "--out", str(out))
    assert code == 2 and message in err and "Traceback" not in err
    assert not out.exists()


def test_print_refuses_other_file_types(demo_db, tmp_path, capsys):
    code, _, err = run(capsys, "print", "report", "--db", str(demo_db), "--period", "2026",
                       "--out", str(tmp_path / "bao-cao.docx"))
    assert code == 2 and "đuôi .pdf" in err


def test_exchange_commands_end_to_end(tmp_path, capsys):
    import zipfile

    agg, station = tmp_path / "tinh.db", tmp_path / "xa.db"
    assert run(capsys, "init", "--db", str(agg), "--role", "aggregator", "--province", "22")[0] == 0
    code, out, _ = run(capsys, "key", "--db", str(agg), "--out", str(tmp_path / "tinh.pub"))
    assert code == 0 and "Dấu vân tay:" in out
    assert main.main(["demo", "--db", str(station), "--households", "40", "--seed", "3", "--province", "22"]) == 0
    capsys.readouterr()
    code, out, err = run(capsys, "export", "--db", str(station), "--period", "2026", "--out", str(tmp_path / "a.byx"))
    assert code == 2 and "gói sẽ KHÔNG được mã hóa" in err and not (tmp_path / "a.byx").exists()  # not confirmed
    code, out, err = run(capsys, "export", "--db", str(station), "--period", "2026", "--out", str(tmp_path / "a.byx"),
                         "--unencrypted")
    assert code == 0 and "CẢNH BÁO" in err and "KHÔNG được mã hóa" in out
    plain = (tmp_path / "a.byx").read_bytes()
    archive = zipfile.ZipFile(__import__("io").BytesIO(plain[plain.index(b"PK\x03\x04"):]))
    assert {"manifest.json", "manifest.sig", "figures.json", "summary.pdf", "figures.xlsx"} <= set(archive.namelist())
    code, out, _ = run(capsys, "trust", "--db", str(station), str(tmp_path / "tinh.pub"))
    assert code == 0 and "Đã ghi nhận khóa của cấp trên" in out
    code, out, err = run(capsys, "export", "--db", str(station), "--period", "2026", "--out", str(tmp_path / "b.byx"))
    assert code == 0 and "Mã hóa cho: Công an tỉnh Quảng Ninh" in out and "CẢNH BÁO" not in err
    code, out, _ = run(capsys, "import", "--db", str(agg), str(tmp_path / "b.byx"), "--dry-run", "--json")
    assert code == 1 and json.loads(out)["status"] == "chờ xác nhận khóa"
    code, out, _ = run(capsys, "import", "--db", str(agg), str(tmp_path), "--trust-new", "--json")
    statuses = [json.loads(line)["status"] for line in out.splitlines()]
    assert code == 0 and statuses == ["nhận", "nhận"]  # both packages of the folder
    assert (tmp_path / "b.bien-nhan.json").exists()
    code, out, _ = run(capsys, "receipt", "--db", str(station), str(tmp_path / "b.bien-nhan.json"))
    assert code == 0 and "Khớp với gói đã xuất tại đây." in out
    code, out, _ = run(capsys, "stats", "--db", str(agg), "--period", "2026", "--json", "--by-station")
    totals = json.loads(out)
    assert totals["households"]["total"] == 40 and len(totals["by_station"]) == 1
    for suffix in ("pdf", "xlsx"):
        code, out, _ = run(capsys, "report", "--db", str(agg), "--period", "2026", "--out",
                           str(tmp_path / f"tong-hop.{suffix}"))
        assert code == 0 and (tmp_path / f"tong-hop.{suffix}").stat().st_size > 1000
    code, out, _ = run(capsys, "stations", "--db", str(agg), "--period", "2026")
    assert code == 0 and out.startswith("1/54 đơn vị đã gửi số liệu năm 2026.")


def test_import_of_a_foreign_file_exits_non_zero(tmp_path, capsys):
    agg = tmp_path / "tinh.db"
    run(capsys, "init", "--db", str(agg), "--role", "aggregator", "--province", "22")
    bogus = tmp_path / "ghi-chu.byx"
    bogus.write_text("không phải gói", encoding="utf-8")
    code, out, _ = run(capsys, "import", "--db", str(agg), str(bogus))
    assert code == 1 and "không phải gói dữ liệu Bình Yên" in out
