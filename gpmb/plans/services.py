"""Computing plans: facts from the database → the engine → stored versions and lines;
decisions on ambiguous lines; the submission guard.

Services take ids or model instances and the acting user (`actor=`); bulk writes record
one AuditEvent. Money stays integer đồng from the engine to the database."""

from __future__ import annotations

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
from django.utils.translation import gettext as _

from gpmb.cases.models import Case
from gpmb.core.audit import acting_as
from gpmb.core.bulk import insert_rows
from gpmb.core.models import Actor, record_event
from gpmb.core.permissions import NotPermitted, check_reach
from gpmb.engine import CaseFacts, FactsError, compute_many
from gpmb.engine.lines import Result
from gpmb.plans.choices import LineStatus, PlanStatus
from gpmb.plans.facts import facts_for_cases
from gpmb.plans.models import CalculationLine, LineDecision, PlanVersion
from gpmb.plans.queries import ids_lookup
from gpmb.policy.packs import PolicyError, pack_for_code
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
        facts_hash = _sha(facts_text)
        # The inventory counted (round, corrections) is an input: a correction that
        # changes no fact still earns a version that says it was counted.
        input_hash = _sha(
            _canonical([facts_hash, pack_row.digest, case_decisions, basis.get(case_id, {})])
        )
        previous = latest.get(case_id)
        if previous is not None and (
            previous.input_hash == input_hash
            # A version from before the basis was recorded: hashed without it.
            or (
                not previous.basis
                and previous.input_hash
                == _sha(_canonical([facts_hash, pack_row.digest, case_decisions]))
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
    PlanStatus.SUBMITTED,
    PlanStatus.POSTED,
    PlanStatus.CONSULTED,
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
                "Phương án phiên bản %(n)s đã trình; số liệu đã thay đổi. Tính lại sẽ lập "
                "phiên bản mới thay cho phiên bản đã trình: hãy ghi lý do."
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
            message=f"{case}: {line.title_vi} — {line.decision_key} = {choice}",
            target=case,
            reason=reason,
            data={"line": line.pk, "plan": plan.pk, "key": line.decision_key, "choice": choice},
        )
    return decision


def plan_submit(*, plan: PlanVersion, actor: Actor, note: str = "") -> PlanVersion:
    """Submit a draft plan for posting and appraisal. Refused while any line is not
    `ok` (a missing basis or an unsettled ambiguity) — DESIGN.md "Workflow rules"."""
    check_reach(actor, "compute", plan.case)
    with acting_as(actor), transaction.atomic():
        locked = PlanVersion.objects.select_for_update().get(pk=plan.pk)
        if locked.status != PlanStatus.DRAFT:
            raise PlanError(_("Chỉ trình được phương án đang dự thảo."))
        open_lines = list(locked.lines.exclude(status=LineStatus.OK).order_by("position"))
        if open_lines:
            # Which lines, by name: the officer fixes them one by one.
            raise PlanError(
                _(
                    "Không thể trình: còn %(n)s dòng tính chưa đủ căn cứ hoặc chưa quyết "
                    "định: %(lines)s."
                )
                % {
                    "n": len(open_lines),
                    "lines": "; ".join(
                        f"{line.title} ({line.get_status_display()})" for line in open_lines
                    ),
                }
            )
        locked.status = PlanStatus.SUBMITTED
        locked.save(update_fields=["status", "updated_at"])
        record_event(
            actor=actor,
            kind="plans.submit",
            message=f"Trình phương án {locked}",
            target=locked,
            reason=note,
        )
    return locked


# -- reading ---------------------------------------------------------------------------


def line_key(line: CalculationLine) -> tuple[str, str, str]:
    return (line.code, line.ref, line.decision_key)


def plan_diff(old: Iterable[CalculationLine], new: Iterable[CalculationLine]) -> list[dict]:
    """Lines added, removed, or changed in amount, quantity or status between versions.
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
