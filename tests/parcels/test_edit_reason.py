"""A parcel edit that moves money (land use, areas) needs a reason, kept with the change
(issue 11, point 4; UX review D7: "the parcel edit form also saves without a reason")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from gpmb.core.models import AuditEvent, ObjectChange
from gpmb.parcels.models import Parcel
from gpmb.parcels.services import ParcelEditError, parcel_update
from tests.factories import ImpactFactory, ParcelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def parcel(project):
    parcel = ParcelFactory(commune=project.segments.get().commune)
    ImpactFactory(project=project, parcel=parcel)
    return parcel


def stored(parcel):
    return Parcel.objects.filter(pk=parcel.pk).values().get()


def form(parcel, **values):
    data = {
        "land_use_code": parcel.land_use_code,
        "certificate_area": "80",
        "measured_area": "81,2",
        "address": "",
        "reason": "",
        "seen": parcel.edit_stamp,
    }
    return {**data, **values}


@pytest.mark.parametrize(
    "change",
    [{"land_use_code": "CLN"}, {"measured_area": "90"}, {"certificate_area": ""}],
    ids=["land-use", "measured-area", "certificate-area-cleared"],
)
def test_a_money_moving_edit_without_reason_changes_nothing(client, officer, parcel, change):
    before = stored(parcel)
    changes, events = ObjectChange.objects.count(), AuditEvent.objects.count()
    client.force_login(officer)
    url = reverse("parcels:parcel_edit", args=[parcel.pk])
    response = client.post(url, form(parcel, **change, reason="   "))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ghi lý do sửa" in html and "quyết định tiền bồi thường" in html
    assert stored(parcel) == before
    assert ObjectChange.objects.count() == changes and AuditEvent.objects.count() == events


def test_with_a_reason_it_is_saved_and_the_reason_kept_with_the_change(client, officer, parcel):
    client.force_login(officer)
    url = reverse("parcels:parcel_edit", args=[parcel.pk])
    response = client.post(
        url, form(parcel, land_use_code="CLN", measured_area="90", reason="Biên bản đo lại")
    )
    assert response.status_code == 302
    parcel.refresh_from_db()
    assert parcel.land_use_code == "CLN" and parcel.measured_area == Decimal("90.00")
    event = AuditEvent.objects.get(kind="parcel.update", object_id=parcel.pk)
    assert event.reason == "Biên bản đo lại" and event.user == officer
    assert set(event.data["fields"]) == {"land_use_code", "measured_area"}


def test_the_address_alone_needs_no_reason(client, officer, parcel):
    client.force_login(officer)
    url = reverse("parcels:parcel_edit", args=[parcel.pk])
    assert client.post(url, form(parcel, address="Số 5 ngõ 12")).status_code == 302
    parcel.refresh_from_db()
    assert parcel.address == "Số 5 ngõ 12"


def test_the_service_refuses_too_so_commands_and_imports_cannot_skip_it(officer, parcel):
    before = stored(parcel)
    with pytest.raises(ParcelEditError, match="diện tích đo đạc"):
        parcel_update(actor=officer, parcel=parcel, data={"measured_area": Decimal("1")})
    assert stored(parcel) == before


def test_the_parcel_history_shows_the_reason_with_the_fields(client, officer, parcel):
    client.force_login(officer)
    url = reverse("parcels:parcel_edit", args=[parcel.pk])
    client.post(url, form(parcel, measured_area="90", reason="Biên bản đo lại 12/5/2026"))
    html = client.get(f"/history/parcels/parcel/{parcel.pk}/").content.decode()
    assert "Lý do đã ghi" in html and "Biên bản đo lại 12/5/2026" in html
    assert "Diện tích đo đạc (m²)" in html or "diện tích đo đạc (m²)" in html


def test_the_use_beyond_the_residential_part_is_entered_on_the_edit_page(client, officer, parcel):
    """Issue 16: a house plot with its garden ("ONT+CLN"), Decree 88/2024 Art. 8: the
    garden is compensated as its own land, so the code moves money and needs a reason; a
    code that is not a land use is refused with nothing saved."""
    client.force_login(officer)
    url = reverse("parcels:parcel_edit", args=[parcel.pk])
    before = stored(parcel)
    response = client.post(url, form(parcel, remainder_land_use_code="ZZZ", reason="x"))
    assert response.status_code == 200 and stored(parcel) == before
    response = client.post(url, form(parcel, remainder_land_use_code="CLN"))
    assert response.status_code == 200 and "Ghi lý do sửa" in response.content.decode()
    assert stored(parcel) == before
    response = client.post(
        url, form(parcel, remainder_land_use_code="CLN", reason="Trích lục thửa ONT+CLN")
    )
    assert response.status_code == 302
    parcel.refresh_from_db()
    assert parcel.remainder_land_use_code == "CLN"
    event = AuditEvent.objects.get(kind="parcel.update", object_id=parcel.pk)
    assert event.data["fields"] == ["remainder_land_use_code"]
    # The page shows it back for the next edit.
    assert 'value="CLN" selected' in client.get(url).content.decode()
