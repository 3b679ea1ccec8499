"""excel-import and excel-export: a station's existing lists in, any list out."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from cli.session import open_existing

IMPORT_KINDS = ("auto", "people", "households", "teams", "members", "mediation")


def add_commands(command) -> None:
    from storage.excel.writer import EXPORT_KINDS

    importer = command("excel-import", "nhập danh sách từ Excel (.xlsx, .xls, .csv; cả phông TCVN3, VNI)")
    importer.add_argument("file", help="tệp bảng tính")
    importer.add_argument("--kind", choices=IMPORT_KINDS, default="auto",
                          help="loại danh sách (mặc định: tự nhận ra theo dòng tiêu đề)")
    importer.add_argument("--sheet", help="tên trang (mặc định: trang đầu tiên có danh sách)")
    importer.add_argument("--area", help="thôn/tổ cho các dòng không ghi thôn/tổ")
    importer.add_argument("--create-areas", action="store_true",
                          help="tạo thôn/tổ chưa có trong danh sách địa bàn")
    importer.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì")
    importer.add_argument("--json", action="store_true", help="in mỗi dòng một đối tượng JSON")
    exporter = command("excel-export", "xuất một danh sách ra tệp Excel (.xlsx)")
    exporter.add_argument("--kind", required=True, choices=list(EXPORT_KINDS), help="danh sách cần xuất")
    exporter.add_argument("--area", help="chỉ thôn/tổ này")
    exporter.add_argument("--out", required=True, help="tệp .xlsx sẽ ghi")


def cmd_excel_import(args) -> int:
    from operations import excel
    from storage.excel.plan import STATUS_LABELS, describe_row

    options = {"kind": args.kind, "sheet": args.sheet, "area": args.area,
               "create_areas": args.create_areas}
    db = open_existing(args)
    try:
        if args.dry_run:
            outcome = excel.preview_import(db, args.actor, Path(args.file), **options).value
        else:
            outcome = excel.import_file(db, args.actor, Path(args.file), **options).value
    finally:
        db.close()
    plan = outcome.plan
    if args.json:
        for row in plan.rows:
            print(json.dumps(row.as_json(), ensure_ascii=False))
    else:
        for row in plan.rows:
            print(describe_row(row))
    written = outcome.written
    head = (f"Tệp {outcome.file_name}, trang “{plan.sheet}”, dòng tiêu đề {plan.table.header_row}: "
            f"{plan.summary()}.")
    if plan.new_areas:
        head += " Địa bàn mới: " + ", ".join(plan.new_areas) + "."
    if not plan.rows:
        tail = (f"Trang “{plan.sheet}” không có dòng dữ liệu nào dưới dòng tiêu đề (dòng "
                f"{plan.table.header_row}); hãy kiểm tra đúng tệp, đúng trang (--sheet), chưa ghi gì.")
    elif args.dry_run:
        tail = "Chạy thử: chưa ghi gì."
    elif written is None:
        tail = ("Không có gì thay đổi: mọi dòng đã có giống hệt trong sổ hoặc bị từ chối (xem lý do "
                "từng dòng ở trên).")
    else:
        tail = (f"Đã ghi: {written.created_count} hồ sơ mới, {written.updated_count} hồ sơ cập nhật "
                f"(lần nhập số {written.import_id}; hoàn tác trong Tệp → Lịch sử nhập).")
    print(head, file=sys.stderr)
    print(tail, file=sys.stderr)
    if args.json:
        print(json.dumps({"tổng_kết": {s: plan.count(s) for s in STATUS_LABELS},
                          "ghi": None if written is None else {"mới": written.created_count,
                                                              "cập_nhật": written.updated_count,
                                                              "lần_nhập": written.import_id},
                          "chạy_thử": args.dry_run}, ensure_ascii=False))
    return 0


def cmd_excel_export(args) -> int:
    from operations import excel

    db = open_existing(args)
    try:
        count = excel.export_kind(db, args.actor, args.kind, Path(args.out), area=args.area).value
    finally:
        db.close()
    print(f"Đã xuất {count} dòng ra {args.out}.")
    return 0


COMMANDS = {"excel-import": cmd_excel_import, "excel-export": cmd_excel_export}
