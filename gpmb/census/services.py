"""Writes of the census: open and close rounds, add, edit, delete and admit items, and
the bulk write every import ends with. Each takes the acting user explicitly."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gpmb.cases.models import Case
from gpmb.census.choices import (
    CensusKind,
    CensusStatus,
    CorrectionAction,
    CutoffStatus,
    ItemKind,
    ItemSource,
)
from gpmb.census.codes import price_code_error, price_codes
from gpmb.census.models import (
    Census,
    CensusSnapshot,
    InventoryAttachment,
    InventoryCorrection,
    InventoryItem,
)
from gpmb.census.queries import corrected, latest_corrections
from gpmb.census.spec import FIELDS, VALUE_FIELDS, clean_values, empty_value, fields_for
from gpmb.core.audit import acting_as
from gpmb.core.bounds import range_error
from gpmb.core.bulk import insert_rows, update_rows
from gpmb.core.models import Actor, check_version, record_event
from gpmb.core.permissions import check_reach
from gpmb.core.uploads import too_large_message, upload_limit
from gpmb.projects.models import Batch


class CensusError(Exception):
    """A census rule was broken; `str()` is the message for the user."""


class ItemInvalid(CensusError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


# -- the cut-off rule -----------------------------------------------------------------


def cutoff_status_for(
    *,
    origin_date: dt.date | None,
    year_built: int | None,
    cutoff: dt.date,
    new_in_supplementary: bool,
    current: str = CutoffStatus.ELIGIBLE,
) -> str:
    """Land Law 2024 Art. 105(1)/(2): assets created after the recovery notice get no
    compensation; Decree 88/2024 Art. 19(1)(d) counts the household's members at the
    time, so people moving in later are flagged too. An item first recorded in a
    supplementary round without a date is presumed new until an officer admits it."""
    after = False
    if origin_date is not None:
        after = origin_date > cutoff
    elif year_built is not None:
        after = year_built > cutoff.year
    else:
        after = new_in_supplementary
    if not after:
        return CutoffStatus.ELIGIBLE
    return CutoffStatus.ADMITTED if current == CutoffStatus.ADMITTED else CutoffStatus.POST_CUTOFF


def _apply_cutoff(item: InventoryItem, census: Census) -> None:
    item.cutoff_status = cutoff_status_for(
        origin_date=item.origin_date,
        year_built=item.year_built,
        cutoff=census.cutoff_date,
        new_in_supplementary=census.kind == CensusKind.SUPPLEMENTARY
        and item.carried_from_id is None,
        current=item.cutoff_status,
    )
    if item.cutoff_status != CutoffStatus.ADMITTED:
        item.admitted_at = None
        item.admitted_by = None


# -- rounds ---------------------------------------------------------------------------


CARRIED_FIELDS = [
    *VALUE_FIELDS,
    "kind",
    "line_no",
    "cutoff_status",
    "admitted_at",
    "admitted_by_id",
    "admission_reason",
    "admission_evidence",
    "submission_key",
]


@transaction.atomic
def census_open(
    *, actor: Actor, batch: Batch, cutoff_date: dt.date | None = None, note: str = ""
) -> Census:
    """Open the next round of a batch. The first round's cut-off defaults to the recovery
    notice date; a supplementary round keeps the previous cut-off and starts as a copy
    of the previous (closed) round, so its diff shows only what changed. A round covers
    every commune of the batch: opening one is a project-wide act."""
    check_reach(actor, "census.add_census", batch.project)
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    rounds = Census.objects.filter(batch=batch)
    if rounds.filter(status=CensusStatus.OPEN).exists():
        raise CensusError(_("Đợt {batch} đang có lần kiểm đếm chưa khóa.").format(batch=batch))
    previous = rounds.order_by("-number").first()
    if cutoff_date is None:
        cutoff_date = previous.cutoff_date if previous else batch.notice_date
    if cutoff_date is None:
        raise CensusError(
            _("Đợt {batch} chưa có ngày thông báo thu hồi đất; hãy nhập mốc khóa số liệu.").format(
                batch=batch
            )
        )
    problem = range_error(Census._meta.get_field("cutoff_date"), cutoff_date)
    if problem:
        raise CensusError(problem)
    with acting_as(actor):
        census = Census.objects.create(
            project_id=batch.project_id,
            batch=batch,
            number=(previous.number + 1) if previous else 1,
            kind=CensusKind.SUPPLEMENTARY if previous else CensusKind.INITIAL,
            cutoff_date=cutoff_date,
            previous=previous,
            note=note,
        )
        carried = 0
        if previous is not None:
            copies = []
            # A line corrected after its round closed is carried as corrected.
            corrections = {
                c.item_id: c
                for c in InventoryCorrection.objects.filter(census=previous).order_by("pk")
            }
            for old in InventoryItem.objects.filter(census=previous).iterator(chunk_size=2000):
                if old.pk in corrections:
                    if corrections[old.pk].removes:
                        continue  # removed by a correction: not carried
                    corrections[old.pk].apply(old)
                copy = InventoryItem(
                    project_id=old.project_id,
                    census=census,
                    case_id=old.case_id,
                    household_id=old.household_id,
                    source=ItemSource.CARRIED,
                    carried_from=old,
                )
                for name in CARRIED_FIELDS:
                    setattr(copy, name, getattr(old, name))
                copies.append(copy)
            InventoryItem.objects.bulk_create(copies, batch_size=2000)
            carried = len(copies)
        record_event(
            actor=actor,
            kind="census.open",
            message=_("Mở {census}, mốc khóa số liệu {date}").format(
                census=census, date=cutoff_date.strftime("%d/%m/%Y")
            ),
            target=census,
            data={"carried_items": carried},
        )
    return census


def snapshot_data(census: Census) -> dict[str, Any]:
    """The canonical content of a round: every item by natural key, sorted."""
    rows = (
        InventoryItem.objects.filter(census=census)
        # A line added by a correction after the round closed is not part of what was
        # frozen; its correction records it.
        .exclude(source=ItemSource.CORRECTION)
        .order_by("household__code", "kind", "line_no")
        .values("household__code", "kind", "line_no", "cutoff_status", *VALUE_FIELDS)
    )
    items = []
    for row in rows:
        items.append({k: _canonical(v) for k, v in row.items() if v not in ("", None)})
    return {
        "census": census.pk,
        "batch": census.batch_id,
        "number": census.number,
        "cutoff_date": census.cutoff_date.isoformat(),
        "items": items,
    }


def _canonical(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def snapshot_hash(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def census_close(*, actor: Actor, census: Census, closed_at: dt.datetime | None = None) -> Census:
    """Freeze a round: write its snapshot and hash; nothing in it is edited afterwards.
    `closed_at` records a closing that took place earlier (on paper); default now."""
    check_reach(actor, "change", census)
    updated = Census.objects.filter(pk=census.pk, status=CensusStatus.OPEN).update(
        status=CensusStatus.CLOSED
    )
    if not updated:
        raise CensusError(_("{census} đã khóa.").format(census=census))
    census.refresh_from_db()
    data = snapshot_data(census)
    digest = snapshot_hash(data)
    with acting_as(actor):
        CensusSnapshot.objects.create(census=census, data=data, sha256=digest)
        census.closed_at = closed_at or timezone.now()
        census.closed_by = actor if getattr(actor, "pk", None) else None
        census.snapshot_hash = digest
        census.save(update_fields=["closed_at", "closed_by", "snapshot_hash", "updated_at"])
        record_event(
            actor=actor,
            kind="census.close",
            message=_("Khóa số liệu {census}: {n} tài sản, SHA-256 {h}").format(
                census=census, n=len(data["items"]), h=digest[:16]
            ),
            target=census,
            data={"items": len(data["items"]), "sha256": digest},
        )
    return census


def census_verify(census: Census) -> bool:
    """Whether the items of a closed round still match its frozen hash."""
    return bool(census.snapshot_hash) and snapshot_hash(snapshot_data(census)) == (
        census.snapshot_hash
    )


def current_census(case: Case) -> Census | None:
    """The round a case's inventory is read from: the latest of its batch."""
    return Census.objects.filter(batch_id=case.batch_id).order_by("-number").first()


def _require_open(census: Census) -> None:
    if census.status != CensusStatus.OPEN:
        raise CensusError(
            _("{census} đã khóa số liệu; hãy mở lần kiểm đếm bổ sung.").format(census=census)
        )


# -- single items ---------------------------------------------------------------------


def _clean_or_raise(kind: str, raw: dict[str, Any]) -> dict[str, Any]:
    values, errors = clean_values(kind, raw)
    if errors:
        raise ItemInvalid(errors)
    return values


def _check_price_code(
    project: Any, kind: str, values: dict[str, Any], stored: str | None = None
) -> None:
    """A price code typed or chosen must be a row of the project's pack for the kind; a
    code already stored on the line may stay while other values are edited."""
    code = values.get("price_code") or ""
    if code and code != (stored or ""):
        problem = price_code_error(project, kind, code)
        if problem:
            raise ItemInvalid({"price_code": problem})


def _fill(item: InventoryItem, kind: str, values: dict[str, Any]) -> None:
    names = {f.name for f in fields_for(kind)}
    for spec_name in VALUE_FIELDS:
        if spec_name in names:
            setattr(item, spec_name, values.get(spec_name))
    for spec_name in VALUE_FIELDS:
        if spec_name not in names and spec_name != "unit":
            current = getattr(item, spec_name)
            if current not in ("", None):
                setattr(item, spec_name, "" if isinstance(current, str) else None)
    item.unit = values["unit"]


@transaction.atomic
def item_create(
    *,
    actor: Actor,
    case: Case,
    kind: str,
    raw: dict[str, Any],
    source: str = ItemSource.WEB,
    census: Census | None = None,
) -> InventoryItem:
    """Add an item to the case's open round; `raw` holds typed text (parsed strictly)."""
    census = census or current_census(case)
    if census is None:
        raise CensusError(_("Đợt {batch} chưa mở kiểm đếm.").format(batch=case.batch))
    _require_open(census)
    return _new_line(actor, case, census, kind, raw, source)


def _new_line(
    actor: Actor, case: Case, census: Census, kind: str, raw: dict[str, Any], source: str
) -> InventoryItem:
    """Write a new line of `case` in `census` from typed text: parsed strictly, its price
    code checked against the pack, numbered after the household's last line of its
    kind, dated against the round's cut-off."""
    kind = ItemKind(kind)
    values = _clean_or_raise(kind, raw)
    _check_price_code(case.project, kind, values)
    last = InventoryItem.objects.filter(
        census=census, household_id=case.household_id, kind=kind
    ).aggregate(m=Max("line_no"))["m"]
    item = InventoryItem(
        project_id=case.project_id,
        census=census,
        case=case,
        household_id=case.household_id,
        kind=kind,
        line_no=(last or 0) + 1,
        source=source,
    )
    _fill(item, kind, values)
    _apply_cutoff(item, census)
    with acting_as(actor):
        item.save()
    return item


@transaction.atomic
def item_update(
    *, actor: Actor, item: InventoryItem, raw: dict[str, Any], seen: str | None = None
) -> InventoryItem:
    """Edit an item of an open round. `seen`: the version the row was opened on; a later
    change refuses the edit (EditConflict) rather than putting the old values back."""
    item = InventoryItem.objects.select_for_update().select_related("census").get(pk=item.pk)
    _require_open(item.census)
    check_version(item, seen)
    values = _clean_or_raise(item.kind, raw)
    _check_price_code(item.project, item.kind, values, item.price_code)
    _fill(item, item.kind, values)
    _apply_cutoff(item, item.census)
    with acting_as(actor):
        item.save()
    return item


@transaction.atomic
def item_delete(*, actor: Actor, item: InventoryItem) -> None:
    item = InventoryItem.objects.select_related("census").get(pk=item.pk)
    _require_open(item.census)
    with acting_as(actor):
        item.delete()


@transaction.atomic
def item_admit(*, actor: Actor, item: InventoryItem, reason: str, evidence: str) -> InventoryItem:
    """Admit a post-cut-off item into entitlement: a named officer, a reason and the
    evidence, written as an audit event (Land Law 2024 Art. 105 exceptions are decided
    case by case, never silently)."""
    if not reason.strip() or not evidence.strip():
        raise CensusError(_("Phải ghi lý do và chứng cứ để chấp nhận."))
    item = InventoryItem.objects.select_for_update().select_related("census").get(pk=item.pk)
    _require_open(item.census)
    if item.cutoff_status != CutoffStatus.POST_CUTOFF:
        raise CensusError(_("Tài sản này không phát sinh sau mốc khóa số liệu."))
    with acting_as(actor):
        item.cutoff_status = CutoffStatus.ADMITTED
        item.admitted_at = timezone.now()
        item.admitted_by = actor if getattr(actor, "pk", None) else None
        item.admission_reason = reason.strip()
        item.admission_evidence = evidence.strip()
        item.save()
        record_event(
            actor=actor,
            kind="census.item_admit",
            message=_("Chấp nhận tài sản phát sinh sau mốc: {item}").format(item=item),
            target=item,
            reason=reason.strip(),
            data={"evidence": evidence.strip()},
        )
    return item


CORRECTED_FIELDS = [*VALUE_FIELDS, "cutoff_status"]


def _json_ready(values: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def _require_correctable(census: Census) -> None:
    """A round is corrected line by line once closed, and only while it is the batch's
    latest (a later round carried its lines: corrections belong there)."""
    if census.status != CensusStatus.CLOSED:
        raise CensusError(
            _("{census} chưa khóa số liệu: hãy sửa trực tiếp dòng này.").format(census=census)
        )
    later = (
        Census.objects.filter(batch_id=census.batch_id, number__gt=census.number)
        .order_by("-number")
        .first()
    )
    if later is not None:
        raise CensusError(
            _("Đợt đã có {census} sau lần này: hãy sửa số liệu ở lần kiểm đếm đó.").format(
                census=later
            )
        )


def _require_reason(reason: str, evidence: str) -> tuple[str, str]:
    reason, evidence = reason.strip(), evidence.strip()
    if not reason or not evidence:
        raise CensusError(_("Phải ghi lý do và chứng cứ để đính chính."))
    return reason, evidence


def _record_correction(
    *,
    actor: Actor,
    item: InventoryItem,
    action: str,
    before: dict[str, Any],
    after: dict[str, Any],
    reason: str,
    evidence: str,
    message: str,
) -> InventoryCorrection:
    with acting_as(actor):
        correction = InventoryCorrection.objects.create(
            project_id=item.project_id,
            census=item.census,
            case=item.case,
            item=item,
            action=action,
            values=_json_ready(after),
            before=_json_ready(before),
            reason=reason,
            evidence=evidence,
            corrected_by=actor if getattr(actor, "pk", None) else None,
        )
        record_event(
            actor=actor,
            kind="census.item_correct",
            message=message,
            target=item.case,
            reason=reason,
            data={
                "correction": correction.pk,
                "item": item.pk,
                "action": action,
                "evidence": evidence,
            },
        )
    return correction


def _locked_item(actor: Actor, item: InventoryItem) -> InventoryItem:
    item = (
        InventoryItem.objects.select_for_update().select_related("census", "case").get(pk=item.pk)
    )
    check_reach(actor, "census.correct_inventoryitem", item.case)
    _require_correctable(item.census)
    return item


@transaction.atomic
def item_correct(
    *, actor: Actor, item: InventoryItem, raw: dict[str, Any], reason: str, evidence: str
) -> InventoryCorrection:
    """Correct one line of a closed round for one household without reopening the batch
    (a measuring mistake found after the count was frozen). The frozen row and the
    round's hash stay as they were; the correction, with its reason and evidence, is
    what the inventory record shows and what the next computation counts. A line removed
    by an earlier correction is put back with these values."""
    reason, evidence = _require_reason(reason, evidence)
    item = _locked_item(actor, item)
    previous = latest_corrections([item]).get(item.pk)
    restored = previous is not None and previous.removes
    if previous is not None:
        previous.apply(item)
    before = {name: getattr(item, name) for name in CORRECTED_FIELDS}
    values = _clean_or_raise(item.kind, raw)
    _check_price_code(item.case.project, item.kind, values, item.price_code)
    _fill(item, item.kind, values)
    _apply_cutoff(item, item.census)
    after = {name: getattr(item, name) for name in CORRECTED_FIELDS}
    if after == before and not restored:
        raise CensusError(_("Không có giá trị nào thay đổi."))
    changed = [name for name in CORRECTED_FIELDS if after[name] != before[name]]
    return _record_correction(
        actor=actor,
        item=item,
        action=CorrectionAction.CHANGE,
        before=before,
        after=after,
        reason=reason,
        evidence=evidence,
        message=_("Đính chính {item} ({census}): {fields}").format(
            item=item,
            census=item.census,
            fields=", ".join(f"{name} {before[name]} → {after[name]}" for name in changed)
            or _("đưa lại vào số liệu"),
        ),
    )


@transaction.atomic
def item_correct_add(
    *,
    actor: Actor,
    case: Case,
    kind: str,
    raw: dict[str, Any],
    reason: str,
    evidence: str,
) -> InventoryCorrection:
    """Add a line the count missed to a closed round, for one household, without
    reopening the batch. The line is written to the round (source CORRECTION, outside
    its frozen snapshot and hash) with a correction holding the reason and evidence; the
    inventory record shows it and the next computation counts it."""
    reason, evidence = _require_reason(reason, evidence)
    check_reach(actor, "census.correct_inventoryitem", case)
    census = current_census(case)
    if census is None:
        raise CensusError(_("Đợt {batch} chưa mở kiểm đếm.").format(batch=case.batch))
    _require_correctable(census)
    item = _new_line(actor, case, census, kind, raw, ItemSource.CORRECTION)
    after = {name: getattr(item, name) for name in CORRECTED_FIELDS}
    return _record_correction(
        actor=actor,
        item=item,
        action=CorrectionAction.ADD,
        before={},
        after=after,
        reason=reason,
        evidence=evidence,
        message=_("Đính chính: bổ sung {item} ({census})").format(item=item, census=census),
    )


@transaction.atomic
def item_correct_remove(
    *, actor: Actor, item: InventoryItem, reason: str, evidence: str
) -> InventoryCorrection:
    """Take a line counted by mistake out of a closed round's inventory for one household
    (the frozen row stays, shown as removed), with the reason and evidence; the next
    computation no longer counts it."""
    reason, evidence = _require_reason(reason, evidence)
    item = _locked_item(actor, item)
    previous = latest_corrections([item]).get(item.pk)
    if previous is not None and previous.removes:
        raise CensusError(_("Dòng này đã được bỏ bằng đính chính số {n}.").format(n=previous.pk))
    if previous is not None:
        previous.apply(item)
    values = {name: getattr(item, name) for name in CORRECTED_FIELDS}
    return _record_correction(
        actor=actor,
        item=item,
        action=CorrectionAction.REMOVE,
        before=values,
        after=values,
        reason=reason,
        evidence=evidence,
        message=_("Đính chính: bỏ {item} ({census})").format(item=item, census=item.census),
    )


ATTACHMENT_TYPES = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".pdf"}


@transaction.atomic
def items_price_code_assign(
    *, actor: Actor, item_ids: list[int], price_code: str, reason: str, evidence: str
) -> list[InventoryItem]:
    """Give many lines the same price code at once (a price missing for every line of a
    kind, fixed in one act). Each line as its single edit would have it: the code must be
    a row of the project's pack for the line's kind (item_update's check, and here the
    pack must have a table for the kind); a line of an open round is edited
    (census.change_inventoryitem on its case), a line of a closed round gets a correction
    with the reason and evidence (item_correct's record, census.correct_inventoryitem).
    All or nothing: one line refused refuses them all."""
    reason, evidence = _require_reason(reason, evidence)
    price_code = (price_code or "").strip()
    items = list(
        InventoryItem.objects.select_for_update(of=("self",))
        .select_related("census", "case", "project")
        .filter(pk__in=list(item_ids))
        .order_by("pk")
    )
    if not items or len(items) != len(set(item_ids)):
        raise CensusError(_("Không còn dòng kiểm đếm nào cần gắn mã đơn giá."))
    for item in items:
        closed = item.census.status == CensusStatus.CLOSED
        right = "census.correct_inventoryitem" if closed else "census.change_inventoryitem"
        check_reach(actor, right, item.case)
        if closed:
            _require_correctable(item.census)
        known = dict(price_codes(item.project).get(str(item.kind), []))
        if not price_code or price_code not in known:
            raise ItemInvalid(
                {"price_code": price_code_error(item.project, item.kind, price_code)
                 or _("Gói chính sách của dự án không có bảng đơn giá cho loại tài sản này.")}
            )  # fmt: skip
    for census_items in _by_census(items).values():
        for item in corrected(census_items[0].census, census_items):
            if item.census.status != CensusStatus.CLOSED:
                item.price_code = price_code
                with acting_as(actor):
                    item.save()
                continue
            before = {name: getattr(item, name) for name in CORRECTED_FIELDS}
            item.price_code = price_code
            after = {name: getattr(item, name) for name in CORRECTED_FIELDS}
            _record_correction(
                actor=actor,
                item=item,
                action=CorrectionAction.CHANGE,
                before=before,
                after=after,
                reason=reason,
                evidence=evidence,
                message=_("Đính chính {item} ({census}): price_code {old} → {new}").format(
                    item=item, census=item.census, old=before["price_code"], new=price_code
                ),
            )
    return items


def _by_census(items: list[InventoryItem]) -> dict[int, list[InventoryItem]]:
    out: dict[int, list[InventoryItem]] = {}
    for item in items:
        out.setdefault(item.census_id, []).append(item)
    return out


@transaction.atomic
def attachment_add(
    *, actor: Actor, item: InventoryItem, upload: Any, caption: str = ""
) -> InventoryAttachment:
    """Attach a photo or scan to a line of an open round (photos taken at the count,
    papers supporting an admission)."""
    from pathlib import Path

    item = InventoryItem.objects.select_related("census").get(pk=item.pk)
    _require_open(item.census)
    suffix = Path(getattr(upload, "name", "") or "").suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        raise CensusError(
            _("Chỉ nhận ảnh (JPG, PNG, WEBP, HEIC) hoặc PDF, không nhận “{name}”.").format(
                name=getattr(upload, "name", "")
            )
        )
    if getattr(upload, "size", 0) > upload_limit("attachment"):
        raise CensusError(too_large_message("attachment"))
    with acting_as(actor):
        return InventoryAttachment.objects.create(item=item, file=upload, caption=caption.strip())


# -- bulk write (imports) -------------------------------------------------------------


@dataclass
class BulkRow:
    """One validated row to write: its target round and case and its model values."""

    census: Census
    case_id: int
    household_id: int
    kind: str
    line_no: int
    values: dict[str, Any]
    submission_key: str = ""


@dataclass
class BulkResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    missing: list[tuple[str, str, int]] = field(default_factory=list)  # (household, kind, line)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
            "missing": len(self.missing),
        }


EXISTING_FIELDS = [
    "pk",
    "census_id",
    "household_id",
    "kind",
    "line_no",
    "cutoff_status",
    "carried_from_id",
    "admitted_at",
    "admitted_by_id",
    "submission_key",
    "household__code",
    *VALUE_FIELDS,
]
CREATE_COLUMNS = [
    "project_id",
    "census_id",
    "case_id",
    "household_id",
    "kind",
    "line_no",
    "source",
    "submission_key",
    "cutoff_status",
    "admission_reason",
    "admission_evidence",
    "created_at",
    "updated_at",
    *VALUE_FIELDS,
]
UPDATED_FIELDS = [*VALUE_FIELDS, "cutoff_status", "admitted_at", "admitted_by", "submission_key"]


def full_values(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """Every value field: the kind's from `values`, the others empty (as `_fill` leaves
    them), so a row compares equal to what the database holds."""
    out = dict(_EMPTY[str(kind)])
    for name in out.keys() & values.keys():
        out[name] = values[name]
    out["unit"] = values["unit"]
    return out


# Per kind: every value field with its empty value, the kind's own fields first filled
# from the row (fields of other kinds stay empty, as `_fill` leaves them).
_EMPTY = {str(kind): {spec.name: empty_value(spec) for spec in FIELDS} for kind in ItemKind}


def items_bulk_write(
    *,
    actor: Actor,
    rows: list[BulkRow],
    source: str,
    label: str,
    replace_keys: set[tuple[int, int, str]] | None = None,
) -> BulkResult:
    """Create or update by natural key (round, household, kind, line) in one
    transaction; never duplicates. Existing items of the same households that the input
    lacks are reported in `missing`, not deleted — except under `replace_keys`
    ((census, household, submission key) of a replaced field submission).

    Existing rows are read as plain values, not model instances: at 100,000 rows the
    instances (and their change-log snapshots) cost most of the time."""
    result = BulkResult()
    rounds = {r.census.pk: r.census for r in rows}
    household_ids = {r.household_id for r in rows}
    with transaction.atomic(), acting_as(actor):
        for census in rounds.values():
            _require_open(census)
        existing: dict[tuple[int, int, str, int], dict[str, Any]] = {}
        for found in (
            InventoryItem.objects.filter(census_id__in=list(rounds))
            .values(*EXISTING_FIELDS)
            .iterator(chunk_size=5000)
        ):
            if found["household_id"] in household_ids:
                key = (found["census_id"], found["household_id"], found["kind"], found["line_no"])
                existing[key] = found
        if replace_keys:
            doomed = [
                key
                for key, found in existing.items()
                if (key[0], key[1], found["submission_key"]) in replace_keys
            ]
            if doomed:
                InventoryItem.objects.filter(pk__in=[existing[k]["pk"] for k in doomed]).delete()
                for key in doomed:
                    existing.pop(key)
                result.deleted = len(doomed)
        seen: set[tuple[int, int, str, int]] = set()
        to_create: list[tuple[Any, ...]] = []
        to_update: list[InventoryItem] = []
        now = timezone.now()
        for row in rows:
            key = (row.census.pk, row.household_id, row.kind, row.line_no)
            seen.add(key)
            values = full_values(row.kind, row.values)
            stored = existing.get(key)
            if stored is None:
                status = cutoff_status_for(
                    origin_date=values["origin_date"],
                    year_built=values["year_built"],
                    cutoff=row.census.cutoff_date,
                    new_in_supplementary=row.census.kind == CensusKind.SUPPLEMENTARY,
                )
                to_create.append(
                    (
                        row.census.project_id,
                        row.census.pk,
                        row.case_id,
                        row.household_id,
                        row.kind,
                        row.line_no,
                        source,
                        row.submission_key,
                        status,
                        "",
                        "",
                        now,
                        now,
                        *values.values(),
                    )
                )
                continue
            status = cutoff_status_for(
                origin_date=values["origin_date"],
                year_built=values["year_built"],
                cutoff=row.census.cutoff_date,
                new_in_supplementary=row.census.kind == CensusKind.SUPPLEMENTARY
                and stored["carried_from_id"] is None,
                current=stored["cutoff_status"],
            )
            submission_key = row.submission_key or stored["submission_key"]
            if (
                status == stored["cutoff_status"]
                and submission_key == stored["submission_key"]
                and all(stored[n] == v for n, v in values.items())
            ):
                result.unchanged += 1
                continue
            admitted = status == CutoffStatus.ADMITTED
            to_update.append(
                InventoryItem(
                    pk=stored["pk"],
                    cutoff_status=status,
                    admitted_at=stored["admitted_at"] if admitted else None,
                    admitted_by_id=stored["admitted_by_id"] if admitted else None,
                    submission_key=submission_key,
                    **values,
                )
            )
        insert_rows(InventoryItem, CREATE_COLUMNS, to_create)
        attname = {f.name: f.attname for f in InventoryItem._meta.concrete_fields}
        attnames = [attname[f] for f in UPDATED_FIELDS]
        update_rows(
            InventoryItem,
            UPDATED_FIELDS,
            [(*(getattr(item, a) for a in attnames), item.pk) for item in to_update],
        )
        result.created, result.updated = len(to_create), len(to_update)
        result.missing = sorted(
            (found["household__code"], key[2], key[3])
            for key, found in existing.items()
            if key not in seen
        )
        record_event(
            actor=actor,
            kind="census.import",
            message=_("Nhập kiểm đếm {label}: {c} mới, {u} sửa, {s} không đổi").format(
                label=label, c=result.created, u=result.updated, s=result.unchanged
            ),
            data={"source": source, "label": label, **result.as_dict()},
        )
    return result
