"""Writes of reports: setting a target (chỉ tiêu) and entering an indicator's actual."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gpmb.core.audit import acting_as
from gpmb.core.models import Actor, record_event
from gpmb.core.permissions import NotPermitted, holds_system_wide
from gpmb.core.vnformat import NumberFormatError, NumberKind, parse_number
from gpmb.reports.choices import COMPUTED_KINDS, IndicatorKind, ScopeLevel
from gpmb.reports.models import Target

PERIOD = re.compile(r"^(20\d\d)(-H[12])?$")
TARGET_RIGHT = "reports.change_target"


class TargetError(ValueError):
    """Bad input for a target: the message names the field and the value."""


def _number(value: Any, label: str, kind: IndicatorKind) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    number_kind = (
        NumberKind.INTEGER
        if kind == IndicatorKind.HOUSEHOLDS_HANDED_OVER
        else (NumberKind.AREA if kind == IndicatorKind.AREA_CLEARED else NumberKind.MONEY)
    )
    try:
        number = parse_number(str(value), number_kind)
    except NumberFormatError as exc:
        raise TargetError(_("%(field)s: %(error)s") % {"field": label, "error": exc}) from exc
    if number is None or number < 0:
        raise TargetError(
            _("%(field)s “%(value)s”: phải là số không âm.") % {"field": label, "value": value}
        )
    return number


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
    records and is refused here. Only leadership of the whole system sets targets."""
    if actor is not None and not holds_system_wide(actor, TARGET_RIGHT):
        raise NotPermitted(_("Chỉ lãnh đạo toàn hệ thống được giao chỉ tiêu."))
    period = (period or "").strip()
    if not PERIOD.match(period):
        raise TargetError(
            _("Kỳ “%(value)s” không hợp lệ: viết 2026 (cả năm) hoặc 2026-H1, 2026-H2.")
            % {"value": period}
        )
    if kind not in IndicatorKind.values:
        raise TargetError(_("Chỉ tiêu “%(value)s” không có.") % {"value": kind})
    if scope not in ScopeLevel.values:
        raise TargetError(_("Phạm vi “%(value)s” không có.") % {"value": scope})
    unit_code = (unit_code or "").strip() if scope != ScopeLevel.CITY else ""
    indicator = IndicatorKind(kind)
    planned_value = _number(planned, _("Kế hoạch"), indicator)
    actual_value = _number(actual, _("Thực hiện"), indicator)
    if indicator in COMPUTED_KINDS and actual_value is not None:
        raise TargetError(
            _("%(kind)s được tính từ hồ sơ, không nhập tay số thực hiện.")
            % {"kind": indicator.label}
        )
    source = (source or "").strip()
    if not source:
        raise TargetError(_("Cần ghi căn cứ giao chỉ tiêu hoặc nguồn số liệu."))
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
        record_event(
            actor=actor,
            kind="reports.target_set",
            message=f"Chỉ tiêu {indicator.label} kỳ {period}: kế hoạch {planned_value}, "
            f"thực hiện {actual_value}",
            target=target,
            reason=source,
            data={"period": period, "kind": kind, "scope": scope, "unit": unit_code},
        )
    return target
