"""A page never dies on stored data (issue 11 point 2; UX review D1, D2): values written
straight into the database — a quantity of 10^20, huge and negative areas and amounts,
very long text with markup, dates at the ends of the calendar — and every page, list and
export of the permission matrix's world still answers as it should, for an officer and
for the read-only roles; nothing from the data is rendered as HTML."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from gpmb.census.models import Census, InventoryItem
from gpmb.parcels.models import Parcel, ParcelImpact
from gpmb.parties.models import Household, Party, Tenure
from gpmb.plans.models import CalculationLine, PlanVersion
from gpmb.projects.models import Batch, Project
from tests.core.test_permission_matrix import REACH, make_users, reads, world  # noqa: F401

pytestmark = pytest.mark.django_db
MARKUP = "<script>alert(1)</script><b>đậm</b>"
LONG = MARKUP + "Nguyễn Văn " * 2_000
BIGINT = 2**63 - 1
# Money at the largest any input can write (core.vnformat.MAX_WHOLE_DIGITS): a project's
# total of such amounts still fits the 64-bit sums SQLite computes.
MONEY = 10**15 - 1


def huge(model, name: str) -> Decimal:
    """The largest value the column holds: SQLite keeps any REAL whatever the declared
    digits (10^20 in a 14-digit column, as the review found); PostgreSQL the declared."""
    if connection.vendor == "sqlite":
        return Decimal(10) ** 20
    field = model._meta.get_field(name)
    return Decimal(10) ** (field.max_digits - field.decimal_places) - 1


def extremes(model, *, negative: tuple[str, ...] = (), **values) -> None:
    """Every decimal column at its largest (or most negative), and `values`; text as long
    as the column holds (SQLite: any length)."""
    fields = {
        f.name: (-1 if f.name in negative else 1) * huge(model, f.name)
        for f in model._meta.concrete_fields
        if f.get_internal_type() == "DecimalField"
    }
    for name, value in values.items():
        limit = model._meta.get_field(name).max_length
        if isinstance(value, str) and limit and connection.vendor != "sqlite":
            values[name] = value[:limit]
    model.objects.update(**{**fields, **values})


def write_extremes() -> None:
    extremes(
        InventoryItem,
        name=LONG,
        note=LONG,
        price_code=MARKUP,
        floors=32_767,
        year_built=32_767,
        age_years=32_767,
        birth_year=0,
        annual_income=BIGINT,
        origin_date=dt.date.max,
        remaining_quality=100,  # the database's own check allows no more
    )
    extremes(Parcel, negative=("depth_m",), address=LONG, price_segment=MARKUP)
    extremes(ParcelImpact, negative=("remainder_area",))
    extremes(Party, full_name=LONG, birth_year=32_767, phone=MARKUP)
    extremes(Household, address=LONG)
    extremes(Tenure, certificate_date=dt.date.min, stable_use_start_date=dt.date.max, evidence=LONG)
    extremes(
        Project,
        name=LONG,
        capital_plan=MONEY,
        start_date=dt.date.min,
        target_handover_date=dt.date.max,
    )
    extremes(Batch, name=MARKUP, notice_date=dt.date.min, target_handover_date=dt.date.max)
    extremes(Census, cutoff_date=dt.date.max, note=LONG)
    extremes(PlanVersion, net_amount=MONEY, debt_amount=-MONEY)
    extremes(
        CalculationLine,
        negative=("coefficient",),
        amount=-MONEY,
        title_vi=LONG,
        formula=LONG,
    )


def more_pages(world) -> list[str]:  # noqa: F811 - the fixture's value
    """Lists and exports beyond the matrix's pages."""
    lc = world["lc"]
    return [
        "/projects/",
        "/households/",
        "/households/?q=nguyen",
        f"/census/rounds/{lc.census.pk}/",
        f"/census/cases/{lc.case.pk}/section/",
        f"/census/items/{lc.item.pk}/edit/",
        f"/census/projects/{lc.project.code}/inventory.xlsx",
        f"/census/projects/{lc.project.code}/xlsform.xlsx",
        f"/documents/plans/{lc.version.pk}/sheet.docx",
        f"/documents/projects/{lc.project.code}/summary.xlsx",
        f"/documents/projects/{lc.project.code}/summary.docx",
        f"/documents/cases/{lc.case.pk}/inventory-record.xlsx",
        f"/parcels/map/{lc.project.code}/features/?bbox=106,20,107,21&zoom=18",
        f"/parcels/map/{lc.project.code}/search/?q=21/1",
        f"/policy/parcels/{lc.parcel.pk}/price/",
    ]


@pytest.mark.parametrize("who", ["officer_p", "leadership", "investor_q", "inspector_p"])
def test_every_page_renders_extreme_stored_values(client, world, who):  # noqa: F811
    users = make_users(world)
    write_extremes()
    assert InventoryItem.objects.filter(quantity=huge(InventoryItem, "quantity")).exists()
    client.force_login(users[who])
    for url, expected in reads(world, REACH[who]):
        response = client.get(url)
        assert response.status_code == expected, (who, url, response.status_code)
        if response["Content-Type"].startswith("text/html"):
            assert "<script>alert(1)" not in response.content.decode(), (who, url)
    if who == "officer_p":
        for url in more_pages(world):
            response = client.get(url, HTTP_HX_REQUEST="true" if "/edit/" in url else "")
            assert response.status_code in (200, 404), (url, response.status_code)
            if response["Content-Type"].startswith("text/html"):
                assert "<script>alert(1)" not in response.content.decode(), url


def test_a_stored_overflow_is_shown_refused_and_repaired_on_edit(client, world):  # noqa: F811
    """The row that holds 10^20 can be repaired from the page: the edit shows the value
    and refuses it with the field's limit until a value in range is typed."""
    users = make_users(world)
    write_extremes()
    item = world["lc"].item
    client.force_login(users["officer_p"])
    url = f"/census/items/{item.pk}/edit/"
    form = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    shown = format(huge(InventoryItem, "quantity").normalize(), "f")
    assert f'value="{shown}' in form  # the stored value, as it is
    again = {"name": "Nhà", "unit": "m2", "quantity": shown}
    refused = client.post(url, again, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="quantity"' in refused and (
        "tối đa 15 chữ số" in refused or "10.000.000" in refused
    )
    response = client.post(
        url, {"name": "Nhà", "unit": "m2", "quantity": "60"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.quantity == 60


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a REAL column holds infinity")
def test_infinite_values_written_by_hand_render(client, world):  # noqa: F811
    """SQLite keeps a decimal column as a REAL, which a repair by hand can set to ±∞."""
    users = make_users(world)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE census_inventoryitem SET quantity = 9e999, floor_area = -9e999")
        cursor.execute("UPDATE parcels_parcel SET measured_area = 9e999")
    client.force_login(users["officer_p"])
    # The pages the officer may read (a refusal renders nothing stored).
    readable = (url for url, expected in reads(world, REACH["officer_p"]) if expected != 403)
    pages = [*readable, *more_pages(world)]
    for url in pages:
        assert client.get(url).status_code in (200, 404), url
