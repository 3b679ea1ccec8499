"""The command line's parser, in Vietnamese: argparse's own phrases translated, every
command and option, and the types that refuse bad values with a Vietnamese reason."""

from __future__ import annotations

import argparse

from storage.version import VERSION

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
        raise CommandError(f"Lỗi: {message}. Xem hướng dẫn: python main.py {' '.join(self.prog.split()[1:])} -h"
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


def _period(text: str) -> str:
    """A required --period given empty ("" from a script's unset variable) is refused rather
    than taken for the current year."""
    if not text.strip():
        raise argparse.ArgumentTypeError("chưa ghi kỳ; ví dụ 2026, 2026-H1, 2026-Q3, 2026-05 "
                                         "hoặc 2026-01-15..2026-06-14")
    return text


def _date(text: str) -> str:
    """A --date the documents can print: a real day (dd/mm/yyyy or yyyy-mm-dd) between
    2000 and 2100; empty stays empty (today, or left for handwriting)."""
    from storage.records.validate import parse_date

    if not text.strip():
        return ""
    try:
        day = parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” không phải ngày (ví dụ 15/03/2026)") from None
    if not 2000 <= day.year <= 2100:
        raise argparse.ArgumentTypeError(f"năm của ngày phải từ 2000 đến 2100 (đang là {text})")
    return text


def _place(text: str) -> str:
    """Where the signing is held, printed on the document: at most 200 characters, no control
    characters or bidirectional overrides (a place that prints backwards)."""
    from storage.records.validate import Checker

    check = Checker({"place": text})
    check.text("place", "nơi tổ chức ký", max_len=200)
    if check.errors:
        raise argparse.ArgumentTypeError(next(iter(check.errors.values())).rstrip("."))
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = VietnameseParser(prog="main.py", description="Bình Yên: sổ sách phong trào toàn dân "
                              "bảo vệ an ninh Tổ quốc cho Công an cấp xã.")
    parser.add_argument("--db", help="tệp dữ liệu (mặc định trong thư mục dữ liệu của người dùng)")
    parser.add_argument("--user", help="tài khoản cán bộ (mật khẩu lấy từ biến BINHYEN_PASSWORD hoặc hỏi)")
    parser.add_argument("--version", action="version", version=f"Bình Yên {VERSION}",
                        help="hiện số phiên bản rồi thoát")
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
    stats.add_argument("--json", action="store_true", help="in ra dạng JSON (để máy khác đọc)")
    stats.add_argument("--by-station", action="store_true", help="cấp trên: thêm số liệu từng xã")

    command("fonts", "phông chữ dùng cho PDF")

    key = command("key", "xuất khóa công khai của cấp trên để gửi các xã")
    key.add_argument("--out", required=True, help="tệp khóa, ví dụ tinh.pub")
    trust = command("trust", "ghi nhận khóa công khai của cấp trên (tại xã)")
    trust.add_argument("file", help="tệp khóa cấp trên gửi về")
    trust.add_argument("--replace", action="store_true",
                       help="thay khóa cấp trên đã tin cậy (hỏi xác nhận; chỉ khi cấp trên báo đã đổi khóa)")
    trust.add_argument("--yes", action="store_true", help="không hỏi lại khi thay khóa (đã đối chiếu dấu vân tay)")
    export = command("export", "xuất gói số liệu một kỳ gửi cấp trên")
    export.add_argument("--period", required=True, type=_period, help="kỳ báo cáo")
    export.add_argument("--full", action="store_true", help="gửi toàn bộ dữ liệu, không chỉ thay đổi trong kỳ")
    export.add_argument("--unencrypted", action="store_true",
                        help="xác nhận xuất gói KHÔNG mã hóa khi chưa có khóa cấp trên (ai cầm tệp cũng đọc được)")
    export.add_argument("--residents-reason", dest="residents_reason",
                        help="gửi cả danh sách hộ, cư dân có tên, vì lý do này (mặc định chỉ gửi số lượng "
                             "theo địa bàn)")
    export.add_argument("--out", required=True, help="tệp gói sẽ ghi")
    importer = command("import", "nhập gói của các xã (cấp trên)")
    importer.add_argument("files", nargs="+", help="các tệp gói hoặc thư mục chứa gói")
    importer.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì")
    importer.add_argument("--json", action="store_true", help="in mỗi gói một dòng JSON")
    importer.add_argument("--trust-new", action="store_true",
                          help="tin cậy khóa của xã gửi lần đầu (đã so dấu vân tay với bản giấy)")
    importer.add_argument("--receipts", help="thư mục ghi biên nhận (mặc định cạnh tệp gói)")
    report = command("report", "báo cáo kỳ (cấp trên: tổng hợp các xã) ra PDF hoặc Excel")
    report.add_argument("--period", required=True, type=_period, help="kỳ báo cáo")
    report.add_argument("--out", required=True, help="tệp .pdf hoặc .xlsx")
    stations = command("stations", "các xã đã và chưa gửi số liệu một kỳ (cấp trên)")
    stations.add_argument("--period", required=True, type=_period, help="kỳ báo cáo")
    stations.add_argument("--json", action="store_true", help="in ra dạng JSON (để máy khác đọc)")
    receipt = command("receipt", "xem biên nhận cấp trên gửi lại (tại xã)")
    receipt.add_argument("file", help="tệp biên nhận")
    backup = command("backup", "sao lưu tệp dữ liệu")
    backup.add_argument("--out", help="tệp sao lưu (mặc định trong thư mục backups cạnh tệp dữ liệu)")
    backups = command("backups", "liệt kê các bản sao lưu (bản nào hỏng thì nói rõ)")
    backups.add_argument("--kiem-tra-het", dest="verify", action="store_true",
                         help="đọc lại từng bản và kiểm tra mã băm mọi khối (chậm hơn)")
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
    pledges_cmd.add_argument("--date", type=_date, help="ngày tổ chức ký (ngày/tháng/năm), mặc định hôm nay")
    pledges_cmd.add_argument("--place", type=_place, help="nơi tổ chức ký")
    blank = document("pledge-form", "bản cam kết để trống cho hộ chưa có trong sổ")
    blank.set_defaults(document="pledge_form")
    blank.add_argument("--area", help="tên hoặc mã địa bàn (người xác nhận theo địa bàn)")
    blank.add_argument("--date", type=_date, help="ngày tổ chức ký (ngày/tháng/năm); để trống: viết tay")
    blank.add_argument("--place", type=_place, help="nơi tổ chức ký")
    document("minutes", "biên bản sơ kết, tổng kết, họp").add_argument("--review", required=True,
                                                                         help="mã cuộc họp")
    document("mediation", "biên bản hòa giải").add_argument("--case", required=True, help="mã vụ việc")
    logbook = document("logbook", "sổ theo dõi hoạt động hòa giải ở cơ sở")
    logbook.add_argument("--team", required=True, help="tên hoặc mã tổ hòa giải")
    logbook.add_argument("--period", required=True, type=_period, help="kỳ, ví dụ 2026")
    roster = document("roster", "danh sách thành viên tổ")
    roster.add_argument("--team", help="tên hoặc mã tổ")
    roster.add_argument("--area", help="tên hoặc mã địa bàn (mọi tổ của địa bàn)")
    patrols_cmd = document("patrols", "nhật ký tuần tra")
    patrols_cmd.add_argument("--team", required=True, help="tên hoặc mã tổ")
    patrols_cmd.add_argument("--period", required=True, type=_period, help="kỳ, ví dụ 2026-Q1")
    document("report", "báo cáo kết quả phong trào").add_argument("--period", required=True, type=_period, help="kỳ báo cáo")
    document("invitation", "giấy mời dự sơ kết, tổng kết, họp").add_argument("--review", required=True,
                                                                          help="mã cuộc họp")
    decision = document("team-decision", "quyết định thành lập (kiện toàn) tổ, công nhận tổ trưởng và thành viên")
    decision.set_defaults(document="team_decision")
    decision.add_argument("--team", required=True, help="tên hoặc mã tổ")
    for name, kind, text in (("commendation-proposal", "commendation_proposal", "tờ trình đề nghị khen thưởng"),
                             ("commendation-decision", "commendation_decision",
                              "quyết định khen thưởng (Giấy khen của Chủ tịch Ủy ban nhân dân)")):
        award = document(name, text)
        award.set_defaults(document=kind)
        award.add_argument("--commendation", required=True, help="mã khen thưởng")
    helping = document("reintegration-decision", "quyết định phân công giúp đỡ người tái hòa nhập cộng đồng")
    helping.set_defaults(document="reintegration_decision")
    helping.add_argument("--reintegration", required=True, help="mã trường hợp giúp đỡ")
    ceremony = document("ceremony", "biên bản lễ ký cam kết của một địa bàn")
    ceremony.add_argument("--area", required=True, help="tên hoặc mã địa bàn")
    ceremony.add_argument("--date", type=_date, help="ngày tổ chức ký (ngày/tháng/năm), mặc định hôm nay")
    ceremony.add_argument("--place", type=_place, help="nơi tổ chức ký")
    surrender = document("surrender", "biên bản tiếp nhận vũ khí, vật liệu nổ, công cụ hỗ trợ giao nộp")
    surrender.add_argument("--item", required=True, help="mã lần giao nộp")
    tips_cmd = document("tips", "sổ tiếp nhận tin báo, tố giác (bản lưu ghi người cung cấp tin)")
    tips_cmd.add_argument("--period", required=True, type=_period, help="kỳ, ví dụ 2026")
    tips_cmd.add_argument("--outside", action="store_true", help="bản không ghi người cung cấp tin")
    for family in command_families():
        family.add_commands(command)
    return parser


# Families of commands that live in their own module of cli/: each has
# `add_commands(command)` (command(name, help) returns the sub-parser) and `COMMANDS`
# (name -> handler). The core commands stay in cli/commands.py.
FAMILIES: tuple[str, ...] = ("evaluation", "excel", "accounts", "lock")


def command_families():
    import importlib

    return [importlib.import_module(f"cli.{name}") for name in FAMILIES]

