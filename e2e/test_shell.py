"""The critical path of the web shell, in a real browser."""

from __future__ import annotations

import re

from gpmb.cases.models import Case
from gpmb.parcels.models import Parcel
from gpmb.parties.models import Household


def test_officer_finds_household_edits_parcel_and_sees_history(demo, page, login):
    case = Case.objects.filter(project__code="hs-cr2").select_related("household__head").first()
    household = case.household
    parcel = Parcel.objects.filter(tenures__household=household).first()
    login("canbo.bt")

    page.click("a[href='/projects/hs-cr2/']")
    page.wait_for_url("**/projects/hs-cr2/")
    page.click("text=Danh sách hộ")

    # Find the household by its head's name...
    page.fill("input[name=q]", household.head.full_name)
    page.click("button:has-text('Lọc')")
    page.click(f"a:has-text('{household.code}')")
    page.wait_for_url(f"**/households/{household.pk}/")
    assert household.head.full_name in page.inner_text("h1")

    # ...and by its parcel: sheet/number.
    page.goto("/households/")
    page.fill("input[name=q]", f"{parcel.map_sheet}/{parcel.parcel_number}")
    page.click("button:has-text('Lọc')")
    page.click(f"a:has-text('{household.code}')")

    # Edit the parcel's measured area, typed the Vietnamese way.
    page.click("table.parcels a:has-text('Sửa')")
    before = parcel.measured_area
    page.fill("input[name=measured_area]", "1.234,56")
    page.fill("input[name=reason]", "Đo đạc lại")
    page.click("button:has-text('Lưu')")
    page.wait_for_url(f"**/parcels/{parcel.pk}/")
    assert page.inner_text("dd.measured-area") == "1.234,56"

    page.click("text=Lịch sử thay đổi")
    row = page.locator("table.history tr.change-row").first
    text = row.inner_text()
    assert "measured" in text.lower() or "đo đạc" in text.lower()
    assert str(before) in text and "1234.56" in text
    assert "Nguyễn Văn Bồi" in text


def test_commune_officer_does_not_see_the_other_ward(demo, page, login):
    le_chan = Household.objects.filter(cases__commune__code="11383").first()
    an_bien = Household.objects.filter(cases__commune__code="11407").first()
    login("diachinh.anbien")
    page.goto("/households/?project=hs-cr2")
    listing = page.inner_text("table.households")
    assert an_bien.code in listing
    assert le_chan.code not in listing
    assert not re.search(r"\bLC-\d{5}\b", listing)
    response = page.goto(f"/households/{le_chan.pk}/")
    assert response.status == 404
    response = page.goto(f"/households/{an_bien.pk}/")
    assert response.status == 200
