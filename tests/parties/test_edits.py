"""Issue 16: the facts the engine asks for that only the commune can confirm — the
farmland a household uses (Decree 88/2024 Art. 19(1)(b)) and, for each tenure, its
origin, papers, start of stable use and the fee payable as if certified (Art. 25(3)) —
can be recorded on a page, with a reason, and reach the plan's facts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gpmb.core.choices import Role
from gpmb.core.models import AuditEvent, EditConflict, ObjectChange
from gpmb.parties.models import Household, Tenure
from gpmb.parties.services import PartyEditError, household_update, tenure_update
from gpmb.plans.facts import facts_for_cases
from tests.plans.conftest import make_home

pytestmark = pytest.mark.django_db
LE_CHAN, AN_BIEN = "11383", "11407"


@pytest.fixture
def home(db):
    return make_home()


def test_the_farmland_in_use_is_recorded_with_its_reason_and_reaches_the_plan(home, make_user):
    officer = make_user(Role.COMPENSATION_OFFICER, project=home.project)
    with pytest.raises(PartyEditError, match="Ghi lý do"):
        household_update(
            actor=officer,
            household=home.household,
            data={"agricultural_area_in_use": Decimal("1250.50")},
        )
    assert Household.objects.get(pk=home.household.pk).agricultural_area_in_use is None

    household_update(
        actor=officer,
        household=home.household,
        data={"agricultural_area_in_use": Decimal("1250.50")},
        reason="Xác nhận của UBND phường Lê Chân ngày 12/5/2026",
    )
    # Decree 88 Art. 19(1)(b): the share recovered is read against this area.
    facts = facts_for_cases([home.case.pk])[0][home.case.pk]
    assert facts["agricultural_area_in_use"] == "1250.5"
    event = AuditEvent.objects.get(kind="household.update")
    assert "12/5/2026" in event.reason
    changes = ObjectChange.objects.filter(object_id=home.household.pk)
    change = next(c for c in changes if "agricultural_area_in_use" in c.changed_fields)
    assert change.before["agricultural_area_in_use"] is None


def test_the_commune_confirms_a_tenure_and_a_stale_page_saves_nothing(home, make_user):
    tenure = Tenure.objects.get(household=home.household)
    land = make_user(Role.COMMUNE_LAND_OFFICER, project=home.project, commune=LE_CHAN)
    seen = tenure.edit_stamp
    tenure_update(
        actor=land,
        tenure=tenure,
        data={"origin": "no_papers", "stable_use_start_date": dt.date(2003, 6, 1)},
        reason="Biên bản xác định nguồn gốc đất ngày 02/4/2026",
        seen=seen,
    )
    saved = Tenure.objects.get(pk=tenure.pk)
    assert (saved.origin, saved.stable_use_start_date) == ("no_papers", dt.date(2003, 6, 1))
    facts = facts_for_cases([home.case.pk])[0][home.case.pk]
    assert facts["parcels"][0]["stable_use_from"] == "2003-06-01"
    # The same page sent again, opened before that change: refused, nothing saved.
    with pytest.raises(EditConflict):
        tenure_update(
            actor=land,
            tenure=tenure,
            data={"certification_fee": 90_000_000},
            reason="x",
            seen=seen,
        )
    assert Tenure.objects.get(pk=tenure.pk).certification_fee is None
    # Papers alone move no money: no reason needed.
    tenure_update(actor=land, tenure=tenure, data={"evidence": "Giấy viết tay năm 2003"})


def test_on_the_web_bad_input_is_named_and_another_ward_is_not_reached(home, make_user, client):
    tenure = Tenure.objects.get(household=home.household)
    url = f"/parcels/tenures/{tenure.pk}/edit/"
    an_bien = make_user(Role.COMMUNE_LAND_OFFICER, project=home.project, commune=AN_BIEN)
    client.force_login(an_bien)
    assert client.get(url).status_code == 404

    client.force_login(make_user(Role.COMMUNE_LAND_OFFICER, project=home.project, commune=LE_CHAN))
    page = client.get(f"/households/{home.household.pk}/").content.decode()
    assert url in page
    bad = client.post(
        url,
        {"origin": "recognised", "violation": "none", "certificate_date": "31/02/2026"},
    )
    assert bad.status_code == 200 and "31/02/2026" in bad.content.decode()
    assert Tenure.objects.get(pk=tenure.pk).certificate_date is None
    ok = client.post(
        url,
        {
            "origin": "recognised",
            "violation": "none",
            "certificate_date": "15/03/2001",
            "certification_fee": "12.500.000",
            "reason": "Sao y GCN",
        },
    )
    assert ok.status_code == 302
    saved = Tenure.objects.get(pk=tenure.pk)
    assert (saved.certificate_date, saved.certification_fee) == (dt.date(2001, 3, 15), 12_500_000)
    # The commune land officer confirms tenures, not the household's own record.
    assert client.get(f"/households/{home.household.pk}/edit/").status_code == 403

    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=home.project))
    response = client.post(
        f"/households/{home.household.pk}/edit/",
        {"agricultural_area_in_use": "1.250,5", "is_poor": "on", "reason": "XN ngày 12/5"},
    )
    assert response.status_code == 302
    household = Household.objects.get(pk=home.household.pk)
    assert (household.agricultural_area_in_use, household.is_poor) == (Decimal("1250.50"), True)
