"""Reads of payments: a case's balance from the ledger, and money and land at a glance."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy
import shapely
from django.db.models import Q, Sum

from gpmb.cases.choices import CaseStatus
from gpmb.cases.models import Case
from gpmb.parcels.models import ParcelImpact
from gpmb.parties.models import Tenure
from gpmb.payments.choices import EntryKind
from gpmb.payments.models import Deposit, Handover, LedgerEntry, PaymentLine
from gpmb.projects.choices import ProjectKind
from gpmb.projects.models import AdminUnit, Project

# Principal paid: payments and the reversals of payments (the ledger is append-only, a
# correction is a reversing entry).
PRINCIPAL = Q(kind=EntryKind.PRINCIPAL) | Q(
    kind=EntryKind.REVERSAL, reversal_of__kind=EntryKind.PRINCIPAL
)


@dataclass
class Balance:
    """One case's money: the approved amount due, what the ledger says was paid of it
    (reversals counted), the late-payment amount paid, what was deposited, what remains."""

    due: int = 0
    paid: int = 0
    interest: int = 0
    deposited: int = 0
    owed: int = 0
    line_id: int | None = None

    @property
    def remaining(self) -> int:
        return max(0, self.due - self.paid - self.deposited)

    @property
    def covered(self) -> bool:
        """The approved amount is paid or deposited (the handover gate). A household owed
        nothing (its plan's net is zero or below: it owes the resettlement fee instead) is
        covered once it is in a payment batch."""
        return self.line_id is not None and self.remaining == 0


def balances(case_ids: Iterable[int]) -> dict[int, Balance]:
    """The balance of each case, in four grouped queries whatever the number of cases.
    The amount due is that of the case's latest payment line (an adjusted plan paid in a
    later batch replaces the earlier one)."""
    ids = list(case_ids)
    out: dict[int, Balance] = {pk: Balance() for pk in ids}
    for line_id, case_id, due, owed in (
        PaymentLine.objects.filter(case_id__in=ids)
        .order_by("case_id", "pk")
        .values_list("pk", "case_id", "amount_due", "amount_owed")
    ):
        out[case_id].due, out[case_id].owed, out[case_id].line_id = due, owed, line_id
    sums = (
        LedgerEntry.objects.filter(case_id__in=ids)
        .order_by()
        .values("case_id")
        .annotate(
            paid=Sum("amount", filter=PRINCIPAL),
            interest=Sum("amount", filter=~PRINCIPAL),
        )
    )
    for row in sums:
        out[row["case_id"]].paid = row["paid"] or 0
        out[row["case_id"]].interest = row["interest"] or 0
    for row in (
        Deposit.objects.filter(case_id__in=ids)
        .order_by()
        .values("case_id")
        .annotate(s=Sum("amount"))
    ):
        out[row["case_id"]].deposited = row["s"] or 0
    return out


@dataclass
class Glance:
    """Money and land of a set of cases (a batch, a project): approved, paid, deposited,
    remaining, late-payment amounts; households and recovered area handed over."""

    households: int = 0
    approved: int = 0
    paid: int = 0
    deposited: int = 0
    interest: int = 0
    remaining: int = 0
    owed: int = 0
    owing_households: int = 0
    paid_households: int = 0
    deposited_households: int = 0
    handed_over: int = 0
    area_handed_over: Decimal = Decimal(0)
    clean: CleanLength | None = None
    rows: list[Any] = field(default_factory=list)


def glance(cases: Any) -> Glance:
    """At a glance for the cases of `cases` (a Case queryset, already restricted to what
    the user sees) that have a payment line."""
    case_ids = list(
        cases.filter(payment_lines__isnull=False).distinct().values_list("pk", flat=True)
    )
    out = Glance(households=len(case_ids))
    for b in balances(case_ids).values():
        out.approved += b.due
        out.paid += b.paid
        out.deposited += b.deposited
        out.interest += b.interest
        out.remaining += b.remaining
        out.owed += b.owed
        out.owing_households += b.owed > 0
        out.paid_households += b.due > 0 and b.paid >= b.due
        out.deposited_households += b.deposited > 0
    handed = list(Handover.objects.filter(case_id__in=case_ids).values_list("case_id", flat=True))
    out.handed_over = len(handed)
    if handed:
        # The recovered area of the handed-over households' parcels in their projects.
        held = Case.objects.filter(pk__in=handed)
        impacts = ParcelImpact.objects.filter(
            project__in=held.values("project"),
            parcel__tenures__household__in=held.values("household"),
        ).values("pk")
        area = ParcelImpact.objects.filter(pk__in=impacts).aggregate(s=Sum("recovered_area"))["s"]
        out.area_handed_over = area or Decimal(0)
    # The cases of one linear project: the kilometres of clean land along its alignment.
    projects = list(Project.objects.filter(pk__in=cases.values("project")).distinct()[:2])
    if len(projects) == 1:
        out.clean = clean_length(projects[0], cases.values_list("pk", flat=True))
    return out


@dataclass
class CleanLength:
    """Kilometres of clean land along a linear project's alignment: the stretches where
    every recovered parcel is handed over (handed-over parcels projected onto the
    centreline, their intervals merged, less the stretches a parcel not yet handed over
    still covers). `total_m` is the length of the centreline."""

    clean_m: float
    total_m: float

    @property
    def clean_km(self) -> Decimal:
        return Decimal(str(round(self.clean_m / 1000, 3)))

    @property
    def total_km(self) -> Decimal:
        return Decimal(str(round(self.total_m / 1000, 3)))


def _merge(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for start, end in sorted(intervals):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _subtract(
    keep: list[tuple[float, float]], cut: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    out = []
    for start, end in keep:
        pieces = [(start, end)]
        for c0, c1 in cut:
            pieces = [
                part
                for a, b in pieces
                for part in ((a, min(b, c0)), (max(a, c1), b))
                if part[1] > part[0]
            ]
        out.extend(pieces)
    return out


@dataclass
class Stretches:
    """A linear project's parcels along its centreline: each parcel's stretch (from the
    nearest to the farthest point of its outline along the line) with the cases, in the
    project, of the households holding it and the status each case has now."""

    total_m: float
    parcels: list[tuple[tuple[float, float], dict[int, str]]]

    def clean(self, done: set[int], within: set[int] | None = None) -> CleanLength:
        """The clean length when the cases `done` are handed over: a parcel is clear when
        it has holders (among `within`, when given) and all of them are done; the
        stretches of parcels not clear are cut out of the clear ones."""
        handed: list[tuple[float, float]] = []
        pending: list[tuple[float, float]] = []
        for span, cases in self.parcels:
            holders = set(cases) if within is None else set(cases) & within
            (handed if holders and holders <= done else pending).append(span)
        clean = _subtract(_merge(handed), _merge(pending))
        return CleanLength(clean_m=sum(b - a for a, b in clean), total_m=self.total_m)


def clean_stretches(project: Project, case_ids: Any = None) -> Stretches | None:
    """The stretches of a linear project with a recorded centreline (None otherwise:
    never guessed from the boundary); `case_ids` limits the cases read to those the user
    may see (a parcel with a case outside them is not counted clear)."""
    if project.kind != ProjectKind.LINEAR or not project.centreline:
        return None
    line = shapely.from_wkb(bytes(project.centreline))
    impacts = ParcelImpact.objects.filter(
        project=project, recovered_area__gt=0, parcel__geometry__isnull=False
    )
    # One filter call: the project and the visible cases are conditions on the same case.
    on_case: dict[str, Any] = {"household__cases__project": project}
    if case_ids is not None:
        on_case["household__cases__in"] = case_ids
    holders: dict[int, dict[int, str]] = defaultdict(dict)
    for parcel_id, case_id, status in Tenure.objects.filter(
        parcel__in=impacts.values("parcel"), **on_case
    ).values_list("parcel_id", "household__cases__pk", "household__cases__status"):
        holders[parcel_id][case_id] = status
    parcels = []
    shapes = list(impacts.values_list("parcel_id", "parcel__geometry"))
    if shapes:
        # Every vertex of every outline located along the line at once, then the nearest
        # and farthest of each outline (its vertices come together, in order).
        geoms = shapely.from_wkb([bytes(g) for _pk, g in shapes])
        coords, owner = shapely.get_coordinates(geoms, return_index=True)
        at = shapely.line_locate_point(line, shapely.points(coords))
        present, starts = numpy.unique(owner, return_index=True)
        near, far = numpy.minimum.reduceat(at, starts), numpy.maximum.reduceat(at, starts)
        for i, lo, hi in zip(present.tolist(), near.tolist(), far.tolist(), strict=True):
            parcels.append(((lo, hi), holders.get(shapes[i][0], {})))
    return Stretches(total_m=float(line.length), parcels=parcels)


def clean_length(
    project: Project, case_ids: Any = None, as_of: dt.date | None = None
) -> CleanLength | None:
    """The clean length of a linear project with a recorded centreline (None otherwise).
    A parcel is clear when every case in the project of every household holding it is
    handed over: now, or with `as_of` by a handover minute dated on or before that day,
    so a past date ignores later handovers."""
    stretches = clean_stretches(project, case_ids)
    if stretches is None:
        return None
    cases = {c for _span, held in stretches.parcels for c in held}
    if as_of is None:
        done = {
            c for _span, held in stretches.parcels for c, s in held.items()
            if s == CaseStatus.HANDED_OVER
        }  # fmt: skip
    else:
        done = set(
            Handover.objects.filter(case_id__in=cases, handover_date__lte=as_of).values_list(
                "case_id", flat=True
            )
        )
    return stretches.clean(done)


def glance_by_commune(cases: Any) -> list[tuple[Any, Glance]]:
    """Money and land at a glance for each ward of `cases` (a restricted Case queryset),
    wards by name."""
    units = AdminUnit.objects.filter(pk__in=cases.values("commune")).order_by("name")
    return [(unit, glance(cases.filter(commune=unit))) for unit in units]
