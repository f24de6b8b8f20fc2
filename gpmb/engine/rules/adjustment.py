"""Adjusting an approved plan (Land Law 2024 Art. 94(5)).

"Trường hợp tại thời điểm ban hành quyết định điều chỉnh phương án ... mà giá đất, giá tài
sản thấp hơn so với giá đất, giá tài sản trong phương án ... đã phê duyệt thì áp dụng giá
bồi thường trong phương án đã được phê duyệt." The case's facts carry the unit prices of
its approved plan (`approved_prices`); a land or asset line priced lower now keeps the
approved price, and says so in its formula and citations. Supports are not prices and are
left as computed (payment.PRICED_CODES)."""

from __future__ import annotations

from decimal import Decimal

from ..context import Ctx
from ..facts import ApprovedPrice
from ..lines import Formula, Line
from ..money import fmt_money, fmt_num
from ..payment import LL_94_5, PRICED_CODES


def _approved_value(line: Line, price: ApprovedPrice) -> Decimal:
    """The approved price per unit as the line's own is read (payment._unit_value): for
    land, table price × K."""
    if line.code.startswith("LAND") and line.coefficient is not None:
        return price.unit_price * (price.coefficient if price.coefficient is not None else 1)
    return price.unit_price


def keep_approved_prices(ctx: Ctx) -> None:
    """Lines matched to the approved plan by code, ref and order among the lines of that
    code and ref (as payment.approved_price_floor matches them)."""
    approved = {(p.code, p.ref, p.index): p for p in ctx.facts.approved_prices}
    seen: dict[tuple[str, str], int] = {}
    for line in ctx.lines:
        if line.code not in PRICED_CODES:
            continue
        n = seen.get((line.code, line.ref), 0)
        seen[(line.code, line.ref)] = n + 1
        price = approved.get((line.code, line.ref, n))
        if price is None or line.unit_price is None or line.amount <= 0:
            continue
        land = line.code.startswith("LAND") and line.coefficient is not None
        new = line.unit_price * line.coefficient if land else line.unit_price  # type: ignore[operator]
        old = _approved_value(line, price)
        if new <= 0 or new >= old:
            continue
        # The amount is linear in the price (area × price × K; a structure's value and its
        # depreciation; a harvest): at the approved price it is amount × old / new, worked
        # from the exact product where the line is one, to round once.
        if line.amount == ctx.to_dong(line.quantity * new):
            amount = ctx.to_dong(line.quantity * old)
        else:
            amount = ctx.to_dong(Decimal(line.amount) * old / new)
        before = line.amount
        line.amount = amount
        if id(line) in ctx.residential_lines:
            ctx.residential_comp += amount - before
        line.unit_price = price.unit_price
        if land:
            line.coefficient = price.coefficient if price.coefficient is not None else Decimal(1)
        line._formula = Formula(
            line._formula,
            (
                f"; giá nay {fmt_num(new)} đ thấp hơn giá trong phương án đã phê duyệt "
                f"{fmt_num(old)} đ: áp dụng giá đã phê duyệt ({LL_94_5}) → "
                f"{fmt_money(amount)} đ"
            ),
        )
        line.citations = (*line.citations, LL_94_5)
        kept = f"giữ giá đã phê duyệt {fmt_num(old)} đ ({LL_94_5})"
        line.note = f"{line.note}; {kept}" if line.note else kept
