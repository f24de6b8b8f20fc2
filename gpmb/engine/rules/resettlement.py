"""Resettlement and deductions (Land Law 2024 Art. 94(6), 111; Decree 88/2024 Art. 24-26;
Resolution 254/2025 Art. 3(6))."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

from .. import cite as c
from ..context import Ctx, money
from ..lines import MISSING_BASIS, NEEDS_CONFIRMATION, OK, Line
from ..money import ZERO, dec, fmt_num
from ..pack import RESIDENTIAL_CODES


def _worst(lines: list[Line]) -> str:
    statuses = {x.status for x in lines}
    if MISSING_BASIS in statuses:
        return MISSING_BASIS
    return NEEDS_CONFIRMATION if NEEDS_CONFIRMATION in statuses else OK


def resettlement(ctx: Ctx) -> None:
    f = ctx.facts
    if f.resettlement_plot_area is None:
        return
    area = f.resettlement_plot_area
    found, segment, cites = _site_price(ctx)
    k = ctx.pack.adjustment_coefficient(f.resettlement_code, segment)
    (_,), k_missing, k_src = ctx.params["land.adjustment_coefficient"]
    if found is None or k is None:
        what = (
            [
                f"giá {f.resettlement_code} đoạn {segment} {f.resettlement_position} (tái "
                "định cư tại chỗ: vị trí tương tự, resettlement.similar_segment)"
            ]
            if found is None
            else []
        ) + (list(k_missing) if k is None else [])
        ctx.missing(
            "RESETTLEMENT_FEE",
            ref=segment or "",
            citations=(*cites, *k_src),
            quantity=area,
            unit="m²",
            what=what or ["hệ số K"],
        )
        return
    price, row = found
    # Land Law Art. 111(3); Resolution 254 Art. 3(6): plot area × table price × K, at plan
    # approval. The fee is what the household pays: a negative line.
    fee_line = ctx.add(
        "RESETTLEMENT_FEE",
        quantity=area,
        unit="m²",
        unit_price=price,
        coefficient=k,
        amount=area * price * k,
        formula=lambda: f"{fmt_num(area)} m² × {money(price)} đ/m² × K {fmt_num(k)}",
        citations=(*cites, row, *k_src),
        ref=segment or "",
        sign=-1,
    )
    fee = -fee_line.amount
    topup = _minimum_unit_topup(ctx, price, k)
    land = [x for x in ctx.lines if x.group == "land"]
    land_comp = sum(x.amount for x in land)
    shortfall = fee - land_comp - topup
    if f.record_debt and shortfall > 0:
        # Decree 88 Art. 26 (as amended by Decree 49): the household may record as debt the
        # fee its land compensation does not cover.
        status = _worst(land)
        ctx.add(
            "RESETTLEMENT_DEBT_RECORDED",
            quantity=Decimal(shortfall),
            unit="đồng",
            unit_price=None,
            coefficient=None,
            amount=shortfall,
            formula=lambda: (
                f"tiền sử dụng đất {money(fee)} − bồi thường về đất {money(land_comp)}"
                + (f" − hỗ trợ suất tối thiểu {money(topup)}" if topup else "")
            ),
            citations=(c.ND88_26,),
            ref=segment or "",
            status=status,
        )
        ctx.add(
            "RESETTLEMENT_DEBT",
            quantity=Decimal(shortfall),
            unit="đồng",
            unit_price=None,
            coefficient=None,
            amount=shortfall,
            formula="ghi nợ tiền sử dụng đất",
            citations=(c.ND88_26,),
            ref=segment or "",
            status=status,
        )


def _site_price(ctx: Ctx) -> tuple[tuple[Decimal, str] | None, str | None, tuple[str, ...]]:
    """Table price of the resettlement plot, the segment it was read at, and citations.
    Resolution 254 Art. 3(6), second paragraph: "Trường hợp bồi thường bằng đất ở tại chỗ
    mà giá đất tại vị trí được bồi thường chưa có trong bảng giá đất thì cơ quan, người
    có thẩm quyền căn cứ vào giá đất trong bảng giá đất tại vị trí tương tự": the similar
    location they chose is `resettlement.similar_segment`."""
    f = ctx.facts
    code, position, segment = f.resettlement_code, f.resettlement_position, f.resettlement_segment
    cites = (c.LL_111_3, c.NQ254_3_6)
    found = ctx.pack.segment_price(code, segment or "", position)
    similar = f.resettlement_similar_segment
    if found is not None or similar is None:
        return found, segment, cites
    return ctx.pack.segment_price(code, similar, position), similar, (*cites, c.NQ254_3_6_2)


def _minimum_unit_topup(ctx: Ctx, site_price: Decimal, k: Decimal) -> int:
    """Land Law Art. 111(8); Decree 88 Art. 24(1): "người có đất ở thu hồi mà phải di chuyển
    chỗ ở và được bồi thường bằng giao đất ở hoặc nhà ở tái định cư" whose residential
    compensation does not reach one minimum resettlement unit gets the difference. A household
    without eligible residential land buys its plot (Art. 111(5)), as does one compensated for
    other land (Art. 111(6)) or one that does not move: no top-up."""
    f = ctx.facts
    if not (ctx.residential_eligible and f.relocating):
        return 0
    (areas, basis), missing, sources = ctx.params[
        "resettlement.minimum_unit_area", "resettlement.minimum_unit_price_basis"
    ]
    cites = (c.LL_111_8, c.ND88_24_1, *sources)
    if missing:
        ctx.missing("RESETTLEMENT_TOPUP", ref=f.case_id, citations=cites, what=missing)
        return 0
    min_area = _minimum_unit_area(ctx, areas)
    key: str | None = None
    options: tuple[str, ...] = ()
    if basis == "table" and k != 1:
        # The province values the unit at the table price (e.g. QĐ 18/2025 Lào Cai Art.
        # 14(1)(d): "G là giá đất ... theo Bảng giá đất"), a rule older than Resolution 254
        # Art. 3(6), which makes the plot's fee table × K: at the table price the top-up no
        # longer buys "một suất tái định cư tối thiểu" (Art. 111(8)). A person decides;
        # until then table × K, so the question is asked whenever it changes the amount.
        key, options = f"minimum_unit_price:{f.case_id}", ("table", "table_x_k")
        basis = ctx.choice(key, options) or "table_x_k"
    g = site_price * (k if basis == "table_x_k" else 1)
    value = ctx.rnd(min_area * g)
    have = ctx.residential_comp
    if have >= value and (key is None or have >= ctx.rnd(min_area * site_price * k)):
        return 0
    status = _worst([x for x in ctx.lines if x.group == "land"])
    if key is not None and status == OK:
        status = NEEDS_CONFIRMATION  # ok once the reading is recorded
    line = ctx.add(
        "RESETTLEMENT_TOPUP",
        quantity=min_area,
        unit="m²",
        unit_price=g,
        coefficient=None,
        amount=max(value - have, 0),
        formula=lambda: (
            f"suất tối thiểu {fmt_num(min_area)} m² × {money(g)} đ/m² = "
            f"{money(value)} − bồi thường đất ở {money(have)}"
        ),
        citations=cites,
        ref=f.case_id,
        status=status,
        decision_key=key,
        options=options,
    )
    return line.amount


def _minimum_unit_area(ctx: Ctx, areas: dict[str, Any]) -> Decimal:
    """The province's minimum unit (Decree 88 Art. 24(1)(b),(c)); with `by_recovered_area`,
    e.g. QĐ 18/2025 Lào Cai Art. 14(1)(b),(c): a recovered residential plot at least the
    size of the plot given is the unit's size; one between the minimum and that plot, its
    own size."""
    f = ctx.facts
    base = dec(areas[f.commune_kind])
    if not areas.get("by_recovered_area") or f.resettlement_plot_area is None:
        return base
    recovered = sum(
        (p.recovered_area for p in f.parcels if p.land_use_code in RESIDENTIAL_CODES), ZERO
    )
    if recovered >= f.resettlement_plot_area:
        return f.resettlement_plot_area
    return max(base, recovered)


def deductions(ctx: Ctx) -> None:
    """Land Law Art. 94(6); Decree 88 Art. 25(1): unpaid land obligations come only out of
    land and remaining-investment compensation; what they do not cover stays as debt."""
    f = ctx.facts
    unpaid = f.unpaid_obligations
    if unpaid <= 0:
        return
    # Until every land line and the plot are priced, the base (and so the split) is not known.
    status = _worst([x for x in ctx.lines if x.group in ("land", "resettlement")])
    if status == MISSING_BASIS:
        ctx.missing(
            "DEDUCTION",
            ref=f.case_id,
            citations=(c.LL_94_6, c.ND88_25_1),
            quantity=Decimal(unpaid),
            unit="đồng",
            what=[(f"nghĩa vụ chưa nộp {money(unpaid)}: chờ đủ căn cứ các dòng bồi thường về đất")],
        )
        return
    land = 0
    for x in ctx.lines:
        if x.deductible:
            land += x.amount
    # Decree 88 Art. 25(1)(b): with a resettlement plot, the land money first pays the
    # part of the plot's fee the top-up does not; only what is left can be deducted.
    plot = sum(-x.amount for x in ctx.lines if x.code == "RESETTLEMENT_FEE")
    plot -= sum(x.amount for x in ctx.lines if x.code == "RESETTLEMENT_TOPUP")
    absorbed = min(land, max(plot, 0))
    base = land - absorbed
    taken = min(unpaid, base)
    ctx.add(
        "DEDUCTION",
        quantity=Decimal(unpaid),
        unit="đồng",
        unit_price=None,
        coefficient=None,
        amount=taken,
        formula=lambda: (
            f"min(nghĩa vụ chưa nộp {money(unpaid)}, bồi thường về đất và chi phí đầu "
            f"tư vào đất còn lại {money(land)}"
            + (f" − phần đã trả tiền sử dụng đất tái định cư {money(absorbed)}" if absorbed else "")
            + ")"
        ),
        citations=(c.LL_94_6, c.ND88_25_1, *((c.ND88_25_1B,) if absorbed else ())),
        ref=f.case_id,
        status=status,
        sign=-1,
    )
    if unpaid > base:
        ctx.add(
            "DEDUCTION_DEBT",
            quantity=Decimal(unpaid - base),
            unit="đồng",
            unit_price=None,
            coefficient=None,
            amount=unpaid - base,
            formula=lambda: f"{money(unpaid)} − {money(base)}: tiếp tục ghi nợ",
            citations=(c.ND88_25_1B,),
            ref=f.case_id,
            status=status,
        )


# -- rules completed for issue 16 -------------------------------------------------------


def resettlement_house(ctx: Ctx) -> None:
    """Land Law 2024 Art. 111(3), second paragraph: "Giá bán nhà ở tái định cư ... do Ủy
    ban nhân dân ... quyết định": the household pays floor area × that price; Decree 88
    Art. 25(2): the difference with its land compensation is paid either way (the net)."""
    f = ctx.facts
    area, price = f.resettlement_house_area, f.resettlement_house_price
    assert area is not None
    cites = (c.LL_111_3, c.ND88_25_2)
    if price is None:
        ctx.missing(
            "RESETTLEMENT_HOUSE",
            ref=f.case_id,
            citations=cites,
            quantity=area,
            unit="m²",
            what=["resettlement.house_price: giá bán nhà ở tái định cư do UBND quyết định"],
        )
        return
    ctx.add(
        "RESETTLEMENT_HOUSE",
        quantity=area,
        unit="m²",
        unit_price=Decimal(price),
        coefficient=None,
        amount=area * price,
        formula=lambda: f"{fmt_num(area)} m² × {money(price)} đ/m²",
        citations=cites,
        ref=f.case_id,
        sign=-1,
    )


def other_land(ctx: Ctx) -> None:
    """Decree 88 Art. 4(1), as amended by Decree 49 Art. 11(2): land of another use given
    in compensation is charged "giá đất theo loại đất được giao ... tại thời điểm phê duyệt
    phương án", that is the table price × K of the land-use fee (Resolution 254 Art.
    5(1)(b)); Art. 4(2): the difference with the compensation is paid either way."""
    f = ctx.facts
    if f.other_land_lease:
        _other_land_lease(ctx)
        return
    code, area = f.other_land_code, f.other_land_area
    segment, position = f.other_land_segment, f.other_land_position
    cites = (c.ND88_4_1, c.ND88_4_2, c.NQ254_5_1B)
    (_,), k_missing, k_src = ctx.params["land.adjustment_coefficient"]
    what: list[str] = []
    found, k = None, None
    if code is None or area is None:
        what.append("resettlement.other_land_code, other_land_area")
    else:
        found = ctx.pack.land_price(code, f.commune, f.commune_kind, position, segment)
        k = ctx.pack.adjustment_coefficient(code, segment)
        if found is None:
            what.append(f"giá {code} đoạn {segment} {position}")
        if k is None:
            what.extend(k_missing or ["land.adjustment_coefficient"])
    if what or found is None or k is None or area is None:
        ctx.missing(
            "OTHER_LAND_FEE",
            ref=f.case_id,
            citations=(*cites, *k_src),
            quantity=area or ZERO,
            unit="m²",
            what=what,
        )
        return
    price, row = found
    ctx.add(
        "OTHER_LAND_FEE",
        quantity=area,
        unit="m²",
        unit_price=price,
        coefficient=k,
        amount=area * price * k,
        formula=lambda: f"{fmt_num(area)} m² × {money(price)} đ/m² × K {fmt_num(k)}",
        citations=(*cites, row, *k_src),
        ref=f.case_id,
        sign=-1,
    )


def _other_land_lease(ctx: Ctx) -> None:
    """Decree 88 Art. 4(1) as amended by Decree 49 Art. 11(2): "Giá đất tính tiền sử dụng
    đất, tiền thuê đất khi bồi thường bằng đất có mục đích sử dụng khác ... là giá đất theo
    loại đất được giao, được cho thuê tại thời điểm phê duyệt phương án". The amendment
    replaced the original "giá đất cụ thể" for a lease paid at once: the land leased is
    priced like land allocated, by its type at plan approval. The rent itself is reckoned
    from that price by the rent law (Resolution 254 Art. 5(2): area, term, rent unit
    price, form of lease), which GPMB does not hold: a person enters the rent for the
    whole term (`resettlement.other_land_rent`), or the line is missing_basis. Art. 4(2):
    the difference with the land compensation is paid either way."""
    f = ctx.facts
    cites = (c.ND88_4_1, c.ND88_4_2, c.NQ254_5_2)
    area, rent = f.other_land_area, f.other_land_rent
    what: list[str] = []
    if f.other_land_code is None or area is None:
        what.append("resettlement.other_land_code, other_land_area")
    if rent is None:
        what.append(
            "resettlement.other_land_rent: tiền thuê đất trả một lần cho cả thời gian thuê, "
            "theo giá đất của loại đất được cho thuê tại thời điểm phê duyệt phương án"
        )
    if what or rent is None or area is None:
        ctx.missing(
            "OTHER_LAND_RENT",
            ref=f.case_id,
            citations=cites,
            quantity=area or ZERO,
            unit="m²",
            what=what,
        )
        return
    code = f.other_land_code
    ctx.add(
        "OTHER_LAND_RENT",
        quantity=area,
        unit="m²",
        unit_price=None,
        coefficient=None,
        amount=rent,
        formula=lambda: (
            f"thuê {fmt_num(area)} m² {code}, trả một lần cho cả thời gian thuê: {money(rent)} đ"
        ),
        citations=cites,
        ref=f.case_id,
        sign=-1,
    )


def shares(ctx: Ctx, net: int) -> None:
    """Decree 88 Art. 25(4): the money is divided among those who hold the land together
    "theo thỏa thuận": each recorded share of the net, on an information line."""
    holders = [m for m in ctx.facts.members if m.share is not None]
    if not holders:
        return
    total = sum((m.share for m in holders if m.share is not None), ZERO)
    if total != 1:
        ctx.missing(
            "SHARE",
            ref=ctx.facts.case_id,
            citations=(c.ND88_25_4,),
            what=[f"members[].share cộng lại {fmt_num(total)}, chưa bằng 1 (thỏa thuận phân chia)"],
        )
        return
    for m in holders:
        share = m.share
        assert share is not None
        part = ctx.to_dong(share * net)
        ctx.add(
            "SHARE",
            quantity=share,
            unit="phần",
            unit_price=None,
            coefficient=None,
            amount=0,
            formula=partial(_share_formula, m.name or m.id, share, net, part),
            citations=(c.ND88_25_4,),
            ref=m.id,
        )


def _share_formula(who: str, share: Decimal, net: int, part: int) -> str:
    return f"{who}: {fmt_num(share)} × {money(net)} = {money(part)} đ"


__all__ = ["ZERO", "deductions", "other_land", "resettlement", "resettlement_house", "shares"]
