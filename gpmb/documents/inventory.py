"""The inventory record (biên bản kiểm đếm) of one household, rendered from the template
file inventory_record.docx (Decree 30/2020/NĐ-CP layout: A4, Times New Roman, the issuing
body and the number/symbol on the left, the national motto on the right, place and date,
title, content, and the signatures — ready to print and sign)."""

from __future__ import annotations

from typing import Any

from gpmb.cases.models import Case
from gpmb.census.choices import CutoffStatus, ItemKind
from gpmb.census.forms import item_details
from gpmb.census.models import Census, InventoryItem
from gpmb.census.queries import corrected, counted, land_lines
from gpmb.core.vnformat import format_area, format_date, format_number
from gpmb.documents.rendering import heading, render_docx
from gpmb.parties.models import mask_national_id

ISSUER = "Tổ chức làm nhiệm vụ\nbồi thường, hỗ trợ, tái định cư"


ROMAN = ["II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"]


def _quantity(item: InventoryItem) -> str:
    q = item.quantity
    return format_number(q.normalize() if q == q.to_integral() else q)


def _flag(item: InventoryItem) -> str:
    """(*) after the cut-off and not admitted; (**) after the cut-off, admitted."""
    if item.cutoff_status == CutoffStatus.ELIGIBLE:
        return ""
    return " (*)" if item.cutoff_status == CutoffStatus.POST_CUTOFF else " (**)"


def inventory_record_context(
    case: Case, census: Census, *, reveal_ids: bool = False
) -> dict[str, Any]:
    """What the inventory record template is given: the household, the land recovered
    (from the overlay) and the counted items by kind, every value as printed."""
    household = case.household
    head = household.head
    national_id = ""
    if head is not None and head.national_id:
        national_id = head.national_id if reveal_ids else mask_national_id(head.national_id)
    # A closed round's lines as corrected since (the same values the plan counts).
    # Lines removed by a correction are left out, as the plan leaves them out.
    items = counted(
        corrected(
            census,
            list(
                InventoryItem.objects.filter(census=census, household=household).order_by(
                    "kind", "line_no"
                )
            ),
        )
    )
    by_kind: dict[str, list[InventoryItem]] = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    kinds = [kind for kind in ItemKind if kind in by_kind]
    return {
        "heading": heading(
            authority=f"UBND {case.commune.name}",
            issuer=ISSUER,
            number="......../BB-KĐ",
            province=case.project.province.name,
            year=census.cutoff_date.year,
        ),
        "project": {"code": case.project.code, "name": case.project.name},
        "batch": {
            "code": case.batch.code,
            "name": case.batch.name,
            "notice_date": format_date(case.batch.notice_date),
        },
        "commune": {"name": case.commune.name},
        "census": {
            "kind": census.get_kind_display().lower(),
            "number": str(census.number),
            "cutoff_date": format_date(census.cutoff_date),
        },
        "household": {
            "code": household.code,
            "head_name": head.full_name if head else "",
            "national_id": national_id,
            "address": household.address,
        },
        "lands": [
            {
                "no": str(i),
                "sheet": ln.map_sheet,
                "number": ln.parcel_number,
                "land_use": ln.land_use_code,
                "recovered_area": format_area(ln.recovered_area),
            }
            for i, ln in enumerate(land_lines(case.project, [household.pk]), start=1)
        ],
        "groups": [
            {
                "roman": ROMAN[index],
                "title": str(kind.label).upper(),
                "rows": [
                    {
                        "no": str(item.line_no),
                        "name": item.name + _flag(item),
                        "unit": item.get_unit_display(),
                        "quantity": _quantity(item),
                        "details": item_details(item),
                        "origin_date": format_date(item.origin_date),
                        "note": item.note,
                    }
                    for item in by_kind[kind]
                ],
            }
            for index, kind in enumerate(kinds)
        ],
        "flagged": any(i.cutoff_status != CutoffStatus.ELIGIBLE for i in items),
    }


def inventory_record_docx(case: Case, census: Census, *, reveal_ids: bool = False) -> bytes:
    """The record of `case`'s household in `census`, as DOCX."""
    return render_docx(
        "inventory_record", inventory_record_context(case, census, reveal_ids=reveal_ids)
    )
