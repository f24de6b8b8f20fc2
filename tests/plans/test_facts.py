"""The engine's facts, read from households, tenure, parcels, impacts and the census."""

import datetime as dt
from decimal import Decimal

import pytest

from gpmb.census.choices import CensusStatus, CutoffStatus
from gpmb.census.models import Census, InventoryItem
from gpmb.engine import CaseFacts
from gpmb.parties.choices import LandOrigin, Violation
from gpmb.plans.facts import case_facts, facts_for_cases
from gpmb.policy.packs import pack_for_code
from tests.plans.conftest import DEMO_PACK

pytestmark = pytest.mark.django_db


def test_household_with_parcel_tenure_and_members_gives_the_expected_facts(home):
    _row, pack = pack_for_code(DEMO_PACK)
    facts = case_facts(home.case, pack)
    members = facts.pop("members")
    assert facts == {
        "case_id": f"{home.household.code}/D1",
        "kind": "household",
        "commune": "phuong-le-chan",
        "commune_kind": "ward",
        "dates": {"notice": "2026-03-16", "valuation": "2026-07-15"},
        "parcels": [
            {
                "ref": f"phuong-le-chan/21/{home.parcel.parcel_number}",
                "land_use_code": "ODT",
                "recovered_area": "50",
                "commune": "phuong-le-chan",
                "commune_kind": "ward",
                "certificate_area": "100",
                "measured_area": "100",
                "origin": "certificate",
                "stable_use_from": "1990-05-01",
                # Where the team placed the parcel in the price table.
                "segment": "ho-sen-cau-rao-2/le-chan",
                "position": "VT1",
            }
        ],
    }
    assert [m["counts_for_support"] for m in members] == [True, True, False]
    assert members[0]["name"] == "Trần Văn Mẫu"
    CaseFacts.from_dict({**facts, "members": members})  # the engine accepts them


def test_unknown_values_stay_missing(home):
    home.parcel.certificate_area = None
    home.parcel.save()
    home.impact.recovered_area = None
    home.impact.save()
    facts, warnings = facts_for_cases([home.case.pk])
    assert facts[home.case.pk]["parcels"] == []
    assert "chưa có diện tích thu hồi" in warnings[home.case.pk][0]
    # A segment or position the team has not set is not guessed.
    home.impact.recovered_area = Decimal("10.00")
    home.impact.save()
    home.parcel.price_segment = home.parcel.price_position = ""
    home.parcel.save()
    parcel = facts_for_cases([home.case.pk])[0][home.case.pk]["parcels"][0]
    assert {"segment", "position", "certificate_area"}.isdisjoint(parcel)


@pytest.mark.parametrize(
    ("origin", "violation", "code", "expected"),
    [
        (LandOrigin.NO_PAPERS, Violation.NONE, "ODT", "no_papers"),
        (LandOrigin.NO_PAPERS, Violation.WRONG_PURPOSE, "ODT", "violation"),
        (LandOrigin.ENCROACHED, Violation.ENCROACHMENT, "ODT", "violation"),
        (LandOrigin.ALLOCATED_NO_FEE, Violation.NONE, "LUC", "certificate"),
        (LandOrigin.ALLOCATED_NO_FEE, Violation.NONE, "ODT", "state_free_allocation"),
        (LandOrigin.LEASED_ANNUAL, Violation.NONE, "TMD", "annual_lease"),
        (LandOrigin.UNAUTHORISED_ALLOCATION, Violation.NONE, "ODT", "unauthorised_allocation"),
    ],
)
def test_land_origin_maps_to_the_engines_vocabulary(home, origin, violation, code, expected):
    tenure = home.parcel.tenures.get()
    tenure.origin, tenure.violation = origin, violation
    tenure.save()
    home.parcel.land_use_code = code
    home.parcel.save()
    assert case_facts(home.case)["parcels"][0]["origin"] == expected


def test_inventory_items_after_the_cut_off_are_marked_unless_admitted(home):
    census = Census.objects.create(
        project=home.project, batch=home.case.batch, number=1, cutoff_date=dt.date(2026, 3, 16)
    )

    def item(line_no, status, **kw):
        return InventoryItem.objects.create(
            project=home.project,
            census=census,
            case=home.case,
            household=home.household,
            line_no=line_no,
            cutoff_status=status,
            **kw,
        )

    item(
        1,
        CutoffStatus.ELIGIBLE,
        kind="house",
        name="Nhà",
        unit="m2",
        quantity=Decimal("60"),
        structure_class="grade_4",
        price_code="nha-cap-4",
        year_built=2006,
    )
    item(
        2,
        CutoffStatus.POST_CUTOFF,
        kind="structure",
        name="Mái tôn",
        unit="m2",
        quantity=Decimal("20"),
        price_code="nha-tam",
    )
    item(
        3,
        CutoffStatus.ADMITTED,
        kind="grave",
        name="Mộ",
        unit="grave",
        quantity=Decimal("1"),
        grave_type="built",
        origin_date=dt.date(2026, 5, 1),
    )
    _row, pack = pack_for_code(DEMO_PACK)
    items = case_facts(home.case, pack)["items"]
    # The admitted grave is in without its date (the admission overrides it); the
    # post-cut-off structure goes to the engine marked, for its zero line (Art. 105(2));
    # the census names the price-book row.
    assert [i["id"] for i in items] == ["grave-3", "house-1", "structure-2"]
    grave, house, late = items
    assert late["after_cutoff"] is True and "after_cutoff" not in grave | house
    assert (grave["kind"], grave["species"], grave["count"]) == ("grave", "built", 1)
    assert "built_on" not in grave and "planted_on" not in grave
    assert house["kind"] == "structure" and house["category"] == "house"
    assert (house["species"], house["years_used"]) == ("nha-cap-4", "20")
    assert Decimal(house["quantity"]) == 60
    CaseFacts.from_dict({"case_id": "x", "items": items})


def test_items_come_from_the_last_closed_round_not_from_a_later_open_one(home):
    def round_with_item(number, status, quantity):
        census = Census.objects.create(
            project=home.project,
            batch=home.case.batch,
            number=number,
            status=status,
            cutoff_date=dt.date(2026, 3, 16),
        )
        InventoryItem.objects.create(
            project=home.project,
            census=census,
            case=home.case,
            household=home.household,
            line_no=1,
            cutoff_status=CutoffStatus.ELIGIBLE,
            kind="structure",
            name="Sân bê tông",
            unit="m2",
            quantity=Decimal(quantity),
            price_code="san-be-tong",
        )
        return census

    first = round_with_item(1, CensusStatus.OPEN, "10")
    # While the only round is open, it is the inventory being counted.
    assert [i["quantity"] for i in case_facts(home.case)["items"]] == ["10"]
    Census.objects.filter(pk=first.pk).update(status=CensusStatus.CLOSED)
    second = round_with_item(2, CensusStatus.OPEN, "12")
    # A closed round is the frozen inventory: the open round after it does not count.
    assert [i["quantity"] for i in case_facts(home.case)["items"]] == ["10"]
    Census.objects.filter(pk=second.pk).update(status=CensusStatus.CLOSED)
    assert [i["quantity"] for i in case_facts(home.case)["items"]] == ["12"]


def test_depth_corner_roads_and_strip_go_to_the_facts_when_recorded(home):
    home.parcel.depth_m = Decimal("32.50")
    home.parcel.other_segments = ["ho-sen-cau-rao-2/an-bien"]
    home.parcel.save()
    home.impact.recovered_strip = "front"
    home.impact.save()
    parcel = case_facts(home.case)["parcels"][0]
    assert parcel["depth"] == "32.5"
    assert parcel["other_segments"] == ["ho-sen-cau-rao-2/an-bien"]
    assert parcel["recovered_strip"] == "front"
    home.parcel.depth_m, home.parcel.other_segments = None, None
    home.parcel.save()
    home.impact.recovered_strip = ""
    home.impact.save()
    parcel = case_facts(home.case)["parcels"][0]
    assert {"depth", "other_segments", "recovered_strip"}.isdisjoint(parcel)


def test_garden_weight_farmland_in_use_and_certification_fee_reach_the_engine(home):
    """Issue 16: the facts a census and the tax office record — the garden a tree line
    stands in, a livestock head's weight, the farmland the household uses, the fee due as
    if certified, the use of a plot beyond its residential part (Decree 88/2024 Art. 14a,
    21(1), 19(1), 25(3), 8) — go to the engine."""
    census = Census.objects.create(
        project=home.project, batch=home.case.batch, number=1, cutoff_date=dt.date(2026, 3, 16)
    )
    common = {"project": home.project, "census": census, "case": home.case}
    InventoryItem.objects.create(
        **common,
        household=home.household,
        line_no=1,
        kind="tree",
        name="Nhãn",
        unit="tree",
        quantity=Decimal("3"),
        price_code="nhan/A",
        garden_area=Decimal("42.50"),
    )
    InventoryItem.objects.create(
        **common,
        household=home.household,
        line_no=1,
        kind="livestock",
        name="Lợn thịt",
        unit="head",
        quantity=Decimal("12"),
        price_code="pig",
        weight_kg=Decimal("85.5"),
    )
    home.household.agricultural_area_in_use = Decimal("1250.00")
    home.household.save()
    home.parcel.remainder_land_use_code = "CLN"  # a house with its garden (ODT+CLN)
    home.parcel.save()
    tenure = home.parcel.tenures.get()
    tenure.origin, tenure.certification_fee = LandOrigin.NO_PAPERS, 150_000_000
    tenure.save()
    _row, pack = pack_for_code(DEMO_PACK)
    facts = case_facts(home.case, pack)
    assert facts["agricultural_area_in_use"] == "1250"
    assert facts["parcels"][0]["certification_fee"] == 150_000_000
    assert facts["parcels"][0]["remainder_code"] == "CLN"
    by_kind = {i["kind"]: i for i in facts["items"]}
    assert by_kind["tree"]["area"] == "42.5" and by_kind["tree"]["subgroup"] == "A"
    assert by_kind["livestock"]["weight_kg"] == "85.5" and by_kind["livestock"]["count"] == 12
    CaseFacts.from_dict(facts)  # the engine accepts them
    # Unrecorded, they stay out: the engine then names what is missing.
    home.household.agricultural_area_in_use = None
    home.household.save()
    assert "agricultural_area_in_use" not in case_facts(home.case, pack)


def test_the_planned_or_actual_approval_date_is_the_valuation_date(db):
    """Land Law 2024 Art. 91(2): the land price "tại thời điểm phê duyệt phương án". The
    approval step's scheduled date goes to the engine as `dates.valuation`; without one
    the engine asks (review Error 16)."""
    from gpmb.cases.models import Step
    from gpmb.cases.services import steps_schedule
    from gpmb.policy.services import batch_steps_generate
    from tests.plans.conftest import make_home

    home = make_home(approval_planned=None)
    assert "valuation" not in case_facts(home.case)["dates"]
    batch_steps_generate(batch=home.case.batch, actor=None, cases=[home.case])
    assert "valuation" not in case_facts(home.case)["dates"]  # the approval has no date yet
    steps_schedule(
        cases=[home.case],
        code="approval",
        due_date=dt.date(2026, 8, 20),
        actor=None,
        reason="KH 12/KH-UBND",
    )
    assert case_facts(home.case)["dates"] == {"notice": "2026-03-16", "valuation": "2026-08-20"}
    # Recording the approval on another day does not change the facts of the plan it
    # approved (its amounts were posted and consulted on at that valuation date).
    Step.objects.filter(case=home.case, code="approval").update(done_date=dt.date(2026, 8, 25))
    assert case_facts(home.case)["dates"]["valuation"] == "2026-08-20"
