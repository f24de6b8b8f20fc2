"""Issue 11 (7), UX review D18: price codes are chosen from a searchable list of the
project's policy pack — never typed from memory — and a code the pack does not have is
refused with a message that says so, on every path a person enters one."""

import pytest
from django.urls import reverse

from gpmb.census.choices import ItemKind
from gpmb.census.models import InventoryItem
from gpmb.census.services import (
    ItemInvalid,
    census_close,
    item_correct,
    item_correct_add,
    item_create,
    item_update,
)
from gpmb.policy.queries import inventory_price_codes

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
PACK = "hai-phong-demo-2026"


@pytest.fixture
def priced(world):
    world.project.policy_pack_code = PACK
    world.project.save()
    return world


@pytest.fixture
def client_officer(client, priced):
    client.force_login(priced.officer)
    return client


def test_the_list_holds_the_pack_rows_by_kind_with_their_titles(priced):
    codes = inventory_price_codes(priced.project)
    assert ("nha-cap-4", "Nhà cấp IV") in codes["house"]
    assert ("tuong-rao", "Tường rào xây gạch") in codes["structure"]
    assert dict(codes["tree"])["nhan/A"] == "Đơn giá minh họa, nhãn loại A"
    assert "livestock" not in codes  # priced by weight, not by a code


def test_the_inventory_table_offers_a_searchable_list(client_officer, priced):
    html = client_officer.get(
        reverse("census:household_inventory", args=[priced.households[0].pk])
    ).content.decode()
    list_id = f"price-codes-{priced.project.pk}-structure"
    assert f'<datalist id="{list_id}">' in html
    assert '<option value="tuong-rao">Tường rào xây gạch</option>' in html
    # The new row's code box uses the list of its kind (houses first).
    assert f'list="price-codes-{priced.project.pk}-house"' in html


def test_an_unknown_code_is_refused_on_the_row_and_nothing_saved(client_officer, priced):
    url = reverse("census:item_add", args=[priced.cases[0].pk])
    row = {"kind": "structure", "name": "Tường rào", "unit": "m2", "quantity": "8"}
    response = client_officer.post(url, {**row, "price_code": "Tuong rao gach"}, **HX)
    html = response.content.decode()
    assert "HX-Retarget" not in response
    assert "Mã đơn giá “Tuong rao gach” không có trong gói chính sách" in html
    assert 'value="Tuong rao gach"' in html  # the typed text is kept to fix
    assert not InventoryItem.objects.exists()
    response = client_officer.post(url, {**row, "price_code": "tuong-rao"}, **HX)
    assert response["HX-Retarget"] == f"#census-section-{priced.cases[0].pk}"
    assert InventoryItem.objects.get().price_code == "tuong-rao"


def test_every_service_refuses_an_unknown_code(priced):
    case, officer = priced.cases[0], priced.officer
    raw = {"name": "Nhà", "quantity": "60", "price_code": "nha-cap-9"}
    with pytest.raises(ItemInvalid) as refused:
        item_create(actor=officer, case=case, kind=ItemKind.HOUSE, raw=raw)
    assert "nha-cap-9" in refused.value.errors["price_code"]
    item = item_create(
        actor=officer, case=case, kind=ItemKind.HOUSE, raw={**raw, "price_code": "nha-cap-4"}
    )
    with pytest.raises(ItemInvalid):
        item_update(actor=officer, item=item, raw=raw)
    census_close(actor=officer, census=priced.census)
    why = {"reason": "đo lại", "evidence": "biên bản"}
    with pytest.raises(ItemInvalid):
        item_correct(actor=officer, item=item, raw=raw, **why)
    with pytest.raises(ItemInvalid):
        item_correct_add(actor=officer, case=case, kind=ItemKind.HOUSE, raw=raw, **why)
    assert InventoryItem.objects.get().price_code == "nha-cap-4"


def test_a_stored_code_the_pack_lost_does_not_block_other_edits(priced):
    item = item_create(
        actor=priced.officer,
        case=priced.cases[0],
        kind=ItemKind.HOUSE,
        raw={"name": "Nhà", "quantity": "60"},
    )
    InventoryItem.objects.filter(pk=item.pk).update(price_code="nha-cu")  # from an import
    item.refresh_from_db()
    raw = {"name": "Nhà", "quantity": "61", "price_code": "nha-cu"}
    assert item_update(actor=priced.officer, item=item, raw=raw).quantity == 61


def test_a_project_whose_pack_has_no_table_takes_any_code(world):
    # No pack (or a pack missing the table): nothing to choose from; the plan then says
    # which price is missing.
    item = item_create(
        actor=world.officer,
        case=world.cases[0],
        kind=ItemKind.HOUSE,
        raw={"name": "Nhà", "quantity": "60", "price_code": "nha-cap-4"},
    )
    assert item.price_code == "nha-cap-4"
