"""The calculator takes anything typed into its boxes, or into its JSON, without a 500
(issue 11 point 1): a number is computed, or refused with a message."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from gpmb.core.choices import Role
from gpmb.policy.models import PolicyPack
from tests.census.test_bounded_input import PROPERTY, numberish
from tests.plans.conftest import DEMO_PACK

json_numbers = st.one_of(
    numberish,
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False),
)


@given(area=numberish, members=numberish)
@PROPERTY
def test_the_calculator_boxes_never_fail(db, make_user, client, area, members):
    client.force_login(make_user(Role.COMPENSATION_OFFICER))
    pack = PolicyPack.objects.current(DEMO_PACK)
    response = client.post(
        "/plans/calculator/",
        {
            "pack": pack.pk,
            "land_use_code": "ODT",
            "recovered_area": area,
            "segment": "ho-sen-cau-rao-2/le-chan",
            "position": "VT1",
            "origin": "certificate",
            "members": members,
        },
    )
    assert response.status_code == 200


@given(area=json_numbers, quantity=json_numbers)
@PROPERTY
def test_the_calculator_json_never_fails(db, make_user, client, area, quantity):
    client.force_login(make_user(Role.COMPENSATION_OFFICER))
    pack = PolicyPack.objects.current(DEMO_PACK)
    facts = {
        "case_id": "x",
        "parcels": [{"ref": "a", "land_use_code": "ODT", "recovered_area": area}],
        "items": [{"id": "t", "kind": "tree", "species": "nhan", "quantity": quantity}],
    }
    response = client.post("/plans/calculator/", {"pack": pack.pk, "facts_json": json.dumps(facts)})
    assert response.status_code == 200
