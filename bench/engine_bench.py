"""Engine benchmark: synthetic households (fixed seed) priced with the demo pack.

    python bench/engine_bench.py [N]

Prints the time (wall and CPU: the VM is shared, compare CPU) to parse facts, to compute
(engine alone, no database), to compute one household, and to hash every result. Each
timed phase starts after gc.collect(), as timeit does, so that no phase pays for the
cyclic collector's pass over what the phase before allocated (after parsing 20,000
households that pass costs 0.2–0.3 s and would land on whichever phase comes next).
Targets (issue 5): 20,000 households of ~10 lines ≤ 1.2 s; one household ≤ 50 ms.
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gpmb.engine import CaseFacts, compute, compute_many, find_pack

SEED = 20260101
RUNS = 5
SEGMENTS = ["ho-sen-cau-rao-2/le-chan", "ho-sen-cau-rao-2/an-bien"]
COMMUNES = {
    "ho-sen-cau-rao-2/le-chan": "phuong-le-chan",
    "ho-sen-cau-rao-2/an-bien": "phuong-an-bien",
}
CLASSES = ["nha-cap-3", "nha-cap-4", "nha-tam"]
TREES = [("nhan", "A"), ("nhan", "B"), ("vai", ""), ("chuoi", ""), ("cau", "")]


def household(rng: random.Random, i: int) -> dict[str, Any]:
    seg = rng.choice(SEGMENTS)
    members = [{"id": f"m{j}", "direct_farmer": j == 0} for j in range(rng.randint(1, 7))]
    agri = rng.randint(200, 1500)
    area_odt = rng.randint(40, 180)
    return {
        "case_id": f"HS-{i:06d}",
        "commune": COMMUNES[seg],
        "commune_kind": "ward",
        "dates": {"notice": "2026-02-01", "valuation": "2026-06-15"},
        "members": members,
        "agricultural_area_in_use": str(agri + rng.randint(0, 2000)),
        "relocating": rng.random() < 0.4,
        "parcels": [
            {
                "ref": f"{i}-odt",
                "land_use_code": "ODT",
                "segment": seg,
                "position": rng.choice(["VT1", "VT2", "VT3", "VT4"]),
                "certificate_area": str(area_odt),
                "measured_area": str(area_odt),
                "recovered_area": str(area_odt - (rng.randint(1, 30) if rng.random() < 0.3 else 0)),
                "remainder_recovery": rng.random() < 0.5,
            },
            {
                "ref": f"{i}-luc",
                "land_use_code": rng.choice(["LUC", "BHK", "CLN", "NTS"]),
                "position": "VT1",
                "certificate_area": str(agri),
                "measured_area": str(agri),
                "recovered_area": str(agri - rng.randint(0, 150)),
                "remainder_recovery": False,
            },
        ],
        "items": [
            {
                "id": "S1",
                "kind": "structure",
                "class": rng.choice(CLASSES),
                "category": "house",
                "quantity": str(rng.randint(30, 150)),
                "built_on": "2008-05-01",
            },
            {
                "id": "T1",
                "kind": "tree",
                "species": (t := rng.choice(TREES))[0],
                "subgroup": t[1],
                "quantity": str(rng.randint(5, 60)),
                "area": str(rng.randint(100, 600)),
            },
            {"id": "G1", "kind": "grave", "type": rng.choice(["earth", "built"])},
            {"id": "M1", "kind": "moving"},
        ]
        + (
            [
                {
                    "id": "S2",
                    "kind": "structure",
                    "class": "tuong-rao",
                    "category": "other",
                    "meets_standard": False,
                    "quantity": str(rng.randint(5, 40)),
                    "years_used": str(rng.randint(1, 25)),
                }
            ]
            if rng.random() < 0.3
            else []
        ),
        "support": {"rental_months": rng.randint(1, 12)} if rng.random() < 0.3 else {},
        "unpaid_obligations": rng.choice([0, 0, 0, 10_000_000, 50_000_000]),
        "handover": {
            "first_payment": "2026-07-01",
            "handed_over": f"2026-07-{rng.randint(2, 20):02d}",
        },
    }


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 20_000
    rng = random.Random(SEED)
    pack = find_pack("hai-phong-demo-2026")
    raw = [household(rng, i) for i in range(n)]

    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    facts = [CaseFacts.from_dict(d) for d in raw]
    t_parse, c_parse = time.perf_counter() - t0, time.process_time() - c0
    del facts
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    facts = CaseFacts.from_dicts(raw)
    t_batch, c_batch = time.perf_counter() - t0, time.process_time() - c0

    # The batch is computed RUNS times, each from scratch (the previous results freed
    # first): the first run in a fresh process, then a long-running process's steady state.
    walls, cpus = [], []
    for _ in range(RUNS):
        results = None
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        results = compute_many(facts, pack)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    n_lines = sum(len(r.lines) for r in results)

    singles = []
    for f in facts[:200]:
        t0 = time.perf_counter()
        compute(f, pack)
        singles.append(time.perf_counter() - t0)

    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    digests = [r.digest for r in results]
    t_hash, c_hash = time.perf_counter() - t0, time.process_time() - c0

    c0 = time.process_time()
    x = 0
    for i in range(10_000_000):
        x += i
    t_loop = time.process_time() - c0

    print(f"households: {n:,}   lines: {n_lines:,} ({n_lines / n:.1f} per household)")
    print(
        f"machine: 10M-iteration Python loop takes {t_loop:.2f} s CPU "
        "(a typical 2024 laptop: about 0.4 s)"
    )
    print(f"parse facts (from_dict loop):  {t_parse:7.3f} s wall, {c_parse:.3f} s CPU")
    print(f"parse facts (from_dicts):      {t_batch:7.3f} s wall, {c_batch:.3f} s CPU")
    print(
        f"compute, engine alone, first:  {walls[0]:7.3f} s wall, {cpus[0]:.3f} s CPU "
        "(target ≤ 1.2 s for 20,000)"
    )
    print(
        f"  median / best of {RUNS}:         {statistics.median(walls):7.3f} / {min(walls):.3f} s"
        f" wall, {statistics.median(cpus):.3f} / {min(cpus):.3f} s CPU"
    )
    print(
        f"one household, median / max:  {statistics.median(singles) * 1e3:7.3f} ms / "
        f"{max(singles) * 1e3:.3f} ms   (target ≤ 50 ms)"
    )
    print(
        f"sha256 digests (all results):  {t_hash:7.3f} s wall, {c_hash:.3f} s CPU "
        f"({len(set(digests)):,} distinct)"
    )
    print(f"net total of all households:   {sum(r.totals['net'] for r in results):,} đồng")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
