"""OGC API – Features (Part 1: Core, GeoJSON; Part 2: CRS) so QGIS and GDAL read GPMB
directly: `ogrinfo OAPIF:http://host/ogc` lists one parcels and one boundary collection
per project the user may see, in WGS 84 (CRS84) as the standard's default, or in the
project's VN-2000 zone when asked (`crs=`).

Who is asking: a read token sent as `Authorization: Bearer <key>` (preferred: headers stay
out of access logs and proxies), or `?token=<key>` for clients that cannot send headers —
never repeated in the links of a response (GDAL adds the query of its connection URL to
every request) and redacted from the logs (gpmb.parcels.apps) — or the browser session.
Everything is filtered by that user's permissions. Data needs a caller (401 otherwise);
the landing page, conformance and the API definition (`/ogc/api`) are open. Every error
is JSON: {"code", "description"}."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import numpy as np
import shapely
from django.db.models import Max, Min, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from gpmb.geo import crs
from gpmb.parcels.choices import ImpactState, WholeRecovery
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
MAX_OFFSET = 10**9
# A bbox in the project's metres: VN-2000 eastings and northings are well inside this.
MAX_METRES = 1e7
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
PARCELS, BOUNDARY = "parcels", "boundary"


class OGCError(Exception):
    """An error answered as JSON with its HTTP status."""

    def __init__(self, status: int, code: str, description: str) -> None:
        super().__init__(description)
        self.status, self.code, self.description = status, code, description


def _not_found(description: str = "Không có đối tượng này") -> OGCError:
    return OGCError(404, "NotFound", description)


def _invalid(description: str) -> OGCError:
    return OGCError(400, "InvalidParameterValue", description)


class _Caller:
    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.user: Any | None = None
        header = request.headers.get("Authorization", "")
        key = request.GET.get("token", "")
        if header:
            scheme, _, value = header.partition(" ")
            self.user = read_token_user(value.strip()) if scheme.lower() == "bearer" else None
        elif key:
            self.user = read_token_user(key)
        elif request.user.is_authenticated:
            self.user = request.user
        self.bad_token = bool(header or key) and self.user is None

    def url(self, path: str, **params: Any) -> str:
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


def _unauthorized(description: str) -> HttpResponse:
    response = _error("Unauthorized", description, 401)
    response["WWW-Authenticate"] = 'Bearer realm="gpmb"'
    return response


def ogc_view(view: Callable[..., HttpResponse] | None = None, *, public: bool = False) -> Any:
    """Binds a request to an OGC view: GET only (405 otherwise), the caller resolved
    (401 for a bad token, or for no caller at all unless the view is public), and an
    OGCError answered as JSON. Read-only, so CSRF does not apply."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in ("GET", "HEAD"):
                response = _error("MethodNotAllowed", "API chỉ đọc: dùng GET", 405)
                response["Allow"] = "GET, HEAD"
                return response
            caller = _Caller(request)
            if caller.bad_token:
                return _unauthorized("Khóa đọc không hợp lệ, đã hết hạn hoặc đã bị thu hồi")
            if caller.user is None and not public:
                return _unauthorized(
                    "Cần đăng nhập, hoặc gửi khóa đọc trong tiêu đề "
                    "“Authorization: Bearer <khóa>” (gpmb create_read_token)"
                )
            try:
                return view(request, caller, *args, **kwargs)
            except OGCError as exc:
                return _error(exc.code, exc.description, exc.status)

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return wrapped

    return decorate(view) if view is not None else decorate


def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any other path under /ogc/ (GDAL probes a few): a JSON 404."""
    return _error("NotFound", f"Không có tài nguyên /ogc/{path}", 404)


# -- what the caller may see -------------------------------------------------------------


def _projects(caller: _Caller) -> QuerySet[Any]:
    return Project.objects.restrict(caller.user, "view").order_by("code")


def _collection_ids(project: Any) -> list[tuple[str, str]]:
    return [(f"{project.code}-{PARCELS}", PARCELS), (f"{project.code}-{BOUNDARY}", BOUNDARY)]


def _resolve(caller: _Caller, collection_id: str) -> tuple[Any, str]:
    code, _, kind = collection_id.rpartition("-")
    project = None
    if kind in (PARCELS, BOUNDARY):
        project = _projects(caller).filter(code=code).select_related("province").first()
    if project is None:
        raise _not_found(f"Không có tập dữ liệu “{collection_id}” (xem /ogc/collections)")
    return project, kind


def _storage_crs(project: Any) -> str:
    return f"http://www.opengis.net/def/crs/EPSG/0/{project.crs_epsg}"


def _output_crs(request: HttpRequest, project: Any, name: str = "crs") -> str:
    """The CRS asked for (CRS84 by default); anything else is a 400."""
    asked = request.GET.get(name) or CRS84
    if asked not in (CRS84, _storage_crs(project)):
        raise _invalid(f"{name}: chỉ nhận {CRS84} hoặc {_storage_crs(project)}")
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


@ogc_view(public=True)
def landing(request: HttpRequest, caller: _Caller) -> HttpResponse:
    """The landing page: links to the API definition, the conformance declaration and
    the collections."""
    return _json(
        {
            "title": "GPMB — bản đồ địa chính và chỉ giới GPMB",
            "description": "OGC API – Features của GPMB (thửa đất và chỉ giới theo dự án)",
            "links": [
                {"href": caller.url(""), "rel": "self", "type": "application/json"},
                {"href": caller.url("api"), "rel": "service-desc", "type": OPENAPI},
                {
                    "href": caller.url("conformance"),
                    "rel": "conformance",
                    "type": "application/json",
                },
                {"href": caller.url("collections"), "rel": "data", "type": "application/json"},
            ],
        }
    )


@ogc_view(public=True)
def conformance(request: HttpRequest, caller: _Caller) -> HttpResponse:
    return _json({"conformsTo": CONFORMANCE})


@ogc_view(public=True)
def api(request: HttpRequest, caller: _Caller) -> HttpResponse:
    """The API definition (OpenAPI 3.0) the landing page's service-desc points to."""
    return _json(openapi(caller.url("")), content_type=OPENAPI)


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


def _finite(text: str, name: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise _invalid(f"{name}: “{text[:40]}” không phải số") from None
    if not math.isfinite(value):
        raise _invalid(f"{name}: “{text[:40]}” không phải số hữu hạn")
    return value


def _parse_bbox(text: str | None, bbox_crs: str) -> tuple[float, float, float, float] | None:
    """minx,miny,maxx,maxy (or the 6 numbers of a 3D box): finite, in order, and in
    degrees within ±180/±90 for CRS84, or within the VN-2000 zone's plausible metres."""
    if not text:
        return None
    parts = text.split(",")
    if len(parts) not in (4, 6):
        raise _invalid("bbox cần 4 số: minLon,minLat,maxLon,maxLat")
    values = [_finite(part.strip(), "bbox") for part in parts]
    if len(values) == 6:
        values = [values[0], values[1], values[3], values[4]]
    minx, miny, maxx, maxy = values
    if minx > maxx or miny > maxy:
        raise _invalid("bbox: giá trị nhỏ phải đứng trước giá trị lớn (minx,miny,maxx,maxy)")
    if bbox_crs == CRS84:
        if not (minx >= -180 and maxx <= 180 and miny >= -90 and maxy <= 90):
            raise _invalid("bbox: kinh độ trong [-180, 180], vĩ độ trong [-90, 90]")
    elif not (minx >= 0 and maxx <= MAX_METRES and miny >= 0 and maxy <= MAX_METRES):
        raise _invalid(f"bbox: tọa độ mét trong [0, {MAX_METRES:.0f}]")
    return minx, miny, maxx, maxy


def _whole(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    text = request.GET.get(name, "")
    if not text:
        return default
    if not text.isdigit() or len(text) > 12 or not low <= int(text) <= high:
        raise _invalid(f"{name}: cần một số nguyên từ {low} đến {high} (nhận “{text[:40]}”)")
    return int(text)


def _paging(request: HttpRequest) -> tuple[int, int]:
    """limit (capped at MAX_LIMIT, as the standard allows) and offset."""
    limit = _whole(request, "limit", DEFAULT_LIMIT, 1, 10**9)
    offset = _whole(request, "offset", 0, 0, MAX_OFFSET)
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
            # As in the exported files: the Vietnamese names, not the stored codes.
            "whole_recovery": str(WholeRecovery(row[11]).label),
            "impact_state": str(ImpactState(state).label),
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


def _parcels_in_box(queryset: QuerySet[Any], box: tuple[float, float, float, float]) -> list[int]:
    """Ids of the parcels whose geometry meets the box (the standard's bbox is a
    geometric intersection): the indexed box columns find the candidates, parcels whose
    box lies inside the request box are in without more, and only those across its edge
    have their geometry decoded and tested."""
    minx, miny, maxx, maxy = box
    candidates = list(
        queryset.filter(
            parcel__max_x__gte=minx, parcel__min_x__lte=maxx,
            parcel__max_y__gte=miny, parcel__min_y__lte=maxy,
        ).values_list(
            "parcel_id", "parcel__min_x", "parcel__min_y", "parcel__max_x", "parcel__max_y"
        )
    )  # fmt: skip
    inside = {
        pk
        for pk, x0, y0, x1, y1 in candidates
        if x0 >= minx and y0 >= miny and x1 <= maxx and y1 <= maxy
    }
    edge = [pk for pk, *_ in candidates if pk not in inside]
    if edge:
        wkbs = dict(
            queryset.filter(parcel_id__in=edge).values_list("parcel_id", "parcel__geometry")
        )
        geoms = shapely.from_wkb([bytes(wkbs[pk]) for pk in edge])
        meets = shapely.intersects(geoms, shapely.box(*box))
        inside.update(pk for pk, hit in zip(edge, meets.tolist(), strict=True) if hit)
    return sorted(inside)


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
    limit, offset = _paging(request)
    output = _output_crs(request, project)
    bbox_crs = _output_crs(request, project, "bbox-crs")
    bbox = _parse_bbox(request.GET.get("bbox"), bbox_crs)
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
            ids = _parcels_in_box(queryset, box)
            matched = len(ids)
            page = queryset.filter(parcel_id__in=ids[offset : offset + limit])
        else:
            matched = queryset.count()
            page = queryset[offset : offset + limit]
        features = _parcel_features(project, _parcel_values(page), output)
    response = _collection_page(
        caller, collection_id, features, matched, limit, offset, request.GET, output
    )
    response["Content-Crs"] = f"<{output}>"
    return response


def _feature_id(text: str) -> int:
    """A feature id of the URL as an integer id (the URL admits digits only)."""
    if len(text) > 18:
        raise _not_found()
    return int(text)


@ogc_view
def item(
    request: HttpRequest, caller: _Caller, collection_id: str, feature_id: str
) -> HttpResponse:
    project, kind = _resolve(caller, collection_id)
    output = _output_crs(request, project)
    wanted = _feature_id(feature_id)
    if kind == BOUNDARY:
        boundaries = list(Boundary.objects.filter(project=project).order_by("-version"))
        found = [b for b in boundaries if b.version == wanted]
        if not found:
            raise _not_found()
        text = _boundary_features(project, found, output)[0]
        if found[0].version != boundaries[0].version:
            text = text.replace('"is_current": true', '"is_current": false')
    else:
        rows = _parcel_values(_parcel_queryset(caller, project).filter(parcel_id=wanted))
        if not rows:
            raise _not_found()
        text = _parcel_features(project, rows, output)[0]
    response = HttpResponse(text, content_type=GEOJSON)
    response["Content-Crs"] = f"<{output}>"
    return response


def openapi(base: str) -> dict[str, Any]:
    """The API definition: the paths, their parameters and the bearer token."""

    def param(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
        return {"name": name, "in": "query", "required": False,
                "description": description, "schema": schema}  # fmt: skip

    collection_id = {"name": "collectionId", "in": "path", "required": True,
                     "schema": {"type": "string"}}  # fmt: skip
    crs_values = {"type": "string", "format": "uri"}
    geojson = {GEOJSON: {"schema": {"type": "object"}}}
    plain = {"application/json": {"schema": {"type": "object"}}}
    error = {"description": "Lỗi", **{"content": plain}}

    def get(summary: str, content: dict[str, Any], parameters: list[Any]) -> dict[str, Any]:
        return {
            "get": {
                "summary": summary,
                "parameters": parameters,
                "responses": {"200": {"description": summary, "content": content},
                              "400": error, "401": error, "404": error},
            }
        }  # fmt: skip

    return {
        "openapi": "3.0.3",
        "info": {"title": "GPMB — OGC API – Features", "version": "1.0"},
        "servers": [{"url": base.rstrip("/")}],
        "components": {"securitySchemes": {"readToken": {"type": "http", "scheme": "bearer"}}},
        "security": [{"readToken": []}, {}],
        "paths": {
            "/": get("Trang đầu", plain, []),
            "/api": get("Định nghĩa API (OpenAPI 3.0)", {OPENAPI: {"schema": {}}}, []),
            "/conformance": get("Các lớp phù hợp", plain, []),
            "/collections": get("Các tập dữ liệu", plain, []),
            "/collections/{collectionId}": get("Một tập dữ liệu", plain, [collection_id]),
            "/collections/{collectionId}/items": get(
                "Các đối tượng",
                geojson,
                [
                    collection_id,
                    param(
                        "limit",
                        f"tối đa {MAX_LIMIT}",
                        {"type": "integer", "minimum": 1, "default": DEFAULT_LIMIT},
                    ),
                    param(
                        "offset",
                        "bỏ qua bao nhiêu đối tượng",
                        {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
                    ),
                    param(
                        "bbox",
                        "minx,miny,maxx,maxy",
                        {
                            "type": "array",
                            "minItems": 4,
                            "maxItems": 6,
                            "items": {"type": "number"},
                        },
                    ),
                    param("bbox-crs", "hệ của bbox", crs_values),
                    param("crs", "hệ của kết quả", crs_values),
                ],
            ),
            "/collections/{collectionId}/items/{featureId}": get(
                "Một đối tượng",
                geojson,
                [
                    collection_id,
                    {
                        "name": "featureId",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    },
                    param("crs", "hệ của kết quả", crs_values),
                ],
            ),
        },
    }
