"""The project map: parcels coloured by how much the project takes or by how far their
households' cases have come (what leadership asks: which parts are handed over), the
clearance boundary, search by sheet/parcel or owner, and a click that leads to the
household.

The page never receives the whole project at once. It asks for the parcels in view
(`features?bbox=…&zoom=…`): beyond DETAIL_LIMIT parcels it gets one point per parcel
(the centre of its box, from indexed columns, no geometry decoded), otherwise the
polygons simplified to half a screen pixel at that zoom. Responses are gzipped."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any

import numpy as np
import shapely
from django.contrib.auth.decorators import login_required
from django.db.models import Max, Min, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from gpmb.cases.choices import CaseStatus
from gpmb.core.permissions import may, project_reach
from gpmb.core.vnformat import fold, format_area, parse_sheet_parcel
from gpmb.geo import crs
from gpmb.parcels.choices import ImpactState, LandUse
from gpmb.parcels.forms import BoundaryForm
from gpmb.parcels.models import Parcel, ParcelImpact
from gpmb.parcels.overlay import current_boundary, impact_state, state_of
from gpmb.parties.models import Tenure
from gpmb.projects.models import Boundary, Project

DETAIL_LIMIT = 2500
STATES = [
    ImpactState.NOT_AFFECTED,
    ImpactState.PARTLY,
    ImpactState.WHOLLY,
    ImpactState.UNKNOWN,
]
STATE_INDEX = {state.value: index for index, state in enumerate(STATES)}
COLOURS = {
    ImpactState.NOT_AFFECTED: "#9aa5b1",
    ImpactState.PARTLY: "#f0a202",
    ImpactState.WHOLLY: "#d7263d",
    ImpactState.UNKNOWN: "#c9d1d9",
}


# Colouring by case progress: the least advanced case of a parcel's households counts
# (a parcel is clear only when every household on it has handed over).
PROGRESS = list(CaseStatus)
PROGRESS_COLOURS = [
    "#d5dbdf",  # opened (no step recorded yet)
    "#8d99a6",  # notified
    "#a9cce3",  # inventoried
    "#7fb3d5",  # drafted
    "#5499c7",  # posted
    "#2e86c1",  # appraised
    "#f5b041",  # approved
    "#e67e22",  # paid
    "#27ae60",  # handed over
    "#e5e8eb",  # no case in this project
]
NO_CASE = len(PROGRESS)


def _colouring(request: HttpRequest) -> str:
    return "status" if request.GET.get("colour") == "status" else "impact"


def _progress(project: Project, parcel_ids: list[int]) -> dict[int, int]:
    """Parcel id → index in PROGRESS of its least advanced case in `project`."""
    rank = {status.value: index for index, status in enumerate(PROGRESS)}
    out: dict[int, int] = {}
    wanted = set(parcel_ids)
    for parcel_id, status in Tenure.objects.filter(
        household__cases__project=project, parcel__impacts__project=project
    ).values_list("parcel_id", "household__cases__status"):
        if parcel_id in wanted:
            index = rank.get(status, NO_CASE)
            out[parcel_id] = min(out.get(parcel_id, index), index)
    return out


def _project(request: HttpRequest, code: str) -> Project:
    project = Project.objects.restrict(request.user, "view").filter(code=code).first()
    if project is None:
        raise Http404
    return project


def _impacts(request: HttpRequest, project: Project) -> Any:
    return ParcelImpact.objects.restrict(request.user, "view").filter(
        project=project, parcel__geometry__isnull=False
    )


def _project_bounds(request: HttpRequest, project: Project) -> list[float] | None:
    agg = _impacts(request, project).aggregate(
        Min("parcel__min_x"), Min("parcel__min_y"), Max("parcel__max_x"), Max("parcel__max_y")
    )
    values = [agg[k] for k in agg]
    if None in values:
        return None
    west, south, east, north = crs.to_wgs84(project.crs_epsg).transform_bounds(*values)
    return [south, west, north, east]


@login_required
@require_GET
def parcel_map(request: HttpRequest, code: str) -> HttpResponse:
    project = _project(request, code)
    boundary = current_boundary(project)
    colouring = _colouring(request)
    features = reverse("parcels:map_features", args=[project.code])
    if colouring == "status":
        labels = [str(s.label) for s in PROGRESS] + [_("Chưa có hồ sơ")]
        colours = PROGRESS_COLOURS
        features += "?colour=status"
    else:
        labels = [str(s.label) for s in STATES]
        colours = [COLOURS[s] for s in STATES]
    legend = list(zip(range(len(labels)), colours, labels, strict=True))
    config = {
        "features": features,
        "boundary": reverse("parcels:map_boundary", args=[project.code]),
        "search": reverse("parcels:map_search", args=[project.code]),
        "popup": reverse("parcels:map_popup", args=[project.code, 0]).replace("/0/", "/{id}/"),
        "bounds": _project_bounds(request, project),
        "colours": colours,
        "labels": labels,
    }
    return render(
        request,
        "parcels/parcel_map.html",
        {
            "project": project,
            "boundary": boundary,
            "legend": legend,
            "config": config,
            "colouring": colouring,
        },
    )


def _tolerance(zoom: float, latitude: float) -> float:
    """Half a screen pixel at this zoom, in metres."""
    metres_per_pixel = 156_543.03 * math.cos(math.radians(latitude)) / (2**zoom)
    return max(metres_per_pixel * 0.5, 0.01)


# Web map zoom levels: 0 is the whole world, Leaflet stops at about 25.
ZOOM_RANGE = (0.0, 30.0)


def _parse_bbox(text: str) -> tuple[float, float, float, float]:
    """west,south,east,north in degrees: four finite numbers, in order, on the globe."""
    parts = [float(p) for p in text.split(",")]
    if len(parts) != 4 or not all(math.isfinite(p) for p in parts):
        raise ValueError
    west, south, east, north = parts
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ValueError
    return west, south, east, north


def _parse_zoom(text: str) -> float:
    zoom = float(text)
    if not (math.isfinite(zoom) and ZOOM_RANGE[0] <= zoom <= ZOOM_RANGE[1]):
        raise ValueError
    return zoom


@login_required
@require_GET
@gzip_page
def map_features(request: HttpRequest, code: str) -> HttpResponse:
    project = _project(request, code)
    try:
        west, south, east, north = _parse_bbox(request.GET.get("bbox", ""))
    except ValueError:
        return JsonResponse(
            {"error": _("bbox phải là 4 số: tây,nam,đông,bắc (độ, tây ≤ đông, nam ≤ bắc)")},
            status=400,
        )
    try:
        zoom = _parse_zoom(request.GET.get("zoom", "16"))
    except ValueError:
        return JsonResponse(
            {"error": _("zoom phải là số từ %(low)s đến %(high)s") % {
                "low": int(ZOOM_RANGE[0]), "high": int(ZOOM_RANGE[1])}},
            status=400,
        )  # fmt: skip
    minx, miny, maxx, maxy = crs.from_wgs84(project.crs_epsg).transform_bounds(
        west, south, east, north
    )
    impacts = _impacts(request, project).filter(
        parcel__max_x__gte=minx,
        parcel__min_x__lte=maxx,
        parcel__max_y__gte=miny,
        parcel__min_y__lte=maxy,
    )
    shift = crs.to_wgs84(project.crs_epsg)
    # The light columns first (no geometry): they give the count and, zoomed out, the
    # whole answer; geometry is read only when few enough parcels are in view.
    rows = list(
        impacts.values_list(
            "parcel_id", "parcel__min_x", "parcel__min_y", "parcel__max_x", "parcel__max_y",
            "recovered_area", "remainder_area", "whole_recovery",
        )
    )  # fmt: skip
    count = len(rows)
    progress = _progress(project, [r[0] for r in rows]) if _colouring(request) == "status" else None

    def state(row: tuple[Any, ...], recovered: int) -> int:
        if progress is not None:
            return progress.get(row[0], NO_CASE)
        return STATE_INDEX[state_of(row[recovered], row[recovered + 1], row[recovered + 2])]

    if count > DETAIL_LIMIT:
        xs = np.array([(r[1] + r[3]) / 2 for r in rows])
        ys = np.array([(r[2] + r[4]) / 2 for r in rows])
        lons, lats = shift.transform(xs, ys)
        items = [
            [r[0], round(lat, 6), round(lon, 6), state(r, 5)]
            for r, lon, lat in zip(rows, lons.tolist(), lats.tolist(), strict=True)
        ]
        payload = {"mode": "points", "count": count, "items": items}
    else:
        rows = list(
            impacts.values_list(
                "parcel_id", "parcel__geometry", "parcel__map_sheet", "parcel__parcel_number",
                "recovered_area", "remainder_area", "whole_recovery",
            )
        )  # fmt: skip
        geoms = np.asarray(shapely.from_wkb([bytes(r[1]) for r in rows]), dtype=object)
        geoms = geoms.reshape(-1)
        tolerance = _tolerance(zoom, (south + north) / 2)
        simple = shapely.simplify(geoms, tolerance, preserve_topology=True)

        def move(xy: np.ndarray) -> np.ndarray:
            lon, lat = shift.transform(xy[:, 0], xy[:, 1])
            return np.round(np.column_stack([lat, lon]), 7)  # Leaflet wants [lat, lon]

        moved = shapely.transform(simple, move) if len(simple) else simple
        items = []
        for row, geom in zip(rows, moved, strict=True):
            rings = [
                [list(ring.exterior.coords)[:-1]] + [list(h.coords)[:-1] for h in ring.interiors]
                for ring in getattr(geom, "geoms", [geom])
            ]
            items.append([row[0], state(row, 4), f"{row[2]}/{row[3]}", rings])
        payload = {"mode": "polygons", "count": count, "items": items}
    return HttpResponse(json.dumps(payload, separators=(",", ":")), content_type="application/json")


@login_required
@require_GET
@gzip_page
def map_boundary(request: HttpRequest, code: str) -> HttpResponse:
    project = _project(request, code)
    boundary = current_boundary(project)
    if boundary is None:
        return JsonResponse({"type": "FeatureCollection", "features": []})
    geom = shapely.simplify(shapely.from_wkb(bytes(boundary.geometry)), 0.1)
    shift = crs.to_wgs84(project.crs_epsg)
    moved = shapely.transform(
        geom, lambda xy: np.round(np.column_stack(shift.transform(xy[:, 0], xy[:, 1])), 7)
    )
    feature = {
        "type": "Feature",
        "properties": {"version": boundary.version},
        "geometry": json.loads(shapely.to_geojson(moved)),
    }
    return JsonResponse({"type": "FeatureCollection", "features": [feature]})


@login_required
@require_GET
def map_search(request: HttpRequest, code: str) -> JsonResponse:
    """Find parcels by "sheet/number" (also "tờ 12 thửa 5") or by a household head's
    name or household code (owners only for roles that see households)."""
    project = _project(request, code)
    query = request.GET.get("q", "").strip()
    if not query:
        return JsonResponse({"results": []})
    impacts = _impacts(request, project)
    sheet_parcel = parse_sheet_parcel(query)
    condition = Q(pk__in=[])
    if sheet_parcel:
        condition |= Q(parcel__map_sheet=sheet_parcel[0], parcel__parcel_number=sheet_parcel[1])
    folded = fold(query)
    visible_tenures = Tenure.objects.restrict(request.user)
    tenures = visible_tenures.filter(parcel__impacts__project=project).filter(
        Q(household__head__search_name__contains=folded) | Q(household__code__iexact=query)
    )
    condition |= Q(parcel_id__in=tenures.values("parcel_id"))
    rows = list(
        impacts.filter(condition).values_list(
            "parcel_id", "parcel__map_sheet", "parcel__parcel_number", "parcel__min_x",
            "parcel__min_y", "parcel__max_x", "parcel__max_y",
        )[:20]
    )  # fmt: skip
    owners: dict[int, list[str]] = {}
    for parcel_id, code_, name in visible_tenures.filter(
        parcel_id__in=[r[0] for r in rows], household__isnull=False
    ).values_list("parcel_id", "household__code", "household__head__full_name"):
        owners.setdefault(parcel_id, []).append(f"{code_} {name or ''}".strip())
    shift = crs.to_wgs84(project.crs_epsg)
    results = []
    for row in rows:
        west, south, east, north = shift.transform_bounds(*row[3:7])
        results.append(
            {
                "id": row[0],
                "label": _("Tờ %(sheet)s, thửa %(number)s") % {"sheet": row[1], "number": row[2]},
                "owners": owners.get(row[0], []),
                "bounds": [[south, west], [north, east]],
            }
        )
    return JsonResponse({"results": results})


def household_url(pk: int) -> str:
    try:
        return reverse("cases:household_detail", kwargs={"pk": pk})
    except NoReverseMatch:
        return f"/households/{pk}/"


@login_required
@require_GET
def map_popup(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """What a click on a parcel shows: identity, areas and its households."""
    project = _project(request, code)
    impact = (
        _impacts(request, project).select_related("parcel", "parcel__commune").filter(parcel_id=pk)
    ).first()
    if impact is None:
        raise Http404
    parcel = impact.parcel
    households = [
        {"pk": t.household_id, "url": household_url(t.household_id), "label": str(t.household)}
        for t in Tenure.objects.filter(parcel=parcel, household__isnull=False).select_related(
            "household__head"
        )
    ]
    state = impact_state(impact)
    return render(
        request,
        "parcels/map_popup.html",
        {
            "parcel": parcel,
            "impact": impact,
            "land_use": dict(LandUse.choices).get(parcel.land_use_code, parcel.land_use_code),
            "state_label": ImpactState(state).label,
            "state_colour": COLOURS[ImpactState(state)],
            "measured": format_area(parcel.measured_area),
            "certificate": format_area(parcel.certificate_area),
            "recovered": format_area(impact.recovered_area),
            "remainder": format_area(impact.remainder_area),
            "households": households,
        },
    )


@login_required
@require_GET
def boundary_versions(request: HttpRequest, code: str) -> HttpResponse:
    """Every version of the clearance boundary with what its overlay found and which
    parcels' recovered areas it changed: the parcels the user may see, and the project's
    totals only for those who see the whole project (a ward officer sees its ward)."""
    project = _project(request, code)
    whole = project_reach(request.user, "parcels.view_parcel", project.pk).whole
    boundaries = list(Boundary.objects.filter(project=project).order_by("-version"))
    mentioned = {row["parcel"] for b in boundaries for row in (b.summary or {}).get("changed", [])}
    visible = set(
        Parcel.objects.restrict(request.user).filter(pk__in=mentioned).values_list("pk", flat=True)
    )
    versions = []
    for boundary in boundaries:
        summary = boundary.summary or {}
        states = summary.get("states", {})
        changed = [
            {
                **row,
                "before": format_area(Decimal(row["before"])) if row.get("before") else "—",
                "after": format_area(Decimal(row["after"])),
            }
            for row in summary.get("changed", [])
            if row["parcel"] in visible
        ]
        totals = {
            "recovered": format_area(Decimal(summary.get("recovered_area", "0"))),
            "wholly": states.get(ImpactState.WHOLLY, 0),
            "partly": states.get(ImpactState.PARTLY, 0),
            "none": states.get(ImpactState.NOT_AFFECTED, 0),
            "below": summary.get("below_minimum", 0),
        }
        versions.append(
            {
                "boundary": boundary,
                "area": format_area(boundary.area),
                "totals": totals if whole else None,
                "changed_count": len(changed),
                "changed": changed[:500],
            }
        )
    can_upload = may(request.user, "projects.add_boundary", project)
    return render(
        request,
        "parcels/boundary_versions.html",
        {
            "project": project,
            "versions": versions,
            "form": BoundaryForm() if can_upload else None,
        },
    )
