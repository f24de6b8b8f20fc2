"""The load test of issue 9 point 12: 50 logged-in users for 3 minutes over the main pages,
on `gpmb serve` with PostgreSQL and the demo at its default size (1,500 households).

    pip install -e '.[bench]'
    python bench/load/run.py [--database-url postgres://postgres@127.0.0.1:5432/gpmb_bench]
                             [--households 1500] [--users 50] [--duration 180]
                             [--think 1,5] [--workers N] [--threads N] [--reuse]

Builds a fresh database (DROPPED and created again: give it a scratch name) with
`gpmb migrate`, `gpmb demo`, `gpmb compute` for both projects and 50 bench users
(bench/load/targets.py), starts `gpmb serve` on a free loopback port, and runs locust
headless: the users log in while they are spawned (one a second), the statistics are
reset --settle seconds after the last one, and the measured window lasts --duration
seconds (logins are not in it). Prints,
per page, requests, errors and p50/p95/p99, and writes locust's CSV files to bench/out/.
Only 127.0.0.1 is ever contacted; every loop is bounded by --duration."""

from __future__ import annotations

import argparse
import csv
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"
PASSWORD = "Bench-load-2026!"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gpmb(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "gpmb", *args], env=env, cwd=ROOT, check=True)


def recreate_database(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/gpmb_bench")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--households", type=int, default=1500)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=1.0)
    parser.add_argument(
        "--settle", type=int, default=15, help="seconds after the last login before measuring"
    )
    parser.add_argument("--duration", type=int, default=180)
    parser.add_argument("--think", default="1,5", help="seconds between clicks: min,max")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--reuse", action="store_true", help="keep the database of a last run")
    args = parser.parse_args()

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="gpmb-load-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "SESSION_"))}
    env.update(
        DATABASE_URL=args.database_url,
        GPMB_DATA_DIR=str(data_dir),
        GPMB_DEMO_PASSWORD=PASSWORD,
        BENCH_PASSWORD=PASSWORD,
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="ERROR",
    )
    targets = data_dir / "targets.json"
    if not (args.reuse and targets.exists()):
        recreate_database(args.database_url)
        started = time.perf_counter()
        gpmb(env, "migrate", "-v0")
        gpmb(env, "demo", "--households", str(args.households))
        gpmb(env, "compute", "--project", "hs-cr2")
        gpmb(env, "compute", "--project", "an-hung-cvcx")
        print(f"setup: {time.perf_counter() - started:.0f} s")
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load" / "targets.py"), str(targets)],
        env=env, cwd=ROOT, check=True,
    )  # fmt: skip

    port = free_port()
    serve = [sys.executable, "-m", "gpmb", "serve", "--port", str(port), "--no-access-log"]
    if args.workers:
        serve += ["--workers", str(args.workers)]
    if args.threads:
        serve += ["--threads", str(args.threads)]
    server = subprocess.Popen(serve, env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit("gpmb serve did not start")
                time.sleep(0.3)
        OUT.mkdir(parents=True, exist_ok=True)
        ramp = int(args.users / args.spawn_rate) + args.settle
        env.update(BENCH_TARGETS=str(targets), BENCH_THINK=args.think, BENCH_RESET_AFTER=str(ramp))
        load_before = os.getloadavg()
        cpu: dict[str, dict[str, float]] = {}
        # CPU seconds used in the measured window by the server, PostgreSQL, locust and the
        # whole machine (the rest is other people's work on a shared machine).
        timers = [
            threading.Timer(at, lambda key=key: cpu.__setitem__(key, cpu_seconds(server.pid)))
            for key, at in (("start", ramp), ("end", ramp + args.duration - 1))
        ]
        for timer in timers:
            timer.start()
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "load" / "locustfile.py"),
             "--headless", "-u", str(args.users), "-r", str(args.spawn_rate),
             "-t", f"{ramp + args.duration}s", "--only-summary",
             "--csv", str(OUT / "load"), "-H", f"http://127.0.0.1:{port}",
             "--stop-timeout", "10", "--exit-code-on-error", "0"],
            env=env, cwd=ROOT, check=True, timeout=ramp + args.duration + 120,
        )  # fmt: skip
        load_after = os.getloadavg()
        for timer in timers:
            timer.cancel()
    finally:
        server.terminate()
        server.wait(timeout=60)
    report(OUT / "load_stats.csv", args, load_before, load_after)
    if "start" in cpu and "end" in cpu:
        used = {k: cpu["end"][k] - cpu["start"].get(k, 0.0) for k in cpu["end"]}
        print(
            "CPU seconds in the measured window ({:.0f} s wall, 2 cores = {:.0f} CPU s): "
            "machine {machine:.0f}, gpmb serve {server:.0f}, "
            "PostgreSQL (all databases) {postgres:.0f}, locust {locust:.0f}, "
            "everything else {other:.0f}".format(
                used["wall"], 2 * used["wall"], **used,
                other=used["machine"] - used["server"] - used["postgres"] - used["locust"],
            )
        )  # fmt: skip


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU seconds so far of the server, PostgreSQL and locust (each with its children,
    also those that have exited: gunicorn recycles workers, PostgreSQL backends come and
    go with connections) and of the whole machine."""
    import psutil  # a dependency of locust

    def tree(proc: psutil.Process) -> float:
        total = 0.0
        for p in [proc, *proc.children(recursive=True)]:
            try:
                t = p.cpu_times()
                total += t.user + t.system + t.children_user + t.children_system
            except psutil.Error:
                pass
        return total

    postgres = locust = 0.0
    for p in psutil.process_iter(["name", "cmdline", "ppid"]):
        try:
            cmdline = " ".join(p.info["cmdline"] or [])
            if p.info["name"] == "postgres" and psutil.Process(p.info["ppid"]).name() != "postgres":
                postgres += tree(p)  # the postmaster and its backends
            elif "-m locust" in cmdline:
                locust += tree(p)
        except psutil.Error:
            pass
    machine = psutil.cpu_times()
    return {
        "wall": time.monotonic(),
        "server": tree(psutil.Process(server_pid)),
        "postgres": postgres,
        "locust": locust,
        "machine": machine.user + machine.system + machine.nice,
    }


def report(path: Path, args: argparse.Namespace, before: tuple, after: tuple) -> None:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    print()
    print(
        f"{args.users} users, {args.duration} s measured, think time {args.think} s, "
        f"demo {args.households} households; load average before {before[0]:.2f}, "
        f"after {after[0]:.2f} (1 min)"
    )
    print("| Page | Requests | Errors | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        if row["Name"].startswith("login") and row["Request Count"] == "0":
            continue
        print(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{row['50%']} | {row['95%']} | {row['99%']} | {float(row['Max Response Time']):.0f} |"
        )
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print(f"throughput {float(total['Requests/s']):.1f} requests/s")


if __name__ == "__main__":
    main()
