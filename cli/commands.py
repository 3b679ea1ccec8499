"""Each command: read the arguments, call one operation, print its result (text or
--json). Commands hold no logic the app lacks."""

from __future__ import annotations

import getpass
import json
import os
import sys
from pathlib import Path

from cli.parser import CommandError
from cli.session import open_existing, owner, refuse_read_only, resolve_db


def cmd_init(args) -> int:
    from operations import maintenance
    from storage.records.unit import ROLE_LABELS

    path = resolve_db(args)
    unit = maintenance.init(None, owner(), path, role=args.role, province=args.province,
                            commune=args.commune, name=args.name, parent=args.parent,
                            superior=args.superior, place_name=args.place).value
    print(f"Đã khởi tạo {unit.station_name} ({ROLE_LABELS[unit.role]}) tại {path}.")
    print(f"Cơ quan cấp trên: {unit.parent_body}. Đơn vị nhận báo cáo: {unit.superior_unit or '—'}.")
    return 0


def cmd_demo(args) -> int:
    from operations import maintenance

    path = resolve_db(args)

    def progress(done: int, total: int, message: str) -> None:
        print(f"[{done}/{total}] {message}", file=sys.stderr, flush=True)

    station = maintenance.demo(None, owner(), path, households=args.households, seed=args.seed,
                               province=args.province, progress=progress).value
    print(f"Đã tạo dữ liệu mẫu của {station.station_name} ({station.province_name}) tại {path}.")
    return 0


def cmd_search(args) -> int:
    from operations import records
    from storage.query.search import KINDS

    db = open_existing(args)
    try:
        hits = records.search(db, args.actor, args.query, limit=args.limit).value
    finally:
        db.close()
    for hit in hits:
        if args.json:
            print(json.dumps(hit.as_json(), ensure_ascii=False))
        else:
            print(f"{KINDS[hit.kind]:<18} {hit.name}" + (f"  ({hit.area})" if hit.area else ""))
    if not args.json:
        print(f"Tìm thấy {len(hits)} kết quả cho “{args.query}”.", file=sys.stderr)
    return 0


def cmd_stats(args) -> int:
    from operations import reports
    from storage.query.figure_labels import lines
    from storage.records.unit import get_unit

    db = open_existing(args)
    try:
        period, figures = reports.figures(db, args.actor, args.period, by_station=args.by_station).value
        unit = get_unit(db)
    finally:
        db.close()
    if unit.role == "aggregator" and "areas" not in figures:
        raise CommandError(f"Chưa có xã nào gửi số liệu {period.label}.")
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        print(f"{unit.station_name}: số liệu {period.label} "
              f"({period.start:%d/%m/%Y} – {period.end:%d/%m/%Y})")
        width = max(len(label) for label, _ in lines(figures))
        for label, value in lines(figures):
            print(f"{label:<{width}}  {value:>10}")
    return 0


def cmd_fonts(args) -> int:
    from operations import maintenance

    print(maintenance.fonts(None, owner()).value.describe())
    return 0


def cmd_print(args) -> int:
    from operations.documents import print_document
    from storage.documents import gather as printouts

    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise CommandError(f"Tệp ra phải có đuôi .pdf (đang là “{out.name}”).")
    if not out.parent.exists():
        raise CommandError(f"Không có thư mục {out.parent}; hãy tạo thư mục trước.")
    if args.document == "roster" and not (getattr(args, "team", None) or getattr(args, "area", None)):
        raise CommandError("Lỗi: cần --team hoặc --area. Xem hướng dẫn: python main.py print roster -h")
    db = open_existing(args)
    try:
        wanted = {name: getattr(args, name, None) for name in ("area", "team", "review", "case", "period",
                                                               "date", "place", "item", "commendation",
                                                               "reintegration")}
        wanted["outside"] = bool(getattr(args, "outside", False))
        printed = print_document(db, args.actor, args.document, out,
                                 **printouts.options_from_text(db, **wanted)).value
    finally:
        db.close()
    print(f"Đã ghi {printed.pages} trang vào {out}.")
    return 0


def cmd_key(args) -> int:
    from operations import exchange

    db = open_existing(args)
    try:
        fingerprint = exchange.save_public_key(db, args.actor, Path(args.out)).value
    finally:
        db.close()
    print(f"Đã ghi khóa công khai vào {args.out}. Dấu vân tay: {fingerprint}")
    if signing := _signing_fingerprint(Path(args.out)):
        print(f"Dấu vân tay khóa ký biên nhận: {signing}")
    print("Gửi tệp này cho các xã; đọc dấu vân tay qua điện thoại để xã đối chiếu.")
    return 0


def cmd_trust(args) -> int:
    from operations import exchange

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp khóa {path}.")
    db = open_existing(args)
    try:
        if args.replace and not args.yes:
            from storage.exchange import keys

            try:  # the same key again needs no confirmation
                return_value = exchange.trust_superior(db, args.actor, path).value
            except keys.KeyReplacement as change:
                if sys.stdin is None or not sys.stdin.isatty():
                    raise CommandError(f"Thay khóa cấp trên (cũ {change.old}, mới {change.new}) cần xác nhận: "
                                       "chạy trong cửa sổ lệnh để được hỏi, hoặc thêm --yes.") from None
                print(f"Khóa cấp trên đang tin cậy: {change.old}\nKhóa mới trong tệp:      {change.new}")
                answer = input("Đã đọc đối chiếu dấu vân tay mới với cấp trên qua điện thoại? Gõ “thay” để thay: ")
                if answer.strip().lower() != "thay":
                    raise CommandError("Không thay khóa cấp trên.") from None
                return_value = exchange.trust_superior(db, args.actor, path, replace=True).value
                print(f"CẢNH BÁO: đã thay khóa cấp trên {change.old} bằng {change.new}; "
                      "việc thay đã ghi vào nhật ký thao tác.", file=sys.stderr)
            fingerprint = return_value
        else:
            fingerprint = exchange.trust_superior(db, args.actor, path, replace=args.replace).value
    finally:
        db.close()
    print(f"Đã ghi nhận khóa của cấp trên. Dấu vân tay: {fingerprint}")
    if signing := _signing_fingerprint(path):
        print(f"Dấu vân tay khóa ký biên nhận: {signing}")
    else:
        print("Tệp khóa này do Bình Yên bản cũ tạo, không kèm khóa ký biên nhận: biên nhận của cấp trên sẽ chưa xác "
              "thực được; hãy xin cấp trên tệp khóa mới.", file=sys.stderr)
    print("Hãy đối chiếu dấu vân tay này với cấp trên trước khi gửi gói.")
    return 0


def _signing_fingerprint(key_file: Path) -> str | None:
    """The fingerprint of the receipt-signing key in a key file (read over the telephone
    too), None for a file made before it carried one."""
    from storage.exchange import keys

    signing = keys.read_public_key_file(key_file.read_text(encoding="utf-8", errors="replace"))[2]
    return keys.fingerprint(signing) if signing else None


def cmd_export(args) -> int:
    from operations import exchange

    db = open_existing(args)
    refuse_read_only(db)
    try:
        plan = exchange.export_plan(db, args.actor, args.period, args.full, args.residents_reason).value
        print(plan.describe())
        if plan.encrypted_for is None:
            print("CẢNH BÁO: chưa có khóa cấp trên (lệnh trust); tệp sẽ không được mã hóa.", file=sys.stderr)
        manifest = exchange.export(db, args.actor, args.period, Path(args.out), full=args.full,
                                   residents_reason=args.residents_reason,
                                   allow_unencrypted=args.unencrypted).value
    finally:
        db.close()
    print(f"Đã ghi gói số {manifest['sequence']} vào {args.out}.")
    return 0


def cmd_import(args) -> int:
    from operations import exchange
    from storage.exchange import importer

    exchange.package_files(args.files)  # a missing file is refused before the data file opens
    db = open_existing(args)
    if not args.dry_run:
        refuse_read_only(db)  # another process writes the file: said before any package is decrypted
    try:
        reports = exchange.import_packages(db, args.actor, args.files, dry_run=args.dry_run,
                                           trust_new=args.trust_new,
                                           receipts=Path(args.receipts) if args.receipts else None).value
    finally:
        db.close()
    for report in reports:
        print(json.dumps(report.as_json(), ensure_ascii=False) if args.json else report.describe())
    bad = [r for r in reports if r.status in importer.NOT_RECEIVED]
    if bad and not args.json:
        print(f"{len(bad)}/{len(reports)} gói chưa được nhận.", file=sys.stderr)
    return 1 if bad else 0


def cmd_report(args) -> int:
    from operations.documents import report
    from storage.query.periods import station_period

    out = Path(args.out)
    if out.suffix.lower() not in (".pdf", ".xlsx"):
        raise CommandError(f"Tệp ra phải có đuôi .pdf hoặc .xlsx (đang là “{out.name}”).")
    db = open_existing(args)
    try:
        period = station_period(db, args.period)
        report(db, args.actor, period, out)
    finally:
        db.close()
    print(f"Đã ghi báo cáo {period.label} vào {out}.")
    return 0


def cmd_stations(args) -> int:
    from operations import reports

    db = open_existing(args)
    try:
        period, grid = reports.stations_grid(db, args.actor, args.period).value
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
    from operations import exchange

    db = open_existing(args)
    try:
        body = exchange.read_receipt(db, args.actor, Path(args.file)).value
    finally:
        db.close()
    report = body["report"]
    if not body["authenticated"]:
        print("CẢNH BÁO: biên nhận CHƯA XÁC THỰC ĐƯỢC: tệp khóa cấp trên đang tin cậy được tạo bởi Bình Yên bản cũ, "
              "không kèm khóa ký biên nhận; hãy xin cấp trên tệp khóa mới (lệnh key) rồi chạy lệnh trust. Biên nhận "
              "chỉ để xem, không thay đổi gì.", file=sys.stderr)
    if body["authenticated"]:
        print(f"Biên nhận của {_shown(body.get('aggregator'))} (dấu vân tay {body['aggregator_fingerprint']}), "
              f"lúc {_shown(body.get('received_at'))}:")
    else:  # the name and fingerprint are what the file claims: no fingerprint shown to compare
        print(f"Biên nhận tự ghi là của {_shown(body.get('aggregator'))} (chưa xác thực được), "
              f"lúc {_shown(body.get('received_at'))}:")
    print(f"  Gói số {_shown(report.get('sequence'))}, kỳ {_shown(report.get('period'))}: "
          f"{_shown(report.get('status'))}. {_shown(report.get('message', ''))}")
    print("  Khớp với gói đã xuất tại đây." if body["matches_export"] else
          "  CẢNH BÁO: không khớp với gói nào đã xuất tại đây.")
    return 0


def _shown(value) -> str:
    """A text a file brought, for one line of the terminal: hidden characters dropped, cut at 300."""
    from storage.exchange.schemas import visible

    return visible(str(value))[:300]


def cmd_backup(args) -> int:
    from operations import maintenance

    db = open_existing(args)
    try:
        target = maintenance.backup(db, args.actor, out=Path(args.out) if args.out else None).value
    finally:
        db.close()
    print(f"Đã sao lưu vào {target}.")
    return 0


def cmd_backups(args) -> int:
    """The backups of the file, newest first; a damaged one says why (exit 1 if any)."""
    from operations import maintenance
    from storage.db import backup

    db = open_existing(args)
    try:
        listed = maintenance.list_backups(db, args.actor, verify=args.verify).value
    finally:
        db.close()
    if not listed:
        print(f"Chưa có bản sao lưu nào trong {backup.folder_for(resolve_db(args))}.")
        return 0
    for info, problem in listed:
        print(f"{info.created:%H:%M %d/%m/%Y}  {backup.reason_label(info.reason)}  {info.size / 1e6:.1f} MB  "
              f"{info.counts.get('people', 0)} người, {info.counts.get('households', 0)} hộ  {info.path.name}"
              + (f"\n  HỎNG: {problem}" if problem else ""))
    return 1 if any(problem for _info, problem in listed) else 0


def cmd_restore(args) -> int:
    from operations import maintenance

    path, source = resolve_db(args), Path(args.file)
    if not source.is_file():
        raise CommandError(f"Không tìm thấy bản sao lưu {source}.")
    if not path.exists():
        raise CommandError(f"Không tìm thấy tệp dữ liệu {path}.")
    password = None
    if source.suffix.lower() == ".byb":  # an encrypted copy from the second place
        password = os.environ.get("BINHYEN_BACKUP_PASSWORD")
        if password is None:
            if not sys.stdin.isatty():
                raise CommandError("Thiếu mật khẩu bản sao lưu: đặt biến BINHYEN_BACKUP_PASSWORD.")
            password = getpass.getpass("Mật khẩu bản sao lưu: ")
    db = open_existing(args)
    safety = maintenance.restore(db, args.actor, source, password=password).value  # closes db
    print(f"Đã khôi phục từ {source.name}. Bản trước khi khôi phục được giữ ở {safety}.")
    return 0


def cmd_check(args) -> int:
    from operations import maintenance

    def steps(done: int, total: int, message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    db = open_existing(args)
    try:  # which step runs (seconds each on a large commune), only to a person at a terminal
        results = maintenance.check(db, args.actor, progress=steps if sys.stderr.isatty() else None).value
    finally:
        db.close()
    for result in results:
        print(f"{'Đạt' if result.ok else 'LỖI':<5} {result.name}: {result.detail}")
    return 0 if all(r.ok for r in results) else 1


COMMANDS = {"init": cmd_init, "demo": cmd_demo, "search": cmd_search, "stats": cmd_stats,
            "fonts": cmd_fonts, "print": cmd_print, "key": cmd_key, "trust": cmd_trust, "export": cmd_export,
            "import": cmd_import, "report": cmd_report, "stations": cmd_stations, "receipt": cmd_receipt,
            "backup": cmd_backup, "backups": cmd_backups, "restore": cmd_restore, "check": cmd_check}

