"""The documents of resettlement (gpmb.resettlement): the minutes of a public draw of
plots — what was published before it, what was revealed and drawn at it, and the plot
each household drew, enough for anyone to recompute it — and the decision giving the
plots to the households, each with its land-use fee as its plan states, and the minutes
handing a plot to its family."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gpmb.core.vnformat import format_area, format_date, format_money
from gpmb.documents.chain import committee, in_sentence
from gpmb.documents.rendering import heading, render_docx
from gpmb.plans.models import CalculationLine, PlanVersion
from gpmb.resettlement.models import Allocation, Draw

ORGANISER = "Tổ chức làm nhiệm vụ bồi thường, giải phóng mặt bằng"


def draw_minutes_context(draw: Draw) -> dict[str, Any]:
    project, site = draw.project, draw.site
    allocations = draw.allocations.select_related("case__household__head", "plot").order_by("pk")
    rows = []
    for index, a in enumerate(allocations, start=1):
        head = a.case.household.head
        rows.append(
            {
                "no": str(index),
                "household": a.case.household.code,
                "head": head.full_name if head else "",
                "plot": a.plot.number,
                "area": format_area(a.plot.area),
            }
        )
    day = draw.drawn_on or draw.published_on
    return {
        "heading": heading(
            authority=committee(site.commune),
            issuer=ORGANISER,
            number="........../BB-BTTĐC",
            province=project.province.name,
            year=day.year,
        ),
        "project": {"code": project.code, "name": project.name},
        "batch": {"code": draw.batch.code, "name": draw.batch.name},
        "site": {"name": site.name, "commune": in_sentence(site.commune.name)},
        "draw": {
            "date": format_date(draw.drawn_on) if draw.drawn_on else "..../..../........",
            "published_on": format_date(draw.published_on),
            "households": str(len(draw.inputs["households"])),
            "plots": str(len(draw.inputs["plots"])),
            "inputs_hash": draw.inputs_hash,
            "commitment": draw.commitment,
            "seed": draw.seed,
            "public_value": draw.public_value,
        },
        "rows": rows,
    }


def draw_minutes_docx(draw: Draw) -> bytes:
    return render_docx("draw_minutes", draw_minutes_context(draw))


def allocation_decision_context(draw: Draw) -> dict[str, Any]:
    """The decision for the plots in force at the draw's site for the draw's batch (the
    draw's, and reallocations after a refusal); each fee is the RESETTLEMENT_FEE line of
    the household's latest plan (Land Law Art. 111(3)), "—" while none is computed."""
    project, site = draw.project, draw.site
    allocations = list(
        Allocation.objects.filter(plot__site=site, case__batch=draw.batch, refused_on__isnull=True)
        .select_related("case__household__head", "plot")
        .order_by("plot__number", "pk")
    )
    latest = {
        v.case_id: v.pk
        for v in PlanVersion.objects.filter(case_id__in=[a.case_id for a in allocations])
        .order_by("case_id", "number")
        .only("pk", "case_id")
    }
    fees = dict(
        CalculationLine.objects.filter(
            plan_id__in=latest.values(), code="RESETTLEMENT_FEE"
        ).values_list("plan_id", "amount")
    )
    rows = []
    area = Decimal(0)
    for index, a in enumerate(allocations, start=1):
        head = a.case.household.head
        fee = fees.get(latest.get(a.case_id, 0))
        area += a.plot.area
        rows.append(
            {
                "no": str(index),
                "household": a.case.household.code,
                "head": head.full_name if head else "",
                "plot": a.plot.number,
                "area": format_area(a.plot.area),
                "fee": format_money(-fee, unit=False) if fee else "—",
            }
        )
    day = draw.drawn_on or draw.published_on
    return {
        "heading": heading(
            authority="",
            issuer=committee(site.commune),
            number="........../QĐ-UBND",
            province=project.province.name,
            year=day.year,
        ),
        "project": {"code": project.code, "name": project.name},
        "batch": {"code": draw.batch.code, "name": draw.batch.name},
        "site": {"name": site.name, "commune": in_sentence(site.commune.name)},
        "draw": {"date": format_date(draw.drawn_on)} if draw.drawn_on else None,
        "proposer": ORGANISER,
        "count": str(len(rows)),
        "area": format_area(area),
        "signer_title": "TM. ỦY BAN NHÂN DÂN",
        "rows": rows,
    }


def allocation_decision_docx(draw: Draw) -> bytes:
    return render_docx("allocation_decision", allocation_decision_context(draw))


def plot_handover_minutes_context(allocation: Allocation) -> dict[str, Any]:
    case, plot = allocation.case, allocation.plot
    site, project = plot.site, case.project
    head = case.household.head
    return {
        "heading": heading(
            authority=committee(site.commune),
            issuer=ORGANISER,
            number="........../BB-BGTĐC",
            province=project.province.name,
            year=allocation.allocated_on.year,
        ),
        "project": {"code": project.code, "name": project.name},
        "batch": {"code": case.batch.code, "name": case.batch.name},
        "site": {"name": site.name, "commune": in_sentence(site.commune.name)},
        "household": {"code": case.household.code, "head": head.full_name if head else ""},
        "plot": {
            "number": plot.number,
            "area": format_area(plot.area),
            "land_use": plot.land_use_code,
        },
        "allocation": {
            "date": format_date(allocation.allocated_on),
            "method": str(allocation.get_method_display()),
        },
    }


def plot_handover_minutes_docx(allocation: Allocation) -> bytes:
    return render_docx("plot_handover_minutes", plot_handover_minutes_context(allocation))
