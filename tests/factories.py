"""Factories for test data: each builds a valid object and its parents."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from gpmb.cases.models import Case
from gpmb.parcels.models import Parcel, ParcelImpact
from gpmb.parties.models import Household, HouseholdMember, Party, Tenure
from gpmb.projects.models import AdminUnit, Batch, Project, Segment


def unit(code: str) -> AdminUnit:
    """An administrative unit loaded by the migrations (e.g. "11407" phường An Biên)."""
    return AdminUnit.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-test-123")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"p{n}")
    name = factory.Sequence(lambda n: f"Dự án thử {n}")
    kind = "linear"
    province = factory.LazyFunction(lambda: unit("31"))
    crs_epsg = 9210


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Segment

    project = factory.SubFactory(ProjectFactory)
    commune = factory.LazyFunction(lambda: unit("11383"))


class BatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Batch

    project = factory.SubFactory(ProjectFactory)
    code = factory.Sequence(lambda n: f"D{n}")
    name = factory.Sequence(lambda n: f"Đợt {n}")
    notice_date = dt.date(2026, 3, 16)


class ParcelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Parcel

    commune = factory.LazyFunction(lambda: unit("11383"))
    map_sheet = "12"
    parcel_number = factory.Sequence(lambda n: str(n + 1))
    land_use_code = "ODT"
    certificate_area = Decimal("80.00")
    measured_area = Decimal("81.20")


class ImpactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParcelImpact

    project = factory.SubFactory(ProjectFactory)
    parcel = factory.SubFactory(ParcelFactory)
    recovered_area = Decimal("40.00")
    remainder_area = Decimal("41.20")


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    national_id = factory.Sequence(lambda n: f"031090{n:06d}")
    phone = "0912345678"


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    code = factory.Sequence(lambda n: f"HH-{n:05d}")
    head = factory.SubFactory(PartyFactory)
    commune = factory.LazyFunction(lambda: unit("11383"))


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    household = factory.SubFactory(HouseholdFactory)
    party = factory.SubFactory(PartyFactory)
    relation = "head"


class TenureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenure

    parcel = factory.SubFactory(ParcelFactory)
    household = factory.SubFactory(HouseholdFactory)
    origin = "recognised"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    household = factory.SubFactory(HouseholdFactory)
    batch = factory.SubFactory(BatchFactory)
    project = factory.SelfAttribute("batch.project")
    commune = factory.LazyFunction(lambda: unit("11383"))


def geometry_fields(x: float = 0) -> dict:
    """A 10 × 10 m parcel in Hải Phòng's VN-2000 zone (EPSG:9210), x metres east: what a
    parcel needs to be on the map."""
    import shapely

    box = shapely.box(590_000 + x, 2_305_000, 590_010 + x, 2_305_010)
    west, south, east, north = box.bounds
    return {
        "geometry": shapely.to_wkb(box),
        "crs_epsg": 9210,
        "min_x": west,
        "min_y": south,
        "max_x": east,
        "max_y": north,
    }
