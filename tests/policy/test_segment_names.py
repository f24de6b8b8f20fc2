"""UX review D18: a parcel's road segment and the other roads it fronts are shown by
the road's name in the price table, not by the pack's segment id."""

import pytest

from gpmb.core.choices import Role
from gpmb.parcels.models import Parcel
from tests.plans.conftest import make_home

pytestmark = pytest.mark.django_db


def test_the_parcel_page_names_its_road_segments(make_user, client):
    home = make_home(commune="11407")  # An Biên: the road's An Biên segment
    Parcel.objects.filter(pk=home.parcel.pk).update(other_segments=["gone/an-bien"])
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=home.project))
    html = client.get(f"/parcels/{home.parcel.pk}/").content.decode()
    assert "Đường Hồ Sen – Cầu Rào 2" in html
    assert "ho-sen-cau-rao-2/an-bien" not in html
    assert "gone/an-bien" in html  # a segment the pack no longer lists shows as stored
