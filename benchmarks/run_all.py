"""Runs every benchmark script in turn and prints their figures."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in sorted(HERE.glob("bench_*.py")):
    if script.name == "bench_scale.py":  # builds 40,000- and 80,000-household communes: `make bench-scale`
        continue
    print(f"== {script.name}", flush=True)
    subprocess.run([sys.executable, str(script)], cwd=HERE, check=True)
