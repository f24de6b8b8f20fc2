"""The progress rows (CaseProgress) the dashboards read: recomputed from the records of
the cases named, never added to. The services that change a figure call
gpmb.core.changes.cases_changed inside their transaction; `refresh` is registered there
by ReportsConfig.ready. `rebuild` recomputes every row (data loaded outside the
services: `gpmb progress_rebuild`)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from gpmb.cases.choices import CaseStatus, PeriodBound
from gpmb.cases.models import Case, Step
from gpmb.core.bulk import insert_rows
from gpmb.parcels.models import ParcelImpact
from gpmb.parties.models import Tenure
from gpmb.payments.models import Deposit, Handover, LedgerEntry
from gpmb.payments.queries import PRINCIPAL
from gpmb.plans.choices import LineStatus, PlanStatus
from gpmb.plans.models import CalculationLine, PlanVersion
from gpmb.reports.models import CaseProgress

_ORDER = list(CaseStatus.values)
INVENTORIED_OR_LATER = _ORDER[_ORDER.index(CaseStatus.INVENTORIED) :]
APPROVED_OR_LATER = _ORDER[_ORDER.index(CaseStatus.APPROVED) :]

COLUMNS = (
    "case_id",
    "project_id",
    "commune_id",
    "household_id",
    "inventoried_date",
    "approved_date",
    "handover_date",
    "approved_amount",
    "computed_amount",
    "paid",
    "deposited",
    "money_date",
    "has_deposit",
    "next_due_date",
    "last_due_date",
    "open_steps",
    "open_due_dates",
    "area",
    "area_shared",
    "origin_unconfirmed",
    "open_lines",
)

# Cases a refresh reads at once: the IN lists stay well under SQLite's parameter limit.
CHUNK = 2000


def refresh(case_ids: Iterable[int]) -> None:
    """Recompute the progress rows of `case_ids` from their records (a deleted case's row
    goes with it), and of the other cases of their households (a household's second
    case changes how its parcels' areas are read: see `_areas`)."""
    ids = sorted(set(case_ids))
    ids = sorted(
        {*ids, *Case.objects.filter(household__cases__in=ids).values_list("pk", flat=True)}
    )
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            _refresh(ids[start : start + CHUNK])


def refresh_households(household_ids: Iterable[int]) -> None:
    """Recompute the rows of every case of `household_ids` (a tenure or a parcel's area
    changed)."""
    refresh(Case.objects.filter(household_id__in=list(household_ids)).values_list("pk", flat=True))


def rebuild() -> int:
    """Recompute every progress row; returns how many cases there are."""
    ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        CaseProgress.objects.all().delete()
        for start in range(0, len(ids), CHUNK):
            _refresh(ids[start : start + CHUNK], fresh=True)
    return len(ids)


def rebuild_if_incomplete(using: str = DEFAULT_DB_ALIAS) -> None:
    """Rebuild when some case has no row or some row no case (after a migrate)."""
    if CaseProgress.objects.using(using).count() != Case.objects.using(using).count():
        rebuild()


def _refresh(ids: Sequence[int], fresh: bool = False) -> None:
    cases = list(
        Case.objects.filter(pk__in=ids).values_list(
            "pk", "project_id", "commune_id", "household_id"
        )
    )
    if not fresh:
        CaseProgress.objects.filter(case_id__in=ids).delete()
    if not cases:
        return
    ids = [c[0] for c in cases]
    earned = {
        row["case_id"]: row
        for row in Step.objects.filter(
            case_id__in=ids, done_date__isnull=False, earns__in=INVENTORIED_OR_LATER
        )
        .order_by()
        .values("case_id")
        .annotate(
            inventoried=Min("done_date"),
            approved=Min("done_date", filter=Q(earns__in=APPROVED_OR_LATER)),
        )
    }
    open_dues: dict[int, list[str]] = defaultdict(list)
    for case_id, due in (
        Step.objects.filter(
            case_id__in=ids,
            period_bound=PeriodBound.BY,
            not_applicable=False,
            done_date__isnull=True,
            due_date__isnull=False,
        )
        .order_by("case_id", "due_date")
        .values_list("case_id", "due_date")
    ):
        open_dues[case_id].append(due.isoformat())
    money_date: dict[int, Any] = {}

    def dated(case_id: int, day: Any) -> None:
        if money_date.get(case_id) is None or day > money_date[case_id]:
            money_date[case_id] = day

    # The approved amount: the case's approved plan in force, the last approved (or since
    # superseded) version (Land Law 2024 Art. 87(3)); the computed: its latest version.
    approved: dict[int, int] = {}
    computed: dict[int, int] = {}
    latest: dict[int, int] = {}
    for case_id, pk, status, amount, created_at in (
        PlanVersion.objects.filter(case_id__in=ids)
        .order_by("case_id", "number")
        .values_list("case_id", "pk", "status", "net_amount", "created_at")
    ):
        computed[case_id] = amount
        latest[case_id] = pk
        if status in (PlanStatus.APPROVED, PlanStatus.SUPERSEDED):
            approved[case_id] = amount
        dated(case_id, timezone.localdate(created_at))
    lines: dict[int, list[list[str]]] = defaultdict(list)
    plan_case = {pk: case_id for case_id, pk in latest.items()}
    for plan_id, status, code, title in (
        CalculationLine.objects.filter(plan_id__in=list(latest.values()))
        .exclude(status=LineStatus.OK)
        .order_by("plan_id", "position")
        .values_list("plan_id", "status", "code", "title_vi")
    ):
        lines[plan_case[plan_id]].append([status, code, title])
    paid: dict[int, int] = defaultdict(int)
    for case_id, amount, day in (
        LedgerEntry.objects.filter(PRINCIPAL, case_id__in=ids)
        .order_by()
        .values_list("case_id", "amount", "entry_date")
    ):
        paid[case_id] += amount
        dated(case_id, day)
    deposited: dict[int, int] = {}
    for case_id, amount, day in (
        Deposit.objects.filter(case_id__in=ids)
        .order_by()
        .values_list("case_id", "amount", "deposit_date")
    ):
        deposited[case_id] = deposited.get(case_id, 0) + amount
        dated(case_id, day)
    handed = dict(Handover.objects.filter(case_id__in=ids).values_list("case_id", "handover_date"))
    # The commune confirms origin and time of use (Land Law 2024 Art. 87(2)(c)): a holding
    # with neither a certificate nor a recorded start of stable use is unconfirmed.
    unconfirmed = set(
        Tenure.objects.filter(
            household_id__in={c[3] for c in cases},
            certificate_number="",
            stable_use_start_date__isnull=True,
        ).values_list("household_id", flat=True)
    )
    areas = _areas(cases)
    rows = []
    for case_id, project_id, commune_id, household_id in cases:
        steps = earned.get(case_id, {})
        dues = open_dues.get(case_id, [])
        area = areas.get(case_id)
        rows.append(
            (
                case_id,
                project_id,
                commune_id,
                household_id,
                steps.get("inventoried"),
                steps.get("approved"),
                handed.get(case_id),
                approved.get(case_id),
                computed.get(case_id),
                paid.get(case_id, 0),
                deposited.get(case_id, 0),
                money_date.get(case_id),
                case_id in deposited,
                dues[0] if dues else None,
                dues[-1] if dues else None,
                len(dues),
                json.dumps(dues),
                area if area is not None else Decimal(0),
                area is None,
                household_id in unconfirmed,
                json.dumps(lines[case_id], ensure_ascii=False) if case_id in lines else None,
            )
        )
    insert_rows(CaseProgress, COLUMNS, rows)


def _areas(cases: Sequence[tuple[int, int, int, int]]) -> dict[int, Decimal]:
    """The recovered area each case carries alone: the areas of its project's impacts on
    the parcels its household holds, when the household has no other case and holds
    them alone, and none of them lies in another commune or is taken by another project
    or has no area yet. A case not in that plain situation is absent (area shared): the
    dashboards read such households' parcels themselves, as the records say."""
    households = {c[3] for c in cases}
    several = set(
        Case.objects.filter(household_id__in=households)
        .order_by()
        .values("household_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("household_id", flat=True)
    )
    held: dict[int, set[int]] = defaultdict(set)
    for household_id, parcel_id in Tenure.objects.filter(household_id__in=households).values_list(
        "household_id", "parcel_id"
    ):
        held[household_id].add(parcel_id)
    parcels = {p for ps in held.values() for p in ps}
    holders: dict[int, set[int | None]] = defaultdict(set)
    for parcel_id, household_id in Tenure.objects.filter(parcel_id__in=parcels).values_list(
        "parcel_id", "household_id"
    ):
        holders[parcel_id].add(household_id)
    impacts: dict[int, list[tuple[int, int, Decimal | None]]] = defaultdict(list)
    for parcel_id, project_id, commune_id, area in ParcelImpact.objects.filter(
        parcel_id__in=parcels
    ).values_list("parcel_id", "project_id", "parcel__commune_id", "recovered_area"):
        impacts[parcel_id].append((project_id, commune_id, area))
    out: dict[int, Decimal] = {}
    for case_id, project_id, commune_id, household_id in cases:
        if household_id in several:
            continue
        total = Decimal(0)
        plain = True
        for parcel_id in held[household_id]:
            if holders[parcel_id] != {household_id}:
                plain = False
                break
            for project, commune, area in impacts[parcel_id]:
                if project != project_id or commune != commune_id or area is None:
                    plain = False
                    break
                total += area
        if plain:
            out[case_id] = total
    return out
