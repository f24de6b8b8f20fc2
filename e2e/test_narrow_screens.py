"""Issue 11 (7), UX review D22: the household page and the inventory entry are usable
on a tablet (768 px) and a phone (390 px) without sideways scrolling: nothing is wider
than the screen, and the main actions are on it."""

from __future__ import annotations

import pytest

from gpmb.cases.models import Case
from gpmb.census.choices import CensusStatus

from .conftest import DEMO_PASSWORD

SCREENS = {"tablet": (768, 1024), "phone": (390, 844)}
FITS = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def screen(browser, live_server, request):
    width, height = SCREENS[request.param]
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        viewport={"width": width, "height": height},
        is_mobile=request.param == "phone",
        has_touch=request.param == "phone",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "canbo.bt")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/projects/")
    yield page
    context.close()


def fits(page) -> bool:
    return page.evaluate(FITS)


def widths(page) -> str:
    """What sticks out, for the failure message."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' +
                             Math.round(e.getBoundingClientRect().right)).join(', ')"""
    )


def on_screen(page, locator) -> bool:
    """Visible and inside the screen's width (no sideways scroll needed to reach it)."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    width = page.evaluate("() => window.innerWidth")
    return (
        locator.is_visible()
        and box is not None
        and box["x"] >= 0
        and (box["x"] + box["width"] <= width)
    )


@pytest.mark.parametrize("screen", list(SCREENS), indirect=True)
def test_household_page_and_inventory_entry_fit_the_screen(demo, screen):
    page = screen
    case = (
        Case.objects.filter(project__code="an-hung-cvcx", batch__censuses__status=CensusStatus.OPEN)
        .select_related("household")
        .order_by("household__code")
        .first()
    )
    page.goto(f"/households/{case.household_id}/")
    assert fits(page), widths(page)
    compute = page.locator(f"form[action='/plans/cases/{case.pk}/compute/'] button")
    assert on_screen(page, compute)
    section = page.locator(f"#census-section-{case.pk}")
    add = section.locator(f"#census-new-{case.pk} button[type=submit]")
    assert on_screen(page, add)
    first_row = section.locator("tr.census-row:not(.new)").first
    edit = first_row.locator("button:has-text('Sửa')")
    assert on_screen(page, edit)

    # Editing a line keeps everything on the screen, its save button too.
    edit.click()
    editing = section.locator("tr.census-row.editing").first
    editing.wait_for()
    assert fits(page), widths(page)
    assert on_screen(page, editing.locator("button[type=submit]"))

    # The inventory entry on its own page.
    page.goto(f"/census/households/{case.household_id}/")
    assert fits(page), widths(page)
    assert on_screen(page, page.locator(f"#census-new-{case.pk} button[type=submit]"))
    # Entering a line on the phone: it is saved and shown without sideways scrolling.
    new_row = page.locator(f"#census-new-{case.pk}")
    new_row.locator("input[name=name]").fill("Chuồng gà")
    new_row.locator("input[name=quantity]").fill("6")
    new_row.locator("button[type=submit]").click()
    page.locator("tr.census-row", has_text="Chuồng gà").wait_for()
    assert fits(page), widths(page)
