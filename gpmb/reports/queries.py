"""Reads of progress, through the user's scope: progress counts of projects, and what
leadership sees — the figures of a scope (the city, a ward, a project) as of a date, read
from the records (recorded steps, the payment ledger, deposits, handover minutes), so
that a report dated in the past ignores what was recorded later; today's through the
progress rows derived from them (gpmb.reports.progress), which give the same numbers.
Nothing here is typed in: each number is a count or a sum over rows the user may see."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Case as Choose
from django.db.models import Count, F, Max, Q, QuerySet, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from gpmb.cases.choices import CaseStatus, PeriodBound
from gpmb.cases.models import Case, ComplaintFlag, Step
from gpmb.census.models import InventoryItem
from gpmb.census.queries import corrected
from gpmb.core.permissions import EVERYTHING, grants
from gpmb.core.vnformat import format_date, format_number
from gpmb.parcels.models import ParcelImpact
from gpmb.parties.models import Tenure
from gpmb.payments.models import Deposit, Handover, LedgerEntry
from gpmb.payments.queries import PRINCIPAL, clean_stretches
from gpmb.plans.choices import LineStatus, PlanStatus
from gpmb.plans.models import CalculationLine, PlanVersion
from gpmb.policy.queries import inventory_price_rows
from gpmb.projects.choices import ProjectKind
from gpmb.projects.models import AdminUnit, Project
from gpmb.reports.choices import COMPUTED_KINDS, UNITS, IndicatorKind
from gpmb.reports.models import CaseProgress, Target
from gpmb.reports.progress import APPROVED_OR_LATER, INVENTORIED_OR_LATER
from gpmb.resettlement.models import Entitlement
from gpmb.resettlement.queries import NEEDS_A_PLACE, project_standing

PAID_OR_LATER = [CaseStatus.PAID, CaseStatus.HANDED_OVER]


NO_PROGRESS = {"total": 0, "approved": 0, "paid": 0, "handed_over": 0}


def case_progress(user: Any, group_by: str, **filters: Any) -> dict[Any, dict[str, int]]:
    """Cases the user may see, counted by `group_by` (a Case field): total, approved,
    paid, handed over — handover is the number that clears the site."""
    rows = (
        Case.objects.restrict(user)
        .filter(**filters)
        .values(group_by)
        .annotate(
            total=Count("pk"),
            approved=Count("pk", filter=Q(status__in=APPROVED_OR_LATER)),
            paid=Count("pk", filter=Q(status__in=PAID_OR_LATER)),
            handed_over=Count("pk", filter=Q(status=CaseStatus.HANDED_OVER)),
        )
    )
    return {row.pop(group_by): row for row in rows}


def recovered_area(user: Any, project_id: int) -> dict[str, Any]:
    return (
        ParcelImpact.objects.restrict(user)
        .filter(project_id=project_id)
        .aggregate(parcels=Count("pk"), recovered=Sum("recovered_area"))
    )


# The funnel's levels (INVENTORIED_OR_LATER, APPROVED_OR_LATER: gpmb.reports.progress),
# earned by recorded steps (gpmb.cases.services): a case counts at a level once a step
# earning that status, or a later one, was done on or before the date.

# The lagging rule, stated on every page that names a laggard: a ward or a project lags
# when its share of households handed over is below LAG_RATIO of the scope's own share
# (half: it goes at less than half the common pace), when its target handover date has
# passed with households not yet handed over, or (a project) when at the recent pace it
# will miss its target.
LAG_RATIO = Decimal("0.5")


class ScopeKind:
    CITY = "city"
    WARD = "ward"
    PROJECT = "project"
    ALL = (CITY, WARD, PROJECT)


@dataclass
class Figures:
    """The figures of one unit (the whole scope, one ward, one project)."""

    key: Any = None
    label: str = ""
    code: str = ""
    total: int = 0
    inventoried: int = 0
    approved: int = 0
    covered: int = 0  # the approved amount paid or deposited
    handed_over: int = 0
    area_to_recover: Decimal = Decimal(0)
    area_handed_over: Decimal = Decimal(0)
    computed: int = 0  # the latest plan of every case, approved or not
    money_approved: int = 0
    paid: int = 0
    deposited: int = 0
    remaining: int = 0
    capital_plan: int | None = None
    capital_missing: list[str] = field(default_factory=list)
    overdue_steps: int = 0
    overdue_cases: int = 0
    # Cases with a complaint open on the date (received by then, not yet settled).
    open_complaints: int = 0
    # Kilometres of clean land along the linear projects' centrelines (None: no linear
    # project with a centreline in the unit); `line_km` the centrelines' length (a
    # project, the scope); `no_centreline` the linear projects whose centreline is not recorded.
    clean_km: Decimal | None = None
    line_km: Decimal | None = None
    no_centreline: list[str] = field(default_factory=list)
    target_date: dt.date | None = None
    lagging: bool = False
    lag_reasons: list[str] = field(default_factory=list)
    handover_dates: list[dt.date] = field(default_factory=list)
    forecast: Forecast | None = None

    @property
    def share(self) -> Decimal | None:
        """Households handed over, in percent of the households (None without any)."""
        if not self.total:
            return None
        return Decimal(self.handed_over * 100) / Decimal(self.total)

    @property
    def area_share(self) -> Decimal | None:
        if not self.area_to_recover:
            return None
        return self.area_handed_over * 100 / self.area_to_recover

    @property
    def shortfall(self) -> int | None:
        """Money still needed beyond the capital plan: what the plans add up to (approved,
        or as computed where not yet approved) less the capital plan; None when a project
        of the unit has no capital plan recorded."""
        if self.capital_plan is None or self.capital_missing:
            return None
        return max(0, self.computed - self.capital_plan)


@dataclass
class Report:
    as_of: dt.date
    kind: str
    code: str
    label: str
    totals: Figures
    wards: list[Figures]
    projects: list[Figures]
    money_visible: bool
    # (date, households handed over by then) at each week's end, for the chart.
    series: list[tuple[dt.date, int]]
    handover_dates: list[dt.date]

    @property
    def lagging_wards(self) -> list[Figures]:
        return [w for w in self.wards if w.lagging]

    @property
    def lagging_projects(self) -> list[Figures]:
        return [p for p in self.projects if p.lagging]


_ADDED = (
    "total",
    "inventoried",
    "approved",
    "handed_over",
    "money_approved",
    "computed",
    "paid",
    "deposited",
    "remaining",
    "covered",
)


class ScopeNotFound(Exception):
    """The ward or project is unknown or holds nothing the user may see."""


def scope_cases(user: Any, kind: str, code: str | None) -> tuple[QuerySet[Case], str, Any]:
    """The cases of the scope the user may see, the scope's name and its object."""
    cases = Case.objects.restrict(user)
    if kind == ScopeKind.CITY:
        return cases, _("Toàn thành phố"), None
    if kind == ScopeKind.WARD:
        ward = AdminUnit.objects.filter(code=code or "").first()
        if ward is None or not cases.filter(commune=ward).exists():
            raise ScopeNotFound(code)
        return cases.filter(commune=ward), ward.name, ward
    if kind == ScopeKind.PROJECT:
        project = Project.objects.restrict(user).filter(code=code or "").first()
        if project is None:
            raise ScopeNotFound(code)
        return cases.filter(project=project), project.name, project
    raise ScopeNotFound(kind)


def report(
    user: Any,
    kind: str,
    code: str | None = None,
    as_of: dt.date | None = None,
    window_weeks: int = 8,
) -> Report:
    """The figures of the scope as of `as_of` (today by default), by ward and by project.

    Today's figures are read from the progress rows (gpmb.reports.progress: one per case,
    kept by the services) with grouped queries; the same figures as the records give,
    which a test holds them to. A past date, or a day before some payment, deposit or
    plan version of the scope was dated, is read from the records themselves (steps,
    plan versions, the ledger, deposits, handovers, parcels): the rows keep the dates of
    the funnel but neither the deadlines met since nor the money of earlier days."""
    day = as_of or timezone.localdate()
    cases, label, _obj = scope_cases(user, kind, code)
    # Money is shown only of the cases whose ledger the user may read.
    money_cases = Case.objects.restrict(user, "payments.view_ledgerentry").filter(
        pk__in=cases.values("pk")
    )
    read = None
    if day == timezone.localdate():
        read = _read_rows(user, cases, money_cases, day)
    if read is None:
        read = _read_records(cases, money_cases, day)

    projects = {
        p.pk: p
        for p in Project.objects.filter(pk__in={k[0] for k in read.cells}).prefetch_related(
            "batches"
        )
    }
    communes = {c.pk: c for c in AdminUnit.objects.filter(pk__in={k[1] for k in read.cells})}
    totals = Figures(key=None, label=label, code=code or "")
    wards = {pk: Figures(key=pk, label=c.name, code=c.code) for pk, c in communes.items()}
    by_project = {
        pk: Figures(
            key=pk,
            label=p.name,
            code=p.code,
            capital_plan=p.capital_plan,
            capital_missing=[] if p.capital_plan is not None else [p.name],
            target_date=_target(p),
        )
        for pk, p in projects.items()
    }

    # Each (project, commune) cell into the scope, its ward and its project: a third of
    # the work of adding every case thrice.
    handover_dates: list[dt.date] = []
    for (project_id, commune_id), cell in read.cells.items():
        for unit in (totals, wards[commune_id], by_project[project_id]):
            for name in _CELL_ADDED:
                setattr(unit, name, getattr(unit, name) + getattr(cell, name))
            unit.handover_dates.extend(cell.handover_dates)
        handover_dates.extend(cell.handover_dates)
    for unit in [totals, *wards.values(), *by_project.values()]:
        unit.handover_dates.sort()

    _areas(user, read.area_cases, read.area_handed, read.where, totals, wards, by_project)
    _complaints(cases, day, totals, wards, by_project)
    _clean_land(cases, day, projects, totals, wards, by_project)

    # Capital plans: of the projects, summed for the whole scope; a ward is not given one.
    totals.capital_missing = [n for f in by_project.values() for n in f.capital_missing]
    known = [f.capital_plan for f in by_project.values() if f.capital_plan is not None]
    totals.capital_plan = sum(known) if known else None
    for w in wards.values():
        w.capital_missing = [_("kế hoạch vốn giao theo dự án, không theo xã/phường")]

    _mark_lagging(totals, list(wards.values()), day, with_target=False)
    _mark_lagging(totals, list(by_project.values()), day, with_target=True)
    for unit in [totals, *by_project.values()]:
        unit.forecast = forecast(
            unit.handover_dates,
            unit.total - unit.handed_over,
            day,
            window_weeks=window_weeks,
            target=unit.target_date,
        )
    for unit in by_project.values():
        target = unit.target_date
        if unit.forecast and unit.forecast.misses and target is not None and target >= day:
            unit.lag_reasons.append(
                _("theo nhịp bàn giao gần đây sẽ không kịp hạn %(date)s")
                % {"date": format_date(target)}
            )
            unit.lagging = True

    handover_dates.sort()
    return Report(
        as_of=day,
        kind=kind,
        code=code or "",
        label=label,
        totals=totals,
        wards=sorted(wards.values(), key=lambda f: f.label),
        projects=sorted(by_project.values(), key=lambda f: f.label),
        money_visible=read.money_visible,
        series=_weekly(handover_dates, day),
        handover_dates=handover_dates,
    )


# What a cell adds into its units: the counts, the money, the overdue steps and the area
# the cases carry alone (the rest of the area is read from the parcels: `_areas`).
_CELL_ADDED = (*_ADDED, "overdue_steps", "overdue_cases", "area_to_recover", "area_handed_over")


@dataclass
class _Read:
    """The figures of the scope's (project, commune) cells as of a day, and what the
    areas still read from the parcels: of the cases `area_cases`, their handover dates
    and where they are."""

    cells: dict[tuple[int, int], Figures]
    money_visible: bool
    area_cases: QuerySet[Case]
    area_handed: dict[int, dt.date]
    where: dict[int, tuple[int, int]]


def _read_records(cases: QuerySet[Case], money_cases: QuerySet[Case], day: dt.date) -> _Read:
    """The cells as of `day` from the records."""
    rows = list(cases.order_by().values_list("pk", "project_id", "commune_id"))
    ids = [r[0] for r in rows]
    where = {r[0]: (r[1], r[2]) for r in rows}
    money_ids = set(money_cases.values_list("pk", flat=True))
    case_filter = {"case__in": cases.values("pk")}

    earned = {
        case_id: bool(approved)
        for case_id, approved in Step.objects.filter(
            **case_filter, done_date__lte=day, earns__in=INVENTORIED_OR_LATER
        )
        .order_by()
        .values("case_id")
        .annotate(
            approved=Max(Choose(When(earns__in=APPROVED_OR_LATER, then=Value(1)), default=Value(0)))
        )
        .values_list("case_id", "approved")
    }

    # The approved amount: the case's approved plan in force (Land Law 2024 Art. 87(3)),
    # counted once the approval step is done by the date; the computed amount: the
    # latest version made by the date, approved or not.
    approved_amount: dict[int, int] = {}
    computed_amount: dict[int, int] = {}
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)
    end = timezone.make_aware(end) if timezone.is_naive(end) else end
    versions = PlanVersion.objects.filter(**case_filter).order_by("case_id", "number")
    computed_amount.update(versions.filter(created_at__lt=end).values_list("case_id", "net_amount"))
    approved_amount.update(
        versions.filter(status__in=[PlanStatus.APPROVED, PlanStatus.SUPERSEDED]).values_list(
            "case_id", "net_amount"
        )
    )
    for case_id in list(approved_amount):
        if not earned.get(case_id):
            del approved_amount[case_id]
        else:
            computed_amount[case_id] = approved_amount[case_id]

    paid: dict[int, int] = defaultdict(int)
    for case_id, amount in (
        LedgerEntry.objects.filter(PRINCIPAL, **case_filter, entry_date__lte=day)
        .order_by()
        .values_list("case_id", "amount")
    ):
        paid[case_id] += amount
    deposited: dict[int, int] = defaultdict(int)
    for case_id, amount in Deposit.objects.filter(**case_filter, deposit_date__lte=day).values_list(
        "case_id", "amount"
    ):
        deposited[case_id] += amount
    handed = dict(
        Handover.objects.filter(**case_filter, handover_date__lte=day).values_list(
            "case_id", "handover_date"
        )
    )

    overdue = (
        Step.objects.filter(
            **case_filter,
            period_bound=PeriodBound.BY,
            not_applicable=False,
            due_date__lt=day,
        )
        .filter(Q(done_date__isnull=True) | Q(done_date__gt=day))
        .order_by()
        .values("project_id", "commune_id")
        .annotate(steps=Count("pk"), cases=Count("case_id", distinct=True))
    )

    cells: dict[tuple[int, int], Figures] = {}
    for case_id in ids:
        key = where[case_id]
        cell = cells.get(key)
        if cell is None:
            cell = cells[key] = Figures()
        cell.total += 1
        if case_id in earned:
            cell.inventoried += 1
            cell.approved += earned[case_id]
        if case_id in handed:
            cell.handed_over += 1
            cell.handover_dates.append(handed[case_id])
        if case_id in money_ids:
            due = approved_amount.get(case_id, 0)
            got = paid.get(case_id, 0)
            put = deposited.get(case_id, 0)
            cell.money_approved += due
            cell.computed += computed_amount.get(case_id, 0)
            cell.paid += got
            cell.deposited += put
            if due:
                cell.remaining += max(0, due - got - put)
                cell.covered += got + put >= due
    for row in overdue:
        cell = cells[(row["project_id"], row["commune_id"])]
        cell.overdue_steps += row["steps"]
        cell.overdue_cases += row["cases"]
    return _Read(cells, bool(money_ids) or not ids, cases, handed, where)


def _money(cell: Figures, row: dict[str, Any]) -> None:
    cell.money_approved = row["sum_approved"] or 0
    cell.computed = row["sum_computed"] or 0
    cell.paid = row["sum_paid"] or 0
    cell.deposited = row["sum_deposited"] or 0
    cell.remaining = row["sum_remaining"] or 0
    cell.covered = row["sum_covered"]


def _read_rows(
    user: Any, cases: QuerySet[Case], money_cases: QuerySet[Case], day: dt.date
) -> _Read | None:
    """Today's cells from the progress rows, with grouped queries; None when some
    payment, deposit or plan version of the scope is dated after `day` (the records
    answer that)."""
    rows = CaseProgress.objects.order_by()
    if cases.query.has_filters():  # not the whole city for a user who sees it all
        rows = rows.filter(case__in=cases.values("pk"))
    # The area a case carries alone is that of its own project and commune: counted where
    # the user may see the parcels' impacts there.
    scopes = grants(user, ParcelImpact, "view")
    seen = Q()
    if scopes is not EVERYTHING:
        seen = Q(pk__in=[])
        for project_id, commune_id in scopes:
            part = Q()
            if project_id is not None:
                part &= Q(project_id=project_id)
            if commune_id is not None:
                part &= Q(commune_id=commune_id)
            seen |= part
    alone = Q(area_shared=False) & seen
    # The approved amount counts once the approval step is done by the day (Land Law 2024
    # Art. 87(3)); the computed amount is then the approved one, else the latest version.
    due = Q(approved_date__lte=day, approved_amount__isnull=False)
    money = {
        "sum_approved": Sum("approved_amount", filter=due),
        "sum_computed": Sum(
            Choose(When(due, then=F("approved_amount")), default=F("computed_amount"))
        ),
        "sum_paid": Sum("paid"),
        "sum_deposited": Sum("deposited"),
        "sum_remaining": Sum(
            F("approved_amount") - F("paid") - F("deposited"),
            filter=due & Q(approved_amount__gt=F("paid") + F("deposited")),
        ),
        "sum_covered": Count(
            "pk",
            filter=due & ~Q(approved_amount=0) & Q(approved_amount__lte=F("paid") + F("deposited")),
        ),
    }
    # A user who reads every ledger gets the money in the same grouped query.
    money_everywhere = grants(user, Case, "payments.view_ledgerentry") is EVERYTHING
    cells: dict[tuple[int, int], Figures] = {}
    for row in rows.values("project_id", "commune_id").annotate(
        total=Count("pk"),
        inventoried=Count("pk", filter=Q(inventoried_date__lte=day)),
        approved=Count("pk", filter=Q(approved_date__lte=day)),
        handed_over=Count("pk", filter=Q(handover_date__lte=day)),
        overdue_cases=Count("pk", filter=Q(next_due_date__lt=day)),
        overdue_all=Sum("open_steps", filter=Q(last_due_date__lt=day)),
        dated_later=Count("pk", filter=Q(money_date__gt=day)),
        area_alone=Sum("area", filter=alone),
        area_alone_handed=Sum("area", filter=alone & Q(handover_date__lte=day)),
        **(money if money_everywhere else {}),
    ):
        if row["dated_later"]:
            return None
        cells[(row["project_id"], row["commune_id"])] = Figures(
            total=row["total"],
            inventoried=row["inventoried"],
            approved=row["approved"],
            handed_over=row["handed_over"],
            overdue_cases=row["overdue_cases"],
            overdue_steps=row["overdue_all"] or 0,
            area_to_recover=row["area_alone"] or Decimal(0),
            area_handed_over=row["area_alone_handed"] or Decimal(0),
        )
        if money_everywhere:
            _money(cells[(row["project_id"], row["commune_id"])], row)
    for project_id, commune_id, handed in rows.filter(handover_date__lte=day).values_list(
        "project_id", "commune_id", "handover_date"
    ):
        if handed:  # filtered on it: never None
            cells[(project_id, commune_id)].handover_dates.append(handed)
    # Steps past their deadline: the open steps' deadlines before the day (no step is
    # recorded as done after today, gpmb.cases.services.steps_record).
    # Where all the open steps are past their deadline the grouped query counted them;
    # where only some are, they are counted here.
    for project_id, commune_id, dues in rows.filter(
        next_due_date__lt=day, last_due_date__gte=day
    ).values_list("project_id", "commune_id", "open_due_dates"):
        text = day.isoformat()
        cells[(project_id, commune_id)].overdue_steps += sum(1 for due in dues if due < text)
    money_seen = money_everywhere
    if not money_everywhere:
        for row in (
            rows.filter(case__in=money_cases.values("pk"))
            .values("project_id", "commune_id")
            .annotate(**money)
        ):
            money_seen = True
            _money(cells[(row["project_id"], row["commune_id"])], row)
    shared = list(
        rows.filter(area_shared=True).values_list(
            "case_id", "project_id", "commune_id", "handover_date"
        )
    )
    return _Read(
        cells,
        money_seen or not cells,
        cases.filter(pk__in=[r[0] for r in shared]),
        {r[0]: r[3] for r in shared if r[3] is not None and r[3] <= day},
        {r[0]: (r[1], r[2]) for r in shared},
    )


def _target(project: Project) -> dt.date | None:
    """The project's target handover date, else the latest of its batches'."""
    if project.target_handover_date:
        return project.target_handover_date
    dates = [b.target_handover_date for b in project.batches.all() if b.target_handover_date]
    return max(dates) if dates else None


def _areas(
    user: Any,
    cases: QuerySet[Case],
    handed: dict[int, dt.date],
    where: dict[int, tuple[int, int]],
    totals: Figures,
    wards: dict[int, Figures],
    by_project: dict[int, Figures],
) -> None:
    """The recovered area of the parcels held by the households of `cases`, and the part
    whose holders handed over (a parcel counts as handed over once a household holding
    it did, in that project)."""
    households = dict(cases.order_by().values_list("pk", "household_id"))
    handed_pairs = {(where[c][0], households[c]) for c in handed}
    held = Tenure.objects.filter(household_id__in=cases.order_by().values("household_id"))
    scoped = (
        ParcelImpact.objects.restrict(user)
        .filter(
            project_id__in=list(by_project),
            parcel__commune_id__in=list(wards),
            parcel_id__in=held.values("parcel_id"),
        )
        .order_by()
    )
    impacts = list(
        scoped.values_list("project_id", "parcel_id", "parcel__commune_id", "recovered_area")
    )
    holders: dict[int, set[int]] = defaultdict(set)
    for parcel_id, household_id in Tenure.objects.filter(
        parcel_id__in=scoped.values("parcel_id"),
        household_id__in=cases.order_by().values("household_id"),
    ).values_list("parcel_id", "household_id"):
        holders[parcel_id].add(household_id)
    scope_households = set(households.values())
    for project_id, parcel_id, commune_id, area in impacts:
        if not holders[parcel_id] & scope_households:
            continue  # a parcel of no household in the scope (another batch, unseen)
        done = any((project_id, h) in handed_pairs for h in holders[parcel_id])
        for unit in (totals, wards[commune_id], by_project[project_id]):
            unit.area_to_recover += area
            if done:
                unit.area_handed_over += area


def _complaints(
    cases: QuerySet[Case],
    day: dt.date,
    totals: Figures,
    wards: dict[int, Figures],
    by_project: dict[int, Figures],
) -> None:
    """Cases with a complaint open on `day`: received on or before it and not settled by
    then (a flag closed later was still open that day)."""
    rows = (
        ComplaintFlag.objects.filter(case__in=cases.values("pk"), opened_date__lte=day)
        .filter(Q(closed_date__isnull=True) | Q(closed_date__gt=day))
        .order_by()
        .values("project_id", "commune_id")
        .annotate(cases=Count("case_id", distinct=True))
    )
    for row in rows:
        for unit in (totals, wards[row["commune_id"]], by_project[row["project_id"]]):
            unit.open_complaints += row["cases"]


def _clean_land(
    cases: QuerySet[Case],
    day: dt.date,
    projects: dict[int, Project],
    totals: Figures,
    wards: dict[int, Figures],
    by_project: dict[int, Figures],
) -> None:
    """Kilometres of clean land of the scope's linear projects, with the cases handed
    over by `day` (gpmb.payments.queries.clean_stretches over the cases the user sees,
    read once a project): a project's own, a ward's along the parcels of its households,
    the scope's summed over its projects. A linear project without a centreline is
    named, never counted as 0."""
    linear = [p.pk for p in projects.values() if p.kind == ProjectKind.LINEAR]
    if not linear:
        return
    in_linear = cases.filter(project__in=linear)
    cells: dict[tuple[int, int], set[int]] = defaultdict(set)
    for case_id, project_id, commune_id in in_linear.values_list("pk", "project_id", "commune_id"):
        cells[(project_id, commune_id)].add(case_id)
    done = set(
        Handover.objects.filter(
            case__in=in_linear.values("pk"), handover_date__lte=day
        ).values_list("case_id", flat=True)
    )
    for pk in linear:
        project = projects[pk]
        in_project = [(c, ids) for (p, c), ids in cells.items() if p == pk]
        if not project.centreline:
            for unit in [totals, by_project[pk]] + [wards[c] for c, _ids in in_project]:
                unit.no_centreline.append(project.name)
            continue
        stretches = clean_stretches(project, in_linear.filter(project=project).values("pk"))
        if stretches is None:
            continue
        length = stretches.clean(done)
        by_project[pk].clean_km = length.clean_km
        by_project[pk].line_km = length.total_km
        totals.clean_km = (totals.clean_km or Decimal(0)) + length.clean_km
        totals.line_km = (totals.line_km or Decimal(0)) + length.total_km
        for commune_id, ids in in_project:
            ward = wards[commune_id]
            ward.clean_km = (ward.clean_km or Decimal(0)) + stretches.clean(done, ids).clean_km


def _mark_lagging(scope: Figures, units: list[Figures], day: dt.date, *, with_target: bool) -> None:
    average = scope.share
    for unit in units:
        if not unit.total:
            continue
        share = unit.share or Decimal(0)
        if average and share < average * LAG_RATIO:
            unit.lag_reasons.append(
                _("tỷ lệ bàn giao %(share)s%% chưa bằng một nửa mức chung %(avg)s%%")
                % {"share": pct(share), "avg": pct(average)}
            )
        late = with_target and unit.target_date and unit.target_date < day
        if late and unit.handed_over < unit.total:
            unit.lag_reasons.append(
                _("đã quá hạn bàn giao %(date)s, còn %(n)s hộ chưa bàn giao")
                % {"date": format_date(unit.target_date), "n": unit.total - unit.handed_over}
            )
        unit.lagging = bool(unit.lag_reasons)


def pct(value: Decimal | None) -> str:
    """A percentage the Vietnamese way, two decimals at most: 62,19."""
    if value is None:
        return ""
    return format_number(value.quantize(Decimal("0.01")).normalize() if value else Decimal(0))


def _weekly(dates: list[dt.date], day: dt.date, weeks: int = 26) -> list[tuple[dt.date, int]]:
    """Households handed over by the end of each of the last `weeks` weeks to `day`."""
    out = []
    index = 0
    for w in range(weeks - 1, -1, -1):
        end = day - dt.timedelta(days=7 * w)
        while index < len(dates) and dates[index] <= end:
            index += 1
        out.append((end, index))
    return out


# -- forecast ---------------------------------------------------------------------------

DEFAULT_WINDOW_WEEKS = 8


@dataclass
class Forecast:
    """When the site will be clear at the recent pace: the households handed over per
    week over the last `window_weeks` weeks; the range is the date at the mean pace plus
    and minus one standard deviation of the weekly counts (no later bound when that pace
    is zero or less)."""

    as_of: dt.date
    window_weeks: int
    remaining: int
    pace: Decimal  # households a week
    spread: Decimal  # one standard deviation of the weekly counts
    clear_date: dt.date | None
    earliest: dt.date | None
    latest: dt.date | None
    target: dt.date | None
    done: bool

    @property
    def misses(self) -> bool:
        """The target is set and the site will not be clear by it at this pace."""
        if self.target is None or self.done:
            return False
        return self.clear_date is None or self.clear_date > self.target

    @property
    def late_by_days(self) -> int | None:
        if not self.misses or self.clear_date is None or self.target is None:
            return None
        return (self.clear_date - self.target).days


def forecast(
    handover_dates: list[dt.date],
    remaining: int,
    as_of: dt.date,
    *,
    window_weeks: int = DEFAULT_WINDOW_WEEKS,
    target: dt.date | None = None,
) -> Forecast:
    """The clear date of a site with `remaining` households still to hand over, at the
    pace of the handovers in the `window_weeks` weeks up to `as_of`."""
    window_weeks = max(1, min(window_weeks, 104))
    counts = [0] * window_weeks
    for day in handover_dates:
        age = (as_of - day).days
        if 0 <= age < 7 * window_weeks:
            counts[window_weeks - 1 - age // 7] += 1
    mean = Decimal(sum(counts)) / window_weeks
    variance = sum(((Decimal(c) - mean) ** 2 for c in counts), Decimal(0)) / window_weeks
    spread = variance.sqrt()

    def at(pace: Decimal) -> dt.date | None:
        if remaining <= 0:
            return as_of
        if pace <= 0:
            return None
        days = (Decimal(remaining) / pace * 7).to_integral_value(rounding=ROUND_CEILING)
        return as_of + dt.timedelta(days=int(days))

    return Forecast(
        as_of=as_of,
        window_weeks=window_weeks,
        remaining=remaining,
        pace=mean,
        spread=spread,
        clear_date=at(mean),
        earliest=at(mean + spread),
        latest=at(mean - spread),
        target=target,
        done=remaining <= 0,
    )


# -- blockers ---------------------------------------------------------------------------


class BlockerReason:
    """Why a case does not move. Each is read from records: the latest plan's lines, the
    tenure facts, the deposits, the legal steps, resettlement."""

    MISSING_PRICE = "missing_price"
    DECISION_PENDING = "decision_pending"
    ORIGIN_UNCONFIRMED = "origin_unconfirmed"
    REFUSAL = "refusal"
    OVERDUE_STEP = "overdue_step"
    NO_PLOT = "no_plot"
    COMPLAINT = "complaint"
    ORDER = (
        MISSING_PRICE,
        DECISION_PENDING,
        ORIGIN_UNCONFIRMED,
        REFUSAL,
        COMPLAINT,
        OVERDUE_STEP,
        NO_PLOT,
    )


def blocker_titles() -> dict[str, str]:
    return {
        BlockerReason.MISSING_PRICE: _("Thiếu đơn giá, căn cứ tính (khoản thiếu căn cứ)"),
        BlockerReason.DECISION_PENDING: _("Chờ quyết định (khoản cần quyết định)"),
        BlockerReason.ORIGIN_UNCONFIRMED: _(
            "Chưa xác nhận nguồn gốc, thời điểm sử dụng đất (Luật Đất đai 2024 Điều 87 "
            "khoản 2 điểm c)"
        ),
        BlockerReason.REFUSAL: _("Hộ từ chối nhận tiền, đã gửi tiền, chưa bàn giao"),
        BlockerReason.COMPLAINT: _("Đang có khiếu nại (Luật Đất đai 2024 Điều 237)"),
        BlockerReason.OVERDUE_STEP: _("Bước thủ tục quá hạn"),
        BlockerReason.NO_PLOT: _("Chưa có lô tái định cư trước hạn bàn giao"),
    }


@dataclass
class BlockerGroup:
    reason: str
    title: str
    case_ids: set[int] = field(default_factory=set)
    # For a line reason: (line code, line title) → case ids.
    items: dict[tuple[str, str], set[int]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.case_ids)


def blockers(user: Any, kind: str, code: str | None = None) -> list[BlockerGroup]:
    """Every case of the scope not handed over, grouped by what holds it (a case may be
    held by several reasons). Lines are those of the case's latest plan version."""
    cases, _label, _obj = scope_cases(user, kind, code)
    open_cases = cases.exclude(status=CaseStatus.HANDED_OVER)
    today = timezone.localdate()
    titles = blocker_titles()
    groups = {r: BlockerGroup(r, titles[r]) for r in BlockerReason.ORDER}
    by_status = {
        LineStatus.MISSING_BASIS: groups[BlockerReason.MISSING_PRICE],
        LineStatus.NEEDS_CONFIRMATION: groups[BlockerReason.DECISION_PENDING],
    }
    # Read from the progress rows (gpmb.reports.progress), kept by the services that
    # change them: the latest plan's lines not ok; the commune's confirmation of origin
    # and time of use (Land Law 2024 Art. 87(2)(c); Official Letter 1153/BNNMT-QLĐĐ: a
    # holding with neither a certificate nor a recorded start of stable use); a deposit
    # (the household refused the money); an open step past its deadline.
    rows = CaseProgress.objects.filter(case__in=open_cases.values("pk")).order_by()
    for case_id, lines in rows.filter(open_lines__isnull=False).values_list(
        "case_id", "open_lines"
    ):
        for status, line_code, title in lines or ():
            group = by_status[status]
            group.case_ids.add(case_id)
            group.items.setdefault((line_code, title), set()).add(case_id)
    # Case ids alone (plain integers: nothing to convert, tens of thousands of them).
    for reason, held in (
        (BlockerReason.ORIGIN_UNCONFIRMED, Q(origin_unconfirmed=True)),
        (BlockerReason.REFUSAL, Q(has_deposit=True)),
        (BlockerReason.OVERDUE_STEP, Q(next_due_date__lt=today)),
    ):
        groups[reason].case_ids.update(rows.filter(held).values_list("case_id", flat=True))
    groups[BlockerReason.COMPLAINT].case_ids.update(_complained(open_cases, today))
    for group in by_status.values():
        group.items = dict(sorted(group.items.items()))
    # A project's resettlement standing names only households entitled to a plot or an
    # apartment: the projects with none are not asked.
    needing = Entitlement.objects.filter(
        case__in=open_cases.values("pk"), choice__in=NEEDS_A_PLACE
    ).values("project_id")
    projects = list(Project.objects.filter(pk__in=needing))
    seen = set(open_cases.values_list("pk", flat=True)) if projects else set()
    for project in projects:
        for blocker in project_standing(user, project)["blockers"]:
            if blocker.entitlement.case_id in seen:
                groups[BlockerReason.NO_PLOT].case_ids.add(blocker.entitlement.case_id)
    return [groups[r] for r in BlockerReason.ORDER]


def _complained(open_cases: QuerySet[Case], day: dt.date) -> set[int]:
    """The cases with a complaint open on `day`: Land Law 2024 Art. 237 gives the right to
    complain; while the flag is open the handover is refused (gpmb.payments.services)."""
    return set(
        ComplaintFlag.objects.filter(
            case__in=open_cases.values("pk"), opened_date__lte=day, closed_date__isnull=True
        ).values_list("case_id", flat=True)
    )


# -- targets and indicators -------------------------------------------------------------


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """ "2026" → 1/1–31/12/2026; "2026-H1" → 1/1–30/6; "2026-H2" → 1/7–31/12."""
    year = int(period[:4])
    if period.endswith("-H1"):
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    if period.endswith("-H2"):
        return dt.date(year, 7, 1), dt.date(year, 12, 31)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def same_period_last_year(period: str) -> str:
    return f"{int(period[:4]) - 1}{period[4:]}"


def ratio(part: Decimal, whole: Decimal) -> Decimal:
    """part / whole in percent, to two decimals (half up)."""
    return (part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def wording(actual: Decimal | None, planned: Decimal | None, same: Decimal | None) -> str:
    """The Vietnamese way: "đạt 62,19% kế hoạch, bằng 166% so với cùng kỳ". A plan of zero
    or a missing same period is said, never divided by."""
    if actual is None:
        return _("chưa có số thực hiện")
    parts = []
    if planned is None:
        parts.append(_("chưa giao kế hoạch"))
    elif planned == 0:
        parts.append(_("kế hoạch giao bằng 0, không tính tỷ lệ"))
    else:
        parts.append(_("đạt %(p)s%% kế hoạch") % {"p": pct(ratio(actual, planned))})
    if same is None:
        parts.append(_("chưa có số liệu cùng kỳ"))
    elif same == 0:
        parts.append(_("cùng kỳ bằng 0, không so sánh được"))
    else:
        parts.append(_("bằng %(p)s%% so với cùng kỳ") % {"p": pct(ratio(actual, same))})
    return ", ".join(parts)


@dataclass
class IndicatorRow:
    kind: str
    title: str
    unit: str
    computed: bool
    planned: Decimal | None
    actual: Decimal | None
    same: Decimal | None
    source: str

    @property
    def of_plan(self) -> Decimal | None:
        if self.actual is None or not self.planned:
            return None
        return ratio(self.actual, self.planned)

    @property
    def of_same(self) -> Decimal | None:
        if self.actual is None or not self.same:
            return None
        return ratio(self.actual, self.same)

    @property
    def words(self) -> str:
        return wording(self.actual, self.planned, self.same)


def _flows(user: Any, kind: str, code: str | None, period: str) -> dict[str, Decimal] | None:
    """What the records say happened within the period (to today if it is not over):
    households handed over, area cleared, principal disbursed; None when the scope had
    no case recorded by the period's end (nothing to compare with)."""
    start, end = period_bounds(period)
    end = min(end, timezone.localdate())
    if end < start:
        return None
    after = report(user, kind, code, as_of=end).totals
    if after.inventoried == 0 and after.handed_over == 0 and after.paid == 0:
        return None
    before = report(user, kind, code, as_of=start - dt.timedelta(days=1)).totals
    return {
        IndicatorKind.HOUSEHOLDS_HANDED_OVER: Decimal(after.handed_over - before.handed_over),
        IndicatorKind.AREA_CLEARED: after.area_handed_over - before.area_handed_over,
        IndicatorKind.COMPENSATION_DISBURSED: Decimal(after.paid - before.paid),
    }


def indicators(user: Any, kind: str, code: str | None, period: str) -> list[IndicatorRow]:
    """Every indicator of the scope for the period: the plan set, the actual (computed
    from the records for site clearance, as entered for the others) and the same period
    of the year before."""
    scope_code = code or ""
    previous = same_period_last_year(period)
    targets = {
        (t.period, t.kind): t
        for t in Target.objects.filter(
            period__in=[period, previous], scope=kind, unit_code=scope_code
        )
    }
    now = _flows(user, kind, code, period)
    before = _flows(user, kind, code, previous)
    rows = []
    for indicator in IndicatorKind:
        target = targets.get((period, indicator.value))
        earlier = targets.get((previous, indicator.value))
        computed = indicator in COMPUTED_KINDS
        if computed:
            actual = now[indicator] if now is not None else None
            same = before[indicator] if before is not None else None
        else:
            actual = target.actual if target else None
            same = earlier.actual if earlier else None
        rows.append(
            IndicatorRow(
                kind=indicator.value,
                title=str(indicator.label),
                unit=UNITS[indicator],
                computed=computed,
                planned=target.planned if target else None,
                actual=actual,
                same=same,
                source=target.source if target else "",
            )
        )
    return rows


# -- the missing-price blocker's bulk fix ------------------------------------------------

_ITEM_REF = re.compile(r"^(?P<kind>[a-z]+)-(?P<line>\d+)$")


@dataclass
class PriceFixGroup:
    """The inventory lines of one kind behind a missing-price line code, in the scope's
    open cases: those the user may fix (`items`, each as its latest correction left it,
    with `item.case`), how many they may not (`out_of_reach`), and the pack's price rows
    for the kind (`choices`, empty when the pack has no price table for it)."""

    item_kind: str
    items: list[Any] = field(default_factory=list)
    out_of_reach: int = 0
    choices: list[Any] = field(default_factory=list)

    @property
    def cases(self) -> list[Any]:
        seen: dict[int, Any] = {}
        for item in self.items:
            seen.setdefault(item.case_id, item.case)
        return sorted(seen.values(), key=lambda c: (c.commune.name, c.household.code))


def missing_price_items(
    user: Any, kind: str, code: str | None, line_code: str
) -> dict[str, PriceFixGroup]:
    """By inventory kind, the lines behind the `line_code` lines whose status is
    missing_basis in the latest plan of the scope's open cases, whose price code is
    blank or not a row of the pack: what a price code assigned to all of them fixes.
    A line counts as the user's when they may edit it (an open round) or correct it (a
    closed round) on its case."""
    cases, _label, _obj = scope_cases(user, kind, code)
    open_cases = cases.exclude(status=CaseStatus.HANDED_OVER)
    newest: dict[int, tuple[int, int]] = {}
    for case_id, pk, basis in (
        PlanVersion.objects.filter(case__in=open_cases.values("pk"))
        .order_by("case_id", "number")
        .values_list("case_id", "pk", "inventory_basis")
    ):
        newest[case_id] = (pk, (basis or {}).get("census") or 0)
    by_plan = {pk: (case_id, census) for case_id, (pk, census) in newest.items()}
    wanted: set[tuple[int, int, str, int]] = set()  # (round, case, kind, line no)
    for plan_id, ref in CalculationLine.objects.filter(
        plan_id__in=list(by_plan), status=LineStatus.MISSING_BASIS, code=line_code
    ).values_list("plan_id", "ref"):
        match = _ITEM_REF.match(ref or "")
        case_id, census_id = by_plan[plan_id]
        if match and census_id:
            wanted.add((census_id, case_id, match["kind"], int(match["line"])))
    if not wanted:
        return {}
    items = [
        item
        for item in InventoryItem.objects.filter(
            census_id__in={w[0] for w in wanted}, case_id__in={w[1] for w in wanted}
        ).select_related("census", "project", "case__household", "case__commune")
        if (item.census_id, item.case_id, item.kind, item.line_no) in wanted
    ]
    rounds: dict[int, list[Any]] = defaultdict(list)
    for item in items:
        rounds[item.census_id].append(item)
    items = [i for group in rounds.values() for i in corrected(group[0].census, group)]
    editable = set(
        Case.objects.restrict(user, "census.change_inventoryitem").values_list("pk", flat=True)
        .filter(pk__in={i.case_id for i in items})
    )  # fmt: skip
    correctable = set(
        Case.objects.restrict(user, "census.correct_inventoryitem").values_list("pk", flat=True)
        .filter(pk__in={i.case_id for i in items})
    )  # fmt: skip
    rows_by_project: dict[int, dict[str, list[Any]]] = {}
    out: dict[str, PriceFixGroup] = {}
    for item in sorted(items, key=lambda i: (i.kind, i.case_id, i.line_no)):
        if item.project_id not in rows_by_project:
            rows_by_project[item.project_id] = inventory_price_rows(item.project)
        rows = rows_by_project[item.project_id].get(str(item.kind), [])
        if item.price_code and item.price_code in {r.code for r in rows}:
            continue  # priced by a row of the pack: something else is missing
        group = out.setdefault(str(item.kind), PriceFixGroup(str(item.kind), choices=rows))
        allowed = correctable if item.census.is_closed else editable
        if item.case_id in allowed:
            group.items.append(item)
        else:
            group.out_of_reach += 1
    return out
