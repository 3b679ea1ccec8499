"""The year's evaluation on the command line: `evaluate --year YYYY [--json]` (subjects,
the commune's result under TT 124 Điều 5, teams' levels) and `calendar --year YYYY
[--json]` (the year's dates with what is still to do)."""

from __future__ import annotations

import argparse
import json

from cli.session import open_existing, refuse_read_only


def _year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” không phải năm (ví dụ 2026)") from None
    if not 2000 <= value <= 2100:
        raise argparse.ArgumentTypeError(f"năm phải từ 2000 đến 2100 (đang là {value})")
    return value


def add_commands(command) -> None:
    evaluate = command("evaluate", "đánh giá “an toàn về ANTT”, phân loại, xếp loại tổ của một năm")
    evaluate.add_argument("--year", type=_year, required=True, help="năm đánh giá, ví dụ 2026")
    evaluate.add_argument("--json", action="store_true", help="in ra dạng JSON (mã, không nhãn; để máy khác đọc)")
    calendar = command("calendar", "lịch việc trong năm của phong trào và việc còn phải làm")
    calendar.add_argument("--year", type=_year, required=True, help="năm, ví dụ 2026")
    calendar.add_argument("--json", action="store_true", help="in ra dạng JSON (để máy khác đọc)")
    printer = command("print-evaluation", "in bảng chấm điểm, tờ trình, danh sách xếp loại tổ, bảng kê hỗ trợ")
    printer.add_argument("document", choices=["score-sheet", "proposal", "grading", "allowance"],
                         help="score-sheet: bảng chấm điểm; proposal: tờ trình; grading: danh sách xếp loại "
                              "tổ; allowance: bảng kê hỗ trợ Tổ bảo vệ ANTT")
    printer.add_argument("--year", type=_year, required=True, help="năm, ví dụ 2026")
    printer.add_argument("--subject", help="bảng chấm điểm: mã (uuid) của đối tượng; bỏ trống là của xã")
    printer.add_argument("--month", type=int, help="bảng kê: tháng (1–12)")
    printer.add_argument("--out", required=True, help="tệp PDF sẽ ghi")


def _actor(args):
    """The Actor open_existing set (older sessions set a name)."""
    from operations.base import Actor

    return args.actor if isinstance(args.actor, Actor) else Actor(str(args.actor))


def _ratio(value: float) -> str:
    return f"{value * 100:.1f}".replace(".", ",") + "%"


def _points(value) -> str:
    return "—" if value is None else f"{value:g}".replace(".", ",")


def cmd_evaluate(args) -> int:
    from operations.evaluation import year_evaluation
    from storage.query.evaluation import public
    from storage.vocabulary import label

    db = open_existing(args)
    try:
        result = year_evaluation(db, _actor(args), args.year).value
    finally:
        db.close()
    if args.json:
        print(json.dumps(public(result), ensure_ascii=False, indent=2))
        return 0
    commune = result["commune"]
    print(f"Đánh giá “an toàn về ANTT” năm {args.year}")
    print(f"Xã: {'đã' if commune['registered'] else 'chưa'} đăng ký; "
          f"{commune['registered_subjects']}/{commune['subjects']} đối tượng đăng ký, "
          f"{commune['recognised']} đạt ({_ratio(commune['ratio_recognised'])}); "
          f"kết quả: {label('evaluation_result', commune['result'], 'chưa đánh giá xong')}; "
          f"điểm {_points(commune['score'])}, xếp loại {label('classification', commune['class'], '—')}.")
    for reason in commune["_blocking"]:
        print(f"  - {reason}")
    print()
    for s in result["subjects"]:
        pledged = (f", {s['households_pledged']}/{s['households']} hộ ký cam kết"
                   if s["households"] is not None else "")
        print(f"{label('evaluation_subject', s['kind']):<16} {s['name']}: "
              f"{'đã' if s['registered'] else 'chưa'} đăng ký, {s['criteria_met']}/{s['criteria_total']} "
              f"tiêu chí, {label('evaluation_result', s['result'], 'chưa đánh giá xong')}{pledged}")
    if result["teams"]:
        print()
        graded = sum(1 for t in result["teams"] if t["level"])
        print(f"Xếp loại tổ: {graded}/{len(result['teams'])} tổ đã xếp loại")
        for t in result["teams"]:
            print(f"  {t['name']}: {label('grading_level', t['level'], t['_reason'] or 'chưa xếp loại')}")
    return 0


def cmd_calendar(args) -> int:
    from operations.evaluation import year_calendar

    db = open_existing(args)
    try:
        items = year_calendar(db, _actor(args), args.year).value
    finally:
        db.close()
    if args.json:
        print(json.dumps(items, ensure_ascii=False, indent=2))
        return 0
    for item in items:
        day = item["date"]
        print(f"{day[8:10]}/{day[5:7]}/{day[:4]}  {item['title']}")
        for todo in item["todo"]:
            print(f"            - {todo}")
    return 0


def cmd_print_evaluation(args) -> int:
    from operations.evaluation import EVALUATION_DOCUMENTS, print_evaluation

    db = open_existing(args)
    refuse_read_only(db)
    try:
        pages = print_evaluation(db, _actor(args), args.document, args.year, args.out,
                                 subject_uuid=args.subject, month=args.month).value
    finally:
        db.close()
    print(f"Đã in {EVALUATION_DOCUMENTS[args.document]} năm {args.year} ({pages} trang) ra {args.out}.")
    return 0


COMMANDS = {"evaluate": cmd_evaluate, "calendar": cmd_calendar, "print-evaluation": cmd_print_evaluation}
