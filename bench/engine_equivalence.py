"""Equivalence check: the bench's households must give identical results across changes.

    python bench/engine_equivalence.py save FILE [N]    # on the reference commit
    python bench/engine_equivalence.py check FILE [N]   # after a change

Stores, per household, a sha256 of the canonical JSON of `facts.to_dict()` and of the
result (status, totals and every line's `to_dict()`, formula text included), plus the
result digest. `check` recomputes and reports every household whose facts or lines differ
(and, separately, how many digests changed: the digest format is allowed to change, the
lines are not).
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine_bench import SEED, household

from gpmb.engine import CaseFacts, compute_many, find_pack


def _h(obj: object) -> str:
    text = json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def snapshot(n: int) -> dict[str, list[str]]:
    rng = random.Random(SEED)
    pack = find_pack("hai-phong-demo-2026")
    raw = [household(rng, i) for i in range(n)]
    facts = [CaseFacts.from_dict(d) for d in raw]
    results = compute_many(facts, pack)
    out = {}
    for f, r in zip(facts, results, strict=True):
        body = {
            "status": r.status,
            "totals": r.totals,
            "lines": [line.to_dict() for line in r.lines],
        }
        out[f.case_id] = [_h(f.to_dict()), _h(body), r.digest]
    return out


def main(argv: list[str]) -> int:
    mode, path = argv[0], Path(argv[1])
    n = int(argv[2]) if len(argv) > 2 else 20_000
    snap = snapshot(n)
    if mode == "save":
        path.write_text(json.dumps(snap))
        print(f"saved {len(snap):,} households to {path}")
        return 0
    ref = json.loads(path.read_text())
    keys = [k for k in snap if k in ref]  # N may be smaller than the saved run
    bad_facts = [k for k in keys if snap[k][0] != ref[k][0]]
    bad_lines = [k for k in keys if snap[k][1] != ref[k][1]]
    digests = sum(snap[k][2] != ref[k][2] for k in keys)
    print(f"households compared: {len(keys):,}")
    print(f"facts.to_dict() differ: {len(bad_facts)} {bad_facts[:5]}")
    print(f"status/totals/lines differ: {len(bad_lines)} {bad_lines[:5]}")
    print(f"digests changed: {digests:,}")
    return 1 if bad_facts or bad_lines or len(keys) != len(snap) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
