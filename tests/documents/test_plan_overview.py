"""Issue 12 point 6 and rule R66: the plan of a batch as a whole (Decree 88/2024
Art. 3(1)) with its budget, and the estimate of what organising the compensation costs
(Art. 27, as amended by Decree 226/2025) — recorded item by item by the compensation
organisation's officer, closed once the plan goes to appraisal, and added to the plan's
budget."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gpmb.core.permissions import NotPermitted
from gpmb.core.vnformat import format_area, format_money
from gpmb.documents.chain import decision_versions
from gpmb.documents.overview import overview_context, overview_docx
from gpmb.documents.registry import KINDS
from gpmb.plans.choices import CostItem
from gpmb.plans.models import CostEstimateLine
from gpmb.plans.services import PlanError, case_compute, cost_estimate_record, plan_submit
from tests.documents.test_chain_documents import approved, home, people  # noqa: F401
from tests.documents.test_plan_documents import _docx_text
from tests.documents.test_templates import _shape
from tests.plans.chain import consult, post
from tests.plans.conftest import make_home

pytestmark = pytest.mark.django_db

ESTIMATE = {
    CostItem.PAYMENT: (20_000_000, "theo thực tế (Điều 27 khoản 1 điểm b)"),
    CostItem.SURVEY: (15_500_000, "đơn giá đo đạc địa chính hiện hành"),
}


def consulted(home, people):  # noqa: F811
    other = make_home(project=home.project, name="Lê Thị Hai", national_id="031190654321")
    version = case_compute(case=home.case, actor=people["officer"])
    case_compute(case=other.case, actor=people["officer"])
    return consult(post(version, people["commune"]), people["commune"])


def stored(batch_plan) -> dict[str, int]:
    return dict(
        CostEstimateLine.objects.filter(batch_plan=batch_plan).values_list("item", "amount")
    )


def test_the_officer_records_the_estimate_until_the_plan_is_submitted(home, people):  # noqa: F811
    batch_plan = consulted(home, people)
    lines = cost_estimate_record(batch_plan=batch_plan, items=ESTIMATE, actor=people["officer"])
    assert sum(line.amount for line in lines) == 35_500_000
    assert stored(batch_plan) == {CostItem.PAYMENT: 20_000_000, CostItem.SURVEY: 15_500_000}

    # Refusals change nothing: the wrong role, a negative amount, an amount with no basis.
    with pytest.raises(NotPermitted):
        cost_estimate_record(batch_plan=batch_plan, items={}, actor=people["commune"])
    with pytest.raises(PlanError, match="từ 0 đến 10\\^14"):
        cost_estimate_record(
            batch_plan=batch_plan, items={CostItem.LABOUR: (-1, "x")}, actor=people["officer"]
        )
    with pytest.raises(PlanError, match="ghi căn cứ"):
        cost_estimate_record(
            batch_plan=batch_plan, items={CostItem.LABOUR: (5, " ")}, actor=people["officer"]
        )
    assert stored(batch_plan) == {CostItem.PAYMENT: 20_000_000, CostItem.SURVEY: 15_500_000}

    # A new estimate replaces the old one; an item of 0 is left out.
    cost_estimate_record(
        batch_plan=batch_plan,
        items={CostItem.PAYMENT: (18_000_000, "theo thực tế"), CostItem.SURVEY: (0, "")},
        actor=people["officer"],
    )
    assert stored(batch_plan) == {CostItem.PAYMENT: 18_000_000}

    # Art. 27(2): appraised and approved with the plan — closed once it is submitted.
    plan_submit(batch_plan=batch_plan, actor=people["officer"], document_number="45/TTr")
    with pytest.raises(PlanError, match="Điều 27 khoản 2"):
        cost_estimate_record(batch_plan=batch_plan, items=ESTIMATE, actor=people["officer"])
    assert stored(batch_plan) == {CostItem.PAYMENT: 18_000_000}


def test_the_plan_as_a_whole_adds_up_from_its_households_and_its_estimate(home, people):  # noqa: F811
    batch_plan = consulted(home, people)
    cost_estimate_record(batch_plan=batch_plan, items=ESTIMATE, actor=people["officer"])
    draft = overview_context(batch_plan)
    assert draft["draft"]

    text = _docx_text(overview_docx(batch_plan))
    members = decision_versions(batch_plan)
    assert len(members) == 2
    # Art. 3(1)(a), (b): the area by land type and the owners, from the plans' facts.
    area = sum(
        (Decimal(p["recovered_area"]) for v in members for p in v.facts["parcels"]), Decimal(0)
    )
    assert f"Tổng diện tích đất thu hồi: {format_area(area)} m²" in text
    assert "ODT — Đất ở tại đô thị" in text
    assert "2 hộ gia đình, cá nhân" in text
    # Art. 3(1)(g): the households' money plus the Art. 27 estimate.
    net = sum(v.net_amount for v in members)
    assert format_money(net, unit=False) in text
    assert format_money(35_500_000, unit=False) in text
    assert format_money(net + 35_500_000, unit=False) in text
    assert "theo thực tế (Điều 27 khoản 1 điểm b)" in text
    # Hải Phòng has published no norms (Art. 27(8)): the plan says so, it does not invent one.
    assert "chưa tìm thấy quyết định của thành phố" in text
    # The annex: one row per household.
    for v in members:
        assert v.case.household.code in text
    assert "DỰ THẢO" in text


def test_the_sample_holds_every_field(home, people):  # noqa: F811
    batch_plan = consulted(home, people)
    cost_estimate_record(batch_plan=batch_plan, items=ESTIMATE, actor=people["officer"])
    assert _shape(KINDS["plan_overview"].sample) == _shape(overview_context(batch_plan))


def test_on_the_web_the_estimate_takes_vietnamese_numbers_and_says_what_is_wrong(
    home,  # noqa: F811
    people,  # noqa: F811
    client,
):
    batch_plan = consulted(home, people)
    url = f"/plans/batch-plans/{batch_plan.pk}/cost-estimate/"
    client.force_login(people["officer"])
    bad = client.post(url, {"amount_27.4.d": "12abc", "basis_27.4.d": "theo thực tế"})
    assert bad.status_code == 400
    assert "Tổ chức chi trả" in bad.content.decode() and "12abc" in bad.content.decode()
    assert stored(batch_plan) == {}
    ok = client.post(url, {"amount_27.4.d": "1.200.000", "basis_27.4.d": "theo thực tế"})
    assert ok.status_code == 302
    assert stored(batch_plan) == {CostItem.PAYMENT: 1_200_000}
    page = client.get(f"/plans/batch-plans/{batch_plan.pk}/").content.decode()
    assert "1.200.000" in page and "plan-overview-docx" in page

    client.force_login(people["commune"])
    assert client.post(url, {"amount_27.4.d": "5"}).status_code == 403
    assert stored(batch_plan) == {CostItem.PAYMENT: 1_200_000}


def test_once_approved_the_plan_is_no_longer_a_draft_and_holds_what_was_approved(home, people):  # noqa: F811
    batch_plan = approved(home, people)
    context = overview_context(batch_plan)
    assert not context["draft"]
    assert "DỰ THẢO" not in _docx_text(overview_docx(batch_plan))
    members = decision_versions(batch_plan)
    assert context["budget"]["net"] == format_money(sum(v.net_amount for v in members), unit=False)
    # No estimate recorded: the budget says so instead of a zero that looks decided.
    assert "Chưa lập dự toán" in context["budget"]["cost_note"]
