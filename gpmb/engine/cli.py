"""Command line: compute one case.

    python -m gpmb.engine.cli CASE.json --pack PATH_OR_CODE [--decisions D.json] [--indent 2]

Prints {"status", "totals", "lines", "pack_digest", "digest"} as JSON. Exit code 0 when
computed, 2 for bad input (the messages name the file, path and value). The Django command
`gpmb compute_case` wraps `main`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from .compute import compute
from .facts import CaseFacts, FactsError
from .pack import PackError, find_pack


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser = argparse.ArgumentParser(prog="compute_case", description=__doc__)
    parser.add_argument("case", help="case facts JSON file (docs/compute-case-format.md)")
    parser.add_argument("--pack", required=True, help="pack code or path to a pack YAML file")
    parser.add_argument("--decisions", help="JSON file: decision key -> {choice, reason, by}")
    parser.add_argument("--indent", type=int, default=2)
    args = parser.parse_args(argv)
    try:
        pack = find_pack(args.pack)
        with open(args.case, encoding="utf-8") as fh:
            data = json.load(fh)
        decisions = None
        if args.decisions:
            with open(args.decisions, encoding="utf-8") as fh:
                decisions = json.load(fh)
        facts = CaseFacts.from_dict(data.get("facts", data) if isinstance(data, dict) else data)
        if decisions is None and isinstance(data, dict):
            decisions = data.get("decisions")
    except (PackError, FactsError) as exc:
        prefix = "" if isinstance(exc, PackError) else f"{args.case}: "
        for message in exc.messages:
            print(prefix + message, file=sys.stderr)
        return 2
    except (OSError, json.JSONDecodeError) as exc:
        print(f"{args.case}: {exc}", file=sys.stderr)
        return 2
    result = compute(facts, pack, decisions)
    json.dump(result.to_dict(), out, ensure_ascii=False, indent=args.indent)
    out.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
