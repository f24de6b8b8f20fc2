"""Every writer of what the dashboards' progress rows are derived from announces the
cases it changed (gpmb.core.changes), or is named here with the reason it need not.
A new writer that does neither fails this test: the rows would go stale."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import gpmb

SOURCES = "Case|Step|PlanVersion|CalculationLine|LedgerEntry|Deposit|Handover|Tenure|ParcelImpact"
WRITE = re.compile(
    rf"(insert_rows|update_rows)\(\s*({SOURCES})\b"
    rf"|\b({SOURCES})\.objects\b[^\n]*?\.(create|bulk_create|bulk_update|update|delete)\("
)
ANNOUNCE = ("cases_changed", "households_changed")

# Writers that do not announce, and why.
SILENT = {
    "cases/services.py:steps_generate": "new steps: no done date, no deadline yet",
    "cases/services.py:_transition": "the status: the rows read the steps' dates",
    "cases/services.py:_save_recorded": "inside steps_record, which announces",
    "cases/services.py:_recompute": "inside the step services, which announce",
    "demo/projects.py:_record_fees": "the certification fee: no figure",
    "demo/projects.py:_delete_previous_demo": "deleted cases take their rows (CASCADE)",
    "parcels/importing.py:parcels_write": "areas come from impacts_recompute, which announces",
    "plans/services.py:plan_post": "posted: neither approved nor a new amount",
    "plans/services.py:plan_approve": "its _move, in the same transaction, announces",
}


def _writers() -> dict[str, bool]:
    """Each top-level function writing a source model → whether it announces."""
    root = Path(gpmb.__file__).parent
    out = {}
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts or path == root / "reports" / "progress.py":
            continue
        text = path.read_text(encoding="utf-8")
        for node in ast.parse(text).body:
            if not isinstance(node, ast.FunctionDef):
                continue
            source = ast.get_source_segment(text, node) or ""
            if WRITE.search(source):
                name = f"{path.relative_to(root).as_posix()}:{node.name}"
                out[name] = any(word in source for word in ANNOUNCE)
    return out


def test_every_writer_of_the_rows_sources_announces_its_cases_or_says_why_not():
    writers = _writers()
    assert {name for name, announces in writers.items() if not announces} == set(SILENT)
    # The writers the figures depend on most are among those found and announce.
    for name in (
        "payments/services.py:payment_record",
        "payments/services.py:entry_reverse",
        "payments/services.py:deposit_record",
        "payments/services.py:handover_record",
        "plans/services.py:_move",
        "parcels/overlay.py:impacts_recompute",
        "cases/services.py:steps_schedule",
    ):
        assert writers.get(name) is True, name
