"""The change log answers "who changed parcel 85's area, from what to what, when"."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from gpmb.core.audit import acting_as
from gpmb.core.choices import ChangeAction, Role
from gpmb.core.models import AuditEvent, ObjectChange
from gpmb.core.services import assignment_create
from gpmb.parcels.models import Parcel
from gpmb.parcels.services import parcel_update
from gpmb.parties.models import Party
from tests.factories import ParcelFactory, UserFactory

pytestmark = pytest.mark.django_db


def changes_of(obj):
    return ObjectChange.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).order_by("time", "pk")


def test_create_edit_delete_are_logged_with_before_after_and_user():
    officer = UserFactory(username="officer")
    with acting_as(officer):
        parcel = ParcelFactory(parcel_number="85", measured_area=Decimal("120.50"))
        parcel.measured_area = Decimal("118.25")
        parcel.save()
        pk = parcel.pk
        parcel.delete()
    create, update, delete = ObjectChange.objects.filter(
        object_id=pk, content_type__model="parcel"
    )[::-1]
    assert create.action == ChangeAction.CREATE and create.before is None
    assert create.after["parcel_number"] == "85" and create.after["measured_area"] == "120.50"
    assert update.action == ChangeAction.UPDATE
    assert update.changed_fields == ["measured_area"]
    assert update.diff() == [("measured_area", "120.50", "118.25")]
    assert update.user == officer
    assert delete.action == ChangeAction.DELETE and delete.after is None
    assert delete.before["measured_area"] == "118.25"
    assert {c.request_id for c in (create, update, delete)} == {create.request_id}


def test_save_without_change_writes_nothing():
    parcel = ParcelFactory()
    fresh = Parcel.objects.get(pk=parcel.pk)
    before = changes_of(fresh).count()
    fresh.save()
    assert changes_of(fresh).count() == before


def test_edit_of_a_loaded_record_logs_its_database_values_as_before():
    parcel = ParcelFactory(measured_area=Decimal("50.00"), land_use_code="ODT")
    loaded = Parcel.objects.get(pk=parcel.pk)
    loaded.land_use_code = "TMD"
    loaded.save()
    last = changes_of(loaded).last()
    assert last.diff() == [("land_use_code", "ODT", "TMD")]


def test_service_edit_records_user_and_reason():
    officer = UserFactory()
    parcel = ParcelFactory(measured_area=Decimal("81.20"))
    assignment_create(actor=None, user=officer, role=Role.COMPENSATION_OFFICER)
    parcel_update(
        actor=officer,
        parcel=parcel,
        data={"measured_area": Decimal("79.90")},
        reason="Đo lại ngày 12/5/2026",
    )
    change = changes_of(parcel).last()
    assert change.user == officer and change.diff() == [("measured_area", "81.20", "79.90")]
    event = AuditEvent.objects.get(kind="parcel.update", object_id=parcel.pk)
    assert event.reason == "Đo lại ngày 12/5/2026" and event.user == officer


def test_derived_search_field_is_not_logged_but_personal_data_is():
    party = Party.objects.create(full_name="Lê Thị Hoa", national_id="031190000001")
    party.full_name = "Lê Thị Hoà"
    party.save()
    change = changes_of(party).last()
    assert change.changed_fields == ["full_name"]
    assert "search_name" not in change.after


def test_deferred_fields_load_and_save_without_recursion():
    parcel = ParcelFactory(measured_area=Decimal("50.00"), address="Số 1")
    partial = Parcel.objects.only("pk", "measured_area").get(pk=parcel.pk)
    partial.measured_area = Decimal("49.00")
    partial.save(update_fields=["measured_area"])
    last = changes_of(parcel).last()
    assert last.diff() == [("measured_area", "50.00", "49.00")]
