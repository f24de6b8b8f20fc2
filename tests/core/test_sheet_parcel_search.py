"""One way to write a map sheet and a parcel number, understood the same on the three
pages that search by it: the household list, the project map and the price-position
page (architecture review §3.2: three parsers accepted different inputs)."""

import pytest

from gpmb.core.choices import Role
from gpmb.core.vnformat import parse_sheet_parcel
from gpmb.parcels.models import Parcel
from tests.factories import geometry_fields
from tests.plans.conftest import make_home

pytestmark = pytest.mark.django_db

# What an officer types → the sheet and parcel it means (None: not a sheet/parcel).
WRITINGS = {
    "21/7": ("21", "7"),
    "21-7": ("21", "7"),
    "21.7": ("21", "7"),
    "21,7": ("21", "7"),
    "21;7": ("21", "7"),
    "21 7": ("21", "7"),
    "tờ 21 thửa 7": ("21", "7"),
    "Tờ 21, thửa 7": ("21", "7"),
    "TỜ 21 THỬA 7": ("21", "7"),
    "to 21 thua 7": ("21", "7"),
    "t21 th7": ("21", "7"),
    "t21/th7": ("21", "7"),
    "nguyen van": None,
    "21/": None,
}


@pytest.mark.parametrize("text", list(WRITINGS))
def test_the_parser_reads_every_way_officers_write_it(text):
    assert parse_sheet_parcel(text) == WRITINGS[text]


@pytest.fixture
def placed(make_user, client):
    home = make_home(code="hs", name="Đỗ Văn Tìm", national_id="")
    Parcel.objects.filter(pk=home.parcel.pk).update(
        map_sheet="21", parcel_number="7", **geometry_fields()
    )
    make_home(project=home.project, name="Hộ Khác", national_id="")  # sheet 21, another number
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=home.project))
    return home


@pytest.mark.parametrize("text", [t for t, v in WRITINGS.items() if v is not None])
def test_the_three_pages_find_the_same_parcel(placed, client, text):
    home = placed
    households = client.get("/households/", {"q": text}).content.decode()
    assert home.household.code in households
    found = client.get(f"/parcels/map/{home.project.code}/search/", {"q": text}).json()
    assert [r["id"] for r in found["results"]] == [home.parcel.pk]
    pricing = client.get(f"/policy/projects/{home.project.code}/pricing/", {"q": text})
    rows = pricing.content.decode().split("<tbody>")[1]
    assert f"/parcels/{home.parcel.pk}/" in rows and rows.count('name="parcel"') == 1
