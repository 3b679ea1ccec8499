"""Excel import benchmark (issue 12): a household book of 20,000 households (about 75,000
people) in one .xlsx, as a station keeps it (title rows, STT, names, birth dates as
dates, years and d/m/yyyy text, CCCD as numbers that lost their leading zeros, relation
to the head, thôn), imported into a fresh station file: total time, and the ratio to
openpyxl's own read-only iteration of the same file in the same run.

Target: ≤ 60 s. Run: python bench_excel.py [--households 20000] [--work DIR]"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

from common import Timer, machine, peak_rss_mb  # noqa: I001 (sets sys.path)

from operations import excel
from operations.base import Actor
from storage.db.connection import open_database
from storage.records import unit
from storage.records.areas import areas

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Long", "Nam", "Phúc", "Quang", "Sơn", "Tuấn"]
GIVEN_F = ["Anh", "Chi", "Dung", "Hà", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Oanh", "Thảo", "Yến"]
AREAS = [f"Thôn {n}" for n in ("Đông", "Đoài", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Tiền", "Hậu",
                               "Đông Hải", "Tây Sơn", "Phú Mỹ", "An Lạc", "Bình Minh", "Hòa Bình",
                               "Tân Lập", "Quyết Thắng", "Đồng Tâm", "Thắng Lợi", "Hưng Long")]


def make_book(path: Path, households: int, seed: int = 1) -> int:
    import openpyxl

    rng = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Sổ hộ")
    sheet.append(["DANH SÁCH HỘ GIA ĐÌNH VÀ NHÂN KHẨU"])
    sheet.append([])
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Quan hệ với chủ hộ",
                  "Thôn/Tổ", "Địa chỉ", "Điện thoại"])
    number, serial = 0, 0

    def person(male: bool, year: int, relation: str, area: str, address: str, phone: bool):
        nonlocal number, serial
        number += 1
        serial += 1
        name = (f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M if male else MIDDLE_F)} "
                f"{rng.choice(GIVEN_M if male else GIVEN_F)}")
        day = rng.randint(1, 28)
        month = rng.randint(1, 12)
        style = serial % 3
        birth = (year if style == 0 else f"{day}/{month}/{year}" if style == 1
                 else __import__("datetime").date(year, month, day))
        cccd = int(f"0{rng.randint(1, 96):02d}{0 if male else 1}{year % 100:02d}{serial:06d}") \
            if year < 2010 else None
        sheet.append([number, name, birth, "Nam" if male else "Nữ", cccd, relation, area, address,
                      f"09{rng.randint(10000000, 99999999)}" if phone else None])

    for index in range(households):
        area = AREAS[index % len(AREAS)]
        address = f"Số {index + 1} đường {rng.randint(1, 40)}"
        head_male = rng.random() < 0.8
        head_year = rng.randint(1945, 1995)
        person(head_male, head_year, "Chủ hộ", area, address, True)
        size = rng.choices([1, 2, 3, 4, 5, 6], weights=[5, 10, 25, 30, 20, 10])[0]  # 3.8 a household
        if size >= 2:
            person(not head_male, head_year + rng.randint(-3, 5), "Vợ" if head_male else "Chồng", None, None, False)
        for _ in range(max(0, size - 2)):
            person(rng.random() < 0.5, min(2024, head_year + rng.randint(20, 35)), "Con", None, None, False)
    book.save(path)
    return number


def openpyxl_iteration(path: Path) -> int:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = 0
    for row in book.active.iter_rows(values_only=True):
        count += 1 if row else 0
    book.close()
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=20000)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-excel-"))
    work.mkdir(parents=True, exist_ok=True)
    book_path = work / f"so-ho-{args.households}.xlsx"
    if not book_path.exists():
        with Timer() as made:
            people = make_book(book_path, args.households)
        print(f"Tạo tệp: {people} người, {made.seconds:.1f} s, {book_path.stat().st_size / 1e6:.1f} MB")
    db_path = work / "xa.db"
    for leftover in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        leftover.unlink(missing_ok=True)
    db = open_database(db_path)
    unit.initialise(db, "bench", role="station", province="Ninh Bình", commune="Thanh Lâm")
    for name in AREAS:
        areas.create(db, "bench", name=name[5:], kind="Thôn")
    with Timer() as baseline:
        rows = openpyxl_iteration(book_path)
    with Timer() as dry:
        excel.preview_import(db, Actor("bench"), book_path)
    with Timer() as imported:
        outcome = excel.import_file(db, Actor("bench"), book_path).value
    plan = outcome.plan
    with Timer() as again:
        repeat = excel.import_file(db, Actor("bench"), book_path).value
    counts = db.conn.execute("SELECT (SELECT count(*) FROM people), (SELECT count(*) FROM households)").fetchone()
    db.close()
    print(f"Máy: {machine()}")
    print(f"openpyxl read-only, chỉ duyệt {rows} dòng: {baseline.seconds:.1f} s")
    print(f"Nhập: {imported.seconds:.1f} s ({plan.summary()}); {counts[0]} người, {counts[1]} hộ "
          f"— tỷ lệ {imported.seconds / baseline.seconds:.1f}× thời gian duyệt của openpyxl; "
          f"bộ nhớ đỉnh {peak_rss_mb():.0f} MB; mục tiêu ≤ 60 s")
    print(f"Chạy thử (đọc, đổi mã, đối chiếu, không ghi): {dry.seconds:.1f} s "
          f"({dry.seconds / baseline.seconds:.1f}×)")
    print(f"Nhập lại cùng tệp: {again.seconds:.1f} s ({repeat.plan.summary()}; "
          f"{'không ghi gì' if repeat.written is None else 'CÓ GHI'})")


if __name__ == "__main__":
    main()
