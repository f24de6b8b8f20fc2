"""Computing plans: facts from the database → the engine → stored versions and lines;
decisions on ambiguous lines; the submission guard.

Services take ids or model instances and the acting user (`actor=`); bulk writes record
one AuditEvent. Money stays integer đồng from the engine to the database."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import orjson
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gpmb.cases.models import Case, Step
from gpmb.cases.services import StepDocument, StepError, steps_not_applicable, steps_record
from gpmb.core.audit import acting_as
from gpmb.core.bulk import insert_rows
from gpmb.core.changes import cases_changed
from gpmb.core.choices import Role
from gpmb.core.models import Actor, record_event
from gpmb.core.permissions import NotPermitted, check_reach, may, project_reach
from gpmb.core.workdays import WorkCalendar
from gpmb.engine import CaseFacts, FactsError, compute_many
from gpmb.engine.lines import Result
from gpmb.engine.options import option_vi
from gpmb.engine.payment import PRICED_CODES
from gpmb.plans.choices import CostItem, LineStatus, PlanActKind, PlanStatus
from gpmb.plans.facts import facts_for_cases
from gpmb.plans.models import (
    BatchPlan,
    CalculationLine,
    CostEstimateLine,
    LineDecision,
    PlanAct,
    PlanVersion,
)
from gpmb.plans.queries import ids_lookup, latest_versions
from gpmb.policy.packs import PolicyError, pack_for_code
from gpmb.policy.services import batch_steps_generate
from gpmb.projects.choices import ApprovingAuthority
from gpmb.projects.models import Batch, Project


class PlanError(Exception):
    """A plan action refused by a rule; the message says which."""


@dataclass
class ComputeSummary:
    cases: int = 0
    new_versions: int = 0
    unchanged: int = 0
    lines: int = 0
    errors: dict[int, list[str]] = field(default_factory=dict)
    warnings: dict[int, list[str]] = field(default_factory=dict)
    versions: dict[int, int] = field(default_factory=dict)  # case id → new version id
    # Cases whose latest version is submitted or later and whose inputs changed: not
    # recomputed without a reason (case id → that version's number).
    held: dict[int, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # time by phase (bench)
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # CPU time by phase


def _lap(summary: ComputeSummary, phase: str, since: tuple[float, float]) -> tuple[float, float]:
    """Add the wall and CPU time since `since` to `phase`; the machine running the
    benchmark is shared, so CPU time is what the code costs."""
    now = (time.perf_counter(), time.process_time())
    summary.seconds[phase] = summary.seconds.get(phase, 0.0) + now[0] - since[0]
    summary.cpu_seconds[phase] = summary.cpu_seconds.get(phase, 0.0) + now[1] - since[1]
    return now


def _clock() -> tuple[float, float]:
    return (time.perf_counter(), time.process_time())


@dataclass(frozen=True)
class _Latest:
    pk: int
    number: int
    input_hash: str
    result_digest: str
    status: str
    basis: dict[str, Any]

    @property
    def held(self) -> bool:
        return self.status not in (PlanStatus.DRAFT, PlanStatus.SUPERSEDED)


def _canonical(obj: Any) -> bytes:
    """The canonical JSON of facts and hash inputs, UTF-8: keys sorted, no whitespace,
    non-ASCII as itself. orjson writes the same bytes as
    `json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))` for
    these values (text, integers, booleans, None, lists and dicts with text keys: the
    same escapes, keys in code-point order) at about a fifth of the cost; a test pins it."""
    return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)


# JSON columns as JSONField writes them here (json.dumps(value, ensure_ascii=False)),
# with one encoder instead of one made per call.
_json = json.JSONEncoder(ensure_ascii=False).encode


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Quantities, prices and coefficients go to columns of 6 decimals as the engine gave
# them: PostgreSQL rounds to the column's scale, and Django rounds SQLite's values when
# it reads them. The amount is the engine's integer đồng, never recomputed from them.


def _active_decisions(case_ids: list[int]) -> dict[int, dict[str, dict[str, str]]]:
    out: dict[int, dict[str, dict[str, str]]] = {}
    wanted = set(case_ids)
    for d in LineDecision.objects.filter(
        **ids_lookup("case_id", case_ids), active=True
    ).select_related("decided_by"):
        if d.case_id not in wanted:
            continue
        by = d.decided_by.username if d.decided_by else ""
        out.setdefault(d.case_id, {})[d.decision_key] = {
            "choice": d.choice,
            "reason": d.reason,
            "by": by,
        }
    return out


def _approved_prices(case_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Per case with an approved plan, the unit prices of its land and asset lines, for the
    engine's Land Law 2024 Art. 94(5) rule (facts `approved_prices`): an adjustment never
    prices below the approved plan."""
    approved = dict(
        PlanVersion.objects.filter(
            **ids_lookup("case_id", case_ids), status=PlanStatus.APPROVED
        ).values_list("pk", "case_id")
    )
    if not approved:
        return {}
    wanted = set(case_ids)
    out: dict[int, list[dict[str, Any]]] = {}
    seen: dict[tuple[int, str, str], int] = {}
    for plan_id, code, ref, price, coefficient in (
        CalculationLine.objects.filter(
            plan_id__in=list(approved), code__in=PRICED_CODES, unit_price__isnull=False
        )
        .order_by("plan_id", "position")
        .values_list("plan_id", "code", "ref", "unit_price", "coefficient")
    ):
        case_id = approved[plan_id]
        if case_id not in wanted:
            continue
        n = seen.get((plan_id, code, ref), 0)
        seen[(plan_id, code, ref)] = n + 1
        row: dict[str, Any] = {"code": code, "ref": ref, "index": n, "unit_price": _plain(price)}
        if coefficient is not None:
            row["coefficient"] = _plain(coefficient)
        out.setdefault(case_id, []).append(row)
    return out


def cases_compute(
    *,
    case_ids: Iterable[int],
    project: Project,
    actor: Actor,
    progress: Callable[[str, int, int], None] | None = None,
    chunk: int = 5000,
    reason: str = "",
) -> ComputeSummary:
    """Compute the given cases of `project` and store a new draft version for each case
    whose inputs changed. Cases are handled in chunks, each in one transaction.

    A case whose latest version is submitted or later is never replaced silently: it is
    left as it is (`summary.held`) unless `reason` is given; then the new draft is made,
    the submitted version is withdrawn (superseded; an approved one stays in force until
    its adjustment is approved), and the reason is recorded."""
    try:
        pack_row, pack = pack_for_code(project.policy_pack_code)
    except PolicyError as exc:
        raise PlanError("; ".join(exc.messages)) from None
    ids = sorted(set(case_ids))
    if actor is not None:
        # Every case must be one the acting user may compute (a command or a job may
        # pass ids it did not restrict itself).
        allowed = Case.objects.restrict(actor, "compute").filter(**ids_lookup("pk", ids))
        if set(ids) - set(allowed.values_list("pk", flat=True)):
            raise NotPermitted(_("Có hồ sơ ngoài phạm vi bạn được tính phương án."))
    summary = ComputeSummary(cases=len(ids))
    # The cyclic garbage collector is paused for the whole computation (as the engine
    # does for its batch): facts, results and rows form no reference cycles, and each
    # collection otherwise rescans every object of the chunk made so far.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        with acting_as(actor):
            for start in range(0, len(ids), chunk):
                part = ids[start : start + chunk]
                _compute_chunk(part, project, pack_row, pack, actor, summary, reason.strip())
                if progress:
                    progress("compute", min(start + chunk, len(ids)), len(ids))
            _record_compute(project, pack_row, actor, summary)
    finally:
        if was_enabled:
            gc.enable()
    return summary


def _record_compute(project: Project, pack_row: Any, actor: Actor, summary: ComputeSummary) -> None:
    record_event(
        actor=actor,
        kind="plans.compute",
        message=(
            f"Tính phương án dự án {project.code}: {summary.cases} hồ sơ, "
            f"{summary.new_versions} phiên bản mới, {summary.unchanged} không đổi, "
            f"{len(summary.errors)} lỗi"
        ),
        target=project,
        data={
            "pack": [pack_row.code, pack_row.digest],
            "cases": summary.cases,
            "new_versions": summary.new_versions,
            "unchanged": summary.unchanged,
            "lines": summary.lines,
            "errors": {str(k): v for k, v in summary.errors.items()},
        },
    )


def _compute_chunk(
    ids: list[int],
    project: Project,
    pack_row: Any,
    pack: Any,
    actor: Actor,
    summary: ComputeSummary,
    reason: str = "",
) -> None:
    clock = _clock()
    basis: dict[int, dict[str, Any]] = {}
    facts_by_case, warnings = facts_for_cases(ids, pack, basis)
    clock = _lap(summary, "facts", clock)
    summary.warnings.update(warnings)
    decisions = _active_decisions(ids)
    approved_prices = _approved_prices(ids)
    # Plain values, not model instances: audited models snapshot every field on load.
    cases = {
        pk: (project_id, commune_id)
        for pk, project_id, commune_id in Case.objects.filter(**ids_lookup("pk", ids)).values_list(
            "pk", "project_id", "commune_id"
        )
    }
    latest: dict[int, _Latest] = {}
    latest_numbers = (
        PlanVersion.objects.filter(**ids_lookup("case_id", ids))
        .values("case_id")
        .annotate(n=Max("number"))
        .values_list("case_id", "n")
    )
    wanted = {(case_id, n) for case_id, n in latest_numbers}
    if wanted:
        for (
            pk,
            case_id,
            number,
            input_hash,
            digest,
            status,
            stored_basis,
        ) in PlanVersion.objects.filter(**ids_lookup("case_id", ids)).values_list(
            "pk", "case_id", "number", "input_hash", "result_digest", "status", "inventory_basis"
        ):
            if (case_id, number) in wanted:
                latest[case_id] = _Latest(
                    pk, number, input_hash, digest, status, stored_basis or {}
                )
    changed: list[tuple[int, dict[str, Any], str, str]] = []
    facts_texts: dict[int, bytes] = {}
    for case_id in ids:
        facts_dict = facts_by_case.get(case_id)
        if facts_dict is None:
            continue
        case_decisions = decisions.get(case_id, {})
        facts_text = _canonical(facts_dict)
        # The case's own inputs, hashed without the approved prices: those follow from the
        # approval, and approving a plan is no reason to recompute it.
        own_hash = _sha(facts_text)
        prices = approved_prices.get(case_id)
        if prices:
            facts_dict = {**facts_dict, "approved_prices": prices}
            facts_text = _canonical(facts_dict)
        facts_hash = _sha(facts_text)
        # The inventory counted (round, corrections) is an input: a correction that
        # changes no fact still earns a version that says it was counted.
        input_hash = _sha(
            _canonical([own_hash, pack_row.digest, case_decisions, basis.get(case_id, {})])
        )
        previous = latest.get(case_id)
        if previous is not None and (
            previous.input_hash == input_hash
            # A version from before the basis was recorded: hashed without it.
            or (
                not previous.basis
                and previous.input_hash
                == _sha(_canonical([own_hash, pack_row.digest, case_decisions]))
            )
        ):
            summary.unchanged += 1
            continue
        if previous is not None and previous.held and not reason:
            summary.held[case_id] = previous.number
            continue
        changed.append((case_id, facts_dict, facts_hash, input_hash))
        facts_texts[case_id] = facts_text
    to_compute: list[tuple[int, CaseFacts, str, str]] = []
    try:
        # One batch (the usual case: every case's facts are valid).
        parsed = CaseFacts.from_dicts(d for _, d, _, _ in changed)
    except FactsError:
        # Some case is invalid: parse one by one to say which.
        for case_id, facts_dict, facts_hash, input_hash in changed:
            try:
                facts = CaseFacts.from_dict(facts_dict)
            except FactsError as exc:
                summary.errors[case_id] = exc.messages
                continue
            to_compute.append((case_id, facts, facts_hash, input_hash))
    else:
        to_compute = [
            (case_id, facts, facts_hash, input_hash)
            for (case_id, _, facts_hash, input_hash), facts in zip(changed, parsed, strict=True)
        ]
    if not to_compute:
        return
    clock = _lap(summary, "hash_parse", clock)
    results = compute_many(
        (f for _, f, _, _ in to_compute),
        pack,
        {f.case_id: decisions.get(cid, {}) for cid, f, _, _ in to_compute},
    )
    clock = _lap(summary, "engine", clock)
    actor_id = actor.pk if actor is not None else None
    version_rows: list[tuple[Any, ...]] = []
    kept: list[tuple[int, Result]] = []
    for (case_id, _facts, facts_hash, input_hash), result in zip(to_compute, results, strict=True):
        previous = latest.get(case_id)
        case_basis = basis.get(case_id, {})
        if (
            previous is not None
            and previous.result_digest == result.digest
            and (not previous.basis or previous.basis == case_basis)
        ):
            # Inputs differ only in ways that change nothing computed: no new version.
            summary.unchanged += 1
            continue
        project_id, commune_id = cases[case_id]
        totals = dict(result.totals)
        version_rows.append(
            (
                case_id,
                project_id,
                commune_id,
                (previous.number + 1) if previous else 1,
                PlanStatus.DRAFT.value,
                result.status,
                pack_row.pk,
                # The canonical text already hashed: stored as is, not encoded again.
                facts_texts[case_id].decode(),
                _json(chosen) if (chosen := decisions.get(case_id)) else "{}",
                input_hash,
                facts_hash,
                pack_row.digest,
                result.digest,
                _json(totals),
                totals["net"],
                totals.get("debt", 0),
                actor_id,
                previous.pk if previous else None,
                _json(case_basis),
            )
        )
        kept.append((case_id, result))
    clock = _lap(summary, "digest", clock)
    with transaction.atomic():
        superseded = [latest[c].pk for c, _ in kept if c in latest]
        if superseded:
            PlanVersion.objects.filter(pk__in=superseded, status__in=WITHDRAWN_BY_RECOMPUTE).update(
                status=PlanStatus.SUPERSEDED
            )
        insert_rows(PlanVersion, _VERSION_COLUMNS, version_rows)
        numbers = {row[0]: row[3] for row in version_rows}
        version_ids: dict[int, int] = {}
        for pk, case_id, number in PlanVersion.objects.filter(
            **ids_lookup("case_id", list(numbers))
        ).values_list("pk", "case_id", "number"):
            if numbers.get(case_id) == number:
                version_ids[case_id] = pk
        clock = _lap(summary, "write_versions", clock)
        # Lines share their citation tuples (the pack memoises them): encode each once.
        encoded: dict[tuple[str, ...], str] = {}

        def as_json(values: tuple[str, ...]) -> str:
            text = encoded.get(values)
            if text is None:
                text = encoded[values] = _json(list(values))
            return text

        lines = [
            (
                version_ids[case_id],
                project.pk,
                i,
                line.code,
                line.title_vi,
                line.title_en,
                line.group,
                line.quantity if line.quantity is not None else Decimal(0),
                line.unit,
                line.unit_price,
                line.coefficient,
                line.amount,
                line.formula,
                as_json(line.citations),
                line.status,
                line.decision_key or "",
                as_json(line.options),
                None if line.decision is None else _json(line.decision),
                line.note,
                line.ref,
            )
            for case_id, result in kept
            for i, line in enumerate(result.lines, start=1)
        ]
        insert_rows(CalculationLine, _LINE_COLUMNS, lines)
        reopened = [(c, latest[c]) for c, _ in kept if c in latest and latest[c].held]
        for case_id, previous in reopened:
            record_event(
                actor=actor,
                kind="plans.recompute_held",
                message=(
                    f"Tính lại phương án đã {PlanStatus(previous.status).label} "
                    f"(phiên bản {previous.number} → {previous.number + 1})"
                ),
                target=Case.objects.get(pk=case_id),
                reason=reason,
                data={"previous": previous.pk, "new": version_ids.get(case_id)},
            )
        cases_changed(case_id for case_id, _ in kept)
    _lap(summary, "write_lines", clock)
    summary.new_versions += len(version_rows)
    summary.lines += len(lines)
    summary.versions.update(version_ids)


_LINE_COLUMNS = (
    "plan_id",
    "project_id",
    "position",
    "code",
    "title_vi",
    "title_en",
    "group",
    "quantity",
    "unit",
    "unit_price",
    "coefficient",
    "amount",
    "formula",
    "citations",
    "status",
    "decision_key",
    "options",
    "decision",
    "note",
    "ref",
)
# A recomputation withdraws a draft or a plan still on its way; an approved plan stays
# in force until the adjustment computed after it is approved in its turn.
WITHDRAWN_BY_RECOMPUTE = [
    PlanStatus.DRAFT,
    PlanStatus.POSTED,
    PlanStatus.CONSULTED,
    PlanStatus.SUBMITTED,
    PlanStatus.RETURNED,
    PlanStatus.APPRAISED,
]

_VERSION_COLUMNS = (
    "case_id",
    "project_id",
    "commune_id",
    "number",
    "status",
    "result_status",
    "pack_id",
    "facts",
    "decisions",
    "input_hash",
    "facts_hash",
    "pack_digest",
    "result_digest",
    "totals",
    "net_amount",
    "debt_amount",
    "computed_by_id",
    "previous_id",
    "inventory_basis",
)


def case_compute(*, case: Case, actor: Actor, reason: str = "") -> PlanVersion:
    """Compute one case; returns its latest version (new, or the unchanged one). A case
    whose plan is submitted or later is recomputed only with a reason."""
    summary = cases_compute(case_ids=[case.pk], project=case.project, actor=actor, reason=reason)
    if case.pk in summary.errors:
        raise PlanError("; ".join(summary.errors[case.pk]))
    if case.pk in summary.held:
        raise PlanError(
            _(
                "Phương án phiên bản %(n)s đã niêm yết, trình hoặc phê duyệt; số liệu đã thay "
                "đổi. Tính lại sẽ lập phiên bản mới (không sửa phiên bản đó): hãy ghi lý do."
            )
            % {"n": summary.held[case.pk]}
        )
    return PlanVersion.objects.filter(case=case).order_by("-number").first()  # type: ignore[return-value]


def batch_compute(
    *,
    project: Project,
    batch: Batch | None = None,
    actor: Actor,
    case_ids: Iterable[int] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> ComputeSummary:
    """Compute every case of a project (or of one batch), optionally only `case_ids`
    (the cases the acting user may compute)."""
    cases = Case.objects.filter(project=project)
    if batch is not None:
        cases = cases.filter(batch=batch)
    if case_ids is not None:
        cases = cases.filter(pk__in=list(case_ids))
    return cases_compute(
        case_ids=cases.values_list("pk", flat=True),
        project=project,
        actor=actor,
        progress=progress,
    )


def line_decide(*, line: CalculationLine, choice: str, reason: str, actor: Actor) -> LineDecision:
    """Settle a `needs_confirmation` line with a named choice and a reason. The decision
    applies to every later computation of the case (it replaces an earlier decision on
    the same key); the audit trail keeps who chose what and why."""
    check_reach(actor, "decide", line.plan.case)
    reason = (reason or "").strip()
    if not reason:
        raise PlanError(_("Cần ghi lý do của quyết định."))
    if not line.decision_key:
        raise PlanError(_("Dòng tính này không cần quyết định."))
    if choice not in (line.options or []):
        raise PlanError(_("Lựa chọn không hợp lệ: %(choice)s") % {"choice": choice})
    with acting_as(actor), transaction.atomic():
        plan = PlanVersion.objects.select_for_update().select_related("case").get(pk=line.plan_id)
        if plan.status != PlanStatus.DRAFT:
            raise PlanError(_("Chỉ quyết định trên phương án đang dự thảo."))
        case = plan.case
        LineDecision.objects.filter(case=case, decision_key=line.decision_key, active=True).update(
            active=False
        )
        decision = LineDecision.objects.create(
            case=case,
            project_id=case.project_id,
            commune_id=case.commune_id,
            decision_key=line.decision_key,
            choice=choice,
            reason=reason,
            decided_by=actor if getattr(actor, "pk", None) else None,
            line=line,
        )
        record_event(
            actor=actor,
            kind="plans.line_decide",
            # In words (the code and key stay in the event's data).
            message=f"{case}: {line.title_vi} — {option_vi(line.decision_key, choice)}",
            target=case,
            reason=reason,
            data={"line": line.pk, "plan": plan.pk, "key": line.decision_key, "choice": choice},
        )
    return decision


# -- the plan's life: posting, consultation, appraisal, approval ------------------------
#
# Each legal act is one function: it checks the role the law names (in the service, not
# only on the page), locks the batch plan and its versions, guards the source state,
# changes the state in one transaction, writes a `PlanAct` with its document and an
# AuditEvent, and leaves side effects to after the commit.


def _period(batch: Batch, key: str) -> int:
    """The statutory period `key` (posting, dialogue, appraisal) in days, of the regime
    of the pack's procedure in force on the batch's notice date (Land Law 2024 Art. 87;
    Resolution 254/2025 Art. 3(9); Decree 88/2024 Art. 3(3))."""
    try:
        _row, pack = pack_for_code(batch.project.policy_pack_code)
    except PolicyError as exc:
        raise PlanError("; ".join(exc.messages)) from None
    template = pack.procedure()
    day = batch.notice_date or timezone.localdate()
    days = template.regime_on(day).periods.get(key) if template is not None else None
    if not days:
        raise PlanError(
            _("Gói chính sách %(pack)s chưa có thời hạn %(key)s (procedure.deadlines).")
            % {"pack": batch.project.policy_pack_code, "key": key}
        )
    return int(days)


def posting_end_earliest(batch: Batch, start: dt.date) -> dt.date:
    """The first day a posting started on `start` may end: the posting period of the
    procedure's regime, on its calendar (the step `posting_end` refuses an earlier one)."""
    _row, pack = pack_for_code(batch.project.policy_pack_code)
    template = pack.procedure()
    if template is None:
        raise PlanError(_("Gói chính sách chưa có quy trình (procedure.deadlines)."))
    spec = template.step("posting_end")
    days = template.period(spec, batch.notice_date or start) or _period(batch, "posting")
    calendar = WorkCalendar(days_off=template.days_off, days_on=template.days_on)
    return calendar.add(start, days, spec.unit)


def _document(number: str, date: dt.date | None, signer: str) -> StepDocument | None:
    """The document of an act as its step records it (none without a number and date)."""
    number = (number or "").strip()
    if not number or date is None:
        return None
    return StepDocument(number, date, (signer or "").strip())


def _legal_step(
    version_ids: Iterable[int],
    code: str,
    done_date: dt.date,
    actor: Actor,
    document: StepDocument | None = None,
    skip: str = "",
) -> None:
    """Record the legal step `code` of the cases of these versions (gpmb.cases): their
    statuses follow from it. Cases whose step is already done (a plan posted again after
    its return) keep the first record; cases without steps get them from the pack's
    procedure first. Inside the caller's transaction: a step refused refuses the act."""
    cases = list(
        Case.objects.filter(plan_versions__pk__in=list(version_ids))
        .distinct()
        .select_related("household", "batch__project")
        .order_by("pk")
    )
    if not cases:
        return
    bare = [c for c in cases if not c.steps.exists()]
    if bare:
        batch_steps_generate(batch=bare[0].batch, actor=actor, cases=bare)
    open_ids = set(
        Step.objects.filter(
            case__in=cases, code=code, done_date__isnull=True, not_applicable=False
        ).values_list("case_id", flat=True)
    )
    todo = [c for c in cases if c.pk in open_ids]
    if not todo:
        return
    try:
        if skip:  # the act shows the step has nothing to do: not applicable, with why
            steps_not_applicable(cases=todo, code=code, reason=skip, actor=actor)
        else:
            steps_record(cases=todo, code=code, done_date=done_date, document=document, actor=actor)
    except StepError as exc:
        raise PlanError(str(exc)) from None


ROLE_OF = {
    "plans.post_planversion": Role.COMMUNE_LAND_OFFICER,
    "plans.consult_planversion": Role.COMMUNE_LAND_OFFICER,
    "plans.submit_planversion": Role.COMPENSATION_OFFICER,
    "plans.appraise_planversion": Role.APPRAISER,
    "plans.approve_planversion": Role.APPROVER,
}
# Appraisal and approval sit at the level of the authority that approves (Decree 88/2024
# Art. 3(3): the land office "trình Ủy ban nhân dân cùng cấp phê duyệt"): a city-level
# project needs a city-level appraiser and approver, not one narrowed to a ward.
_AUTHORITY_LEVEL = {"plans.appraise_planversion", "plans.approve_planversion"}


def may_act(actor: Any, perm: str, obj: BatchPlan | PlanVersion) -> bool:
    """Whether `actor` holds the role that does this act on this plan (its project and
    commune, at the level of the project's approving authority). None is the system
    (the demo, a command): it may."""
    if actor is None:
        return True
    if not may(actor, perm, obj):
        return False
    if perm in _AUTHORITY_LEVEL and obj.project.approving_authority == ApprovingAuthority.PROVINCE:
        return project_reach(actor, perm, obj.project_id).whole
    return True


def _check_role(actor: Actor, perm: str, obj: BatchPlan | PlanVersion) -> None:
    if may_act(actor, perm, obj):
        return
    message = _(
        "Việc này do %(role)s thực hiện; bạn không được phân công làm việc này ở %(where)s."
    )
    if perm in _AUTHORITY_LEVEL and obj.project.approving_authority == ApprovingAuthority.PROVINCE:
        message = _(
            "Dự án này do %(authority)s phê duyệt: việc này do %(role)s cấp thành phố thực "
            "hiện, không phải cán bộ được phân công ở một xã/phường."
        )
    raise NotPermitted(
        message
        % {
            "role": ROLE_OF[perm].label,
            "where": f"{obj.project.code} / {obj.commune.name}",
            "authority": obj.project.get_approving_authority_display(),
        }
    )


def _version_texts(version_ids: list[int]) -> dict[int, bytes]:
    """The canonical text of each version as frozen: its case and number, facts hash, pack
    digest, decisions, result digest, totals, and every stored line (not the engine's
    digest alone: a line edited in the database afterwards must show)."""
    lines: dict[int, list[list[Any]]] = {pk: [] for pk in version_ids}
    for row in (
        CalculationLine.objects.filter(plan_id__in=version_ids)
        .order_by("plan_id", "position")
        .values_list(
            "plan_id",
            "position",
            "code",
            "ref",
            "group",
            "quantity",
            "unit",
            "unit_price",
            "coefficient",
            "amount",
            "status",
            "decision_key",
            "decision",
            "citations",
            "formula",
        )
    ):
        lines[row[0]].append([_plain(v) for v in row[1:]])
    out: dict[int, bytes] = {}
    for row in PlanVersion.objects.filter(pk__in=version_ids).values_list(
        "pk",
        "case_id",
        "number",
        "facts_hash",
        "pack_digest",
        "decisions",
        "result_digest",
        "totals",
        "net_amount",
        "debt_amount",
    ):
        pk = row[0]
        out[pk] = _canonical([*row[1:], lines[pk]])
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        # The column's scale as read back differs between databases: normalise.
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return value


def _freeze(version_ids: list[int]) -> tuple[str, dict[int, str]]:
    """(the batch hash, each version's hash): the batch hash is the SHA-256 of the
    versions' hashes in id order."""
    per = {pk: _sha(text) for pk, text in _version_texts(version_ids).items()}
    batch = _sha("\n".join(per[pk] for pk in sorted(per)).encode())
    return batch, per


def _household_label(version: PlanVersion) -> str:
    head = version.case.household.head
    name = head.full_name if head else ""
    return f"{version.case.household.code} {name}".strip()


def _unsettled_message(versions: list[PlanVersion], verb: str, limit: int = 20) -> str:
    """The households with a line not ok, each with its lines by name: the officer fixes
    them one by one."""
    ids = [v.pk for v in versions]
    open_lines: dict[int, list[CalculationLine]] = {}
    for line in (
        CalculationLine.objects.filter(plan_id__in=ids)
        .exclude(status=LineStatus.OK)
        .order_by("plan_id", "position")
    ):
        open_lines.setdefault(line.plan_id, []).append(line)
    parts = []
    for v in versions[:limit]:
        titles = "; ".join(
            f"{line.title} ({line.get_status_display()})" for line in open_lines.get(v.pk, [])
        )
        parts.append(f"{_household_label(v)}: {titles}")
    more = len(versions) - limit
    text = _(
        "Không thể %(verb)s: %(n)s hộ còn dòng tính chưa đủ căn cứ hoặc chưa quyết định — %(list)s"
    ) % {
        "verb": verb,
        "n": len(versions),
        "list": " | ".join(parts),
    }
    if more > 0:
        text += " " + _("và %(n)s hộ khác.") % {"n": more}
    return text


def _members(batch_plan: BatchPlan) -> list[int]:
    """The versions still in the batch plan (not withdrawn by a recomputation)."""
    return list(
        PlanVersion.objects.filter(batch_plan=batch_plan, status=batch_plan.status)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _record_act(
    batch_plan: BatchPlan,
    kind: PlanActKind,
    from_status: str,
    actor: Actor,
    version_ids: list[int],
    content_hash: str,
    **fields: Any,
) -> PlanAct:
    act = PlanAct.objects.create(
        batch_plan=batch_plan,
        project_id=batch_plan.project_id,
        commune_id=batch_plan.commune_id,
        kind=kind,
        from_status=from_status,
        to_status=batch_plan.status,
        actor=actor if getattr(actor, "pk", None) else None,
        content_hash=content_hash,
        version_count=len(version_ids),
        **fields,
    )
    through = PlanAct.versions.through
    through.objects.bulk_create(
        [through(planact_id=act.pk, planversion_id=pk) for pk in version_ids], batch_size=1000
    )
    record_event(
        actor=actor,
        kind=f"plans.{kind}",
        message=f"{kind.label}: {batch_plan} ({len(version_ids)} hồ sơ)",
        target=batch_plan,
        reason=fields.get("reason", "") or fields.get("note", ""),
        data={
            "act": act.pk,
            "from": from_status,
            "to": batch_plan.status,
            "versions": len(version_ids),
            "hash": content_hash,
            "document": fields.get("document_number", ""),
        },
    )
    return act


def _locked(
    batch_plan: BatchPlan, allowed: tuple[str, ...], verb: str
) -> tuple[BatchPlan, list[int]]:
    """The batch plan locked for this transition (two users at once: the second waits,
    then finds the state moved) and its versions, in one of the `allowed` states."""
    locked = (
        # Only the batch plan's row: not its project's, which others are working on.
        BatchPlan.objects.select_for_update(of=("self",))
        .select_related("project", "commune", "batch")
        .get(pk=batch_plan.pk)
    )
    if locked.status not in allowed:
        raise PlanError(
            _("Không thể %(verb)s: phương án đang ở trạng thái “%(status)s”.")
            % {"verb": verb, "status": PlanStatus(locked.status).label}
        )
    ids = list(
        PlanVersion.objects.select_for_update()
        .filter(batch_plan=locked, status=locked.status)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        raise PlanError(_("Phương án không còn hồ sơ nào (mọi hồ sơ đã được tính lại)."))
    return locked, ids


def _move(locked: BatchPlan, ids: list[int], to: PlanStatus, **changes: Any) -> str:
    """Move the batch plan and its versions to `to`; returns the state it left."""
    before = locked.status
    PlanVersion.objects.filter(pk__in=ids).update(status=to)
    # The approved amount follows the approved version (and one approval supersedes).
    cases_changed(PlanVersion.objects.filter(pk__in=ids).values_list("case_id", flat=True))
    locked.status = to
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", *changes, "updated_at"])
    return before


def _today() -> dt.date:
    return timezone.localdate()


def plan_post(
    *,
    batch: Batch,
    commune_id: int,
    actor: Actor,
    start_date: dt.date,
    end_date: dt.date,
    document_number: str = "",
    document_date: dt.date | None = None,
    signer: str = "",
    case_ids: Iterable[int] | None = None,
    only_ready: bool = False,
    note: str = "",
) -> PlanAct:
    """Post the draft plans of a batch in one commune (Land Law 2024 Art. 87(3)(a);
    Resolution 254/2025 Art. 3(9)(b): at the commune office, the residential area and the
    commune portal, for the posting period of the pack's procedure). The latest draft of
    every case (or of `case_ids`) is frozen into one batch plan, its hash stored on the
    act. Refused while a
    plan has a line not `ok`, naming the households and lines — unless `only_ready`, which
    posts the settled plans of households whose inventory is recorded and leaves the
    others as drafts."""
    project = batch.project
    cases = Case.objects.filter(batch=batch, commune_id=commune_id)
    if case_ids is not None:
        cases = cases.filter(pk__in=list(case_ids))
    # Only what the gate needs: a 3,000-household batch is not loaded with its facts.
    drafts = list(
        latest_versions(cases, lines=False)
        .filter(status=PlanStatus.DRAFT)
        .select_related(None)
        .only("pk", "status", "result_status", "project", "commune", "case")
    )
    if not drafts:
        raise PlanError(
            _("Không có phương án dự thảo nào của đợt này ở xã/phường này để niêm yết.")
        )
    _check_role(actor, "plans.post_planversion", drafts[0])
    verb = _("niêm yết")
    unsettled = [v.pk for v in drafts if v.result_status != LineStatus.OK]
    if unsettled and not only_ready:
        named = PlanVersion.objects.filter(pk__in=unsettled).select_related("case__household__head")
        raise PlanError(_unsettled_message(list(named.order_by("case__household__code")), verb))
    drafts = [v for v in drafts if v.result_status == LineStatus.OK]
    # A plan is drafted from the recorded inventory (Land Law 2024 Art. 87(2)(c), (3)(a)).
    counted = set(
        Step.objects.filter(case_id__in=[v.case_id for v in drafts], code="inventory")
        .exclude(done_date__isnull=True, not_applicable=False)
        .values_list("case_id", flat=True)
    )
    if only_ready:
        drafts = [v for v in drafts if v.case_id in counted]
    if not drafts:
        raise PlanError(_("Không có phương án nào đủ căn cứ để niêm yết."))
    earliest = posting_end_earliest(batch, start_date)
    if end_date < earliest:
        raise PlanError(
            _(
                "Niêm yết từ %(start)s phải kéo dài đến hết ít nhất ngày %(earliest)s: đủ "
                "%(days)s ngày (Nghị quyết 254/2025/QH15, Điều 3 khoản 9 điểm b), không tính "
                "ngày bắt đầu (Bộ luật Dân sự 2015, Điều 147), ngày cuối là ngày nghỉ thì "
                "chuyển sang ngày làm việc tiếp theo (Điều 148)."
            )
            % {
                "start": f"{start_date:%d/%m/%Y}",
                "earliest": f"{earliest:%d/%m/%Y}",
                "days": _period(batch, "posting"),
            }
        )
    if start_date > _today():
        raise PlanError(_("Ngày bắt đầu niêm yết không được sau ngày hôm nay."))
    ids = sorted(v.pk for v in drafts)
    with acting_as(actor), transaction.atomic():
        locked = list(
            PlanVersion.objects.select_for_update()
            .filter(pk__in=ids, status=PlanStatus.DRAFT)
            .values_list("pk", flat=True)
        )
        if len(locked) != len(ids):
            raise PlanError(_("Có phương án vừa được tính lại hoặc niêm yết; hãy tải lại trang."))
        batch_hash, per = _freeze(ids)
        batch_plan = BatchPlan.objects.create(
            project=project,
            commune_id=commune_id,
            batch=batch,
            status=PlanStatus.POSTED,
            frozen_hash=batch_hash,
            posting_start_date=start_date,
            posting_end_date=end_date,
            # The consultation follows "ngay sau khi hết thời hạn niêm yết" (Art. 87(3)(a)).
            due_date=end_date + dt.timedelta(days=1),
        )
        PlanVersion.objects.bulk_update(
            [
                PlanVersion(pk=pk, status=PlanStatus.POSTED, batch_plan=batch_plan, frozen_hash=h)
                for pk, h in per.items()
            ],
            ["status", "batch_plan", "frozen_hash"],
            batch_size=500,
        )
        act = _record_act(
            batch_plan,
            PlanActKind.POSTING,
            PlanStatus.DRAFT,
            actor,
            ids,
            batch_hash,
            document_number=document_number.strip(),
            document_date=document_date,
            signer=signer.strip(),
            start_date=start_date,
            end_date=end_date,
            note=note.strip(),
        )
        # The draft exists (its versions are the record: the system notes the step for the
        # officer who computed them), then it is posted (Land Law 2024 Art. 87(3)(a)).
        _legal_step(ids, "draft_plan", start_date, None)
        _legal_step(
            ids,
            "posting",
            start_date,
            actor,
            _document(document_number, document_date or start_date, signer),
        )
    return act


def plan_consult(
    *,
    batch_plan: BatchPlan,
    actor: Actor,
    meeting_date: dt.date,
    agree_count: int,
    disagree_count: int,
    other_count: int,
    document_number: str = "",
    signer: str = "",
    dialogue_ref: str = "",
    note: str = "",
) -> PlanAct:
    """Record the consultation held right after the posting ended (Land Law 2024
    Art. 87(3)(a)): the minutes with the agree / disagree / other counts and, where some
    still disagree, the dialogue held within the procedure's dialogue period of the meeting
    (Resolution 254/2025 Art. 3(9)(b))."""
    _check_role(actor, "plans.consult_planversion", batch_plan)
    counts = (agree_count, disagree_count, other_count)
    if any(n is None or n < 0 for n in counts) or sum(counts) == 0:
        raise PlanError(_("Cần ghi số ý kiến đồng ý, không đồng ý và ý kiến khác."))
    if meeting_date <= batch_plan.posting_end_date:
        raise PlanError(
            _("Chưa hết thời hạn niêm yết (đến hết ngày %(end)s): chưa được lấy ý kiến.")
            % {"end": f"{batch_plan.posting_end_date:%d/%m/%Y}"}
        )
    if meeting_date > _today():
        raise PlanError(_("Ngày họp lấy ý kiến không được sau ngày hôm nay."))
    if disagree_count and not dialogue_ref.strip():
        raise PlanError(
            _(
                "Còn %(n)s ý kiến không đồng ý: cần ghi biên bản đối thoại (tổ chức trong "
                "thời hạn đối thoại kể từ ngày lấy ý kiến)."
            )
            % {"n": disagree_count}
        )
    dialogue_days = _period(batch_plan.batch, "dialogue")
    with acting_as(actor), transaction.atomic():
        locked, ids = _locked(batch_plan, (PlanStatus.POSTED,), _("ghi kết quả lấy ý kiến"))
        before = _move(
            locked,
            ids,
            PlanStatus.CONSULTED,
            due_date=meeting_date + dt.timedelta(days=dialogue_days),
        )
        batch_hash, _per = _freeze(ids)
        act = _record_act(
            locked,
            PlanActKind.CONSULTATION,
            before,
            actor,
            ids,
            batch_hash,
            document_number=document_number.strip(),
            document_date=meeting_date,
            signer=signer.strip(),
            start_date=meeting_date,
            agree_count=agree_count,
            disagree_count=disagree_count,
            other_count=other_count,
            dialogue_ref=dialogue_ref.strip(),
            note=note.strip(),
        )
        # The posting ended (not before its period: the step refuses it), then the
        # consultation was held.
        _legal_step(ids, "posting_end", locked.posting_end_date, actor)
        _legal_step(
            ids,
            "consultation",
            meeting_date,
            actor,
            _document(document_number, meeting_date, signer),
        )
        if not disagree_count:
            # Nobody disagreed: there is no one to hold a dialogue with (Resolution
            # 254/2025 Art. 3(9)(b) holds it "trường hợp còn có ý kiến không đồng ý").
            _legal_step(
                ids,
                "dialogue",
                meeting_date,
                actor,
                skip=_("Không có ý kiến không đồng ý khi lấy ý kiến (biên bản %(doc)s).")
                % {"doc": document_number.strip() or f"{meeting_date:%d/%m/%Y}"},
            )
    return act


def plan_submit(
    *,
    actor: Actor,
    batch_plan: BatchPlan | None = None,
    plan: PlanVersion | None = None,
    note: str = "",
    document_number: str = "",
    document_date: dt.date | None = None,
    signer: str = "",
) -> PlanAct:
    """Submit a batch plan for appraisal (Land Law 2024 Art. 87(3)(b); Decree 88/2024
    Art. 3(3)(a)), once consulted on — or again after a return. `plan` names the batch
    plan by one of its versions. Refused while any line is not `ok` (DESIGN.md "Workflow
    rules"); a draft is refused: it must be posted and consulted on first."""
    if batch_plan is None:
        if plan is None:
            raise TypeError("plan_submit needs batch_plan or plan")
        plan = PlanVersion.objects.select_related(
            "case__household__head", "project", "commune", "batch_plan"
        ).get(pk=plan.pk)
        if plan.result_status != LineStatus.OK:
            raise PlanError(_unsettled_message([plan], _("trình")))
        if plan.batch_plan is None or plan.status == PlanStatus.DRAFT:
            raise PlanError(
                _(
                    "Phương án còn là dự thảo: phải niêm yết công khai và lấy ý kiến trước khi "
                    "trình thẩm định (Luật Đất đai 2024, Điều 87 khoản 3)."
                )
            )
        batch_plan = plan.batch_plan
    _check_role(actor, "plans.submit_planversion", batch_plan)
    appraisal_days = _period(batch_plan.batch, "appraisal")
    day = document_date or _today()
    with acting_as(actor), transaction.atomic():
        locked, ids = _locked(
            batch_plan, (PlanStatus.CONSULTED, PlanStatus.RETURNED), _("trình thẩm định")
        )
        unsettled = list(
            PlanVersion.objects.filter(pk__in=ids)
            .exclude(result_status=LineStatus.OK)
            .select_related("case__household__head")
        )
        if unsettled:
            raise PlanError(_unsettled_message(unsettled, _("trình")))
        before = _move(
            locked,
            ids,
            PlanStatus.SUBMITTED,
            submitted_by=actor if getattr(actor, "pk", None) else None,
            # Decree 88/2024 Art. 3(3): appraised within 30 days of a complete file.
            due_date=day + dt.timedelta(days=appraisal_days),
        )
        batch_hash, _per = _freeze(ids)
        act = _record_act(
            locked,
            PlanActKind.SUBMISSION,
            before,
            actor,
            ids,
            batch_hash,
            document_number=document_number.strip(),
            document_date=document_date,
            signer=signer.strip(),
            note=note.strip(),
        )
        _legal_step(ids, "submission", day, actor, _document(document_number, day, signer))
    return act


def plan_return(
    *,
    batch_plan: BatchPlan,
    actor: Actor,
    reason: str,
    document_number: str = "",
    document_date: dt.date | None = None,
    signer: str = "",
) -> PlanAct:
    """The appraiser returns the plan with its reasons (Decree 88/2024 Art. 3(3)(c): legal
    compliance and procedure). The compensation officer puts the file right and submits
    again, or recomputes the households whose amounts must change: each becomes a new
    draft, posted again (see PlanStatus)."""
    _check_role(actor, "plans.appraise_planversion", batch_plan)
    reason = (reason or "").strip()
    if not reason:
        raise PlanError(_("Cần ghi lý do trả lại."))
    with acting_as(actor), transaction.atomic():
        locked, ids = _locked(batch_plan, (PlanStatus.SUBMITTED,), _("trả lại"))
        # Time spent putting the file right does not count towards the appraisal period.
        before = _move(locked, ids, PlanStatus.RETURNED, due_date=None)
        batch_hash, _per = _freeze(ids)
        act = _record_act(
            locked,
            PlanActKind.RETURN,
            before,
            actor,
            ids,
            batch_hash,
            document_number=document_number.strip(),
            document_date=document_date,
            signer=signer.strip(),
            reason=reason,
        )
        # A return is no step of its own: the submission stands, corrected and sent again.
    return act


def plan_appraise(
    *,
    batch_plan: BatchPlan,
    actor: Actor,
    document_number: str,
    document_date: dt.date,
    signer: str = "",
    note: str = "",
) -> PlanAct:
    """Record the appraisal report that passes the plan (Decree 88/2024 Art. 3(3))."""
    _check_role(actor, "plans.appraise_planversion", batch_plan)
    if not (document_number or "").strip():
        raise PlanError(_("Cần ghi số văn bản (báo cáo) thẩm định."))
    if document_date > _today():
        raise PlanError(_("Ngày văn bản không được sau ngày hôm nay."))
    with acting_as(actor), transaction.atomic():
        locked, ids = _locked(batch_plan, (PlanStatus.SUBMITTED,), _("thẩm định"))
        before = _move(locked, ids, PlanStatus.APPRAISED, due_date=None)
        batch_hash, _per = _freeze(ids)
        act = _record_act(
            locked,
            PlanActKind.APPRAISAL,
            before,
            actor,
            ids,
            batch_hash,
            document_number=document_number.strip(),
            document_date=document_date,
            signer=signer.strip(),
            note=note.strip(),
        )
        _legal_step(
            ids,
            "appraisal",
            document_date,
            actor,
            _document(document_number, document_date, signer),
        )
    return act


def plan_approve(
    *,
    batch_plan: BatchPlan,
    actor: Actor,
    decision_number: str,
    decision_date: dt.date,
    signer: str,
    note: str = "",
) -> PlanAct:
    """Approve the batch plan by decision (Land Law 2024 Art. 87(3)(c)). Refused before the
    posting period has ended or without the consultation recorded (Art. 87(3)(a);
    Resolution 254/2025 Art. 3(9)(b)), to the user who submitted it, and if a version
    changed since it was frozen. Each case's earlier approved version is superseded by
    this one (its adjustment)."""
    _check_role(actor, "plans.approve_planversion", batch_plan)
    if not (decision_number or "").strip() or not (signer or "").strip():
        raise PlanError(_("Cần ghi số quyết định phê duyệt và người ký."))
    if decision_date > _today():
        raise PlanError(_("Ngày quyết định không được sau ngày hôm nay."))
    with acting_as(actor), transaction.atomic():
        locked, ids = _locked(batch_plan, (PlanStatus.APPRAISED,), _("phê duyệt"))
        end = locked.posting_end_date
        if decision_date <= end or _today() <= end:
            raise PlanError(
                _(
                    "Chưa hết thời hạn niêm yết (đến hết ngày %(end)s): chưa được phê duyệt "
                    "(Nghị quyết 254/2025/QH15, Điều 3 khoản 9 điểm b)."
                )
                % {"end": f"{end:%d/%m/%Y}"}
            )
        if not locked.acts.filter(kind=PlanActKind.CONSULTATION).exists():
            raise PlanError(_("Chưa ghi kết quả lấy ý kiến: chưa được phê duyệt."))
        if actor is not None and locked.submitted_by_id == actor.pk:
            raise NotPermitted(
                _("Người đã trình phương án không được phê duyệt chính phương án đó.")
            )
        batch_hash, per = _freeze(ids)
        stored = dict(PlanVersion.objects.filter(pk__in=ids).values_list("pk", "frozen_hash"))
        changed = [pk for pk in ids if stored[pk] != per[pk]]
        if changed:
            raise PlanError(
                _("Có %(n)s phương án đã bị thay đổi sau khi niêm yết: không được phê duyệt.")
                % {"n": len(changed)}
            )
        case_ids = list(PlanVersion.objects.filter(pk__in=ids).values_list("case_id", flat=True))
        # Land Law 2024 Art. 94(5): the adjustment replaces the plan approved before it.
        PlanVersion.objects.filter(case_id__in=case_ids, status=PlanStatus.APPROVED).update(
            status=PlanStatus.SUPERSEDED
        )
        before = _move(locked, ids, PlanStatus.APPROVED, due_date=None)
        act = _record_act(
            locked,
            PlanActKind.APPROVAL,
            before,
            actor,
            ids,
            batch_hash,
            document_number=decision_number.strip(),
            document_date=decision_date,
            signer=signer.strip(),
            note=note.strip(),
        )
        _legal_step(
            ids, "approval", decision_date, actor, _document(decision_number, decision_date, signer)
        )
    return act


# Decree 88/2024 Art. 27(2): the estimate goes to appraisal and approval with the plan, so
# it changes only while the plan is open to change: before submission, or after a return.
COST_EDITABLE = (PlanStatus.POSTED, PlanStatus.CONSULTED, PlanStatus.RETURNED)
MAX_COST = 10**14


def cost_estimate_record(
    *, batch_plan: BatchPlan, items: dict[str, tuple[int, str]], actor: Actor, reason: str = ""
) -> list[CostEstimateLine]:
    """Record the estimate of what organising the batch plan's compensation costs, item
    by item (Decree 88/2024 Art. 27(1), (4), (5)): {item: (amount in đồng, basis)}, the
    basis naming the norm or unit price applied, or "theo thực tế" where there is none
    (Art. 27(1)(b), (c), (8)). It replaces the estimate recorded before; an item of 0 is
    left out. By the compensation organisation's officer (who drafts and submits the
    plan), while the plan can still change; all or nothing."""
    _check_role(actor, "plans.submit_planversion", batch_plan)
    rows = []
    for item, (amount, basis) in items.items():
        if item not in CostItem.values:
            raise PlanError(_("Nội dung chi “%(item)s” không có trong Điều 27.") % {"item": item})
        label = CostItem(item).label
        if not isinstance(amount, int) or not 0 <= amount <= MAX_COST:
            raise PlanError(
                _("%(item)s: số tiền %(amount)s phải là số nguyên từ 0 đến 10^14 đồng.")
                % {"item": label, "amount": amount}
            )
        basis = (basis or "").strip()
        if amount and not basis:
            raise PlanError(
                _(
                    "%(item)s: ghi căn cứ (định mức, đơn giá áp dụng, hoặc “theo thực tế”) — "
                    "Nghị định 88/2024/NĐ-CP, Điều 27 khoản 1."
                )
                % {"item": label}
            )
        if len(basis) > 300:
            raise PlanError(_("%(item)s: căn cứ dài quá 300 ký tự.") % {"item": label})
        if amount:
            rows.append((item, amount, basis))
    with acting_as(actor), transaction.atomic():
        locked = BatchPlan.objects.select_for_update().get(pk=batch_plan.pk)
        if locked.status not in COST_EDITABLE:
            raise PlanError(
                _(
                    "Phương án đang ở trạng thái “%(status)s”: dự toán chi phí tổ chức thực hiện "
                    "được thẩm định và phê duyệt cùng phương án, không sửa được nữa "
                    "(Nghị định 88/2024/NĐ-CP, Điều 27 khoản 2)."
                )
                % {"status": locked.get_status_display()}
            )
        before = {
            line.item: line.amount for line in CostEstimateLine.objects.filter(batch_plan=locked)
        }
        CostEstimateLine.objects.filter(batch_plan=locked).delete()
        lines = CostEstimateLine.objects.bulk_create(
            CostEstimateLine(batch_plan=locked, item=item, amount=amount, basis=basis)
            for item, amount, basis in rows
        )
        total = sum(amount for _item, amount, _basis in rows)
        record_event(
            actor=actor,
            kind="plans.cost_estimate",
            message=f"Dự toán chi phí tổ chức thực hiện {locked}: {total:,} đồng".replace(",", "."),
            target=locked,
            data={"before": before, "after": {i: a for i, a, _b in rows}, "reason": reason},
        )
    return lines


# -- reading ---------------------------------------------------------------------------


def line_key(line: CalculationLine) -> tuple[str, str, str]:
    return (line.code, line.ref, line.decision_key)


def plan_diff(old: Iterable[CalculationLine], new: Iterable[CalculationLine]) -> list[dict]:
    """Lines added, removed, or changed in amount, quantity, price, status or basis
    (citations) between versions.
    Lines are matched by (code, ref, decision key) and, for repeats, their order."""

    def keyed(lines: Iterable[CalculationLine]) -> dict[tuple[Any, ...], CalculationLine]:
        out: dict[tuple[Any, ...], CalculationLine] = {}
        seen: dict[tuple[str, str, str], int] = {}
        for line in lines:
            k = line_key(line)
            seen[k] = seen.get(k, 0) + 1
            out[(*k, seen[k])] = line
        return out

    a, b = keyed(old), keyed(new)
    rows: list[dict] = []
    for k, line in b.items():
        before = a.get(k)
        if before is None:
            rows.append({"change": "added", "old": None, "new": line, "delta": line.amount})
        elif (
            before.amount != line.amount
            or before.status != line.status
            or before.quantity != line.quantity
            or before.unit_price != line.unit_price
            or before.coefficient != line.coefficient
            # The same money on another basis (Art. 94(5) keeping an approved price).
            or list(before.citations) != list(line.citations)
        ):
            rows.append(
                {
                    "change": "changed",
                    "old": before,
                    "new": line,
                    "delta": line.amount - before.amount,
                }
            )
    for k, line in a.items():
        if k not in b:
            rows.append({"change": "removed", "old": line, "new": None, "delta": -line.amount})
    return rows
