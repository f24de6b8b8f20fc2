"""Issue 11 (3, 4): a household's inventory corrected after its round is closed reaches
the next plan, visibly; a submitted plan is never replaced without a reason."""

from decimal import Decimal

import pytest

from gpmb.census.choices import ItemKind
from gpmb.census.models import InventoryCorrection
from gpmb.census.queries import household_items
from gpmb.census.services import (
    CensusError,
    census_close,
    census_open,
    census_verify,
    item_correct,
    item_create,
)
from gpmb.core.choices import Role
from gpmb.core.models import AuditEvent
from gpmb.core.permissions import NotPermitted
from gpmb.core.services import assignment_create
from gpmb.plans.choices import PlanStatus
from gpmb.plans.models import PlanVersion
from gpmb.plans.services import PlanError, batch_compute, case_compute
from tests.factories import UserFactory
from tests.plans.chain import submitted as post_consult_submit

pytestmark = pytest.mark.django_db

YARD = {"name": "Sân bê tông", "quantity": "10", "price_code": "san-be-tong", "year_built": "2015"}


@pytest.fixture
def officer(home):
    user = UserFactory(username="canbo")
    assignment_create(actor=None, user=user, role=Role.COMPENSATION_OFFICER, project=home.project)
    return user


@pytest.fixture
def closed(home, officer):
    """A closed round with one yard of 10 m² for the household."""
    census = census_open(actor=officer, batch=home.case.batch)
    item = item_create(actor=officer, case=home.case, kind=ItemKind.STRUCTURE, raw=YARD)
    census_close(actor=officer, census=census)
    census.refresh_from_db()
    return census, item


def yard_quantity(version: PlanVersion) -> Decimal:
    return version.lines.get(ref="structure-1").quantity


def correct(item, officer, quantity="12,5", reason="Đo lại sân: sai số khi kiểm đếm"):
    return item_correct(
        actor=officer,
        item=item,
        raw={**YARD, "quantity": quantity},
        reason=reason,
        evidence="Biên bản đo lại ngày 02/12/2026, có chữ ký của hộ",
    )


def test_a_correction_after_closing_reaches_the_next_plan_and_the_round_stays_frozen(
    home, officer, closed
):
    census, item = closed
    first = case_compute(case=home.case, actor=officer)
    assert yard_quantity(first) == 10
    assert first.inventory_basis == {"census": census.pk, "corrections": []}

    correction = correct(item, officer)

    # The round is neither reopened nor changed: its frozen hash still holds.
    census.refresh_from_db()
    assert census.is_closed and census_verify(census)
    item.refresh_from_db()
    assert item.quantity == 10
    # The inventory record shows the corrected line, and says it was corrected.
    (shown,) = household_items(census, home.household.pk)
    assert shown.quantity == Decimal("12.5") and shown.correction == correction
    event = AuditEvent.objects.get(kind="census.item_correct")
    assert event.reason == "Đo lại sân: sai số khi kiểm đếm" and event.user == officer

    second = case_compute(case=home.case, actor=officer)
    assert second.number == 2 and yard_quantity(second) == Decimal("12.5")
    assert second.inventory_basis == {"census": census.pk, "corrections": [correction.pk]}

    # A second correction of the same line replaces the first one in what counts.
    again = correct(item, officer, quantity="11")
    third = case_compute(case=home.case, actor=officer)
    assert yard_quantity(third) == 11
    assert third.inventory_basis["corrections"] == [again.pk]


def test_a_correction_without_reason_or_evidence_or_right_changes_nothing(home, officer, closed):
    _census, item = closed
    with pytest.raises(CensusError, match="lý do và chứng cứ"):
        correct(item, officer, reason="  ")
    with pytest.raises(CensusError, match="Không có giá trị nào thay đổi"):
        correct(item, officer, quantity="10")
    land_officer = UserFactory(username="diachinh")
    assignment_create(
        actor=None, user=land_officer, role=Role.COMMUNE_LAND_OFFICER, project=home.project
    )
    with pytest.raises(NotPermitted):
        correct(item, land_officer)
    assert not InventoryCorrection.objects.exists()
    assert not AuditEvent.objects.filter(kind="census.item_correct").exists()


def test_an_open_round_is_edited_directly_not_corrected(home, officer):
    census_open(actor=officer, batch=home.case.batch)
    item = item_create(actor=officer, case=home.case, kind=ItemKind.STRUCTURE, raw=YARD)
    with pytest.raises(CensusError, match="chưa khóa số liệu"):
        correct(item, officer)


def test_a_submitted_plan_is_recomputed_only_with_a_reason_into_a_new_version(
    home, officer, closed
):
    _census, item = closed
    draft = case_compute(case=home.case, actor=officer)
    submitted = post_consult_submit(draft, officer)
    correction = correct(item, officer)

    # Without a reason: refused, and nothing replaces the submitted plan.
    with pytest.raises(PlanError, match="lý do"):
        case_compute(case=home.case, actor=officer)
    summary = batch_compute(project=home.project, actor=officer)
    assert summary.held == {home.case.pk: submitted.number} and summary.new_versions == 0
    assert PlanVersion.objects.filter(case=home.case).count() == 1
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED

    reason = "Đính chính khối lượng sân sau khi trình"
    new = case_compute(case=home.case, actor=officer, reason=reason)
    assert new.number == 2 and new.previous_id == submitted.pk
    assert new.status == PlanStatus.DRAFT and yard_quantity(new) == Decimal("12.5")
    assert new.inventory_basis["corrections"] == [correction.pk]
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUPERSEDED
    event = AuditEvent.objects.get(kind="plans.recompute_held")
    assert event.reason == reason and event.user == officer
    assert event.data == {"previous": submitted.pk, "new": new.pk}


def test_an_unchanged_submitted_plan_is_left_alone_without_a_reason(home, officer, closed):
    submitted = post_consult_submit(case_compute(case=home.case, actor=officer), officer)
    assert case_compute(case=home.case, actor=officer).pk == submitted.pk


def test_a_later_round_carries_the_correction_and_takes_further_ones(home, officer, closed):
    _census, item = closed
    correct(item, officer)
    later = census_open(actor=officer, batch=home.case.batch)
    (carried,) = household_items(later, home.household.pk)
    assert carried.quantity == Decimal("12.5") and carried.correction is None
    # The closed round's lines now live on in the later round: correct them there.
    with pytest.raises(CensusError, match="hãy sửa số liệu ở lần kiểm đếm đó"):
        correct(item, officer, quantity="13")


def test_on_the_household_page_an_officer_corrects_a_closed_line_and_sees_it_uncounted(
    home, officer, closed, client
):
    _census, item = closed
    client.force_login(officer)
    case_compute(case=home.case, actor=officer)
    page = client.get(f"/households/{home.household.pk}/").content.decode()
    assert f"/census/items/{item.pk}/correct/" in page
    assert "plan-stale" not in page

    refused = client.post(
        f"/census/items/{item.pk}/correct/", {**YARD, "quantity": "12,5", "reason": ""}
    ).content.decode()
    assert "lý do và chứng cứ" in refused and not InventoryCorrection.objects.exists()
    client.post(
        f"/census/items/{item.pk}/correct/",
        {
            **YARD,
            "unit": "m2",
            "quantity": "12,5",
            "reason": "Đo lại sân",
            "evidence": "Biên bản đo lại ngày 02/12/2026",
        },
    )
    correction = InventoryCorrection.objects.get()
    page = client.get(f"/households/{home.household.pk}/").content.decode()
    assert "plan-stale" in page and "Đo lại sân" in page
    assert f"đính chính số {correction.pk}" in page

    client.post(f"/plans/cases/{home.case.pk}/compute/")
    page = client.get(f"/households/{home.household.pk}/").content.decode()
    assert "plan-stale" not in page
    assert f"kể cả đính chính số {correction.pk}" in page


def test_the_inventory_export_shows_the_corrected_line(home, officer, closed):
    from io import BytesIO

    from openpyxl import load_workbook

    from gpmb.census.excel import export_inventory

    _census, item = closed
    correct(item, officer)
    out = BytesIO()
    export_inventory(home.project, out, user=officer)
    cells = [
        cell
        for ws in load_workbook(BytesIO(out.getvalue())).worksheets
        for row in ws.iter_rows(values_only=True)
        if "Sân bê tông" in row
        for cell in row
    ]
    assert Decimal("12.5") in [Decimal(str(c)) for c in cells if isinstance(c, int | float)]


def test_a_submitted_plan_from_before_the_basis_was_recorded_is_not_held_for_nothing(
    home, officer, closed
):
    submitted = post_consult_submit(case_compute(case=home.case, actor=officer), officer)
    # As stored before versions recorded their inventory basis.
    from gpmb.plans.services import _canonical, _sha
    from gpmb.policy.packs import pack_for_code

    pack_row, _pack = pack_for_code(home.project.policy_pack_code)
    legacy = _sha(_canonical([submitted.facts_hash, pack_row.digest, {}]))
    PlanVersion.objects.filter(pk=submitted.pk).update(inventory_basis={}, input_hash=legacy)
    summary = batch_compute(project=home.project, actor=officer)
    assert summary.held == {} and summary.unchanged == 1
