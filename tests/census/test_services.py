import datetime as dt
from decimal import Decimal

import pytest

from gpmb.census.choices import CensusStatus, CutoffStatus, ItemKind
from gpmb.census.models import InventoryItem
from gpmb.census.queries import case_facts, census_diff, land_by_use
from gpmb.census.services import (
    CensusError,
    ItemInvalid,
    census_close,
    census_open,
    census_verify,
    item_admit,
    item_create,
    item_update,
)
from gpmb.core.models import AuditEvent, ObjectChange


def add(world, kind, case=0, **raw):
    return item_create(actor=world.officer, case=world.cases[case], kind=kind, raw=raw)


def test_first_round_cutoff_defaults_to_notice_date(world):
    assert world.census.cutoff_date == dt.date(2026, 3, 16)
    assert world.census.number == 1
    assert world.census.status == CensusStatus.OPEN


def test_vietnamese_numbers_and_unit_rules(world):
    house = add(
        world,
        ItemKind.HOUSE,
        name="Nhà chính",
        quantity="9.222,1",
        structure_class="Cấp IV",
        year_built="2005",
        remaining_quality="80",
    )
    assert house.quantity == Decimal("9222.10")
    assert house.structure_class == "grade_4"
    tree = add(world, ItemKind.TREE, name="Nhãn", quantity="12", diameter_cm="15,5")
    assert tree.quantity == 12 and tree.unit == "tree"
    with pytest.raises(ItemInvalid) as exc:
        add(world, ItemKind.TREE, name="Nhãn", quantity="12,5")
    assert "số nguyên" in exc.value.errors["quantity"]
    with pytest.raises(ItemInvalid) as exc:
        add(world, ItemKind.CROP, name="Lúa", quantity="20,123")
    assert "quantity" in exc.value.errors
    with pytest.raises(ItemInvalid) as exc:
        add(world, ItemKind.CROP, name="Lúa", quantity="-5")
    assert "âm" in exc.value.errors["quantity"]
    with pytest.raises(ItemInvalid) as exc:
        add(world, ItemKind.CROP, name="", quantity="")
    assert set(exc.value.errors) == {"name", "quantity"}


def test_item_after_cutoff_is_excluded_until_admitted(world):
    old = add(world, ItemKind.TREE, name="Bưởi", quantity="3", origin_date="01/01/2020")
    new = add(world, ItemKind.TREE, name="Chuối", quantity="40", origin_date="20/03/2026")
    built_late = add(world, ItemKind.STRUCTURE, name="Mái tôn", quantity="12", year_built="2027")
    assert old.cutoff_status == CutoffStatus.ELIGIBLE
    assert new.cutoff_status == CutoffStatus.POST_CUTOFF
    assert built_late.cutoff_status == CutoffStatus.POST_CUTOFF

    facts = case_facts(world.project, world.census, world.households[0].pk)
    assert [t["name"] for t in facts["items"]["tree"]] == ["Bưởi"]
    assert "structure" not in facts["items"]
    assert facts["land"] == {"ODT": Decimal("35.50")}

    with pytest.raises(CensusError):
        item_admit(actor=world.officer, item=new, reason="", evidence="")
    item_admit(
        actor=world.officer,
        item=new,
        reason="Trồng lại cây cũ bị đổ",
        evidence="Biên bản xác nhận của thôn ngày 25/3/2026",
    )
    new.refresh_from_db()
    assert new.cutoff_status == CutoffStatus.ADMITTED and new.admitted_by == world.officer
    event = AuditEvent.objects.get(kind="census.item_admit")
    assert event.reason == "Trồng lại cây cũ bị đổ" and event.user == world.officer
    facts = case_facts(world.project, world.census, world.households[0].pk)
    assert sorted(t["name"] for t in facts["items"]["tree"]) == ["Bưởi", "Chuối"]


def test_edits_are_audited_with_before_and_after(world):
    item = add(world, ItemKind.LIVESTOCK, name="Lợn", quantity="5")
    item_update(actor=world.officer, item=item, raw={"name": "Lợn", "quantity": "7"})
    change = ObjectChange.objects.filter(object_id=item.pk, action="update").get()
    assert change.before["quantity"] == "5.00" and change.after["quantity"] == "7.00"
    assert change.user == world.officer


def test_close_freezes_and_supplementary_round_diffs(world):
    house = add(world, ItemKind.HOUSE, name="Nhà chính", quantity="60")
    add(world, ItemKind.GRAVE, case=1, name="Mộ ông", quantity="1", grave_type="Mộ đã xây")
    closed = census_close(actor=world.officer, census=world.census)
    assert closed.status == CensusStatus.CLOSED and len(closed.snapshot_hash) == 64
    assert census_verify(closed)
    with pytest.raises(CensusError):
        item_update(actor=world.officer, item=house, raw={"name": "x", "quantity": "1"})
    with pytest.raises(CensusError):
        census_close(actor=world.officer, census=closed)

    second = census_open(actor=world.officer, batch=world.batch)
    assert second.number == 2 and second.cutoff_date == closed.cutoff_date
    assert InventoryItem.objects.filter(census=second).count() == 2
    assert census_diff(second) == []
    copy = InventoryItem.objects.get(census=second, kind=ItemKind.HOUSE)
    item_update(actor=world.officer, item=copy, raw={"name": "Nhà chính", "quantity": "64,5"})
    undated = add(world, ItemKind.TREE, name="Xoài", quantity="2")
    assert undated.census == second
    # New in a supplementary round without a date: presumed after the cut-off.
    assert undated.cutoff_status == CutoffStatus.POST_CUTOFF
    changes = {(c.household_code, c.kind, c.status): c for c in census_diff(second)}
    assert set(changes) == {("LC-00001", "house", "changed"), ("LC-00001", "tree", "added")}
    assert changes[("LC-00001", "house", "changed")].fields[0][0] == "quantity"
    # The first round's hash still verifies: it was not touched.
    assert census_verify(closed)


def test_only_one_open_round_per_batch(world):
    with pytest.raises(CensusError):
        census_open(actor=world.officer, batch=world.batch)


def test_land_comes_from_the_overlay(world):
    assert land_by_use(world.project, world.households[2].pk) == {"ODT": Decimal("35.50")}


def test_engine_reads_counted_items_and_people(world):
    from gpmb.census.facts import engine_facts
    from gpmb.engine.facts import CaseFacts

    add(
        world,
        ItemKind.HOUSE,
        name="Nhà",
        quantity="60",
        floor_area="120",
        year_built="2004",
        structure_class="Cấp IV",
        price_code="nha-cap-4",
    )
    add(
        world,
        ItemKind.TREE,
        name="Nhãn",
        quantity="6",
        price_code="nhan/A",
        origin_date="01/01/2015",
    )
    late = add(
        world,
        ItemKind.TREE,
        name="Chuối",
        quantity="40",
        price_code="chuoi",
        origin_date="20/03/2026",
    )
    add(world, ItemKind.GRAVE, name="Mộ", quantity="2", grave_type="Mộ đã xây")
    add(world, ItemKind.PERSON, name="Nguyễn Văn 1", birth_year="1970", relation="Chủ hộ")
    facts = engine_facts(world.census, world.households[0].pk)
    by_id = {i["id"]: i for i in facts["items"]}
    # The banana is after the cut-off: the engine gets it marked, to write its zero line.
    assert set(by_id) == {"house-1", "tree-1", "tree-2", "grave-1"}
    assert by_id["tree-2"]["after_cutoff"] is True and "after_cutoff" not in by_id["tree-1"]
    assert by_id["house-1"]["quantity"] == "120" and by_id["house-1"]["species"] == "nha-cap-4"
    assert by_id["tree-1"]["subgroup"] == "A" and by_id["grave-1"]["count"] == 2
    item_admit(actor=world.officer, item=late, reason="Trồng lại", evidence="Biên bản thôn")
    facts = engine_facts(world.census, world.households[0].pk)
    admitted = next(i for i in facts["items"] if i["id"] == "tree-2")
    assert "planted_on" not in admitted  # the admission overrides the date
    assert "after_cutoff" not in admitted
    parsed = CaseFacts.from_dict(
        {"case_id": "LC-00001", "dates": {"notice": "2026-03-16"}, **facts}
    )
    assert len(parsed.items) == 4 and parsed.members[0].name == "Nguyễn Văn 1"
