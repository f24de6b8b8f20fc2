"""Policy packs: what the law leaves to the province, as versioned YAML data.

A pack file looks like this (see gpmb/policy/packs/README.md for every key)::

    code: lao-cai-2026
    series: lao-cai            # packs of one series must not overlap in time
    title: ...
    valid_from: 2026-01-01
    valid_to: null
    extends: null              # or the code of a pack whose params this one overlays
    instruments: {qd18: {ref: "Quyết định 18/2025/QĐ-UBND", date: 2025-08-15}}
    params:
      graves.unit_prices:
        value: {earth: 18000000, built: 25000000}
        source: "QĐ 18/2025/QĐ-UBND, Điều 5, khoản 1"
      support.rice_price:
        missing: "Đơn giá gạo trung bình do UBND tỉnh ban hành (QĐ 18/2025 Điều 10 khoản 5)"
        source: "QĐ 18/2025/QĐ-UBND, Điều 10, khoản 5"

Every param carries its `source`; a param the law needs but the province has not given
(or we do not hold) is declared with `missing:` so the engine says so instead of guessing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .money import ROUNDING_MODES, Rounding, dec, fmt_num
from .payment import LATE_DAY_COUNTS
from .procedure import ProcedureTemplate, validate_procedure

PACKS_DIR = Path(__file__).resolve().parent.parent / "policy" / "packs"

# Land-use codes (Thông tư 08/2024/TT-BTNMT, Phụ lục; the codes used on cadastral maps).
AGRICULTURAL_CODES = frozenset(
    {
        "LUC",
        "LUK",
        "LUN",
        "LUA",
        "HNK",
        "BHK",
        "NHK",
        "CLN",
        "RSX",
        "RPH",
        "RDD",
        "NTS",
        "NKH",
        "LMU",
        "CNT",
    }
)
NON_AGRICULTURAL_CODES = frozenset(
    {
        "ODT",
        "ONT",
        "TMD",
        "SKC",
        "SKS",
        "SKN",
        "SKX",
        "TSC",
        "TSN",
        "DGD",
        "DYT",
        "DVH",
        "DTT",
        "DKH",
        "DXH",
        "DGT",
        "DTL",
        "DNL",
        "DBV",
        "DCH",
        "DKV",
        "DSH",
        "DRA",
        "DCK",
        "NTD",
        "TON",
        "TIN",
        "CQP",
        "CAN",
        "SON",
        "MNC",
        "PNK",
        "CSK",
        "DCS",
        "BCS",
        "NCS",
    }
)
LAND_USE_CODES = AGRICULTURAL_CODES | NON_AGRICULTURAL_CODES
RESIDENTIAL_CODES = frozenset({"ODT", "ONT"})


def land_group(code: str) -> str:
    """The group a province's land limits are set by: residential, agricultural or other
    non-agricultural land."""
    if code in RESIDENTIAL_CODES:
        return "residential"
    return "agricultural" if code in AGRICULTURAL_CODES else "non_agricultural"


_NUMERIC = re.compile(r"^-?\d+(\.\d+)?$")

POSITIONS = ("VT1", "VT2", "VT3", "VT4", "VT5")

# Every key the engine reads, with the shape its value must have. A key not listed here is
# a typo and is refused, so a misspelt price never silently becomes "missing".
PARAM_KEYS: dict[str, str] = {
    "land.agricultural_prices": "list",
    "land.agricultural_with_residence_addition": "money",
    "land.farmland_in_residential_plot_position": "str",
    "land.code_aliases": "mapping",
    "land.segments": "mapping",
    "land.position_factors": "mapping",
    "land.adjustment_coefficient": "mapping",
    "land.compensation_bases_issued_on": "bases_dates",
    "land.fixed_term_table_years": "number",
    "land.depth_bands": "mapping",
    "land.use_fee_over_limit": "mapping",
    "land.multiple_frontage": "mapping",
    "land.price_floor": "mapping",
    "land.separated_parcel_ratio": "number",
    "land.corridor_restriction": "mapping",
    "land.remaining_investment_undocumented": "str",
    "limits.minimum_parcel_area": "mapping",
    "limits.residential_recognition": "mapping",
    "limits.residential_allocation": "mapping",
    "limits.agricultural_allocation": "mapping",
    "limits.agricultural_reclaimed": "mapping",
    "structures.unit_prices": "mapping",
    "structures.location_coefficient": "mapping",
    "structures.other_topup_ratio": "number",
    "structures.other_floor_ratio": "number",
    "structures.unlawful_support": "mapping",
    "structures.substandard_compensation": "mapping",
    "structures.partial_house_compensation": "mapping",
    "structures.expired_permit_support_ratio": "number",
    "structures.power_corridor": "mapping",
    "structures.state_housing_repair_ratio": "number",
    "support.state_housing_self_arranged": "money",
    "forest.unit_prices": "mapping",
    "crops.unit_prices": "mapping",
    "crops.density_rule": "mapping",
    "graves.unit_prices": "mapping",
    "graves.self_relocation_support": "money",
    "livestock.cost_per_tonne": "money",
    "livestock.cost_per_tonne_by_distance": "list",
    "livestock.coefficients": "list",
    "moving.flat_rate": "mapping",
    "support.rice_price": "money",
    "support.life_stabilisation.below_30_months": "mapping",
    "support.life_stabilisation.residential_only_relocation_months": "number",
    "support.life_stabilisation.not_eligible": "mapping",
    "support.life_stabilisation.difficult_area_months": "mapping",
    "support.production.agricultural": "mapping",
    "support.production.business_ratio": "number",
    "support.production.business_flat_no_accounts": "money",
    "support.production.employee_months": "number",
    "support.production.contracted": "mapping",
    "support.production.employee_monthly_wage": "money",
    "support.job_conversion.multiple": "number",
    "support.job_conversion.multiple_by_commune_group": "list",
    "support.job_conversion.price_basis": "str",
    "support.rental": "mapping",
    "support.self_arranged": "mapping",
    "support.early_handover": "mapping",
    "support.uncompensated_land": "mapping",
    "resettlement.minimum_unit_area": "mapping",
    "resettlement.minimum_unit_price_basis": "str",
    "rounding": "mapping",
    "procedure.deadlines": "mapping",
    "payment.late_interest": "mapping",
    # Decree 88/2024 Art. 27(8): the province's norms for what organising the compensation
    # may cost — the decision that sets them, named; the estimate itself is made per plan.
    "budget.organisation_cost_norms": "str",
}

# Resolution 254 Art. 7(5): the bases the province issues for compensation at table × K
# (its Art. 3(6), 8): the land price table and the adjustment coefficient K.
COMPENSATION_BASES = ("price_table", "adjustment_coefficient")

# Params that are a share of a price or value: from 0 to 1 (0.8 = 80 %).
RATIO_KEYS = frozenset(
    {
        "structures.expired_permit_support_ratio",
        "structures.state_housing_repair_ratio",
        "structures.other_topup_ratio",
        "structures.other_floor_ratio",
        "support.production.business_ratio",
    }
)
# Inside a param, a key `ratio` or ending in `_ratio` is a share from 0 to 1 as well;
# except these, which are multiples: support.self_arranged.max_ratio caps the amount at
# a multiple of the base (Lào Cai QĐ 18/2025 Art. 17: 1.5 times).
MULTIPLE_KEYS = frozenset({"max_ratio"})
# A unit written with a plain digit where the superscript is meant: m2 is not m².
_PLAIN_UNITS = {"m2": "m²", "m3": "m³", "m^2": "m²", "m^3": "m³"}

# Land Law 2024 Art. 109(2)... Decree 88 Art. 22(3): job-conversion support ≤ 5 × price.
JOB_CONVERSION_MAX_MULTIPLE = Decimal(5)


class PackError(Exception):
    """A pack that cannot be used. `messages` name file, dotted path and value."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True, slots=True)
class Param:
    key: str
    value: Any
    source: str
    missing: str | None = None
    illustrative: bool = False

    @property
    def is_missing(self) -> bool:
        return self.missing is not None


class ParamLookup(dict[Any, tuple[tuple[Any, ...], tuple[str, ...], tuple[str, ...]]]):
    """`Pack.lookup` memoised behind a subscript: `m["a", "b"]` (or `m["a"]`) is
    `pack.lookup(("a", "b"))`; the hot path is a C-level dict hit, not a Python call."""

    __slots__ = ("_pack",)

    def __init__(self, pack: Pack) -> None:
        super().__init__()
        self._pack = pack

    def __missing__(
        self, keys: str | tuple[str, ...]
    ) -> tuple[tuple[Any, ...], tuple[str, ...], tuple[str, ...]]:
        hit = self._pack.lookup((keys,) if isinstance(keys, str) else tuple(keys))
        self[keys] = hit
        return hit


class Pack:
    """A loaded, validated, precompiled pack (after `extends` is resolved)."""

    def __init__(self, raw: dict[str, Any], name: str, params: dict[str, Param]) -> None:
        self.raw = raw
        self.name = name
        self.code: str = raw["code"]
        self.series: str = raw.get("series") or raw["code"]
        self.title: str = raw.get("title", "")
        self.valid_from: dt.date = raw["valid_from"]
        self.valid_to: dt.date | None = raw.get("valid_to")
        self.illustrative: bool = bool(raw.get("illustrative", False))
        # Numbers become Decimal once here, so rules never convert per line.
        self.params = {k: _with_decimals(p) for k, p in params.items()}
        self.digest = hashlib.sha256(_canonical(raw).encode("utf-8")).hexdigest()
        self._memo: dict[
            tuple[str, ...], tuple[tuple[Any, ...], tuple[str, ...], tuple[str, ...]]
        ] = {}
        # Rules memoise what depends only on the pack and a place or class (a price with
        # its citations), so 20,000 households on one road look it up once.
        self.cache: dict[tuple[Any, ...], Any] = {}
        # What rules read as ctx.params["a", "b"]: lookup(("a", "b")) by one dict subscript.
        self.param_lookup = ParamLookup(self)
        self._compile()

    # -- lookups -------------------------------------------------------------------------
    def param(self, key: str) -> Param | None:
        return self.params.get(key)

    def lookup(
        self, keys: tuple[str, ...]
    ) -> tuple[tuple[Any, ...], tuple[str, ...], tuple[str, ...]]:
        """Values of params (None when absent or missing), what is missing (for a line's
        note) and the sources (for its citations). Memoised: the pack never changes."""
        hit = self._memo.get(keys)
        if hit is not None:
            return hit
        values: list[Any] = []
        missing: list[str] = []
        sources: list[str] = []
        for key in keys:
            p = self.params.get(key)
            values.append(None if p is None or p.missing is not None else p.value)
            if p is None:
                missing.append(f"gói {self.code} thiếu tham số {key}")
            elif p.missing is not None:
                missing.append(f"{key}: {p.missing}")
                sources.append(p.source)
            else:
                sources.append(p.source + (" (minh họa)" if p.illustrative else ""))
        hit = self._memo[keys] = (tuple(values), tuple(missing), tuple(sources))
        return hit

    def minimum_parcel_area(self, code: str, commune_kind: str) -> Decimal | None:
        """Land Law 2024 Art. 91(7), 220(2): the province's minimum area of a parcel of
        land type `code` in a ward or a commune (`limits.minimum_parcel_area`, group →
        kind → m²); None where the pack does not give it. The one source of the rule:
        the engine's remainder line and the boundary overlay's flag both read it here."""
        key = ("minimum_parcel_area", land_group(code), commune_kind)
        if key not in self.cache:
            (table,), _missing, _sources = self.lookup(("limits.minimum_parcel_area",))
            value = (table or {}).get(key[1], {}).get(commune_kind)
            self.cache[key] = None if value is None else Decimal(str(value))
        minimum: Decimal | None = self.cache[key]
        return minimum

    def value(self, key: str) -> Any:
        """Value of a param that is present and not missing, else None."""
        p = self.params.get(key)
        return None if p is None or p.missing is not None else p.value

    def procedure(self) -> ProcedureTemplate | None:
        """The procedure template (`procedure.deadlines`), or None if the pack has none."""
        p = self.params.get("procedure.deadlines")
        if p is None or p.is_missing:
            return None
        return ProcedureTemplate.from_value(p.value)

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def _compile(self) -> None:
        """Turn tables into dicts once, so per-line work is a dict lookup."""
        aliases = self.value("land.code_aliases") or {}
        self.code_aliases: dict[str, str] = dict(aliases)
        self.agri_zones: list[
            tuple[frozenset[str], str | None, dict[str, dict[str, Decimal]], str]
        ] = []
        for zone in self.value("land.agricultural_prices") or []:
            applies = zone.get("applies_to", {})
            communes = frozenset(applies.get("communes", ()))
            kind = applies.get("kind")
            prices = {
                code: {pos: dec(v) for pos, v in by_pos.items()}
                for code, by_pos in zone["prices"].items()
            }
            self.agri_zones.append((communes, kind, prices, zone.get("row", zone.get("zone", ""))))
        self.segments: dict[str, dict[str, Any]] = self.value("land.segments") or {}
        pf = self.value("land.position_factors") or {}
        self.position_factors = {k: dec(v) for k, v in pf.items()}
        # Depth bands (e.g. NQ 19/2025 Lào Cai Art. 9(4)): (from m, until m or None, ratio,
        # row), in order from the road's corridor line.
        self.depth_bands: tuple[tuple[Decimal, Decimal | None, Decimal, str], ...] = ()
        depth = self.value("land.depth_bands")
        if depth is not None:
            start, out = Decimal(0), []
            for band in depth["bands"]:
                until = band.get("until_m")
                end = None if until is None else dec(until)
                out.append((start, end, dec(band["ratio"]), str(band.get("row", ""))))
                start = end if end is not None else start
            self.depth_bands = tuple(out)
        r = self.value("rounding") or {}
        self.line_rounding = Rounding(int(r.get("line_unit", 1)), r.get("mode", "half_up"))
        self.total_rounding = Rounding(int(r.get("total_unit", 1)), r.get("total_mode", "half_up"))

    def price_code(self, code: str) -> str:
        return self.code_aliases.get(code, code)

    def agricultural_price(
        self, code: str, commune: str, commune_kind: str, position: str | None
    ) -> tuple[Decimal, str] | None:
        """Table price (đồng/m²) of agricultural land and the table row it came from."""
        pcode = self.price_code(code)
        for communes, kind, prices, row in self.agri_zones:
            if (communes and commune in communes) or (not communes and kind == commune_kind):
                by_pos = prices.get(pcode)
                if by_pos is None:
                    return None
                price = by_pos.get(position) if position else None
                return None if price is None else (price, f"{row}, {pcode}, {position}")
        return None

    def segment_price(
        self, code: str, segment: str, position: str | None
    ) -> tuple[Decimal, str] | None:
        """Table price of non-agricultural land on a road segment at a position (VT1–VT4).

        A row may give a price per position, or the VT1 price only, in which case the
        pack's position factors give the others (e.g. NQ 19/2025 Lào Cai Art. 9(2)-(3)).
        """
        row = self.segments.get(segment)
        if row is None or position is None:
            return None
        pcode = self.price_code(code)
        price = row.get("prices", {}).get(pcode)
        if price is None:
            return None
        where = f"{row.get('row', segment)}, {pcode}, {position}"
        if isinstance(price, Mapping):
            p = price.get(position)
            return None if p is None else (dec(p), where)
        factor = self.position_factors.get(position)
        if factor is None:
            return None
        return dec(price) * factor, where

    def only_position(
        self, code: str, commune: str, commune_kind: str, segment: str | None
    ) -> str | None:
        """The position a parcel of `code` there must have when the table gives that place
        a single one (e.g. NQ 19/2025 Lào Cai Annex I: one price for farmland in the
        wards); None when the position matters and must be given."""
        pcode = self.price_code(code)
        if code in AGRICULTURAL_CODES:
            for communes, kind, prices, _row in self.agri_zones:
                if (communes and commune in communes) or (not communes and kind == commune_kind):
                    by_pos = prices.get(pcode) or {}
                    return next(iter(by_pos)) if len(by_pos) == 1 else None
            return None
        row = self.segments.get(segment or "")
        price = None if row is None else row.get("prices", {}).get(pcode)
        if isinstance(price, Mapping):
            return next(iter(price)) if len(price) == 1 else None
        if price is not None and not self.position_factors:
            return "VT1"  # a VT1 price and no factors for other positions
        return None

    def segment_named(self, segment: str) -> bool:
        """A road with its own name in the table, not "the other remaining roads" (e.g.
        NQ 19/2025 Lào Cai Art. 5(1)(c),(d)): rows say `named: false` for the latter."""
        row = self.segments.get(segment)
        return row is not None and row.get("named", True) is not False

    def land_price(
        self, code: str, commune: str, commune_kind: str, position: str | None, segment: str | None
    ) -> tuple[Decimal, str] | None:
        if code in AGRICULTURAL_CODES:
            return self.agricultural_price(code, commune, commune_kind, position)
        if segment is None:
            return None
        return self.segment_price(code, segment, position)

    def adjustment_coefficient(self, code: str, segment: str | None) -> Decimal | None:
        k = self.value("land.adjustment_coefficient")
        if k is None:
            return None
        if segment and segment in k.get("by_segment", {}):
            return dec(k["by_segment"][segment])
        by_code = k.get("by_code", {})
        if code in by_code:
            return dec(by_code[code])
        if "default" in k:
            return dec(k["default"])
        return None


def _with_decimals(p: Param) -> Param:
    if p.missing is not None:
        return p
    return Param(p.key, _decimals(p.value), p.source, p.missing, p.illustrative)


def _decimals(value: Any, key: str = "") -> Any:
    if isinstance(value, bool) or value is None or key in _TEXT_KEYS:
        return value
    if isinstance(value, (int, float)):
        return dec(value)
    if isinstance(value, str):
        try:
            return Decimal(value) if _NUMERIC.match(value) else value
        except ArithmeticError:
            return value
    if isinstance(value, dict):
        return {k: _decimals(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_decimals(v) for v in value]
    return value


# -- loading -----------------------------------------------------------------------------


def _canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available
_CACHE: dict[tuple[str, int, int], Pack] = {}


def load_pack(path: str | Path) -> Pack:
    """Load a pack file. Packs are immutable, so a file unchanged since its last load
    (same path, size and mtime) is served from memory."""
    p = Path(path)
    try:
        st = p.stat()
        key = (str(p.resolve()), st.st_mtime_ns, st.st_size)
        if key in _CACHE:
            return _CACHE[key]
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise PackError([f"{p}: cannot read: {exc}"]) from None
    pack = load_pack_text(text, str(p), base_dir=p.parent)
    _CACHE[key] = pack
    return pack


def load_pack_text(text: str, name: str, base_dir: Path | None = None) -> Pack:
    try:
        raw = yaml.load(text, Loader=_SafeLoader)  # a safe loader (CSafeLoader or SafeLoader)
    except yaml.YAMLError as exc:
        raise PackError([f"{name}: not valid YAML: {exc}"]) from None
    errors = validate_raw(raw, name)
    if errors:
        raise PackError(errors)
    params = _params(raw, name)
    if raw.get("extends"):
        parent = find_pack(raw["extends"], base_dir=base_dir)
        merged = dict(parent.params)
        merged.update(params)
        params = merged
        raw = {**raw, "_extends_digest": parent.digest}
    return Pack(raw, name, params)


def _params(raw: dict[str, Any], name: str) -> dict[str, Param]:
    illustrative = bool(raw.get("illustrative", False))
    out: dict[str, Param] = {}
    for key, entry in (raw.get("params") or {}).items():
        out[key] = Param(
            key=key,
            value=entry.get("value"),
            source=str(entry["source"]),
            missing=entry.get("missing"),
            illustrative=illustrative or bool(entry.get("illustrative", False)),
        )
    return out


def find_pack(code: str, base_dir: Path | None = None) -> Pack:
    """Find a shipped pack by code (file `<code>.yaml` in gpmb/policy/packs/) or by path."""
    as_path = Path(code)
    if as_path.suffix in (".yaml", ".yml") and as_path.exists():
        return load_pack(as_path)
    for folder in (base_dir, PACKS_DIR):
        if folder is None:
            continue
        candidate = folder / f"{code}.yaml"
        if candidate.exists():
            return load_pack(candidate)
    raise PackError([f"{code}: no pack with this code in {PACKS_DIR}"])


def load_pack_dir(folder: str | Path = PACKS_DIR) -> list[Pack]:
    """Load every pack of a folder and refuse overlapping validity within a series."""
    packs = [load_pack(p) for p in sorted(Path(folder).glob("*.yaml"))]
    errors = check_overlaps(packs)
    if errors:
        raise PackError(errors)
    return packs


def check_overlaps(packs: Iterable[Pack]) -> list[str]:
    errors = []
    by_series: dict[str, list[Pack]] = {}
    for pack in packs:
        by_series.setdefault(pack.series, []).append(pack)
    for series, members in by_series.items():
        members.sort(key=lambda p: p.valid_from)
        for a, b in itertools.pairwise(members):
            if a.valid_to is None or a.valid_to >= b.valid_from:
                errors.append(
                    f"{b.name}: valid_from = {b.valid_from} overlaps {a.name} "
                    f"(series {series!r}, valid_to = {a.valid_to or 'open'})"
                )
    return errors


# -- validation --------------------------------------------------------------------------

_TOP_KEYS = {
    "code",
    "series",
    "title",
    "jurisdiction",
    "valid_from",
    "valid_to",
    "extends",
    "illustrative",
    "instruments",
    "params",
    "notes",
}


def validate_raw(raw: Any, name: str) -> list[str]:
    """All problems of a pack file at once, each naming file, dotted path and value."""
    errs: list[str] = []

    def err(path: str, value: Any, problem: str) -> None:
        errs.append(f"{name}: {path} = {value!r}: {problem}")

    if not isinstance(raw, dict):
        return [f"{name}: the file must be a mapping, got {type(raw).__name__}"]
    for key in raw:
        if key not in _TOP_KEYS:
            err(key, raw[key], "unknown top-level key")
    if not isinstance(raw.get("code"), str) or not raw.get("code"):
        err("code", raw.get("code"), "required text")
    vf, vt = raw.get("valid_from"), raw.get("valid_to")
    if not isinstance(vf, dt.date):
        err("valid_from", vf, "required date (YYYY-MM-DD)")
    if vt is not None and not isinstance(vt, dt.date):
        err("valid_to", vt, "must be a date or null")
    if isinstance(vf, dt.date) and isinstance(vt, dt.date) and vt < vf:
        err("valid_to", vt, f"is before valid_from {vf}")
    instruments = raw.get("instruments") or {}
    if not isinstance(instruments, dict):
        err("instruments", instruments, "must be a mapping id -> {ref, date}")
    params = raw.get("params")
    if not isinstance(params, dict):
        err("params", params, "required mapping of dotted keys")
        return errs
    for key, entry in params.items():
        path = f"params.{key}"
        if key not in PARAM_KEYS:
            err(path, entry, "unknown param key")
            continue
        if not isinstance(entry, dict):
            err(path, entry, "must be a mapping with value/missing and source")
            continue
        source = entry.get("source")
        if not isinstance(source, str) or not source.strip():
            err(f"{path}.source", source, "every value needs its source (instrument, article)")
        has_value, has_missing = "value" in entry, "missing" in entry
        if has_value == has_missing:
            err(path, entry, "exactly one of 'value' or 'missing' is required")
            continue
        if has_missing:
            if not isinstance(entry["missing"], str) or not entry["missing"].strip():
                err(f"{path}.missing", entry["missing"], "say what is missing and where from")
            continue
        _check_shape(key, entry["value"], f"{path}.value", err)
        _check_numbers(entry["value"], f"{path}.value", err)
        _check_nested(entry["value"], f"{path}.value", err)
        _check_codes(key, entry["value"], f"{path}.value", err)
    return errs


def _check_shape(key: str, value: Any, path: str, err: Any) -> None:
    shape = PARAM_KEYS[key]
    ok = {
        "list": isinstance(value, list),
        "mapping": isinstance(value, dict),
        "money": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, (int, float, str)) and not isinstance(value, bool),
        "str": isinstance(value, str),
        "date": isinstance(value, dt.date),
        # The day each basis was issued (null: not issued or not known), or one date for all.
        "bases_dates": isinstance(value, dt.date)
        or (
            isinstance(value, dict)
            and bool(value)
            and set(value) <= set(COMPENSATION_BASES)
            and all(v is None or isinstance(v, dt.date) for v in value.values())
        ),
    }[shape]
    if not ok:
        err(path, value, f"must be a {shape}")
        return
    if shape == "number":
        try:
            dec(value)
        except (ValueError, TypeError):
            err(path, value, "not a number")
    # Land Law 2024 Art. 109; Decree 88/2024 Art. 22(3): at most 5 times the price.
    if key == "support.job_conversion.multiple" and dec(value) > JOB_CONVERSION_MAX_MULTIPLE:
        err(path, value, "job-conversion multiple may not exceed 5 (Decree 88 Art. 22)")
    if key == "rounding" and ok:
        for mk in ("mode", "total_mode"):
            if mk in value and value[mk] not in ROUNDING_MODES:
                err(f"{path}.{mk}", value[mk], f"one of {sorted(ROUNDING_MODES)}")
    if key == "land.position_factors" and ok:
        for pos in value:
            if pos not in POSITIONS:
                err(f"{path}.{pos}", pos, f"position must be one of {POSITIONS}")
    if key == "land.depth_bands" and ok:
        _check_depth_bands(value, path, err)
    if key == "land.multiple_frontage" and ok:
        inc, roads = value.get("increase"), value.get("min_named_roads", 2)
        if not _is_ratio(inc) or dec(inc) == 0:
            err(f"{path}.increase", inc, "a ratio above 0 and at most 1 (0.1 = 10 %)")
        if isinstance(roads, bool) or not isinstance(roads, int) or roads < 2:
            err(f"{path}.min_named_roads", roads, "an integer of at least 2")
    if key == "land.price_floor" and ok:
        for k, v in value.items():
            if k not in ("fronted_roads", "local_other_roads"):
                err(f"{path}.{k}", v, "unknown key (fronted_roads, local_other_roads)")
            elif not isinstance(v, bool):
                err(f"{path}.{k}", v, "must be true or false")
    if key == "support.life_stabilisation.not_eligible" and ok:
        # Months by share of agricultural land lost (Decree 88 Art. 19(1)(a), 19(2)).
        for band, months in value.items():
            if band not in ("below_30", "30_70", "above_70"):
                err(f"{path}.{band}", band, "a band: below_30, '30_70' (quoted), above_70")
            elif not isinstance(months, dict) or set(months) - {
                "stay",
                "relocate",
                "relocate_difficult",
            }:
                err(f"{path}.{band}", months, "months {stay, relocate, relocate_difficult}")
    # Decree 88 Art. 20(4): the stoppage allowance runs for at most 6 months.
    if key == "support.production.employee_months" and ok:
        try:
            too_long = dec(value) > 6
        except (ValueError, TypeError):
            too_long = False  # reported above as "not a number"
        if too_long:
            err(path, value, "at most 6 months (Decree 88 Art. 20(4))")
    if key == "support.production.contracted" and ok:
        if not _is_ratio(value.get("price_ratio")):
            err(f"{path}.price_ratio", value.get("price_ratio"), "a ratio of the table price, 0-1")
        for k in value:
            if k not in ("price_ratio", "max_area_per_project", "max_area_total"):
                err(f"{path}.{k}", value[k], "unknown key")
    if key == "land.corridor_restriction" and ok:
        for k, v in value.items():
            if k == "price_basis":
                if v not in ("table_x_k", "specific"):
                    err(f"{path}.{k}", v, "table_x_k or specific")
            elif k in (
                "residential",
                "non_agricultural",
                "annual",
                "aquaculture",
                "perennial",
                "forest",
                "house_not_eligible",
            ):
                if not _is_ratio(v):
                    err(f"{path}.{k}", v, "a ratio of the land price, 0-1")
            elif k != "row":
                err(f"{path}.{k}", v, "unknown key (a land group, price_basis, row)")
    if key == "procedure.deadlines" and ok:
        validate_procedure(value, path, err)
    if key == "payment.late_interest" and ok:
        # Land Law 2024 Art. 94(3)(b): a daily rate and how the days late are counted.
        if not _is_ratio(value.get("rate")):
            err(f"{path}.rate", value.get("rate"), "a daily rate from 0 to 1 (0.0003 = 0.03 %)")
        if value.get("day_count") not in LATE_DAY_COUNTS:
            err(f"{path}.day_count", value.get("day_count"), f"one of {sorted(LATE_DAY_COUNTS)}")
        for k in value:
            if k not in ("rate", "day_count"):
                err(f"{path}.{k}", value[k], "unknown key (rate, day_count)")
    if key in RATIO_KEYS and not _is_ratio(value):
        err(path, value, "a ratio from 0 to 1 (0.8 = 80 %)")
    if key == "land.separated_parcel_ratio" and not _is_ratio(value):
        err(path, value, "a ratio above 0 and at most 1")
    if key == "crops.density_rule" and ok:
        _check_density_rule(value, path, err)
    if key == "crops.unit_prices" and ok:
        for species, row in value.items():
            if isinstance(row, dict) and "tolerance" in row and not _is_ratio(row["tolerance"]):
                err(f"{path}.{species}.tolerance", row["tolerance"], "a ratio from 0 to 1")
    if key == "livestock.cost_per_tonne_by_distance" and ok:
        _check_distance_bands(value, path, err)
    if key == "support.job_conversion.multiple_by_commune_group" and ok:
        _check_commune_groups(value, path, err)


DENSITY_RULE_KEYS = frozenset(
    {
        "tolerance",
        "within_ratio",
        "beyond_ratio",
        "reading",
        "no_norm_ratio",
        "shared_budget_per_m2",
    }
)


def _check_density_rule(value: dict[str, Any], path: str, err: Any) -> None:
    """Decree 88 Art. 14a leaves trees above the density norm to the province: a
    tolerance band (per species, or one for all) or one shared budget per parcel."""
    for k in value:
        if k not in DENSITY_RULE_KEYS:
            err(f"{path}.{k}", value[k], f"unknown key ({', '.join(sorted(DENSITY_RULE_KEYS))})")
    shared = value.get("shared_budget_per_m2")
    # With a shared budget, a species with its own norm may carry its own tolerance.
    needed = ("within_ratio", "beyond_ratio") + (() if shared is not None else ("tolerance",))
    for k in needed:
        if k not in value:
            err(f"{path}.{k}", None, "required")
    if shared is not None and (not _is_number(shared) or dec(shared) <= 0):
        err(f"{path}.shared_budget_per_m2", shared, "trees per m² of the parcel, above 0")
    if "tolerance" in value and not _is_ratio(value["tolerance"]):
        err(f"{path}.tolerance", value["tolerance"], "a ratio from 0 to 1 (0.3 = 30 %)")
    if value.get("reading") not in (None, "tiered", "all_excess"):
        err(f"{path}.reading", value["reading"], "tiered or all_excess")


def _check_distance_bands(value: list[Any], path: str, err: Any) -> None:
    """Livestock moving cost per tonne by distance: bands in increasing `up_to_km`, only
    the last open-ended."""
    last = Decimal(0)
    for i, band in enumerate(value):
        where = f"{path}[{i}]"
        if not isinstance(band, dict):
            err(where, band, "a mapping {up_to_km, per_tonne}")
            continue
        cost = band.get("per_tonne")
        if isinstance(cost, bool) or not isinstance(cost, int) or cost < 0:
            err(f"{where}.per_tonne", cost, "đồng per tonne, a whole number ≥ 0")
        top = band.get("up_to_km")
        if top is None:
            if i != len(value) - 1:
                err(f"{where}.up_to_km", top, "only the last band may be open-ended")
        elif not _is_number(top) or dec(top) <= last:
            err(f"{where}.up_to_km", top, f"a distance in km above {fmt_num(last)}")
        else:
            last = dec(top)


def _check_commune_groups(value: list[Any], path: str, err: Any) -> None:
    """Job-conversion multiples by commune group: each group names its communes, its
    multiple at most 5 (Decree 88 Art. 22(3)); a commune is in one group only."""
    seen: dict[str, str] = {}
    for i, group in enumerate(value):
        where = f"{path}[{i}]"
        if not isinstance(group, dict) or not isinstance(group.get("group"), str):
            err(where, group, "a mapping {group, multiple, communes}")
            continue
        multiple = group.get("multiple")
        if not _is_number(multiple) or not 0 < dec(multiple) <= JOB_CONVERSION_MAX_MULTIPLE:
            err(f"{where}.multiple", multiple, "above 0 and at most 5 (Decree 88 Art. 22)")
        communes = group.get("communes")
        if not isinstance(communes, list) or not communes:
            err(f"{where}.communes", communes, "a list of commune codes")
            continue
        for commune in communes:
            if commune in seen:
                err(f"{where}.communes", commune, f"already in group {seen[commune]}")
            seen[str(commune)] = group["group"]


def _is_ratio(v: Any) -> bool:
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        return False
    try:
        return Decimal(0) <= dec(v) <= 1
    except (ValueError, TypeError):
        return False


def _check_depth_bands(value: dict[str, Any], path: str, err: Any) -> None:
    """Depth bands measured from the road's corridor line: `bands` in order, each
    `{until_m, ratio, row}`; only the last may be open (`until_m: null`)."""
    for k in value:
        if k not in ("bands", "positions", "named_roads_only"):
            err(f"{path}.{k}", value[k], "unknown key (bands, positions, named_roads_only)")
    for pos in value.get("positions") or ():
        if pos not in POSITIONS:
            err(f"{path}.positions", pos, f"position must be one of {POSITIONS}")
    if not isinstance(value.get("named_roads_only", True), bool):
        err(f"{path}.named_roads_only", value["named_roads_only"], "must be true or false")
    bands = value.get("bands")
    if not isinstance(bands, list) or not bands:
        err(f"{path}.bands", bands, "a non-empty list of {until_m, ratio, row}")
        return
    last = Decimal(0)
    for i, band in enumerate(bands):
        where = f"{path}.bands[{i}]"
        if not isinstance(band, dict):
            err(where, band, "must be a mapping {until_m, ratio, row}")
            continue
        if not _is_ratio(band.get("ratio")):
            err(f"{where}.ratio", band.get("ratio"), "a ratio from 0 to 1 of the VT1 price")
        until = band.get("until_m")
        if until is None:
            if i != len(bands) - 1:
                err(f"{where}.until_m", until, "only the last band may be open-ended")
            continue
        try:
            limit = dec(until)
        except (ValueError, TypeError):
            err(f"{where}.until_m", until, "a depth in metres")
            continue
        if limit <= last:
            err(f"{where}.until_m", until, f"must be deeper than the band before ({last} m)")
        else:
            last = limit


_TEXT_KEYS = {
    "row",
    "title",
    "unit",
    "road",
    "from",
    "to",
    "commune",
    "zone",
    "group",
    "subgroup",
    "kind",
    "note",
    "name",
    "illustrative_note",
}


def _check_numbers(value: Any, path: str, err: Any) -> None:
    """No negative number anywhere; numeric-looking text must parse."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, (int, float)):
        if value < 0:
            err(path, value, "negative values are not allowed")
        return
    if isinstance(value, dict):
        for k, v in value.items():
            if k in _TEXT_KEYS:
                continue
            _check_numbers(v, f"{path}.{k}", err)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_numbers(v, f"{path}[{i}]", err)


def _check_nested(value: Any, path: str, err: Any) -> None:
    """What would break or bend a computation anywhere inside a param: a share above 100 %,
    a depreciation period of 0 (G1/T), a unit written m2 for m²."""
    if isinstance(value, list):
        for i, v in enumerate(value):
            _check_nested(v, f"{path}[{i}]", err)
        return
    if not isinstance(value, dict):
        return
    for k, v in value.items():
        where = f"{path}.{k}"
        if isinstance(k, str) and (k == "ratio" or k.endswith("_ratio")) and k not in MULTIPLE_KEYS:
            if not _is_ratio(v):
                err(where, v, "a ratio from 0 to 1 (0.8 = 80 %)")
        elif k == "depreciation_years":
            if not _is_number(v) or dec(v) <= 0:
                err(where, v, "a useful life in years above 0 (Decree 88 Art. 14(1)(b): G1/T)")
        elif k == "unit" and isinstance(v, str) and v.strip().lower() in _PLAIN_UNITS:
            err(where, v, f"write {_PLAIN_UNITS[v.strip().lower()]}, not {v}")
        else:
            _check_nested(v, where, err)


def _is_number(v: Any) -> bool:
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        return False
    try:
        return dec(v).is_finite()
    except (ValueError, TypeError, ArithmeticError):
        return False


def _check_codes(key: str, value: Any, path: str, err: Any) -> None:
    """Land-use codes used as keys must exist."""

    def check(code: Any, where: str) -> None:
        if code not in LAND_USE_CODES:
            err(where, code, "unknown land-use code")

    if key == "land.code_aliases":
        for k, v in value.items():
            check(k, f"{path}.{k}")
            check(v, f"{path}.{k}")
    elif key == "land.agricultural_prices":
        for i, zone in enumerate(value):
            if not isinstance(zone, dict) or not isinstance(zone.get("prices"), dict):
                err(f"{path}[{i}]", zone, "a zone needs applies_to and prices")
                continue
            for code in zone["prices"]:
                check(code, f"{path}[{i}].prices.{code}")
    elif key == "land.segments":
        for sid, row in value.items():
            if not isinstance(row, dict) or not isinstance(row.get("prices"), dict):
                err(f"{path}.{sid}", row, "a segment needs prices")
                continue
            for code in row["prices"]:
                check(code, f"{path}.{sid}.prices.{code}")
    elif key == "support.production.agricultural":
        for code in value.get("rates") or {}:
            if code != "default":
                check(code, f"{path}.rates.{code}")
    elif key == "land.adjustment_coefficient":
        for code in value.get("by_code") or {}:
            check(code, f"{path}.by_code.{code}")
