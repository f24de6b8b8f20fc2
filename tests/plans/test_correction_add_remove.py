"""Issue 11 (3): after a round is closed, a household's inventory is corrected by adding
a line the count missed or removing one counted by mistake — not only by changing one —
with a reason and evidence, without reopening the batch; the next computation counts
it, and the inventory record and the plan agree."""

from decimal import Decimal

import pytest

from gpmb.census.choices import CorrectionAction, ItemKind, ItemSource
from gpmb.census.models import InventoryCorrection, InventoryItem
from gpmb.census.queries import household_items
from gpmb.census.services import (
    CensusError,
    census_close,
    census_open,
    census_verify,
    item_correct,
    item_correct_add,
    item_correct_remove,
    item_create,
)
from gpmb.core.choices import Role
from gpmb.core.models import AuditEvent
from gpmb.core.permissions import NotPermitted
from gpmb.core.services import assignment_create
from gpmb.documents.inventory import inventory_record_context
from gpmb.plans.services import case_compute
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

YARD = {"name": "Sân bê tông", "quantity": "10", "price_code": "san-be-tong", "year_built": "2015"}
FENCE = {"name": "Tường rào xây gạch", "quantity": "8", "price_code": "tuong-rao"}
WHY = {"reason": "Sót khi kiểm đếm", "evidence": "Biên bản kiểm tra ngày 03/12/2026"}


@pytest.fixture
def officer(home):
    user = UserFactory(username="canbo")
    assignment_create(actor=None, user=user, role=Role.COMPENSATION_OFFICER, project=home.project)
    return user


@pytest.fixture
def closed(home, officer):
    census = census_open(actor=officer, batch=home.case.batch)
    yard = item_create(actor=officer, case=home.case, kind=ItemKind.STRUCTURE, raw=YARD)
    census_close(actor=officer, census=census)
    census.refresh_from_db()
    return census, yard


def structures(version):
    return {
        (line.ref, line.quantity) for line in version.lines.filter(code="STRUCTURE").order_by("ref")
    }


def record_rows(home, census):
    context = inventory_record_context(home.case, census)
    return [(row["name"], row["quantity"]) for g in context["groups"] for row in g["rows"]]


def test_adding_a_missed_line_reaches_the_plan_and_the_record(home, officer, closed):
    census, _yard = closed
    first = case_compute(case=home.case, actor=officer)
    assert structures(first) == {("structure-1", Decimal("10"))}

    correction = item_correct_add(
        actor=officer, case=home.case, kind=ItemKind.STRUCTURE, raw=FENCE, **WHY
    )
    assert correction.action == CorrectionAction.ADD and correction.before == {}
    added = correction.item
    assert added.census == census and added.source == ItemSource.CORRECTION
    assert added.line_no == 2
    # The round is not reopened and its frozen hash still holds.
    census.refresh_from_db()
    assert census.is_closed and census_verify(census)
    event = AuditEvent.objects.get(kind="census.item_correct")
    assert event.reason == WHY["reason"] and event.data["action"] == "add"

    second = case_compute(case=home.case, actor=officer)
    assert structures(second) == {
        ("structure-1", Decimal("10")),
        ("structure-2", Decimal("8")),
    }
    assert second.inventory_basis["corrections"] == [correction.pk]
    names = [name for name, _q in record_rows(home, census)]
    assert names == ["Sân bê tông", "Tường rào xây gạch"]


def test_removing_a_wrong_line_takes_it_out_of_the_plan_and_the_record(home, officer, closed):
    census, yard = closed
    case_compute(case=home.case, actor=officer)
    correction = item_correct_remove(actor=officer, item=yard, **WHY)
    assert correction.action == CorrectionAction.REMOVE
    # The frozen row stays; the household page shows it removed.
    yard.refresh_from_db()
    assert yard.quantity == 10 and census_verify(census)
    (shown,) = household_items(census, home.household.pk)
    assert shown.removed and shown.correction == correction

    version = case_compute(case=home.case, actor=officer)
    assert structures(version) == set()
    assert version.inventory_basis["corrections"] == [correction.pk]
    assert record_rows(home, census) == []

    with pytest.raises(CensusError, match="đã được bỏ"):
        item_correct_remove(actor=officer, item=yard, **WHY)
    # A later change puts the line back, with its new values.
    item_correct(actor=officer, item=yard, raw={**YARD, "quantity": "9"}, **WHY)
    again = case_compute(case=home.case, actor=officer)
    assert structures(again) == {("structure-1", Decimal("9"))}


def test_a_later_round_carries_the_added_line_and_not_the_removed_one(home, officer, closed):
    _census, yard = closed
    item_correct_add(actor=officer, case=home.case, kind=ItemKind.STRUCTURE, raw=FENCE, **WHY)
    item_correct_remove(actor=officer, item=yard, **WHY)
    later = census_open(actor=officer, batch=home.case.batch)
    assert [i.name for i in household_items(later, home.household.pk)] == ["Tường rào xây gạch"]


def test_without_reason_evidence_or_right_nothing_is_added_or_removed(home, officer, closed):
    _census, yard = closed
    before = InventoryItem.objects.count()
    for why in ({"reason": "", "evidence": "x"}, {"reason": "x", "evidence": "  "}):
        with pytest.raises(CensusError, match="lý do và chứng cứ"):
            item_correct_add(
                actor=officer, case=home.case, kind=ItemKind.STRUCTURE, raw=FENCE, **why
            )
        with pytest.raises(CensusError, match="lý do và chứng cứ"):
            item_correct_remove(actor=officer, item=yard, **why)
    land_officer = UserFactory(username="diachinh")
    assignment_create(
        actor=None, user=land_officer, role=Role.COMMUNE_LAND_OFFICER, project=home.project
    )
    with pytest.raises(NotPermitted):
        item_correct_add(
            actor=land_officer, case=home.case, kind=ItemKind.STRUCTURE, raw=FENCE, **WHY
        )
    with pytest.raises(NotPermitted):
        item_correct_remove(actor=land_officer, item=yard, **WHY)
    assert InventoryItem.objects.count() == before
    assert not InventoryCorrection.objects.exists()


def test_an_open_round_is_not_corrected_by_adding(home, officer):
    census_open(actor=officer, batch=home.case.batch)
    with pytest.raises(CensusError, match="chưa khóa số liệu"):
        item_correct_add(actor=officer, case=home.case, kind=ItemKind.STRUCTURE, raw=FENCE, **WHY)


def test_on_the_household_page_an_officer_adds_and_removes_lines(home, officer, closed, client):
    _census, yard = closed
    client.force_login(officer)
    case_compute(case=home.case, actor=officer)
    page = client.get(f"/households/{home.household.pk}/").content.decode()
    assert f"/census/cases/{home.case.pk}/correct-add/" in page
    assert f"/census/items/{yard.pk}/correct-remove/" in page

    add = {"kind": "structure", **FENCE, "unit": "m2"}
    refused = client.post(f"/census/cases/{home.case.pk}/correct-add/", add)
    assert "lý do và chứng cứ" in refused.content.decode()
    assert not InventoryCorrection.objects.exists()
    response = client.post(f"/census/cases/{home.case.pk}/correct-add/", {**add, **WHY})
    assert response.status_code == 200
    client.post(f"/census/items/{yard.pk}/correct-remove/", WHY)
    added, removed = InventoryCorrection.objects.order_by("pk")
    assert (added.action, removed.action) == ("add", "remove")

    page = client.get(f"/households/{home.household.pk}/").content.decode()
    assert "plan-stale" in page  # two corrections not yet counted, named
    assert f"đính chính số {added.pk}" in page and f"đính chính số {removed.pk}" in page
    assert f"Đã bỏ, không tính (đính chính số {removed.pk})" in page

    client.post(f"/plans/cases/{home.case.pk}/compute/")
    page = client.get(f"/households/{home.household.pk}/").content.decode()
    assert "plan-stale" not in page
