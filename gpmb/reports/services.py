"""Writes of reports: setting a target (chỉ tiêu) and entering an indicator's actual; the
missing-price blocker's bulk fix."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gpmb.cases.models import Case
from gpmb.census.services import CensusError, ItemInvalid, items_price_code_assign
from gpmb.core.audit import acting_as
from gpmb.core.models import Actor, record_event
from gpmb.core.permissions import NotPermitted, holds_system_wide, user_assignments
from gpmb.core.roles import role_grants
from gpmb.core.vnformat import NumberFormatError, NumberKind, parse_number
from gpmb.plans.services import PlanError, cases_compute
from gpmb.projects.models import AdminUnit
from gpmb.reports.choices import COMPUTED_KINDS, IndicatorKind, ScopeLevel
from gpmb.reports.models import Target
from gpmb.reports.queries import ScopeKind, missing_price_items

PERIOD = re.compile(r"^(20\d\d)(-H[12])?$")
TARGET_RIGHT = "reports.change_target"


class TargetError(ValueError):
    """Bad input for a target: the message names the field and the value; `field` is the
    input it is about (an import names its column)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def _number(value: Any, label: str, kind: IndicatorKind, field: str) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    number_kind = (
        NumberKind.INTEGER
        if kind == IndicatorKind.HOUSEHOLDS_HANDED_OVER
        else (NumberKind.AREA if kind == IndicatorKind.AREA_CLEARED else NumberKind.MONEY)
    )
    # A number cell of a workbook is read as the number it holds, text as typed.
    typed = value if isinstance(value, int | float | Decimal) else str(value)
    try:
        number = parse_number(typed, number_kind)
    except NumberFormatError as exc:
        raise TargetError(
            _("%(field)s: %(error)s") % {"field": label, "error": exc}, field
        ) from exc
    if number is None or number < 0:
        raise TargetError(
            _("%(field)s “%(value)s”: phải là số không âm.") % {"field": label, "value": value},
            field,
        )
    return number


def target_values(
    *,
    period: str,
    kind: str,
    planned: Any,
    source: str,
    actual: Any = None,
    scope: str = ScopeLevel.CITY,
    unit_code: str = "",
) -> dict[str, Any]:
    """The checked values of a target, as target_set writes them (TargetError names the
    first bad one). A site-clearance indicator's actual is computed from the records and
    is refused here."""
    period = (period or "").strip()
    if not PERIOD.match(period):
        raise TargetError(
            _("Kỳ “%(value)s” không hợp lệ: viết 2026 (cả năm) hoặc 2026-H1, 2026-H2.")
            % {"value": period},
            "period",
        )
    if kind not in IndicatorKind.values:
        raise TargetError(_("Chỉ tiêu “%(value)s” không có.") % {"value": kind}, "kind")
    if scope not in ScopeLevel.values:
        raise TargetError(_("Phạm vi “%(value)s” không có.") % {"value": scope}, "scope")
    unit_code = (unit_code or "").strip() if scope != ScopeLevel.CITY else ""
    if scope != ScopeLevel.CITY and not unit_code:
        raise TargetError(_("Cần ghi mã xã/phường hoặc mã dự án."), "unit_code")
    indicator = IndicatorKind(kind)
    planned_value = _number(planned, _("Kế hoạch"), indicator, "planned")
    actual_value = _number(actual, _("Thực hiện"), indicator, "actual")
    if indicator in COMPUTED_KINDS and actual_value is not None:
        raise TargetError(
            _("%(kind)s được tính từ hồ sơ, không nhập tay số thực hiện.")
            % {"kind": indicator.label},
            "actual",
        )
    source = (source or "").strip()
    if not source:
        raise TargetError(_("Cần ghi căn cứ giao chỉ tiêu hoặc nguồn số liệu."), "source")
    return {
        "period": period,
        "kind": kind,
        "scope": scope,
        "unit_code": unit_code,
        "planned": planned_value,
        "actual": actual_value,
        "source": source,
    }


def _ward_leadership(user: Any) -> set[int]:
    """The wards whose leadership the user is: assignments granting the target right
    narrowed to one ward and to no project."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    return {
        a.commune_id
        for a in user_assignments(user)
        if a.project_id is None and a.commune_id is not None and role_grants(a.role, TARGET_RIGHT)
    }


def sets_targets(user: Any) -> bool:
    """Whether the user sets any targets: leadership of the whole system, or of a ward."""
    return holds_system_wide(user, TARGET_RIGHT) or bool(_ward_leadership(user))


def may_set_target(user: Any, scope: str, unit_code: str) -> bool:
    """Leadership of the whole system sets every target; leadership assigned to one ward
    sets that ward's own (scope ward, its code), nothing else."""
    if holds_system_wide(user, TARGET_RIGHT):
        return True
    if scope != ScopeLevel.WARD or not (unit_code or "").strip():
        return False
    ward = AdminUnit.objects.filter(code=unit_code.strip()).values_list("pk", flat=True).first()
    return ward is not None and ward in _ward_leadership(user)


def _require_target_right(actor: Actor, scope: str, unit_code: str) -> None:
    if actor is not None and not may_set_target(actor, scope, unit_code):
        raise NotPermitted(
            _(
                "Chỉ lãnh đạo toàn hệ thống giao chỉ tiêu; lãnh đạo xã/phường chỉ giao chỉ tiêu "
                "của xã/phường mình."
            )
        )


def target_set(
    *,
    actor: Actor,
    period: str,
    kind: str,
    planned: Any,
    source: str,
    actual: Any = None,
    scope: str = ScopeLevel.CITY,
    unit_code: str = "",
) -> Target:
    """Set (or change) the target of `kind` for `period` in a scope, and for an entered
    indicator its actual. A site-clearance indicator's actual is computed from the
    records and is refused here. Leadership of the whole system sets every target,
    leadership of a ward its ward's (may_set_target)."""
    _require_target_right(actor, scope, unit_code)
    values = target_values(
        period=period,
        kind=kind,
        planned=planned,
        source=source,
        actual=actual,
        scope=scope,
        unit_code=unit_code,
    )
    return _write_target(actor, values)


def _write_target(actor: Actor, values: dict[str, Any], via: str = "") -> Target:
    period, kind, scope, unit_code = (values[k] for k in ("period", "kind", "scope", "unit_code"))
    planned_value, actual_value, source = values["planned"], values["actual"], values["source"]
    indicator = IndicatorKind(kind)
    with acting_as(actor), transaction.atomic():
        target, created = Target.objects.select_for_update().get_or_create(
            period=period,
            scope=scope,
            unit_code=unit_code,
            kind=kind,
            defaults={"planned": planned_value, "actual": actual_value, "source": source},
        )
        if not created:
            target.planned, target.actual, target.source = planned_value, actual_value, source
        target.recorded_by = actor if getattr(actor, "pk", None) else None
        target.save()
        data = {"period": period, "kind": kind, "scope": scope, "unit": unit_code}
        if via:
            data["file"] = via
        record_event(
            actor=actor,
            kind="reports.target_set",
            message=f"Chỉ tiêu {indicator.label} kỳ {period}: kế hoạch {planned_value}, "
            f"thực hiện {actual_value}",
            target=target,
            reason=source,
            data=data,
        )
    return target


def targets_import(*, actor: Actor, rows: list[dict[str, Any]], file_name: str) -> int:
    """Write the targets of an imported file (each row already checked by
    target_values, gpmb.reports.importing), all in one transaction: a re-import updates
    the same targets by period, scope, unit and indicator, never duplicates them. Every
    row must be within the actor's targets (may_set_target), or nothing is written."""
    for values in rows:
        _require_target_right(actor, values["scope"], values["unit_code"])
    with transaction.atomic():
        for values in rows:
            _write_target(actor, target_values(**values), via=file_name)
    return len(rows)


# -- the missing-price blocker's bulk fix ------------------------------------------------


class PriceFixError(ValueError):
    """Nothing to fix, or a fix refused: the message says which and why."""


@dataclass
class PriceFixResult:
    """What one bulk fix did: the lines given the code and their cases; of those cases,
    the plans recomputed as a new draft, unchanged, held (a plan submitted, appraised or
    approved is never changed silently: case id → its version number), not recomputed
    because the user may not compute them, and computations that failed."""

    items: int
    cases: list[int]
    new_versions: int = 0
    unchanged: int = 0
    held: dict[int, int] = field(default_factory=dict)
    not_computable: list[int] = field(default_factory=list)
    errors: dict[int, list[str]] = field(default_factory=dict)


def missing_price_fix(
    *,
    actor: Actor,
    kind: str,
    code: str | None,
    line_code: str,
    item_kind: str,
    price_code: str,
    reason: str,
    evidence: str,
) -> PriceFixResult:
    """Assign `price_code` to every `item_kind` line behind the scope's missing-price
    `line_code` lines that the actor may edit (gpmb.census.services.items_price_code_assign,
    all or nothing), then recompute those cases' plans (gpmb.plans.services.cases_compute,
    without a reason: a plan submitted or later is held, not replaced)."""
    group = missing_price_items(actor, kind, code, line_code).get(item_kind)
    if group is None or not group.items:
        raise PriceFixError(_("Không còn dòng kiểm đếm nào thiếu mã đơn giá ở nhóm này."))
    ids = [item.pk for item in group.items]
    case_ids = sorted({item.case_id for item in group.items})
    with transaction.atomic():
        try:
            items_price_code_assign(
                actor=actor, item_ids=ids, price_code=price_code, reason=reason, evidence=evidence
            )
        except ItemInvalid as exc:
            raise PriceFixError("; ".join(exc.errors.values())) from exc
        except CensusError as exc:
            raise PriceFixError(str(exc)) from exc
        record_event(
            actor=actor,
            kind="reports.price_fix",
            message=f"Gắn mã đơn giá {price_code} cho {len(ids)} dòng {item_kind} "
            f"(khoản {line_code}) của {len(case_ids)} hồ sơ",
            target=group.items[0].project if kind == ScopeKind.PROJECT else None,
            reason=reason,
            data={
                "scope": kind,
                "code": code or "",
                "line_code": line_code,
                "item_kind": item_kind,
                "price_code": price_code,
                "items": ids,
                "cases": case_ids,
                "evidence": evidence,
            },
        )
    result = PriceFixResult(items=len(ids), cases=case_ids)
    computable = set(
        Case.objects.restrict(actor, "compute").filter(pk__in=case_ids).values_list("pk", flat=True)
    )
    result.not_computable = [c for c in case_ids if c not in computable]
    by_project: dict[int, list[int]] = defaultdict(list)
    projects = {}
    for item in group.items:
        if item.case_id in computable and item.case_id not in by_project[item.project_id]:
            by_project[item.project_id].append(item.case_id)
            projects[item.project_id] = item.project
    for project_id, ids_of_project in by_project.items():
        try:
            summary = cases_compute(
                case_ids=ids_of_project, project=projects[project_id], actor=actor
            )
        except PlanError as exc:
            result.errors.update({c: [str(exc)] for c in ids_of_project})
            continue
        result.new_versions += summary.new_versions
        result.unchanged += summary.unchanged
        result.held.update(summary.held)
        result.errors.update(summary.errors)
    return result
