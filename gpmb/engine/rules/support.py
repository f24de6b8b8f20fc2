"""Supports (Land Law 2024 Art. 108-109, 111(7); Decree 88/2024 Art. 19-23;
Resolution 254/2025 Art. 3(12)) and the early-handover bonus (provincial rule)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

from .. import cite as c
from ..context import Ctx, money
from ..facts import CaseFacts
from ..lines import MISSING_BASIS, NEEDS_CONFIRMATION, OK, Formula
from ..money import ZERO, dec, fmt_num
from ..pack import JOB_CONVERSION_MAX_MULTIPLE, RESIDENTIAL_CODES
from .land import AGRI_TYPE, POSITION_NOT_GIVEN

P30 = Decimal("0.3")
P70 = Decimal("0.7")
RICE_KG_PER_MONTH = 30  # Decree 88 Art. 19(1)(c): 30 kg of rice per person per month

# Decree 88 Art. 19(1)(a): months by share of agricultural land lost and relocation; for a
# move to a difficult area the text gives only a maximum ("tối đa là 24 / 36 tháng").
NATIONAL_MONTHS = {
    "30_70": {"stay": 6, "relocate": 12, "relocate_difficult": 24},
    "above_70": {"stay": 12, "relocate": 24, "relocate_difficult": 36},
}


def _persons(ctx: Ctx) -> int:
    # Decree 88 Art. 19(1)(d) (Decree 226): members the household agrees count.
    n = 0
    for m in ctx.facts.members:
        if m.counts_for_support:
            n += 1
    return n


def _share_note(share: Decimal) -> str:
    return f"thu hồi {fmt_num((share * 100).quantize(Decimal('0.01')))}% đất nông nghiệp"


def life_stabilisation(ctx: Ctx) -> None:
    f = ctx.facts
    if f.kind != "household":
        return
    agri = ctx.agri_area()
    move = (
        ("relocate_difficult" if f.relocation_difficult_area else "relocate")
        if f.relocating
        else "stay"
    )
    if ctx.agri_ineligible is not None:
        _life_not_eligible(ctx, agri, move)
        if agri == 0:
            return  # not "only residential land" (e.g. QĐ 18/2025 Lào Cai Art. 10(3))
    persons = _persons(ctx)
    (rice,), missing, sources = ctx.params["support.rice_price"]
    share: Decimal | None
    if agri == 0:
        # e.g. QĐ 18/2025 Lào Cai Art. 10(3): "chỉ thu hồi đất ở, đủ điều kiện bồi thường
        # về đất ở phải di chuyển chỗ ở mà không còn chỗ ở nào khác".
        eligible = ctx.residential_eligible
        if not (eligible and f.relocating and not f.has_other_residence_in_commune):
            return
        (months,), m2, s2 = ctx.params[
            "support.life_stabilisation.residential_only_relocation_months"
        ]
        if months is None:
            return  # the national rule gives nothing here; only a province may
        band_note, cites = "chỉ thu hồi đất ở, phải di chuyển", s2
        share = None
        status, key = OK, None
        options: tuple[str, ...] = ()
    else:
        if f.agricultural_area_in_use is None or f.agricultural_area_in_use == 0:
            ctx.missing(
                "LIFE_STABILISATION",
                ref=f.case_id,
                citations=(c.ND88_19_1,),
                what=[("diện tích đất nông nghiệp đang sử dụng (agricultural_area_in_use)")],
            )
            return
        share = agri / f.agricultural_area_in_use
        band, status, key, options = _band(ctx, share)
        cites = (c.ND88_19_1, c.ND88_19_1D)
        if band == "below_30":
            (table,), m2, s2 = ctx.params["support.life_stabilisation.below_30_months"]
            if table is None:
                ctx.missing(
                    "LIFE_STABILISATION", ref=f.case_id, citations=(c.ND88_19_2, *s2), what=m2
                )
                return
            months, cites = table[move], (c.ND88_19_2, *s2)
        else:
            months = NATIONAL_MONTHS[band][move]
            if move == "relocate_difficult":
                got = _difficult_area_months(ctx, band, months)
                if got is None:
                    return
                months, extra = got
                cites = (*cites, *extra)
        band_note = ""  # rendered with the formula, from the share
    if rice is None:
        ctx.missing(
            "LIFE_STABILISATION",
            ref=f.case_id,
            citations=(*cites, *sources),
            quantity=Decimal(persons * int(months)),
            unit="người-tháng",
            what=missing,
        )
        return
    _rice_line(
        ctx,
        persons,
        months,
        rice,
        (lambda: band_note) if share is None else (lambda: _share_note(share)),
        (*cites, *sources),
        status,
        key,
        options,
    )


def _difficult_area_months(ctx: Ctx, band: str, maximum: int) -> tuple[int, tuple[str, ...]] | None:
    """Decree 88 Art. 19(1)(a): moving to a difficult area, "thời gian hỗ trợ tối đa là 24
    tháng" (30-70 %) or 36 (above 70 %): the number within it is the province's."""
    key = "support.life_stabilisation.difficult_area_months"
    (table,), missing, sources = ctx.params[key]
    if table is None or band not in table:
        ctx.missing(
            "LIFE_STABILISATION",
            ref=ctx.facts.case_id,
            citations=(c.ND88_19_1, *sources),
            what=list(missing) or [f"{key}.{band}"],
        )
        return None
    return min(int(table[band]), maximum), sources


def _rice_line(
    ctx: Ctx,
    persons: int,
    months: Any,
    rice: Any,
    note: Callable[[], str],
    cites: tuple[str, ...],
    status: str,
    key: str | None,
    options: tuple[str, ...],
) -> None:
    """Decree 88 Art. 19(1)(c): persons × months × 30 kg of rice at the province's price."""
    qty = Decimal(persons * int(months))
    rice_d = dec(rice)

    def formula() -> str:
        return f"{persons} người × {months} tháng × 30 kg × {money(rice)} đ/kg ({note()})"

    if status == OK and key is None:
        ctx.put(
            "LIFE_STABILISATION",
            qty,
            "người-tháng",
            rice_d * RICE_KG_PER_MONTH,
            None,
            qty * RICE_KG_PER_MONTH * rice_d,
            formula,
            cites,
            ctx.facts.case_id,
        )
        return
    ctx.add(
        "LIFE_STABILISATION",
        quantity=qty,
        unit="người-tháng",
        unit_price=rice_d * RICE_KG_PER_MONTH,
        coefficient=None,
        amount=qty * RICE_KG_PER_MONTH * rice_d,
        formula=formula,
        citations=cites,
        ref=ctx.facts.case_id,
        status=status,
        decision_key=key,
        options=options,
    )


def _life_not_eligible(ctx: Ctx, agri: Decimal, move: str) -> None:
    """Decree 88 Art. 19(2): a household whose recovered agricultural land is not eligible
    for land compensation, or is contracted land (giao khoán) with a contract, gets the
    province's support (months by share lost, e.g. QĐ 18/2025 Lào Cai Art. 10(2)); Art.
    19(3) (Decree 49) lets the province set other levels, never lower."""
    f = ctx.facts
    found = ctx.agri_ineligible or {}
    area = sum(found.values(), ZERO)
    kinds = ", ".join(
        {"contracted": "đất nhận giao khoán", "not_eligible": "không đủ điều kiện bồi thường"}[k]
        for k in sorted(found)
    )
    (table, rice), missing, sources = ctx.params[
        "support.life_stabilisation.not_eligible", "support.rice_price"
    ]
    cites = (c.ND88_19_2, c.ND88_19_3, *sources)
    key: str | None = None
    options: tuple[str, ...] = ()
    status = OK
    if agri > 0:
        # Land of both kinds: whether the Art. 19(2) support comes on top of the Art. 19(1)
        # support for the eligible land, the articles do not say; a person decides.
        key = f"life_not_eligible:{f.case_id}"
        options = ("included_in_eligible_support", "separate_support")
        choice = ctx.choice(key, options)
        if choice != "separate_support":
            ctx.add(
                "LIFE_STABILISATION",
                quantity=area,
                unit="m²",
                unit_price=None,
                coefficient=None,
                amount=0,
                formula=(
                    f"{fmt_num(area)} m² đất nông nghiệp thu hồi ({kinds}) cùng đất đủ điều "
                    "kiện bồi thường: hỗ trợ riêng theo Điều 19 khoản 2 hay không"
                ),
                citations=cites,
                ref=f.case_id,
                status=NEEDS_CONFIRMATION,
                decision_key=key,
                options=options,
            )
            return
    in_use = f.agricultural_area_in_use
    if table is None or rice is None or not in_use:
        what = list(missing)
        if not in_use:
            what.append("diện tích đất nông nghiệp đang sử dụng (agricultural_area_in_use)")
        ctx.missing(
            "LIFE_STABILISATION",
            ref=f.case_id,
            citations=cites,
            quantity=area,
            unit="m²",
            what=what,
        )
        return
    share = area / in_use
    band, b_status, b_key, b_options = _band(ctx, share, "life_band_not_eligible")
    if b_key is not None:
        key, options, status = b_key, b_options, b_status
    months = (table.get(band) or {}).get(move)
    if months is None:
        ctx.missing(
            "LIFE_STABILISATION",
            ref=f.case_id,
            citations=cites,
            quantity=area,
            unit="m²",
            what=[f"support.life_stabilisation.not_eligible.{band}.{move}"],
        )
        return
    _rice_line(
        ctx,
        _persons(ctx),
        months,
        rice,
        lambda: f"{_share_note(share)} — {kinds}",
        cites,
        status,
        key,
        options,
    )


def _band(
    ctx: Ctx, share: Decimal, prefix: str = "life_band"
) -> tuple[str, str, str | None, tuple[str, ...]]:
    """Decree 88 Art. 19(1)(a) says "từ 30% đến 70%" and "trên 70%". A share exactly on a
    boundary is where measured areas and rounding decide a family's months, so it waits for
    a named decision; the literal reading (30-70 band) is the first option."""
    if share in (P30, P70):
        key = f"{prefix}:{ctx.facts.case_id}"
        options = ("30_70", "below_30") if share == P30 else ("30_70", "above_70")
        choice = ctx.choice(key, options)
        return (choice or "30_70"), NEEDS_CONFIRMATION, key, options
    if share < P30:
        return "below_30", OK, None, ()
    return ("30_70" if share <= P70 else "above_70"), OK, None, ()


def production_agricultural(ctx: Ctx) -> None:
    """Decree 88 Art. 20(3)(a), 20(6): seeds and extension services, at the province's
    rate per m² of eligible agricultural land (e.g. QĐ 18/2025 Lào Cai Art. 11(1))."""
    if not ctx.agri_portions or ctx.facts.kind != "household":
        return
    (rule,), missing, sources = ctx.params["support.production.agricultural"]
    area = ctx.agri_area()
    if rule is None:
        ctx.missing(
            "PRODUCTION_AGRI",
            ref=ctx.facts.case_id,
            citations=(c.ND88_20_3A, c.ND88_20_6, *sources),
            quantity=area,
            unit="m²",
            what=missing,
        )
        return
    rates = rule["rates"]
    total = ZERO
    parts = []
    for code, a, *_ in ctx.agri_portions:
        r = dec(rates.get(code, rates.get("default", 0)))
        total += a * r
        parts.append((a, code, r))
    cap = rule.get("cap")
    capped = cap is not None and total > dec(cap)
    if capped:
        total = dec(cap)

    def formula() -> str:
        text = " + ".join(f"{fmt_num(a)} m² {code} × {money(r)}" for a, code, r in parts)
        return text + (f"; tối đa {money(cap)} đ/hộ/dự án" if capped else "")

    ctx.put(
        "PRODUCTION_AGRI",
        area,
        "m²",
        None,
        None,
        total,
        formula,
        (c.ND88_20_3A, c.ND88_20_6, *sources),
        ctx.facts.case_id,
    )


def production_contracted(ctx: Ctx) -> None:
    """Decree 88 Art. 20(1)(b), (2)(b), (5): a household farming land contracted from a
    state farm or cooperative, with a contract, gets the province's production support
    (e.g. QĐ 18/2025 Lào Cai Art. 11(6): 50 % of the table price × the area recovered,
    at most 10,000 m² per project and 5 ha over all projects)."""
    f = ctx.facts
    portions = ctx.contracted_portions
    if not portions or f.kind != "household":
        return
    area_all = sum((x[1] for x in portions), ZERO)
    (rule,), missing, sources = ctx.params["support.production.contracted"]
    cites = (c.ND88_20_5, *sources)
    if rule is None:
        ctx.missing(
            "PRODUCTION_CONTRACTED",
            ref=f.case_id,
            citations=cites,
            quantity=area_all,
            unit="m²",
            what=list(missing),
        )
        return
    ratio = dec(rule["price_ratio"])
    left = dec(rule["max_area_per_project"]) if "max_area_per_project" in rule else None
    status = OK
    key: str | None = None
    options: tuple[str, ...] = ()
    notes: list[str] = []
    if "max_area_total" in rule:
        before = f.contracted_area_supported_before
        if before is None:
            # The total over all projects needs the commune's register of earlier support.
            key = f"contracted_total:{f.case_id}"
            options = ("no_earlier_support",)
            status = NEEDS_CONFIRMATION
            before = ZERO
            notes.append("chưa nhập diện tích đã hỗ trợ ở các dự án trước")
        room = max(ZERO, dec(rule["max_area_total"]) - before)
        left = room if left is None else min(left, room)
    total = ZERO
    parts = []
    what = []
    for code, area, commune, kind, position in portions:
        take = area if left is None else min(area, left)
        if left is not None:
            left -= take
        if take == 0:
            continue
        found = ctx.pack.agricultural_price(code, commune, kind, position)
        if found is None:
            what.append(
                f"giá đất {code} {position} trong bảng giá" if position else POSITION_NOT_GIVEN
            )
            continue
        price, row = found
        total += take * price * ratio
        parts.append((take, code, price, row))
    if what:
        ctx.missing(
            "PRODUCTION_CONTRACTED",
            ref=f.case_id,
            citations=cites,
            quantity=area_all,
            unit="m²",
            what=what,
        )
        return
    used = sum((x[0] for x in parts), ZERO)
    if used < area_all:
        notes.append(f"{fmt_num(area_all - used)} m² vượt diện tích tối đa được hỗ trợ")

    def formula() -> str:
        return " + ".join(
            f"{fmt_num(ratio * 100)}% × {money(price)} đ/m² × {fmt_num(a)} m² {code}"
            for a, code, price, _row in parts
        )

    ctx.add(
        "PRODUCTION_CONTRACTED",
        quantity=used,
        unit="m²",
        unit_price=None,
        coefficient=ratio,
        amount=total,
        formula=formula,
        citations=(*cites, *(row for *_, row in parts)),
        ref=f.case_id,
        status=status,
        decision_key=key,
        options=options,
        note="; ".join(notes),
    )


def job_conversion(ctx: Ctx) -> None:
    """Land Law Art. 109; Decree 88 Art. 22: multiple × agricultural table price of the same
    type × area, the area within the agricultural allocation limit, the multiple ≤ 5."""
    f = ctx.facts
    # Land Law Art. 109(1)(a) direct producers; (b) social-protection beneficiaries.
    eligible = _direct_producer(f) or any(m.social_protection for m in f.members)
    if not ctx.agri_portions or not eligible or f.kind != "household":
        return
    (groups,), _, group_sources = ctx.params["support.job_conversion.multiple_by_commune_group"]
    if groups is not None:
        # The multiple set by commune (or hamlet) group: the flat multiple is then only
        # the fallback for a commune in no group, and may be absent.
        (multiple, basis, limits), missing, sources = ctx.params[
            "support.job_conversion.multiple",
            "support.job_conversion.price_basis",
            "limits.agricultural_allocation",
        ]
        missing = tuple(m for m in missing if "job_conversion.multiple" not in m)
        sources = (*group_sources, *sources)
    else:
        (multiple, basis, limits), missing, sources = ctx.params[
            "support.job_conversion.multiple",
            "support.job_conversion.price_basis",
            "limits.agricultural_allocation",
        ]
    area_all = ctx.agri_area()
    cites = (c.LL_109, c.ND88_22, c.LL_176, *sources)
    if missing:
        ctx.missing(
            "JOB_CONVERSION",
            ref=f.case_id,
            citations=cites,
            quantity=area_all,
            unit="m²",
            what=missing,
        )
        return
    flat = None if multiple is None else dec(multiple)
    used: dict[str, Decimal] = {}
    for code, area, commune, kind, position in ctx.agri_portions:
        m, group_row = _job_multiple(groups, commune, flat)
        if m is None:
            ctx.missing(
                "JOB_CONVERSION",
                ref=f.case_id,
                citations=cites,
                quantity=area,
                unit="m²",
                what=[f"hệ số chuyển đổi nghề của xã/phường {commune}: không thuộc nhóm nào"],
            )
            continue
        group = AGRI_TYPE.get(code, "annual")
        limit_key = ("agricultural_allocation", group)
        limit = ctx.pack.cache.get(limit_key, limit_key)
        if limit is limit_key:
            limit = ctx.pack.cache[limit_key] = dec(limits[group]) if group in limits else None
        left = area if limit is None else max(ZERO, min(area, limit - used.get(group, ZERO)))
        used[group] = used.get(group, ZERO) + left
        memo_key = ("job_conversion", code, commune, kind, position, basis)
        priced = ctx.pack.cache.get(memo_key)
        if priced is None:
            found = ctx.pack.agricultural_price(code, commune, kind, position)
            k_found = (
                ctx.pack.adjustment_coefficient(code, None)
                if found is not None and basis == "table_x_k"
                else None
            )
            priced = ctx.pack.cache[memo_key] = (found, k_found)
        found, k_found = priced
        if found is None:
            ctx.missing(
                "JOB_CONVERSION",
                ref=f.case_id,
                citations=cites,
                quantity=left,
                unit="m²",
                what=[f"giá đất {code} trong bảng giá" if position else POSITION_NOT_GIVEN],
            )
            continue
        price, row = found
        k = None
        if basis == "table_x_k":
            k = k_found
            if k is None:
                ctx.missing(
                    "JOB_CONVERSION",
                    ref=f.case_id,
                    citations=cites,
                    quantity=left,
                    unit="m²",
                    unit_price=price,
                    what=["land.adjustment_coefficient"],
                )
                continue
        # Land Law Art. 109(1): "không quá 05 lần giá đất nông nghiệp cùng loại trong bảng giá
        # đất": the multiple, times K where the pack applies it, is capped at 5 table prices.
        times = m * (k or 1)
        line_note = ""
        if times > JOB_CONVERSION_MAX_MULTIPLE:
            times = JOB_CONVERSION_MAX_MULTIPLE
            line_note = "không quá 05 lần giá đất nông nghiệp trong bảng giá đất"
        formula = partial(_job_formula, m, price, k, left, times)
        if left < area:
            line_note = (line_note + "; " if line_note else "") + (
                f"{fmt_num(area - left)} m² vượt hạn mức giao đất nông nghiệp"
            )
        ctx.put(
            "JOB_CONVERSION",
            left,
            "m²",
            price,
            times,
            times * price * left,
            formula,
            (*cites, row) if group_row is None else (*cites, group_row, row),
            f.case_id,
            line_note,
        )


def _job_multiple(
    groups: list[dict[str, Any]] | None, commune: str, flat: Decimal | None
) -> tuple[Decimal | None, str | None]:
    """The job-conversion multiple of `commune`: its group's, else the flat one."""
    for group in groups or ():
        if commune in group["communes"]:
            return dec(group["multiple"]), str(group.get("row", group["group"]))
    return flat, None


def _job_formula(
    m: Decimal, price: Decimal, k: Decimal | None, area: Decimal, times: Decimal
) -> str:
    k_part = f" × K {fmt_num(k)}" if k is not None else ""
    capped = f" → tối đa {fmt_num(times)} lần" if times < m * (k or 1) else ""
    return f"{fmt_num(m)}{k_part}{capped} × {money(price)} đ/m² × {fmt_num(area)} m²"


def _other_formula(title: str, amount: int) -> str:
    return f"{title}: {money(amount)}"


def rental(ctx: Ctx) -> None:
    """Rent while waiting for resettlement, at the province's rates (e.g. QĐ 18/2025 Lào Cai
    Art. 12): in an urban-area project under Land Law Art. 111(7), "thời gian và mức hỗ trợ
    cụ thể do Ủy ban nhân dân cấp tỉnh quy định" (Lào Cai Art. 12(1): until the plot is
    given, no cap); in other projects the province's other support (Art. 108(2); Lào Cai
    Art. 12(2): "tối đa không quá 12 tháng", the pack's max_months). Temporary housing
    itself is the province's (Resolution 254 Art. 3(4))."""
    f = ctx.facts
    if f.rental_months is None and not f.waiting_for_resettlement:
        return
    if _household_only(ctx, "RENTAL", c.LL_108_2):
        return
    (rule,), missing, sources = ctx.params["support.rental"]
    urban = f.rental_case == "urban_waiting"
    cites = (c.LL_111_7 if urban else c.LL_108_2, c.NQ254_3_4, *sources)
    key: str | None = None
    options: tuple[str, ...] = ()
    status = OK
    months = f.rental_months
    if months is None:
        waited = _waiting_months(ctx, cites)
        if waited is None:
            return
        months, key, options = waited
        cites = (*cites, c.ND88_3_2N)
        if key is not None and ctx.choice(key, options) is None:
            status = NEEDS_CONFIRMATION
    if rule is None or f.commune_kind not in rule:
        ctx.missing(
            "RENTAL",
            ref=f.case_id,
            citations=cites,
            quantity=months,
            unit="tháng",
            what=missing or [f"support.rental.{f.commune_kind}"],
        )
        return
    size = "large" if len(f.members) >= int(rule.get("large_from_members", 10**6)) else "small"
    rate = dec(rule[f.commune_kind][size])
    note = ""
    if f.rental_case == "repair" and "repair_months" in rule:
        months, note = dec(rule["repair_months"]), "sửa chữa nhà: thời gian cố định"
    elif not urban and "max_months" in rule and months > dec(rule["max_months"]):
        months, note = dec(rule["max_months"]), f"tối đa {rule['max_months']} tháng"
    if key is None:
        ctx.put(
            "RENTAL",
            months,
            "tháng",
            rate,
            None,
            months * rate,
            lambda: f"{fmt_num(months)} tháng × {money(rate)} đ/tháng/hộ",
            cites,
            f.case_id,
            note,
        )
        return
    ctx.add(
        "RENTAL",
        quantity=months,
        unit="tháng",
        unit_price=rate,
        coefficient=None,
        amount=months * rate,
        formula=lambda: f"{fmt_num(months)} tháng × {money(rate)} đ/tháng/hộ",
        citations=cites,
        ref=f.case_id,
        status=status,
        decision_key=key,
        options=options,
        note=note,
    )


# How a month begun and not finished counts in the time waited (a person decides: the
# texts count the time in months and say nothing of a part of one).
PART_MONTH_OPTIONS = ("whole_month", "by_days")


def _add_months(day: dt.date, n: int) -> dt.date:
    y, m = divmod(day.month - 1 + n, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _waiting_months(
    ctx: Ctx, cites: tuple[str, ...]
) -> tuple[Decimal, str | None, tuple[str, ...]] | None:
    """The months a household waits for its resettlement plot: "từ khi người có đất thu
    hồi bàn giao mặt bằng ... đến khi được giao đất ở tái định cư" (e.g. QĐ 18/2025 Lào Cai
    Art. 12(2)(b)); Decree 88 Art. 3(2)(n) (Decree 49): the plan states the time of
    temporary housing. None when it cannot be counted (a missing line is written) or the
    plot is ready before the land is due (no wait, no line). A part month is counted as a
    person decides (`rental_part_month:<case>`): a whole month, or its days over the
    days of that month; until then a whole month, to be confirmed."""
    f = ctx.facts
    start, end = f.waiting_from, f.waiting_until
    if start is None or end is None:
        ctx.missing(
            "RENTAL",
            ref=f.case_id,
            citations=(*cites, c.ND88_3_2N),
            unit="tháng",
            what=[
                *(
                    ["ngày hộ phải bàn giao mặt bằng (support.waiting_from)"]
                    if start is None
                    else []
                ),
                *(
                    ["ngày được giao đất tái định cư (support.waiting_until)"]
                    if end is None
                    else []
                ),
            ],
        )
        return None
    if end <= start:
        return None
    whole = (end.year - start.year) * 12 + end.month - start.month
    if _add_months(start, whole) > end:
        whole -= 1
    since = _add_months(start, whole)
    rest = (end - since).days
    if rest == 0:
        return Decimal(whole), None, ()
    key = f"rental_part_month:{f.case_id}"
    if ctx.choice(key, PART_MONTH_OPTIONS) == "by_days":
        days = (_add_months(since, 1) - since).days
        part = (Decimal(rest) / Decimal(days)).quantize(Decimal("0.01"))
        return Decimal(whole) + part, key, PART_MONTH_OPTIONS
    return Decimal(whole + 1), key, PART_MONTH_OPTIONS


def _household_only(ctx: Ctx, code: str, cite: str) -> bool:
    """A support the texts give to "hộ gia đình, cá nhân" (rent: e.g. QĐ 18/2025 Lào Cai Art.
    12(2)(a); self-arranged housing: Decree 88 Art. 23): for an organisation, a zero line."""
    if ctx.facts.kind == "household":
        return False
    ctx.add(
        code,
        quantity=Decimal(0),
        unit="",
        unit_price=None,
        coefficient=None,
        amount=0,
        formula="chỉ áp dụng cho hộ gia đình, cá nhân",
        citations=(cite,),
        ref=ctx.facts.case_id,
    )
    return True


def self_arranged(ctx: Ctx) -> None:
    """Decree 88 Art. 23(2); Land Law Art. 111(8): money for households who find their own
    housing, at the province's amounts (e.g. QĐ 18/2025 Lào Cai Art. 17)."""
    f = ctx.facts
    if not f.self_arranged_housing or _household_only(ctx, "SELF_ARRANGED", c.ND88_23):
        return
    (rule, limits), missing, sources = ctx.params[
        "support.self_arranged", "limits.residential_allocation"
    ]
    cites = (c.ND88_23, *sources)
    if missing:
        ctx.missing("SELF_ARRANGED", ref=f.case_id, citations=cites, what=missing)
        return
    residential = sum(
        (p.recovered_area for p in f.parcels if p.land_use_code in RESIDENTIAL_CODES), ZERO
    )
    limit = dec(limits[f.commune_kind])
    tier = "at_or_above_limit" if residential >= limit else "below_limit"
    base = dec(rule[f.commune_kind][tier])
    n = len(f.members)
    extra = max(0, n - int(rule["base_members"]))
    factor = min(1 + dec(rule["extra_member_ratio"]) * extra, dec(rule["max_ratio"]))
    ctx.add(
        "SELF_ARRANGED",
        quantity=Decimal(1),
        unit="hộ",
        unit_price=base,
        coefficient=factor,
        amount=base * factor,
        formula=lambda: (
            f"{money(base)} ({'≥' if tier == 'at_or_above_limit' else '<'} hạn mức "
            f"{fmt_num(limit)} m²) × {fmt_num(factor)} ({n} nhân khẩu)"
        ),
        citations=cites,
        ref=f.case_id,
    )


def other_supports(ctx: Ctx) -> None:
    """Land Law Art. 108(2); Resolution 254 Art. 3(12): decided per project by the commune."""
    for o in ctx.facts.other_supports:
        key = f"other:{o.code}"
        has_basis = bool(o.basis)
        ctx.add(
            "OTHER_SUPPORT",
            quantity=Decimal(1),
            unit="khoản",
            unit_price=None,
            coefficient=None,
            amount=o.amount,
            formula=partial(_other_formula, o.title or o.code, o.amount),
            citations=(c.LL_108_2, c.NQ254_3_12) + ((o.basis,) if has_basis else ()),
            ref=o.code,
            status=OK if has_basis else NEEDS_CONFIRMATION,
            decision_key=None if has_basis else key,
            options=() if has_basis else ("approved",),
            note="" if has_basis else "chưa có căn cứ quyết định hỗ trợ khác",
        )


_BONUS_GROUPS = frozenset(("land", "assets", "support"))


def early_handover(ctx: Ctx) -> None:
    """Land Law Art. 111(7) (last sentence): the province's bonus for early handover
    (e.g. QĐ 18/2025 Lào Cai Art. 13: 3 % of compensation + support, min/max, ×2)."""
    f = ctx.facts
    if f.handover_on is None or f.first_payment_on is None:
        return
    (rule,), missing, sources = ctx.params["support.early_handover"]
    cites = (c.LL_111_7, *sources)
    if rule is None:
        ctx.missing("EARLY_HANDOVER", ref=f.case_id, citations=cites, what=missing)
        return
    r = rule[f.kind]
    memo_key = ("early_handover", f.kind)
    consts = ctx.pack.cache.get(memo_key)
    if consts is None:
        consts = ctx.pack.cache[memo_key] = (
            int(r["days"]),
            dec(r["ratio"]),
            dec(r["min"]),
            dec(r["max"]),
        )
    max_days, ratio, low, high = consts
    days = (f.handover_on - f.first_payment_on).days
    dbl = rule.get("double")
    # e.g. QĐ 18/2025 Lào Cai Art. 13(3): agreeing and applying within the days after the
    # posting of the draft doubles the bonus, a condition of its own beside clause 1's.
    doubled = bool(
        dbl
        and f.posted_on is not None
        and f.agreed_and_requested_on is not None
        and (f.agreed_and_requested_on - f.posted_on).days <= int(dbl["days_after_posting"])
    )
    if days > max_days and not doubled:
        return
    base = 0
    statuses = set()
    topups = []
    for x in ctx.lines:
        if x.group in _BONUS_GROUPS:
            base += x.amount
            statuses.add(x.status)
        elif x.code == "RESETTLEMENT_TOPUP":
            topups.append(x)
    # "tổng số tiền bồi thường, hỗ trợ": the minimum-unit top-up is a support that comes
    # with the plot; whether it counts the text does not say (review ambiguity A8).
    key: str | None = None
    options: tuple[str, ...] = ()
    if topups:
        key, options = f"bonus_base:{f.case_id}", ("without_topup", "with_topup")
        if ctx.choice(key, options) == "with_topup":
            base += sum(x.amount for x in topups)
        statuses.update(x.status for x in topups)
    bonus = min(max(Decimal(base) * ratio, low), high)
    formula = Formula(
        lambda: (
            f"bàn giao sau {days} ngày kể từ ngày chi trả: min(max("
            f"{fmt_num(dec(r['ratio']) * 100)}% × {money(base)}, {money(r['min'])}), "
            f"{money(r['max'])})"
        )
    )
    mult = Decimal(1)
    if doubled:
        mult = dec(dbl["multiplier"])
        formula += lambda: (
            f" × {fmt_num(mult)} (đồng ý và có đơn trong {dbl['days_after_posting']} ngày niêm yết)"
        )
    status = (
        MISSING_BASIS
        if MISSING_BASIS in statuses
        else (NEEDS_CONFIRMATION if NEEDS_CONFIRMATION in statuses else OK)
    )
    if status == OK and key is None:
        ctx.put(
            "EARLY_HANDOVER",
            Decimal(base),
            "đồng",
            None,
            ratio,
            bonus * mult,
            formula,
            cites,
            f.case_id,
        )
        return
    note = "tổng bồi thường, hỗ trợ chưa đủ căn cứ" if status != OK else ""
    if key is not None and status == OK:
        status = NEEDS_CONFIRMATION  # settled by the recorded reading, if any
    ctx.add(
        "EARLY_HANDOVER",
        quantity=Decimal(base),
        unit="đồng",
        unit_price=None,
        coefficient=dec(r["ratio"]),
        amount=ZERO if status == MISSING_BASIS else bonus * mult,
        formula=formula,
        citations=cites,
        ref=f.case_id,
        status=status,
        decision_key=key,
        options=options,
        note=note,
    )


# -- rules completed for issue 16 -------------------------------------------------------


def agreed_price_topup(ctx: Ctx) -> None:
    """Resolution 254 Art. 3(7): on the remaining land of a project built on agreements,
    "Trường hợp số tiền theo phương án ... tính trên một đơn vị diện tích đất thấp hơn
    trung bình của giá đất đã thỏa thuận thì người có đất thu hồi được nhận thêm số tiền
    còn thiếu"; Decree 49 Art. 3(4): Tcl = Ttb − Tpa per m² of the land-use code, here
    times the household's recovered area of that code. Written after the bonus, whose
    base is compensation and support, not this difference the investor advances."""
    f = ctx.facts
    for agreed in f.agreed_averages:
        gap = agreed.ttb - agreed.tpa
        area = sum(
            (p.recovered_area for p in f.parcels if p.land_use_code == agreed.land_use_code),
            ZERO,
        )
        if gap <= 0 or not area:
            continue
        ctx.add(
            "AGREED_PRICE_TOPUP",
            quantity=area,
            unit="m²",
            unit_price=Decimal(gap),
            coefficient=None,
            amount=area * gap,
            formula=partial(_agreed_formula, agreed.ttb, agreed.tpa, area, agreed.land_use_code),
            citations=(c.NQ254_3_7, c.ND49_3_4),
            ref=f.case_id,
        )


def _agreed_formula(ttb: int, tpa: int, area: Decimal, code: str) -> str:
    return f"(Ttb {money(ttb)} − Tpa {money(tpa)}) đ/m² × {fmt_num(area)} m² {code}"


def _direct_producer(f: CaseFacts) -> bool:
    return f.direct_agricultural_producer or any(m.direct_farmer for m in f.members)


def job_conversion_contracted(ctx: Ctx) -> None:
    """Land Law 2024 Art. 109(1)(c),(d); Decree 88 Art. 22(4): a household farming land
    contracted from a state farm or company, or a cooperative ("phải có hợp đồng giao
    khoán": origin `contracted`), directly producing on it, gets job-conversion support
    "không quá 05 lần giá đất nông nghiệp cùng loại trong bảng giá đất" for the area, "nhưng
    không vượt quá hạn mức giao đất nông nghiệp tại địa phương" (Art. 176) together with
    the eligible land of Art. 109(1)(a). The table price, not × K: K is for compensation."""
    f = ctx.facts
    portions = ctx.contracted_portions
    if not portions or f.kind != "household" or not _direct_producer(f):
        return
    (multiple, limits), missing, sources = ctx.params[
        "support.job_conversion.multiple", "limits.agricultural_allocation"
    ]
    cites = (c.LL_109_1C, c.LL_109_1D, c.ND88_22_4, c.LL_176, *sources)
    if missing:
        ctx.missing("JOB_CONVERSION", ref=f.case_id, citations=cites, what=missing)
        return
    m = min(dec(multiple), JOB_CONVERSION_MAX_MULTIPLE)
    used: dict[str, Decimal] = {}
    for code, area, *_place in ctx.agri_portions:
        group = AGRI_TYPE.get(code, "annual")
        used[group] = used.get(group, ZERO) + area
    for code, area, commune, kind, position in portions:
        group = AGRI_TYPE.get(code, "annual")
        limit = dec(limits[group]) if group in limits else None
        left = area if limit is None else max(ZERO, min(area, limit - used.get(group, ZERO)))
        used[group] = used.get(group, ZERO) + left
        found = ctx.pack.agricultural_price(code, commune, kind, position)
        if found is None:
            ctx.missing(
                "JOB_CONVERSION",
                ref=f.case_id,
                citations=cites,
                quantity=left,
                unit="m²",
                what=[f"giá đất {code} trong bảng giá" if position else POSITION_NOT_GIVEN],
            )
            continue
        price, row = found
        ctx.put(
            "JOB_CONVERSION",
            left,
            "m²",
            price,
            m,
            m * price * left,
            partial(_job_formula, m, price, None, left),
            (*cites, row),
            f.case_id,
            "đất nhận giao khoán"
            + (f"; {fmt_num(area - left)} m² vượt hạn mức" if left < area else ""),
        )
