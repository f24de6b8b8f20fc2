"""Writes on households and their tenures: the facts the law decides money from that the
commune confirms and the officer records — the farmland a household uses (Decree 88/2024
Art. 19(1)(b)), its poor or policy-family standing (Art. 21, 22), and for each tenure its
origin, papers, start of stable use, violation, share and the fee payable as if certified
(Art. 25(3)). Each change is logged with before and after (ObjectChange); a change that
moves money needs its reason, kept as a domain event next to it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gpmb.core.audit import acting_as
from gpmb.core.models import Actor, check_version, record_event
from gpmb.core.permissions import check_reach
from gpmb.parties.models import Household, Tenure

HOUSEHOLD_FIELDS = ("agricultural_area_in_use", "is_poor", "is_policy_family")
TENURE_FIELDS = (
    "origin",
    "certificate_number",
    "certificate_date",
    "stable_use_start_date",
    "violation",
    "share",
    "certification_fee",
    "evidence",
)
# What the papers say, not what they decide: changed without a reason.
NO_MONEY = {"evidence"}


class PartyEditError(Exception):
    """An edit refused; nothing saved. `str()` says why, in Vietnamese."""


def _update(
    model: Any,
    obj: Any,
    fields: tuple[str, ...],
    *,
    actor: Actor,
    data: dict[str, Any],
    reason: str,
    seen: str | None,
    kind: str,
) -> Any:
    check_reach(actor, "change", obj)
    with acting_as(actor), transaction.atomic():
        locked = model.objects.select_for_update().get(pk=obj.pk)
        check_version(locked, seen)
        changed = [f for f in fields if f in data and getattr(locked, f) != data[f]]
        if not changed:
            return locked
        reason = (reason or "").strip()
        moving = [f for f in changed if f not in NO_MONEY]
        if moving and not reason:
            labels = ", ".join(str(model._meta.get_field(f).verbose_name) for f in moving)
            raise PartyEditError(
                _(
                    "Ghi lý do sửa (ví dụ: văn bản xác nhận của UBND xã/phường): %(fields)s "
                    "quyết định tiền bồi thường, hỗ trợ. Chưa lưu gì."
                )
                % {"fields": labels}
            )
        for name in changed:
            setattr(locked, name, data[name])
        try:
            locked.full_clean(exclude=[f.name for f in model._meta.fields if f.name not in changed])
        except ValidationError as exc:
            raise PartyEditError("; ".join(exc.messages)) from exc
        locked.save(update_fields=[*changed, "updated_at"])
        if reason:
            record_event(
                actor=actor,
                kind=kind,
                message=str(locked),
                target=locked,
                reason=reason,
                data={"fields": changed},
            )
    return locked


def household_update(
    *,
    actor: Actor,
    household: Household,
    data: dict[str, Any],
    reason: str = "",
    seen: str | None = None,
) -> Household:
    """Edit what the law reads of a household (HOUSEHOLD_FIELDS). `seen`: the version the
    form was opened on; a later change refuses the edit (EditConflict)."""
    result: Household = _update(
        Household,
        household,
        HOUSEHOLD_FIELDS,
        actor=actor,
        data=data,
        reason=reason,
        seen=seen,
        kind="household.update",
    )
    return result


def tenure_update(
    *, actor: Actor, tenure: Tenure, data: dict[str, Any], reason: str = "", seen: str | None = None
) -> Tenure:
    """Edit a tenure's facts (TENURE_FIELDS): by the officer, or by the commune land
    officer who confirms origin and time of use (Land Law 2024 Art. 87(2)(c))."""
    result: Tenure = _update(
        Tenure,
        tenure,
        TENURE_FIELDS,
        actor=actor,
        data=data,
        reason=reason,
        seen=seen,
        kind="tenure.update",
    )
    return result
