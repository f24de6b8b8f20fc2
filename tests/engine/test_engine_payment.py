"""Paying an approved plan: Land Law 2024 Art. 94(3) late payment, Art. 94(5) price floor."""

import datetime as dt
from decimal import Decimal

import pytest

from gpmb.engine.money import Rounding
from gpmb.engine.payment import (
    TAX_LAW_38_59_2A,
    approved_price_floor,
    late_payment,
    payment_deadline,
)

D = dt.date


def test_paid_within_30_days_owes_nothing():
    # effective 01/03/2026: the 30 days run 02/03 – 31/03 (Civil Code Art. 147(1))
    assert payment_deadline(D(2026, 3, 1)) == D(2026, 3, 31)
    late = late_payment(500_000_000, D(2026, 3, 1), D(2026, 3, 31))
    assert (late.days_late, late.amount) == (0, 0)


def test_late_payment_at_the_tax_rate():
    # Tax Administration Law 38/2019 Art. 59(2)(a): "Mức tính tiền chậm nộp bằng 0,03%/ngày".
    # Paid 10/04/2026, deadline 31/03, counted up to the day of payment: 10 days × 0.03 % ×
    # 500,000,000 = 1,500,000.
    late = late_payment(500_000_000, D(2026, 3, 1), D(2026, 4, 10), day_count="until_payment")
    assert (late.deadline, late.days_late, late.amount) == (D(2026, 3, 31), 10, 1_500_000)
    assert "Luật Đất đai 2024, Điều 94, khoản 3, điểm b" in late.citations
    assert "Luật Quản lý thuế 38/2019/QH14, Điều 59, khoản 2, điểm a (0,03%/ngày)" in late.citations
    assert "500.000.000 đ × 0,03%/ngày × 10 ngày" in late.formula
    # 123,456,789 × 0.0003 × 1 = 37,037.0367 -> 37,037 (half up to đồng)
    one = {"day_count": "until_payment"}
    assert late_payment(123_456_789, D(2026, 3, 1), D(2026, 4, 1), **one).amount == 37_037
    # rounding of the pack, e.g. to 1,000 đ
    r = late_payment(123_456_789, D(2026, 3, 1), D(2026, 4, 1), rounding=Rounding(1000), **one)
    assert r.amount == 37_000


def test_late_days_by_the_tax_law_count_or_asked():
    # Art. 59(2)(b): "kể từ ngày tiếp theo ngày phát sinh tiền chậm nộp đến ngày liền kề trước
    # ngày ... nộp": paid 10/04, deadline 31/03 -> 01/04 to 09/04 = 9 days × 0.03 % ×
    # 500,000,000 = 1,350,000, citing 59(2)(b).
    late = late_payment(500_000_000, D(2026, 3, 1), D(2026, 4, 10), day_count="tax_law")
    assert (late.days_late, late.amount) == (9, 1_350_000)
    assert "Luật Quản lý thuế 38/2019/QH14, Điều 59, khoản 2, điểm b" in late.citations
    # Not recorded: the smaller count, marked as not yet decided.
    late = late_payment(500_000_000, D(2026, 3, 1), D(2026, 4, 10))
    assert (late.day_count, late.days_late) == (None, 9)
    # Paid from 01/7/2026: Law 108/2025 replaces Law 38/2019 (its article still to check).
    late = late_payment(10**8, D(2026, 6, 1), D(2026, 7, 10), day_count="tax_law")
    assert any("108/2025" in x for x in late.citations)
    assert TAX_LAW_38_59_2A not in late.citations


def test_deadline_on_a_day_off_moves_to_the_next_working_day():
    # 30 days after 04/04/2026 is Monday 04/05; say 04/05 is a day off -> 05/05
    def working(day):
        return day + dt.timedelta(days=1) if day == D(2026, 5, 4) else day

    assert payment_deadline(D(2026, 4, 4), working) == D(2026, 5, 5)
    assert late_payment(10**8, D(2026, 4, 4), D(2026, 5, 5), working_day=working).days_late == 0


def test_negative_sum_is_refused():
    with pytest.raises(ValueError, match="unpaid = -1"):
        late_payment(-1, D(2026, 3, 1), D(2026, 4, 1))


def test_adjusted_plan_below_the_approved_price_is_flagged(case, run, pack):
    parcel = {
        "ref": "a-1-1",
        "land_use_code": "ODT",
        "segment": "road-a/1",
        "position": "VT1",
        "recovered_area": "80",
    }
    approved = run(case(parcels=[parcel]))  # 80 × 10,000,000 × K 2 = 1,600,000,000
    lower = run(case(parcels=[dict(parcel, segment="road-b/1")]))  # 80 × 8,000,000 × 2
    issues = approved_price_floor(lower, approved)
    assert len(issues) == 1
    (issue,) = issues
    assert (issue.approved_price, issue.adjusted_price) == (
        Decimal(20_000_000),
        Decimal(16_000_000),
    )
    assert issue.shortfall == 320_000_000  # 1,600,000,000 − 1,280,000,000
    assert issue.citations == ("Luật Đất đai 2024, Điều 94, khoản 5",)
    # a higher price, or less area at the same price, is no issue
    assert approved_price_floor(approved, lower) == []
    smaller = run(case(parcels=[dict(parcel, recovered_area="60")]))
    assert approved_price_floor(smaller, approved) == []
