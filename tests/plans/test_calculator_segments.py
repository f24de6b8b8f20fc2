"""Issue 11 (7), UX review D18: in the calculator the road segment is chosen from a
searchable list of the packs' roads; a name typed instead of a segment is refused with
a message, not computed as "missing basis"."""

import pytest

from gpmb.core.choices import Role
from gpmb.policy.models import PolicyPack
from gpmb.policy.packs import pack_for_code
from tests.plans.conftest import DEMO_PACK

pytestmark = pytest.mark.django_db


def form(segment):
    pack_for_code(DEMO_PACK)  # loaded
    return {
        "pack": PolicyPack.objects.current(DEMO_PACK).pk,
        "land_use_code": "ODT",
        "recovered_area": "50",
        "segment": segment,
        "position": "VT1",
        "origin": "certificate",
        "members": "3",
    }


def test_the_segment_box_offers_the_packs_roads(make_user, client):
    pack_for_code(DEMO_PACK)
    client.force_login(make_user(Role.COMPENSATION_OFFICER))
    html = client.get("/plans/calculator/").content.decode()
    assert 'list="calc-segments"' in html and '<datalist id="calc-segments">' in html
    assert '<option value="ho-sen-cau-rao-2/le-chan">Đường Hồ Sen – Cầu Rào 2' in html


def test_a_typed_road_name_is_refused_with_a_message(make_user, client):
    client.force_login(make_user(Role.COMPENSATION_OFFICER))
    html = client.post("/plans/calculator/", form("Cầu Rào 2")).content.decode()
    assert "Đoạn đường “Cầu Rào 2” không có trong bảng giá của gói" in html
    assert "Kết quả" not in html
    html = client.post("/plans/calculator/", form("ho-sen-cau-rao-2/le-chan")).content.decode()
    assert "Kết quả" in html and "không có trong bảng giá" not in html
