"""The rare cases of a building, recorded in the census table on the web, reach the
plan: a structure under an expired time-limited permit (Land Law 2024 Art. 105(3);
Decree 88 Art. 21(2)) and one left in a power line's safety corridor (e.g. QĐ 18/2025
Lào Cai Art. 9) are priced by their own rule, not as a building recovered."""

import pytest
from django.urls import reverse

from gpmb.census.models import InventoryItem
from gpmb.census.services import census_open
from gpmb.core.choices import Role
from gpmb.core.services import assignment_create
from gpmb.plans.services import case_compute
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
YARD = {"name": "Sân bê tông", "unit": "m2", "quantity": "10", "price_code": "san-be-tong"}


def codes(version, ref):
    return sorted(x.code for x in version.lines.filter(ref=ref))


def test_a_rare_case_set_on_the_census_page_changes_the_plan_lines(client, home):
    officer = UserFactory(username="canbo")
    assignment_create(
        actor=None, user=officer, role=Role.COMPENSATION_OFFICER, project=home.project
    )
    census_open(actor=officer, batch=home.case.batch)
    client.force_login(officer)
    add = client.post(
        reverse("census:item_add", args=[home.case.pk]), {"kind": "structure", **YARD}, **HX
    )
    assert add.status_code == 200
    item = InventoryItem.objects.get()
    edit = reverse("census:item_edit", args=[item.pk])
    form = client.get(edit, **HX).content.decode()
    # The structure's row offers the case, with the articles it turns on.
    assert 'name="special_case"' in form and "Điều 21 khoản 2" in form and "Điều 9" in form

    plain = case_compute(case=home.case, actor=officer)
    assert codes(plain, "structure-1") == ["STRUCTURE"]

    client.post(edit, {**YARD, "special_case": "permit_expired"}, **HX)
    item.refresh_from_db()
    assert item.special_case == "permit_expired"
    expired = case_compute(case=home.case, actor=officer)
    # Support to dismantle instead of compensation; the Hải Phòng rate is not in hand, so
    # the line says what is missing rather than paying the building's value.
    [line] = expired.lines.filter(ref="structure-1")
    assert line.code == "EXPIRED_PERMIT_SUPPORT" and line.amount == 0
    assert "Điều 21, khoản 2" in " ".join(line.citations)

    client.post(edit, {**YARD, "special_case": "in_power_corridor"}, **HX)
    corridor = case_compute(case=home.case, actor=officer)
    assert codes(corridor, "structure-1") == ["CORRIDOR_STRUCTURE"]

    # A value outside the list is refused, and nothing changes.
    client.post(edit, {**YARD, "special_case": "demolished"}, **HX)
    item.refresh_from_db()
    assert item.special_case == "in_power_corridor"
