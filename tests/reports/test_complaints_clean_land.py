"""Open complaints as of a date and the complaint blocker; kilometres of clean land along
a linear project's centreline, as of a date, on the project, ward and city dashboards."""

from __future__ import annotations

from decimal import Decimal

import pytest
import shapely
from django.urls import reverse
from shapely.geometry import LineString

from gpmb.cases.services import complaint_close, complaint_open
from gpmb.parcels.models import Parcel
from gpmb.projects.models import Project
from gpmb.reports.queries import BlockerReason, ScopeKind, blockers, report
from tests.factories import geometry_fields
from tests.payments.conftest import days_ago

pytestmark = pytest.mark.django_db

LE_CHAN, AN_BIEN = "11383", "11407"
# A 100 m centreline along the parcels of geometry_fields (10 × 10 m boxes, x metres east).
CENTRELINE = LineString([(590_000, 2_305_005), (590_100, 2_305_005)])


def _by_code(units):
    return {u.code: u for u in units}


def test_open_complaints_are_counted_as_of_the_date_and_hold_the_case(city):
    user, ab = city["people"]["leadership"], city["ab"]
    flag = complaint_open(
        case=ab.case, opened_date=days_ago(30), reason="Không đồng ý đơn giá", actor=None
    )
    now = report(user, ScopeKind.CITY).totals
    assert now.open_complaints == 1
    wards = _by_code(report(user, ScopeKind.CITY).wards)
    assert wards[AN_BIEN].open_complaints == 1 and wards[LE_CHAN].open_complaints == 0
    assert report(user, ScopeKind.CITY, as_of=days_ago(31)).totals.open_complaints == 0
    groups = {g.reason: g for g in blockers(user, ScopeKind.CITY)}
    assert groups[BlockerReason.COMPLAINT].case_ids == {ab.case.pk}

    complaint_close(flag=flag, closed_date=days_ago(3), outcome="Đã giải thích", actor=None)
    # Closed three days ago: still open ten days ago, not today.
    assert report(user, ScopeKind.CITY, as_of=days_ago(10)).totals.open_complaints == 1
    assert report(user, ScopeKind.CITY).totals.open_complaints == 0
    groups = {g.reason: g for g in blockers(user, ScopeKind.CITY)}
    assert groups[BlockerReason.COMPLAINT].count == 0


def test_the_complaint_blocker_clicks_through_to_its_household(client, city):
    ab = city["ab"]
    complaint_open(case=ab.case, opened_date=days_ago(2), reason="Khiếu nại diện tích", actor=None)
    client.force_login(city["people"]["leadership"])
    page = client.get(
        reverse("dashboard:blockers"), {"scope": "city", "reason": BlockerReason.COMPLAINT}
    )
    assert page.status_code == 200
    assert ab.household.code in page.content.decode()
    assert city["lc"].household.code not in page.content.decode()


def _linear(city):
    project = city["lc"].project
    project.kind = "linear"
    project.centreline = shapely.to_wkb(CENTRELINE)
    project.save()
    # Lê Chân's parcel at 0–10 m (handed over five days ago), An Biên's at 50–60 m.
    Parcel.objects.filter(pk=city["lc"].parcel.pk).update(**geometry_fields(0))
    Parcel.objects.filter(pk=city["ab"].parcel.pk).update(**geometry_fields(50))
    return project


def test_clean_km_of_a_linear_project_as_of_the_date_by_ward_and_for_the_city(city):
    user = city["people"]["leadership"]
    project = _linear(city)
    r = report(user, ScopeKind.PROJECT, project.code)
    assert r.totals.clean_km == Decimal("0.01") and r.totals.line_km == Decimal("0.1")
    wards = _by_code(report(user, ScopeKind.CITY).wards)
    assert wards[LE_CHAN].clean_km == Decimal("0.01")
    assert wards[AN_BIEN].clean_km == Decimal("0")
    assert report(user, ScopeKind.CITY).totals.clean_km == Decimal("0.01")
    # Six days ago nothing was handed over: no clean land yet.
    before = report(user, ScopeKind.PROJECT, project.code, as_of=days_ago(6))
    assert before.totals.clean_km == Decimal("0")


def test_a_linear_project_without_a_centreline_says_so_instead_of_zero(client, city):
    user = city["people"]["leadership"]
    Project.objects.filter(pk=city["lc"].project.pk).update(kind="linear", centreline=None)
    r = report(user, ScopeKind.PROJECT, city["lc"].project.code)
    assert r.totals.clean_km is None
    assert r.totals.no_centreline == [city["lc"].project.name]
    client.force_login(user)
    page = client.get(reverse("dashboard:project", args=[city["lc"].project.code]))
    assert "chưa có tim tuyến" in page.content.decode()
    # An area project has neither a figure nor a note.
    Project.objects.filter(pk=city["lc"].project.pk).update(kind="area")
    r = report(user, ScopeKind.CITY)
    assert r.totals.clean_km is None and r.totals.no_centreline == []


def test_the_dashboard_shows_clean_km_and_open_complaints(client, city):
    project = _linear(city)
    complaint_open(case=city["ab"].case, opened_date=days_ago(1), reason="Khiếu nại", actor=None)
    client.force_login(city["people"]["leadership"])
    page = client.get(reverse("dashboard:project", args=[project.code])).content.decode()
    assert 'data-figure="clean_km">0,01' in page
    assert 'data-figure="open_complaints">1<' in page
