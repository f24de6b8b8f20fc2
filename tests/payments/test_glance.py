"""Issue 13: money and land at a glance by ward and project, and the kilometres of clean
land along a linear project's alignment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import shapely
from shapely.geometry import LineString

from gpmb.cases.choices import CaseStatus
from gpmb.cases.models import Step
from gpmb.cases.services import case_mark_handed_over
from gpmb.payments.queries import clean_length
from tests.factories import (
    BatchFactory,
    CaseFactory,
    HouseholdFactory,
    ImpactFactory,
    ParcelFactory,
    ProjectFactory,
    TenureFactory,
    geometry_fields,
)

pytestmark = pytest.mark.django_db

# A 100 m centreline along the parcels of geometry_fields (10 × 10 m boxes, x metres east).
CENTRELINE = LineString([(590_000, 2_305_005), (590_100, 2_305_005)])


def parcel_of(project, batch, x, handed_over, household=None):
    parcel = ParcelFactory(**geometry_fields(x))
    ImpactFactory(project=project, parcel=parcel)
    household = household or HouseholdFactory()
    TenureFactory(parcel=parcel, household=household)
    case = CaseFactory(household=household, batch=batch)
    if handed_over:
        # The handover step recorded (by payments.services in the app), then the earned
        # status follows it.
        Step.objects.create(
            case=case, project=project, commune=case.commune, code="handover", position=1,
            title="Bàn giao mặt bằng", title_en="Handover", scope="household",
            role="compensation_officer", earns=CaseStatus.HANDED_OVER,
            done_date=dt.date(2026, 11, 1),
        )  # fmt: skip
        case_mark_handed_over(cases=[case], actor=None)
    return parcel


def test_clean_km_is_the_handed_over_stretch_less_what_is_still_held():
    project = ProjectFactory(kind="linear", centreline=shapely.to_wkb(CENTRELINE))
    batch = BatchFactory(project=project)
    parcel_of(project, batch, 0, True)  # 0-10 m
    parcel_of(project, batch, 10, True)  # 10-20 m
    parcel_of(project, batch, 20, False)  # 20-30 m: not handed over
    parcel_of(project, batch, 50, True)  # 50-60 m
    # Handed over 0-20 and 50-60 (30 m), none of it held by anyone else yet.
    assert round(clean_length(project).clean_m, 6) == 30.0
    # A parcel at 5-15 m still held by a household that has not handed over cuts its
    # stretch out of the clean land: 0-5, 15-20 and 50-60 remain (20 m).
    parcel_of(project, batch, 5, False)
    result = clean_length(project)
    assert round(result.clean_m, 6) == 20.0
    assert result.clean_km == Decimal("0.02") and result.total_m == 100.0


def test_a_parcel_is_clear_only_when_every_household_on_it_has_handed_over():
    project = ProjectFactory(kind="linear", centreline=shapely.to_wkb(CENTRELINE))
    batch = BatchFactory(project=project)
    parcel = parcel_of(project, batch, 0, True)
    other = HouseholdFactory()
    TenureFactory(parcel=parcel, household=other)
    CaseFactory(household=other, batch=batch)  # a co-holder not yet handed over
    assert clean_length(project).clean_m == 0


def test_no_centreline_or_an_area_project_has_no_clean_km():
    assert clean_length(ProjectFactory(kind="linear")) is None
    area = ProjectFactory(kind="area", centreline=shapely.to_wkb(CENTRELINE))
    assert clean_length(area) is None


def test_the_project_page_shows_money_and_land_by_ward(client, home, people, approved, make_user):
    from gpmb.core.choices import Role
    from gpmb.core.vnformat import format_money
    from tests.payments.conftest import days_ago
    from tests.payments.test_handover import hand_over
    from tests.payments.test_payments import due, pay, ready

    ready(approved, people)
    amount = due(home)
    pay(home, people, amount, days_ago(40))
    hand_over(home, people, days_ago(20))
    client.force_login(people["accountant"])
    page = client.get(f"/payments/projects/{home.project.code}/").content.decode()
    row = page.split(f'class="ward-{home.case.commune.code}"')[1].split("</tr>")[0]
    cells = [c.split("</td>")[0] for c in row.split("<td")[1:]]
    cells = [c.split(">", 1)[1] for c in cells]
    assert cells[0] == home.case.commune.name
    assert cells[3] == format_money(amount)  # paid
    assert cells[7] == "1"  # handed over
    # The investor sees the project's progress, not its money.
    client.force_login(make_user(Role.INVESTOR, project=home.project, username="cdt"))
    assert client.get(f"/payments/projects/{home.project.code}/").status_code == 403
