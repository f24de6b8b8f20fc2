"""The pages an officer works from: search, household page, parcel edit, history."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gpmb.core.choices import Role
from gpmb.parcels.models import Parcel
from gpmb.parcels.services import parcel_update
from tests.factories import (
    BatchFactory,
    CaseFactory,
    HouseholdFactory,
    ImpactFactory,
    MemberFactory,
    ParcelFactory,
    PartyFactory,
    ProjectFactory,
    SegmentFactory,
    TenureFactory,
    unit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    project = ProjectFactory(code="hs-cr2")
    SegmentFactory(project=project, commune=unit("11383"))
    return project


def make_household(project, name, sheet, number, batch=None):
    head = PartyFactory(full_name=name, national_id="")
    household = HouseholdFactory(head=head)
    MemberFactory(household=household, party=head)
    parcel = ParcelFactory(map_sheet=sheet, parcel_number=number)
    ImpactFactory(project=project, parcel=parcel)
    TenureFactory(parcel=parcel, household=household)
    CaseFactory(household=household, batch=batch or BatchFactory(project=project))
    return household


def test_search_by_name_with_or_without_diacritics_and_by_parcel(project, make_user, client):
    batch = BatchFactory(project=project)
    hung = make_household(project, "Nguyễn Văn Hùng", "12", "85", batch)
    lan = make_household(project, "Trần Thị Lan", "12", "86", batch)
    other = make_household(project, "Lê Văn Tám", "13", "85", batch)
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=project))

    def found(q):
        html = client.get("/households/", {"q": q}).content.decode()
        return {h.code for h in (hung, lan, other) if h.code in html}

    assert found("Nguyễn Văn Hùng") == {hung.code}
    assert found("nguyen van hung") == {hung.code}
    assert found("Thị Lan") == {lan.code}
    assert found("12/85") == {hung.code}
    assert found("tờ 12 thửa 86") == {lan.code}
    assert found("85") == {hung.code, other.code}
    assert found(lan.code) == {lan.code}
    assert found("không có ai") == set()


def test_household_list_query_count_does_not_grow_with_rows(project, make_user, client):
    batch = BatchFactory(project=project)
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=project))
    make_household(project, "Một", "1", "1", batch)
    client.get("/households/")  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        client.get("/households/")
    for i in range(2, 12):
        make_household(project, f"Hộ {i}", "1", str(i), batch)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/households/").status_code == 200
    assert len(many) == len(few)


def test_household_page_query_count_is_pinned(project, make_user, client):
    household = make_household(project, "Nguyễn Văn Hùng", "12", "85")
    for _ in range(4):
        MemberFactory(household=household)
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=project))
    url = f"/households/{household.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # The page, its cases' legal steps, its panels (parcels, inventory, plans, and the
    # payments panel's one query: is any case in a payment batch) and the rights they
    # check.
    assert len(queries) <= 16


def test_national_ids_are_masked_for_roles_that_do_not_need_them(project, make_user, client):
    household = make_household(project, "Nguyễn Văn Hùng", "12", "85")
    MemberFactory(household=household, party=PartyFactory(national_id="031090123456"))
    client.force_login(make_user(Role.LEADERSHIP))
    page = client.get(f"/households/{household.pk}/").content.decode()
    assert "031090123456" not in page and "*********456" in page
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=project))
    assert "031090123456" in client.get(f"/households/{household.pk}/").content.decode()


def test_edit_parcel_area_the_vietnamese_way_and_see_it_in_history(project, make_user, client):
    household = make_household(project, "Nguyễn Văn Hùng", "12", "85")
    parcel = Parcel.objects.get(tenures__household=household)
    officer = make_user(Role.COMPENSATION_OFFICER, project=project, username="canbo")
    client.force_login(officer)
    form = {
        "land_use_code": "ODT",
        "certificate_area": "80,00",
        "measured_area": "1.234,5",
        "address": "",
        "reason": "Đo đạc lại",
    }
    response = client.post(f"/parcels/{parcel.pk}/edit/", form)
    assert response.status_code == 302
    parcel.refresh_from_db()
    assert parcel.measured_area == Decimal("1234.50")
    history = client.get(f"/history/parcels/parcel/{parcel.pk}/").content.decode()
    assert "81,20" in history or "81.20" in history
    assert "1234.50" in history and "canbo" in history


def test_ambiguous_area_is_refused_and_nothing_saved(project, make_user, client):
    household = make_household(project, "Nguyễn Văn Hùng", "12", "85")
    parcel = Parcel.objects.get(tenures__household=household)
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=project))
    form = {
        "land_use_code": "ODT",
        "certificate_area": "80",
        "measured_area": "20,000",
        "address": "",
        "reason": "",
    }
    response = client.post(f"/parcels/{parcel.pk}/edit/", form)
    assert response.status_code == 200
    assert "không rõ" in response.content.decode()
    assert 'value="20,000"' in response.content.decode()  # the typed text is not lost
    parcel.refresh_from_db()
    assert parcel.measured_area == Decimal("81.20")


def test_read_only_roles_cannot_edit(project, make_user, client):
    household = make_household(project, "Nguyễn Văn Hùng", "12", "85")
    parcel = Parcel.objects.get(tenures__household=household)
    before = Parcel.objects.filter(pk=parcel.pk).values().get()
    client.force_login(make_user(Role.LEADERSHIP))
    page = client.get(f"/parcels/{parcel.pk}/")
    assert page.status_code == 200
    assert f"/parcels/{parcel.pk}/edit/" not in page.content.decode()  # no action it cannot take
    assert client.get(f"/parcels/{parcel.pk}/edit/").status_code == 403
    form = {"land_use_code": "ODT", "measured_area": "1"}
    assert client.post(f"/parcels/{parcel.pk}/edit/", form).status_code == 403
    assert Parcel.objects.filter(pk=parcel.pk).values().get() == before


def test_a_stale_parcel_form_never_puts_back_what_someone_just_changed(project, make_user, client):
    # Security review finding 11: A saves a new address; B saves from the form opened
    # before that, and the address went back to the old one without a word.
    household = make_household(project, "Nguyễn Văn Hùng", "12", "85")
    parcel = Parcel.objects.get(tenures__household=household)
    b = make_user(Role.COMPENSATION_OFFICER, project=project, username="canbo.b")
    client.force_login(b)
    page = client.get(f"/parcels/{parcel.pk}/edit/").content.decode()
    seen = re.search(r'name="seen" value="([^"]+)"', page).group(1)
    parcel_update(actor=None, parcel=parcel, data={"address": "Số 5 ngõ 12 Hồ Sen"})
    form = {
        "land_use_code": parcel.land_use_code,
        "certificate_area": "",
        "measured_area": "99",
        "address": "",
        "reason": "Đo lại",
        "seen": seen,
    }
    response = client.post(f"/parcels/{parcel.pk}/edit/", form)
    html = response.content.decode()
    assert response.status_code == 200 and "sau khi bạn mở trang" in html
    parcel.refresh_from_db()
    assert parcel.address == "Số 5 ngõ 12 Hồ Sen"
    assert parcel.measured_area != Decimal("99")
    # Seen again, saving on purpose overwrites: the form now carries the new version.
    form["seen"] = re.search(r'name="seen" value="([^"]+)"', html).group(1)
    assert client.post(f"/parcels/{parcel.pk}/edit/", form).status_code == 302
    parcel.refresh_from_db()
    assert parcel.measured_area == Decimal("99") and parcel.address == ""
