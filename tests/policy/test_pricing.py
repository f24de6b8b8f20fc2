"""Placing parcels in the price table (road segment, position) and what the plan does
with it: the recorded place prices the land; an unset one is missing, never guessed."""

from decimal import Decimal

import pytest

from gpmb.core.choices import Role
from gpmb.core.models import AuditEvent, ObjectChange
from gpmb.plans.choices import LineStatus
from gpmb.plans.services import case_compute
from tests.plans.conftest import demo_pack_yaml, make_home

pytestmark = pytest.mark.django_db

LE_CHAN, AN_BIEN = "ho-sen-cau-rao-2/le-chan", "ho-sen-cau-rao-2/an-bien"


def vt_price(segment: str, position: str) -> int:
    params = demo_pack_yaml()["params"]
    return params["land.segments"]["value"][segment]["prices"]["ODT"][position]


def test_officer_sets_segment_and_position_and_the_plan_uses_them(make_user, client):
    home = make_home(segment="", position="")
    officer = make_user(Role.COMPENSATION_OFFICER, project=home.project, username="canbo")
    client.force_login(officer)
    url = f"/policy/projects/{home.project.code}/pricing/"
    page = client.get(url + "?unset=1").content.decode()
    assert f"{home.parcel.map_sheet}/{home.parcel.parcel_number}" in page
    assert "chưa xác định" in page
    assert "Đường Hồ Sen – Cầu Rào 2" in page  # the pack's segments are offered

    # Unset, the land line asks for the segment instead of pricing at a guessed place.
    land = case_compute(case=home.case, actor=None).lines.get(code="LAND")
    assert land.status == LineStatus.MISSING_BASIS and land.amount == 0

    response = client.post(
        url,
        {
            "segment": LE_CHAN,
            "position": "VT2",
            "strip": "front",
            "reason": "Biên bản xác định vị trí ngày 10/11/2026",
            "apply_to": "selected",
            "parcel": [home.parcel.pk],
        },
    )
    assert response.status_code == 302
    home.parcel.refresh_from_db()
    assert (home.parcel.price_segment, home.parcel.price_position) == (LE_CHAN, "VT2")
    home.impact.refresh_from_db()
    assert home.impact.recovered_strip == "front"  # where this project's part lies
    change = ObjectChange.objects.filter(
        content_type__model="parcel", object_id=home.parcel.pk
    ).latest("pk")
    assert change.after["price_position"] == "VT2" and change.user == officer
    event = AuditEvent.objects.get(kind="parcel.price_basis")
    assert event.reason == "Biên bản xác định vị trí ngày 10/11/2026"

    land = case_compute(case=home.case, actor=officer).lines.get(code="LAND")
    price = vt_price(LE_CHAN, "VT2")
    assert price == 30_000_000
    # 50 m² × 30.000.000 đ/m² (VT2) × K 1,2
    assert land.status == LineStatus.OK
    assert land.amount == int(Decimal(50) * price * Decimal("1.2")) == 1_800_000_000


def test_segment_of_another_ward_is_refused_and_nothing_changes(make_user, client):
    home = make_home(segment="", position="")
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=home.project))
    response = client.post(
        f"/policy/projects/{home.project.code}/pricing/",
        {"segment": AN_BIEN, "position": "VT1", "apply_to": "filtered", "reason": "Biên bản"},
        follow=True,
    )
    assert "không thuộc xã/phường" in response.content.decode()
    home.parcel.refresh_from_db()
    assert (home.parcel.price_segment, home.parcel.price_position) == ("", "")
    assert not AuditEvent.objects.filter(kind="parcel.price_basis").exists()


def test_apply_to_all_filtered_parcels_and_read_only_roles_change_nothing(make_user, client):
    home = make_home(segment="", position="")
    other = make_home(
        project=home.project, segment="", position="", name="Lê Thị Hai", national_id=""
    )
    client.force_login(make_user(Role.LEADERSHIP))
    url = f"/policy/projects/{home.project.code}/pricing/"
    page = client.get(url).content.decode()
    assert 'name="apply_to"' not in page  # a read-only role is not offered the form
    data = {"position": "VT3", "apply_to": "filtered", "reason": "Biên bản 10/11/2026"}
    assert client.post(url, data).status_code == 403
    home.parcel.refresh_from_db()
    assert home.parcel.price_position == ""

    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=home.project))
    # A change that moves money needs a reason: without one nothing changes.
    response = client.post(url, {**data, "reason": " "}, follow=True)
    assert "Ghi căn cứ hoặc lý do" in response.content.decode()
    home.parcel.refresh_from_db()
    assert home.parcel.price_position == ""
    client.post(url, data)
    for parcel in (home.parcel, other.parcel):
        parcel.refresh_from_db()
        assert parcel.price_position == "VT3" and parcel.price_segment == ""


def test_one_parcels_place_offers_the_packs_segments_of_its_ward(make_user, client):
    home = make_home(segment="", position="")
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=home.project))
    url = f"/policy/parcels/{home.parcel.pk}/price/"
    page = client.get(url).content.decode()
    assert f'value="{LE_CHAN}"' in page and f'value="{AN_BIEN}"' not in page
    form = {
        "price_segment": AN_BIEN,  # not a segment of phường Lê Chân
        "price_position": "VT1",
        "reason": "Biên bản xác định vị trí",
    }
    assert client.post(url, form).status_code == 200
    form["price_segment"] = LE_CHAN
    form["other_segments"] = [LE_CHAN]  # the main road again is not another road
    assert "không được trùng" in client.post(url, form).content.decode()
    form["other_segments"] = []
    form["depth_m"] = "32,5"
    assert client.post(url, {**form, "reason": ""}).status_code == 200  # a reason is needed
    home.parcel.refresh_from_db()
    assert home.parcel.price_segment == ""
    assert client.post(url, form).status_code == 302
    home.parcel.refresh_from_db()
    assert home.parcel.depth_m == Decimal("32.50") and home.parcel.other_segments is None
    page = client.get(f"/parcels/{home.parcel.pk}/").content.decode()
    # The road by its name in the price table, not the pack's segment id (UX review D18).
    assert "Đường Hồ Sen – Cầu Rào 2" in page and LE_CHAN not in page
    assert "VT1 — Vị trí 1" in page and "32,5" in page
