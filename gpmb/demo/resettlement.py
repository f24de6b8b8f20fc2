"""The demo's resettlement (issue 14): a ready site serving the Hồ Sen – Cầu Rào 2 road
whose plots batch 1 has drawn, and a second site still being built that batch 2 waits
for. Built through gpmb.resettlement.services, like a board would."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import shapely
from django.db.models import Min
from django.utils import timezone

from gpmb.cases.models import Case
from gpmb.parcels.models import Parcel, ParcelImpact
from gpmb.parties.models import Tenure
from gpmb.projects.models import AdminUnit, Project
from gpmb.resettlement.importing import PlotImport, PlotRow
from gpmb.resettlement.models import Allocation, Draw, Entitlement, Plot, Site
from gpmb.resettlement.services import (
    draw_publish,
    draw_run,
    entitlements_record,
    plot_add,
    plot_order,
    plots_import,
    site_create,
)

RESIDENTIAL = ("ODT", "ONT")


def _relocating(project: Project) -> list[Case]:
    """Cases whose household loses a residential parcel whole, or keeps a remainder
    below the minimum area: they must move (Land Law 2024 Art. 111(2))."""
    parcels = ParcelImpact.objects.filter(
        project=project, parcel__land_use_code__in=RESIDENTIAL
    ).filter(remainder_below_minimum=True) | ParcelImpact.objects.filter(
        project=project, parcel__land_use_code__in=RESIDENTIAL, remainder_area=0
    )
    households = Tenure.objects.filter(parcel__in=parcels.values("parcel")).values("household")
    return list(
        Case.objects.filter(project=project, household__in=households)
        .select_related("household", "batch")
        .order_by("household__code")
    )


def delete_resettlement_demo(projects: Any) -> None:
    """Remove the previous demo's sites with their plots, draws and allocations, and the
    entitlements of its cases (kept otherwise: a plot's history is never deleted)."""
    sites = Site.objects.filter(projects__in=projects)
    Allocation.objects.filter(plot__site__in=sites).delete()
    Allocation.objects.filter(case__project__in=projects).delete()
    Draw.objects.filter(site__in=sites).delete()
    Plot.objects.filter(site__in=sites).delete()
    Entitlement.objects.filter(case__project__in=projects).delete()
    Site.objects.filter(pk__in=sites.values("pk")).delete()


def build_resettlement_demo(project: Project, commune: AdminUnit, officer: Any) -> str:
    rng = random.Random(111)
    today = timezone.localdate()
    cases = _relocating(project)
    by_batch: dict[str, list[Case]] = {}
    rows = []
    for case in cases:
        choice = "plot" if rng.random() < 0.8 else rng.choice(["money", "self_arranged"])
        rows.append(
            {
                "case": case,
                "basis": "relocating",
                "choice": choice,
                "choice_date": today - dt.timedelta(days=100),
            }
        )
        if choice == "plot":
            by_batch.setdefault(case.batch.code, []).append(case)
    # One computation of the plans for all: the households must move, wait for a plot or
    # find their own home (gpmb.resettlement.facts).
    entitlements_record(actor=officer, rows=rows)
    ready = site_create(
        actor=officer,
        code="tdc-vinh-niem",
        name="Khu tái định cư Vĩnh Niệm (minh họa)",
        commune=commune,
        projects=[project],
        location="Phường Lê Chân, thành phố Hải Phòng",
        infrastructure_done=today - dt.timedelta(days=150),
        allocation_possible=today - dt.timedelta(days=90),
    )
    first = by_batch.get("D1", [])
    for n in range(1, len(first) + 3):
        plot_add(
            actor=officer,
            site=ready,
            number=f"TĐC-{n:02d}",
            area=Decimal(rng.choice([60, 65, 70, 75, 80])),
            # Priced at the site's own row of the demo's price table.
            segment="tdc-vinh-niem/lo",
        )
    summary = [f"{ready.name}: {len(first) + 2} lô"]
    batch = project.batches.get(code="D1")
    if first:
        draw = draw_publish(
            actor=officer, site=ready, batch=batch, on=today - dt.timedelta(days=80)
        )
        made = draw_run(
            actor=officer, draw=draw, public_value="27", on=today - dt.timedelta(days=70)
        )
        summary.append(f"bốc thăm đợt D1: {len(made)} lô")
    building = site_create(
        actor=officer,
        code="tdc-du-hang-kenh-2",
        name="Khu tái định cư Dư Hàng Kênh giai đoạn 2 (minh họa)",
        commune=commune,
        projects=[project],
        location="Phường Lê Chân, thành phố Hải Phòng (đang xây dựng hạ tầng)",
        # Later than batch 2's handover date: its families show as blockers.
        allocation_possible=today + dt.timedelta(days=240),
    )
    second = by_batch.get("D2", [])
    for n in range(1, len(second) + 1):
        plot_add(
            actor=officer,
            site=building,
            number=f"B-{n:02d}",
            area=Decimal(rng.choice([60, 70, 80])),
            segment="tdc-du-hang-kenh-2/lo",
        )
    if second:
        # Batch 2 knows its plots (a draw held at the site being built), but the site
        # cannot give them before its land is due: rent runs until then (Decree 88 Art.
        # 3(2)(n)), and its families are the project's blockers.
        draw = draw_publish(
            actor=officer,
            site=building,
            batch=project.batches.get(code="D2"),
            on=today - dt.timedelta(days=20),
        )
        draw_run(actor=officer, draw=draw, public_value="54", on=today - dt.timedelta(days=10))
    summary.append(f"{building.name}: {len(second)} lô, chờ hạ tầng (đợt D2)")
    _draw_plots(officer, project, [ready, building])
    return "; ".join(summary)


def _draw_plots(officer: Any, project: Project, sites: list[Site]) -> None:
    """Give each site's plots a geometry (rows of 6 m frontage, each as deep as its area
    needs) beside the project's parcels, through the same import service a GIS file
    goes through, so the site map shows them."""
    extent = Parcel.objects.filter(impacts__project=project).aggregate(
        x=Min("min_x"), y=Min("min_y")
    )
    epsg = project.crs_epsg
    if extent["x"] is None or not epsg:
        return
    for index, site in enumerate(sites):
        x0, y0 = extent["x"] - 400 - index * 250, extent["y"] + index * 50
        rows = []
        plots = sorted(site.plots.all(), key=lambda p: plot_order(p.number))
        for n, plot in enumerate(plots):
            width = 6.0
            depth = float(plot.area) / width
            col, row = n % 12, n // 12
            x, y = x0 + col * width, y0 + row * 16.0
            box = shapely.box(x, y, x + width, y + depth)
            rows.append(PlotRow(n, plot.number, plot.area, shapely.to_wkb(box), False))
        if not rows:
            continue  # a small demo can leave a site without plots
        plots_import(
            actor=officer,
            site=site,
            report=PlotImport(file="so-do-lo-minh-hoa.gpkg", epsg=epsg, rows=rows),
        )
