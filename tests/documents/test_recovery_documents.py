"""Issue 12 point 6: the documents before the plan — the recovery notice with its list of
owners (Land Law 2024 Art. 85(1), (5); Art. 87(2)(a), (b)), the minutes of persuading a
household to allow the inventory and the compulsory-inventory decision that follows it
(Art. 87(2)(đ); Decree 102/2024 form 01a)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gpmb.cases.models import Step
from gpmb.cases.services import StepDocument, step_not_applicable, step_record
from gpmb.core.choices import Role
from gpmb.core.vnformat import format_area
from gpmb.documents.recovery import (
    compulsory_inventory_context,
    compulsory_inventory_docx,
    persuasion_minutes_docx,
    recovery_notice_context,
    recovery_notice_docx,
)
from gpmb.documents.registry import KINDS
from tests.documents.test_plan_documents import _docx_text
from tests.documents.test_templates import _shape
from tests.plans.conftest import make_home

pytestmark = pytest.mark.django_db
LE_CHAN, AN_BIEN = "11383", "11407"
NOTICE = StepDocument(number="5/TB-UBND", date=dt.date(2026, 3, 16), signer="Trần Văn Ký")


@pytest.fixture
def homes(db):
    """Two households of phường Lê Chân and one of An Biên on one road, their notice
    recorded on 16/03/2026 (under Resolution 254's 60/120 days)."""
    first = make_home(name="Trần Văn Mẫu", recovered="50.00")
    second = make_home(
        project=first.project, name="Lê Thị Hai", national_id="031190654321", recovered="35.50"
    )
    third = make_home(
        project=first.project, name="Phạm Văn Ba", national_id="031290111222", commune=AN_BIEN
    )
    for h in (first, second, third):
        step_record(case=h.case, code="notice", done_date=NOTICE.date, document=NOTICE, actor=None)
    return first, second, third


def test_the_notice_lists_the_wards_owners_and_says_when_the_land_may_be_recovered(homes):
    first, second, third = homes
    batch, commune = first.case.batch, first.case.commune
    text = _docx_text(recovery_notice_docx(batch, commune))
    # The notice as recorded on the households' notice step, by the ward's chairman (the
    # project approves by delegation, Decree 49/2026 Art. 14).
    assert "5/TB-UBND" in text
    assert "ỦY BAN NHÂN DÂN PHƯỜNG LÊ CHÂN" in text
    assert "Trần Văn Ký" in text
    # Art. 85(1): every content the law lists.
    for part in (
        "Lý do thu hồi đất",
        "Diện tích, vị trí khu đất thu hồi",
        "Tiến độ thu hồi đất",
        "Kế hoạch điều tra, khảo sát, đo đạc, kiểm đếm",
        "Kế hoạch di dời",
        "Kế hoạch bồi thường, hỗ trợ, tái định cư",
    ):
        assert part in text
    # The list: the two Lê Chân households, one row per parcel; An Biên posts its own.
    assert "Trần Văn Mẫu" in text and "Lê Thị Hai" in text
    assert "Phạm Văn Ba" not in text
    assert first.parcel.parcel_number in text and second.parcel.parcel_number in text
    total = first.impact.recovered_area + second.impact.recovered_area
    assert total == Decimal("85.50")
    assert format_area(total) in text
    # Posted in public: no national ID, phone or home address (Decree 13/2023).
    for private in ("031090123456", "031190654321", "0912345678", "Số 5, Hồ Sen"):
        assert private not in text
    # Non-agricultural land (ODT) noticed on 16/03/2026: 120 days (Resolution 254/2025
    # Art. 3(9)(a)) → no decision before 14/07/2026; valid 12 months (Art. 85(5)).
    assert NOTICE.date + dt.timedelta(days=120) == dt.date(2026, 7, 14)
    assert "không sớm hơn ngày 14/07/2026" in text
    assert "đến hết ngày 16/03/2027" in text

    other = _docx_text(recovery_notice_docx(batch, third.case.commune))
    assert "Phạm Văn Ba" in other and "Trần Văn Mẫu" not in other
    assert "ỦY BAN NHÂN DÂN PHƯỜNG AN BIÊN" in other


def test_a_notice_of_2025_counts_the_land_laws_180_days(db):
    home = make_home()
    notice = StepDocument(number="9/TB-UBND", date=dt.date(2025, 10, 1))
    step_record(case=home.case, code="notice", done_date=notice.date, document=notice, actor=None)
    context = recovery_notice_context(home.case.batch, home.case.commune)
    # Land Law 2024 Art. 85(1): 180 days for non-agricultural land before 1 January 2026.
    assert "180 ngày đối với đất phi nông nghiệp" in context["schedule"]
    assert "không sớm hơn ngày 30/03/2026" in context["schedule"]
    assert dt.date(2025, 10, 1) + dt.timedelta(days=180) == dt.date(2026, 3, 30)


def test_persuasion_then_the_compulsory_inventory_decision(homes):
    first = homes[0]
    case = first.case
    # Before the decision is recorded it is a draft with a blank number.
    draft = compulsory_inventory_context(case)
    assert draft["draft"] and draft["heading"]["number"].startswith("....")

    end = dt.date(2026, 4, 16)
    step_record(
        case=case,
        code="persuasion",
        done_date=end,
        document=StepDocument(number="2/BB-UBND", date=end),
        actor=None,
        note="Hộ chưa đồng ý cho đo đạc.",
    )
    minutes = _docx_text(persuasion_minutes_docx(case))
    assert "Trần Văn Mẫu" in minutes and "2/BB-UBND" in minutes
    # Art. 87(2)(đ): 15 days of persuasion; the decision only once 10 days have passed
    # since it ended: the 10th day, 26/04/2026, is a Sunday, so the period ends on Monday
    # 27/04 (Civil Code 2015 Art. 148(5)) and the decision may come from 28/04.
    assert "từ ngày 01/04/2026 đến ngày 16/04/2026" in minutes
    assert "từ ngày 28/04/2026" in minutes
    assert "Thông báo thu hồi đất số 5/TB-UBND ngày 16/03/2026" in minutes

    decided = dt.date(2026, 4, 28)
    step_record(
        case=case,
        code="compulsory_inventory",
        done_date=decided,
        document=StepDocument(number="30/QĐ-UBND", date=decided, signer="Trần Văn Ký"),
        actor=None,
    )
    decision = _docx_text(compulsory_inventory_docx(case))
    assert "DỰ THẢO" not in decision
    assert "30/QĐ-UBND" in decision
    assert "Về việc kiểm đếm bắt buộc" in decision
    assert "Biên bản vận động, thuyết phục số 2/BB-UBND ngày 16/04/2026" in decision
    assert first.parcel.parcel_number in decision and "Điều 88" in decision


def test_samples_hold_every_field_the_contexts_hold(homes):
    case = homes[0].case
    assert _shape(KINDS["recovery_notice"].sample) == _shape(
        recovery_notice_context(case.batch, case.commune)
    )
    assert _shape(KINDS["compulsory_inventory"].sample) == _shape(
        compulsory_inventory_context(case)
    )


def test_pages_give_each_document_to_whoever_sees_the_ward(homes, client, make_user):
    first, _second, third = homes
    project, batch = first.project, first.case.batch
    officer = make_user(Role.COMPENSATION_OFFICER, project=project, username="cb")
    an_bien = make_user(Role.COMMUNE_LAND_OFFICER, project=project, commune=AN_BIEN, username="ab")
    notice = f"/documents/batches/{batch.pk}/communes/{LE_CHAN}/recovery-notice.docx"

    client.force_login(an_bien)
    assert client.get(notice).status_code == 404
    assert client.get(notice.replace(LE_CHAN, AN_BIEN)).status_code == 200
    step = f"/documents/cases/{first.case.pk}/steps/persuasion.docx"
    assert client.get(step).status_code == 404

    client.force_login(officer)
    response = client.get(notice)
    assert response.status_code == 200
    assert "Trần Văn Mẫu" in _docx_text(response.content)
    assert client.get(step).status_code == 200
    assert client.get(f"/documents/cases/{first.case.pk}/steps/notice.docx").status_code == 404
    # A step marked not applicable has no document.
    step_not_applicable(
        case=third.case, code="persuasion", reason="Hộ phối hợp kiểm đếm", actor=None
    )
    assert Step.objects.get(case=third.case, code="persuasion").not_applicable
    assert client.get(f"/documents/cases/{third.case.pk}/steps/persuasion.docx").status_code == 404
    # The batch steps page links the notice of each ward the user sees.
    page = client.get(f"/households/batches/{batch.pk}/steps/").content.decode()
    assert f"/communes/{LE_CHAN}/recovery-notice.docx" in page
    assert f"/communes/{AN_BIEN}/recovery-notice.docx" in page
