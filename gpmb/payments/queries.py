"""Reads of payments: a case's balance from the ledger, and money and land at a glance."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum

from gpmb.cases.models import Case
from gpmb.parcels.models import ParcelImpact
from gpmb.payments.choices import EntryKind
from gpmb.payments.models import Deposit, Handover, LedgerEntry, PaymentLine


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
    principal = Q(kind=EntryKind.PRINCIPAL) | Q(
        kind=EntryKind.REVERSAL, reversal_of__kind=EntryKind.PRINCIPAL
    )
    sums = (
        LedgerEntry.objects.filter(case_id__in=ids)
        .order_by()
        .values("case_id")
        .annotate(
            paid=Sum("amount", filter=principal),
            interest=Sum("amount", filter=~principal),
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
    return out
