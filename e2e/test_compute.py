"""Compute the demo batch from the project page and read a household's lines."""

from __future__ import annotations

from gpmb.cases.choices import CaseStatus
from gpmb.plans.models import PlanVersion


def test_officer_computes_the_batch_and_sees_lines_with_citations(demo, page, login):
    login("canbo.bt")
    page.click("a[href='/projects/hs-cr2/']")
    page.wait_for_url("**/projects/hs-cr2/")
    page.select_option("form.compute select[name=batch]", "D1")
    page.click("form.compute button:has-text('Tính phương án')")
    page.wait_for_url("**/jobs/*/")  # the computation's own page, with its progress
    assert "phiên bản mới" in page.inner_text("section.job")
    page.click("section.job a:has-text('Xem kết quả')")
    page.wait_for_url("**/projects/hs-cr2/")

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


def test_officer_places_a_parcel_in_the_price_table_and_the_plan_follows(demo, page, login):
    """A lot priced at VT2 is moved to VT1 on the pricing page; recomputing the batch
    prices its land at the VT1 row, which the household page then shows."""
    from gpmb.parcels.models import Parcel

    login("canbo.bt")
    parcel = Parcel.objects.filter(
        impacts__project__code="hs-cr2",
        price_position="VT2",
        land_use_code="ODT",
        # A household whose plan is still a draft (the demo has posted and approved some).
        tenures__household__cases__status__in=[CaseStatus.INVENTORIED, CaseStatus.NOTIFIED],
    ).first()
    assert parcel is not None
    household_id = parcel.tenures.first().household_id
    page.goto("/projects/hs-cr2/")
    page.click("text=Vị trí giá đất")
    page.wait_for_url("**/policy/projects/hs-cr2/pricing/")
    page.fill("input[name=q]", f"{parcel.map_sheet}/{parcel.parcel_number}")
    page.click("form[role=search] button")
    row = page.locator("table.parcels tbody tr").first
    assert "VT2" in row.inner_text()
    row.locator("input[name=parcel]").check()
    page.select_option("select[name=position]", "VT1")
    page.fill("input[name=reason]", "Thửa mặt tiền, biên bản ngày 10/11/2026")
    page.click("form.pricing button:has-text('Áp dụng')")
    assert "Đã cập nhật 1/1 thửa" in page.inner_text("ul.messages")
    assert "VT1" in page.locator("table.parcels tbody tr").first.inner_text()

    page.goto("/projects/hs-cr2/")
    page.click("form.compute button:has-text('Tính phương án')")
    page.wait_for_url("**/jobs/*/")
    page.goto(f"/households/{household_id}/")
    land = page.locator("section.plan-version tr:has-text('Bồi thường về đất')").first
    assert "VT1" in land.inner_text()
