"""OGC API – Features: the documents, permissions, bbox and paging, and an external
client (GDAL's OAPIF driver through pyogrio) reading a live server."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import shapely
from pyproj import Transformer

from gpmb.core.choices import Role
from gpmb.parcels.importing import parcels_import
from gpmb.parcels.models import ParcelImpact
from gpmb.parcels.overlay import boundary_create
from gpmb.parcels.services import read_token_create
from gpmb.projects.models import Project
from tests.parcels.lots import X0, Y0, parcel_grid
from tests.parcels.test_import import write_table

PARCELS = "/ogc/collections/test-road-parcels/items"
GDAL_CLIENT = """
import json, sys
import pyogrio
url = sys.argv[1]
layers = [str(row[0]) for row in pyogrio.list_layers(url)]
meta, _, wkb, values = pyogrio.raw.read(url, layer="test-road-parcels")
_, _, boundary, _ = pyogrio.raw.read(url, layer="test-road-boundary")
table = {str(k): [v.item() if hasattr(v, "item") else v for v in col]
         for k, col in zip(meta["fields"], values)}
print(json.dumps({"layers": layers, "crs": meta["crs"], "table": table,
                  "wkb": [bytes(g).hex() for g in wkb],
                  "boundary": [bytes(g).hex() for g in boundary]}))
"""


@pytest.fixture
def mapped(tmp_path, project, officer):
    lots = parcel_grid(4, 5)
    write_table(tmp_path / "g.gpkg", lots, "GPKG")
    parcels_import(tmp_path / "g.gpkg", project=project, actor=officer)
    corridor = shapely.Polygon(
        [(X0 - 5, Y0 + 10), (X0 + 60, Y0 + 19), (X0 + 60, Y0 + 41), (X0 - 5, Y0 + 34)]
    )
    boundary_create(project=project, geometry=corridor, actor=officer)
    other = Project.objects.create(
        code="other", name="Khác", kind="area", province=project.province, crs_epsg=9210
    )
    return {"lots": lots, "other": other}


@pytest.fixture
def viewer(make_user, project):
    return make_user(Role.LEADERSHIP, project=project)


def test_landing_conformance_and_collections_are_scoped(client, mapped, viewer):
    assert client.get("/ogc/").json()["links"][2]["rel"] == "data"
    conf = client.get("/ogc/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson" in conf
    assert client.get("/ogc/collections").json()["collections"] == []  # anonymous

    client.force_login(viewer)
    ids = [c["id"] for c in client.get("/ogc/collections").json()["collections"]]
    assert ids == ["test-road-parcels", "test-road-boundary"]  # not "other"
    assert client.get("/ogc/collections/other-parcels/items").status_code == 404
    meta = client.get("/ogc/collections/test-road-parcels").json()
    west, south, east, north = meta["extent"]["spatial"]["bbox"][0]
    assert 106.0 < west < east < 107.0 and 20.0 < south < north < 21.0


def test_items_paging_bbox_and_properties(client, mapped, viewer, project):
    client.force_login(viewer)
    first = client.get(PARCELS, {"limit": 7}).json()
    assert (first["numberMatched"], first["numberReturned"]) == (20, 7)
    seen = [f["id"] for f in first["features"]]
    url = next(link["href"] for link in first["links"] if link["rel"] == "next")
    while url:
        page = client.get(url).json()
        seen += [f["id"] for f in page["features"]]
        url = next((link["href"] for link in page["links"] if link["rel"] == "next"), None)
    assert sorted(seen) == sorted(ParcelImpact.objects.values_list("parcel_id", flat=True))

    feature = first["features"][0]
    impact = ParcelImpact.objects.get(parcel_id=feature["id"])
    assert feature["properties"]["recovered_area"] == float(impact.recovered_area)
    assert feature["properties"]["parcel_number"] == impact.parcel.parcel_number

    # A box around the first lot only (its neighbours touch it, so they come too).
    to_wgs = Transformer.from_crs(9210, 4326, always_xy=True)
    minx, miny, maxx, maxy = mapped["lots"][0]["geometry"].buffer(-1).bounds
    w, s = to_wgs.transform(minx, miny)
    e, n = to_wgs.transform(maxx, maxy)
    boxed = client.get(PARCELS, {"bbox": f"{w},{s},{e},{n}"}).json()
    numbers = {f["properties"]["parcel_number"] for f in boxed["features"]}
    assert "1" in numbers and len(numbers) < 20
    assert client.get(PARCELS, {"bbox": "1,2,3"}).status_code == 400

    single = client.get(f"{PARCELS}/{feature['id']}").json()
    assert single["properties"] == feature["properties"]
    boundary = client.get("/ogc/collections/test-road-boundary/items").json()
    assert boundary["features"][0]["properties"]["version"] == 1


def test_commune_scoped_user_sees_only_their_commune(client, mapped, make_user, project):
    from gpmb.projects.models import AdminUnit, Segment

    outsider = make_user(Role.COMMUNE_LAND_OFFICER, project=project, commune="11407")
    client.force_login(outsider)
    assert client.get(PARCELS).status_code == 404  # An Biên is not in the project

    Segment.objects.create(project=project, commune=AdminUnit.objects.get(code="11407"))
    assert client.get(PARCELS).json()["numberMatched"] == 0  # all parcels are in Lê Chân
    insider = make_user(Role.COMMUNE_LAND_OFFICER, project=project, commune="11383")
    client.force_login(insider)
    assert client.get(PARCELS).json()["numberMatched"] == 20


def test_tokens(client, mapped, viewer):
    _token, key = read_token_create(user=viewer, name="QGIS", actor=viewer)
    by_header = client.get(PARCELS, HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert by_header["numberMatched"] == 20
    by_query = client.get(PARCELS, {"token": key, "limit": 5}).json()
    next_link = next(link["href"] for link in by_query["links"] if link["rel"] == "next")
    assert f"token={key}" in next_link
    assert client.get(PARCELS, HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


@pytest.mark.django_db(transaction=True)
def test_gdal_reads_the_live_server(live_server, tmp_path, project, officer, make_user):
    lots = parcel_grid(4, 5)
    write_table(tmp_path / "g.gpkg", lots, "GPKG")
    parcels_import(tmp_path / "g.gpkg", project=project, actor=officer)
    corridor = shapely.Polygon(
        [(X0 - 5, Y0 + 10), (X0 + 60, Y0 + 19), (X0 + 60, Y0 + 41), (X0 - 5, Y0 + 34)]
    )
    boundary_create(project=project, geometry=corridor, actor=officer)
    viewer = make_user(Role.LEADERSHIP, project=project)
    _token, key = read_token_create(user=viewer, name="GDAL", actor=None)

    # GDAL keeps query parameters of the connection URL on every request it makes. It
    # runs in its own process: an external client, and pyogrio holds the GIL while GDAL
    # waits for the server thread of this process.
    url = f"OAPIF:{live_server.url}/ogc/?token={key}"
    result = subprocess.run(
        [sys.executable, "-c", GDAL_CLIENT, url], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    read = json.loads(result.stdout)
    layers, meta_crs, table = read["layers"], read["crs"], read["table"]
    wkb = [bytes.fromhex(h) for h in read["wkb"]]
    boundary_wkb = [bytes.fromhex(h) for h in read["boundary"]]

    assert layers == ["test-road-parcels", "test-road-boundary"]
    impacts = {
        i.parcel.parcel_number: i
        for i in ParcelImpact.objects.filter(project=project).select_related("parcel")
    }
    assert sorted(table["parcel_number"]) == sorted(impacts)
    # GDAL asks for the storage CRS (OGC API Part 2), so areas compare directly.
    assert "9210" in meta_crs
    for index, number in enumerate(table["parcel_number"]):
        impact = impacts[number]
        assert round(table["recovered_area"][index], 2) == float(impact.recovered_area)
        assert round(table["remainder_area"][index], 2) == float(impact.remainder_area)
        geom = shapely.from_wkb(wkb[index])
        assert abs(geom.area - float(impact.parcel.measured_area)) < 0.01
        lot = next(lot for lot in lots if lot["number"] == number)
        recovered = shapely.intersection(lot["geometry"], corridor).area
        assert abs(table["recovered_area"][index] - recovered) < 0.005
    assert len(boundary_wkb) == 1
    assert abs(shapely.from_wkb(boundary_wkb[0]).area - corridor.area) < 0.01


def test_items_in_the_storage_crs(client, mapped, viewer):
    client.force_login(viewer)
    storage = "http://www.opengis.net/def/crs/EPSG/0/9210"
    page = client.get(PARCELS, {"crs": storage, "limit": 1})
    assert page["Content-Crs"] == f"<{storage}>"
    x, y = page.json()["features"][0]["geometry"]["coordinates"][0][0]
    assert 589_000 < x < 591_000 and 2_304_000 < y < 2_306_000
    assert "crs=" in next(link["href"] for link in page.json()["links"] if link["rel"] == "next")
    assert client.get(PARCELS, {"crs": "EPSG:4326"}).status_code == 400
