"""Benchmark: build the 20,000-household demo into a fresh SQLite database.

    python bench/demo_bench.py [--households 20000]

Prints the wall time of `gpmb demo` alone (migrations excluded) and the row counts."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=20000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "GPMB_DATA_DIR": data_dir, "GPMB_DEMO_PASSWORD": "bench-only"}
        env.pop("DATABASE_URL", None)
        gpmb = [sys.executable, "-m", "gpmb"]
        subprocess.run([*gpmb, "migrate", "-v0"], env=env, check=True)
        started = time.perf_counter()
        out = subprocess.run(
            [*gpmb, "demo", "--households", str(args.households)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - started
        print(out.stdout.splitlines()[0])
        print(f"gpmb demo --households {args.households}: {elapsed:.1f} s (SQLite, wall time)")


if __name__ == "__main__":
    main()
