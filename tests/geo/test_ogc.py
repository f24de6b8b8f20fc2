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
url, key = sys.argv[1], sys.argv[2]
# The key in the URL, pages of 7 (GDAL follows the next links, which do not repeat it).
with_query = url + "?token=" + key
layers = [str(row[0]) for row in pyogrio.list_layers(with_query)]
meta, _, wkb, values = pyogrio.raw.read(with_query, layer="test-road-parcels", PAGE_SIZE=7)
# The key in the Authorization header, as documented.
pyogrio.set_gdal_config_options({"GDAL_HTTP_AUTH": "BEARER", "GDAL_HTTP_BEARER": key})
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
    links = {link["rel"]: link["href"] for link in client.get("/ogc/").json()["links"]}
    assert set(links) == {"self", "service-desc", "conformance", "data"}
    api = client.get(links["service-desc"])
    assert api["Content-Type"] == "application/vnd.oai.openapi+json;version=3.0"
    assert "/collections/{collectionId}/items" in api.json()["paths"]
    assert client.get("/ogc//api").status_code == 200  # where GDAL looks for it
    conf = client.get("/ogc/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson" in conf
    anonymous = client.get("/ogc/collections")  # data needs a caller: say so
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in anonymous.json()["description"]

    client.force_login(viewer)
    ids = [c["id"] for c in client.get("/ogc/collections").json()["collections"]]
    assert ids == ["test-road-parcels", "test-road-boundary"]  # not "other"
    missing = client.get("/ogc/collections/other-parcels/items")
    assert missing.status_code == 404 and missing.json()["code"] == "NotFound"
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
    by_query = client.get(PARCELS, {"token": key, "limit": 5})
    assert by_query.json()["numberMatched"] == 20
    assert key not in by_query.content.decode()  # never echoed into the links
    assert client.get(PARCELS, HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client.get(PARCELS, HTTP_AUTHORIZATION=f"Basic {key}").status_code == 401


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
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
    url = f"OAPIF:{live_server.url}/ogc/"
    result = subprocess.run(
        [sys.executable, "-c", GDAL_CLIENT, url, key], capture_output=True, text=True, timeout=120
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


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"limit": "abc"}, "limit: cần một số nguyên"),
        ({"limit": "0"}, "limit: cần một số nguyên"),
        ({"offset": "99999999999999999999"}, "offset: cần một số nguyên"),
        ({"offset": "-1"}, "offset: cần một số nguyên"),
        ({"bbox": "106.6,20.8,106.7,nan"}, "không phải số hữu hạn"),
        ({"bbox": "200,95,201,96"}, "kinh độ trong [-180, 180]"),
        ({"bbox": "106.7,20.8,106.6,20.9"}, "giá trị nhỏ phải đứng trước"),
        ({"bbox": "1,2,3"}, "bbox cần 4 số"),
        ({"bbox": "-1e308,-1e308,1e308,1e308",
          "bbox-crs": "http://www.opengis.net/def/crs/EPSG/0/9210"}, "tọa độ mét"),
        ({"crs": "EPSG:4326"}, "crs: chỉ nhận"),
    ],
)  # fmt: skip
def test_bad_parameters_are_400_with_a_json_reason(client, mapped, viewer, params, says):
    client.force_login(viewer)
    response = client.get(PARCELS, params)
    assert response.status_code == 400
    assert response.json()["code"] == "InvalidParameterValue"
    assert says in response.json()["description"]


def test_errors_are_json(client, mapped, viewer):
    client.force_login(viewer)
    for path in (f"{PARCELS}/999999", f"{PARCELS}/{'9' * 30}", f"{PARCELS}/{'9' * 5000}",
                 "/ogc/collections/nope", "/ogc/nowhere/at/all"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["code"] == "NotFound"
    posted = client.post(PARCELS, {})
    assert posted.status_code == 405 and posted["Allow"] == "GET, HEAD"
    assert posted.json()["code"] == "MethodNotAllowed"


def test_bbox_is_a_geometric_intersection(client, tmp_path, project, officer, viewer):
    # A triangle: its box's upper right corner is not the parcel.
    x, y = 590_000.0, 2_305_000.0
    lots = [{"number": "1", "land_use": "ODT",
             "geometry": shapely.Polygon([(x, y), (x + 40, y), (x, y + 40)])}]  # fmt: skip
    write_table(tmp_path / "tam-giac.gpkg", lots, "GPKG")
    parcels_import(tmp_path / "tam-giac.gpkg", project=project, actor=officer)
    client.force_login(viewer)
    storage = "http://www.opengis.net/def/crs/EPSG/0/9210"

    def matched(box):
        page = client.get(PARCELS, {"bbox": ",".join(map(str, box)), "bbox-crs": storage})
        return page.json()["numberMatched"]

    assert matched((x + 30, y + 30, x + 39, y + 39)) == 0  # in the box, off the triangle
    assert matched((x + 15, y + 15, x + 25, y + 25)) == 1  # across the long edge
    assert matched((x - 10, y - 10, x + 50, y + 50)) == 1  # the whole parcel inside


def test_tokens_expire_and_are_revoked(client, mapped, viewer):
    from datetime import timedelta

    from django.utils import timezone

    from gpmb.parcels.models import ReadToken
    from gpmb.parcels.services import TokenError, read_token_revoke

    token, key = read_token_create(user=viewer, name="QGIS", actor=None)
    assert timedelta(days=364) < token.expires_at - timezone.now() <= timedelta(days=365)
    short, short_key = read_token_create(user=viewer, name="1 ngày", actor=viewer, days=1)
    header = {"HTTP_AUTHORIZATION": f"Bearer {short_key}"}
    assert client.get(PARCELS, **header).status_code == 200
    ReadToken.objects.filter(pk=short.pk).update(expires_at=timezone.now())
    expired = client.get(PARCELS, **header)
    assert expired.status_code == 401 and "hết hạn" in expired.json()["description"]

    read_token_revoke(token=token, actor=viewer)
    assert client.get(PARCELS, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    with pytest.raises(TokenError):
        read_token_create(user=viewer, name="mãi mãi", actor=None, days=100_000)


def test_token_commands_list_and_revoke(mapped, viewer, capsys):
    from django.core.management import CommandError, call_command

    call_command("create_read_token", viewer.username, "--name", "QGIS văn phòng", "--days", "30")
    key = capsys.readouterr().out.strip()
    call_command("read_tokens", "--user", viewer.username)
    listed = capsys.readouterr().out
    assert "QGIS văn phòng" in listed and key[5:13] in listed and key not in listed
    call_command("revoke_read_token", key[5:13])
    assert "Đã thu hồi" in capsys.readouterr().out
    call_command("read_tokens")
    assert key[5:13] not in capsys.readouterr().out  # only live tokens by default
    call_command("read_tokens", "--all")
    assert "đã thu hồi" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Không có khóa"):
        call_command("revoke_read_token", "nothere1")


@pytest.mark.parametrize("name", ["django.server", "gunicorn.access"])
def test_tokens_in_urls_never_reach_the_access_log(name):
    import logging

    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    logger = logging.getLogger(name)
    handler = Keep()
    logger.addHandler(handler)
    try:
        request = "GET /ogc/collections/x/items?limit=5&token=gpmb_Secret-Key_123 HTTP/1.1"
        if name == "django.server":  # as runserver's WSGIRequestHandler.log_message does
            logger.warning('"%s" %s %s', request, "200", "512")
        else:  # gunicorn formats its access line from a dict of atoms
            logger.warning("%(h)s %(r)s %(s)s", {"h": "10.0.0.1", "r": request, "s": "200"})
    finally:
        logger.removeHandler(handler)
    assert lines and "Secret-Key" not in lines[0]
    assert "items?limit=5&token=*** HTTP/1.1" in lines[0]


def test_a_user_makes_sees_and_revokes_own_tokens_on_a_page(client, mapped, viewer, make_user):
    from gpmb.parcels.models import ReadToken

    client.force_login(viewer)
    made = client.post("/parcels/tokens/", {"name": "QGIS phòng kỹ thuật", "days": "90"})
    assert made["Cache-Control"].startswith("max-age=0") and "no-store" in made["Cache-Control"]
    page = made.content.decode()
    token = ReadToken.objects.get(user=viewer)
    key = page.split("<code>gpmb_", 1)[1].split("</code>", 1)[0]
    assert client.get(PARCELS, HTTP_AUTHORIZATION=f"Bearer gpmb_{key}").status_code == 200
    assert 89 <= (token.expires_at - token.created_at).days <= 90
    listed = client.get("/parcels/tokens/").content.decode()
    assert "QGIS phòng kỹ thuật" in listed and key not in listed  # the key is shown once

    other = make_user(Role.LEADERSHIP)
    client.force_login(other)
    assert client.post(f"/parcels/tokens/{token.pk}/revoke/").status_code == 404
    client.force_login(viewer)
    client.post(f"/parcels/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(PARCELS, HTTP_AUTHORIZATION=f"Bearer gpmb_{key}").status_code == 401
    assert client.post("/parcels/tokens/", {"name": "x", "days": "99999"}).status_code == 200
    assert ReadToken.objects.filter(user=viewer).count() == 1  # refused: over ten years
