"""A parcel's place in the price table takes any depth typed without a 500 and stores
only a depth inside its field's range (issue 11 point 1)."""

from __future__ import annotations

import pytest
from hypothesis import given

from gpmb.core.choices import Role
from gpmb.parcels.models import Parcel
from tests.census.test_bounded_input import PROPERTY, numberish
from tests.plans.conftest import make_home

LE_CHAN = "ho-sen-cau-rao-2/le-chan"


@pytest.fixture
def home(db, client, make_user):
    """A parcel not yet placed in the price table, and its officer logged in."""
    home = make_home(segment="", position="")
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=home.project))
    return home


@given(depth=numberish)
@PROPERTY
def test_any_depth_is_stored_in_range_or_refused(home, client, depth):
    Parcel.objects.filter(pk=home.parcel.pk).update(
        price_segment="", price_position="", depth_m=None
    )
    form = {"price_segment": LE_CHAN, "price_position": "VT1", "depth_m": depth, "reason": "BB"}
    response = client.post(f"/policy/parcels/{home.parcel.pk}/price/", form)
    assert response.status_code in (200, 302)
    home.parcel.refresh_from_db()
    if response.status_code == 200:  # refused: nothing of the form was written
        assert (home.parcel.price_segment, home.parcel.depth_m) == ("", None)
    home.parcel.full_clean(exclude=["commune"])
    assert client.get(f"/parcels/{home.parcel.pk}/").status_code == 200
