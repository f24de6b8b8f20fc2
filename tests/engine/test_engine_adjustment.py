"""Land Law 2024 Art. 94(5) inside the computation: an adjusted plan keeps the approved
plan's land or asset price where the price now is lower."""

from decimal import Decimal

from gpmb.engine.facts import CaseFacts, FactsError
from tests.engine.conftest import lines

PARCEL = {
    "ref": "a-1-1",
    "land_use_code": "ODT",
    "segment": "road-a/1",
    "position": "VT1",
    "recovered_area": "80",
}
LL_94_5 = "Luật Đất đai 2024, Điều 94, khoản 5"


def test_a_lower_price_in_an_adjustment_keeps_the_approved_price(case, run):
    # Approved: 80 m² × 10.000.000 đ/m² × K 2 = 1.600.000.000 đ.
    approved = run(case(parcels=[PARCEL]))
    (land,) = lines(approved, "LAND")
    assert (land.unit_price, land.coefficient, land.amount) == (10_000_000, 2, 1_600_000_000)
    price = {"code": "LAND", "ref": "a-1-1", "unit_price": "10000000", "coefficient": "2"}

    # The adjustment prices the plot on road-b, 8.000.000 đ/m² × K 2: lower, so the
    # approved 10.000.000 × 2 applies: 80 × 20.000.000 = 1.600.000.000 đ, not 1.280.000.000.
    lower = run(case(parcels=[dict(PARCEL, segment="road-b/1")], approved_prices=[price]))
    (kept,) = lines(lower, "LAND")
    assert (kept.unit_price, kept.coefficient, kept.amount) == (10_000_000, 2, 1_600_000_000)
    assert kept.citations[-1] == LL_94_5
    assert LL_94_5 in kept.formula and "16.000.000" in kept.formula
    assert "giữ giá đã phê duyệt" in kept.note
    assert lower.totals["land"] == 1_600_000_000

    # An approved price lower than today's is no floor; less area at the approved price
    # pays for less area.
    cheaper_price = dict(price, unit_price="5000000")
    same = run(case(parcels=[PARCEL], approved_prices=[cheaper_price]))
    assert lines(same, "LAND")[0].amount == 1_600_000_000
    assert LL_94_5 not in lines(same, "LAND")[0].citations
    smaller = run(case(parcels=[dict(PARCEL, recovered_area="60")], approved_prices=[price]))
    assert lines(smaller, "LAND")[0].amount == 60 * 20_000_000


def test_approved_prices_are_checked_like_every_fact(case):
    bad = case(parcels=[PARCEL], approved_prices=[{"ref": "a-1-1", "unit_price": "-1"}])
    try:
        CaseFacts.from_dict(bad)
    except FactsError as exc:
        text = " ".join(exc.messages)
        assert "$.approved_prices[0].code" in text and "$.approved_prices[0].unit_price" in text
    else:
        raise AssertionError("refused")
    good = CaseFacts.from_dict(
        case(parcels=[PARCEL], approved_prices=[{"code": "LAND", "unit_price": 7}])
    )
    assert good.approved_prices[0].unit_price == Decimal(7) and good.approved_prices[0].index == 0
