"""The public draw (bốc thăm) of resettlement plots, reproducible by anyone.

Before the draw the board publishes the inputs — the entitled households and the free
plots, each list in a fixed order — and the SHA-256 hash of a secret seed it chose
(`commitment`). At the draw the seed is revealed and a value chosen in the room (the
number a household's representative draws, `public_value`) is added, so neither the
board (bound by its published hash) nor anyone in the room alone decides the result.

The rule, in words a household can check with any SHA-256 tool:
1. key of a household = SHA-256 of "<seed>|<public value>|<household code>" (hex);
2. households sorted by key, plots kept in their published order;
3. the first household takes the first plot, and so on; households beyond the number of
   plots wait for the next draw.

Plain Python, no Django: `python -m gpmb.resettlement.draw inputs.json SEED VALUE`
recomputes a published draw."""

from __future__ import annotations

import hashlib
import json
import sys
from typing import Any

RULE = "sha256(seed|public_value|household) ascending; plots in published order"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical(inputs: dict[str, Any]) -> str:
    """The published inputs as the exact text whose hash is published."""
    return json.dumps(inputs, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def draw(inputs: dict[str, Any], seed: str, public_value: str) -> list[tuple[str, str]]:
    """(household code, plot number) pairs of a draw, in the order drawn. `inputs` holds
    `households` (codes) and `plots` (numbers), as published."""
    households = list(inputs["households"])
    plots = list(inputs["plots"])
    if len(set(households)) != len(households) or len(set(plots)) != len(plots):
        raise ValueError("a household or a plot is listed twice")
    keyed = sorted(households, key=lambda code: (sha256(f"{seed}|{public_value}|{code}"), code))
    return list(zip(keyed, plots, strict=False))


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print("usage: python -m gpmb.resettlement.draw INPUTS.json SEED PUBLIC_VALUE")
        return 2
    with open(argv[1], encoding="utf-8") as f:
        inputs = json.load(f)
    for household, plot in draw(inputs, argv[2], argv[3]):
        print(f"{household}\t{plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
