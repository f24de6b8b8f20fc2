"""The project map in a real browser: parcels drawn, a click on one opens its popup,
and its household link leads to the household page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gpmb.parcels.models import Parcel
from gpmb.parties.models import Tenure

LEAFLET = Path(__file__).resolve().parent.parent / "node_modules" / "leaflet" / "dist"


@pytest.fixture(autouse=True)
def leaflet_installed() -> None:
    if not (LEAFLET / "leaflet.js").exists():
        pytest.fail("Leaflet is not installed: run `npm ci` at the repository root")


def test_click_a_parcel_and_land_on_its_household(demo, page, login):
    login("canbo.bt")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/parcels/map/hs-cr2/")
    page.wait_for_function("() => document.getElementById('parcel-map').dataset.loaded !== '0'")
    assert page.get_attribute("#parcel-map", "data-mode") == "polygons"

    # A parcel with a household, taken from the database, clicked where it is drawn.
    tenure = (
        Tenure.objects.filter(parcel__impacts__project__code="hs-cr2", household__isnull=False)
        .select_related("parcel", "household")
        .order_by("parcel_id")
        .first()
    )
    parcel: Parcel = tenure.parcel
    page.evaluate(
        "id => { const l = window.gpmbMap; const layer = Object.values(l._layers)"
        ".find(x => x.parcelId === id); l.fitBounds(layer.getBounds(), {maxZoom: 21}); }",
        parcel.pk,
    )
    page.wait_for_function(
        "id => window.gpmbParcelPoint(id) !== null && "
        "document.getElementById('parcel-map').dataset.loaded !== '1'",
        arg=parcel.pk,
    )
    point = page.evaluate("id => window.gpmbParcelPoint(id)", parcel.pk)
    page.mouse.click(point["x"], point["y"])
    popup = page.locator(f".parcel-popup[data-parcel='{parcel.pk}']")
    popup.wait_for()
    assert f"thửa {parcel.parcel_number}" in popup.inner_text()

    popup.locator("a.household-link").first.click()
    page.wait_for_url(f"**/households/{tenure.household_id}/")
    assert tenure.household.code in page.inner_text("h1")
    # Offline-safe: every request went to the test server.
    host = page.url.split("/households/")[0]
    assert all(url.startswith(host) or url.startswith("data:") for url in requests)


def test_search_by_sheet_and_parcel_opens_the_popup(demo, page, login):
    parcel = Parcel.objects.filter(impacts__project__code="hs-cr2").order_by("pk").last()
    login("canbo.bt")
    page.goto("/parcels/map/hs-cr2/")
    page.wait_for_function("() => document.getElementById('parcel-map').dataset.loaded !== '0'")
    page.fill("#map-search input[name=q]", f"{parcel.map_sheet}/{parcel.parcel_number}")
    page.press("#map-search input[name=q]", "Enter")
    page.locator(".map-results button").first.click()
    page.locator(".parcel-popup").wait_for()
    assert f"thửa {parcel.parcel_number}" in page.locator(".parcel-popup").inner_text()


def test_leadership_colours_the_map_by_case_progress(demo, page, login):
    """The toggle redraws the same parcels in the colours of their cases' progress."""
    from gpmb.cases.choices import CaseStatus
    from gpmb.cases.models import Case

    Case.objects.filter(project__code="hs-cr2").update(status=CaseStatus.HANDED_OVER)
    login("lanhdao")
    page.goto("/parcels/map/hs-cr2/")
    page.click("nav.colouring a:has-text('tiến độ hồ sơ')")
    page.wait_for_url("**/parcels/map/hs-cr2/?colour=status")
    page.wait_for_function("() => document.getElementById('parcel-map').dataset.loaded !== '0'")
    assert "Đã bàn giao mặt bằng" in page.inner_text("ul.legend")
    # Every parcel with a case is drawn in the handed-over green.
    fills = page.evaluate(
        "() => Object.values(window.gpmbMap._layers).filter(l => l.parcelId)"
        ".map(l => l.options.fillColor)"
    )
    assert fills and "#27ae60" in fills


def test_the_investor_sees_the_map_and_progress_but_no_household(demo, page, login):
    """Issue 11: the investor follows its projects read-only: the map draws, the popup
    says what is recovered, and nothing on the way offers an action it cannot take."""
    login("chudautu")
    page.goto("/parcels/map/hs-cr2/")
    page.wait_for_function("() => document.getElementById('parcel-map').dataset.loaded !== '0'")
    drawn = page.evaluate(
        "() => Object.values(window.gpmbMap._layers).filter(l => l.parcelId).length"
    )
    assert drawn > 0
    text = page.inner_text("body")
    for action in ("Sửa", "Nhập bản đồ", "Tính phương án", "Tải lên"):
        assert action not in text, action
    page.goto("/projects/hs-cr2/")
    assert "Tính phương án" not in page.inner_text("body")
    page.goto("/households/")  # the list answers, with no household of the project in it
    assert re.search(r'href="/households/\d+/"', page.content()) is None
