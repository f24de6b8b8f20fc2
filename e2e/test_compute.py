"""Compute the demo batch from the project page and read a household's lines."""

from __future__ import annotations

from gpmb.plans.models import PlanVersion


def test_officer_computes_the_batch_and_sees_lines_with_citations(demo, page, login):
    login("canbo.bt")
    page.click("text=Đường Hồ Sen – Cầu Rào 2")
    page.wait_for_url("**/projects/hs-cr2/")
    page.select_option("form.compute select[name=batch]", "D1")
    page.click("form.compute button:has-text('Tính phương án')")
    page.wait_for_url("**/projects/hs-cr2/")
    assert "phiên bản mới" in page.inner_text("ul.messages")

    version = (
        PlanVersion.objects.filter(project__code="hs-cr2", lines__code="LAND")
        .select_related("case__household")
        .first()
    )
    assert version is not None and version.case.batch.code == "D1"
    page.goto(f"/households/{version.case.household_id}/")
    section = page.locator("section.plan-version").first
    text = section.inner_text()
    assert "Bồi thường về đất" in text
    assert "đ/m²" in text  # the formula
    assert "Nghị quyết 254/2025/QH15" in text  # a citation
    assert "đồng" in section.locator("td.amount").first.inner_text()

    section.locator("a:has-text('Chi tiết')").click()
    page.wait_for_url(f"**/plans/versions/{version.pk}/")
    assert "Bảng giá minh họa" in page.inner_text("table.lines")
