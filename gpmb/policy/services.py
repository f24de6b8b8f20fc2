"""Writes of the policy app: the legal steps of a batch's cases from the project's pack
(the cases app, below this one, receives the template: gpmb.cases.services); and where
parcels sit in a pack's price table (road segment, position VT1–VT5, depth, other roads
fronted). These decide the land line of a plan, so each needs a reason, and a segment
must be a road of the pack in the parcel's commune."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gpmb.cases.models import Case
from gpmb.cases.services import steps_generate
from gpmb.core.audit import acting_as
from gpmb.core.models import Actor, record_event
from gpmb.core.permissions import NotPermitted, check_reach
from gpmb.parcels.choices import PricePosition, RecoveredStrip
from gpmb.parcels.models import Parcel, ParcelImpact
from gpmb.policy.packs import PolicyError, pack_for_code
from gpmb.policy.queries import segment_choices
from gpmb.projects.models import Batch, Project


def batch_steps_generate(*, batch: Batch, actor: Actor, cases: Iterable[Case] | None = None) -> int:
    """Generate the legal steps of `batch`'s cases (or of `cases` in it) from the
    procedure template of the project's policy pack (`procedure.deadlines`). Returns the
    number of steps created; cases that have their steps keep them."""
    row, pack = pack_for_code(batch.project.policy_pack_code)
    template = pack.procedure()
    if template is None:
        raise PolicyError(
            [
                _("Gói chính sách %(code)s chưa có quy trình (procedure.deadlines).")
                % {"code": row.code}
            ]
        )
    members = list(cases) if cases is not None else list(Case.objects.filter(batch=batch))
    return steps_generate(cases=members, template=template, pack_code=row.code, actor=actor)


class PriceBasisError(ValueError):
    """A price-table placement that cannot be applied; nothing was changed."""


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        # A placement moves money: the plan's land line follows it.
        raise PriceBasisError(
            _(
                "Ghi căn cứ hoặc lý do (ví dụ: biên bản xác định vị trí): vị trí giá đất "
                "quyết định tiền bồi thường."
            )
        )
    return reason


def _check_segments(
    segments: dict[str, dict[str, Any]], wanted: list[str], parcels: list[Parcel]
) -> None:
    """Each road segment must be in the pack's table and in each parcel's commune."""
    for segment in wanted:
        row = segments.get(segment)
        if row is None:
            raise PriceBasisError(
                _("Đoạn đường %(s)s không có trong bảng giá của dự án.") % {"s": segment}
            )
        wrong = [p for p in parcels if p.commune.slug != row.get("commune")]
        if wrong:
            raise PriceBasisError(
                _(
                    "Đoạn đường %(s)s không thuộc xã/phường của %(n)s thửa đã chọn "
                    "(ví dụ thửa %(p)s): không thửa nào được sửa."
                )
                % {"s": segment, "n": len(wrong), "p": wrong[0]}
            )


@transaction.atomic
def parcels_set_price_basis(
    *,
    actor: Actor,
    project: Project,
    parcels: Iterable[Parcel],
    segment: str | None = None,
    position: str | None = None,
    strip: str | None = None,
    reason: str,
) -> int:
    """Set the price-table segment and/or position of many parcels of `project` at once,
    and where the project's recovered part of each lies (`strip`); None leaves a value as
    it is. The segment must be a road of the project's pack in each parcel's commune.
    Each change is logged with before/after; the reason is kept once, as a domain event
    naming how many parcels changed. Returns that count."""
    reason = _require_reason(reason)
    if position is not None and position not in PricePosition.values:
        raise PriceBasisError(_("Vị trí không hợp lệ: %(v)s") % {"v": position})
    if strip is not None and strip not in RecoveredStrip.values:
        raise PriceBasisError(_("Phần thu hồi không hợp lệ: %(v)s") % {"v": strip})
    ids = [p.pk for p in parcels]
    locked = list(Parcel.objects.select_for_update().filter(pk__in=ids).select_related("commune"))
    if actor is not None and Parcel.objects.restrict(actor, "change").filter(
        pk__in=ids
    ).count() != len(set(ids)):
        raise NotPermitted(_("Có thửa nằm ngoài dự án hoặc xã/phường bạn được phân công sửa."))
    if segment is not None:
        _row, pack = pack_for_code(project.policy_pack_code)
        _check_segments(pack.segments, [segment], locked)
    data = {
        name: value
        for name, value in (("price_segment", segment), ("price_position", position))
        if value is not None
    }
    changed: set[int] = set()
    with acting_as(actor):
        for parcel in locked:
            fields = [name for name, value in data.items() if getattr(parcel, name) != value]
            if fields:
                for name in fields:
                    setattr(parcel, name, data[name])
                parcel.save(update_fields=[*fields, "updated_at"])
                changed.add(parcel.pk)
        if strip is not None:
            for impact in ParcelImpact.objects.select_for_update().filter(
                project=project, parcel_id__in=ids
            ):
                if impact.recovered_strip != strip:
                    impact.recovered_strip = strip
                    impact.save(update_fields=["recovered_strip", "updated_at"])
                    changed.add(impact.parcel_id)
        if changed:
            values = {**data, **({"recovered_strip": strip} if strip is not None else {})}
            record_event(
                actor=actor,
                kind="parcel.price_basis",
                message=f"{project.code}, {len(changed)} thửa: "
                + ", ".join(f"{k}={v or '—'}" for k, v in values.items()),
                target=project,
                reason=reason,
                data={"parcels": len(changed), **values},
            )
    return len(changed)


@transaction.atomic
def parcel_set_price_basis(
    *,
    actor: Actor,
    parcel: Parcel,
    segment: str,
    position: str,
    depth_m: Decimal | None,
    other_segments: list[str],
    reason: str,
) -> bool:
    """Place one parcel in the price table: its road segment, position, depth from the
    road and the other roads it fronts (a corner lot). Segments are those of the packs of
    the projects the parcel lies in, in its commune; a value the packs no longer list may
    stay as it was. Returns whether anything changed."""
    reason = _require_reason(reason)
    check_reach(actor, "change", parcel)
    locked = Parcel.objects.select_for_update().select_related("commune").get(pk=parcel.pk)
    if position and position not in PricePosition.values:
        raise PriceBasisError(_("Vị trí không hợp lệ: %(v)s") % {"v": position})
    known = dict(segment_choices(Project.objects.filter(impacts__parcel=locked), locked.commune))
    stored = {locked.price_segment, *(locked.other_segments or [])}
    for sid in [segment, *other_segments]:
        if sid and sid not in known and sid not in stored:
            raise PriceBasisError(
                _("Đoạn đường %(s)s không có trong bảng giá của xã/phường %(c)s.")
                % {"s": sid, "c": locked.commune}
            )
    if segment and segment in other_segments:
        raise PriceBasisError(_("Đường khác không được trùng đoạn đường chính."))
    data = {
        "price_segment": segment,
        "price_position": position,
        "depth_m": depth_m,
        "other_segments": other_segments or None,
    }
    changed = [name for name, value in data.items() if getattr(locked, name) != value]
    if not changed:
        return False
    with acting_as(actor):
        for name in changed:
            setattr(locked, name, data[name])
        locked.save(update_fields=[*changed, "updated_at"])
        record_event(
            actor=actor,
            kind="parcel.price_basis",
            message=str(locked),
            target=locked,
            reason=reason,
            data={"fields": changed},
        )
    return True
