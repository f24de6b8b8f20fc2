"""Land price by frontage and depth: the province's price-table rules for a parcel on a road
(Resolution 254 Art. 3(6), 7: the table and its rules are the province's; e.g. NQ 19/2025
Lào Cai Art. 5(3),(5), 6(1),(3), 9(4),(5)).

Only parcels whose facts carry depth or frontage (parcels[].depth, depth_areas,
other_segments, alley_segments, floor_segment, separated_from_road) come here; every
number (band limits, ratios, the increase for several roads) is the pack's, with its
source.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .. import cite as c
from ..context import Ctx, money
from ..facts import STRIPS, Parcel
from ..lines import NEEDS_CONFIRMATION, OK
from ..money import ZERO, fmt_num
from ..options import option_vi

CENT = Decimal("0.01")  # areas are held to 2 decimals (m²)
HUNDRED = Decimal(100)

# Decision keys and options of this rule (docs/compute-case-format.md, "Decisions").
STRIP_OPTIONS = STRIPS
PORTION_OPTIONS = ("front", "proportional")
INCREASE_OPTIONS = ("on_each_band", "on_vt1_price")
FLOOR_OPTIONS = ("no_higher_floor",)
SEPARATED_OPTIONS = ("position_as_recorded", "ratio_of_vt1")

Band = tuple[Decimal, Decimal | None, Decimal, str]


class _Ask:
    """The questions one line raises; each becomes an info line carrying its decision."""

    __slots__ = ("ctx", "open", "p")

    def __init__(self, ctx: Ctx, p: Parcel) -> None:
        self.ctx, self.p, self.open = ctx, p, 0

    def choose(
        self,
        key: str,
        options: tuple[str, ...],
        question: str,
        cites: tuple[str, ...],
        given: str | None = None,
    ) -> str:
        """The settled choice, or the first option while a person has not decided."""
        if given is not None:
            return given
        full_key = f"{key}:{self.p.ref}"
        choice = self.ctx.choice(full_key, options)
        if choice is None:
            self.open += 1
        for line in self.ctx.lines:
            if line.decision_key == full_key:
                return choice or options[0]  # asked already (e.g. for the remainder line)
        self.ctx.add(
            "LAND_PRICE_RULE",
            quantity=ZERO,
            unit="",
            unit_price=None,
            coefficient=None,
            amount=0,
            formula=(
                f"{question}: "
                + (
                    f"đã quyết định: {option_vi(full_key, choice)}"
                    if choice
                    else f"tạm tính: {option_vi(full_key, options[0])}"
                )
            ),
            citations=cites,
            ref=self.p.ref,
            status=NEEDS_CONFIRMATION,
            decision_key=full_key,
            options=options,
        )
        return choice or options[0]


class _NoBasis(Exception):
    """The line cannot be priced: the citations and what is missing, for _missing."""

    def __init__(self, cites: list[str], what: list[str]) -> None:
        super().__init__(what)
        self.cites, self.what = cites, what


class _Line:
    """What one frontage line collects while it is priced: the parcel, the questions, the
    citations and notes, and what is missing."""

    __slots__ = ("area", "ask", "cites", "ctx", "f", "lc", "notes", "p", "pack", "what")

    def __init__(self, ctx: Ctx, p: Parcel, portion: Any, area_cites: tuple[str, ...]) -> None:
        assert p.frontage is not None
        self.ctx, self.p, self.f, self.pack = ctx, p, p.frontage, ctx.pack
        self.lc: str = portion.code
        self.area: Decimal = portion.area
        self.ask = _Ask(ctx, p)
        self.what: list[str] = []
        self.cites: list[str] = [*portion.citations, *area_cites, c.NQ254_3_6, c.NQ254_8]
        self.notes: list[str] = [portion.note] if portion.note else []

    def no_basis(self, src: Any, missing: Any) -> _NoBasis:
        return _NoBasis([*self.cites, *src], list(missing))


def frontage_price_line(
    ctx: Ctx,
    p: Parcel,
    portion: Any,
    code: str,
    area_cites: tuple[str, ...],
    area_status: str,
    put_fixed_term: Callable[[Ctx, Parcel, Decimal, Decimal, tuple[str, ...]], None],
) -> int | None:
    """The land line of a non-agricultural portion priced by the province's frontage and
    depth rules. Returns the amount (for the residential total), or None when no money
    line was made (missing basis)."""
    ln = _Line(ctx, p, portion, area_cites)
    try:
        road, position, price, others, floor_seg, t_src = _pricing_road(ln)
        base, position = _separated(ln, road, position, price, t_src)
        increase, m_src = _increase(ln, others)
        areas, bands = _depth(ln, portion, road, position, code == "LAND_REMAINDER")
        floor, floor_from = _floor(ln, road, position, others, floor_seg, areas)
        how = _increase_how(ln, increase, m_src, areas)
        k = _coefficient(ln, road)
    except _NoBasis as e:
        _missing(ctx, p, ln.area, e.cites, e.what)
        return None
    return _put_line(
        ln, code, area_status, put_fixed_term, base, increase, how, k, areas, bands, floor,
        floor_from,
    )  # fmt: skip


def _pricing_road(
    ln: _Line,
) -> tuple[str, str | None, Decimal, list[tuple[str, Decimal, str]], Any, tuple[str, ...]]:
    """Which road prices the parcel: the highest-priced road it fronts (NQ 19 Art. 6(1)),
    or an alley's highest road at the parcel's own position (Art. 6(2)). Returns the
    road, position, price, the other roads' VT1 prices, the floor road's price and the
    table's sources."""
    p, f, pack, lc, what = ln.p, ln.f, ln.pack, ln.lc, ln.what
    (_t,), t_missing, t_src = ln.ctx.params["land.segments"]
    ln.cites.extend(t_src)
    if p.segment is None:
        what.append(f"thửa {p.ref}: thiếu đoạn đường (parcels[].segment)")
    main = None if p.segment is None else pack.segment_price(lc, p.segment, p.position)
    if p.segment is not None and main is None:
        what.append(
            t_missing[0]
            if t_missing
            else f"bảng giá không có giá {lc} tại {p.segment} {p.position}"
        )
    road, position, price, row = p.segment, p.position, None, ""
    if main is not None:
        price, row = main
    others: list[tuple[str, Decimal, str]] = []
    for seg in f.other_segments:
        found = pack.segment_price(lc, seg, "VT1")
        if found is None:
            what.append(f"bảng giá không có giá {lc} VT1 của {seg} (parcels[].other_segments)")
            continue
        others.append((seg, found[0], found[1]))
        if price is not None and found[0] > price:
            road, position, price, row = seg, "VT1", found[0], found[1]
    for seg in f.alley_segments:
        found = pack.segment_price(lc, seg, p.position)
        if found is None:
            what.append(
                f"bảng giá không có giá {lc} {p.position} của {seg} (parcels[].alley_segments)"
            )
            continue
        if price is not None and found[0] > price:
            road, position, price, row = seg, p.position, found[0], found[1]
    floor_seg = None
    if f.floor_segment is not None:
        floor_seg = pack.segment_price(lc, f.floor_segment, "VT1")
        if floor_seg is None:
            what.append(f"bảng giá không có giá {lc} của {f.floor_segment} (floor_segment)")
    if what or price is None or road is None:
        raise _NoBasis(ln.cites, what or ["giá đất"])
    ln.cites.append(row)
    if road != p.segment:
        ln.notes.append(f"giá theo đường có giá cao nhất mà thửa đất tiếp giáp ({road})")
    return road, position, price, others, floor_seg, tuple(t_src)


def _separated(
    ln: _Line, road: str, position: str | None, price: Decimal, t_src: tuple[str, ...]
) -> tuple[Decimal, str | None]:
    """A parcel cut off from the road by water, a railway or its own farmland (NQ 19 Art.
    5(3),(5)): the 0.9 × VT1 rule is written for financial obligations, so whether it
    prices compensation is a person's decision, never applied silently. Returns the base
    price and the position it is at."""
    f = ln.f
    if f.separated_from_road is None:
        return price, position
    (ratio,), r_missing, r_src = ln.ctx.params["land.separated_parcel_ratio"]
    choice = ln.ask.choose(
        "separated",
        SEPARATED_OPTIONS,
        f"thửa đất bị ngăn cách với đường ({f.separated_from_road}): hệ số × giá VT1 "
        "chỉ quy định cho nghĩa vụ tài chính",
        tuple(r_src) or t_src,
    )
    if choice != "ratio_of_vt1":
        return price, position
    if ratio is None:
        raise ln.no_basis(r_src, r_missing)
    vt1 = ln.pack.segment_price(ln.lc, road, "VT1")
    if vt1 is None:
        raise _NoBasis(ln.cites, [f"giá {ln.lc} VT1 của {road}"])
    ln.cites.extend(r_src)
    ln.notes.append(f"{fmt_num(ratio)} × giá VT1 (ngăn cách với đường)")
    return vt1[0] * ratio, "VT1"


def _increase(ln: _Line, others: list[tuple[str, Decimal, str]]) -> tuple[Decimal, tuple[str, ...]]:
    """Several named roads: + a share of the highest road's price (NQ 19 Art. 6(3))."""
    p, pack = ln.p, ln.pack
    seg0 = p.segment or ""
    named = [seg0] if p.position == "VT1" and pack.segment_named(seg0) else []
    named += [s for s, _, _ in others if pack.segment_named(s) and s not in named]
    if len(named) < 2:
        return ZERO, ()
    (rule,), m_missing, m_src = ln.ctx.params["land.multiple_frontage"]
    if rule is None:
        raise ln.no_basis(m_src, m_missing)
    if len(named) < int(rule.get("min_named_roads", 2)):
        return ZERO, tuple(m_src)
    ln.cites.extend(m_src)
    return Decimal(rule["increase"]), tuple(m_src)


def _depth(
    ln: _Line, portion: Any, road: str, position: str | None, remainder: bool
) -> tuple[list[Decimal] | None, tuple[Band, ...]]:
    """Depth bands from the pricing road's corridor line (NQ 19 Art. 9(1),(4)): the area in
    each band, or None when the parcel is priced whole."""
    f, pack = ln.f, ln.pack
    if f.depth is None and not f.depth_areas:
        return None, ()
    (rule,), d_missing, d_src = ln.ctx.params["land.depth_bands"]
    if rule is None:
        raise ln.no_basis(d_src, d_missing)
    applies = position in (rule.get("positions") or ("VT1",)) and (
        pack.segment_named(road) or rule.get("named_roads_only") is False
    )
    if not applies:
        # e.g. NQ 19 Lào Cai Art. 6(4), 9(4): depth counts on named roads, at VT1 only.
        ln.notes.append(f"không tính theo chiều sâu ({position}, {road})")
        return None, ()
    bands = pack.depth_bands
    areas = _band_areas(ln.ctx, ln.ask, ln.p, portion, bands, list(d_src), ln.what, remainder)
    if areas is None:
        raise ln.no_basis(d_src, ln.what)
    ln.cites.extend(d_src)
    if all(a == 0 for a in areas[1:]) and bands[0][2] == 1:
        return None, ()  # all within the first band at the full price
    return areas, bands


def _floor(
    ln: _Line,
    road: str,
    position: str | None,
    others: list[tuple[str, Decimal, str]],
    floor_seg: Any,
    areas: list[Decimal] | None,
) -> tuple[Decimal, str]:
    """Never below another road the parcel fronts (NQ 19 Art. 6(1), 9(5)): the floor price
    and the road it comes from."""
    f = ln.f
    floor = ZERO
    floor_from = ""
    reduced = areas is not None or position != "VT1"
    candidates = [(s, v) for s, v, _ in others if s != road]
    if floor_seg is not None:
        candidates.append((f.floor_segment or "", floor_seg[0]))
    if candidates and reduced:
        (rule,), f_missing, f_src = ln.ctx.params["land.price_floor"]
        if rule is None:
            raise ln.no_basis(f_src, f_missing)
        for s, v in candidates:
            fronted = s != f.floor_segment
            if (rule.get("fronted_roads") if fronted else rule.get("local_other_roads")) and (
                v > floor
            ):
                floor, floor_from = v, s
        if floor:
            ln.cites.extend(f_src)
    elif areas is not None and not others and f.floor_segment is None:
        (rule,), _f_missing, f_src = ln.ctx.params["land.price_floor"]
        if rule is not None and rule.get("local_other_roads"):
            # Art. 9(5): a deep parcel on no other road may not fall below the "other
            # remaining roads" of its hamlet; which row that is, a person knows.
            ln.ask.choose(
                "depth_floor",
                FLOOR_OPTIONS,
                "giá từng phần theo chiều sâu không thấp hơn giá các tuyến đường khác còn lại "
                "trong tổ, thôn (chưa nhập parcels[].floor_segment)",
                tuple(f_src),
            )
    return floor, floor_from


def _increase_how(
    ln: _Line, increase: Decimal, m_src: tuple[str, ...], areas: list[Decimal] | None
) -> str:
    """With depth bands, whether the increase for several roads is on each band's price
    or on the VT1 price: a person's decision."""
    if not increase or areas is None:
        return "on_each_band"
    return ln.ask.choose(
        "frontage_increase",
        INCREASE_OPTIONS,
        f"tăng {fmt_num(increase * HUNDRED)}% theo giá đường cao nhất khi giá tính theo "
        "chiều sâu: trên giá từng phần hay trên giá VT1",
        m_src,
    )


def _coefficient(ln: _Line, road: str) -> Decimal:
    """The adjustment coefficient K of the land-use code on the pricing road."""
    k = ln.pack.adjustment_coefficient(ln.lc, road)
    (_k,), k_missing, k_src = ln.ctx.params["land.adjustment_coefficient"]
    ln.cites.extend(k_src)
    if k is None:
        raise _NoBasis(ln.cites, list(k_missing) or [f"hệ số K cho {ln.lc}"])
    return k


def _put_line(
    ln: _Line,
    code: str,
    area_status: str,
    put_fixed_term: Callable[[Ctx, Parcel, Decimal, Decimal, tuple[str, ...]], None],
    base: Decimal,
    increase: Decimal,
    how: str,
    k: Decimal,
    areas: list[Decimal] | None,
    bands: tuple[Band, ...],
    floor: Decimal,
    floor_from: str,
) -> int | None:
    """The amount, band by band, and its line (or the fixed-term line)."""
    p, area = ln.p, ln.area
    if areas is None:
        parts = [(area, Decimal(1), "")]
    else:
        parts = []
        for (start, end, ratio, _row), a in zip(bands, areas, strict=True):
            if a:
                span = (
                    f"{fmt_num(start)}–{fmt_num(end)} m"
                    if end is not None
                    else (f"trên {fmt_num(start)} m")
                )
                parts.append((a, ratio, span))
    total = ZERO
    shown: list[tuple[Decimal, Decimal, Decimal, str, bool]] = []
    for a, ratio, span in parts:
        unit = base * ratio
        unit += base * increase * (ratio if how == "on_each_band" else 1)
        floored = floor > unit
        if floored:
            unit = floor
        total += a * unit
        shown.append((a, ratio, unit, span, floored))
    amount = total * k
    if floor_from:
        ln.notes.append(f"không thấp hơn giá {money(floor)} đ/m² của {floor_from}")
    note = "; ".join(ln.notes)
    formula = _formula(base, increase, how, k, shown)
    cite_t = tuple(dict.fromkeys(ln.cites))
    ask = ln.ask
    status = NEEDS_CONFIRMATION if ask.open or area_status == NEEDS_CONFIRMATION else OK
    if p.term_years and p.remaining_years is not None and ln.lc not in ("ODT", "ONT"):
        put_fixed_term(ln.ctx, p, area, total / area * k if area else ZERO, cite_t)
        return None
    key = f"area:{p.ref}" if area_status == NEEDS_CONFIRMATION else None
    line = ln.ctx.add(
        code,
        quantity=area,
        unit="m²",
        unit_price=base,
        coefficient=k,
        amount=amount,
        formula=formula,
        citations=cite_t,
        ref=p.ref,
        status=status,
        decision_key=key,
        options=("measured", "certificate") if key else (),
        note=note,
        deductible=True,
    )
    if ask.open and line.status == OK:
        line.status = NEEDS_CONFIRMATION  # an open question on an info line above
    return line.amount


def _formula(
    base: Decimal,
    increase: Decimal,
    how: str,
    k: Decimal,
    shown: list[tuple[Decimal, Decimal, Decimal, str, bool]],
) -> Callable[[], str]:
    def text() -> str:
        terms = []
        for a, ratio, unit, span, floored in shown:
            if not span and not increase and not floored:
                terms.append(f"{fmt_num(a)} m² × {money(unit)} đ/m²")
                continue
            label = f"{span} " if span else ""
            detail = f"{fmt_num(ratio * HUNDRED)}% × {money(base)}" if span else money(base)
            if increase:
                inc = f"{fmt_num(increase * HUNDRED)}%"
                if not span:
                    detail = f"{detail} × (1 + {inc})"
                elif how == "on_each_band":
                    detail = f"({detail}) × (1 + {inc})"
                else:
                    detail = f"{detail} + {inc} × {money(base)}"
            if floored:
                detail = f"giá sàn (tính ra {detail})"
            terms.append(f"{label}{fmt_num(a)} m² × {money(unit)} đ/m² [{detail}]")
        body = " + ".join(terms)
        return f"({body}) × K {fmt_num(k)}" if len(terms) > 1 else f"{body} × K {fmt_num(k)}"

    return text


def _missing(ctx: Ctx, p: Parcel, area: Decimal, cites: list[str], what: list[str]) -> None:
    ctx.missing(
        "LAND",
        ref=p.ref,
        citations=tuple(dict.fromkeys(cites)),
        quantity=area,
        unit="m²",
        what=what,
    )


def _band_areas(
    ctx: Ctx,
    ask: _Ask,
    p: Parcel,
    portion: Any,
    bands: tuple[Band, ...],
    src: list[str],
    what: list[str],
    remainder: bool = False,
) -> list[Decimal] | None:
    """The portion's area in each depth band, to 0.01 m², adding up to the portion. For the
    remainder of a plot (Land Law Art. 91(7)): the whole plot's bands less the recovered."""
    f = p.frontage
    assert f is not None
    recovered = p.recovered_area
    dist = _recovered_dist(ask, p, bands, src, what)
    if dist is None:
        return None
    if remainder:
        whole = p.measured_area or p.certificate_area
        if f.depth is None or whole is None:
            what.append(
                f"thửa {p.ref}: giá phần còn lại theo chiều sâu cần chiều sâu của thửa "
                "(parcels[].depth)"
            )
            return None
        plot = _to_cents(_spread(whole, ZERO, f.depth, bands), whole)
        rest = [a - b for a, b in zip(plot, dist, strict=True)]
        if any(x < 0 for x in rest):
            what.append(
                f"thửa {p.ref}: diện tích thu hồi theo dải chiều sâu lớn hơn của cả thửa "
                "(parcels[].depth_areas, depth)"
            )
            return None
        return rest
    area = portion.area
    if area == recovered:
        return dist
    how = ask.choose(
        "depth_portion",
        PORTION_OPTIONS,
        f"phần {fmt_num(area)} m² (trong {fmt_num(recovered)} m² thu hồi) nằm ở dải chiều sâu "
        "nào: từ mặt tiền hay chia theo tỷ lệ",
        tuple(src),
    )
    if how == "proportional":
        return _to_cents([a * area / recovered for a in dist], area)
    # From the front for the first portion (e.g. residential land within the limit), from
    # the back for the rest of the plot.
    order = range(len(dist)) if not portion.with_residence else range(len(dist) - 1, -1, -1)
    out = [ZERO] * len(dist)
    left = area
    for j in order:
        take = min(left, dist[j])
        out[j], left = take, left - take
    return out


def _recovered_dist(
    ask: _Ask, p: Parcel, bands: tuple[Band, ...], src: list[str], what: list[str]
) -> list[Decimal] | None:
    """The recovered area in each depth band: measured (depth_areas), or from the depth of
    a regular plot and where the recovered strip lies."""
    f = p.frontage
    assert f is not None
    recovered = p.recovered_area
    dist = [ZERO] * len(bands)
    if f.depth_areas:
        # Measured on the map: each measured strip must lie within one band.
        for i, x in enumerate(f.depth_areas):
            j = _band_of(bands, x.from_m, x.to_m)
            if j is None:
                what.append(
                    f"thửa {p.ref}: depth_areas[{i}] {fmt_num(x.from_m)}–"
                    f"{'…' if x.to_m is None else fmt_num(x.to_m)} m nằm qua ranh giới của "
                    "các dải chiều sâu trong gói: đo tách diện tích tại ranh giới"
                )
                continue
            dist[j] += x.area
        return None if what else dist
    assert f.depth is not None
    depth = f.depth
    first_end = bands[0][1]
    if first_end is None or depth <= first_end:
        dist[0] = recovered
        return dist
    whole = p.measured_area or p.certificate_area or recovered
    if recovered >= whole:
        lo, hi = ZERO, depth
    else:
        strip = ask.choose(
            "depth_strip",
            STRIP_OPTIONS,
            f"phần thu hồi {fmt_num(recovered)} m² của thửa sâu {fmt_num(depth)} m "
            "nằm ở dải nào (mặt tiền, phía sau, suốt chiều sâu)",
            tuple(src),
            f.recovered_strip,
        )
        # A regular plot: the width is the whole area over the depth.
        length = recovered * depth / whole
        lo, hi = {
            "front": (ZERO, length),
            "rear": (depth - length, depth),
            "full_depth": (ZERO, depth),
        }[strip]
    return _to_cents(_spread(recovered, lo, hi, bands), recovered)


def _spread(total: Decimal, lo: Decimal, hi: Decimal, bands: tuple[Band, ...]) -> list[Decimal]:
    """`total` spread evenly over the depths lo–hi (a strip of even width), per band."""
    span = hi - lo
    out = [ZERO] * len(bands)
    for j, (start, end, _r, _row) in enumerate(bands):
        top = hi if end is None else min(hi, end)
        overlap = top - max(lo, start)
        if overlap > 0:
            out[j] = total * overlap / span
    return out


def _band_of(bands: tuple[Band, ...], lo: Decimal, hi: Decimal | None) -> int | None:
    for j, (start, end, _r, _row) in enumerate(bands):
        if lo >= start and (end is None or (hi is not None and hi <= end)):
            return j
    return None


def _to_cents(values: list[Decimal], total: Decimal) -> list[Decimal]:
    """Round to 0.01 m²; the deepest non-empty band takes what rounding left over, so the
    bands add up to the total exactly."""
    out = [v.quantize(CENT, ROUND_HALF_UP) for v in values]
    last = max((j for j, v in enumerate(values) if v > 0), default=0)
    out[last] = total - sum((v for j, v in enumerate(out) if j != last), ZERO)
    return out
