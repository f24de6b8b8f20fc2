"""Reading cases and the households they belong to: the household list and its search;
a batch's households × steps grid; the worklist of a user's roles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import get_language

from gpmb.cases.choices import PeriodBound, StepState
from gpmb.cases.models import DUE_SOON_DAYS, BatchProcedure, Case, ComplaintFlag, Step
from gpmb.core.choices import Role
from gpmb.core.permissions import user_assignments
from gpmb.core.roles import PERSONAL_DATA
from gpmb.core.vnformat import fold, parse_sheet_parcel
from gpmb.engine.procedure import STEP_ROLES
from gpmb.parties.models import Household, HouseholdMember, Tenure
from gpmb.projects.models import Batch

# Steps whose document a higher app prints for one household (the documents app adds
# its codes in AppConfig.ready()): the household page links them.
STEP_DOCUMENTS: set[str] = set()


def household_search(user: Any, q: str) -> Q:
    """A filter for the search box: household code, member name (with or without
    diacritics), parcel number ("85") or sheet and parcel ("12/85", "tờ 12 thửa 85"),
    and a full national ID among the households whose IDs the user may see."""
    q = q.strip()
    if not q:
        return Q()
    condition = Q(code__iexact=q) | Q(
        pk__in=HouseholdMember.objects.filter(party__search_name__contains=fold(q)).values(
            "household_id"
        )
    )
    sheet_parcel = parse_sheet_parcel(q)
    if sheet_parcel:
        condition |= Q(
            pk__in=Tenure.objects.filter(
                parcel__map_sheet=sheet_parcel[0], parcel__parcel_number=sheet_parcel[1]
            ).values("household_id")
        )
    if q.isdigit():
        condition |= Q(pk__in=Tenure.objects.filter(parcel__parcel_number=q).values("household_id"))
        if len(q) >= 9:
            condition |= Q(
                pk__in=HouseholdMember.objects.filter(
                    party__national_id=q,
                    household__in=Household.objects.restrict(user, PERSONAL_DATA),
                ).values("household_id")
            )
    return condition


LIST_FILTERS = ("q", "project", "commune", "status")


def household_list_filters(query: Any) -> dict[str, str]:
    """The household list's filters from a request's query (the page and its export)."""
    return {name: str(query.get(name, "")).strip() for name in LIST_FILTERS}


def household_list(
    user: Any, *, q: str = "", project: str = "", commune: str = "", status: str = ""
) -> QuerySet[Household]:
    """The households the user may see, with the cases the user may see of each."""
    cases = Case.objects.restrict(user)
    if project:
        cases = cases.filter(project__code=project)
    if commune:
        cases = cases.filter(commune__code=commune)
    if status:
        cases = cases.filter(status=status)
    return (
        Household.objects.restrict(user)
        .filter(pk__in=cases.values("household_id"))
        .filter(household_search(user, q))
        .select_related("head", "commune")
        .annotate(member_count=Count("members"))
        .prefetch_related(
            Prefetch("cases", queryset=cases.select_related("project", "batch")),
            Prefetch("tenures", queryset=Tenure.objects.restrict(user).select_related("parcel")),
        )
        .order_by("code")
    )


# -- steps ------------------------------------------------------------------------------


@dataclass
class GridRow:
    """One household of a batch's households × steps grid."""

    case: Case
    cells: list[Step | None]
    states: list[str]

    @property
    def pairs(self) -> list[tuple[Step | None, str]]:
        return list(zip(self.cells, self.states, strict=True))

    @property
    def overdue(self) -> bool:
        return StepState.OVERDUE in self.states

    @property
    def due_soon(self) -> bool:
        return StepState.DUE_SOON in self.states


GRID_FILTERS = ("status", "state", "commune")


def step_states(steps: list[Step], today: dt.date) -> list[str]:
    """Each step's state on `today`, knowing whether the step it counts from is closed."""
    by_code = {s.code: s for s in steps}
    out = []
    for step in steps:
        anchor = by_code.get(step.anchor) if step.anchor else None
        out.append(step.state(today, anchor_closed=anchor is None or anchor.closed))
    return out


def batch_columns(batch: Batch) -> list[tuple[str, str]]:
    """(code, title) of the batch's steps, in order (from its procedure)."""
    procedure = BatchProcedure.objects.filter(batch=batch).first()
    if procedure is None:
        return []
    lang = get_language() or "vi"
    return [
        (s["code"], s["title"]["en"] if lang.startswith("en") else s["title"]["vi"])
        for s in procedure.template["steps"]
    ]


def batch_grid(
    user: Any,
    batch: Batch,
    today: dt.date,
    *,
    status: str = "",
    state: str = "",
    commune: str = "",
) -> tuple[list[tuple[str, str]], list[GridRow]]:
    """The households × steps grid of `batch` for the cases and steps `user` may see;
    `state` keeps the households with a step in that state (overdue, due_soon). Two
    queries whatever the size of the batch."""
    columns = batch_columns(batch)
    cases = Case.objects.restrict(user).filter(batch=batch)
    if status:
        cases = cases.filter(status=status)
    if commune:
        cases = cases.filter(commune__code=commune)
    case_list = list(cases.select_related("household__head", "commune").order_by("household__code"))
    steps: dict[int, list[Step]] = {c.pk: [] for c in case_list}
    for step in (
        Step.objects.restrict(user).filter(case__batch=batch, case__in=cases).order_by("position")
    ):
        steps[step.case_id].append(step)
    index = {code: i for i, (code, _title) in enumerate(columns)}
    rows = []
    for case in case_list:
        cells: list[Step | None] = [None] * len(columns)
        states = [""] * len(columns)
        for step, st in zip(steps[case.pk], step_states(steps[case.pk], today), strict=True):
            if step.code in index:
                cells[index[step.code]] = step
                states[index[step.code]] = st
        row = GridRow(case, cells, states)
        if state and state not in states:
            continue
        rows.append(row)
    return columns, rows


def case_steps(user: Any, cases: list[Case], today: dt.date) -> dict[int, list[tuple[Step, str]]]:
    """The steps of `cases` the user may see, with their state on `today`."""
    steps: dict[int, list[Step]] = {c.pk: [] for c in cases}
    for step in Step.objects.restrict(user).filter(case__in=cases).order_by("position"):
        steps[step.case_id].append(step)
    return {
        pk: list(zip(rows, step_states(rows, today), strict=True)) for pk, rows in steps.items()
    }


def _my_steps(user: Any) -> Q | None:
    """The steps whose role one of the user's assignments holds, where it reaches (an
    administrator's assignment holds every role). None: all (a superuser)."""
    if user.is_superuser:
        return None
    condition = Q(pk__in=[])
    for a in user_assignments(user):
        if a.role not in STEP_ROLES and a.role != Role.ADMINISTRATOR:
            continue
        part = Q() if a.role == Role.ADMINISTRATOR else Q(role=a.role)
        if a.project_id is not None:
            part &= Q(project_id=a.project_id)
        if a.commune_id is not None:
            part &= Q(commune_id=a.commune_id)
        condition |= part
    return condition


@dataclass
class WorkItem:
    """One step of one batch waiting for the user, for this many households."""

    batch: Batch
    code: str
    title: str
    due_date: dt.date | None
    count: int
    bound: str


def worklist(user: Any, today: dt.date) -> dict[str, list[WorkItem]]:
    """What waits for the user's roles ("Việc của tôi"): open steps whose previous
    step is closed, grouped by batch, step and deadline, split into overdue, due this
    week (7 days) and the rest. Scoped to what the user may see and its roles reach."""
    mine = _my_steps(user)
    steps = Step.objects.restrict(user).filter(done_date__isnull=True, not_applicable=False)
    if mine is not None:
        steps = steps.filter(mine)
    anchor_closed = Step.objects.filter(case=OuterRef("case"), code=OuterRef("anchor")).filter(
        Q(done_date__isnull=False) | Q(not_applicable=True)
    )
    rows = (
        steps.filter(Q(anchor="") | Exists(anchor_closed))
        .values("case__batch", "code", "title", "due_date", "period_bound")
        .annotate(count=Count("pk"))
        .order_by("due_date", "case__batch", "code")
    )
    batches = {
        b.pk: b
        for b in Batch.objects.filter(pk__in={r["case__batch"] for r in rows}).select_related(
            "project"
        )
    }
    # One line per batch and step in each section, with the earliest deadline and the
    # households it holds: a ward's 300 late inventories are one line, not 40.
    merged: dict[tuple[str, int, str], WorkItem] = {}
    week_end = today + dt.timedelta(days=DUE_SOON_DAYS)
    for r in rows:
        due = r["due_date"]
        by = r["period_bound"] == PeriodBound.BY
        if due is not None and by and due < today:
            section = "overdue"
        elif due is not None and due <= week_end:
            section = "week"
        else:
            section = "later"
        key = (section, r["case__batch"], r["code"])
        item = merged.get(key)
        if item is None:
            merged[key] = WorkItem(
                batches[r["case__batch"]], r["code"], r["title"], due, r["count"],
                r["period_bound"],
            )  # fmt: skip
        else:
            item.count += r["count"]
            if due is not None and (item.due_date is None or due < item.due_date):
                item.due_date = due
    groups: dict[str, list[WorkItem]] = {"overdue": [], "week": [], "later": []}
    for (section, _batch, _code), item in merged.items():
        groups[section].append(item)
    for items in groups.values():
        items.sort(key=lambda i: (i.due_date or dt.date.max, i.batch.pk, i.code))
    return groups


def open_complaints(case_id: int) -> list[ComplaintFlag]:
    """The complaint flags of a case still open, oldest first (the handover gate)."""
    return list(
        ComplaintFlag.objects.filter(case_id=case_id, closed_date__isnull=True).order_by(
            "opened_date", "pk"
        )
    )
