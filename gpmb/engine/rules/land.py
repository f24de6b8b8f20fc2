"""Land: eligibility by origin and start of stable use, price, area, remainder, fixed term,
remaining investment (Land Law 2024 Art. 91, 95, 101, 107; Decree 88/2024 Art. 5-13, 17)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from functools import partial
from typing import Any

from .. import cite as c
from ..context import Ctx, money
from ..facts import Item, Parcel
from ..lines import NEEDS_CONFIRMATION, OK
from ..money import ONE, ZERO, dec, fmt_num
from ..pack import AGRICULTURAL_CODES, RESIDENTIAL_CODES, land_group
from .frontage import frontage_price_line

D_1980 = dt.date(1980, 12, 18)
D_1993 = dt.date(1993, 10, 15)
D_2004 = dt.date(2004, 7, 1)
D_2014 = dt.date(2014, 7, 1)
D_2024 = dt.date(2024, 8, 1)

NO_LAND_COMPENSATION = frozenset(
    {"state_free_allocation", "annual_lease", "public_land", "contracted", "not_eligible"}
)
# Origins whose rule is written below (issue 16), not in the general path.
SPECIAL_ORIGINS = frozenset({"allocated_above_limit", "transfer_above_limit", "budget_funded"})
# Residential land without a certificate that Decree 88 Art. 8-10 may recognise.
RESIDENTIAL_ORIGINS = frozenset({"no_papers", "violation", "unauthorised_allocation"})
# Land Law 2024 Art. 92(3)(a): an organisation's land not compensated, support if it moves.
ORGANISATION_UNCOMPENSATED = frozenset({"state_free_allocation", "budget_funded"})
AGRI_TYPE = {  # land-use code -> Land Law Art. 176 limit group
    "LUC": "annual",
    "LUK": "annual",
    "LUN": "annual",
    "LUA": "annual",
    "HNK": "annual",
    "BHK": "annual",
    "NHK": "annual",
    "NTS": "aquaculture",
    "LMU": "salt",  # Art. 176(1): "đất làm muối", its own limit "cho mỗi loại đất"
    "CLN": "perennial",
    "RSX": "forest",
    "RPH": "forest",
    "RDD": "forest",
}
# Agricultural codes for which Art. 176 sets no limit (review ambiguity A13).
NO_ART_176_LIMIT = frozenset({"NKH", "CNT"})


class Portion:
    """Part of a recovered parcel that is compensated as one land-use code."""

    __slots__ = ("area", "cap", "citations", "code", "note", "with_residence")

    def __init__(
        self,
        code: str,
        area: Decimal,
        citations: tuple[str, ...],
        note: str = "",
        with_residence: bool = False,
        cap: Decimal | None = None,
    ) -> None:
        self.code = code
        self.area = area
        self.citations = citations
        self.note = note
        self.with_residence = with_residence
        # Residential land without papers: the most the whole plot counts as residential
        # (Decree 88 Art. 8-10: the limit, or a larger house footprint).
        self.cap = cap


POSITION_NOT_GIVEN = "vị trí của thửa trong bảng giá chưa xác định (parcels[].position)"


def land_lines(ctx: Ctx) -> None:
    in_plot: list[tuple[str, Decimal, str, str, str | None]] = []
    for parcel in ctx.facts.parcels:
        if parcel.in_place_farmland_code is not None:
            in_place_swap(ctx, parcel, in_plot)  # Decree 88 Art. 24(3): paid as farmland
            continue
        if parcel.position is None:
            # Not given: only a table with one position at that place can price it.
            only = ctx.pack.only_position(
                parcel.land_use_code, parcel.commune, parcel.commune_kind, parcel.segment
            )
            if only is not None:
                parcel = replace(parcel, position=only)
        area, area_cites, area_status = _compensable_area(ctx, parcel)
        if area is None:
            continue
        portions = _eligible_portions(ctx, parcel, area)
        for portion in portions:
            if portion.code in RESIDENTIAL_CODES:
                ctx.residential_eligible = True
            elif portion.code in AGRICULTURAL_CODES:
                # Eligible agricultural land is the base of life-stabilisation, production and
                # job-conversion support, whether or not its price is known yet.
                farm = parcel.land_use_code in AGRICULTURAL_CODES
                (ctx.agri_portions if farm else in_plot).append(
                    (
                        portion.code,
                        portion.area,
                        parcel.commune,
                        parcel.commune_kind,
                        _position(ctx, portion.code, parcel)[0],
                    )
                )
            _price_line(ctx, parcel, portion, "LAND", area_cites, area_status)
        if portions:
            if parcel.origin != "certificate":
                _fee_on_certification(ctx, parcel, portions)
            _remainder(ctx, parcel, portions)
        if parcel.corridor_area:
            corridor(ctx, parcel)  # Decree 88 Art. 18: land left in a safety corridor
            corridor_remainder(ctx, parcel)
    if in_plot:
        _farmland_in_plot_as_support_base(ctx, in_plot)


def _farmland_in_plot_as_support_base(
    ctx: Ctx, in_plot: list[tuple[str, Decimal, str, str, str | None]]
) -> None:
    """Farmland within a residential plot, compensated "theo loại đất nông nghiệp" (Decree 88
    Art. 8(1)-(3)(d)), is agricultural land eligible for compensation; whether it counts in
    the base of Art. 19(1), 20(3)(a) and 22 supports the texts do not say (review A4). A
    person decides once per case; until then it is left out."""
    key, options = f"plot_farmland:{ctx.facts.case_id}", ("excluded", "included")
    area = sum((x[1] for x in in_plot), ZERO)
    ctx.add(
        "SUPPORT_BASE_RULE",
        quantity=area,
        unit="m²",
        unit_price=None,
        coefficient=None,
        amount=0,
        formula=lambda: (
            f"{fmt_num(area)} m² đất nông nghiệp trong thửa có nhà ở: có tính vào diện tích "
            "hỗ trợ ổn định đời sống, sản xuất, chuyển đổi nghề không"
        ),
        citations=(c.ND88_19_1, c.ND88_20_3A, c.ND88_22),
        ref=ctx.facts.case_id,
        status=NEEDS_CONFIRMATION,
        decision_key=key,
        options=options,
    )
    if ctx.choice(key, options) == "included":
        ctx.agri_portions.extend(in_plot)


# -- area: Decree 88 Art. 6 -------------------------------------------------------------


def _compensable_area(ctx: Ctx, p: Parcel) -> tuple[Decimal | None, tuple[str, ...], str]:
    cert, measured = p.certificate_area, p.measured_area
    if cert is None or measured is None or measured == cert:
        return p.recovered_area, (), OK
    if measured < cert:
        # Decree 88 Art. 6(1): measured smaller than the certificate -> measured area.
        return p.recovered_area, (c.ND88_6_1,), OK
    # Decree 88 Art. 6(2): measured larger and no dispute with neighbours -> measured area.
    if not p.area_dispute:
        return p.recovered_area, (c.ND88_6_2,), OK
    key = f"area:{p.ref}"
    options = ("measured", "certificate")
    choice = ctx.choice(key, options)
    if choice == "certificate":
        return max(ZERO, p.recovered_area - (measured - cert)), (c.ND88_6_2,), NEEDS_CONFIRMATION
    return p.recovered_area, (c.ND88_6_2,), NEEDS_CONFIRMATION


# -- eligibility: Land Law Art. 95, 101; Decree 88 Art. 5, 8-13 ----------------------------


def _eligible_portions(ctx: Ctx, p: Parcel, area: Decimal) -> list[Portion]:
    code, origin, since = p.land_use_code, p.origin, p.stable_use_from
    if origin == "certificate":
        # Land Law Art. 95: certificate or Art. 137 papers -> compensated by type and area.
        return [Portion(code, area, (c.LL_95,))]
    if origin in SPECIAL_ORIGINS:
        return _special_origin(ctx, p, area)
    if origin in NO_LAND_COMPENSATION:
        # Land Law Art. 101; Resolution 254 Art. 3(10): no land compensation (remaining
        # investment may still be paid, Art. 107).
        _none(ctx, p, f"nguồn gốc {origin}", (c.LL_101, c.NQ254_3_10))
        if code in AGRICULTURAL_CODES:
            # Decree 88 Art. 19(2): the base of the province's life-stabilisation support.
            ctx.add_ineligible_agri(
                "contracted" if origin == "contracted" else "not_eligible", area, p
            )
        return []
    if ctx.facts.kind != "household":
        # Decree 88 Art. 8-13 recognise land without a certificate for "hộ gia đình, cá
        # nhân" only; an organisation is compensated on its papers (Land Law Art. 95).
        _none(
            ctx, p, f"tổ chức, nguồn gốc {origin}: Nghị định 88 Điều 8-13 không áp dụng", (c.LL_95,)
        )
        return []
    if since is None:
        ctx.missing(
            "LAND",
            ref=p.ref,
            citations=(c.ND88_8_1,),
            quantity=area,
            unit="m²",
            what=[
                (f"thửa {p.ref}: thiếu thời điểm sử dụng đất ổn định (parcels[].stable_use_from)")
            ],
        )
        return []
    if code in RESIDENTIAL_CODES:
        return _residential(ctx, p, area, since)
    if code in AGRICULTURAL_CODES:
        return _agricultural(ctx, p, area, since)
    return _non_agricultural(ctx, p, area, since)


def _fee_over_limit(ctx: Ctx, p: Parcel, excess: Decimal, clause: str) -> None:
    """Decree 88 Art. 8(1)(a), 8(2)(a): built-on land above the recognition limit is
    compensated as residential land "after deducting the land-use fee payable as if a
    certificate were issued" for it, at plan approval. The fee follows the land-use fee
    decree (Decree 103/2024 as amended by Decree 50/2026), which GPMB does not hold: a
    pack states it (`land.use_fee_over_limit`: a ratio of the table price, with its
    source) or the deduction is missing_basis, never left out."""
    cites = (f"{clause}, điểm a", c.NQ254_3_6)
    (rule,), missing, sources = ctx.params["land.use_fee_over_limit"]
    found = ctx.pack.land_price(p.land_use_code, p.commune, p.commune_kind, p.position, p.segment)
    if rule is None or "ratio" not in rule or found is None:
        what = list(missing) or ["land.use_fee_over_limit.ratio"]
        if found is None:
            what.append(f"giá {p.land_use_code} của thửa {p.ref} trong bảng giá")
        ctx.missing(
            "LAND_FEE_OVER_LIMIT",
            ref=p.ref,
            citations=(*cites, *sources),
            quantity=excess,
            unit="m²",
            what=what,
        )
        return
    price, row = found
    ratio = Decimal(rule["ratio"])
    ctx.add(
        "LAND_FEE_OVER_LIMIT",
        quantity=excess,
        unit="m²",
        unit_price=price,
        coefficient=ratio,
        amount=excess * price * ratio,
        formula=lambda: (
            f"{fmt_num(excess)} m² vượt hạn mức × {money(price)} đ/m² × {fmt_num(ratio)}"
        ),
        citations=(*cites, *sources, row),
        ref=p.ref,
        sign=-1,
    )


def _fee_on_certification(ctx: Ctx, p: Parcel, portions: list[Portion]) -> None:
    """Decree 88 Art. 25(3): land compensation "phải trừ khoản tiền sử dụng đất, tiền thuê đất
    phải nộp như khi được cấp Giấy chứng nhận ... tại thời điểm phê duyệt phương án". The
    amount follows the land-use fee law, which GPMB does not hold: a person enters it
    (parcels[].certification_fee), or the line is missing_basis. Not asked where the Land
    Law certifies without a fee: farmland without papers (Art. 138(6)) and residential land
    without papers used before 15/10/1993 within the limit (Art. 138(1)(a),(b), (2)(a),(b);
    the excess is Decree 88 Art. 8(1)(a), (2)(a), `_fee_over_limit`)."""
    if p.origin == "no_papers":
        before_1993 = p.stable_use_from is not None and p.stable_use_from < D_1993
        free = (AGRICULTURAL_CODES, RESIDENTIAL_CODES) if before_1993 else (AGRICULTURAL_CODES,)
        if all(any(x.code in codes for codes in free) for x in portions):
            return
    cites = (c.ND88_25_3,)
    fee = p.certification_fee
    if fee is None:
        ctx.missing(
            "LAND_FEE_ON_CERTIFICATION",
            ref=p.ref,
            citations=cites,
            what=[
                f"thửa {p.ref}: tiền sử dụng đất, tiền thuê đất phải nộp như khi được cấp "
                "Giấy chứng nhận (parcels[].certification_fee)"
            ],
        )
        return
    ctx.add(
        "LAND_FEE_ON_CERTIFICATION",
        quantity=Decimal(fee),
        unit="đồng",
        unit_price=None,
        coefficient=None,
        amount=fee,
        formula=lambda: f"tiền phải nộp như khi được cấp Giấy chứng nhận {money(fee)}",
        citations=cites,
        ref=p.ref,
        sign=-1,
    )


def _none(ctx: Ctx, p: Parcel, why: str, cites: tuple[str, ...]) -> None:
    ctx.add(
        "LAND_NONE",
        quantity=p.recovered_area,
        unit="m²",
        unit_price=None,
        coefficient=None,
        amount=0,
        formula=lambda: f"không đủ điều kiện bồi thường về đất ({why})",
        citations=cites,
        ref=p.ref,
    )


def _limit(ctx: Ctx, key: str, p: Parcel) -> tuple[Decimal | None, str]:
    (value,), missing, sources = ctx.params[key]
    if value is None or p.commune_kind not in value:
        what = missing or [f"{key}.{p.commune_kind} không có trong gói {ctx.pack.code}"]
        ctx.missing(
            "LAND", ref=p.ref, citations=sources, quantity=p.recovered_area, unit="m²", what=what
        )
        return None, ""
    return Decimal(str(value[p.commune_kind])), sources[0]


def _residential(ctx: Ctx, p: Parcel, area: Decimal, since: dt.date) -> list[Portion]:
    origin = p.origin
    if origin == "unauthorised_allocation":
        # Decree 88 Art. 10: treated as Art. 8(2) before 15/10/1993, Art. 8(3) after; from
        # 01/7/2004 only under Land Law Art. 140(3)(a),(b); from 01/7/2014 only with proof
        # that the money was paid.
        if D_2004 <= since < D_2014:
            key = f"art140:{p.ref}"
            options = ("meets_art_140_3ab", "does_not_meet")
            choice = ctx.choice(key, options)
            if choice == "does_not_meet":
                _none(
                    ctx,
                    p,
                    "giao đất không đúng thẩm quyền, không thuộc Điều 140(3)(a),(b)",
                    (c.ND88_10, c.LL_140_3),
                )
                return []
            if choice is None:
                ctx.add(
                    "LAND_NONE",
                    quantity=area,
                    unit="m²",
                    unit_price=None,
                    coefficient=None,
                    amount=0,
                    formula="cần xác định trường hợp Điều 140 khoản 3 điểm a, b",
                    citations=(c.ND88_10, c.LL_140_3),
                    ref=p.ref,
                    status=NEEDS_CONFIRMATION,
                    decision_key=key,
                    options=options,
                )
                return []
        elif D_2014 <= since < D_2024 and not p.payment_proven:
            _none(
                ctx,
                p,
                "giao không đúng thẩm quyền từ 01/7/2014, không có chứng từ nộp tiền",
                (c.ND88_10,),
            )
            return []
        elif since >= D_2024:
            _none(ctx, p, "sử dụng từ 01/8/2024", (c.ND88_10,))
            return []
        art_cite = c.ND88_10
    elif origin == "violation":
        if since >= D_2014:
            # Decree 88 Art. 9(4): encroachment from 01/7/2014 gets no land compensation.
            _none(ctx, p, "vi phạm từ ngày 01/7/2014", (c.ND88_9_4,))
            return []
        art_cite = c.ND88_9
    else:  # no_papers
        if since >= D_2014:
            # Land Law Art. 101(4): not eligible for a certificate (Art. 138 ends with use
            # before 01/7/2014), so not for compensation (Decree 88 Art. 5(1)).
            _none(ctx, p, "sử dụng từ ngày 01/7/2014, không thuộc Điều 8", (c.LL_101_4, c.ND88_5_1))
            return []
        art_cite = ""
    # Decree 88 Art. 10(1): land allocated without authority before 15/10/1993 follows Art.
    # 8(2) whatever the year; Art. 8(1) is for other land used before 18/12/1980.
    pre_1980 = since < D_1980 and origin != "unauthorised_allocation"
    if since < D_1993:
        key, clause = (
            "limits.residential_recognition",
            (c.ND88_8_1 if pre_1980 else c.ND88_8_2),
        )
    else:
        key, clause = "limits.residential_allocation", c.ND88_8_3
    limit, limit_src = _limit(ctx, key, p)
    if limit is None:
        return []
    cites = tuple(x for x in (art_cite, clause, limit_src) if x)
    if origin == "violation":
        # Decree 88 Art. 9(1)-(3): actual area capped at the limit, or the house footprint.
        cap = max(limit, p.house_footprint or ZERO)
        residential = min(area, cap)
        portions = [
            Portion(p.land_use_code, residential, cites, f"hạn mức {fmt_num(limit)} m²", cap=cap)
        ]
        if area > residential:
            portions[0].note += f"; {fmt_num(area - residential)} m² vượt hạn mức không bồi thường"
        return portions
    # Art. 8(1): the whole parcel smaller than the limit -> all residential (before
    # 18/12/1980); Art. 8(2): the recovered area is the test (18/12/1980 - 15/10/1993).
    whole = p.measured_area or p.certificate_area or area
    test_area = whole if pre_1980 else area
    cap = max(limit, p.house_footprint or ZERO)
    if since < D_1993 and test_area < limit:
        return [Portion(p.land_use_code, area, cites, "diện tích nhỏ hơn hạn mức", cap=cap)]
    # Residential up to the limit; a larger house footprint is residential too.
    residential = min(area, cap)
    if pre_1980 and area < limit:
        # Art. 8(1)(a) needs the recovered area at or above the limit, 8(1)(b) the whole
        # plot below it: a plot at or above the limit losing a strip below it is neither.
        built = _strip_reading(ctx, p, area)
        if built is None:
            return []
        residential = min(area, built)
    portions = [
        Portion(p.land_use_code, residential, cites, f"hạn mức {fmt_num(limit)} m²", cap=cap)
    ]
    if since < D_1993 and residential > limit:
        _fee_over_limit(ctx, p, residential - limit, clause)
    rest = area - residential
    if rest > 0 and p.business_area:
        # Decree 88 Art. 8(1)(c), (2)(c), (3)(c): the area used for non-agricultural
        # production, business, trade or services is compensated at its actual recovered
        # area, as land allocated with a fee for stable long-term use; it comes after the
        # residential area of points (a), (b) and before the rest of point (d).
        business = min(rest, p.business_area)
        b_cites = tuple(x for x in (art_cite, _point_c(clause)) if x)
        note = "đất sản xuất, kinh doanh phi nông nghiệp, thương mại, dịch vụ"
        if business < p.business_area:
            note += (
                f"; {fmt_num(p.business_area - business)} m² kinh doanh nằm trong phần "
                "đã tính đất ở"
            )
        if p.business_code is None:
            ctx.missing(
                "LAND",
                ref=p.ref,
                citations=b_cites,
                quantity=business,
                unit="m²",
                what=[
                    f"thửa {p.ref}: thiếu loại đất tính bồi thường cho phần kinh doanh "
                    "(parcels[].business_code, ví dụ TMD, SKC)"
                ],
            )
        else:
            portions.append(Portion(p.business_code, business, b_cites, note))
        rest -= business
    if rest > 0:
        if p.remainder_code is None:
            _missing_remainder_code(ctx, "LAND", p, rest, cites)
        else:
            # The rest of the plot is compensated as the land it is used as, normally
            # agricultural land within a plot with a house.
            portions.append(
                Portion(
                    p.remainder_code, rest, cites, "phần ngoài hạn mức đất ở", with_residence=True
                )
            )
    return portions


def _strip_reading(ctx: Ctx, p: Parcel, area: Decimal) -> Decimal | None:
    """Land used before 18/12/1980, plot at or above the recognition limit, recovered strip
    below it (review A2): is the strip all residential, or only its built part, the rest
    farmland (Art. 8(1)(d))? A person decides; until then all residential. Returns the
    residential part's cap, or None when the built area is needed and not given."""
    key, options = f"art8_1:{p.ref}", ("all_residential", "built_part_only")
    choice = ctx.choice(key, options)
    ctx.add(
        "RESIDENTIAL_AREA_RULE",
        quantity=area,
        unit="m²",
        unit_price=None,
        coefficient=None,
        amount=0,
        formula=(
            "sử dụng trước 18/12/1980, thửa không nhỏ hơn hạn mức công nhận, diện tích thu hồi "
            "nhỏ hơn hạn mức: không thuộc Điều 8 khoản 1 điểm a, b"
        ),
        citations=(c.ND88_8_1,),
        ref=p.ref,
        status=NEEDS_CONFIRMATION,
        decision_key=key,
        options=options,
    )
    if choice != "built_part_only":
        return area
    if p.house_footprint is None:
        what = f"thửa {p.ref}: diện tích xây dựng nhà ở trong phần thu hồi (house_footprint)"
        ctx.missing("LAND", ref=p.ref, citations=(c.ND88_8_1,), what=[what])
        return None
    return p.house_footprint


def _missing_remainder_code(
    ctx: Ctx, code: str, p: Parcel, area: Decimal, cites: tuple[str, ...]
) -> None:
    what = f"thửa {p.ref}: thiếu loại đất của phần ngoài hạn mức (parcels[].remainder_code)"
    ctx.missing(code, ref=p.ref, citations=cites, quantity=area, unit="m²", what=[what])


def _point_c(clause: str) -> str:
    """The point (c) of a Decree 88 Art. 8 clause citation: business area."""
    return f"{clause}, điểm c"


def _agricultural(ctx: Ctx, p: Parcel, area: Decimal, since: dt.date) -> list[Portion]:
    origin = p.origin
    if origin == "no_papers" and since < D_2004 and ctx.facts.direct_agricultural_producer:
        # Decree 88 Art. 12(4)(a): used before 01/7/2004 by a direct farmer: whole area.
        return [Portion(p.land_use_code, area, (c.ND88_12_4A,))]
    if origin == "no_papers":
        # Decree 88 Art. 5(1), 12(1) with Land Law Art. 138(6): farmland used stably without
        # papers, confirmed free of dispute, up to the Art. 176 limit - whatever the date.
        clauses: tuple[str, ...] = (c.ND88_12_1, c.ND88_5_1, c.LL_138_6)
    else:
        # Decree 88 Art. 12(2), (3): a violation, or land allocated without authority, only
        # when used before 01/7/2014.
        clauses = (c.ND88_12_2 if origin == "violation" else c.ND88_12_3,)
        if since >= D_2014:
            why = "vi phạm" if origin == "violation" else "giao không đúng thẩm quyền"
            _none(ctx, p, f"đất nông nghiệp {why} từ 01/7/2014", clauses)
            ctx.add_ineligible_agri("not_eligible", area)  # Decree 88 Art. 19(2)
            return []
    if p.self_reclaimed:
        return _reclaimed(ctx, p, area)
    code = p.land_use_code
    if code in NO_ART_176_LIMIT and _no_limit_reading(ctx, p, clauses) == "whole_area":
        return [Portion(code, area, (*clauses, c.LL_176), "Điều 176 không có hạn mức")]
    (limits,), missing, sources = ctx.params["limits.agricultural_allocation"]
    group = AGRI_TYPE.get(code, "annual")
    if limits is None or group not in limits:
        ctx.missing(
            "LAND",
            ref=p.ref,
            citations=(*clauses, c.LL_176),
            quantity=area,
            unit="m²",
            what=missing or [f"limits.agricultural_allocation.{group}"],
        )
        return []
    limit = Decimal(str(limits[group]))
    # The limit is the person's, over all the case's parcels of one type ("cho mỗi loại
    # đất", Art. 176(1), (3): each forest type on its own).
    kind = code if group == "forest" else group
    used = ctx.agri_limit_used.get(kind, ZERO)
    cap, lacking = _combined_cap(ctx, group, kind, limits)
    if lacking:
        ctx.missing(
            "LAND",
            ref=p.ref,
            citations=(*clauses, c.LL_176_4, *sources),
            quantity=area,
            unit="m²",
            what=[lacking],
        )
        return []
    eligible = min(area, max(limit - used, ZERO), cap if cap is not None else area)
    ctx.agri_limit_used[kind] = used + eligible
    cites = (*clauses, c.LL_176, *sources)
    note = f"hạn mức giao đất {fmt_num(limit)} m²"
    if used:
        note += f", {fmt_num(used)} m² đã tính ở thửa khác"
    portions = [Portion(p.land_use_code, eligible, cites, note)] if eligible else []
    if area > eligible:
        # Decree 88 Art. 12(7): the area above the limit gets the province's support.
        _area_support(ctx, p, area - eligible, "agricultural", c.ND88_12_7)
    return portions


def _reclaimed(ctx: Ctx, p: Parcel, area: Decimal) -> list[Portion]:
    """Decree 88 Art. 12(2), second paragraph: "Đối với đất nông nghiệp đã sử dụng ổn định
    do tự khai hoang thì được bồi thường về đất theo hạn mức giao đất nông nghiệp do Ủy ban
    nhân dân cấp tỉnh quy định" - the province's limit per type of land
    (`limits.agricultural_reclaimed`), not Land Law Art. 176; counted over the case's
    reclaimed parcels of one type. The area above it gets the province's support (12(7))."""
    key = "limits.agricultural_reclaimed"
    (limits,), missing, sources = ctx.params[key]
    code = p.land_use_code
    group = AGRI_TYPE.get(code, "annual")
    kind = code if group == "forest" else group
    if limits is None or (kind not in limits and group not in limits):
        ctx.missing(
            "LAND",
            ref=p.ref,
            citations=(c.ND88_12_2_2, *sources),
            quantity=area,
            unit="m²",
            what=list(missing) or [f"{key}.{group}"],
        )
        return []
    limit = Decimal(str(limits.get(kind, limits.get(group))))
    counter = f"reclaimed:{kind}"
    used = ctx.agri_limit_used.get(counter, ZERO)
    eligible = min(area, max(limit - used, ZERO))
    ctx.agri_limit_used[counter] = used + eligible
    note = f"đất tự khai hoang: hạn mức của tỉnh {fmt_num(limit)} m²"
    if used:
        note += f", {fmt_num(used)} m² đã tính ở thửa khác"
    cites = (c.ND88_12_2_2, *sources)
    portions = [Portion(code, eligible, cites, note)] if eligible else []
    if area > eligible:
        _area_support(ctx, p, area - eligible, "agricultural", c.ND88_12_7)
    return portions


COMBINED_TYPES = frozenset({"annual", "aquaculture", "salt"})


def _combined_cap(
    ctx: Ctx, group: str, kind: str, limits: dict[str, Any]
) -> tuple[Decimal | None, str | None]:
    """Land Law Art. 176(4): several of annual-crop, aquaculture and salt land: "tổng hạn mức
    ... không quá 05 ha"; perennial land "giao thêm": 5 ha (plains) or 25 ha (midlands,
    mountains); production forest "giao thêm": 25 ha. Counted over the case's land without a
    certificate. Returns the area this parcel may still take (None: no combined limit) or
    the pack key that is missing."""
    types = {AGRI_TYPE.get(x.land_use_code) for x in ctx.facts.parcels if x.origin != "certificate"}
    others = types & COMBINED_TYPES
    if group in COMBINED_TYPES:
        field = "annual_aquaculture_salt" if len(others) > 1 else None
    elif group == "perennial":
        field = "perennial_with_others" if others else None
    else:
        field = "production_forest_with_others" if kind == "RSX" and others else None
    if field is None:
        return None, None
    combined = limits.get("combined") or {}
    if field not in combined:
        return None, f"limits.agricultural_allocation.combined.{field}"
    value = Decimal(str(combined[field]))
    if group in COMBINED_TYPES:
        used = sum((ctx.agri_limit_used.get(t, ZERO) for t in COMBINED_TYPES), ZERO)
    else:
        used = ctx.agri_limit_used.get(kind, ZERO)
    return max(value - used, ZERO), None


def _no_limit_reading(ctx: Ctx, p: Parcel, clauses: tuple[str, ...]) -> str | None:
    """Decree 88 Art. 12(1)-(3) cap land without a certificate at "hạn mức giao đất nông
    nghiệp ... Điều 176", which sets none for this land (other agricultural land): the whole
    area, or the annual-crop limit by analogy, a person decides. Until then, the limit."""
    key, options = f"agri_limit:{p.ref}", ("annual_limit", "whole_area")
    ctx.add(
        "LAND_LIMIT_RULE",
        quantity=p.recovered_area,
        unit="m²",
        unit_price=None,
        coefficient=None,
        amount=0,
        formula=lambda: f"Điều 176 Luật Đất đai không quy định hạn mức giao đất {p.land_use_code}",
        citations=(*clauses, c.LL_176),
        ref=p.ref,
        status=NEEDS_CONFIRMATION,
        decision_key=key,
        options=options,
    )
    return ctx.choice(key, options)


def _non_agricultural(ctx: Ctx, p: Parcel, area: Decimal, since: dt.date) -> list[Portion]:
    # Decree 88 Art. 13: compensated as land with stable long-term use when used before
    # 01/7/2014 (without authority: with proof of payment until 01/8/2024).
    ok = since < D_2014 or (
        p.origin == "unauthorised_allocation" and since < D_2024 and p.payment_proven
    )
    if not ok:
        _area_support(ctx, p, area, "non_agricultural", c.ND88_13_9)
        return []
    return [Portion(p.land_use_code, area, (c.ND88_13,))]


def _area_support(ctx: Ctx, p: Parcel, area: Decimal, group: str, clause: str) -> None:
    """Recovered land not compensated: "Ủy ban nhân dân cấp tỉnh ... quyết định hỗ trợ khác"
    (Decree 88 Art. 12(7) for agricultural, 13(9) for non-agricultural land). The pack says
    how (`support.uncompensated_land.<group>`: a ratio of the table price, optionally × K,
    and the start of use it is limited to; e.g. QĐ 18/2025 Lào Cai Art. 19-20: 100 % of
    the table price, agricultural land used before 01/7/2014)."""
    (rules,), missing, sources = ctx.params["support.uncompensated_land"]
    rule = (rules or {}).get(group)
    cites = (clause, *sources)
    if rule is None:
        what = list(missing) or [f"support.uncompensated_land.{group}"]
        ctx.missing("LAND_SUPPORT", ref=p.ref, citations=cites, quantity=area, unit="m²", what=what)
        return
    cites = (*cites, rule.get("row", group))
    before = rule.get("used_before")
    since = p.stable_use_from
    if before is not None and (since is None or since >= before):
        ctx.add(
            "LAND_SUPPORT",
            quantity=area,
            unit="m²",
            unit_price=None,
            coefficient=None,
            amount=0,
            formula=lambda: f"quy định của tỉnh chỉ hỗ trợ đất sử dụng trước {before:%d/%m/%Y}",
            citations=cites,
            ref=p.ref,
        )
        return
    found = ctx.pack.land_price(p.land_use_code, p.commune, p.commune_kind, p.position, p.segment)
    k: Decimal | None = ONE
    if rule.get("price_basis") == "table_x_k":
        k = ctx.pack.adjustment_coefficient(p.land_use_code, p.segment)
        cites = (*cites, *ctx.params["land.adjustment_coefficient"][2])
    if found is None or k is None:
        what = [] if found else [f"giá {p.land_use_code} của thửa {p.ref} trong bảng giá"]
        what += [] if k else [f"hệ số K cho {p.land_use_code}"]
        ctx.missing("LAND_SUPPORT", ref=p.ref, citations=cites, quantity=area, unit="m²", what=what)
        return
    price, row = found
    ratio = Decimal(str(rule["ratio"]))
    ctx.add(
        "LAND_SUPPORT",
        quantity=area,
        unit="m²",
        unit_price=price,
        coefficient=ratio * k,
        amount=area * price * k * ratio,
        formula=lambda: (
            f"{fmt_num(area)} m² × {money(price)} đ/m²"
            + (f" × K {fmt_num(k)}" if k != ONE else "")
            + f" × {fmt_num(ratio * 100)}%"
        ),
        citations=(*cites, row),
        ref=p.ref,
    )


# -- price: Resolution 254 Art. 3(6) ------------------------------------------------------


def _price_line(
    ctx: Ctx, p: Parcel, portion: Portion, code: str, area_cites: tuple[str, ...], area_status: str
) -> None:
    area = portion.area
    if ctx.land_price_basis == "specific":
        ctx.missing(
            code,
            ref=p.ref,
            citations=(*portion.citations, *area_cites, c.LL_91_2, c.NQ254_7_5),
            quantity=area,
            unit="m²",
            what=["giá đất cụ thể (trước 01/01/2026) không có trong gói"],
        )
        return
    farmland_in_plot = (
        portion.code in AGRICULTURAL_CODES and p.land_use_code not in AGRICULTURAL_CODES
    )
    if p.position is None and not farmland_in_plot:
        ctx.missing(
            code,
            ref=p.ref,
            citations=(*portion.citations, *area_cites, c.NQ254_3_6),
            quantity=area,
            unit="m²",
            what=[POSITION_NOT_GIVEN],
        )
        return
    if p.frontage is not None and portion.code not in AGRICULTURAL_CODES:
        # Depth bands, several roads, price floors: the province's table rules.
        first = len(ctx.lines)
        amount = frontage_price_line(ctx, p, portion, code, area_cites, area_status, _fixed_term)
        if amount is not None and portion.code in RESIDENTIAL_CODES:
            ctx.residential_comp += amount
            ctx.residential_lines.update(id(x) for x in ctx.lines[first:])
        return
    position, pos_sources, pos_missing = _position(ctx, portion.code, p)
    if pos_missing:
        ctx.missing(
            code,
            ref=p.ref,
            citations=(*portion.citations, *area_cites, *pos_sources),
            quantity=area,
            unit="m²",
            what=pos_missing,
        )
        return
    with_residence = portion.code in AGRICULTURAL_CODES and (
        p.with_residence or portion.with_residence
    )
    memo_key = (
        "land",
        portion.code,
        p.commune,
        p.commune_kind,
        position,
        p.segment,
        with_residence,
    )
    priced = ctx.pack.cache.get(memo_key)
    if priced is None:
        priced = ctx.pack.cache[memo_key] = _unit_price(
            ctx, portion.code, p, position, with_residence
        )
    price, k, extra, tail, what = priced
    cites = (*portion.citations, *area_cites, *pos_sources, *tail)
    if what:
        ctx.missing(
            code, ref=p.ref, citations=cites, quantity=area, unit="m²", unit_price=price, what=what
        )
        return
    assert price is not None and k is not None
    if (
        code == "LAND"
        and p.term_years
        and p.remaining_years is not None
        and (portion.code not in RESIDENTIAL_CODES)
    ):
        _fixed_term(ctx, p, area, price * k, cites)
        return
    if area_status != OK:
        key = f"area:{p.ref}" if area_status == NEEDS_CONFIRMATION else None
        line = ctx.add(
            code,
            quantity=area,
            unit="m²",
            unit_price=price,
            coefficient=k,
            amount=area * price * k,
            formula=partial(_price_formula, area, price, extra, k),
            citations=cites,
            ref=p.ref,
            status=area_status,
            decision_key=key,
            options=("measured", "certificate") if key else (),
            note=portion.note,
            deductible=True,
        )
    else:
        line = ctx.put(
            code,
            area,
            "m²",
            price,
            k,
            area * price * k,
            partial(_price_formula, area, price, extra, k),
            cites,
            p.ref,
            portion.note,
            True,
        )
    if portion.code in RESIDENTIAL_CODES:
        ctx.residential_comp += line.amount
        ctx.residential_lines.add(id(line))


def _price_formula(area: Decimal, price: Decimal, extra: str, k: Decimal) -> str:
    return f"{fmt_num(area)} m² × {money(price)} đ/m²{extra} × K {fmt_num(k)}"


def _unit_price(
    ctx: Ctx, code: str, p: Parcel, position: str | None, with_residence: bool
) -> tuple[Decimal | None, Decimal | None, str, tuple[str, ...], tuple[str, ...]]:
    """Compensation price of one land-use code at one place: table price (with the
    province's additions) and K, their citations, or what is missing. The same for every
    household at that place, so the caller memoises it on the pack."""
    if position is None:
        return None, None, "", (c.NQ254_3_6,), (POSITION_NOT_GIVEN,)
    agricultural = code in AGRICULTURAL_CODES
    found = ctx.pack.land_price(code, p.commune, p.commune_kind, position, p.segment)
    if found is None:
        (_table,), missing, sources = ctx.params[
            "land.agricultural_prices" if agricultural else "land.segments"
        ]
        what = missing or (f"bảng giá không có giá {code} tại {p.segment or p.commune} {position}",)
        return None, None, "", (c.NQ254_3_6, *sources), tuple(what)
    price, row = found
    extra = ""
    cites: tuple[str, ...] = ()
    if with_residence:
        # e.g. NQ 19/2025 Lào Cai Art. 7(4): +5,000 đ/m² for agricultural land in a plot
        # with a house or next to residential land. A pack that does not say whether its
        # province adds anything gives a missing basis, not a silent 0 (a province without
        # such a rule declares 0).
        (add,), add_missing, add_src = ctx.params["land.agricultural_with_residence_addition"]
        if add is None:
            return price, None, "", (*add_src, c.NQ254_3_6, row), tuple(add_missing)
        if add:
            price = price + Decimal(add)
            extra = f" (gồm cộng thêm {money(add)} đ/m²)"
        cites = add_src
    # Resolution 254 Art. 3(6), Art. 8: compensation price = table price × K.
    k = ctx.pack.adjustment_coefficient(code, p.segment)
    (_,), k_missing, k_src = ctx.params["land.adjustment_coefficient"]
    (_,), _, t_src = ctx.params[
        "land.segments" if p.segment and not agricultural else "land.agricultural_prices"
    ]
    cites = (*cites, c.NQ254_3_6, c.NQ254_8, *t_src, row, *k_src)
    if k is None:
        return (
            price,
            None,
            extra,
            cites,
            tuple(k_missing or (f"hệ số K cho {code} không có trong gói",)),
        )
    return price, k, extra, cites, ()


def _fixed_term(ctx: Ctx, p: Parcel, area: Decimal, g: Decimal, cites: tuple[str, ...]) -> None:
    """Decree 88 Art. 13(7) (G as amended by Decree 49 Art. 11(4)): non-residential land
    held for a term, paid in money: Tbt = G × S / T1 × T2, G "tính theo bảng giá đất và hệ
    số điều chỉnh giá đất" for the land's term T1, T2 the term remaining. The table prices a
    term of its own (e.g. NQ 19/2025 Lào Cai Art. 6(7): 70 years), so G = table × K / Tb ×
    T1; the pack states Tb (`land.fixed_term_table_years`) or the line is missing_basis."""
    assert p.term_years and p.remaining_years is not None
    t1, t2 = p.term_years, p.remaining_years
    (tb_value,), missing, sources = ctx.params["land.fixed_term_table_years"]
    cites = (c.ND88_13_7, *cites, *sources)
    if tb_value is None:
        ctx.missing(
            "LAND_FIXED_TERM",
            ref=p.ref,
            citations=cites,
            quantity=area,
            unit="m²",
            unit_price=g,
            what=list(missing) or ["land.fixed_term_table_years"],
        )
        return
    tb = Decimal(str(tb_value))
    g_term = g / tb * t1
    ctx.add(
        "LAND_FIXED_TERM",
        quantity=area,
        unit="m²",
        unit_price=g_term,
        coefficient=t2 / t1,
        amount=g_term * area / t1 * t2,
        formula=lambda: (
            f"G = {money(g)} đ/m² / {fmt_num(tb)} năm của bảng giá × T1 {fmt_num(t1)} năm; "
            f"Tbt = G × S {fmt_num(area)} m² / T1 {fmt_num(t1)} năm × T2 {fmt_num(t2)} năm"
        ),
        citations=cites,
        ref=p.ref,
        deductible=True,
    )


# -- land in a safety corridor: Land Law Art. 106; Decree 88 Art. 18(1) ------------------


def corridor(ctx: Ctx, p: Parcel) -> None:
    """Land left to its user inside a safety corridor, its use restricted. Art. 18(1)(a):
    residential land that must become other land: (G1 - G2) × S; (b) non-residential
    non-agricultural land that must become agricultural: (G3 - G4) × S; (c) purpose
    unchanged: the province's rule (e.g. QĐ 18/2025 Lào Cai Art. 8). G = table price × K
    at the parcel's place (Resolution 254 Art. 3(6))."""
    s = p.corridor_area
    assert s
    old, new = p.land_use_code, p.corridor_new_code
    house_not_eligible = False
    if p.origin != "certificate":
        # Art. 18 compensates land a user holds rightfully (Land Law Art. 106, 95); land
        # without a certificate needs its eligibility settled by a person first.
        ekey, eopts = f"corridor_eligible:{p.ref}", ("eligible", "not_eligible")
        choice = ctx.choice(ekey, eopts)
        # A plot with a house, not eligible, its use restricted: the province's support
        # when it has one (e.g. QĐ 18/2025 Lào Cai Art. 8(3): "Thửa đất đang có nhà ở nhưng
        # không đủ điều kiện được bồi thường về đất ở thì được hỗ trợ bằng 50% giá đất"),
        # on a line after the one that records the decision.
        house_not_eligible = choice == "not_eligible" and new is None and _has_house(ctx, p)
        if choice != "eligible":
            ctx.add(
                "CORRIDOR",
                quantity=s,
                unit="m²",
                unit_price=None,
                coefficient=None,
                amount=0,
                formula=lambda: (
                    f"{fmt_num(s)} m² trong hành lang an toàn, nguồn gốc {p.origin}: cần xác "
                    "định đủ điều kiện bồi thường về đất"
                ),
                citations=(c.LL_106, c.LL_95),
                ref=p.ref,
                status=NEEDS_CONFIRMATION if choice is None else OK,
                decision_key=ekey,
                options=eopts,
            )
            if not house_not_eligible:
                return
    if new is not None:
        if old in RESIDENTIAL_CODES and new not in RESIDENTIAL_CODES:
            cite, names = c.ND88_18_1A, ("G1", "G2")
        elif (
            old not in AGRICULTURAL_CODES
            and old not in RESIDENTIAL_CODES
            and new in AGRICULTURAL_CODES
        ):
            cite, names = c.ND88_18_1B, ("G3", "G4")
        else:
            ctx.missing(
                "CORRIDOR",
                ref=p.ref,
                citations=(c.ND88_18_1A, c.ND88_18_1B),
                quantity=s,
                unit="m²",
                what=[
                    f"thửa {p.ref}: Điều 18 khoản 1 điểm a, b không có trường hợp chuyển "
                    f"{old} sang {new} (parcels[].corridor_new_code)"
                ],
            )
            return
        g_old = _corridor_price(ctx, p, old)
        g_new = _corridor_price(ctx, p, new)
        lacking = [*g_old[3], *g_new[3]]
        cites = (c.LL_106, cite, *dict.fromkeys((*g_old[2], *g_new[2])))
        if lacking:
            ctx.missing("CORRIDOR", ref=p.ref, citations=cites, quantity=s, unit="m²", what=lacking)
            return
        a, b = g_old[0], g_new[0]
        assert a is not None and b is not None
        diff = max(a - b, ZERO)
        ctx.add(
            "CORRIDOR",
            quantity=s,
            unit="m²",
            unit_price=diff,
            coefficient=None,
            amount=diff * s,
            formula=lambda: (
                f"({names[0]} {money(a)} {old} − {names[1]} {money(b)} {new}) đ/m² × "
                f"S {fmt_num(s)} m²"
            ),
            citations=cites,
            ref=p.ref,
        )
        return
    # Art. 18(1)(c): purpose unchanged, use restricted: the province's rule.
    (rule,), missing, sources = ctx.params["land.corridor_restriction"]
    cites = (c.LL_106, c.ND88_18_1C, *sources)
    group = (
        "house_not_eligible"
        if house_not_eligible
        else "residential"
        if old in RESIDENTIAL_CODES
        else (AGRI_TYPE.get(old, "annual") if old in AGRICULTURAL_CODES else "non_agricultural")
    )
    if rule is None or group not in rule:
        ctx.missing(
            "CORRIDOR",
            ref=p.ref,
            citations=cites,
            quantity=s,
            unit="m²",
            what=list(missing) or [f"land.corridor_restriction.{group}"],
        )
        return
    ratio = Decimal(rule[group])
    g, _k, g_cites, what = _corridor_price(ctx, p, old)
    if what or g is None:
        ctx.missing("CORRIDOR", ref=p.ref, citations=cites, quantity=s, unit="m²", what=what)
        return
    status = OK
    key: str | None = None
    options: tuple[str, ...] = ()
    if rule.get("price_basis") == "specific":
        # The rule names the specific land price; from 01/01/2026 compensation uses the
        # table price × K instead (Resolution 254 Art. 3(6)). Whether that carries over to
        # this rule, a person confirms.
        key, options = f"corridor_price:{p.ref}", ("table_x_k",)
        status = NEEDS_CONFIRMATION
    ctx.add(
        "CORRIDOR",
        quantity=s,
        unit="m²",
        unit_price=g,
        coefficient=ratio,
        amount=ratio * g * s,
        formula=lambda: f"{fmt_num(ratio * 100)}% × {money(g)} đ/m² × {fmt_num(s)} m²",
        citations=(*cites, *g_cites),
        ref=p.ref,
        status=status,
        decision_key=key,
        options=options,
    )


def _has_house(ctx: Ctx, p: Parcel) -> bool:
    """A house stands on parcel p: an item of the case, a structure of category house
    whose parcel_ref is p."""
    return any(
        i.kind == "structure" and i.category == "house" and i.parcel_ref == p.ref
        for i in ctx.facts.items
    )


def _corridor_price(
    ctx: Ctx, p: Parcel, code: str
) -> tuple[Decimal | None, Decimal | None, tuple[str, ...], tuple[str, ...]]:
    """G of one land-use code at the parcel's place: table price × K, citations, missing."""
    position, pos_sources, pos_missing = _position(ctx, code, p)
    if pos_missing:
        return None, None, pos_sources, pos_missing
    price, k, _extra, cites, what = _unit_price(ctx, code, p, position, False)
    if what or price is None or k is None:
        return None, None, (*pos_sources, *cites), what or ("giá đất",)
    return price * k, k, (*pos_sources, *cites), ()


def _position(
    ctx: Ctx, code: str, p: Parcel
) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """Position in the price table of land of `code` on parcel p: the parcel's own, except
    farmland within a plot with a house, whose position the province's table names (e.g.
    NQ 19/2025 Lào Cai Art. 4(1)(a): "Đất nông nghiệp trong cùng thửa đất có nhà ở" is VT1).
    Returns the position, its sources and what is missing."""
    if code not in AGRICULTURAL_CODES or p.land_use_code in AGRICULTURAL_CODES:
        return p.position, (), ()
    key = "land.farmland_in_residential_plot_position"
    (position,), missing, sources = ctx.params[key]
    if position is None:
        return None, sources, tuple(missing) or (key,)
    return str(position), sources, ()


# -- remainder below the minimum: Land Law Art. 91(7), 220(2) -----------------------------


def _remainder(ctx: Ctx, p: Parcel, portions: list[Portion]) -> None:
    whole = p.measured_area if p.measured_area is not None else p.certificate_area
    if whole is None:
        return
    rest = whole - p.recovered_area
    if rest <= 0:
        return
    code = portions[0].code
    minimum = ctx.pack.minimum_parcel_area(code, p.commune_kind)
    _, missing, sources = ctx.params["limits.minimum_parcel_area"]
    if minimum is None:
        ctx.missing(
            "LAND_REMAINDER",
            ref=p.ref,
            citations=(c.LL_91_7, c.LL_220_2, *sources),
            quantity=rest,
            unit="m²",
            what=missing or [f"limits.minimum_parcel_area.{land_group(code)}.{p.commune_kind}"],
        )
        return
    if rest >= minimum:
        return  # a remainder equal to the minimum may still be a parcel of its own
    key = f"remainder:{p.ref}"
    options = ("recover", "keep")
    if p.remainder_recovery is False or ctx.choice(key, options) == "keep":
        return
    cites = (c.LL_91_7, c.LL_220_2, *sources)
    note = f"còn lại {fmt_num(rest)} m² < tối thiểu {fmt_num(minimum)} m²"
    for portion in _remainder_portions(ctx, p, portions, rest, cites, note):
        before = len(ctx.lines)
        _price_line(ctx, p, portion, "LAND_REMAINDER", (), OK)
        if p.remainder_recovery is None and len(ctx.lines) > before:
            line = ctx.lines[-1]
            if line.status == OK:
                # Land Law Art. 91(7): recovered only if the user agrees; until recorded, ask.
                line.decision_key, line.options = key, options
                decision = ctx.decisions.get(key)
                if decision is not None and decision.get("choice") == "recover":
                    line.decision = dict(decision)
                else:
                    line.status = NEEDS_CONFIRMATION


def _remainder_portions(
    ctx: Ctx,
    p: Parcel,
    portions: list[Portion],
    rest: Decimal,
    cites: tuple[str, ...],
    note: str,
) -> list[Portion]:
    """The remainder by land type. Residential land without papers is residential for the
    whole plot only up to its limit (Decree 88 Art. 8(1)-(3)(a)); what the recovered part
    left of it is residential, the rest is the land it is used as (points (d))."""
    first = portions[0]
    if first.cap is None:
        return [Portion(first.code, rest, cites, note)]
    used = sum((x.area for x in portions if x.code in RESIDENTIAL_CODES), ZERO)
    residential = min(rest, max(first.cap - used, ZERO))
    out = [Portion(first.code, residential, cites, note)] if residential else []
    if rest > residential:
        other = rest - residential
        if p.remainder_code is None:
            _missing_remainder_code(ctx, "LAND_REMAINDER", p, other, cites)
        else:
            cites = (*cites, *first.citations)
            out.append(Portion(p.remainder_code, other, cites, note, with_residence=True))
    return out


# -- fixed-term land: Decree 88 Art. 13(7) -------------------------------------------------


# -- remaining investment in land: Land Law Art. 107; Decree 88 Art. 17(4) ---------------


def remaining_investment(ctx: Ctx, item: Item) -> None:
    cites = (c.LL_107, c.ND88_17_4)
    costs, t1, t2 = item.costs, item.t1_years, item.t2_years
    if costs is None or not t1 or t2 is None:
        ctx.missing(
            "REMAINING_INVESTMENT",
            ref=item.id,
            citations=cites,
            what=["chi phí đầu tư (costs), T1, T2 (items[].t1_years, t2_years)"],
        )
        return
    ctx.add(
        "REMAINING_INVESTMENT",
        quantity=Decimal(1),
        unit="khoản",
        unit_price=None,
        coefficient=None,
        amount=Decimal(costs) / t1 * t2,
        formula=lambda: f"P = (P1+P2+P3+P4) {money(costs)} / T1 {fmt_num(t1)} × T2 {fmt_num(t2)}",
        citations=cites,
        ref=item.id,
        deductible=True,
    )


# -- rules completed for issue 16 -------------------------------------------------------


def _special_origin(ctx: Ctx, p: Parcel, area: Decimal) -> list[Portion]:
    """Land whose fee or rent an organisation paid from the state budget: no land
    compensation (Land Law 2024 Art. 92(3)(a); see organisation_support).

    Agricultural land above the limit of Land Law 2024 Art. 176. Allocated above it: no
    land compensation, only the remaining investment (Art. 96(2)(a): compensated land is
    "diện tích trong hạn mức"; Art. 107(1)(e)). Received by transfer
    above it before 01/7/2014 (Decree 88 Art. 12(5)): (a) from a transferor holding the
    papers of Art. 95(2), compensated on the area actually recovered; (b) otherwise, by the
    transferor's origin under Art. 12(1)-(4)."""
    if p.origin == "budget_funded":
        _none(ctx, p, "tiền sử dụng đất, tiền thuê đất có nguồn gốc ngân sách", (c.LL_92_3A,))
        return []
    if p.origin == "allocated_above_limit":
        _none(ctx, p, "đất nông nghiệp được giao vượt hạn mức", (c.LL_96_2A, c.LL_107_1E))
        return []
    when, source = p.transferred_on, p.transferor_origin
    if when is None or when >= D_2014 or source is None:
        ctx.missing(
            "LAND",
            ref=p.ref,
            citations=(c.ND88_12_5A, c.ND88_12_5B),
            quantity=area,
            unit="m²",
            what=[
                f"thửa {p.ref}: Điều 12 khoản 5 cần ngày nhận chuyển quyền trước 01/7/2014 "
                "(parcels[].transferred_on) và nguồn gốc của bên chuyển quyền "
                "(parcels[].transferor_origin)"
            ],
        )
        return []
    if source == "certificate":
        return [Portion(p.land_use_code, area, (c.ND88_12_5A, c.LL_95))]
    portions = _eligible_portions(ctx, replace(p, origin=source), area)
    for portion in portions:
        portion.citations = (c.ND88_12_5B, *portion.citations)
    return portions


def corridor_remainder(ctx: Ctx, p: Parcel) -> None:
    """Decree 88 Art. 18(3): "Khi hành lang bảo vệ an toàn ... chiếm dụng khoảng không trên
    70% diện tích thửa đất có nhà ở, công trình xây dựng thì phần diện tích đất còn lại
    cũng được bồi thường theo quy định tại khoản 1 và khoản 2 Điều này nếu phần diện tích
    đất còn lại này nhỏ hơn diện tích tối thiểu ... đối với trường hợp thửa đất ở hoặc
    không đủ điều kiện xây dựng công trình ... đối với trường hợp thửa đất có công trình"."""
    whole = p.measured_area if p.measured_area is not None else p.certificate_area
    s = p.corridor_area
    assert s
    if whole is None or s * 10 <= whole * 7:
        return
    rest = whole - p.recovered_area - s
    if rest <= 0:
        return
    if p.land_use_code in RESIDENTIAL_CODES:
        minimum = ctx.pack.minimum_parcel_area(p.land_use_code, p.commune_kind)
        if minimum is None:
            _, missing, sources = ctx.params["limits.minimum_parcel_area"]
            ctx.missing(
                "CORRIDOR",
                ref=p.ref,
                citations=(c.ND88_18_3, *sources),
                quantity=rest,
                unit="m²",
                what=missing or [f"limits.minimum_parcel_area.residential.{p.commune_kind}"],
            )
            return
        if rest >= minimum:
            return
    elif not any(i.kind == "structure" and i.parcel_ref == p.ref for i in ctx.facts.items):
        return  # neither residential land nor a plot with a structure: not Art. 18(3)
    elif p.remainder_buildable is None:
        key, options = f"corridor_remainder:{p.ref}", ("not_buildable", "buildable")
        choice = ctx.choice(key, options)
        if choice != "not_buildable":
            ctx.add(
                "CORRIDOR",
                quantity=rest,
                unit="m²",
                unit_price=None,
                coefficient=None,
                amount=0,
                formula=lambda: (
                    f"phần còn lại {fmt_num(rest)} m² ngoài hành lang (> 70% thửa): "
                    "cần xác định còn đủ điều kiện xây dựng công trình hay không"
                ),
                citations=(c.ND88_18_3,),
                ref=p.ref,
                status=NEEDS_CONFIRMATION if choice is None else OK,
                decision_key=key,
                options=options,
            )
            return
    elif p.remainder_buildable:
        return
    before = len(ctx.lines)
    corridor(ctx, replace(p, corridor_area=rest))
    for line in ctx.lines[before:]:
        line.citations = (c.ND88_18_3, *line.citations)


def investment(ctx: Ctx, item: Item) -> None:
    """Remaining investment in land, with or without papers proving it. Without them
    (Decree 88 Art. 17(2)(b), (5)) the province says how the costs are established (e.g.
    QĐ 18/2025 Lào Cai Art. 7: the owner's declaration agreed at a commune meeting, valued
    at the state's unit prices); the amount is then worked out as Art. 17(4) says."""
    if item.documented:
        remaining_investment(ctx, item)
        return
    (rule,), missing, sources = ctx.params["land.remaining_investment_undocumented"]
    cites = (c.ND88_17_2B, c.ND88_17_5, *sources)
    if rule is None:
        ctx.missing("REMAINING_INVESTMENT", ref=item.id, citations=cites, what=list(missing))
        return
    before = len(ctx.lines)
    remaining_investment(ctx, item)
    for line in ctx.lines[before:]:
        line.citations = (*line.citations, *cites)


def organisation_support(ctx: Ctx) -> None:
    """Land Law 2024 Art. 92(3)(a): an organisation allocated land without a fee, or whose
    fee or one-off rent came from the state budget, "không được bồi thường về đất nhưng
    được hỗ trợ bằng tiền nếu phải di dời đến cơ sở mới do cơ quan nhà nước có thẩm quyền
    quyết định; mức hỗ trợ tối đa không quá mức bồi thường về đất". The competent body
    decides the amount (support.organisation_relocation); the line holds it to what the
    land would have been paid: area × table price × K (Resolution 254 Art. 3(6))."""
    f = ctx.facts
    parcels = [p for p in f.parcels if p.origin in ORGANISATION_UNCOMPENSATED]
    if not f.relocating or not parcels:
        return
    cap = ZERO
    cites: dict[str, None] = {c.LL_92_3A: None}
    what: list[str] = []
    for p in parcels:
        price, k, _extra, p_cites, p_what = _unit_price(ctx, p.land_use_code, p, p.position, False)
        if p_what or price is None or k is None:
            what.extend(p_what)
            continue
        cap += p.recovered_area * price * k
        cites.update(dict.fromkeys(p_cites))
    decided = f.organisation_relocation
    if decided is None:
        what.append(
            "support.organisation_relocation: mức hỗ trợ do cơ quan có thẩm quyền quyết định"
        )
    if what or decided is None:
        ctx.missing("ORGANISATION_SUPPORT", ref=f.case_id, citations=tuple(cites), what=what)
        return
    most = ctx.to_dong(cap)
    amount = min(decided, most)
    ctx.add(
        "ORGANISATION_SUPPORT",
        quantity=Decimal(1),
        unit="khoản",
        unit_price=None,
        coefficient=None,
        amount=amount,
        formula=lambda: (
            f"mức quyết định {money(decided)}, tối đa bằng mức bồi thường về đất {money(most)}"
        ),
        citations=tuple(cites),
        ref=f.case_id,
        note="vượt mức bồi thường về đất: áp dụng mức tối đa" if decided > most else "",
    )


def in_place_swap(
    ctx: Ctx, p: Parcel, in_plot: list[tuple[str, Decimal, str, str, str | None]]
) -> None:
    """Decree 88 Art. 24(3): residential land of a plot with a house is recovered and the
    household, wanting in-place resettlement, moves its residential land to the farmland
    at the back: (a) converted within the allocation limit (Land Law Art. 195(2),
    196(2)); (b) "Miễn tiền sử dụng đất khi chuyển mục đích ... bằng diện tích đất ở thu
    hồi trong trường hợp người có đất thu hồi đồng ý phương án bồi thường về đất nông
    nghiệp đối với phần diện tích đất bị thu hồi". The recovered residential area is paid
    as that farmland of the plot (not a base of farmland supports: the land lost is
    residential), and an information line states the area exempt from the fee.

    "Diện tích đất ở thu hồi" of a plot without a certificate is the area Decree 88 Art.
    8-10 recognise as residential (`_residential`: the limit, a larger house footprint);
    the rest of the recovered area keeps the compensation those articles give it."""
    code = p.in_place_farmland_code
    assert code is not None
    cites = (c.ND88_24_3A, c.ND88_24_3B)
    area = p.recovered_area
    (limits,), missing, sources = ctx.params["limits.residential_allocation"]
    limit = (limits or {}).get(p.commune_kind)
    what: list[str] = []
    if p.land_use_code not in RESIDENTIAL_CODES:
        what.append(f"thửa {p.ref}: Điều 24 khoản 3 áp dụng cho đất ở ({p.land_use_code})")
    elif p.origin != "certificate" and p.origin not in RESIDENTIAL_ORIGINS:
        what.append(
            f"thửa {p.ref}: nguồn gốc {p.origin} không có diện tích đất ở được công nhận "
            "(Nghị định 88 Điều 8-10)"
        )
    elif limit is None:
        what.extend(missing or [f"limits.residential_allocation.{p.commune_kind}"])
    if what or limit is None:
        ctx.missing(
            "IN_PLACE_RESETTLEMENT",
            ref=p.ref,
            citations=(*cites, *sources),
            quantity=area,
            unit="m²",
            what=what,
        )
        return
    if p.origin == "certificate":
        portions = [Portion(p.land_use_code, area, (c.LL_95,))]
    else:
        # Art. 8-10 (and their missing facts, decisions, no-compensation lines) decide
        # how much of the recovered area is residential.
        first = len(ctx.lines)
        portions = _eligible_portions(ctx, p, area)
        # Art. 8(1)(a), (2)(a) deduct the fee for residential land above the limit from
        # its compensation as residential land; here it is paid as farmland (Art.
        # 24(3)(b)), so there is no such fee to deduct.
        ctx.lines[first:] = [x for x in ctx.lines[first:] if x.code != "LAND_FEE_OVER_LIMIT"]
        if not portions:
            return
    residential = sum((x.area for x in portions if x.code in RESIDENTIAL_CODES), ZERO)
    most = dec(limit)
    exempt = min(residential, most)
    ctx.add(
        "IN_PLACE_RESETTLEMENT",
        quantity=exempt,
        unit="m²",
        unit_price=None,
        coefficient=None,
        amount=0,
        formula=lambda: (
            f"chuyển {fmt_num(exempt)} m² {code} sang đất ở, miễn tiền sử dụng đất "
            f"(bằng diện tích đất ở thu hồi {fmt_num(residential)} m², trong hạn mức giao "
            f"đất ở {fmt_num(most)} m²)"
        ),
        citations=(*cites, *sources),
        ref=p.ref,
    )
    paid: list[Portion] = []
    for x in portions:
        if x.code in RESIDENTIAL_CODES:
            x = Portion(code, x.area, (*x.citations, *cites), x.note, with_residence=True)
        elif x.code in AGRICULTURAL_CODES:
            in_plot.append(
                (x.code, x.area, p.commune, p.commune_kind, _position(ctx, x.code, p)[0])
            )
        paid.append(x)
        _price_line(ctx, p, x, "LAND", (), OK)
    if p.origin != "certificate":
        _fee_on_certification(ctx, p, paid)
