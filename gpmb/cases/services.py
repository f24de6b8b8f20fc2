"""Writes of the cases app: a case's legal steps and the statuses they earn.

The public API a higher app calls when a legal act happens (the plans app when a plan is
posted, appraised or approved; a page when an officer records a notice):

    procedure_attach(*, batch, template, pack_code, actor) -> BatchProcedure
    steps_generate(*, cases, template, pack_code, actor) -> int
    step_record(*, case, code, done_date, document, actor, note="") -> Step
    steps_record(*, cases, code, done_date, document, actor, note="") -> int
    step_not_applicable(*, case, code, reason, actor) -> Step
    steps_not_applicable(*, cases, code, reason, actor) -> int
    steps_schedule(*, cases, code, due_date, actor, reason) -> int
    complaint_open(*, case, opened_date, reason, actor) -> ComplaintFlag
    complaint_close(*, flag, closed_date, outcome, actor) -> ComplaintFlag

`template` is a `gpmb.engine.procedure.ProcedureTemplate` (the pack's
`procedure.deadlines`), handed in by the caller: this app sits below the policy app and
never reads a pack itself. The batch keeps a copy (`BatchProcedure`), so recording a step
needs only the case. `document` is a `StepDocument(number, date, signer)`.

A case's status is never set: it is the status earned by the last step recorded that
earns one (`earns` in the template), moved by one transition function per status below
(`case_mark_notified` …), each guarded on the source state, under `select_for_update`,
in one transaction, with an audit event and the `case_status_changed` signal sent after
commit. Nothing else in the code writes `Case.status` (tests/cases/test_status_writes.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from gpmb.cases.choices import CaseStatus, PeriodBound
from gpmb.cases.models import BatchProcedure, Case, ComplaintFlag, Step
from gpmb.core.audit import acting_as
from gpmb.core.bulk import insert_rows, update_rows
from gpmb.core.changes import cases_changed
from gpmb.core.choices import Role
from gpmb.core.models import Actor, record_event
from gpmb.core.permissions import NotPermitted, may, user_assignments
from gpmb.core.workdays import WorkCalendar
from gpmb.engine.procedure import ProcedureTemplate
from gpmb.projects.models import Batch

# Sent after commit with `case_ids` and `status` when cases earn a status: documents,
# reports and notifications react here, outside the transaction that moved them.
case_status_changed = Signal()

# The order of the chain: a case only moves forward.
STATUS_ORDER = list(CaseStatus)
RANK = {status.value: i for i, status in enumerate(STATUS_ORDER)}


# Steps recorded only by the service of the act that makes them — a payment, a deposit,
# the handover minutes — never by hand on the batch steps page: code → where that act is
# recorded (for the refusal's message). Higher apps add theirs in AppConfig.ready().
ACT_STEPS: dict[str, Any] = {}


def act_steps_register(codes: dict[str, Any]) -> None:
    ACT_STEPS.update(codes)


class StepError(Exception):
    """A step that cannot be recorded as asked; `str()` says why, in Vietnamese."""


@dataclass(frozen=True, slots=True)
class StepDocument:
    """The document a step produces: its number and symbol, date and signer."""

    number: str
    date: dt.date
    signer: str = ""


# -- the procedure ------------------------------------------------------------------------


def procedure_attach(
    *, batch: Batch, template: ProcedureTemplate, pack_code: str, actor: Actor
) -> BatchProcedure:
    """Give `batch` its procedure (a copy of the pack's template). Replacing it is
    refused once a step of the batch is recorded: deadlines under way do not move."""
    with acting_as(actor), transaction.atomic():
        current = BatchProcedure.objects.select_for_update().filter(batch=batch).first()
        if current is not None:
            if current.template == template.as_dict() and current.pack_code == pack_code:
                return current
            if Step.objects.filter(case__batch=batch).filter(_closed()).exists():
                raise StepError(
                    _("Đợt %(batch)s đã có bước được ghi nhận; không thay quy trình được.")
                    % {"batch": batch}
                )
            current.template, current.pack_code = template.as_dict(), pack_code
            current.save(update_fields=["template", "pack_code", "updated_at"])
            return current
        return BatchProcedure.objects.create(
            batch=batch, template=template.as_dict(), pack_code=pack_code
        )


def steps_generate(
    *, cases: Iterable[Case], template: ProcedureTemplate, pack_code: str, actor: Actor
) -> int:
    """Create the steps of `cases` from `template` (their batches get the template as
    their procedure). Steps a case already has are kept: generating twice adds nothing.
    One bulk insert for the lot (3,000 households × 12 steps in about a second) and one
    audit event per batch. Returns how many steps were created."""
    cases = list(cases)
    by_batch: dict[int, list[Case]] = defaultdict(list)
    for case in cases:
        by_batch[case.batch_id].append(case)
    created = 0
    with acting_as(actor), transaction.atomic():
        for members in by_batch.values():
            procedure_attach(
                batch=members[0].batch, template=template, pack_code=pack_code, actor=actor
            )
            have = set(
                Step.objects.filter(case__in=[c.pk for c in members]).values_list("case_id", "code")
            )
            rows = [
                (
                    case.pk,
                    case.project_id,
                    case.commune_id,
                    spec.code,
                    position,
                    spec.title_vi,
                    spec.title_en,
                    spec.scope,
                    spec.role,
                    spec.document,
                    spec.source[:300],
                    spec.anchor or "",
                    spec.bound,
                    spec.unit,
                    spec.may_skip,
                    spec.earns or "",
                    False,
                    "",
                    "",
                    "",
                )
                for case in members
                for position, spec in enumerate(template.steps, start=1)
                if (case.pk, spec.code) not in have
            ]
            insert_rows(
                Step,
                (
                    "case_id",
                    "project_id",
                    "commune_id",
                    "code",
                    "position",
                    "title",
                    "title_en",
                    "scope",
                    "role",
                    "document_kind",
                    "source",
                    "anchor",
                    "period_bound",
                    "period_unit",
                    "may_skip",
                    "earns",
                    "not_applicable",
                    "reason",
                    "document_number",
                    "document_signer",
                ),
                rows,
            )
            created += len(rows)
            if rows:
                record_event(
                    actor=actor,
                    kind="cases.steps_generate",
                    message=f"Lập {len(rows)} bước thủ tục cho {len(members)} hồ sơ",
                    target=members[0].batch,
                    data={"pack": pack_code, "cases": len(members), "steps": len(rows)},
                )
    return created


# -- recording steps ----------------------------------------------------------------------


def step_record(
    *,
    case: Case,
    code: str,
    done_date: dt.date,
    document: StepDocument | None,
    actor: Actor,
    note: str = "",
) -> Step:
    """Record that step `code` of `case` was done on `done_date`, with its document.
    See `steps_record`."""
    steps_record(
        cases=[case], code=code, done_date=done_date, document=document, actor=actor, note=note
    )
    return Step.objects.get(case=case, code=code)


def steps_record(
    *,
    cases: Sequence[Case],
    code: str,
    done_date: dt.date,
    document: StepDocument | None,
    actor: Actor,
    note: str = "",
) -> int:
    """Record step `code` as done on `done_date` for every case of `cases` with one
    document (a batch posting, one notice decision for many households). All or nothing:
    one case refused refuses the lot, naming the household and why.

    Refused when: the actor's assignments do not give it the step's role on the case's
    project and commune (the law names who does each step; an administrator may do all;
    `actor=None` is the system); the step is already done or not applicable; the step it
    counts from is not closed yet; `done_date` is in the future or before that step's
    done date; a waiting period ("not before", e.g. the posting's 10 days) has not
    elapsed. Then the later steps' deadlines are recomputed and the cases earn the
    status the step earns."""
    if done_date > timezone.localdate():
        raise StepError(_("Ngày thực hiện %(date)s ở tương lai.") % {"date": _fmt(done_date)})
    if document is not None and not document.number.strip():
        raise StepError(_("Cần số văn bản."))
    with acting_as(actor), transaction.atomic():
        locked = _lock(cases)
        steps = _steps_of(locked)
        now = timezone.now()
        changed: list[Step] = []
        for case in locked:
            by_code = steps[case.pk]
            step = by_code.get(code)
            who = f"{case.household.code}"
            if step is None:
                raise StepError(_("Hồ sơ %(case)s không có bước %(code)s.") % _d(who, code))
            _check_role(actor, step, case)
            if step.done_date is not None:
                raise StepError(
                    _("Hồ sơ %(case)s: bước “%(step)s” đã ghi nhận ngày %(date)s.")
                    % {"case": who, "step": step.title, "date": _fmt(step.done_date)}
                )
            if step.not_applicable:
                raise StepError(
                    _("Hồ sơ %(case)s: bước “%(step)s” đã ghi là không áp dụng.")
                    % {"case": who, "step": step.title}
                )
            anchor = by_code.get(step.anchor) if step.anchor else None
            if anchor is not None and not anchor.closed:
                raise StepError(
                    _("Hồ sơ %(case)s: chưa xong bước “%(anchor)s”, chưa ghi được “%(step)s”.")
                    % {"case": who, "anchor": anchor.title, "step": step.title}
                )
            if anchor is not None and anchor.done_date and done_date < anchor.done_date:
                raise StepError(
                    _("Hồ sơ %(case)s: ngày %(date)s trước ngày của bước “%(anchor)s” (%(prev)s).")
                    % {
                        "case": who,
                        "date": _fmt(done_date),
                        "anchor": anchor.title,
                        "prev": _fmt(anchor.done_date),
                    }
                )
            if (
                step.period_bound == PeriodBound.AFTER
                and step.due_date is not None
                and done_date < step.due_date
            ):
                raise StepError(
                    _("Hồ sơ %(case)s: “%(step)s” không được sớm hơn %(date)s (%(source)s).")
                    % {
                        "case": who,
                        "step": step.title,
                        "date": _fmt(step.due_date),
                        "source": step.source,
                    }
                )
            step.done_date = done_date
            step.document_number = document.number.strip() if document else ""
            step.document_date = document.date if document else None
            step.document_signer = document.signer.strip() if document else ""
            step.recorded_by = actor if getattr(actor, "pk", None) else None
            step.recorded_at = now
            changed.append(step)
        _save_recorded(changed)
        _recompute(locked, steps)
        record_event(
            actor=actor,
            kind="cases.step_record",
            message=(
                f"Ghi nhận bước {code} ngày {_fmt(done_date)} cho {len(locked)} hồ sơ"
                + (f", văn bản số {document.number}" if document else "")
            ),
            target=locked[0] if len(locked) == 1 else locked[0].batch,
            reason=note,
            data={
                "code": code,
                "done_date": done_date.isoformat(),
                "document": document.number if document else "",
                "cases": [c.pk for c in locked],
            },
        )
        _earn(locked, steps, actor)
        cases_changed(c.pk for c in locked)
    return len(changed)


def step_not_applicable(*, case: Case, code: str, reason: str, actor: Actor) -> Step:
    """Mark step `code` of `case` as not applicable, with the reason (e.g. no
    compulsory inventory: the household let the inventory be done). See
    `steps_not_applicable`."""
    steps_not_applicable(cases=[case], code=code, reason=reason, actor=actor)
    return Step.objects.get(case=case, code=code)


def steps_not_applicable(*, cases: Sequence[Case], code: str, reason: str, actor: Actor) -> int:
    """Mark step `code` as not applicable for every case of `cases`, with one reason.
    Refused for a step the template does not let be skipped, a step already done, an
    empty reason, or an actor without the step's role on the case."""
    reason = reason.strip()
    if not reason:
        raise StepError(_("Cần nêu lý do không áp dụng."))
    with acting_as(actor), transaction.atomic():
        locked = _lock(cases)
        steps = _steps_of(locked)
        now = timezone.now()
        changed = []
        for case in locked:
            step = steps[case.pk].get(code)
            who = case.household.code
            if step is None:
                raise StepError(_("Hồ sơ %(case)s không có bước %(code)s.") % _d(who, code))
            _check_role(actor, step, case)
            if not step.may_skip:
                raise StepError(
                    _("Bước “%(step)s” là bắt buộc, không ghi “không áp dụng” được.")
                    % {"step": step.title}
                )
            if step.closed:
                raise StepError(
                    _("Hồ sơ %(case)s: bước “%(step)s” đã được ghi nhận.")
                    % {"case": who, "step": step.title}
                )
            step.not_applicable, step.reason = True, reason
            step.recorded_by = actor if getattr(actor, "pk", None) else None
            step.recorded_at = now
            changed.append(step)
        update_rows(
            Step,
            ("not_applicable", "reason", "recorded_by_id", "recorded_at"),
            [(s.not_applicable, s.reason, s.recorded_by_id, s.recorded_at, s.pk) for s in changed],
        )
        _recompute(locked, steps)
        record_event(
            actor=actor,
            kind="cases.step_not_applicable",
            message=f"Bước {code} không áp dụng cho {len(locked)} hồ sơ",
            target=locked[0] if len(locked) == 1 else locked[0].batch,
            reason=reason,
            data={"code": code, "cases": [c.pk for c in locked]},
        )
        cases_changed(c.pk for c in locked)
    return len(changed)


def steps_schedule(
    *, cases: Sequence[Case], code: str, due_date: dt.date, actor: Actor, reason: str
) -> int:
    """Set the deadline of step `code` where the law leaves it to an earlier act — the
    inventory's schedule is in the recovery notice (Land Law Art. 85(1)) — for every case
    of `cases`. Refused for a step with a statutory period (that one is counted, never
    typed), a closed step, or an empty reason (name the act: "TB 31/TB-UBND")."""
    reason = reason.strip()
    if not reason:
        raise StepError(_("Cần nêu văn bản đặt thời hạn."))
    with acting_as(actor), transaction.atomic():
        locked = _lock(cases)
        steps = _steps_of(locked)
        changed = []
        for case in locked:
            step = steps[case.pk].get(code)
            if step is None:
                raise StepError(
                    _("Hồ sơ %(case)s không có bước %(code)s.") % _d(case.household.code, code)
                )
            _check_role(actor, step, case)
            if step.period_days is not None or step.period_bound == PeriodBound.AFTER:
                raise StepError(
                    _("Bước “%(step)s” có thời hạn luật định, không đặt tay được.")
                    % {"step": step.title}
                )
            if step.closed:
                raise StepError(
                    _("Hồ sơ %(case)s: bước “%(step)s” đã được ghi nhận.")
                    % {"case": case.household.code, "step": step.title}
                )
            step.due_date = due_date
            changed.append(step)
        update_rows(Step, ("due_date",), [(s.due_date, s.pk) for s in changed])
        record_event(
            actor=actor,
            kind="cases.step_schedule",
            message=f"Hạn bước {code}: {_fmt(due_date)} cho {len(locked)} hồ sơ",
            target=locked[0] if len(locked) == 1 else locked[0].batch,
            reason=reason,
            data={"code": code, "due_date": due_date.isoformat(), "cases": [c.pk for c in locked]},
        )
        cases_changed(c.pk for c in locked)
    return len(changed)


# -- earned statuses: one function per transition --------------------------------------


def case_mark_notified(*, cases: Sequence[Case], actor: Actor) -> int:
    """The recovery notice is recorded (Land Law Art. 85, 87(2)(a))."""
    return _transition(cases, CaseStatus.NOTIFIED, actor)


def case_mark_inventoried(*, cases: Sequence[Case], actor: Actor) -> int:
    """The inventory record is made (Land Law Art. 87(2)(c))."""
    return _transition(cases, CaseStatus.INVENTORIED, actor)


def case_mark_drafted(*, cases: Sequence[Case], actor: Actor) -> int:
    """The draft compensation plan is made (Land Law Art. 87(3)(a))."""
    return _transition(cases, CaseStatus.DRAFTED, actor)


def case_mark_posted(*, cases: Sequence[Case], actor: Actor) -> int:
    """The draft plan is posted (Resolution 254 Art. 3(9)(b))."""
    return _transition(cases, CaseStatus.POSTED, actor)


def case_mark_appraised(*, cases: Sequence[Case], actor: Actor) -> int:
    """The plan is appraised (Decree 88 Art. 3(3))."""
    return _transition(cases, CaseStatus.APPRAISED, actor)


def case_mark_approved(*, cases: Sequence[Case], actor: Actor) -> int:
    """The plan is approved (Land Law Art. 87(3)(c))."""
    return _transition(cases, CaseStatus.APPROVED, actor)


def case_mark_paid(*, cases: Sequence[Case], actor: Actor) -> int:
    """The approved amount is paid (Land Law Art. 94(3)): the `payment` step, recorded by
    gpmb.payments.services."""
    return _transition(cases, CaseStatus.PAID, actor)


def case_mark_handed_over(*, cases: Sequence[Case], actor: Actor) -> int:
    """The land is handed over with its minutes (Land Law Art. 87(7)): the `handover`
    step, recorded by gpmb.payments.services once the money is paid or deposited."""
    return _transition(cases, CaseStatus.HANDED_OVER, actor)


TRANSITIONS = {
    CaseStatus.NOTIFIED: case_mark_notified,
    CaseStatus.INVENTORIED: case_mark_inventoried,
    CaseStatus.DRAFTED: case_mark_drafted,
    CaseStatus.POSTED: case_mark_posted,
    CaseStatus.APPRAISED: case_mark_appraised,
    CaseStatus.APPROVED: case_mark_approved,
    CaseStatus.PAID: case_mark_paid,
    CaseStatus.HANDED_OVER: case_mark_handed_over,
}


def _transition(
    cases: Sequence[Case],
    target: CaseStatus,
    actor: Actor,
    steps: dict[int, dict[str, Step]] | None = None,
) -> int:
    """Move `cases` to `target`. The guard: the source state must be earlier in the
    chain (a case never moves back, and a case already there is left alone); the
    `target` must be what the case's recorded steps earn. Compare-and-set under
    `select_for_update`; one audit event; the signal after commit. `steps` is given by
    a service that already holds the cases locked with their steps loaded (the same
    transaction): then they are not read again."""
    ids = [c.pk for c in cases]
    if not ids:
        return 0
    with acting_as(actor), transaction.atomic():
        if steps is None:
            locked = list(Case.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
            steps = _steps_of(locked)
        else:
            locked = sorted(cases, key=lambda c: c.pk)
        moving = []
        for case in locked:
            if RANK[case.status] >= RANK[target]:
                continue
            if earned_status(steps[case.pk].values()) != target:
                raise StepError(
                    _("Hồ sơ %(case)s chưa đủ bước đã ghi nhận để chuyển sang “%(status)s”.")
                    % {"case": case.pk, "status": target.label}
                )
            moving.append(case)
        if not moving:
            return 0
        update_rows(Case, ("status",), [(target.value, c.pk) for c in moving])
        record_event(
            actor=actor,
            kind=f"cases.status_{target.value}",
            message=f"{len(moving)} hồ sơ chuyển sang “{target.label}”",
            target=moving[0] if len(moving) == 1 else moving[0].batch,
            data={"status": target.value, "cases": [c.pk for c in moving]},
        )
        moved = [c.pk for c in moving]
        transaction.on_commit(
            lambda: case_status_changed.send(sender=Case, case_ids=moved, status=target.value)
        )
    for case in cases:
        if case.pk in moved:
            case.status = target.value  # the caller's instances, after the write
    return len(moving)


def earned_status(steps: Iterable[Step]) -> str:
    """The status a case's recorded steps earn: that of the furthest done step that
    earns one (the template's `earns`, kept on each step), "opened" when none."""
    best = CaseStatus.OPENED.value
    for step in steps:
        if step.done_date is not None and step.earns and RANK[step.earns] > RANK[best]:
            best = step.earns
    return best


# -- helpers ------------------------------------------------------------------------------


def _closed() -> Any:
    from django.db.models import Q

    return Q(done_date__isnull=False) | Q(not_applicable=True)


def _fmt(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _d(case: str, code: str) -> dict[str, str]:
    return {"case": case, "code": code}


def _lock(cases: Sequence[Case]) -> list[Case]:
    ids = [c.pk for c in cases]
    if not ids:
        raise StepError(_("Chưa chọn hồ sơ nào."))
    locked = list(
        Case.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("household", "batch")
        .order_by("pk")
    )
    if len(locked) != len(set(ids)):
        raise StepError(_("Có hồ sơ không còn tồn tại."))
    return locked


def _steps_of(cases: Sequence[Case]) -> dict[int, dict[str, Step]]:
    out: dict[int, dict[str, Step]] = {c.pk: {} for c in cases}
    # Only what the guards and deadlines read: the rows are written back with
    # update_rows, never saved, and loading 36,000 full rows cost most of a record.
    rows = (
        Step.objects.filter(case__in=[c.pk for c in cases])
        .defer("created_at", "updated_at", "title_en", "document_kind", "recorded_at")
        .order_by("case", "position")
    )
    for step in rows:
        out[step.case_id][step.code] = step
    return out


def _check_role(actor: Actor, step: Step, case: Case) -> None:
    """The law names who does each step (DESIGN.md "Users"): the actor needs an active
    assignment with that role — or the administrator's — reaching the case's project and
    commune. `actor=None` is the system (the demo, a migration)."""
    if actor is None or (actor.is_superuser and actor.is_active):
        return
    for a in user_assignments(actor) if actor.is_active else ():
        if a.role not in (step.role, Role.ADMINISTRATOR):
            continue
        if a.project_id in (None, case.project_id) and a.commune_id in (None, case.commune_id):
            return
    raise NotPermitted(
        _("Bước “%(step)s” do %(role)s thực hiện; bạn không được phân công vai trò này ở %(case)s.")
        % {"step": step.title, "role": Role(step.role).label, "case": case}
    )


def _save_recorded(steps: list[Step]) -> None:
    update_rows(
        Step,
        (
            "done_date",
            "document_number",
            "document_date",
            "document_signer",
            "recorded_by_id",
            "recorded_at",
        ),
        [
            (
                s.done_date,
                s.document_number,
                s.document_date,
                s.document_signer,
                s.recorded_by_id,
                s.recorded_at,
                s.pk,
            )
            for s in steps
        ],
    )


def _templates(cases: Sequence[Case]) -> dict[int, ProcedureTemplate]:
    batch_ids = {c.batch_id for c in cases}
    return {
        p.batch_id: ProcedureTemplate.from_value(p.template)
        for p in BatchProcedure.objects.filter(batch_id__in=batch_ids)
    }


def due_dates(
    steps: dict[str, Step], template: ProcedureTemplate, calendar: WorkCalendar
) -> dict[str, dt.date | None]:
    """Each step's deadline: its period (fixed, or the regime's in force on the date of
    the case's first step, the notice) counted on `calendar` from the done date of the
    step it follows. None while that step is not done, or for a step with no period."""
    first = next(iter(steps.values()), None)
    regime_day = first.done_date if first is not None and first.done_date else None
    out: dict[str, dt.date | None] = {}
    for code, step in steps.items():
        anchor = steps.get(step.anchor) if step.anchor else None
        try:
            spec = template.step(code)
        except KeyError:
            out[code] = step.due_date
            continue
        if not spec.has_period:
            out[code] = step.due_date  # set by an earlier act (steps_schedule), or none
            continue
        start = anchor.done_date if anchor is not None else None
        days = template.period(spec, regime_day or start or timezone.localdate())
        out[code] = calendar.add(start, days, spec.unit) if start and days is not None else None
    return out


def _recompute(cases: Sequence[Case], steps: dict[int, dict[str, Step]]) -> None:
    """Recompute the deadlines of `cases` from their steps' done dates; write the ones
    that moved (and each step's period in days, for the pages)."""
    templates = _templates(cases)
    calendars: dict[int, WorkCalendar] = {}
    rows = []
    for case in cases:
        template = templates.get(case.batch_id)
        if template is None:
            continue
        calendar = calendars.setdefault(
            case.batch_id, WorkCalendar(days_off=template.days_off, days_on=template.days_on)
        )
        by_code = steps[case.pk]
        first = next(iter(by_code.values()), None)
        regime_day = (first.done_date if first else None) or timezone.localdate()
        due = due_dates(by_code, template, calendar)
        for code, step in by_code.items():
            try:
                days = template.period(template.step(code), regime_day)
            except KeyError:
                continue
            if step.due_date != due[code] or step.period_days != days:
                step.due_date, step.period_days = due[code], days
                rows.append((step.due_date, step.period_days, step.pk))
    update_rows(Step, ("due_date", "period_days"), rows)


def _earn(cases: Sequence[Case], steps: dict[int, dict[str, Step]], actor: Actor) -> None:
    """Move each case to the status its steps now earn, through that transition."""
    by_status: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        earned = earned_status(steps[case.pk].values())
        if RANK[earned] > RANK[case.status]:
            by_status[earned].append(case)
    # The transition of each status, with the steps already loaded under the lock
    # (TRANSITIONS[status] is the same function without them).
    for status, members in by_status.items():
        _transition(members, CaseStatus(status), actor, steps)


# -- the complaint flag -------------------------------------------------------------------


class ComplaintError(Exception):
    """A complaint flag refused as asked; `str()` says why, in Vietnamese."""


def _complaint_date(day: dt.date, label: str) -> None:
    if day > timezone.localdate():
        raise ComplaintError(
            _("%(label)s %(date)s ở tương lai.") % {"label": label, "date": _fmt(day)}
        )


def complaint_open(*, case: Case, opened_date: dt.date, reason: str, actor: Actor) -> ComplaintFlag:
    """Record that the household has an open complaint about its case, received on
    `opened_date`: while it is open the handover is refused (gpmb.payments.services).
    Refused without its subject, dated in the future, or by one not assigned the case."""
    if actor is not None and not may(actor, "cases.add_complaintflag", case):
        raise NotPermitted(_("Bạn không được phân công ghi khiếu nại của hồ sơ này."))
    reason = (reason or "").strip()
    if not reason:
        raise ComplaintError(_("Cần ghi nội dung khiếu nại."))
    _complaint_date(opened_date, _("Ngày nhận khiếu nại"))
    with acting_as(actor), transaction.atomic():
        locked = Case.objects.select_for_update(of=("self",)).select_related("household")
        case = locked.get(pk=case.pk)
        flag = ComplaintFlag.objects.create(
            case=case,
            project_id=case.project_id,
            commune_id=case.commune_id,
            opened_date=opened_date,
            reason=reason,
            opened_by=actor if getattr(actor, "pk", None) else None,
        )
        record_event(
            actor=actor,
            kind="cases.complaint_open",
            message=f"Hộ {case.household.code} khiếu nại ngày {_fmt(opened_date)}",
            target=case,
            reason=reason,
            data={"flag": flag.pk},
        )
    return flag


def complaint_close(
    *, flag: ComplaintFlag, closed_date: dt.date, outcome: str, actor: Actor
) -> ComplaintFlag:
    """Close a complaint flag with the day it was settled and the outcome. Refused for a
    flag already closed, without the outcome, or dated before it was opened."""
    if actor is not None and not may(actor, "cases.change_complaintflag", flag):
        raise NotPermitted(_("Bạn không được phân công ghi kết quả khiếu nại của hồ sơ này."))
    outcome = (outcome or "").strip()
    if not outcome:
        raise ComplaintError(_("Cần ghi kết quả giải quyết khiếu nại."))
    _complaint_date(closed_date, _("Ngày giải quyết xong"))
    with acting_as(actor), transaction.atomic():
        locked = ComplaintFlag.objects.select_for_update().get(pk=flag.pk)
        if locked.closed_date is not None:
            raise ComplaintError(_("Khiếu nại này đã được giải quyết xong."))
        if closed_date < locked.opened_date:
            raise ComplaintError(
                _("Ngày giải quyết xong %(date)s trước ngày nhận khiếu nại %(opened)s.")
                % {"date": _fmt(closed_date), "opened": _fmt(locked.opened_date)}
            )
        locked.closed_date, locked.outcome = closed_date, outcome
        locked.closed_by = actor if getattr(actor, "pk", None) else None
        locked.save(update_fields=["closed_date", "outcome", "closed_by", "updated_at"])
        record_event(
            actor=actor,
            kind="cases.complaint_close",
            message=f"Khiếu nại ngày {_fmt(locked.opened_date)} của hồ sơ {locked.case_id} "
            f"giải quyết xong ngày {_fmt(closed_date)}",
            target=locked,
            reason=outcome,
        )
    return locked
