"""The minutes of a public draw of resettlement plots (gpmb.resettlement): what was
published before it, what was revealed and drawn at it, and the plot each household
drew — enough for anyone to recompute it."""

from __future__ import annotations

from typing import Any

from gpmb.core.vnformat import format_area, format_date
from gpmb.documents.chain import committee, in_sentence
from gpmb.documents.rendering import heading, render_docx
from gpmb.resettlement.models import Draw

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
