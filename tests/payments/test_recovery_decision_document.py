"""Issue 13 point 4: the recovery decision as a document (Land Law 2024 Art. 87(5);
Decree 102/2024 form 01c) — one household's, naming the trigger of Art. 87(5) that
started its 10 days, and one decision with its list when several households were
recorded under the same number."""

from __future__ import annotations

import pytest

from gpmb.core.choices import Role
from gpmb.core.vnformat import format_area
from gpmb.documents.recovery import recovery_decision_context, recovery_decision_docx
from gpmb.documents.registry import KINDS
from gpmb.payments.models import RecoveryDecision
from gpmb.payments.services import recovery_decide
from gpmb.plans.services import case_compute
from tests.documents.test_plan_documents import _docx_text
from tests.documents.test_templates import _shape
from tests.payments.conftest import APPROVED_DAYS_AGO, approved_plan, days_ago
from tests.payments.test_payments import ready
from tests.plans.chain import inventoried
from tests.plans.conftest import make_home

pytestmark = pytest.mark.django_db


def decide(home, people, number="456/QĐ-UBND") -> RecoveryDecision:
    return recovery_decide(
        case=home.case,
        trigger="a",
        trigger_date=days_ago(60),
        decision_number=number,
        decision_date=days_ago(55),
        signer="Trần Văn Ký",
        actor=people["approver"],
    )


def test_the_decision_names_the_household_its_parcels_and_its_trigger(home, people, approved):
    ready(approved, people)
    decision = decide(home, people)
    text = _docx_text(recovery_decision_docx(decision))
    assert "Về việc thu hồi đất" in text and "456/QĐ-UBND" in text
    assert home.household.code in text and home.parcel.parcel_number in text
    assert f"Thu hồi {format_area(home.impact.recovered_area)} m² đất của hộ" in text
    # Land Law 2024 Art. 87(5)(a): the trigger and the 10-day deadline it started.
    assert "a) Phương án đã duyệt, không phải bố trí tái định cư" in text
    assert f"hạn ban hành quyết định thu hồi đất: {days_ago(50):%d/%m/%Y}" in text
    assert "123/QĐ-UBND" in text  # the approval decision it rests on
    assert "DANH SÁCH NGƯỜI CÓ ĐẤT THU HỒI" not in text
    # No national ID or phone: the decision is posted at the ward (Art. 87(5); form 01c).
    assert home.household.head.national_id not in text
    assert _shape(KINDS["recovery_decision"].sample) == _shape(recovery_decision_context(decision))


@pytest.fixture
def two(home, people):
    """A second household of the same ward in the same approved plan."""
    other = make_home(project=home.project, name="Lê Thị Hai", national_id="031190654321")
    inventoried(home.case.batch, days_ago=APPROVED_DAYS_AGO + 60, cases=[other.case])
    case_compute(case=other.case, actor=people["officer"])
    ready(approved_plan(home, people), people)
    return other


def test_one_decision_for_several_households_carries_their_list(home, people, two):
    decide(home, people)
    second = decide(two, people)
    text = _docx_text(recovery_decision_docx(second))
    assert "DANH SÁCH NGƯỜI CÓ ĐẤT THU HỒI" in text and "của 2 hộ gia đình, cá nhân" in text
    assert home.household.code in text and two.household.code in text
    total = home.impact.recovered_area + two.impact.recovered_area
    assert f"Thu hồi {format_area(total)} m²" in text


def test_whoever_sees_the_household_downloads_it_the_investor_does_not(
    home, people, approved, client, make_user
):
    ready(approved, people)
    decision = decide(home, people)
    url = f"/documents/recovery-decisions/{decision.pk}.docx"
    client.force_login(people["officer"])
    assert client.get(url).status_code == 200
    page = client.get(f"/payments/cases/{home.case.pk}/").content.decode()
    assert url in page
    client.force_login(make_user(Role.INVESTOR, project=home.project))
    assert client.get(url).status_code == 404
