"""Natural keys hold at the database, whatever code writes the rows."""

import pytest
from django.db import IntegrityError, transaction

from gpmb.parties.models import Party
from tests.factories import (
    BatchFactory,
    CaseFactory,
    HouseholdFactory,
    ParcelFactory,
    ProjectFactory,
    SegmentFactory,
    unit,
)

pytestmark = pytest.mark.django_db


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_parcel_unique_by_commune_sheet_number():
    ParcelFactory(map_sheet="12", parcel_number="85")
    refused(lambda: ParcelFactory(map_sheet="12", parcel_number="85"))
    # The same number on another sheet, or in another commune, is another parcel.
    ParcelFactory(map_sheet="13", parcel_number="85")
    ParcelFactory(map_sheet="12", parcel_number="85", commune=unit("11407"))


def test_parcel_area_cannot_be_negative():
    refused(lambda: ParcelFactory(measured_area=-1))


def test_party_unique_by_national_id_when_it_has_one():
    Party.objects.create(full_name="A", national_id="031090000111")
    refused(lambda: Party.objects.create(full_name="B", national_id="031090000111"))
    Party.objects.create(full_name="Trẻ em 1", national_id="")
    Party.objects.create(full_name="Trẻ em 2", national_id="")
    assert Party.objects.filter(national_id="").count() == 2


def test_project_code_segment_batch_case_are_unique():
    project = ProjectFactory(code="hs-cr2")
    refused(lambda: ProjectFactory(code="hs-cr2"))
    SegmentFactory(project=project)
    refused(lambda: SegmentFactory(project=project))
    batch = BatchFactory(project=project, code="D1")
    refused(lambda: BatchFactory(project=project, code="D1"))
    household = HouseholdFactory()
    CaseFactory(household=household, batch=batch)
    refused(lambda: CaseFactory(household=household, batch=batch))


def test_household_code_unique():
    HouseholdFactory(code="LC-00001")
    refused(lambda: HouseholdFactory(code="LC-00001"))
