"""The demo's legal steps, recorded through the services as the offices would: one
recovery notice per batch served to (almost) every household, the inventory records
over the weeks after it, a few households refusing the inventory (persuasion, then the
compulsory-inventory decision), a few persuasions overdue, and "not applicable" with its
reason where a household let the inventory be done. Each case's status is what these
steps earn; nothing sets one. The plan's steps (draft, posting, appraisal, approval)
come when the plans' own transitions record them."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from gpmb.cases.models import Case, Step
from gpmb.cases.services import (
    StepDocument,
    steps_not_applicable,
    steps_record,
    steps_schedule,
)
from gpmb.policy.services import batch_steps_generate

LABEL = "minh họa"
COOPERATED = f"Hộ phối hợp điều tra, kiểm đếm; không phải vận động, kiểm đếm bắt buộc ({LABEL})"
# How far each batch is, as shares of its households: (notice served, inventoried).
PROGRESS = {
    ("linear", "D1"): (0.98, 0.93),
    ("linear", "D2"): (0.95, 0.85),
    ("area", "D1"): (0.96, 0.9),
}
# Of the notified households not yet inventoried, those refusing the inventory; the
# others are simply late (their inventory overdue against the notice's schedule).
REFUSING = 0.5
# The notice schedules the inventory within this many days (illustrative).
INVENTORY_DAYS = 45


def build_steps_demo(cases: Sequence[Case], seed: int) -> int:
    """Generate and record the steps of the demo's cases; returns how many were
    recorded. Runs inside the demo's transaction."""
    rng = random.Random(seed * 17 + 12)
    by_batch: dict[Any, list[Case]] = defaultdict(list)
    for case in cases:
        by_batch[case.batch].append(case)
    recorded = 0
    for batch, members in by_batch.items():
        batch_steps_generate(batch=batch, cases=members, actor=None)
        recorded += _run_batch(batch, members, rng)
    return recorded


def _signer(case: Case) -> str:
    return f"Chủ tịch UBND {case.commune.name} ({LABEL})"


def _run_batch(batch: Any, members: list[Case], rng: random.Random) -> int:
    notice_day: dt.date = batch.notice_date
    notified_share, inventoried_share = PROGRESS.get((batch.project.kind, batch.code), (0.9, 0.5))
    members = sorted(members, key=lambda c: c.pk)
    shuffled = members[:]
    rng.shuffle(shuffled)
    n_notified = round(len(members) * notified_share)
    notified, late = shuffled[:n_notified], shuffled[n_notified:]
    recorded = 0
    by_commune: dict[int, list[Case]] = defaultdict(list)
    for case in notified:
        by_commune[case.commune_id].append(case)
    # One notice per ward for the batch (the ward chairman signs under delegation,
    # Decree 49/2026 Art. 14), numbered in the ward's register.
    for i, group in enumerate(by_commune.values()):
        number = f"{31 + i * 7}/TB-UBND"
        recorded += steps_record(
            cases=group,
            code="notice",
            done_date=notice_day,
            document=StepDocument(number, notice_day, _signer(group[0])),
            actor=None,
        )
        steps_schedule(
            cases=group,
            code="inventory",
            due_date=notice_day + dt.timedelta(days=INVENTORY_DAYS),
            actor=None,
            reason=f"Thông báo thu hồi đất số {number} ({LABEL})",
        )
    # A few owners could not be reached at first: served later, after publication
    # in the newspaper (Land Law Art. 87(2)(b)); the rest are still opened.
    for j, group in enumerate(_cohorts(late[: len(late) // 2], 2)):
        day = notice_day + dt.timedelta(days=12 + 7 * (j % 2))
        number = f"{60 + j}/TB-UBND"
        recorded += _record(group, "notice", day, number, _signer(group[0]))
        steps_schedule(
            cases=group,
            code="inventory",
            due_date=day + dt.timedelta(days=30),
            actor=None,
            reason=f"Thông báo thu hồi đất số {number} ({LABEL})",
        )
    # The inventory, from a week after the notice, over about six weeks.
    pending = notified[:]
    rng.shuffle(pending)
    n_inventoried = round(len(members) * inventoried_share)
    inventoried, rest = pending[:n_inventoried], pending[n_inventoried:]
    n_refusing = max(1, round(len(rest) * REFUSING)) if rest else 0
    refusing = rest[:n_refusing]
    by_day: dict[dt.date, list[Case]] = defaultdict(list)
    compulsory: list[Case] = []
    for case in inventoried:
        if rng.random() < 0.05:
            compulsory.append(case)  # inventoried only after the compulsory decision
        else:
            by_day[notice_day + dt.timedelta(days=rng.randint(7, INVENTORY_DAYS))].append(case)
    cooperating = [case for group in by_day.values() for case in group]
    if cooperating:
        for code in ("persuasion", "compulsory_inventory"):
            steps_not_applicable(cases=cooperating, code=code, reason=COOPERATED, actor=None)
    for day, group in sorted(by_day.items()):
        recorded += steps_record(
            cases=group,
            code="inventory",
            done_date=day,
            document=StepDocument(f"BB-KĐ/{batch.code}/{day:%d%m}", day, f"Tổ kiểm đếm ({LABEL})"),
            actor=None,
        )
    # Refused, persuaded for 15 days (Land Law Art. 87(2)(đ)), then the compulsory
    # inventory decision once 10 more days had passed, then the inventory: a few
    # cohorts per ward, one record and one decision each.
    for k, group in enumerate(_cohorts(compulsory, 3)):
        persuaded = notice_day + dt.timedelta(days=20 + 3 * (k % 3))
        recorded += _record(group, "persuasion", persuaded, f"BB-VĐ/{k + 1}", "")
        # Not before the 10 days counted on the calendar (a weekend end rolls over).
        earliest = max(
            Step.objects.filter(case__in=group, code="compulsory_inventory").values_list(
                "due_date", flat=True
            )
        )
        decided = (earliest or persuaded) + dt.timedelta(days=rng.randint(0, 5))
        counted = decided + dt.timedelta(days=rng.randint(5, 12))
        recorded += _record(
            group, "compulsory_inventory", decided, f"{120 + k}/QĐ-UBND", _signer(group[0])
        )
        recorded += _record(
            group, "inventory", counted, f"BB-KĐBB/{k + 1}", f"Tổ kiểm đếm ({LABEL})"
        )
    # Still refusing: persuaded (15 days) and awaiting the compulsory-inventory decision.
    for k, group in enumerate(_cohorts(refusing, 2)):
        day = notice_day + dt.timedelta(days=22 + 4 * (k % 2))
        recorded += _record(group, "persuasion", day, f"BB-VĐ/{100 + k}", "")
    return recorded


def _cohorts(cases: list[Case], per_ward: int) -> list[list[Case]]:
    """`cases` in up to `per_ward` groups per ward (a record or decision is a ward's)."""
    groups: dict[tuple[int, int], list[Case]] = defaultdict(list)
    for i, case in enumerate(sorted(cases, key=lambda c: c.pk)):
        groups[(case.commune_id, i % per_ward)].append(case)
    return [groups[key] for key in sorted(groups)]


def _record(cases: list[Case], code: str, day: dt.date, number: str, signer: str) -> int:
    return steps_record(
        cases=cases,
        code=code,
        done_date=day,
        document=StepDocument(number, day, signer),
        actor=None,
    )
