"""Bình Yên: the entry point. With no command it opens the desktop app; the commands
run the same storage and printing functions without a screen."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

VERSION = "0.1.0"

# argparse speaks English; these are the phrases it prints, in Vietnamese.
_ARGPARSE_VI = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "tham số không hiểu được: %s",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)",
    "expected one argument": "cần một giá trị",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "ambiguous option: %(option)s could match %(matches)s":
        "tùy chọn mơ hồ: %(option)s có thể là %(matches)s",
    "expected at least one argument": "cần ít nhất một giá trị",
}
argparse._ = lambda text: _ARGPARSE_VI.get(text, text)  # noqa: SLF001 (argparse looks it up at call time)


class VietnameseParser(argparse.ArgumentParser):
    def error(self, message: str):
        raise CommandError(f"Lỗi: {message}. Xem hướng dẫn: python main.py {self.prog.split()[-1]} -h"
                           if " " in self.prog else f"Lỗi: {message}. Xem hướng dẫn: python main.py -h")


class CommandError(Exception):
    """Bad input on the command line: one Vietnamese line, exit code 2."""


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” không phải số nguyên") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"phải là số dương (đang là {value})")
    return value


def _any_int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” không phải số nguyên") from None


def build_parser() -> argparse.ArgumentParser:
    parser = VietnameseParser(prog="main.py", description="Bình Yên: sổ sách phong trào toàn dân "
                              "bảo vệ an ninh Tổ quốc cho Công an cấp xã.")
    parser.add_argument("--db", help="tệp dữ liệu (mặc định trong thư mục dữ liệu của người dùng)")
    parser.add_argument("--user", help="tài khoản cán bộ (mật khẩu lấy từ biến BINHYEN_PASSWORD hoặc hỏi)")
    parser.add_argument("--version", action="version", version=f"Bình Yên {VERSION}")
    commands = parser.add_subparsers(dest="command", parser_class=VietnameseParser,
                                     title="các lệnh", metavar="LỆNH")

    def command(name: str, help_text: str):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--db", help="tệp dữ liệu", default=argparse.SUPPRESS)
        sub.add_argument("--user", help="tài khoản cán bộ", default=argparse.SUPPRESS)
        return sub

    init = command("init", "khởi tạo tệp dữ liệu cho một đơn vị")
    init.add_argument("--role", choices=["station", "aggregator"], required=True,
                      help="station: Công an xã; aggregator: cấp trên tổng hợp")
    init.add_argument("--province", help="mã hoặc tên tỉnh, thành phố")
    init.add_argument("--commune", help="mã hoặc tên xã, phường, đặc khu")
    init.add_argument("--name", help="tên đơn vị (khi danh mục không có)")
    init.add_argument("--parent", help="cơ quan cấp trên trực tiếp")
    init.add_argument("--superior", help="đơn vị nhận báo cáo")
    init.add_argument("--place", help="địa danh ghi ngày tháng")

    demo = command("demo", "tạo tệp dữ liệu mẫu của một xã")
    demo.add_argument("--households", type=_positive_int, default=3000, help="số hộ (mặc định 3.000)")
    demo.add_argument("--seed", type=_any_int, default=1, help="hạt giống ngẫu nhiên")
    demo.add_argument("--province", type=_positive_int, help="chỉ chọn xã trong tỉnh có mã này")

    search = command("search", "tìm người, hộ, tổ, vụ việc hòa giải (gõ không dấu cũng được)")
    search.add_argument("query", help="nội dung cần tìm")
    search.add_argument("--limit", type=_positive_int, default=50, help="số kết quả tối đa")
    search.add_argument("--json", action="store_true", help="in mỗi kết quả một dòng JSON")

    stats = command("stats", "số liệu phong trào của một kỳ")
    stats.add_argument("--period", help="2026, 2026-H1, 2026-Q3, 2026-05 hoặc 2026-01-15..2026-06-14")
    stats.add_argument("--json", action="store_true", help="in JSON")
    stats.add_argument("--by-station", action="store_true", help="cấp trên: thêm số liệu từng xã")

    command("fonts", "phông chữ dùng cho PDF")

    key = command("key", "xuất khóa công khai của cấp trên để gửi các xã")
    key.add_argument("--out", required=True, help="tệp khóa, ví dụ tinh.pub")
    trust = command("trust", "ghi nhận khóa công khai của cấp trên (tại xã)")
    trust.add_argument("file", help="tệp khóa cấp trên gửi về")
    export = command("export", "xuất gói số liệu một kỳ gửi cấp trên")
    export.add_argument("--period", required=True, help="kỳ báo cáo")
    export.add_argument("--full", action="store_true", help="gửi toàn bộ dữ liệu, không chỉ thay đổi trong kỳ")
    export.add_argument("--out", required=True, help="tệp gói sẽ ghi")
    importer = command("import", "nhập gói của các xã (cấp trên)")
    importer.add_argument("files", nargs="+", help="các tệp gói hoặc thư mục chứa gói")
    importer.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì")
    importer.add_argument("--json", action="store_true", help="in mỗi gói một dòng JSON")
    importer.add_argument("--trust-new", action="store_true",
                          help="tin cậy khóa của xã gửi lần đầu (đã so dấu vân tay với bản giấy)")
    importer.add_argument("--receipts", help="thư mục ghi biên nhận (mặc định cạnh tệp gói)")
    report = command("report", "báo cáo kỳ (cấp trên: tổng hợp các xã) ra PDF hoặc Excel")
    report.add_argument("--period", required=True, help="kỳ báo cáo")
    report.add_argument("--out", required=True, help="tệp .pdf hoặc .xlsx")
    stations = command("stations", "các xã đã và chưa gửi số liệu một kỳ (cấp trên)")
    stations.add_argument("--period", required=True, help="kỳ báo cáo")
    stations.add_argument("--json", action="store_true", help="in JSON")
    receipt = command("receipt", "xem biên nhận cấp trên gửi lại (tại xã)")
    receipt.add_argument("file", help="tệp biên nhận")
    backup = command("backup", "sao lưu tệp dữ liệu")
    backup.add_argument("--out", help="tệp sao lưu (mặc định trong thư mục backups cạnh tệp dữ liệu)")
    restore = command("restore", "khôi phục từ một bản sao lưu (bản hiện tại được sao lưu trước)")
    restore.add_argument("file", help="tệp sao lưu")
    command("check", "kiểm tra toàn vẹn, khóa ngoại và chuỗi nhật ký thao tác")

    printer = command("print", "in văn bản ra tệp PDF")
    kinds = printer.add_subparsers(dest="document", parser_class=VietnameseParser, title="văn bản",
                                   metavar="VĂN_BẢN", required=True)

    def document(name: str, help_text: str):
        sub = kinds.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--db", help="tệp dữ liệu", default=argparse.SUPPRESS)
        sub.add_argument("--user", help="tài khoản cán bộ", default=argparse.SUPPRESS)
        sub.add_argument("--out", required=True, help="tệp PDF sẽ ghi")
        return sub

    pledges_cmd = document("pledges", "bản cam kết của một địa bàn và danh sách hộ ký")
    pledges_cmd.add_argument("--area", required=True, help="tên hoặc mã địa bàn")
    pledges_cmd.add_argument("--date", help="ngày tổ chức ký (ngày/tháng/năm), mặc định hôm nay")
    pledges_cmd.add_argument("--place", help="nơi tổ chức ký")
    document("minutes", "biên bản sơ kết, tổng kết, họp").add_argument("--review", required=True,
                                                                         help="mã cuộc họp")
    document("mediation", "biên bản hòa giải").add_argument("--case", required=True, help="mã vụ việc")
    logbook = document("logbook", "sổ theo dõi hoạt động hòa giải ở cơ sở")
    logbook.add_argument("--team", required=True, help="tên hoặc mã tổ hòa giải")
    logbook.add_argument("--period", required=True, help="kỳ, ví dụ 2026")
    roster = document("roster", "danh sách thành viên tổ")
    roster.add_argument("--team", help="tên hoặc mã tổ")
    roster.add_argument("--area", help="tên hoặc mã địa bàn (mọi tổ của địa bàn)")
    patrols_cmd = document("patrols", "nhật ký tuần tra")
    patrols_cmd.add_argument("--team", required=True, help="tên hoặc mã tổ")
    patrols_cmd.add_argument("--period", required=True, help="kỳ, ví dụ 2026-Q1")
    document("report", "báo cáo kết quả phong trào").add_argument("--period", required=True, help="kỳ báo cáo")
    return parser


def actor_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name on some service accounts
        return "dòng lệnh"


def resolve_db(args) -> Path:
    from storage.paths import default_db_path

    return Path(args.db) if getattr(args, "db", None) else default_db_path()


def open_existing(args):
    from storage.db import open_database
    from storage.errors import DatabaseFileError
    from storage.unit import has_unit

    path = resolve_db(args)
    if not path.exists():
        raise CommandError(f"Không tìm thấy tệp dữ liệu {path}. Hãy kiểm tra đường dẫn --db "
                           "hoặc tạo tệp bằng lệnh init hay demo.")
    try:
        db = open_database(path, create=False)
    except DatabaseFileError as error:
        raise CommandError(str(error)) from error
    if not has_unit(db):
        db.close()
        raise CommandError(f"Tệp {path} chưa được khởi tạo đơn vị; hãy chạy lệnh init.")
    try:
        args.actor, args.account = who_is_working(db, path, getattr(args, "user", None))
    except BaseException:
        db.close()
        raise
    if args.command in WRITING_COMMANDS and args.account is not None and not args.account.can_write:
        db.close()
        raise CommandError("Tài khoản chỉ xem không được chạy lệnh này.")
    if args.command in ADMIN_COMMANDS and args.account is not None and not args.account.is_admin:
        db.close()
        raise CommandError("Chỉ tài khoản quản trị mới được chạy lệnh này.")
    return db


WRITING_COMMANDS = {"print", "export", "import", "trust", "backup"}
ADMIN_COMMANDS = {"restore"}


def who_is_working(db, path: Path, user: str | None):
    """(name for the audit trail, account or None). With --user, the account's password
    comes from BINHYEN_PASSWORD or is asked for. Without it, the person who owns the data
    file works as its local administrator (the README says so)."""
    import os

    from storage import accounts

    if user:
        password = os.environ.get("BINHYEN_PASSWORD")
        if password is None:
            if not sys.stdin.isatty():
                raise CommandError("Thiếu mật khẩu: đặt biến môi trường BINHYEN_PASSWORD hoặc chạy trong cửa sổ lệnh.")
            password = getpass.getpass(f"Mật khẩu của {user}: ")
        account = accounts.login(db, user, password)
        return account.full_name, account
    if os.name == "posix" and path.stat().st_uid != os.getuid():
        raise CommandError("Tệp dữ liệu thuộc người dùng khác; hãy dùng --user TÀI_KHOẢN.")
    return actor_name(), None


def cmd_init(args) -> int:
    from storage.db import open_database
    from storage.unit import ROLE_LABELS, initialise

    path = resolve_db(args)
    if path.exists() and path.stat().st_size > 0:
        raise CommandError(f"Tệp {path} đã có dữ liệu; hãy chọn tên tệp khác.")
    db = open_database(path)
    try:
        unit = initialise(db, actor_name(), role=args.role, province=args.province,
                          commune=args.commune, name=args.name, parent=args.parent,
                          superior=args.superior, place_name=args.place)
    except BaseException:
        db.close()
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    print(f"Đã khởi tạo {unit.station_name} ({ROLE_LABELS[unit.role]}) tại {path}.")
    print(f"Cơ quan cấp trên: {unit.parent_body}. Đơn vị nhận báo cáo: {unit.superior_unit or '—'}.")
    db.close()
    return 0


def cmd_demo(args) -> int:
    from storage import demo
    from storage.unit import get_unit

    path = resolve_db(args)

    def progress(done: int, total: int, message: str) -> None:
        print(f"[{done}/{total}] {message}", file=sys.stderr, flush=True)

    db = demo.generate(path, households_count=args.households, seed=args.seed,
                       province_code=args.province, progress=progress)
    station = get_unit(db)
    print(f"Đã tạo dữ liệu mẫu của {station.station_name} ({station.province_name}) tại {path}.")
    db.close()
    return 0


def cmd_search(args) -> int:
    from storage.search import KINDS, search

    db = open_existing(args)
    hits = search(db, args.query, limit=args.limit)
    for hit in hits:
        if args.json:
            print(json.dumps(hit.as_json(), ensure_ascii=False))
        else:
            print(f"{KINDS[hit.kind]:<18} {hit.name}" + (f"  ({hit.area})" if hit.area else ""))
    if not args.json:
        print(f"Tìm thấy {len(hits)} kết quả cho “{args.query}”.", file=sys.stderr)
    db.close()
    return 0


def cmd_stats(args) -> int:
    from storage.figure_labels import lines
    from storage.periods import station_period
    from storage.stats import period_figures
    from storage.unit import get_unit

    db = open_existing(args)
    period = station_period(db, args.period)
    if get_unit(db).role == "aggregator":
        from storage.exchange.aggregate import aggregate

        figures = aggregate(db, period, by_station=args.by_station)
        if "areas" not in figures:
            db.close()
            raise CommandError(f"Chưa có xã nào gửi số liệu {period.label}.")
    else:
        figures = period_figures(db, period)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        print(f"{get_unit(db).station_name}: số liệu {period.label} "
              f"({period.start:%d/%m/%Y} – {period.end:%d/%m/%Y})")
        width = max(len(label) for label, _ in lines(figures))
        for label, value in lines(figures):
            print(f"{label:<{width}}  {value:>10}")
    db.close()
    return 0


def cmd_fonts(args) -> int:
    from printing.fonts import register

    print(register().describe())
    return 0


def cmd_print(args) -> int:
    from printing.render import render
    from storage import printouts

    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise CommandError(f"Tệp ra phải có đuôi .pdf (đang là “{out.name}”).")
    if not out.parent.exists():
        raise CommandError(f"Không có thư mục {out.parent}; hãy tạo thư mục trước.")
    db = open_existing(args)
    try:
        if args.document == "roster" and not (args.team or args.area):
            raise CommandError("Lỗi: cần --team hoặc --area. Xem hướng dẫn: python main.py print roster -h")
        wanted = {name: getattr(args, name, None) for name in ("area", "team", "review", "case", "period",
                                                               "date", "place")}
        job = printouts.gather(db, args.actor, args.document, **printouts.options_from_text(db, **wanted))
        from storage.wording import margins

        rendered = render(job.data, out, margins=margins(db))
        printouts.finish(db, args.actor, job)
    finally:
        db.close()
    print(f"Đã ghi {rendered.pages} trang vào {out}.")
    return 0


def cmd_key(args) -> int:
    from storage.exchange import keys
    from storage.files import write_atomically

    db = open_existing(args)
    try:
        text = keys.public_key_file(db)
        fingerprint = keys.fingerprint(keys.encryption_public(db))
    finally:
        db.close()
    write_atomically(Path(args.out), text.encode("utf-8"))
    print(f"Đã ghi khóa công khai vào {args.out}. Dấu vân tay: {fingerprint}")
    print("Gửi tệp này cho các xã; đọc dấu vân tay qua điện thoại để xã đối chiếu.")
    return 0


def cmd_trust(args) -> int:
    from storage.exchange import keys

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp khóa {path}.")
    db = open_existing(args)
    try:
        fingerprint = keys.trust_superior(db, args.actor, path.read_text(encoding="utf-8", errors="replace"))
    finally:
        db.close()
    print(f"Đã ghi nhận khóa của cấp trên. Dấu vân tay: {fingerprint}")
    print("Hãy đối chiếu dấu vân tay này với cấp trên trước khi gửi gói.")
    return 0


def cmd_export(args) -> int:
    from printing.attachments import package_attachments
    from storage.exchange import package
    from storage.periods import station_period

    db = open_existing(args)
    try:
        period = station_period(db, args.period)
        plan = package.plan(db, period, args.full)
        print(plan.describe())
        if plan.encrypted_for is None:
            print("CẢNH BÁO: chưa có khóa cấp trên (lệnh trust); tệp sẽ không được mã hóa.", file=sys.stderr)
        manifest = package.export(db, args.actor, period, Path(args.out), full=args.full,
                                  attach=package_attachments)
    finally:
        db.close()
    print(f"Đã ghi gói số {manifest['sequence']} vào {args.out}.")
    return 0


def _package_files(items: list[str]) -> list[Path]:
    """Files as named; for a folder, the packages in it."""
    from storage.exchange.importer import is_package

    paths = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and is_package(p))
            if not found:
                raise CommandError(f"Thư mục {path} không có gói nào của Bình Yên.")
            paths += found
        elif path.is_file():
            paths.append(path)
        else:
            raise CommandError(f"Không tìm thấy tệp {path}.")
    return paths


def cmd_import(args) -> int:
    from storage.exchange import importer

    paths = _package_files(args.files)
    db = open_existing(args)
    try:
        reports = importer.import_packages(db, args.actor, paths, dry_run=args.dry_run, trust_new=args.trust_new)
        if not args.dry_run:
            for path, report in zip(paths, reports):  # accepted, waiting or refused: each gets one
                importer.write_receipt(db, report, Path(args.receipts) if args.receipts else path.parent)
    finally:
        db.close()
    for report in reports:
        print(json.dumps(report.as_json(), ensure_ascii=False) if args.json else report.describe())
    bad = [r for r in reports if r.status in (importer.REJECTED, importer.NEEDS_TRUST)]
    if bad and not args.json:
        print(f"{len(bad)}/{len(reports)} gói chưa được nhận.", file=sys.stderr)
    return 1 if bad else 0


def cmd_report(args) -> int:
    from printing.render import render
    from printing.xlsx import figures_workbook
    from storage import printouts
    from storage.files import write_atomically
    from storage.periods import station_period
    from storage.stats import period_figures
    from storage.unit import get_unit
    from storage.wording import margins

    out = Path(args.out)
    if out.suffix.lower() not in (".pdf", ".xlsx"):
        raise CommandError(f"Tệp ra phải có đuôi .pdf hoặc .xlsx (đang là “{out.name}”).")
    db = open_existing(args)
    try:
        period = station_period(db, args.period)
        if get_unit(db).role == "aggregator":
            data, totals = printouts.consolidated_report(db, period)
            if out.suffix.lower() == ".xlsx":
                values, per_station, columns = printouts.consolidated_rows(totals)
                write_atomically(out, figures_workbook(f"Tổng hợp {period.label}", values,
                                                       per_station=per_station, columns=columns))
            else:
                render(data, out, margins=margins(db))
        elif out.suffix.lower() == ".xlsx":
            write_atomically(out, figures_workbook(f"Số liệu {period.label}",
                                                   printouts.figure_values(period_figures(db, period))))
        else:
            render(printouts.period_report(db, period), out, margins=margins(db))
    finally:
        db.close()
    print(f"Đã ghi báo cáo {period.label} vào {out}.")
    return 0


def cmd_stations(args) -> int:
    from storage.exchange.aggregate import reporting_grid
    from storage.periods import station_period

    db = open_existing(args)
    try:
        period = station_period(db, args.period)
        grid = reporting_grid(db, period.code)
    finally:
        db.close()
    if args.json:
        print(json.dumps([g.__dict__ for g in grid], ensure_ascii=False, indent=1))
        return 0
    done = sum(g.reported for g in grid)
    print(f"{done}/{len(grid)} đơn vị đã gửi số liệu {period.label}.")
    for g in grid:
        mark = "đã gửi" if g.reported else "CHƯA GỬI"
        last = f" (gói gần nhất số {g.last_sequence}, kỳ {g.last_period})" if g.last_sequence else ""
        print(f"  {mark:<9} {g.commune_name}{last}")
    return 0


def cmd_receipt(args) -> int:
    from storage.exchange.importer import read_receipt

    db = open_existing(args)
    try:
        body = read_receipt(db, Path(args.file))
    finally:
        db.close()
    report = body["report"]
    print(f"Biên nhận của {body['aggregator']} (dấu vân tay {body['aggregator_fingerprint']}), "
          f"lúc {body['received_at']}:")
    print(f"  Gói số {report.get('sequence')}, kỳ {report.get('period')}: {report['status']}. {report.get('message', '')}")
    print("  Khớp với gói đã xuất tại đây." if body["matches_export"] else
          "  CẢNH BÁO: không khớp với gói nào đã xuất tại đây.")
    return 0


def cmd_backup(args) -> int:
    from storage import backup

    path = resolve_db(args)
    db = open_existing(args)
    try:
        if args.out:
            target = backup.backup_to_file(db, Path(args.out))
        else:
            target = backup.make_backup(db, path, "thu-cong")
    finally:
        db.close()
    print(f"Đã sao lưu vào {target}.")
    return 0


def cmd_restore(args) -> int:
    from storage import backup, lock

    path, source = resolve_db(args), Path(args.file)
    if not source.is_file():
        raise CommandError(f"Không tìm thấy bản sao lưu {source}.")
    if not path.exists():
        raise CommandError(f"Không tìm thấy tệp dữ liệu {path}.")
    open_existing(args).close()  # who restores, and whether they may
    if source.suffix.lower() == ".byb":  # an encrypted copy from the second place
        import os
        import tempfile

        password = os.environ.get("BINHYEN_BACKUP_PASSWORD")
        if password is None:
            if not sys.stdin.isatty():
                raise CommandError("Thiếu mật khẩu bản sao lưu: đặt biến BINHYEN_BACKUP_PASSWORD.")
            password = getpass.getpass("Mật khẩu bản sao lưu: ")
        source = backup.decrypt_copy(source, password, Path(tempfile.mkdtemp()) / (source.stem + ".db"))
    allowed, holder = lock.acquire(path, args.actor)
    if not allowed:
        raise CommandError(f"Tệp dữ liệu đang được mở trên {holder.host} (tiến trình {holder.pid}); "
                           "hãy đóng Bình Yên ở đó trước khi khôi phục.")
    try:
        safety = backup.restore(path, source, args.actor)
    finally:
        lock.release(path)
    print(f"Đã khôi phục từ {source.name}. Bản trước khi khôi phục được giữ ở {safety}.")
    return 0


def cmd_check(args) -> int:
    from storage import integrity

    db = open_existing(args)
    try:
        results = integrity.full_check(db)
    finally:
        db.close()
    for result in results:
        print(f"{'Đạt' if result.ok else 'LỖI':<5} {result.name}: {result.detail}")
    return 0 if all(r.ok for r in results) else 1


def cmd_gui(args) -> int:
    try:
        from ui.app import run
    except ImportError as error:
        raise CommandError(f"Không mở được giao diện: thiếu thư viện ({error.name}). "
                           "Hãy cài lại bằng lệnh make run.") from error
    return run(getattr(args, "db", None))


COMMANDS = {"init": cmd_init, "demo": cmd_demo, "search": cmd_search, "stats": cmd_stats,
            "fonts": cmd_fonts, "print": cmd_print, "key": cmd_key, "trust": cmd_trust, "export": cmd_export,
            "import": cmd_import, "report": cmd_report, "stations": cmd_stations, "receipt": cmd_receipt,
            "backup": cmd_backup, "restore": cmd_restore, "check": cmd_check}


def main(argv: list[str] | None = None) -> int:
    from storage.errors import StorageError

    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")  # Vietnamese on a Windows console too
    try:
        args = build_parser().parse_args(argv)
        handler = COMMANDS.get(args.command, cmd_gui)
        return handler(args)
    except (CommandError, StorageError) as error:
        print(str(error).splitlines()[0] if str(error) else "Lỗi không rõ.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader stopped early (| head): nothing more to say
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
