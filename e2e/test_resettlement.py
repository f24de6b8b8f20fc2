"""Issue 14 in a real browser: the compensation officer answers and confirms a family's
resettlement entitlement, publishes and holds a draw for the demo's batch 1, downloads
its minutes and the allocation decision, sees the plots on the site's map and the plot's
fee in the households' plans."""

from __future__ import annotations

import io
from pathlib import Path

import docx

from gpmb.plans.models import CalculationLine, PlanVersion
from gpmb.projects.models import Project
from gpmb.resettlement import draw as rule
from gpmb.resettlement.models import Allocation, Draw, Site
from gpmb.resettlement.services import free_plots
from tests.plans.conftest import make_home


def test_officer_confirms_draws_downloads_minutes_and_sees_map_and_plan(demo, page, login):
    project = Project.objects.get(code="hs-cr2")
    site = Site.objects.get(code="tdc-vinh-niem")
    assert free_plots(site)  # the demo keeps two plots of the ready site free
    # A family of batch 1 whose whole residential plot is recovered.
    home = make_home(
        project=project, code="e2e", name="Phạm Thị Tái", national_id="031090777111",
        recovered="45.00", area="45.00",
    )  # fmt: skip
    household = home.household.code

    login("canbo.bt")
    page.goto(f"/resettlement/batches/{home.case.batch_id}/entitlements/")
    row = page.locator(f"tr#case-{home.case.pk}")
    assert "chưa xác nhận hộ còn đất ở" in row.inner_text()
    answer = row.locator("form[action$='/answer/']")
    answer.locator("select[name=question]").select_option("other_home")
    answer.locator("input[name=answer]").fill("no")
    answer.locator("input[name=reason]").fill("Biên bản xác minh của UBND phường")
    answer.locator("button[type=submit]").click()
    row = page.locator(f"tr#case-{home.case.pk}")
    confirm = row.locator("form[action$='/confirm/']")
    confirm.locator("select[name=choice]").select_option("plot")
    confirm.locator("button[type=submit]").click()
    page.wait_for_selector(f"tr#case-{home.case.pk}:has-text('Nhận đất ở tái định cư')")

    # The draw of batch 1 at the ready site: published, then held with a value drawn.
    page.goto(f"/resettlement/sites/{site.pk}/")
    publish = page.locator("form[action$='/draws/']")
    publish.locator("select[name=batch]").select_option(str(home.case.batch_id))
    publish.locator("button[type=submit]").click()
    page.wait_for_url("**/resettlement/draws/*/")
    draw = Draw.objects.get(site=site, status="published")
    assert household in draw.inputs["households"]
    page.locator("input[name=public_value]").fill("73")
    page.locator("form[action$='/run/'] button[type=submit]").click()
    page.wait_for_selector("text=Biên bản bốc thăm")
    draw.refresh_from_db()
    pairs = rule.draw(draw.inputs, draw.seed, "73")
    assert draw.status == "drawn" and len(pairs) == min(
        len(draw.inputs["households"]), len(draw.inputs["plots"])
    )

    with page.expect_download() as got:
        page.click("a:has-text('DOCX')")
    minutes = docx.Document(io.BytesIO(Path(got.value.path()).read_bytes()))
    text = "\n".join(p.text for p in minutes.paragraphs)
    assert draw.seed in text and draw.inputs_hash in text

    # The decision giving the plots lists each household drawn with its plot.
    with page.expect_download() as got:
        page.click("a.allocation-decision")
    decision = docx.Document(io.BytesIO(Path(got.value.path()).read_bytes()))
    table = next(t for t in decision.tables if t.rows[0].cells[1].text == "Mã hộ")
    listed = {(row.cells[1].text, row.cells[3].text) for row in table.rows[1:]}
    assert set(pairs) <= listed

    # The site's map draws every plot, those allocated labelled with their household.
    page.goto(f"/resettlement/sites/{site.pk}/map/")
    page.wait_for_selector("#site-map:not([data-loaded='0'])")
    drawn = int(page.locator("#site-map").get_attribute("data-loaded"))
    allocated = int(page.locator("#site-map").get_attribute("data-allocated"))
    assert drawn == site.plots.count()
    assert allocated == Allocation.objects.filter(plot__site=site, refused_on=None).count()
    for household_code, number in pairs:
        assert page.locator(f".plot-label:has-text('{number} · {household_code}')").count() == 1

    # The households' plans carry their plot's fee: area × 25,000,000 × K 1.2 (the demo
    # pack's row for the site; Land Law Art. 111(3), Resolution 254 Art. 3(6)).
    placed = dict(pairs)
    for household_code, number in pairs[:3]:
        allocation = Allocation.objects.get(
            case__household__code=household_code, refused_on=None, draw=draw
        )
        plan = PlanVersion.objects.filter(case=allocation.case).order_by("-number").first()
        page.goto(f"/plans/versions/{plan.pk}/")
        fee = CalculationLine.objects.get(plan=plan, code="RESETTLEMENT_FEE")
        assert fee.amount == -int(allocation.plot.area * 25_000_000 * 12 / 10)
        body = page.locator("body").inner_text()
        assert f"{-fee.amount:,}".replace(",", ".") in body
        assert number == allocation.plot.number
    assert household in placed or len(draw.inputs["households"]) > len(draw.inputs["plots"])
