"""The station's way in (issue 15): the size of the one-folder bundle, how long the program
takes to show its first window started from the bundle and from source (`python main.py`),
measured in the same run, and the first print on a PC without Times New Roman or Liberation
(BINHYEN_NO_SYSTEM_FONTS=1) against a later one, from source (the variable Noto Serif is
cut at run time) and from the bundle (static fonts made at build time).

Needs `make bundle` first (dist/binhyen); without it, says so and stops."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, machine

BUNDLE = ROOT / "dist" / "binhyen"
SHOWN_FOR_MS = 300  # ui/smoke.py keeps the first window up this long before quitting
RUNS = 5


def drop_caches() -> bool:
    """A cold start: the kernel forgets the files it read (needs root; else False)."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def timed(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
    return time.perf_counter() - start


def environment(data: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BINHYEN_")}
    env.update(QT_QPA_PLATFORM="offscreen", BINHYEN_DATA_DIR=str(data), **extra)
    return env


def size() -> None:
    files = [p for p in BUNDLE.rglob("*") if p.is_file() and not p.is_symlink()]
    total = sum(p.stat().st_size for p in files)
    print(f"bundle: {total / 2**20:.0f} MiB in {len(files)} files")
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "binhyen.tar.gz"
        subprocess.run(["tar", "czf", str(archive), "-C", str(BUNDLE.parent), BUNDLE.name], check=True)
        print(f"bundle as tar.gz: {archive.stat().st_size / 2**20:.0f} MiB")


def start(work: Path, db: Path, db_source: Path) -> None:
    programs = {"bundle": [str(BUNDLE / "binhyen"), "--db", str(db)],
                "python main.py": [sys.executable, str(ROOT / "main.py"), "--db", str(db_source)],
                "bundle binhyen-cli search": [str(BUNDLE / "binhyen-cli"), "search", "--db", str(db), "nguyen"],
                "python main.py search": [sys.executable, str(ROOT / "main.py"), "search", "--db",
                                          str(db_source), "nguyen"]}
    for name, command in programs.items():
        window = "search" not in name
        env = environment(work / "data", **({"BINHYEN_SMOKE": "1"} if window else {}))
        less = SHOWN_FOR_MS / 1000 if window else 0
        cold = timed(command, env) - less if drop_caches() else None
        warm = [timed(command, env) - less for _ in range(RUNS)]
        what = "first window" if window else "command"
        cold_text = f"cold {cold * 1000:.0f} ms, " if cold is not None else "(no cold start: not root) "
        print(f"{name}: {what} {cold_text}warm median {statistics.median(warm) * 1000:.0f} ms ({RUNS} runs)")


def first_print(work: Path, db: Path, db_source: Path) -> None:
    programs = {"from source": ([sys.executable, str(ROOT / "main.py")], db_source),
                "bundle": ([str(BUNDLE / "binhyen-cli")], db)}
    for name, (program, db) in programs.items():
        data = work / f"data-{name.replace(' ', '-')}"   # nothing cut or cached yet
        env = environment(data, BINHYEN_NO_SYSTEM_FONTS="1")
        command = program + ["print", "report", "--db", str(db), "--period", "2026", "--out", str(work / "bc.pdf")]
        first = timed(command, env)
        later = statistics.median(timed(command, env) for _ in range(3))
        print(f"print without system fonts, {name}: first {first:.2f} s, later {later:.2f} s")


def main() -> int:
    if not (BUNDLE / "binhyen-cli").exists():
        print("no dist/binhyen: run `make bundle` first; skipped")
        return 0
    print(machine())
    size()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = work / "demo.db"
        subprocess.run([str(BUNDLE / "binhyen-cli"), "demo", "--db", str(db), "--households", "3000",
                        "--seed", "1"], env=environment(work / "data"), check=True, capture_output=True)
        # Each its own copy: a source tree newer than the bundle may upgrade the file.
        db_source = work / "demo-source.db"
        shutil.copyfile(db, db_source)
        start(work, db, db_source)
        first_print(work, db, db_source)
    return 0


if __name__ == "__main__":
    sys.exit(main())
