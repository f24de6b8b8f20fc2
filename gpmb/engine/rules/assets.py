"""Assets: houses and structures, trees and crops, graves, livestock, moving, business
(Land Law 2024 Art. 102-105; Decree 88/2024 Art. 14, 14a, 15, 20, 21)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from .. import cite as c
from ..context import Ctx, money
from ..facts import REHOUSING, Item
from ..lines import NEEDS_CONFIRMATION, OK, Formula
from ..money import ONE, ZERO, dec, fmt_num
from ..options import option_vi

TONNE = Decimal(1000)


def no_price(table: str, code: str) -> str:
    """A missing unit price in words a clerk can act on: which kind of asset and which
    price code — never the pack's parameter key."""
    if not code:
        return f"{table}: chưa gắn mã đơn giá"
    return f"{table}: gói chính sách chưa có đơn giá “{code}”"


def _after_notice(ctx: Ctx, code: str, item: Item, when: dt.date | None, what: str) -> bool:
    """Land Law Art. 105: nothing for assets created after the recovery notice."""
    notice = ctx.facts.notice_date
    if notice is None or when is None or when < notice:
        return False
    ctx.add(
        code,
        quantity=item.quantity,
        unit="",
        unit_price=None,
        coefficient=None,
        amount=0,
        formula=lambda: (
            f"{what} ngày {when.isoformat()}, sau thông báo thu hồi đất "
            f"{notice.isoformat()}: không bồi thường"
        ),
        citations=(c.LL_105,),
        ref=item.id,
    )
    return True


def after_cutoff(ctx: Ctx, item: Item) -> None:
    """Land Law 2024 Art. 105(2): no compensation for an asset "tạo lập trong thời hạn
    hiệu lực của thông báo thu hồi đất". The census decides it (the item's date against
    the round's cut-off; an officer may admit it with evidence): the plan still shows
    the item, at zero, and says why."""
    ctx.add(
        "AFTER_CUTOFF",
        quantity=item.quantity,
        unit="",
        unit_price=None,
        coefficient=None,
        amount=0,
        formula="Tạo lập sau mốc khóa số liệu (thông báo thu hồi đất), chưa được chấp nhận: "
        "không bồi thường, không hỗ trợ",
        citations=(c.LL_105_2,),
        ref=item.id,
    )


# -- houses and structures ----------------------------------------------------------------


def structure(ctx: Ctx, item: Item) -> None:
    if item.built_on is not None and _after_notice(
        ctx, "STRUCTURE", item, item.built_on, "xây dựng"
    ):
        return
    memo_key = ("structure", item.species, ctx.facts.commune)
    priced = ctx.pack.cache.get(memo_key)
    if priced is None:
        priced = ctx.pack.cache[memo_key] = _structure_price(ctx, item.species)
    what, sources, price, unit, kv, row_cite, living = priced
    if what:
        ctx.missing(
            "STRUCTURE",
            ref=item.id,
            citations=(c.LL_102_1, *sources),
            quantity=item.quantity,
            what=what,
        )
        return
    qty = item.quantity
    # Land Law Art. 102(1): a household's house or life-serving structure (the price book
    # marks those rows `living`); an organisation's buildings are Art. 102(2).
    living_house = (item.category == "house" or living) and ctx.facts.kind == "household"
    partial = item.demolition == "partial" and item.remainder_meets_standard
    rule_cites: tuple[str, ...] = ()
    if partial:
        if living_house:
            found = _partial_house_rule(ctx, item)
            if found is None:
                return
            rule_cites = found
        if item.demolished_quantity is None or item.repair_cost is None:
            ctx.missing(
                "STRUCTURE",
                ref=item.id,
                citations=(c.ND88_14_1C, c.NQ254_3_11A),
                quantity=qty,
                unit=unit,
                what=["phá dỡ một phần: thiếu demolished_quantity hoặc repair_cost"],
            )
            return
        qty = item.demolished_quantity
    g1 = qty * price * kv
    base_formula = Formula(
        lambda: (
            f"G1 = {fmt_num(qty)} {unit} × {money(price)} đ/{unit}"
            + (f" × Kv {fmt_num(kv)}" if kv != ONE else "")
        )
    )
    cites: tuple[str, ...] = (*sources, row_cite)
    status, key, note = OK, None, ""
    options: tuple[str, ...] = ()
    amount: Decimal
    if living_house:
        # Land Law Art. 102(1): "nhà ở, công trình phục vụ đời sống ... của hộ gia đình, cá
        # nhân" at new-construction value.
        amount, formula = g1, base_formula
        cites = (c.LL_102_1, *cites)
    elif item.category == "infrastructure":
        amount, formula = g1, base_formula
        cites = (c.LL_102_3, *cites)
    else:
        got = _other_structure(ctx, item, g1, base_formula, cites)
        if got is None:
            return
        amount, formula, cites, status, key, options, note = got
    if partial:
        assert item.repair_cost is not None
        repair = item.repair_cost
        amount = amount + repair
        formula += lambda: f"; + chi phí sửa chữa phần còn lại {money(repair)}"
        # Decree 88 Art. 14(1)(c) is for "nhà, công trình xây dựng khác"; a house partly
        # demolished rests on Resolution 254 Art. 3(11)(a) (the province's rule).
        cites = (
            (c.NQ254_3_11A, *rule_cites) if living_house else (c.ND88_14_1C, c.NQ254_3_11A)
        ) + cites
    if not item.lawful:
        _unlawful(ctx, item, amount, formula, cites, unit)
        return
    if status == OK and key is None:
        ctx.put("STRUCTURE", qty, unit, price, kv, amount, formula, cites, item.id, note)
        return
    ctx.add(
        "STRUCTURE",
        quantity=qty,
        unit=unit,
        unit_price=price,
        coefficient=kv,
        amount=amount,
        formula=formula,
        citations=cites,
        ref=item.id,
        status=status,
        decision_key=key,
        options=options,
        note=note,
    )


def _partial_house_rule(ctx: Ctx, item: Item) -> tuple[str, ...] | None:
    """Resolution 254 Art. 3(11)(a): a house or life-serving structure partly demolished
    whose rest still meets its standard is paid "theo thiệt hại thực tế theo quy định của Ủy
    ban nhân dân cấp tỉnh". The pack states the province's method (only the demolished part
    plus the repair of the rest is modelled; its sources returned) or the line is
    missing_basis (None)."""
    key = "structures.partial_house_compensation"
    (rule,), missing, sources = ctx.params[key]
    if rule is not None and rule.get("method") == "demolished_part_and_repair":
        return sources
    ctx.missing(
        "STRUCTURE",
        ref=item.id,
        citations=(c.NQ254_3_11A, *sources),
        quantity=item.quantity,
        what=list(missing) or [f"{key}.method"],
    )
    return None


def _structure_price(
    ctx: Ctx, species: str
) -> tuple[tuple[str, ...] | list[str], tuple[str, ...], Any, Any, Any, Any, bool]:
    """What is missing (or ()), sources, unit price, unit, Kv, the price row's citation
    and whether the row serves living (`living`, Land Law Art. 102(1)) of a structure
    class in the case's commune: the same for every household there, so the caller
    memoises it on the pack."""
    (prices, kv_table), missing, sources = ctx.params[
        "structures.unit_prices", "structures.location_coefficient"
    ]
    if ctx.pack.param("structures.location_coefficient") is None:
        missing = tuple(m for m in missing if "location_coefficient" not in m)
        kv_table = {"default": 1}
    row = (prices or {}).get(species)
    if row is None or missing:
        what = missing or [no_price("nhà, công trình", species)]
        return what, sources, None, None, None, None, False
    price = dec(row["price"])
    unit = row.get("unit", "m²")
    kv = dec(kv_table.get("by_commune", {}).get(ctx.facts.commune, kv_table.get("default", 1)))
    return (), sources, price, unit, kv, row.get("row", species), bool(row.get("living"))


Priced = tuple[Decimal, Formula, tuple[str, ...], str, str | None, tuple[str, ...], str]


def _other_structure(
    ctx: Ctx, item: Item, g1: Decimal, base: Formula, cites: tuple[str, ...]
) -> Priced | None:
    """Land Law Art. 102(2), a structure other than a household's house or life-serving
    structure: amount, formula, citations, status, decision key, options and note."""
    key: str | None = f"standard:{item.id}"
    options: tuple[str, ...] = ("meets_standard", "substandard")
    status, note = OK, ""
    standard = item.meets_standard
    if standard is None:
        assert key is not None
        choice = ctx.choice(key, options)
        if choice is None:
            status, note = NEEDS_CONFIRMATION, "chưa xác định công trình có đạt tiêu chuẩn"
        standard = choice != "substandard"  # until recorded, priced as meeting it
    else:
        key, options = None, ()
    if not standard:
        # Decree 88 Art. 14(1)(d): "Đối với nhà, công trình xây dựng không đủ tiêu chuẩn kỹ
        # thuật ... thì Ủy ban nhân dân cấp tỉnh quy định mức bồi thường cụ thể".
        (rule,), missing, sources = ctx.params["structures.substandard_compensation"]
        cites = (c.ND88_14_1D, *cites, *sources)
        if rule is None or rule.get("method") != "price_book":
            what = list(missing) or ["structures.substandard_compensation.method"]
            ctx.missing(
                "STRUCTURE", ref=item.id, citations=cites, quantity=item.quantity, what=what
            )
            return None
        formula = base + "; công trình không đủ tiêu chuẩn kỹ thuật: theo bộ đơn giá"
        return g1, formula, cites, status, key, options, note
    if item.demolition == "partial" and not item.remainder_meets_standard:
        # Art. 102(2)(a): "phá dỡ ... một phần mà phần còn lại không bảo đảm tiêu chuẩn kỹ
        # thuật" -> new-construction value.
        return g1, base, (c.LL_102_2A, *cites), status, key, options, note
    reading: str | None = "actual_damage"
    if item.demolition != "partial":
        # Art. 102(2)(a) names "bị tháo dỡ hoặc phá dỡ toàn bộ" next to "một phần mà phần còn
        # lại không bảo đảm tiêu chuẩn kỹ thuật", while Decree 88 Art. 14(1)(a),(b) price
        # point (b) structures at their present value: whether a whole demolition is point
        # (a) or (b) a person decides, once per case.
        rkey, ropts = f"structure_102_2:{ctx.facts.case_id}", ("new_value", "actual_damage")
        reading = ctx.choice(rkey, ropts)
        if status == OK:
            key, options = rkey, ropts
            if reading is None:
                status, note = NEEDS_CONFIRMATION, "phá dỡ toàn bộ: Điều 102 khoản 2 điểm a hay b"
        if reading != "actual_damage":
            return g1, base, (c.LL_102_2A, *cites), status, key, options, note
    got = _depreciated(ctx, item, g1, base, cites)
    if got is None:
        return None
    return (*got, status, key, options, note)


def _depreciated(
    ctx: Ctx, item: Item, g1: Decimal, base: Formula, cites: tuple[str, ...]
) -> tuple[Decimal, Formula, tuple[str, ...]] | None:
    """Decree 88 Art. 14(1)(a),(b): Tgt = G1 - G1/T × T1, plus the province's percentage
    of Tgt, never above 100 % of G1 (and never below the province's floor, if any)."""
    row = ctx.pack.value("structures.unit_prices")[item.species]
    (topup, floor), missing, sources = ctx.params[
        "structures.other_topup_ratio", "structures.other_floor_ratio"
    ]
    if ctx.pack.param("structures.other_floor_ratio") is None:
        missing = tuple(m for m in missing if "floor" not in m)
    life = row.get("depreciation_years")
    what = list(missing)
    if life is None:
        what.append(f"gói chính sách chưa có thời gian khấu hao của “{item.species}”")
    if item.years_used is None:
        what.append("chưa có số năm công trình đã sử dụng (T1)")
    if what:
        ctx.missing(
            "STRUCTURE",
            ref=item.id,
            citations=(c.ND88_14_1B, *cites, *sources),
            quantity=item.quantity,
            what=what,
        )
        return None
    assert item.years_used is not None
    t, t1 = dec(life), item.years_used
    tgt = max(ZERO, g1 - g1 / t * t1)
    pct = dec(topup)
    amount = tgt + tgt * pct
    formula = base + (
        lambda: (
            f"; Tgt = G1 − G1/T {fmt_num(t)} × T1 {fmt_num(t1)} = "
            f"{money(tgt)}; Tgt × (1 + {fmt_num(pct)})"
        )
    )
    if floor is not None and amount < g1 * dec(floor):
        amount = g1 * dec(floor)
        formula += lambda: f"; tối thiểu {fmt_num(dec(floor))} × G1"
    if amount > g1:
        amount = g1
        formula += "; tối đa 100% G1"
    return amount, formula, (c.LL_102_2B, c.ND88_14_1A, c.ND88_14_1B, *cites, *sources)


def _unlawful(
    ctx: Ctx, item: Item, value: Decimal, formula: Formula, cites: tuple[str, ...], unit: str
) -> None:
    """Land Law Art. 105: no compensation; the province's support by build date
    (e.g. QĐ 18/2025 Lào Cai Art. 23)."""
    (rule,), missing, sources = ctx.params["structures.unlawful_support"]
    if rule is None:
        ctx.missing(
            "STRUCTURE_SUPPORT",
            ref=item.id,
            citations=(c.LL_105, *sources),
            quantity=item.quantity,
            unit=unit,
            what=missing,
        )
        return
    cites = (c.LL_105, *cites, *sources)
    status, key, note = OK, None, ""
    options: tuple[str, ...] = ()
    if item.violation_handled:
        ratio, why = ZERO, "đã bị xử lý, ngăn chặn vi phạm"
    elif item.on_residential_land_without_permit:
        ratio, why = dec(rule["without_permit_ratio"]), "trên đất ở hợp pháp, không có giấy phép"
    elif item.on_farmland_by_lawful_house:
        # The province's rule for a structure on farmland by a lawful house (e.g. QĐ 18/2025
        # Lào Cai Art. 23(3)(a): "mức hỗ trợ bằng mức bồi thường").
        if "farmland_by_lawful_house_ratio" not in rule:
            ctx.missing(
                "STRUCTURE_SUPPORT",
                ref=item.id,
                citations=cites,
                quantity=item.quantity,
                unit=unit,
                what=["structures.unlawful_support.farmland_by_lawful_house_ratio"],
            )
            return
        ratio = dec(rule["farmland_by_lawful_house_ratio"])
        why = rule.get("farmland_by_lawful_house_row", "trên đất nông nghiệp cạnh nhà ở hợp pháp")
    elif item.built_on is None:
        ctx.missing(
            "STRUCTURE_SUPPORT",
            ref=item.id,
            citations=cites,
            quantity=item.quantity,
            unit=unit,
            what=["items[].built_on: thiếu thời điểm xây dựng"],
        )
        return
    else:
        bands = rule["bands"]
        found = _band(bands, item.built_on)
        if found is None:
            ctx.missing(
                "STRUCTURE_SUPPORT",
                ref=item.id,
                citations=cites,
                quantity=item.quantity,
                unit=unit,
                what=[f"không có mức hỗ trợ cho ngày xây dựng {item.built_on}"],
            )
            return
        i = found
        # A build date exactly on a band's first day: the texts say "từ ngày", but the date of
        # an old building is an estimate; the choice is recorded with its reason.
        if i > 0 and bands[i].get("from") == item.built_on:
            key = f"build_band:{item.id}"
            options = ("later_band", "earlier_band")
            if ctx.choice(key, options) == "earlier_band":
                i -= 1
            elif ctx.choice(key, options) is None:
                status = NEEDS_CONFIRMATION
                note = "ngày xây dựng đúng mốc chuyển mức hỗ trợ"
        ratio, why = dec(bands[i]["ratio"]), bands[i].get("row", "")
    ctx.add(
        "STRUCTURE_SUPPORT",
        quantity=item.quantity,
        unit=unit,
        unit_price=None,
        coefficient=ratio,
        amount=value * ratio,
        formula=formula + (lambda: f"; hỗ trợ {fmt_num(ratio * 100)}% ({why})"),
        citations=cites,
        ref=item.id,
        status=status,
        decision_key=key,
        options=options,
        note=note,
    )


def _band(bands: list[dict[str, Any]], day: dt.date) -> int | None:
    for i, band in enumerate(bands):
        lo, hi = band.get("from"), band.get("before")
        if (lo is None or day >= lo) and (hi is None or day < hi):
            return i
    return None


# -- trees and crops: Land Law Art. 103; Decree 88 Art. 14a -------------------------------


# Rows of `crops.unit_prices` for animals that cannot be moved (Land Law Art. 103(4):
# "vật nuôi là thủy sản hoặc vật nuôi khác mà không thể di chuyển ... bồi thường thiệt hại
# thực tế theo mức bồi thường cụ thể do Ủy ban nhân dân cấp tỉnh quy định"): the quantity
# in the row's unit × its price, e.g. pond fish per m², tank fish per kg, a hatchery's
# rearing area per m² (QĐ 20/2025 Lào Cai Art. 6(1)-(3)); no density norm.
ANIMAL_ROW_KINDS = frozenset({"aquaculture", "hatchery", "immovable_animal"})


def _plant_price(ctx: Ctx, item: Item) -> tuple[Any, ...]:
    (prices, rule), missing, sources = ctx.params["crops.unit_prices", "crops.density_rule"]
    key = f"{item.species}/{item.subgroup}" if item.subgroup else item.species
    row = (prices or {}).get(key) or (prices or {}).get(item.species)
    cites: tuple[str, ...] = (c.LL_103, c.ND88_14A)
    if row is None:
        return None, key, missing, sources, rule, None, None, cites, False
    price = dec(row["price"])
    unit = row.get("unit", "cây")
    animal = row.get("kind") in ANIMAL_ROW_KINDS
    if animal:
        cites = (c.LL_103_4,)
    cites = (*cites, *sources, row.get("row", key))
    # Priced by quantity alone: crops, per-m² rows and animals (no density norm).
    flat = animal or unit == "m²"
    return row, key, missing, sources, rule, price, unit, cites, flat


def plant(ctx: Ctx, item: Item) -> None:
    code = "CROP" if item.kind == "crop" else "TREE"
    if item.planted_on is not None and _after_notice(ctx, code, item, item.planted_on, "trồng"):
        return
    # What depends only on the pack and the species: looked up once per pack.
    memo_key = ("plant", item.species, item.subgroup)
    pre = ctx.pack.cache.get(memo_key)
    if pre is None:
        pre = ctx.pack.cache[memo_key] = _plant_price(ctx, item)
    row, key, missing, sources, rule, price, unit, cites, flat = pre
    if row is None:
        what = [m for m in missing if "unit_prices" in m] or [no_price("cây trồng", key)]
        ctx.missing(
            code, ref=item.id, citations=(*cites, *sources), quantity=item.quantity, what=what
        )
        return
    qty = item.quantity
    if code == "CROP" or flat:
        ctx.put(
            code,
            qty,
            unit,
            price,
            None,
            qty * price,
            lambda: f"{fmt_num(qty)} {unit} × {money(price)} đ/{unit}",
            cites,
            item.id,
        )
        return
    density = row.get("density_per_m2")
    if density is None:
        if rule is not None and "shared_budget_per_m2" in rule:
            _tree_shared_budget(ctx, item, rule, price, unit, cites)
        else:
            _tree_without_norm(ctx, item, code, rule, price, unit, cites)
        return
    if item.area is None or rule is None:
        what = (["items[].area (diện tích vườn)"] if item.area is None else []) + [
            m for m in missing if "density_rule" in m
        ]
        ctx.missing(code, ref=item.id, citations=cites, quantity=qty, what=what)
        return
    garden = item.area
    allowed = Decimal(math.floor(garden * dec(density)))
    paid = min(qty, allowed)
    ctx.put(
        code,
        paid,
        unit,
        price,
        None,
        paid * price,
        lambda: (
            f"min({fmt_num(qty)}, mật độ {fmt_num(dec(density))}/m² × "
            f"{fmt_num(garden)} m² = {fmt_num(allowed)}) × {money(price)} đ/{unit}"
        ),
        cites,
        item.id,
    )
    excess = qty - paid
    if excess > 0:
        # A species may carry its own tolerance (the province's table by species).
        tolerance = row.get("tolerance", rule.get("tolerance"))
        if tolerance is None:
            ctx.missing(
                "TREE_EXCESS",
                ref=item.id,
                citations=cites,
                quantity=excess,
                unit=unit,
                what=["crops.density_rule.tolerance (mức vượt mật độ được hỗ trợ của loài cây)"],
            )
            return
        rule = {**rule, "tolerance": tolerance}
        _tree_excess(ctx, item, excess, allowed, rule, price, unit, cites)


def _tree_without_norm(
    ctx: Ctx,
    item: Item,
    code: str,
    rule: dict[str, Any] | None,
    price: Decimal,
    unit: str,
    cites: tuple[str, ...],
) -> None:
    """A species the province gives no density norm for: the pack says what applies
    (`crops.density_rule.no_norm_ratio`: 1 pays every tree counted, less pays a reduced
    rate); without it the excess rule cannot be applied as written and a person decides."""
    qty = item.quantity
    ratio = (rule or {}).get("no_norm_ratio")
    if ratio is not None:
        k = dec(ratio)
        ctx.put(
            code,
            qty,
            unit,
            price,
            k,
            qty * price * k,
            lambda: f"{fmt_num(qty)} {unit} (loài chưa có mật độ) × {money(price)} × {fmt_num(k)}",
            cites,
            item.id,
        )
        return
    dkey = f"density:{item.id}"
    options = ("pay_all_counted", "refer_to_province")
    choice = ctx.choice(dkey, options)
    amount = ZERO if choice == "refer_to_province" else qty * price
    ctx.add(
        code,
        quantity=qty,
        unit=unit,
        unit_price=price,
        coefficient=None,
        amount=amount,
        formula=lambda: f"{fmt_num(qty)} {unit} × {money(price)} đ/{unit}",
        citations=cites,
        ref=item.id,
        status=NEEDS_CONFIRMATION,
        decision_key=dkey,
        options=options,
        note="loài cây chưa có mật độ quy định",
    )


def _tree_shared_budget(
    ctx: Ctx,
    item: Item,
    rule: dict[str, Any],
    price: Decimal,
    unit: str,
    cites: tuple[str, ...],
) -> None:
    """One density budget for the perennial trees of a parcel that have no norm of their
    own (a province's reading of Decree 88 Art. 14a; a pack giving no species a norm puts
    every species on it): the parcel's recovered area × `shared_budget_per_m2` trees,
    drawn by the parcel's tree items in the order the inventory lists them. The item that
    crosses the budget is split: what fits is paid in full, the rest — and every later
    item of the parcel — at `beyond_ratio`."""
    qty = item.quantity
    parcel = next((p for p in ctx.facts.parcels if p.ref == item.parcel_ref), None)
    if parcel is None:
        ctx.missing(
            "TREE",
            ref=item.id,
            citations=cites,
            quantity=qty,
            what=["items[].parcel_ref (thửa đất có cây, để tính mật độ chung của thửa)"],
        )
        return
    if ctx.tree_budget is None:
        ctx.tree_budget = {}
    factor = dec(rule["shared_budget_per_m2"])
    budget = Decimal(math.floor(parcel.recovered_area * factor))
    left = ctx.tree_budget.get(parcel.ref, budget)
    paid = min(qty, left)
    ctx.tree_budget[parcel.ref] = left - paid
    if paid > 0:
        area = parcel.recovered_area
        ctx.put(
            "TREE",
            paid,
            unit,
            price,
            None,
            paid * price,
            lambda: (
                f"{fmt_num(paid)} {unit} trong mật độ chung của thửa (còn {fmt_num(left)} của "
                f"{fmt_num(factor)}/m² × {fmt_num(area)} m² = {fmt_num(budget)}) "
                f"× {money(price)} đ/{unit}"
            ),
            cites,
            item.id,
        )
    excess = qty - paid
    if excess > 0:
        ratio = dec(rule["beyond_ratio"])
        ctx.put(
            "TREE_EXCESS",
            excess,
            unit,
            price,
            ratio,
            excess * price * ratio,
            lambda: (
                f"{fmt_num(excess)} {unit} vượt mật độ chung của thửa × {money(price)} × "
                f"{fmt_num(ratio)}"
            ),
            cites,
            item.id,
        )


def _tree_excess(
    ctx: Ctx,
    item: Item,
    excess: Decimal,
    allowed: Decimal,
    rule: dict[str, Any],
    price: Decimal,
    unit: str,
    cites: tuple[str, ...],
) -> None:
    """Trees above the density norm, at the province's rates (e.g. QĐ 20/2025 Lào Cai Art.
    5(3)(b): "vượt không quá 30% ... 100%"; "vượt trên 30% ... 30%"). Above the tolerance,
    either every excess tree takes the lower rate ("all_excess": one tree more can pay
    less) or only those beyond it ("tiered"). The pack states the reading
    (crops.density_rule.reading) or a person records it once per case."""
    tolerance = dec(rule["tolerance"])
    within_ratio, beyond_ratio = dec(rule["within_ratio"]), dec(rule["beyond_ratio"])
    band = Decimal(math.floor(allowed * tolerance))  # trees within the tolerance
    status, key = OK, None
    options: tuple[str, ...] = ()
    if excess <= band:
        amount = excess * price * within_ratio
        formula = (
            f"{fmt_num(excess)} {unit} vượt mật độ (không quá {fmt_num(tolerance * 100)}%) × "
            f"{money(price)} × {fmt_num(within_ratio)}"
        )
    else:
        reading = rule.get("reading")
        if reading is None:
            key, options = f"density_reading:{ctx.facts.case_id}", ("tiered", "all_excess")
            reading = ctx.choice(key, options) or "tiered"
            status = NEEDS_CONFIRMATION
        if reading == "all_excess":
            amount = excess * price * beyond_ratio
            formula = (
                f"{fmt_num(excess)} {unit} vượt mật độ (trên {fmt_num(tolerance * 100)}%) × "
                f"{money(price)} × {fmt_num(beyond_ratio)}"
            )
        else:
            amount = price * (band * within_ratio + (excess - band) * beyond_ratio)
            formula = (
                f"{fmt_num(band)} {unit} trong {fmt_num(tolerance * 100)}% × {money(price)} × "
                f"{fmt_num(within_ratio)} + {fmt_num(excess - band)} {unit} vượt hơn × "
                f"{money(price)} × {fmt_num(beyond_ratio)}"
            )
    ctx.add(
        "TREE_EXCESS",
        quantity=excess,
        unit=unit,
        unit_price=price,
        coefficient=None,
        amount=amount,
        formula=formula,
        citations=cites,
        ref=item.id,
        status=status,
        decision_key=key,
        options=options,
    )


# -- graves: Decree 88 Art. 15 ------------------------------------------------------------


def grave(ctx: Ctx, item: Item) -> None:
    (prices, self_support), missing, sources = ctx.params[
        "graves.unit_prices", "graves.self_relocation_support"
    ]
    qty = Decimal(item.count)
    price = (prices or {}).get(item.species)
    if price is None:
        ctx.missing(
            "GRAVE",
            ref=item.id,
            citations=(c.ND88_15, *sources),
            quantity=qty,
            unit="mộ",
            what=[m for m in missing if "unit_prices" in m] or [no_price("mồ mả", item.species)],
        )
    else:
        price_d = dec(price)
        ctx.put(
            "GRAVE",
            qty,
            "mộ",
            price_d,
            None,
            qty * price_d,
            lambda: f"{item.count} mộ × {money(price)} đ/mộ",
            (c.ND88_15, sources[0]),
            item.id,
        )
    if item.self_relocated:
        if self_support is None:
            ctx.missing(
                "GRAVE_SELF",
                ref=item.id,
                citations=(c.ND88_15, *sources),
                quantity=qty,
                unit="mộ",
                what=[m for m in missing if "self_relocation" in m],
            )
        else:
            ctx.add(
                "GRAVE_SELF",
                quantity=qty,
                unit="mộ",
                unit_price=dec(self_support),
                coefficient=None,
                amount=qty * dec(self_support),
                formula=lambda: f"{item.count} mộ × {money(self_support)} đ/mộ",
                citations=(c.ND88_15, sources[-1]),
                ref=item.id,
            )


# -- livestock: Decree 88 Art. 21(1) ------------------------------------------------------


def livestock(ctx: Ctx, item: Item) -> None:
    (by_distance,), _, distance_sources = ctx.params["livestock.cost_per_tonne_by_distance"]
    if by_distance is not None:
        # The cost of moving a tonne by the distance moved (a province's table by km).
        (table,), missing, sources = ctx.params["livestock.coefficients"]
        sources = (*distance_sources, *sources)
        per_tonne = _per_tonne_at(by_distance, item.distance_km)
        if per_tonne is None and not missing:
            missing = (
                ("items[].distance_km (quãng đường di chuyển vật nuôi)",)
                if item.distance_km is None
                else (f"không có mức cho quãng đường {fmt_num(item.distance_km)} km",)
            )
    else:
        (per_tonne, table), missing, sources = ctx.params[
            "livestock.cost_per_tonne", "livestock.coefficients"
        ]
    cites = (c.ND88_21_1, *sources)
    if missing or item.weight_kg is None:
        what = [*missing] + ([] if item.weight_kg is not None else ["items[].weight_kg"])
        ctx.missing(
            "LIVESTOCK",
            ref=item.id,
            citations=cites,
            quantity=Decimal(item.count),
            unit="con",
            what=what,
        )
        return
    w = item.weight_kg
    rows = [
        r
        for r in table
        if r["group"] == item.species and r.get("subgroup", "") == item.subgroup and _in_band(r, w)
    ]
    tonnes = w * item.count / TONNE
    base = dec(per_tonne)
    if len(rows) != 1:
        # No band (or several) fits this weight, e.g. poultry of exactly 1.6 kg:
        # the user picks the row.
        candidates = tuple(str(r.get("row")) for r in table if r["group"] == item.species)
        key = f"livestock_band:{item.id}"
        choice = ctx.choice(key, candidates)
        row = next((r for r in table if str(r.get("row")) == choice), None)
        k = dec(row["k"]) if row else None
        ctx.add(
            "LIVESTOCK",
            quantity=tonnes,
            unit="tấn",
            unit_price=base,
            coefficient=k,
            amount=base * tonnes * k if k is not None else 0,
            formula=lambda: (
                f"M = {money(base)} × P {fmt_num(tonnes)} tấn × K "
                f"{fmt_num(k) if k is not None else '?'}"
            ),
            citations=cites,
            ref=item.id,
            status=NEEDS_CONFIRMATION,
            decision_key=key,
            options=candidates,
            note=f"không có nhóm hệ số cho {fmt_num(w)} kg",
        )
        return
    k = dec(rows[0]["k"])
    ctx.add(
        "LIVESTOCK",
        quantity=tonnes,
        unit="tấn",
        unit_price=base,
        coefficient=k,
        amount=base * tonnes * k,
        formula=lambda: (
            f"M = {money(base)} đ/tấn × P {fmt_num(tonnes)} tấn "
            f"({item.count} × {fmt_num(w)} kg) × K {fmt_num(k)}"
        ),
        citations=(*cites, str(rows[0].get("row", ""))),
        ref=item.id,
    )


def _per_tonne_at(bands: list[dict[str, Any]], km: Decimal | None) -> Any:
    """The cost per tonne of the first band whose `up_to_km` reaches `km` (a band
    without `up_to_km` takes every longer distance); None without a distance."""
    if km is None:
        return None
    for band in bands:
        top = band.get("up_to_km")
        if top is None or km <= dec(top):
            return band["per_tonne"]
    return None


def _in_band(row: dict[str, Any], w: Decimal) -> bool:
    lo, hi = row.get("min"), row.get("max")
    if lo is not None:
        lo_d = dec(lo)
        if w < lo_d or (w == lo_d and not row.get("min_inclusive", False)):
            return False
    if hi is not None:
        hi_d = dec(hi)
        if w > hi_d or (w == hi_d and not row.get("max_inclusive", True)):
            return False
    return True


# -- moving: Land Law Art. 104 ------------------------------------------------------------


def moving(ctx: Ctx, item: Item) -> None:
    estimate = item.estimate
    if estimate is not None:
        ctx.add(
            "MOVING",
            quantity=Decimal(1),
            unit="khoản",
            unit_price=None,
            coefficient=None,
            amount=estimate,
            formula=lambda: f"theo dự toán tháo dỡ, di chuyển, lắp đặt {money(estimate)}",
            citations=(c.LL_104,),
            ref=item.id,
        )
        return
    (rates,), missing, sources = ctx.params["moving.flat_rate"]
    rate = (rates or {}).get(ctx.facts.commune_kind)
    if rate is None:
        ctx.missing(
            "MOVING",
            ref=item.id,
            citations=(c.LL_104, *sources),
            what=missing
            or [f"moving.flat_rate.{ctx.facts.commune_kind}", "hoặc items[].estimate (dự toán)"],
        )
        return
    rate_d = dec(rate)
    ctx.put(
        "MOVING",
        Decimal(1),
        "hộ",
        rate_d,
        None,
        rate_d,
        lambda: f"{money(rate)} đ/hộ",
        (c.LL_104, *sources),
        item.id,
    )


# -- business stopped: Decree 88 Art. 20 --------------------------------------------------


def business(ctx: Ctx, item: Item) -> None:
    """Decree 88 Art. 20(1)(a), (3)(b), (4), (6): a business that stops, on land eligible
    for land compensation: up to 30 % of a year's after-tax income (or the province's flat
    amount), and its contracted employees' stoppage allowance for at most 6 months."""
    land = _business_land(ctx, item)
    if land == "missing":
        return
    ask: dict[str, Any] = {}
    if land == "ask":
        key, options = f"business_land:{item.id}", ("eligible", "not_eligible")
        ask = {"status": NEEDS_CONFIRMATION, "decision_key": key, "options": options}
        land = ctx.choice(key, options) or "eligible"  # until recorded, priced as eligible
    if land == "not_eligible":
        # Art. 20(1)(a), (2)(a): only if the land is eligible for land compensation.
        where = f"thửa {item.parcel_ref}" if item.parcel_ref else "đất nơi sản xuất, kinh doanh"
        ctx.add(
            "PRODUCTION_BUSINESS",
            quantity=Decimal(1),
            unit="hộ",
            unit_price=None,
            coefficient=None,
            amount=0,
            formula=lambda: (
                f"{where} không được bồi thường về đất: không hỗ trợ ổn định sản xuất, kinh doanh"
            ),
            citations=(c.ND88_20_2A,),
            ref=item.id,
            **ask,
        )
        return
    if item.employees:
        _employees(ctx, item)
    (ratio, flat), missing, sources = ctx.params[
        "support.production.business_ratio", "support.production.business_flat_no_accounts"
    ]
    if item.has_accounts and item.avg_after_tax_income is not None:
        if ratio is None:
            ctx.missing(
                "PRODUCTION_BUSINESS",
                ref=item.id,
                citations=(c.ND88_20_3B, *sources),
                what=[m for m in missing if "ratio" in m],
            )
            return
        r = min(dec(ratio), Decimal("0.3"))  # Decree 88 Art. 20(3)(b): at most 30 %
        income = Decimal(item.avg_after_tax_income)
        ctx.add(
            "PRODUCTION_BUSINESS",
            quantity=Decimal(1),
            unit="năm",
            unit_price=income,
            coefficient=r,
            amount=income * r,
            formula=lambda: f"{fmt_num(r * 100)}% × thu nhập sau thuế bình quân {money(income)}",
            citations=(c.ND88_20_3B, sources[0]),
            ref=item.id,
            **ask,
        )
        return
    if item.registered and flat is not None:
        ctx.add(
            "PRODUCTION_BUSINESS",
            quantity=Decimal(1),
            unit="hộ",
            unit_price=dec(flat),
            coefficient=None,
            amount=dec(flat),
            formula=lambda: f"không có báo cáo tài chính, có đăng ký kinh doanh: {money(flat)}",
            citations=(c.ND88_20_6, sources[-1]),
            ref=item.id,
            **ask,
        )
        return
    ctx.missing(
        "PRODUCTION_BUSINESS",
        ref=item.id,
        citations=(c.ND88_20_3B, *sources),
        what=["thu nhập sau thuế bình quân 3 năm (items[].avg_after_tax_income)"]
        + [m for m in missing if "flat" in m],
    )


def _business_land(ctx: Ctx, item: Item) -> str:
    """Whether the business's land is eligible for land compensation (Decree 88 Art.
    20(1)(a)): "eligible", "not_eligible", "ask" (no parcel named, the case's recovered
    parcels differ) or "missing" (the named parcel is not in the case; line written). A
    parcel is eligible when a land line (priced or still missing its price) was made for it;
    business items are few, so a scan of the lines is cheap."""
    compensated = {x.ref for x in ctx.lines if x.group == "land"}
    if item.parcel_ref:
        if item.parcel_ref in compensated:
            return "eligible"
        if any(p.ref == item.parcel_ref for p in ctx.facts.parcels):
            return "not_eligible"
        ctx.missing(
            "PRODUCTION_BUSINESS",
            ref=item.id,
            citations=(c.ND88_20_2A,),
            what=[f"thửa {item.parcel_ref} (items[].parcel_ref) không có trong hồ sơ"],
        )
        return "missing"
    found = {p.ref in compensated for p in ctx.facts.parcels}
    if found == {True}:
        return "eligible"
    return "ask" if True in found else "not_eligible"


def _employees(ctx: Ctx, item: Item) -> None:
    """Decree 88 Art. 20(4): employees with labour contracts get the labour-law stoppage
    allowance, for at most 6 months (e.g. QĐ 18/2025 Lào Cai Art. 11(5): the regional
    minimum wage × 6 months)."""
    (months, wage), missing, sources = ctx.params[
        "support.production.employee_months", "support.production.employee_monthly_wage"
    ]
    n = Decimal(item.employees)
    cites = (c.ND88_20_4, *sources)
    if months is None or wage is None:
        ctx.missing(
            "PRODUCTION_EMPLOYEES",
            ref=item.id,
            citations=cites,
            quantity=n,
            unit="người",
            what=list(missing),
        )
        return
    m = min(dec(months), Decimal(6))  # "thời gian trợ cấp không quá 06 tháng"
    w = dec(wage)
    ctx.add(
        "PRODUCTION_EMPLOYEES",
        quantity=n,
        unit="người",
        unit_price=w,
        coefficient=m,
        amount=n * w * m,
        formula=lambda: f"{fmt_num(n)} người × {money(w)} đ/tháng × {fmt_num(m)} tháng",
        citations=cites,
        ref=item.id,
    )


# -- rules completed for issue 16 -------------------------------------------------------


def movable_plant(ctx: Ctx, item: Item) -> None:
    """Land Law 2024 Art. 103(3): "cây trồng chưa thu hoạch nhưng có thể di chuyển đến địa
    điểm khác thì được bồi thường chi phí di chuyển và thiệt hại thực tế do phải di chuyển,
    phải trồng lại": the moving estimate plus the damage, both valued for the case."""
    if _after_notice(ctx, "PLANT_MOVING", item, item.planted_on, "trồng"):
        return
    estimate, damage = item.estimate, item.damage
    if estimate is None or damage is None:
        ctx.missing(
            "PLANT_MOVING",
            ref=item.id,
            citations=(c.LL_103_3,),
            quantity=item.quantity,
            what=[
                f"items[{item.id}].{key}: {what}"
                for key, value, what in (
                    ("estimate", estimate, "chi phí di chuyển"),
                    ("damage", damage, "thiệt hại thực tế do di chuyển, trồng lại"),
                )
                if value is None
            ],
        )
        return
    ctx.add(
        "PLANT_MOVING",
        quantity=item.quantity,
        unit="cây",
        unit_price=None,
        coefficient=None,
        amount=estimate + damage,
        formula=lambda: (
            f"chi phí di chuyển {money(estimate)} + thiệt hại do di chuyển, trồng lại "
            f"{money(damage)}"
        ),
        citations=(c.LL_103_3,),
        ref=item.id,
    )


def forest(ctx: Ctx, item: Item) -> None:
    """Resolution 254 Art. 3(11)(b),(c): natural and planted forests are compensated under
    the forestry law, at the unit prices the province issues; the money is shared among
    those who manage and protect the forest (Land Law 2024 Art. 103(3), second paragraph)."""
    if _after_notice(ctx, "FOREST", item, item.planted_on, "trồng"):
        return
    (prices,), missing, sources = ctx.params["forest.unit_prices"]
    cites = (c.NQ254_3_11B, c.NQ254_3_11C, *sources)
    row = (prices or {}).get(item.species)
    if row is None:
        ctx.missing(
            "FOREST",
            ref=item.id,
            citations=cites,
            quantity=item.quantity,
            what=missing or [f"forest.unit_prices.{item.species}: không có đơn giá"],
        )
        return
    price, unit, qty = dec(row["price"]), row.get("unit", "m²"), item.quantity
    ctx.add(
        "FOREST",
        quantity=qty,
        unit=unit,
        unit_price=price,
        coefficient=None,
        amount=qty * price,
        formula=lambda: f"{fmt_num(qty)} {unit} × {money(price)} đ/{unit}",
        citations=(*cites, row.get("row", item.species)),
        ref=item.id,
        note="chia cho người quản lý, chăm sóc, bảo vệ rừng theo pháp luật về lâm nghiệp",
    )


def state_housing(ctx: Ctx, item: Item) -> None:
    """A tenant's state-owned house on recovered land: own renovation costs, and a home
    when they have no other."""
    _state_housing_repair(ctx, item)
    _state_housing_rehousing(ctx, item)


def _state_housing_repair(ctx: Ctx, item: Item) -> None:
    """Land Law 2024 Art. 111(11); Decree 88 Art. 16: the tenant of a state-owned house
    that is demolished gets nothing for the house or unlawful extensions, but is paid what
    they spent renovating it, at the province's rate (e.g. QĐ 18/2025 Lào Cai Art. 6:
    100 % of the cost valued at the price book). `costs` is that valuation."""
    (ratio,), missing, sources = ctx.params["structures.state_housing_repair_ratio"]
    cites = (c.LL_111_11, c.ND88_16, *sources)
    costs = item.costs
    if ratio is None or costs is None:
        what = list(missing)
        if costs is None:
            what.append(f"items[{item.id}].costs: chi phí tự cải tạo, sửa chữa")
        ctx.missing("STATE_HOUSING_REPAIR", ref=item.id, citations=cites, what=what)
        return
    r = dec(ratio)
    ctx.add(
        "STATE_HOUSING_REPAIR",
        quantity=Decimal(1),
        unit="khoản",
        unit_price=Decimal(costs),
        coefficient=r,
        amount=costs * r,
        formula=lambda: f"chi phí tự cải tạo, sửa chữa {money(costs)} × {fmt_num(r * 100)}%",
        citations=cites,
        ref=item.id,
    )


def _state_housing_rehousing(ctx: Ctx, item: Item) -> None:
    """Decree 88 Art. 24(2): the tenant of a state-owned house that must be demolished,
    with no other home in the area, "được hỗ trợ thuê nhà ở tại nơi tái định cư; giá
    thuê nhà là giá thuê nhà ở thuộc sở hữu nhà nước" (and may buy it), or is allocated
    land or sold a house where the locality has them, or "trường hợp tự lo chỗ ở mới
    thì được hỗ trợ bằng tiền" at the province's rate. The household's choice is a fact;
    until it is recorded a person records it."""
    if not item.no_other_home:
        return
    cites: tuple[str, ...] = (c.ND88_24_2,)
    key, options = f"rehousing:{item.id}", REHOUSING
    choice = item.rehousing or ctx.choice(key, options)
    if choice is None:
        ctx.add(
            "STATE_HOUSING_REHOUSING",
            quantity=Decimal(1),
            unit="hộ",
            unit_price=None,
            coefficient=None,
            amount=0,
            formula="chưa ghi nhận lựa chọn chỗ ở của hộ",
            citations=cites,
            ref=item.id,
            status=NEEDS_CONFIRMATION,
            decision_key=key,
            options=options,
        )
        return
    if choice != "self_arranged":
        in_kind = {
            "rent_at_site": "thuê nhà ở tại nơi tái định cư, giá thuê nhà ở thuộc sở hữu nhà nước",
            "buy_or_allocate": "giao đất ở có thu tiền sử dụng đất hoặc bán nhà ở",
        }[choice]
        ctx.put(
            "STATE_HOUSING_REHOUSING",
            Decimal(1),
            "hộ",
            None,
            None,
            0,
            f"hỗ trợ bằng chỗ ở: {in_kind}",
            cites,
            item.id,
        )
        return
    (amount,), missing, sources = ctx.params["support.state_housing_self_arranged"]
    if amount is None:
        ctx.missing(
            "STATE_HOUSING_REHOUSING",
            ref=item.id,
            citations=(*cites, *sources),
            quantity=Decimal(1),
            unit="hộ",
            what=missing,
        )
        return
    ctx.put(
        "STATE_HOUSING_REHOUSING",
        Decimal(1),
        "hộ",
        Decimal(amount),
        None,
        int(amount),
        lambda: f"tự lo chỗ ở mới: {money(amount)}",
        (*cites, *sources),
        item.id,
    )


def expired_permit(ctx: Ctx, item: Item) -> None:
    """Land Law 2024 Art. 105(3), 108(1)(e); Decree 88 Art. 21(2): the part of a structure
    built under a time-limited permit that has expired at recovery is not compensated; its
    owner gets support to dismantle or move it at the province's rate (e.g. QĐ 18/2025 Lào
    Cai Art. 16: 80 % of the value at the province's unit prices)."""
    (ratio,), missing, sources = ctx.params["structures.expired_permit_support_ratio"]
    what, price_sources, price, unit, kv, row, *_ = _structure_price(ctx, item.species)
    cites = (c.LL_105_3, c.LL_108_1E, c.ND88_21_2, *sources, *price_sources)
    if ratio is None or what:
        ctx.missing(
            "EXPIRED_PERMIT_SUPPORT",
            ref=item.id,
            citations=cites,
            quantity=item.quantity,
            what=[*missing, *what],
        )
        return
    qty, r = item.quantity, dec(ratio)
    ctx.add(
        "EXPIRED_PERMIT_SUPPORT",
        quantity=qty,
        unit=unit,
        unit_price=price,
        coefficient=r,
        amount=qty * price * kv * r,
        formula=lambda: (
            f"{fmt_num(qty)} {unit} × {money(price)} đ/{unit}"
            + (f" × Kv {fmt_num(kv)}" if kv != ONE else "")
            + f" × {fmt_num(r * 100)}%"
        ),
        citations=(*cites, row),
        ref=item.id,
    )


# The commune's confirmation the province's rule turns on (e.g. QĐ 18/2025 Lào Cai
# Art. 9(1), (2)): on land eligible for compensation; on land not eligible, with no record
# of enforcement against it; or neither (built unlawfully: nothing).
POWER_CORRIDOR_OPTIONS = ("land_eligible", "land_not_eligible", "not_supported")


def power_corridor(ctx: Ctx, item: Item) -> None:
    """A house or life-serving structure left standing, wholly or partly inside the safety
    corridor of an overhead power line, its land not recovered: the province's share of
    its value at the province's unit prices (`structures.power_corridor`; e.g. QĐ 18/2025
    Lào Cai Art. 9, which names Decree 62/2025 Art. 16(2)(b), (c) as what it details:
    70 % on land eligible for compensation, 40 % on land not eligible when the commune
    confirms no enforcement record; both only for what was built before the recovery
    notice, Land Law 2024 Art. 105). Which case applies is the commune's confirmation,
    recorded as a named decision."""
    code = "CORRIDOR_STRUCTURE"
    if item.built_on is not None and _after_notice(ctx, code, item, item.built_on, "xây dựng"):
        return
    (rule,), missing, sources = ctx.params["structures.power_corridor"]
    what, price_sources, price, unit, kv, row, *_ = _structure_price(ctx, item.species)
    cites = (*sources, *price_sources)
    if rule is None or what:
        ctx.missing(code, ref=item.id, citations=cites, quantity=item.quantity,
                    what=[*missing, *what])  # fmt: skip
        return
    key = f"power_corridor:{item.id}"
    choice = ctx.choice(key, POWER_CORRIDOR_OPTIONS)
    qty = item.quantity
    value = qty * price * kv
    if choice in (None, "not_supported"):
        ctx.add(
            code,
            quantity=qty,
            unit=unit,
            unit_price=price,
            coefficient=None,
            amount=0,
            formula=lambda: (
                "trong hành lang an toàn lưới điện: cần xác nhận của UBND xã/phường về điều "
                "kiện của đất và việc xây dựng"
                if choice is None
                else "trong hành lang an toàn lưới điện, không đủ điều kiện bồi thường, hỗ trợ"
            ),
            citations=(*cites, row),
            ref=item.id,
            status=NEEDS_CONFIRMATION if choice is None else OK,
            decision_key=key,
            options=POWER_CORRIDOR_OPTIONS,
        )
        return
    eligible = choice == "land_eligible"
    ratio = rule.get("eligible_ratio" if eligible else "not_eligible_ratio")
    if ratio is None:
        ctx.missing(
            code,
            ref=item.id,
            citations=cites,
            quantity=qty,
            what=[f"structures.power_corridor: tỷ lệ cho trường hợp {option_vi(key, str(choice))}"],
        )
        return
    r = dec(ratio)
    ctx.add(
        code if eligible else "CORRIDOR_STRUCTURE_SUPPORT",
        quantity=qty,
        unit=unit,
        unit_price=price,
        coefficient=r,
        amount=value * r,
        formula=lambda: (
            f"{fmt_num(qty)} {unit} × {money(price)} đ/{unit}"
            + (f" × Kv {fmt_num(kv)}" if kv != ONE else "")
            + f" × {fmt_num(r * 100)}% (trong hành lang an toàn lưới điện, "
            + ("đất đủ điều kiện bồi thường)" if eligible else "đất không đủ điều kiện)")
        ),
        citations=(*cites, row),
        ref=item.id,
        decision_key=key,
        options=POWER_CORRIDOR_OPTIONS,
    )
