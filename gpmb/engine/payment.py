"""Paying an approved plan (Land Law 2024 Art. 94(3), (5)): the sums and checks the payment
and plan-adjustment steps use. Pure functions of approved results and dates.

- `late_payment`: Art. 94(3)(b): paid after the 30 days of Art. 94(3)(a), the owner also
  receives the late-payment amount of the Tax Administration Law on the sum paid late,
  for the days late.
- `approved_price_floor`: Art. 94(5): when an adjusted plan changes a land or asset price,
  a price lower than the one in the approved plan is not used: the approved one applies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from . import cite as c
from .lines import Line, Result
from .money import Rounding, fmt_money, fmt_num

LL_94_3A = f"{c.LL}, Điều 94, khoản 3, điểm a"
LL_94_3B = f"{c.LL}, Điều 94, khoản 3, điểm b"
LL_94_5 = f"{c.LL}, Điều 94, khoản 5"
# The late-payment rate the Land Law borrows: 0.03 % a day, Tax Administration Law
# 38/2019/QH14 Art. 59(2)(a) ("Mức tính tiền chậm nộp bằng 0,03%/ngày"). Law 108/2025/QH15
# replaces it from 01/7/2026; its text is not in shared/domain/legal-texts, so its article
# is not cited until someone checks it.
TAX_LATE_RATE = Decimal("0.0003")
TAX_LAW_38_59_2A = "Luật Quản lý thuế 38/2019/QH14, Điều 59, khoản 2, điểm a (0,03%/ngày)"
TAX_LAW_38_59_2B = "Luật Quản lý thuế 38/2019/QH14, Điều 59, khoản 2, điểm b"
TAX_LAW_108 = "Luật Quản lý thuế 108/2025/QH15 (mức tiền chậm nộp; điều, khoản cần đối chiếu)"
TAX_LAW_108_FROM = dt.date(2026, 7, 1)
# How the days late are counted: the Land Law borrows the tax law's rate and speaks of
# "thời gian chậm trả"; whether the tax law's day count comes with it the text does not
# say (review ambiguity A11). A named decision, each option with the text it rests on.
LATE_DAYS_KEY = "late_payment_days"
LATE_DAY_COUNTS = {
    # Art. 59(2)(b): "kể từ ngày tiếp theo ngày phát sinh tiền chậm nộp đến ngày liền kề
    # trước ngày ... nộp": the day of payment is not counted.
    "tax_law": TAX_LAW_38_59_2B,
    # Land Law Art. 94(3)(b): each day after the 30 days up to the day of payment.
    "until_payment": f"{c.LL}, Điều 94, khoản 3, điểm b",
}
# Civil Code 2015 Art. 147(1): a period in days starts the day after the event.
CIVIL_CODE_147 = "Bộ luật Dân sự 2015, Điều 147, khoản 1"
PAYMENT_DAYS = 30  # Land Law Art. 94(3)(a)


@dataclass(frozen=True, slots=True)
class LatePayment:
    """The extra sum owed for paying late, with how it was worked out."""

    deadline: dt.date  # the last day of the 30 days
    days_late: int
    unpaid: int  # the sum paid late, đồng
    rate: Decimal
    amount: int  # đồng, rounded
    formula: str
    citations: tuple[str, ...]
    # The day-count reading used; None while no one has recorded it (the amount is then
    # the smaller one, "tax_law", and needs confirmation under LATE_DAYS_KEY).
    day_count: str | None = None


def payment_deadline(
    effective_on: dt.date, working_day: Callable[[dt.date], dt.date] | None = None
) -> dt.date:
    """The last day to pay: 30 days counted from the day after the approval decision
    takes effect (Art. 94(3)(a); Civil Code Art. 147(1)). `working_day`, if given, moves a
    last day that falls on a day off to the next working day (Civil Code Art. 148(5))."""
    last = effective_on + dt.timedelta(days=PAYMENT_DAYS)
    return working_day(last) if working_day is not None else last


def late_payment(
    unpaid: int,
    effective_on: dt.date,
    paid_on: dt.date,
    *,
    rate: Decimal = TAX_LATE_RATE,
    rounding: Rounding | None = None,
    working_day: Callable[[dt.date], dt.date] | None = None,
    day_count: str | None = None,
) -> LatePayment:
    """Land Law Art. 94(3)(b): unpaid × rate × days after the deadline (0 if on time).
    `day_count` is the recorded reading (a key of LATE_DAY_COUNTS), None if not recorded.

    `unpaid` is the sum of the approved plan paid on `paid_on` (integer đồng); a payment in
    instalments is one call per instalment. The rate is the Tax Administration Law's in
    force; pass another if it changes. Rounded by `rounding` (default: half up to đồng).
    """
    if unpaid < 0:
        raise ValueError(f"unpaid = {unpaid}: must not be negative")
    if day_count is not None and day_count not in LATE_DAY_COUNTS:
        raise ValueError(f"day_count = {day_count!r}: one of {tuple(LATE_DAY_COUNTS)}")
    deadline = payment_deadline(effective_on, working_day)
    days = max(0, (paid_on - deadline).days)
    if day_count != "until_payment":
        days = max(0, days - 1)  # the day of payment is not a day late
    exact = Decimal(unpaid) * rate * days
    amount = (rounding or Rounding())(exact)
    formula = (
        f"{fmt_money(unpaid)} đ × {fmt_num(rate * 100)}%/ngày × {days} ngày "
        f"(hạn chi trả {deadline.strftime('%d/%m/%Y')}, chi trả {paid_on.strftime('%d/%m/%Y')})"
    )
    rate_cite = TAX_LAW_108 if paid_on >= TAX_LAW_108_FROM else TAX_LAW_38_59_2A
    reading = (LATE_DAY_COUNTS[day_count],) if day_count else ()
    return LatePayment(
        deadline,
        days,
        unpaid,
        rate,
        amount,
        formula,
        (LL_94_3A, LL_94_3B, rate_cite, *reading, CIVIL_CODE_147),
        day_count,
    )


# -- Art. 94(5): an adjusted plan never prices below the approved plan -------------------

# Lines whose unit price is a land price or an asset price (Art. 94(5) "giá đất, giá tài
# sản"); supports and bonuses are not prices.
PRICED_CODES = frozenset(
    {"LAND", "LAND_REMAINDER", "LAND_FIXED_TERM", "STRUCTURE", "CROP", "TREE", "GRAVE"}
)


@dataclass(frozen=True, slots=True)
class PriceFloorIssue:
    """A line of the adjusted plan priced below the approved plan."""

    code: str
    ref: str
    approved_price: Decimal  # per unit, with the coefficient for land (price × K)
    adjusted_price: Decimal
    quantity: Decimal
    shortfall: int  # đồng the adjusted line pays less than at the approved price
    message: str
    citations: tuple[str, ...] = (LL_94_5,)


def _unit_value(line: Line) -> Decimal | None:
    if line.unit_price is None:
        return None
    if line.code.startswith("LAND") and line.coefficient is not None:
        return line.unit_price * line.coefficient  # land: table price × K
    return line.unit_price


def _keyed(lines: Iterable[Line]) -> dict[tuple[str, str, int], Line]:
    seen: dict[tuple[str, str], int] = {}
    out = {}
    for line in lines:
        if line.code not in PRICED_CODES:
            continue
        n = seen.get((line.code, line.ref), 0)
        seen[(line.code, line.ref)] = n + 1
        out[(line.code, line.ref, n)] = line
    return out


def approved_price_floor(
    adjusted: Result, approved: Result, rounding: Rounding | None = None
) -> list[PriceFloorIssue]:
    """Land Law Art. 94(5): lines of an adjusted plan whose land or asset price is lower
    than the same line's price in the approved plan (matched by code, ref and order), with
    what the approved price would pay. An empty list: the adjustment may stand as computed.
    Only prices are compared; a smaller quantity is not a lower price. The shortfall scales
    the adjusted amount by approved / adjusted price."""
    rnd = rounding or Rounding()
    before = _keyed(approved.lines)
    issues = []
    for key, line in _keyed(adjusted.lines).items():
        old = before.get(key)
        if old is None:
            continue
        new_price, old_price = _unit_value(line), _unit_value(old)
        if new_price is None or old_price is None or new_price >= old_price:
            continue
        # Amounts are linear in the price (area × price × K; a structure's value and its
        # depreciation): the approved price pays amount × old / new.
        at_old = rnd(
            Decimal(line.amount) * old_price / new_price if new_price else line.quantity * old_price
        )
        shortfall = max(0, at_old - line.amount)
        issues.append(
            PriceFloorIssue(
                line.code,
                line.ref,
                old_price,
                new_price,
                line.quantity,
                shortfall,
                (
                    f"{line.code} {line.ref}: giá {fmt_num(new_price)} đ thấp hơn giá đã phê "
                    f"duyệt {fmt_num(old_price)} đ: áp dụng giá đã phê duyệt "
                    f"(thêm {fmt_money(shortfall)} đ)"
                ),
            )
        )
    return issues
