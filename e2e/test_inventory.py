"""A clerk enters a household's inventory by keyboard, in a real browser: the rows are
saved without a page reload and appear in the household's census history."""

from __future__ import annotations

from decimal import Decimal

from gpmb.cases.models import Case
from gpmb.census.choices import CensusStatus
from gpmb.census.models import InventoryItem


def test_clerk_enters_inventory_by_keyboard_and_sees_it_in_history(demo, page, login):
    case = (
        Case.objects.filter(project__code="an-hung-cvcx", batch__censuses__status=CensusStatus.OPEN)
        .select_related("household")
        .order_by("household__code")
        .first()
    )
    household = case.household
    login("canbo.bt")
    page.goto(f"/households/{household.pk}/")
    section = page.locator(f"#census-section-{case.pk}")
    new_row = section.locator(f"#census-new-{case.pk}")

    # Choose the kind with the keyboard: the row redraws for trees and the cursor lands
    # on the name.
    kind = new_row.locator("select[name=kind]")
    kind.focus()
    kind.select_option("tree")  # what the arrow keys do on a closed <select>
    page.wait_for_selector(f"#census-new-{case.pk} input[name=diameter_cm]")
    page.wait_for_function("() => document.activeElement && document.activeElement.name === 'name'")
    page.keyboard.type("Vải thiều")
    page.keyboard.press("Tab")  # unit (cây)
    page.keyboard.press("Tab")  # quantity
    page.keyboard.type("12")
    page.keyboard.press("Tab")  # details: unit-price code
    page.keyboard.type("vai")
    page.keyboard.press("Tab")  # crop type
    page.keyboard.press("Tab")  # diameter
    page.keyboard.type("22,5")
    page.keyboard.press("Enter")

    row = section.locator("tr.census-row", has_text="Vải thiều")
    row.wait_for()
    assert "22,5" in row.inner_text()
    item = InventoryItem.objects.get(household=household, name="Vải thiều")
    assert (item.quantity, item.diameter_cm) == (Decimal("12.00"), Decimal("22.50"))
    assert item.price_code == "vai"

    # The cursor is back on a fresh row of the same kind: a typing error is shown on the
    # row, the text kept, nothing saved.
    page.wait_for_function("() => document.activeElement && document.activeElement.name === 'name'")
    page.keyboard.type("Nhãn")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("3,5")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#census-new-{case.pk} .field-error")
    assert "số nguyên" in new_row.inner_text()
    assert not InventoryItem.objects.filter(household=household, name="Nhãn").exists()

    # Edit the saved row by keyboard: Enter on "Sửa", change the count, Enter saves.
    row.locator("button:has-text('Sửa')").focus()
    page.keyboard.press("Enter")
    # The edit row opens with the cursor on the name; Tab twice reaches the quantity.
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.name === 'name'"
        f" && document.activeElement.closest('#item-{item.pk}') !== null"
    )
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("15")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#item-{item.pk}:not(.editing)")
    item.refresh_from_db()
    assert item.quantity == 15

    # The household's census history shows who did it, and the before and after.
    page.goto(f"/census/households/{household.pk}/history/")
    history = page.inner_text("table.history")
    assert "Vải thiều" in history
    assert "12.00" in history and "15.00" in history
    assert "Nguyễn Văn Bồi" in history or "canbo.bt" in history
