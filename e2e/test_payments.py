"""Issue 13: paying the money and taking the land in a real browser. The accountant
prepares a payment batch from an approved plan, the superior approves it, the accountant
pays the household, the compensation officer records the handover; the project's money
and land figures change."""

from __future__ import annotations

from pathlib import Path

from gpmb.cases.choices import CaseStatus
from gpmb.core.choices import Role
from gpmb.geo import crs
from gpmb.parcels.models import Parcel
from gpmb.parcels.views.map import PROGRESS
from gpmb.payments.models import PaymentBatch
from gpmb.plans.models import PlanVersion
from gpmb.projects.models import Project
from tests.factories import geometry_fields
from tests.payments.conftest import approved_plan, days_ago
from tests.payments.test_documents import docx_text
from tests.plans.conftest import make_home


def glance(page, css: str) -> str:
    return page.locator(f".money-glance .{css}").inner_text().strip()


def money(text: str) -> int:
    """ "1.234.000 đồng (3 hộ)" → 1234000."""
    return int(text.split("(")[0].replace("đồng", "").strip().replace(".", "") or 0)


def map_state(page, project, parcel) -> str:
    """The colour class the map's data gives `parcel` when coloured by progress: the
    label of its state in the legend."""
    west, south, east, north = crs.to_wgs84(project.crs_epsg).transform_bounds(
        parcel.min_x, parcel.min_y, parcel.max_x, parcel.max_y
    )
    data = page.request.get(
        f"/parcels/map/{project.code}/features/?colour=status&zoom=19"
        f"&bbox={west - 0.0005},{south - 0.0005},{east + 0.0005},{north + 0.0005}"
    ).json()
    (state,) = [item[1] for item in data["items"] if item[0] == parcel.pk]
    return str(PROGRESS[state].label) if state < len(PROGRESS) else "none"


def test_accountant_prepares_superior_approves_household_paid_and_land_handed_over(
    demo, page, login
):
    from django.contrib.auth import get_user_model

    project = Project.objects.get(code="hs-cr2")
    users = {u.username: u for u in get_user_model().objects.all()}
    home = make_home(project=project, code="e2e", name="Đỗ Văn Chi", national_id="")
    # On the map: a 10 × 10 m parcel (its geometry, as an import would have given it).
    Parcel.objects.filter(pk=home.parcel.pk).update(**geometry_fields(-500))
    home.parcel.refresh_from_db()
    # Approved 40 days ago through the chain's services, as the demo's own.
    people = {
        "officer": users["canbo.bt"],
        "appraiser": users["thamdinh"],
        "approver": users["pheduyet"],
    }
    plan = approved_plan(home, people, approved_days_ago=40)
    amount = PlanVersion.objects.get(case=home.case, status="approved").net_amount
    assert Role.ACCOUNTANT in {a.role for a in users["ketoan"].assignments.all()}

    login("lanhdao")
    page.goto(f"/projects/{project.code}/")
    handed_before = int(glance(page, "glance-handed-over"))
    households_before = int(glance(page, "glance-households").replace(".", ""))
    paid_before = money(glance(page, "glance-paid"))
    assert map_state(page, project, home.parcel) == str(CaseStatus.APPROVED.label)

    page.context.clear_cookies()
    login("ketoan")
    page.goto(f"/payments/batches/{home.case.batch_id}/")
    form = page.locator(f"form[action='/payments/batch-plans/{plan.pk}/prepare/']")
    form.locator("input[name=number]").fill("07/ĐCT")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/payments/payment-batches/*/")
    payment_batch = PaymentBatch.objects.get(batch_plan=plan)
    assert page.locator(".paymentbatch-status").inner_text().strip() == "Đã lập, chờ duyệt"
    assert page.locator("form.approve-payment-batch").count() == 0  # not by its maker

    page.context.clear_cookies()
    login("pheduyet")
    page.goto(f"/payments/payment-batches/{payment_batch.pk}/")
    page.locator("form.approve-payment-batch button[type=submit]").click()
    page.wait_for_selector(".paymentbatch-status:has-text('Đã duyệt chi')")

    page.context.clear_cookies()
    login("ketoan")
    page.goto(f"/payments/payment-batches/{payment_batch.pk}/")
    page.locator(f"tr.household-{home.household.code} a").click()
    page.wait_for_url(f"**/payments/cases/{home.case.pk}/")
    pay = page.locator("form.act-pay")
    pay.locator("input[name=amount]").fill(str(amount))
    pay.locator("input[name=entry_date]").fill(days_ago(20).isoformat())
    pay.locator("select[name=method]").select_option("transfer")
    pay.locator("input[name=receipt_number]").fill("UNC-21")
    pay.locator("button[type=submit]").click()
    page.wait_for_selector(".balance-remaining:has-text('0')")
    home.case.refresh_from_db()
    assert home.case.status == CaseStatus.PAID

    page.context.clear_cookies()
    login("canbo.bt")
    page.goto(f"/payments/cases/{home.case.pk}/")
    handover = page.locator("form.act-handover")
    handover.locator("input[name=handover_date]").fill(days_ago(10).isoformat())
    handover.locator("input[name=minutes_number]").fill("BG-21")
    handover.locator("input[name=signer]").fill("Tổ công tác GPMB phường Lê Chân")
    handover.locator("button[type=submit]").click()
    page.wait_for_selector("p.handover:has-text('BG-21')")
    home.case.refresh_from_db()
    assert home.case.status == CaseStatus.HANDED_OVER

    # The minutes as a document, read back.
    with page.expect_download() as download:
        page.locator("p.handover a:has-text('DOCX')").click()
    text = docx_text(Path(download.value.path()).read_bytes())
    assert "BG-21" in text and "UNC-21" in text

    page.goto(f"/projects/{project.code}/")
    assert int(glance(page, "glance-handed-over")) == handed_before + 1
    assert int(glance(page, "glance-households").replace(".", "")) == households_before + 1
    # The project's paid figure has the household's payment (on time: no late amount).
    assert money(glance(page, "glance-paid")) == paid_before + amount
    # The map coloured by progress shows the parcel handed over.
    assert map_state(page, project, home.parcel) == str(CaseStatus.HANDED_OVER.label)
    # Money and land by ward: the household's ward counts it handed over.
    page.goto(f"/payments/projects/{project.code}/")
    ward = page.locator(f"table.ward-glance tr.ward-{home.case.commune.code}")
    assert ward.count() == 1 and int(ward.locator("td").nth(7).inner_text()) >= 1
