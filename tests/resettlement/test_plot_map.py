"""A site's plots with their geometry from a GIS file (upload → preview → confirm), and
the site's map colouring each plot by its state with the household it went to."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gpmb.core.choices import Role
from gpmb.core.services import assignment_create
from gpmb.resettlement.models import Plot
from gpmb.resettlement.services import (
    allocation_agree,
    allocation_refuse,
    entitlement_record,
    plot_add,
    site_create,
)
from tests.factories import BatchFactory, CaseFactory, ProjectFactory, UserFactory, unit

DAY = dt.date(2026, 11, 2)


def _square(x, y, side=8.0):
    return [[[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]]


def geojson(features, epsg=9210):
    return json.dumps(
        {
            "type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{epsg}"}},
            "features": [
                {
                    "type": "Feature",
                    "properties": props,
                    "geometry": {"type": "Polygon", "coordinates": coords},
                }
                for props, coords in features
            ],
        }
    ).encode()


@pytest.fixture
def world(db, client):
    project = ProjectFactory(code="hs-map", policy_pack_code="hai-phong-demo-2026")
    site = site_create(
        actor=None, code="tdc-map", name="Khu TĐC bản đồ", commune=unit("11383"), projects=[project]
    )
    plot_add(actor=None, site=site, number="L1", area=Decimal("64"))
    officer = UserFactory(username="officer")
    assignment_create(actor=None, user=officer, role=Role.COMPENSATION_OFFICER, project=project)
    client.force_login(officer)
    return {"project": project, "site": site, "client": client}


def _import(client, site, content, name="lo.geojson"):
    response = client.post(
        f"/resettlement/sites/{site.pk}/plots/import/",
        {"file": SimpleUploadedFile(name, content, "application/geo+json"), "crs": ""},
    )
    assert response.status_code == 302, response.content[:500]
    preview = response["Location"]
    return preview, client.get(preview).content.decode()


def test_plots_are_imported_with_their_geometry_and_drawn_by_state(world):
    client, site = world["client"], world["site"]
    x, y = 590_000.0, 2_305_000.0
    content = geojson(
        [
            ({"so_lo": "L1"}, _square(x, y)),
            ({"so_lo": "L2", "dien_tich": "70,5"}, _square(x + 10, y)),
            ({"so_lo": "L3"}, _square(x + 20, y, 10)),
        ]
    )
    preview, page = _import(client, site, content)
    assert "cập nhật hình thể" in page and "lô mới" in page
    assert not Plot.objects.filter(number="L2").exists()  # a preview writes nothing

    response = client.post(preview)
    assert response.status_code == 302
    plots = {p.number: p for p in site.plots.all()}
    assert plots["L1"].area == Decimal("64")  # the plot's own area stays
    assert plots["L2"].area == Decimal("70.5")  # the file's area column
    assert plots["L3"].area == Decimal("100.0")  # no area given: the polygon's, 10 × 10 m
    assert all(p.crs_epsg == 9210 and p.geometry for p in plots.values())

    # L1 allocated, L2 refused then free: three states on the map.
    project = world["project"]
    batch = BatchFactory(project=project)
    first, second = CaseFactory(batch=batch), CaseFactory(batch=batch)
    for case in (first, second):
        entitlement_record(
            actor=None, case=case, basis="relocating", choice="plot", choice_date=DAY
        )
    allocation_agree(actor=None, case=first, plot=plots["L1"], on=DAY)
    refused = allocation_agree(actor=None, case=second, plot=plots["L2"], on=DAY)
    allocation_refuse(actor=None, allocation=refused, on=DAY, reason="Xin nhận tiền")

    data = client.get(f"/resettlement/sites/{site.pk}/plots.geojson").json()
    states = {f["properties"]["number"]: f["properties"] for f in data["features"]}
    assert {n: s["state"] for n, s in states.items()} == {
        "L1": "allocated",
        "L2": "refused",
        "L3": "free",
    }
    assert states["L1"]["household"] == first.household.code
    lon, lat = data["features"][0]["geometry"]["coordinates"][0][0]
    assert 105 < lon < 108 and 20 < lat < 22  # WGS 84, Hải Phòng
    page = client.get(f"/resettlement/sites/{site.pk}/map/").content.decode()
    assert "site_map.js" in page and "plots.geojson" in page


@pytest.mark.parametrize(
    ("features", "expected"),
    [
        ([({"ten": "L9"}, _square(590_000, 2_305_000))], "không có cột số lô"),
        (
            [
                (
                    {"so_lo": "L9"},
                    [
                        [
                            [590_000, 2_305_000],
                            [590_008, 2_305_008],
                            [590_008, 2_305_000],
                            [590_000, 2_305_008],
                            [590_000, 2_305_000],
                        ]
                    ],
                )
            ],
            "lô.geojson, đối tượng 0, lô L9: hình thể không hợp lệ",
        ),
        (
            [
                ({"so_lo": "L9"}, _square(590_000, 2_305_000)),
                ({"so_lo": "L9"}, _square(590_010, 2_305_000)),
            ],
            "cột so_lo: lô “L9” trùng với đối tượng 0",
        ),
        (
            [({"so_lo": "L9", "dien_tich": "abc"}, _square(590_000, 2_305_000))],
            "cột dien_tich: diện tích “abc” không đọc được",
        ),
    ],
)
def test_a_bad_file_names_what_is_wrong_and_writes_nothing(world, features, expected):
    client, site = world["client"], world["site"]
    before = list(site.plots.values_list("number", "geometry"))
    preview, page = _import(client, site, geojson(features), name="lô.geojson")
    assert expected in page, page[page.find("errors") : page.find("errors") + 800]
    client.post(preview)
    assert list(site.plots.values_list("number", "geometry")) == before


def test_another_project_s_officer_cannot_import_or_see_the_map(world, client):
    site = world["site"]
    stranger = UserFactory(username="stranger")
    assignment_create(
        actor=None, user=stranger, role=Role.COMPENSATION_OFFICER, project=ProjectFactory()
    )
    client.force_login(stranger)
    assert client.get(f"/resettlement/sites/{site.pk}/map/").status_code == 404
    assert client.get(f"/resettlement/sites/{site.pk}/plots.geojson").status_code == 404
    response = client.post(
        f"/resettlement/sites/{site.pk}/plots/import/",
        {"file": SimpleUploadedFile("a.geojson", geojson([]), "application/geo+json")},
    )
    assert response.status_code == 404
