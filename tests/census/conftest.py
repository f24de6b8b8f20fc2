"""A small project for census tests: one batch, three households with land and cases,
an officer assigned to the project, and an open first round."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from gpmb.cases.models import Case
from gpmb.census.models import Census
from gpmb.census.services import census_open
from gpmb.core.choices import Role
from gpmb.core.services import assignment_create
from gpmb.parcels.models import Parcel, ParcelImpact
from gpmb.parties.choices import LandOrigin
from gpmb.parties.models import Household, Party, Tenure
from gpmb.projects.choices import ProjectKind
from gpmb.projects.models import AdminUnit, Batch, Project, Segment

NOTICE = dt.date(2026, 3, 16)


@dataclass
class World:
    project: Project
    batch: Batch
    households: list[Household]
    cases: list[Case]
    officer: object
    census: Census


@pytest.fixture
def world(db) -> World:
    province = AdminUnit.objects.get(code="31")
    commune = AdminUnit.objects.get(code="11383")
    project = Project.objects.create(
        code="tp", name="Dự án thử", kind=ProjectKind.LINEAR, province=province, crs_epsg=9210
    )
    Segment.objects.create(project=project, commune=commune)
    batch = Batch.objects.create(project=project, code="D1", name="Đợt 1", notice_date=NOTICE)
    households, cases = [], []
    for index in range(1, 4):
        head = Party.objects.create(
            full_name=f"Nguyễn Văn {index}", national_id=f"03109000000{index}"
        )
        household = Household.objects.create(code=f"LC-{index:05d}", head=head, commune=commune)
        parcel = Parcel.objects.create(
            commune=commune,
            map_sheet="20",
            parcel_number=str(index),
            land_use_code="ODT",
            measured_area=Decimal("80.00"),
        )
        ParcelImpact.objects.create(project=project, parcel=parcel, recovered_area=Decimal("35.50"))
        Tenure.objects.create(parcel=parcel, household=household, origin=LandOrigin.RECOGNISED)
        households.append(household)
        cases.append(
            Case.objects.create(household=household, batch=batch, project=project, commune=commune)
        )
    officer = get_user_model().objects.create_user("canbo", password="x-secret-123")
    assignment_create(actor=None, user=officer, role=Role.COMPENSATION_OFFICER, project=project)
    census = census_open(actor=officer, batch=batch)
    return World(project, batch, households, cases, officer, census)
