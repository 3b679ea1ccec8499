"""Storage benchmark (issue 2): a 20,000-household demo; search latency against a bare
FTS5 query on the same data; insert rate against raw executemany of the same rows.

Targets: demo ≤ 60 s; search p95 ≤ 30 ms and ≤ 3× the bare FTS5 query."""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
from pathlib import Path

from common import Timer, machine, summary_ms

from storage import demo
from storage.db.connection import open_database
from storage.query.figure_labels import format_number as n
from storage.query.search import (
    BROAD,
    DEFAULT_KINDS,
    candidates_sql,
    match_expression,
    ranked_sql,
    search,
)
from storage.records import unit
from storage.records.people import people
from storage.text import fold


def queries_from(db, count: int, rng: random.Random) -> list[str]:
    """What an officer types: a family name, a family name and a given-name prefix,
    a full name without accents, a given name, a CCCD prefix."""
    names = [r[0] for r in db.conn.execute("SELECT full_name FROM people ORDER BY random() LIMIT 400")]
    out = []
    for index in range(count):
        words = fold(rng.choice(names)).split()
        form = index % 5
        if form == 0:
            out.append(words[0])
        elif form == 1:
            out.append(f"{words[0]} {words[-1][:2]}")
        elif form == 2:
            out.append(" ".join(words))
        elif form == 3:
            out.append(words[-1])
        else:
            out.append(rng.choice(names))  # with accents, as typed by some
    return out


def bench_search(db, path: Path, rng: random.Random) -> dict:
    queries = queries_from(db, 200, rng)
    for query in queries[:20]:
        search(db, query, limit=50)  # warm the page cache for both
    ours, bare, bare_ranked = [], [], []
    raw = sqlite3.connect(str(path))
    kinds = DEFAULT_KINDS
    for query in queries:
        with Timer() as t:
            search(db, query, limit=50)
        ours.append(t.seconds)
        expression = match_expression(query)
        # The same FTS5 statements on a bare sqlite3 connection, without building results.
        with Timer() as t:
            rows = raw.execute(candidates_sql(kinds), (expression, BROAD + 1)).fetchall()
            if len(rows) <= BROAD:
                raw.execute(ranked_sql(kinds), (expression, 50)).fetchall()
        bare.append(t.seconds)
        # The naive query: rank every match.
        with Timer() as t:
            raw.execute(ranked_sql(kinds), (expression, 50)).fetchall()
        bare_ranked.append(t.seconds)
    raw.close()
    (median, p95), (bare_median, bare_p95) = summary_ms(ours), summary_ms(bare)
    naive_median, naive_p95 = summary_ms(bare_ranked)
    return {"median": median, "p95": p95, "bare_median": bare_median, "bare_p95": bare_p95,
            "naive_median": naive_median, "naive_p95": naive_p95,
            "ratio_p95": p95 / bare_p95 if bare_p95 else float("inf")}


def bench_inserts(folder: Path, source_db, count: int) -> dict:
    """people.create_many (validation, audit, search index) against sqlite3 executemany of
    the same finished rows into a plain copy of the table, both on files with the same
    pragmas."""
    rows = list(source_db.query(
        "SELECT full_name, gender, birth_date, phone, address, occupation FROM people "
        f"WHERE cccd IS NULL LIMIT {count}"))
    target = open_database(folder / "insert.db")
    unit.initialise(target, "bench", role="station", province=22, commune="Quảng Tân")
    with Timer() as ours:
        for offset in range(0, len(rows), 2000):
            people.create_many(target, "bench", [dict(r) for r in rows[offset:offset + 2000]])
    finished = [tuple(r.values()) for r in target.query("SELECT * FROM people")]
    columns = list(target["people"].columns_dict)
    raw = sqlite3.connect(str(folder / "raw.db"))
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("PRAGMA synchronous = FULL")
    raw.execute(f"CREATE TABLE people ({', '.join(columns)})")
    marks = ", ".join("?" for _ in columns)
    with Timer() as bare:
        for offset in range(0, len(finished), 2000):
            with raw:
                raw.executemany(f"INSERT INTO people VALUES ({marks})", finished[offset:offset + 2000])
    raw.close()
    target.close()
    return {"rows": len(rows), "ours_rate": len(rows) / ours.seconds,
            "bare_rate": len(finished) / bare.seconds,
            "ratio": (len(rows) / ours.seconds) / (len(finished) / bare.seconds)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=20_000)
    args = parser.parse_args()
    rng = random.Random(42)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "demo.db"
        with Timer() as generation:
            db = demo.generate(path, households_count=args.households, seed=1)
        people_count = db["people"].count
        searched = bench_search(db, path, rng)
        inserted = bench_inserts(folder, db, 10_000)
        db.close()
    print(f"Máy: {machine()}")
    print(f"Dữ liệu mẫu {n(args.households)} hộ ({n(people_count)} người): {generation.seconds:.1f} s "
          f"(mục tiêu ≤ 60 s)")
    print(f"Tìm kiếm (200 truy vấn, 50 kết quả): trung vị {searched['median']:.2f} ms, "
          f"p95 {searched['p95']:.2f} ms (mục tiêu ≤ 30 ms)")
    print(f"  FTS5 trần cùng truy vấn: trung vị {searched['bare_median']:.2f} ms, "
          f"p95 {searched['bare_p95']:.2f} ms; tỷ lệ p95 {searched['ratio_p95']:.2f}× (mục tiêu ≤ 3×)")
    print(f"  FTS5 trần xếp hạng mọi kết quả (ORDER BY rank): trung vị {searched['naive_median']:.2f} ms, "
          f"p95 {searched['naive_p95']:.2f} ms")
    print(f"Ghi {n(inserted['rows'])} người qua kho dữ liệu: {n(round(inserted['ours_rate']))} dòng/s; "
          f"executemany trần: {n(round(inserted['bare_rate']))} dòng/s; tỷ lệ {inserted['ratio']:.3f}×")


if __name__ == "__main__":
    main()
