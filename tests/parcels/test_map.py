"""The map page and its data endpoints: what is sent, to whom, and how much."""

from __future__ import annotations

import gzip
import json

import pytest

from gpmb.core.choices import Role
from gpmb.demo.projects import LINEAR_CODE, build_demo
from gpmb.parcels.models import ParcelImpact
from gpmb.parcels.views import map as mapviews
from gpmb.parties.models import Tenure
from gpmb.projects.models import Project

WORLD = "105,20,108,22"


@pytest.fixture
def demo(db):
    build_demo(households=60, seed=7, password="demo-pass-123")
    return Project.objects.get(code=LINEAR_CODE)


@pytest.fixture
def officer_client(client, make_user, demo):
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=demo))
    return client


def features(client, bbox=WORLD, zoom=16):
    response = client.get(
        f"/parcels/map/{LINEAR_CODE}/features/", {"bbox": bbox, "zoom": zoom},
        HTTP_ACCEPT_ENCODING="gzip",
    )  # fmt: skip
    assert response.status_code == 200
    if response.get("Content-Encoding") == "gzip":
        return json.loads(gzip.decompress(response.content))
    assert len(response.content) < 200  # only tiny answers go uncompressed
    return response.json()


def test_page_renders_with_leaflet_from_npm_and_no_cdn(officer_client, demo):
    page = officer_client.get(f"/parcels/map/{LINEAR_CODE}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "http://" not in html.split("<main", 1)[1] and "https://" not in html
    config = json.loads(html.split('id="map-config" type="application/json">')[1].split("<")[0])
    south, west, north, east = config["bounds"]
    assert 106.6 < west < east < 106.8 and 20.7 < south < north < 20.9


def test_polygons_when_few_points_when_many(officer_client, demo, monkeypatch):
    total = ParcelImpact.objects.filter(project=demo).count()
    response = officer_client.get(
        f"/parcels/map/{LINEAR_CODE}/features/", {"bbox": WORLD}, HTTP_ACCEPT_ENCODING="gzip"
    )
    assert response["Content-Encoding"] == "gzip"
    data = features(officer_client)
    assert (data["mode"], data["count"], len(data["items"])) == ("polygons", total, total)
    states = {item[1] for item in data["items"]}
    assert states <= {0, 1, 2} and len(states) >= 2  # not affected / partly / wholly
    impact = ParcelImpact.objects.select_related("parcel").get(parcel_id=data["items"][0][0])
    assert data["items"][0][2] == f"{impact.parcel.map_sheet}/{impact.parcel.parcel_number}"

    monkeypatch.setattr(mapviews, "DETAIL_LIMIT", 10)
    data = features(officer_client)
    assert data["mode"] == "points" and len(data["items"]) == total
    assert features(officer_client, bbox="100,10,100.1,10.1")["count"] == 0
    bad = officer_client.get(f"/parcels/map/{LINEAR_CODE}/features/", {"bbox": "1,2"})
    assert bad.status_code == 400


def test_zoomed_out_polygons_are_simplified(officer_client, demo):
    near = sum(len(r) for item in features(officer_client, zoom=20)["items"] for p in item[3]
               for r in p)  # fmt: skip
    far = sum(len(r) for item in features(officer_client, zoom=12)["items"] for p in item[3]
              for r in p)  # fmt: skip
    assert far < near


def test_search_by_sheet_parcel_and_owner_and_popup(officer_client, demo):
    tenure = Tenure.objects.filter(parcel__impacts__project=demo).select_related(
        "parcel", "household__head"
    )[0]
    parcel = tenure.parcel
    hits = officer_client.get(
        f"/parcels/map/{LINEAR_CODE}/search/", {"q": f"{parcel.map_sheet}/{parcel.parcel_number}"}
    ).json()["results"]
    assert parcel.pk in [h["id"] for h in hits]  # the same sheet/number may exist per commune
    assert {h["label"] for h in hits} == {f"Tờ {parcel.map_sheet}, thửa {parcel.parcel_number}"}
    name = tenure.household.head.full_name
    by_owner = officer_client.get(f"/parcels/map/{LINEAR_CODE}/search/", {"q": name}).json()
    assert parcel.pk in [h["id"] for h in by_owner["results"]]

    popup = officer_client.get(f"/parcels/map/{LINEAR_CODE}/parcel/{parcel.pk}/").content.decode()
    assert f'href="/households/{tenure.household_id}/"' in popup
    impact = ParcelImpact.objects.get(parcel=parcel, project=demo)
    from gpmb.core.vnformat import format_area

    assert format_area(impact.recovered_area) in popup


def test_scoped_users(client, make_user, demo):
    assert client.get(f"/parcels/map/{LINEAR_CODE}/").status_code == 302  # login first
    investor_elsewhere = make_user(Role.LEADERSHIP, project=Project.objects.exclude(pk=demo.pk)[0])
    client.force_login(investor_elsewhere)
    assert client.get(f"/parcels/map/{LINEAR_CODE}/").status_code == 404
    assert client.get(f"/parcels/map/{LINEAR_CODE}/features/", {"bbox": WORLD}).status_code == 404
    commune_officer = make_user(Role.COMMUNE_LAND_OFFICER, project=demo, commune="11383")
    client.force_login(commune_officer)
    data = features(client)
    le_chan = ParcelImpact.objects.filter(project=demo, parcel__commune__code="11383").count()
    assert 0 < data["count"] == le_chan < ParcelImpact.objects.filter(project=demo).count()


def test_feature_queries_are_pinned(officer_client, demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        features(officer_client)


def progress(client) -> dict[int, int]:
    response = client.get(
        f"/parcels/map/{LINEAR_CODE}/features/", {"bbox": WORLD, "zoom": 16, "colour": "status"}
    )
    return {item[0]: item[1] for item in response.json()["items"]}


def test_colouring_by_case_progress_takes_the_least_advanced_household(officer_client, demo):
    from gpmb.cases.choices import CaseStatus
    from gpmb.cases.models import Case

    page = officer_client.get(f"/parcels/map/{LINEAR_CODE}/?colour=status").content.decode()
    config = json.loads(page.split('id="map-config" type="application/json">')[1].split("<")[0])
    assert config["features"].endswith("?colour=status")
    assert config["labels"][-2:] == ["Đã bàn giao mặt bằng", "Chưa có hồ sơ"]

    tenure = Tenure.objects.filter(parcel__impacts__project=demo).select_related("parcel").first()
    Case.objects.filter(household=tenure.household_id).update(status=CaseStatus.HANDED_OVER)
    items = progress(officer_client)
    handed_over = list(CaseStatus).index(CaseStatus.HANDED_OVER)
    assert items[tenure.parcel_id] == handed_over
    # A second household on the same parcel, not yet inventoried, holds the parcel back.
    other = Case.objects.exclude(household=tenure.household_id).filter(project=demo).first()
    Tenure.objects.create(parcel=tenure.parcel, household=other.household, origin="recognised")
    Case.objects.filter(pk=other.pk).update(status=CaseStatus.NOTIFIED)
    items = progress(officer_client)
    assert items[tenure.parcel_id] == list(CaseStatus).index(CaseStatus.NOTIFIED)


@pytest.mark.parametrize(
    ("bbox", "zoom", "says"),
    [
        ("-1e308,-1e308,1e308,1e308", "1e308", "bbox"),
        ("105,20,108,22", "1e308", "zoom"),
        ("105,20,108,22", "-1e400", "zoom"),
        ("105,20,108,22", "nan", "zoom"),
        ("105,20,108,nan", "16", "bbox"),
        ("108,20,105,22", "16", "bbox"),  # east before west
        ("105,20,108,95", "16", "bbox"),
        ("105,20,108,22", "abc", "zoom"),
    ],
)
def test_extreme_map_input_is_a_400_with_a_message(client, project, officer, bbox, zoom, says):
    client.force_login(officer)
    response = client.get(f"/parcels/map/{project.code}/features/", {"bbox": bbox, "zoom": zoom})
    assert response.status_code == 400
    assert response.json()["error"].startswith(says)
