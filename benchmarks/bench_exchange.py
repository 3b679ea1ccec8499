"""Exchange benchmark (issue 5): 100 stations of 3,000 households (demo seeds 1 to 100
in one province, each exported in full), imported into one aggregator: total time, rows
per second against raw executemany of the same rows in the same run, peak resident
memory of the importing process, then the province report.

Targets: ≥ 0.2× the raw insert rate, ≤ 500 MB peak, report ≤ 10 s.
Run: python bench_exchange.py [--stations 100] [--households 3000] [--work DIR]"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from common import Timer, machine, peak_rss_mb  # noqa: I001 (sets sys.path)

from storage import demo
from storage.db.connection import open_database
from storage.exchange import importer, keys, package
from storage.query.figure_labels import format_number as n
from storage.query.periods import parse_period
from storage.records import unit

PROVINCE = 22
PERIOD = "2026"


def make_packages(work: Path, stations: int, households: int) -> list[Path]:
    """The aggregator and one full package per station (kept in `work` for reruns)."""
    aggregator_path = work / "tinh-mau.db"
    if not aggregator_path.exists():
        db = open_database(aggregator_path)
        unit.initialise(db, "bench", role="aggregator", province=PROVINCE)
        db.close()
    db = open_database(aggregator_path)
    public = keys.public_key_file(db)
    db.close()
    files = []
    for seed in range(1, stations + 1):
        target = work / f"goi-{seed:03d}.byx"
        if not target.exists():
            station_path = work / f"xa-{seed:03d}.db"
            station_path.unlink(missing_ok=True)
            station = demo.generate(station_path, households_count=households, seed=seed, province_code=PROVINCE)
            keys.trust_superior(station, "bench", public)
            package.export(station, "bench", parse_period(PERIOD), target, full=True)
            station.close()
            for leftover in (station_path, Path(f"{station_path}-wal"), Path(f"{station_path}-shm")):
                leftover.unlink(missing_ok=True)
            print(f"  gói {seed}/{stations}", file=sys.stderr, flush=True)
        files.append(target)
    return files


def import_child(work: Path) -> None:
    """In its own process, so its peak memory is the import's alone."""
    import shutil

    from printing.render import render
    from storage.documents import gather as printouts

    files = sorted(work.glob("goi-*.byx"))
    aggregator = work / "tinh.db"
    for leftover in (aggregator, Path(f"{aggregator}-wal"), Path(f"{aggregator}-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copy(work / "tinh-mau.db", aggregator)
    db = open_database(aggregator)
    with Timer() as total:
        reports = importer.import_packages(db, "bench", files, trust_new=True)
    import_peak = peak_rss_mb()  # before anything else in this process grows it
    accepted = sum(r.status == importer.ACCEPTED for r in reports)
    rows = db.conn.execute("SELECT count(*) FROM station_records").fetchone()[0]
    with Timer() as report_time:
        data, _totals = printouts.consolidated_report(db, parse_period(PERIOD))
        rendered = render(data, work / "bao-cao-tinh.pdf")
    db.close()
    raw_path = work / "raw.db"
    raw_path.unlink(missing_ok=True)
    raw = sqlite3.connect(str(raw_path))
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("PRAGMA synchronous = FULL")
    raw.execute("CREATE TABLE station_records (station_uuid TEXT, table_name TEXT, uuid TEXT, version INTEGER, "
                "updated_at TEXT, deleted_at TEXT, data TEXT, PRIMARY KEY (station_uuid, table_name, uuid)) "
                "WITHOUT ROWID")
    source = open_database(aggregator)
    cursor = source.conn.execute("SELECT * FROM station_records")
    bare_seconds = 0.0
    while True:  # the same rows, read in chunks so the baseline does not hold them all
        chunk = cursor.fetchmany(50_000)
        if not chunk:
            break
        with Timer() as bare:
            with raw:
                raw.executemany("INSERT INTO station_records VALUES (?, ?, ?, ?, ?, ?, ?)", chunk)
        bare_seconds += bare.seconds
    source.close()
    raw.close()
    raw_path.unlink(missing_ok=True)
    print(json.dumps({"packages": len(files), "accepted": accepted, "rows": rows, "seconds": total.seconds,
                      "bare_seconds": bare_seconds, "peak_mb": import_peak, "report_seconds": report_time.seconds,
                      "report_pages": rendered.pages}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stations", type=int, default=100)
    parser.add_argument("--households", type=int, default=3000)
    parser.add_argument("--work", help="thư mục giữ các gói giữa các lần chạy")
    parser.add_argument("--import-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_child:
        import_child(Path(args.import_child))
        return
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="binhyen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    with Timer() as making:
        make_packages(work, args.stations, args.households)
    result = json.loads(subprocess.run([sys.executable, __file__, "--import-child", str(work)], check=True,
                                       capture_output=True, text=True).stdout.strip().splitlines()[-1])
    ours, bare = result["rows"] / result["seconds"], result["rows"] / result["bare_seconds"]
    print(f"Máy: {machine()}")
    print(f"Chuẩn bị {args.stations} gói ({n(args.households)} hộ mỗi xã): {making.seconds:.0f} s")
    print(f"Nhập {result['packages']} gói ({result['accepted']} nhận), {n(result['rows'])} hồ sơ: "
          f"{result['seconds']:.1f} s, {n(round(ours))} hồ sơ/s")
    print(f"executemany trần cùng các dòng: {result['bare_seconds']:.1f} s, {n(round(bare))} dòng/s; "
          f"tỷ lệ {ours / bare:.2f}× (mục tiêu ≥ 0,2×)")
    print(f"Bộ nhớ đỉnh của tiến trình nhập: {result['peak_mb']:.0f} MB (mục tiêu ≤ 500 MB)")
    print(f"Báo cáo tổng hợp tỉnh ({result['report_pages']} trang PDF): {result['report_seconds']:.2f} s "
          f"(mục tiêu ≤ 10 s)")


if __name__ == "__main__":
    main()
