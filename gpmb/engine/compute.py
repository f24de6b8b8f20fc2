"""compute(facts, pack) -> Result: runs the rules in legal order and totals the lines."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from . import cite as c
from .context import Ctx
from .facts import CaseFacts
from .lines import (
    ASSETS,
    DEDUCTIONS,
    GROUPS,
    INFO,
    LAND,
    NEEDS_CONFIRMATION,
    RESETTLEMENT,
    SUPPORT,
    Result,
)
from .options import option_vi
from .pack import COMPENSATION_BASES, Pack
from .rules import adjustment, assets, land, resettlement, support

NQ254_IN_FORCE = dt.date(2026, 1, 1)
NQ254_BASES_DEADLINE = dt.date(2026, 7, 1)  # Resolution 254 Art. 7(5)
ND88_IN_FORCE = dt.date(2024, 8, 1)

_ITEM_RULES = {
    "structure": assets.structure,
    "tree": assets.plant,
    "crop": assets.plant,
    "grave": assets.grave,
    "livestock": assets.livestock,
    "moving": assets.moving,
    "business": assets.business,
    "remaining_investment": land.investment,
    "movable_plant": assets.movable_plant,
    "forest": assets.forest,
    "state_housing": assets.state_housing,
}


def compute(
    facts: CaseFacts,
    pack: Pack,
    decisions: Mapping[str, Mapping[str, Any]] | None = None,
) -> Result:
    ctx = Ctx(facts, pack, decisions)
    _regime(ctx)
    if not ctx.stop:
        land.land_lines(ctx)
        for item in facts.items:
            if item.after_cutoff:
                assets.after_cutoff(ctx, item)
            elif item.permit_expired:
                assets.expired_permit(ctx, item)
            elif item.in_power_corridor:
                assets.power_corridor(ctx, item)
            else:
                _ITEM_RULES[item.kind](ctx, item)
        if facts.approved_prices:
            # Land Law Art. 94(5), on the land and asset lines before anything is worked
            # out from them (the bonus, the deductions, the resettlement top-up).
            adjustment.keep_approved_prices(ctx)
        support.life_stabilisation(ctx)
        support.production_agricultural(ctx)
        if ctx.contracted_portions is not None:
            support.production_contracted(ctx)
        support.job_conversion(ctx)
        if ctx.contracted_portions is not None:
            support.job_conversion_contracted(ctx)
        if facts.kind == "organisation":
            land.organisation_support(ctx)
        # The guards repeat each rule's own first test, to skip a call for most cases.
        if facts.rental_months is not None or facts.waiting_for_resettlement:
            support.rental(ctx)
        if facts.self_arranged_housing:
            support.self_arranged(ctx)
        if facts.other_supports:
            support.other_supports(ctx)
        if facts.resettlement_plot_area is not None:
            resettlement.resettlement(ctx)
        if facts.resettlement_house_area is not None:
            resettlement.resettlement_house(ctx)
        if (
            facts.other_land_code is not None
            or facts.other_land_area is not None
            or facts.other_land_lease
        ):
            resettlement.other_land(ctx)
        support.early_handover(ctx)  # after every compensation and support line
        if facts.agreed_averages:
            support.agreed_price_topup(ctx)
        if facts.unpaid_obligations > 0:
            resettlement.deductions(ctx)
    totals = _totals(ctx)
    if not ctx.stop:
        resettlement.shares(ctx, totals["net"])  # information lines: the totals stand
    return Result(ctx.lines, totals, facts, pack.digest)


def compute_many(
    facts_iter: Iterable[CaseFacts],
    pack: Pack,
    decisions: Mapping[str, Mapping[str, Mapping[str, Any]]] | None = None,
) -> list[Result]:
    """Batch: one pack, many cases; `decisions` is keyed by case_id.

    The cyclic garbage collector is paused for the batch: the engine creates no reference
    cycles, and otherwise each collection rescans every line made so far, which made a
    20,000-household batch several times slower than 20,000 single calls.
    """
    decisions = decisions or {}
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return [compute(f, pack, decisions.get(f.case_id)) for f in facts_iter]
    finally:
        if was_enabled:
            gc.enable()


def _totals(ctx: Ctx) -> dict[str, int]:
    totals = dict.fromkeys(GROUPS, 0)
    for line in ctx.lines:
        totals[line.group] += line.amount
    del totals[INFO]
    net = (
        totals[LAND] + totals[ASSETS] + totals[SUPPORT] + totals[RESETTLEMENT] + totals[DEDUCTIONS]
    )
    rounded = ctx.pack.total_rounding.round_int(net)
    totals["rounding"] = rounded - net
    totals["net"] = rounded
    assert totals[DEDUCTIONS] <= 0
    return totals


def _regime(ctx: Ctx) -> None:
    """Which rules apply, by date (Decree 88 Art. 31; Resolution 254 Art. 3(13), 7(5))."""
    f, pack = ctx.facts, ctx.pack
    prior = f.prior_plan_approved_on
    if prior is not None and prior < NQ254_IN_FORCE:
        # Resolution 254 Art. 3(13)(a) (Decree 88 Art. 31(2) before it): a plan approved
        # before the new rules "tiếp tục thực hiện theo phương án ... đã phê duyệt" - no
        # choice; this case is not recomputed.
        cites = (c.ND88_31_2,) if prior < ND88_IN_FORCE else (c.NQ254_3_13A,)
        ctx.add(
            "REGIME",
            quantity=Decimal(0),
            unit="",
            unit_price=None,
            coefficient=None,
            amount=0,
            formula=(
                f"phương án đã phê duyệt ngày {prior.isoformat()}: tiếp tục thực hiện theo "
                "phương án đã phê duyệt"
            ),
            citations=cites,
            ref=f.case_id,
        )
        ctx.stop = True
        return
    part = f.project_part_approved_on
    if prior is None and part is not None and part < NQ254_IN_FORCE:
        # Resolution 254 Art. 3(13)(b), Decree 49 Art. 19(2): for the part of a project not
        # approved before, the province may choose (a) the rules when the rest was approved,
        # (b) those when the Land Law took effect, (c) those in force now. Only (c) is this
        # pack; until recorded, priced under (c).
        key, options = "regime", ("at_earlier_approval", "at_land_law_2024", "current_rules")
        choice = ctx.choice(key, options)
        if choice not in (None, "current_rules"):
            ctx.missing(
                "REGIME",
                ref=f.case_id,
                citations=(c.NQ254_3_13B, c.ND49_19_2),
                what=[
                    f"gói chính sách của chế độ đã chọn ({option_vi(key, str(choice))}); "
                    f"gói {pack.code} là chính sách hiện hành (điểm c)"
                ],
            )
            ctx.stop = True
            return
        ctx.add(
            "REGIME",
            quantity=Decimal(0),
            unit="",
            unit_price=None,
            coefficient=None,
            amount=0,
            formula=(
                f"dự án có phần phương án phê duyệt ngày {part.isoformat()}: UBND cấp tỉnh "
                "lựa chọn quy định áp dụng cho phần chưa phê duyệt"
            ),
            citations=(c.NQ254_3_13B, c.ND49_19_2),
            ref=f.case_id,
            status=NEEDS_CONFIRMATION,
            decision_key=key,
            options=options,
        )
    day = f.valuation_date
    if day is None:
        _valuation_date_asked(ctx)
    elif not pack.covers(day):
        ctx.missing(
            "REGIME",
            ref=f.case_id,
            citations=(c.NQ254_3_6,),
            what=[
                (
                    f"gói {pack.code} hiệu lực {pack.valid_from} – "
                    f"{pack.valid_to or '…'} không áp dụng cho ngày định giá {day}"
                )
            ],
        )
        ctx.stop = True
        return
    elif day < NQ254_IN_FORCE:
        # Before 01/01/2026 compensation used the specific land price at plan approval
        # (Land Law Art. 91(2), 160); Resolution 254 Art. 3(6), 7(5) moved to table × K.
        ctx.land_price_basis = "specific"
    elif day < NQ254_BASES_DEADLINE:
        _bases_window(ctx, day)


def _valuation_date_asked(ctx: Ctx) -> None:
    """Land Law Art. 91(2): the land is priced "tại thời điểm phê duyệt phương án bồi
    thường, hỗ trợ, tái định cư" (Resolution 254 Art. 3(6) changes the price, not the day).
    Without that date (`dates.valuation`: the planned or actual approval date) nobody can
    tell whether the pack, its table × K, or the specific price of Resolution 254 Art.
    7(5) applies (review Error 16), so the line asks: the officer confirms that the plan
    is approved while this pack is in force, with its bases issued. Until then the lines
    are priced by the pack, and this line keeps the case from being all ok."""
    pack = ctx.pack
    key, options = "valuation_date", ("pack_in_force",)
    ctx.add(
        "REGIME",
        quantity=Decimal(0),
        unit="",
        unit_price=None,
        coefficient=None,
        amount=0,
        formula=(
            "chưa có ngày phê duyệt phương án (ngày định giá): tính theo gói "
            f"{pack.code} hiệu lực {pack.valid_from} – {pack.valid_to or '…'}"
        ),
        citations=(c.LL_91_2, c.NQ254_3_6, c.NQ254_7_5),
        ref=ctx.facts.case_id,
        status=NEEDS_CONFIRMATION,
        decision_key=key,
        options=options,
        note="chưa có ngày định giá (ngày phê duyệt phương án dự kiến)",
    )


def _bases_window(ctx: Ctx, day: dt.date) -> None:
    """Resolution 254 Art. 7(5): the province issues every basis (table, K) "chậm nhất đến
    ngày 01 tháng 7 năm 2026; trong thời gian chưa đủ các căn cứ ... thì việc tính ... tiền
    bồi thường về đất thực hiện theo quy định của Luật Đất đai" (the specific price). The
    pack records the day the province issued each basis (review ambiguity A1), or one day
    for all; every basis is in force from the latest of them."""
    key = "land.compensation_bases_issued_on"
    (issued,), missing, sources = ctx.params[key]
    if isinstance(issued, dict):
        lacking = [f"{key}.{b}" for b in COMPENSATION_BASES if issued.get(b) is None]
        issued = None if lacking else max(issued.values())
        missing = tuple(lacking)
    if issued is None:
        ctx.missing(
            "REGIME",
            ref=ctx.facts.case_id,
            citations=(c.NQ254_7_5, *sources),
            what=list(missing) or [key],
        )
    elif day < issued:
        ctx.land_price_basis = "specific"
