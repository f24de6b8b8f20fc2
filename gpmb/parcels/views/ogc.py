"""OGC API – Features (Part 1: Core, GeoJSON) so QGIS and GDAL read GPMB directly:
`ogrinfo OAPIF:http://host/ogc` lists one parcels and one boundary collection per
project the user may see, in WGS 84 (CRS84) as the standard's default.

Who is asking: the logged-in user (browser session) or a read token
(`Authorization: Bearer <key>`, or `?token=<key>` which every link then carries, for
clients that cannot send headers). Everything is filtered by that user's permissions."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import numpy as np
import shapely
from django.db.models import Max, Min, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from gpmb.geo import crs
from gpmb.parcels.models import Parcel, ParcelImpact
from gpmb.parcels.overlay import state_of
from gpmb.parcels.services import read_token_user
from gpmb.projects.models import Boundary, Project

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
GEOJSON = "application/geo+json"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    # Part 2: features may be asked for in the project's VN-2000 zone (?crs=…/EPSG/0/9210).
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
]
DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
PARCELS, BOUNDARY = "parcels", "boundary"


class _Caller:
    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.token = ""
        self.user: Any | None = None
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            self.user = read_token_user(header[7:].strip())
        elif request.GET.get("token"):
            self.token = request.GET["token"]
            self.user = read_token_user(self.token)
        elif request.user.is_authenticated:
            self.user = request.user
        self.bad_token = (bool(header) or bool(self.token)) and self.user is None

    def url(self, path: str, **params: Any) -> str:
        if self.token:
            params["token"] = self.token
        query = urlencode({k: v for k, v in params.items() if v is not None})
        base = self.request.build_absolute_uri(f"/ogc/{path}")
        return f"{base}?{query}" if query else base


def _json(data: Any, status: int = 200, content_type: str = "application/json") -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, default=str),
        status=status,
        content_type=content_type,
    )


def _error(code: str, description: str, status: int) -> HttpResponse:
    return _json({"code": code, "description": description}, status=status)


def ogc_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        caller = _Caller(request)
        if caller.bad_token:
            response = _error("Unauthorized", "Khóa đọc không hợp lệ hoặc đã bị thu hồi", 401)
            response["WWW-Authenticate"] = 'Bearer realm="gpmb"'
            return response
        return view(request, caller, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return require_GET(wrapped)


# -- what the caller may see -------------------------------------------------------------


def _projects(caller: _Caller) -> QuerySet[Any]:
    return Project.objects.restrict(caller.user, "view").order_by("code")


def _collection_ids(project: Any) -> list[tuple[str, str]]:
    return [(f"{project.code}-{PARCELS}", PARCELS), (f"{project.code}-{BOUNDARY}", BOUNDARY)]


def _resolve(caller: _Caller, collection_id: str) -> tuple[Any, str]:
    code, _, kind = collection_id.rpartition("-")
    if kind not in (PARCELS, BOUNDARY):
        raise Http404
    project = _projects(caller).filter(code=code).select_related("province").first()
    if project is None:
        raise Http404
    return project, kind


def _storage_crs(project: Any) -> str:
    return f"http://www.opengis.net/def/crs/EPSG/0/{project.crs_epsg}"


def _output_crs(request: HttpRequest, project: Any, name: str = "crs") -> str:
    """The CRS asked for (CRS84 by default); anything else raises ValueError."""
    asked = request.GET.get(name) or CRS84
    if asked not in (CRS84, _storage_crs(project)):
        raise ValueError(f"{name}: chỉ nhận {CRS84} hoặc {_storage_crs(project)}")
    return asked


def _wgs84_bounds(project: Any, bounds: tuple[float, float, float, float]) -> list[float]:
    west, south, east, north = crs.to_wgs84(project.crs_epsg).transform_bounds(*bounds)
    return [round(west, 7), round(south, 7), round(east, 7), round(north, 7)]


def _extent(project: Any, kind: str) -> list[float] | None:
    if kind == PARCELS:
        agg = Parcel.objects.filter(impacts__project=project).aggregate(
            Min("min_x"), Min("min_y"), Max("max_x"), Max("max_y")
        )
        values = (agg["min_x__min"], agg["min_y__min"], agg["max_x__max"], agg["max_y__max"])
        if None in values:
            return None
        return _wgs84_bounds(project, values)  # type: ignore[arg-type]
    boundary = Boundary.objects.filter(project=project).order_by("-version").first()
    if boundary is None:
        return None
    return _wgs84_bounds(project, shapely.from_wkb(bytes(boundary.geometry)).bounds)


def _collection(caller: _Caller, project: Any, collection_id: str, kind: str) -> dict[str, Any]:
    title = f"Thửa đất — {project.name}" if kind == PARCELS else f"Chỉ giới GPMB — {project.name}"
    extent = _extent(project, kind)
    return {
        "id": collection_id,
        "title": title,
        "description": (
            "Thửa đất với diện tích thu hồi, còn lại và cờ dưới diện tích tối thiểu"
            if kind == PARCELS
            else "Các phiên bản chỉ giới giải phóng mặt bằng (mới nhất trước)"
        ),
        "itemType": "feature",
        "crs": [CRS84, _storage_crs(project)],
        "storageCrs": _storage_crs(project),
        "extent": {"spatial": {"bbox": [extent], "crs": CRS84}} if extent else {},
        "links": [
            {
                "href": caller.url(f"collections/{collection_id}"),
                "rel": "self",
                "type": "application/json",
                "title": title,
            },
            {
                "href": caller.url(f"collections/{collection_id}/items"),
                "rel": "items",
                "type": GEOJSON,
                "title": title,
            },
        ],
    }


# -- views -----------------------------------------------------------------------------


@ogc_view
def landing(request: HttpRequest, caller: _Caller) -> HttpResponse:
    """The landing page: links to the conformance declaration and the collections."""
    return _json(
        {
            "title": "GPMB — bản đồ địa chính và chỉ giới GPMB",
            "description": "OGC API – Features của GPMB (thửa đất và chỉ giới theo dự án)",
            "links": [
                {"href": caller.url(""), "rel": "self", "type": "application/json"},
                {
                    "href": caller.url("conformance"),
                    "rel": "conformance",
                    "type": "application/json",
                },
                {"href": caller.url("collections"), "rel": "data", "type": "application/json"},
            ],
        }
    )


@ogc_view
def conformance(request: HttpRequest, caller: _Caller) -> HttpResponse:
    return _json({"conformsTo": CONFORMANCE})


@ogc_view
def collections(request: HttpRequest, caller: _Caller) -> HttpResponse:
    items = [
        _collection(caller, project, collection_id, kind)
        for project in _projects(caller)
        for collection_id, kind in _collection_ids(project)
    ]
    return _json(
        {
            "links": [
                {"href": caller.url("collections"), "rel": "self", "type": "application/json"}
            ],
            "collections": items,
        }
    )


@ogc_view
def collection(request: HttpRequest, caller: _Caller, collection_id: str) -> HttpResponse:
    project, kind = _resolve(caller, collection_id)
    return _json(_collection(caller, project, collection_id, kind))


def _parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    if not text:
        return None
    parts = text.split(",")
    if len(parts) not in (4, 6):
        raise ValueError("bbox cần 4 số: minLon,minLat,maxLon,maxLat")
    values = [float(p) for p in parts]
    if len(values) == 6:
        values = [values[0], values[1], values[3], values[4]]
    return values[0], values[1], values[2], values[3]


def _paging(request: HttpRequest) -> tuple[int, int]:
    limit = int(request.GET.get("limit", DEFAULT_LIMIT))
    offset = int(request.GET.get("offset", 0))
    if limit < 1 or offset < 0:
        raise ValueError("limit ≥ 1 và offset ≥ 0")
    return min(limit, MAX_LIMIT), offset


def _parcel_queryset(caller: _Caller, project: Any) -> QuerySet[Any]:
    return (
        ParcelImpact.objects.restrict(caller.user, "view")
        .filter(project=project, parcel__geometry__isnull=False)
        .order_by("parcel_id")
    )


def _parcel_values(queryset: QuerySet[Any]) -> list[tuple[Any, ...]]:
    return list(
        queryset.values_list(
            "parcel_id", "parcel__geometry", "parcel__commune__code", "parcel__map_sheet",
            "parcel__parcel_number", "parcel__land_use_code", "parcel__certificate_area",
            "parcel__measured_area", "recovered_area", "remainder_area",
            "remainder_below_minimum", "whole_recovery",
        )
    )  # fmt: skip


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _to_output(project: Any, wkbs: list[bytes], output: str = CRS84) -> list[str]:
    """GeoJSON geometry strings in WGS 84 (8 decimals, about a millimetre) or, when
    asked, in the project's zone as stored (3 decimals, a millimetre)."""
    geoms = np.asarray(shapely.from_wkb(wkbs), dtype=object).reshape(-1)
    if output != CRS84:
        stored = shapely.transform(geoms, lambda xy: np.round(xy, 3))
        return [str(s) for s in shapely.to_geojson(stored)]
    shift = crs.to_wgs84(project.crs_epsg)

    def move(xy: np.ndarray) -> np.ndarray:
        lon, lat = shift.transform(xy[:, 0], xy[:, 1])
        return np.round(np.column_stack([lon, lat]), 8)

    return [str(s) for s in shapely.to_geojson(shapely.transform(geoms, move))]


def _parcel_features(project: Any, rows: list[tuple[Any, ...]], output: str) -> list[str]:
    geometries = _to_output(project, [bytes(r[1]) for r in rows], output)
    features = []
    for row, geometry in zip(rows, geometries, strict=True):
        recovered, remainder = row[8], row[9]
        state = state_of(recovered, remainder, row[11])
        properties = {
            "commune_code": row[2],
            "map_sheet": row[3],
            "parcel_number": row[4],
            "land_use_code": row[5],
            "certificate_area": _number(row[6]),
            "measured_area": _number(row[7]),
            "recovered_area": _number(recovered),
            "remainder_area": _number(remainder),
            "remainder_below_minimum": bool(row[10]),
            "whole_recovery": row[11],
            "impact_state": str(state),
        }
        features.append(
            f'{{"type":"Feature","id":{row[0]},"geometry":{geometry},'
            f'"properties":{json.dumps(properties, ensure_ascii=False)}}}'
        )
    return features


def _boundary_features(project: Any, boundaries: list[Any], output: str) -> list[str]:
    geometries = _to_output(project, [bytes(b.geometry) for b in boundaries], output)
    latest = max((b.version for b in boundaries), default=None)
    features = []
    for boundary, geometry in zip(boundaries, geometries, strict=True):
        properties = {
            "version": boundary.version,
            "is_current": boundary.version == latest,
            "area": float(boundary.area),
            "source_file": boundary.source_file,
            "created_at": boundary.created_at.isoformat(),
        }
        features.append(
            f'{{"type":"Feature","id":{boundary.version},"geometry":{geometry},'
            f'"properties":{json.dumps(properties, ensure_ascii=False)}}}'
        )
    return features


def _project_box(
    project: Any, bbox: tuple[float, float, float, float], bbox_crs: str
) -> tuple[float, float, float, float]:
    if bbox_crs != CRS84:
        return bbox
    return crs.from_wgs84(project.crs_epsg).transform_bounds(*bbox)


def _bbox_filter(project: Any, box: tuple[float, float, float, float]) -> Q:
    """Parcels whose box meets the request box (in the project CRS)."""
    minx, miny, maxx, maxy = box
    return Q(parcel__max_x__gte=minx, parcel__min_x__lte=maxx, parcel__max_y__gte=miny,
             parcel__min_y__lte=maxy)  # fmt: skip


def _collection_page(
    caller: _Caller,
    collection_id: str,
    features: list[str],
    matched: int,
    limit: int,
    offset: int,
    query: Any,
    output: str,
) -> HttpResponse:
    keep = {name: query.get(name) for name in ("bbox", "bbox-crs", "crs") if query.get(name)}
    path = f"collections/{collection_id}/items"

    def link(rel: str, at: int) -> dict[str, str]:
        return {
            "href": caller.url(path, **keep, limit=limit, offset=at or None),
            "rel": rel,
            "type": GEOJSON,
        }

    links = [link("self", offset)]
    if offset + len(features) < matched:
        links.append(link("next", offset + limit))
    if offset > 0:
        links.append(link("prev", max(offset - limit, 0)))
    head = {
        "type": "FeatureCollection",
        "numberMatched": matched,
        "numberReturned": len(features),
        "timeStamp": timezone.now().isoformat(),
        "links": links,
    }
    text = json.dumps(head, ensure_ascii=False)[:-1] + ',"features":[' + ",".join(features) + "]}"
    return HttpResponse(text, content_type=GEOJSON)


@ogc_view
def items(request: HttpRequest, caller: _Caller, collection_id: str) -> HttpResponse:
    project, kind = _resolve(caller, collection_id)
    try:
        bbox = _parse_bbox(request.GET.get("bbox"))
        limit, offset = _paging(request)
        output = _output_crs(request, project)
        bbox_crs = _output_crs(request, project, "bbox-crs")
    except ValueError as exc:
        return _error("InvalidParameterValue", str(exc), 400)
    box = _project_box(project, bbox, bbox_crs) if bbox is not None else None
    if kind == BOUNDARY:
        boundaries = list(Boundary.objects.filter(project=project).order_by("-version"))
        if box is not None:
            area = shapely.box(*box)
            boundaries = [
                b
                for b in boundaries
                if shapely.intersects(shapely.from_wkb(bytes(b.geometry)), area)
            ]
        features = _boundary_features(project, boundaries[offset : offset + limit], output)
        matched = len(boundaries)
    else:
        queryset = _parcel_queryset(caller, project)
        if box is not None:
            queryset = queryset.filter(_bbox_filter(project, box))
        matched = queryset.count()
        rows = _parcel_values(queryset[offset : offset + limit])
        features = _parcel_features(project, rows, output)
    response = _collection_page(
        caller, collection_id, features, matched, limit, offset, request.GET, output
    )
    response["Content-Crs"] = f"<{output}>"
    return response


@ogc_view
def item(
    request: HttpRequest, caller: _Caller, collection_id: str, feature_id: str
) -> HttpResponse:
    project, kind = _resolve(caller, collection_id)
    try:
        output = _output_crs(request, project)
    except ValueError as exc:
        return _error("InvalidParameterValue", str(exc), 400)
    if kind == BOUNDARY:
        boundaries = list(Boundary.objects.filter(project=project).order_by("-version"))
        found = [b for b in boundaries if b.version == int(feature_id)]
        if not found:
            raise Http404
        text = _boundary_features(project, found, output)[0]
        if found[0].version != boundaries[0].version:
            text = text.replace('"is_current": true', '"is_current": false')
    else:
        rows = _parcel_values(_parcel_queryset(caller, project).filter(parcel_id=int(feature_id)))
        if not rows:
            raise Http404
        text = _parcel_features(project, rows, output)[0]
    response = HttpResponse(text, content_type=GEOJSON)
    response["Content-Crs"] = f"<{output}>"
    return response
