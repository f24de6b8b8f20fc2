"""Issue 11: an officer corrects one household's line of a closed inventory round in a
real browser, recomputes, and the plan and the inventory record agree."""

from __future__ import annotations

from decimal import Decimal

from gpmb.cases.choices import CaseStatus
from gpmb.census.choices import CensusKind, CensusStatus, ItemKind
from gpmb.census.models import Census, InventoryItem
from gpmb.census.services import census_close
from gpmb.plans.models import PlanVersion


def test_officer_corrects_a_closed_line_recomputes_and_plan_and_record_agree(demo, page, login):
    # The road's batch: its supplementary round is closed too, so the batch is frozen.
    open_round = Census.objects.get(
        project__code="hs-cr2", status=CensusStatus.OPEN, kind=CensusKind.SUPPLEMENTARY
    )
    census_close(actor=None, census=open_round)
    item = (
        InventoryItem.objects.filter(census=open_round, kind=ItemKind.STRUCTURE)
        .exclude(price_code="")
        # A household whose plan is still a draft (the demo has posted and approved some).
        .exclude(case__status__in=[CaseStatus.POSTED, CaseStatus.APPROVED])
        .select_related("case")
        .order_by("household__code", "line_no")
        .first()
    )
    case = item.case
    login("canbo.bt")
    page.goto(f"/households/{case.household_id}/")
    page.click(f"form[action='/plans/cases/{case.pk}/compute/'] button")
    page.wait_for_url("**/plans/versions/*/")

    page.goto(f"/households/{case.household_id}/")
    row = page.locator(f"#item-{item.pk}")
    row.locator("button:has-text('Đính chính')").click()
    form_row = page.locator(f"#item-{item.pk}.correcting")
    form_row.wait_for()
    quantity = form_row.locator("input[name=quantity]")
    quantity.fill("")
    quantity.type("23,75")
    form_row.locator("textarea[name=reason]").fill("Đo lại: kiểm đếm ghi nhầm kích thước")
    form_row.locator("textarea[name=evidence]").fill("Biên bản đo lại ngày 02/12/2026")
    form_row.locator("button:has-text('Ghi đính chính')").click()
    page.wait_for_selector(f"#item-{item.pk}:not(.correcting) .item-corrected")
    assert "23,75" in page.locator(f"#item-{item.pk} .item-quantity").inner_text()

    # Until it is recomputed, the plan says what it does not count yet.
    page.reload()
    assert page.locator(".plan-stale").is_visible()
    page.click(f"form[action='/plans/cases/{case.pk}/compute/'] button")
    page.wait_for_url("**/plans/versions/*/")
    line_ref = f"structure-{item.line_no}"
    # The plan names the line by the item's name (never its internal ref).
    plan_line = page.locator("table.lines tr", has_text=item.name).first
    assert "23,75" in plan_line.inner_text() and line_ref not in plan_line.inner_text()

    page.goto(f"/households/{case.household_id}/")
    assert page.locator(".plan-stale").count() == 0
    assert "23,75" in page.locator(f"#item-{item.pk} .item-quantity").inner_text()
    latest = PlanVersion.objects.filter(case=case).order_by("-number").first()
    assert latest.lines.get(ref=line_ref).quantity == Decimal("23.75")
    assert latest.inventory_basis["census"] == open_round.pk


def test_officer_adds_a_missed_line_and_removes_a_wrong_one_of_a_closed_round(demo, page, login):
    from gpmb.documents.inventory import inventory_record_context

    open_round = Census.objects.get(
        project__code="hs-cr2", status=CensusStatus.OPEN, kind=CensusKind.SUPPLEMENTARY
    )
    census_close(actor=None, census=open_round)
    wrong = (
        InventoryItem.objects.filter(census=open_round, kind=ItemKind.STRUCTURE)
        .exclude(price_code="")
        # A household whose plan is still a draft (the demo has posted and approved some).
        .exclude(case__status__in=[CaseStatus.POSTED, CaseStatus.APPROVED])
        .select_related("case")
        .order_by("household__code", "line_no")
        .first()
    )
    case = wrong.case
    login("canbo.bt")
    page.goto(f"/households/{case.household_id}/")
    page.click(f"form[action='/plans/cases/{case.pk}/compute/'] button")
    page.wait_for_url("**/plans/versions/*/")
    assert wrong.name in page.inner_text("table.lines")
    page.goto(f"/households/{case.household_id}/")

    # Add a fence the count missed: the closed round offers "Bổ sung" with a reason.
    new_row = page.locator(f"#census-new-{case.pk}")
    with page.expect_response(lambda r: "/new-row/" in r.url):
        new_row.locator("select[name=kind]").select_option("structure")
    page.wait_for_function("() => document.activeElement && document.activeElement.name === 'name'")
    assert new_row.locator("form.correct-add").count() == 1
    new_row.locator("input[name=name]").fill("Tường rào sau nhà")
    new_row.locator("input[name=quantity]").fill("7,5")
    new_row.locator("input[name=price_code]").fill("tuong-rao")
    new_row.locator("input[name=year_built]").fill("2015")  # built before the cut-off
    new_row.locator("textarea[name=reason]").fill("Sót khi kiểm đếm")
    new_row.locator("textarea[name=evidence]").fill("Biên bản kiểm tra ngày 03/12/2026")
    new_row.locator("button:has-text('Bổ sung')").click()
    page.locator("tr.census-row", has_text="Tường rào sau nhà").wait_for()

    # Remove a line counted by mistake.
    page.locator(f"#item-{wrong.pk} button:has-text('Bỏ dòng')").click()
    form_row = page.locator(f"#item-{wrong.pk}.removing")
    form_row.wait_for()
    form_row.locator("textarea[name=reason]").fill("Công trình của hộ bên cạnh, kê nhầm")
    form_row.locator("textarea[name=evidence]").fill("Biên bản xác minh ngày 03/12/2026")
    form_row.locator("button:has-text('Bỏ dòng này')").click()
    page.wait_for_selector(f"#item-{wrong.pk}.removed")

    page.reload()
    assert page.locator(".plan-stale").is_visible()
    page.click(f"form[action='/plans/cases/{case.pk}/compute/'] button")
    page.wait_for_url("**/plans/versions/*/")
    lines = page.inner_text("table.lines")
    assert "Tường rào sau nhà" in lines and wrong.name not in lines

    # The inventory record holds the same lines as the plan.
    record = inventory_record_context(case, open_round)
    names = {row["name"] for group in record["groups"] for row in group["rows"]}
    assert "Tường rào sau nhà" in names and wrong.name not in names
    latest = PlanVersion.objects.filter(case=case).order_by("-number").first()
    assert latest.lines.filter(quantity=Decimal("7.5"), code="STRUCTURE").exists()
