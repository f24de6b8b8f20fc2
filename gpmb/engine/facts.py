"""The facts of one case (one household in one batch), parsed strictly from JSON.

The format is documented in docs/compute-case-format.md. Numbers may be JSON numbers or
strings ("118.25"); money is integer đồng. Dates are ISO (YYYY-MM-DD). Missing optional
values stay None: a rule that needs one says so in its line instead of crashing.
"""

from __future__ import annotations

import datetime as dt
import gc
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from .money import dec
from .pack import (
    AGRICULTURAL_CODES,
    LAND_USE_CODES,
    NON_AGRICULTURAL_CODES,
    POSITIONS,
    RESIDENTIAL_CODES,
)


class FactsError(Exception):
    """Bad input facts. `messages` name the JSON path and the value."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


ORIGINS = (
    "certificate",  # certificate or Art. 137 papers (Land Law 2024 Art. 95)
    "no_papers",  # used without papers, no violation (Decree 88 Art. 8, 12(1), 13)
    "violation",  # used in violation of land law (Decree 88 Art. 9, 12(2), 13)
    "unauthorised_allocation",  # allocated without authority (Decree 88 Art. 10, 12(3), 13)
    "state_free_allocation",  # Land Law 2024 Art. 101: no land compensation
    "annual_lease",
    "public_land",
    "contracted",
    "not_eligible",
    "allocated_above_limit",  # farmland allocated above the Art. 176 limit (LL Art. 107(1)(e))
    "transfer_above_limit",  # received by transfer above the limit (Decree 88 Art. 12(5))
    "budget_funded",  # organisation whose fee or one-off rent came from the state budget
)
# Origins a transferor may have had (Decree 88 Art. 12(5)(a): Land Law Art. 95(2) papers;
# 12(5)(b): the cases of Art. 12(1)-(4)).
TRANSFEROR_ORIGINS = ("certificate", "no_papers", "violation", "unauthorised_allocation")


@dataclass(slots=True)
class Member:
    id: str
    name: str = ""
    counts_for_support: bool = True  # Decree 88 Art. 19(1)(d), as amended by Decree 226
    direct_farmer: bool = False  # Decree 88 Art. 22(1)
    # Land Law 2024 Art. 109(1)(b): social-protection beneficiary, war invalid, martyr's family.
    social_protection: bool = False
    # Decree 88 Art. 25(4): this co-holder's agreed share of the money (0-1), if recorded.
    share: Decimal | None = None


# Where a recovered strip lies on a plot priced by depth from the road (e.g. NQ 19/2025
# Lào Cai Art. 9(4)): along the road, at the back, or across the whole depth.
STRIPS = ("front", "rear", "full_depth")
# Why a parcel does not touch the corridor line of the road it takes its position from
# (NQ 19/2025 Lào Cai Art. 5(3), 5(5)).
SEPARATIONS = ("waterway_or_railway", "own_agricultural_land")


@dataclass(slots=True)
class DepthArea:
    """Recovered area lying between two depths from the road's corridor line, measured on
    the cadastral map (`to_m` None: everything deeper than `from_m`)."""

    from_m: Decimal
    to_m: Decimal | None
    area: Decimal


@dataclass(slots=True)
class Frontage:
    """How a parcel lies on its roads, for the province's price rules (e.g. NQ 19/2025 Lào
    Cai Art. 5, 6, 9). JSON keys of the same names sit on the parcel itself."""

    depth: Decimal | None = None  # depth of a regular plot from the road's corridor line, m
    recovered_strip: str | None = None  # one of STRIPS, when only part of the plot is taken
    # Tuples, not lists: an empty default is shared.
    depth_areas: tuple[DepthArea, ...] = ()  # measured, adding up to the recovered area
    other_segments: tuple[str, ...] = ()  # other roads the parcel fronts
    alley_segments: tuple[str, ...] = ()  # other roads its alley joins
    floor_segment: str | None = None  # "other remaining roads" row of its hamlet (Art. 9(5))
    separated_from_road: str | None = None  # one of SEPARATIONS


_NO_FRONTAGE = Frontage()


@dataclass(slots=True)
class Parcel:
    ref: str
    land_use_code: str
    recovered_area: Decimal
    commune: str = ""
    commune_kind: str = "ward"  # "ward" (phường) or "commune" (xã)
    certificate_area: Decimal | None = None
    measured_area: Decimal | None = None
    area_dispute: bool = False
    origin: str = "certificate"
    stable_use_from: dt.date | None = None
    payment_proven: bool = False
    house_footprint: Decimal | None = None
    remainder_code: str | None = None
    # Position in the price table; None = not given, which prices the land only where the
    # table has a single position at that place (otherwise the line is missing_basis).
    position: str | None = None
    segment: str | None = None
    with_residence: bool = False  # agricultural land in a plot with a house (price addition)
    remainder_recovery: bool | None = None  # Land Law 2024 Art. 91(7): the user agrees?
    term_years: Decimal | None = None  # fixed-term land (Decree 88 Art. 13(7))
    remaining_years: Decimal | None = None
    # Decree 88 Art. 8(1)-(3)(c): recovered area of a residential plot without papers used
    # for non-agricultural production, business, trade or services, and its land-use code.
    business_area: Decimal | None = None
    business_code: str | None = None
    # Decree 88 Art. 18: area inside a safety corridor (not recovered, use restricted) and
    # the land-use code it must change to (None: purpose unchanged, use restricted).
    corridor_area: Decimal | None = None
    corridor_new_code: str | None = None
    # Decree 88 Art. 25(3): land-use fee or rent payable as if certified at plan approval
    # (đồng, under the land-use fee law) for land compensated without a certificate.
    certification_fee: int | None = None
    # Frontage and depth facts, None for the usual parcel (one test on the hot path).
    frontage: Frontage | None = None
    # origin transfer_above_limit (Decree 88 Art. 12(5)): when the land was received and
    # the transferor's origin (one of TRANSFEROR_ORIGINS).
    transferred_on: dt.date | None = None
    transferor_origin: str | None = None
    # Decree 88 Art. 18(3): the remainder outside a corridor over more than 70 % of a plot
    # with a structure can still carry a structure under the specialised law (None: ask).
    remainder_buildable: bool | None = None
    # Decree 88 Art. 24(3): in-place resettlement by moving the residential land to the
    # back of the plot: the land-use code of that farmland, the household having agreed to
    # be compensated for the recovered residential area as farmland.
    in_place_farmland_code: str | None = None


@dataclass(slots=True)
class Item:
    id: str
    kind: str  # structure | tree | crop | grave | livestock | moving | business |
    #            remaining_investment | movable_plant | forest | state_housing
    parcel_ref: str = ""
    species: str = ""  # tree/crop species, structure class, grave type, livestock group
    subgroup: str = ""
    quantity: Decimal = Decimal(0)
    area: Decimal | None = None
    category: str = "other"  # structure: house | other | infrastructure
    built_on: dt.date | None = None
    planted_on: dt.date | None = None
    lawful: bool = True
    on_residential_land_without_permit: bool = False
    violation_handled: bool = False
    demolition: str = "full"  # full | partial
    remainder_meets_standard: bool = False
    meets_standard: bool | None = None  # meets specialised-law technical standards
    demolished_quantity: Decimal | None = None
    repair_cost: int | None = None
    years_used: Decimal | None = None
    weight_kg: Decimal | None = None
    count: int = 1
    self_relocated: bool = False
    estimate: int | None = None  # an approved cost estimate in đồng (moving)
    avg_after_tax_income: int | None = None  # business
    has_accounts: bool = True
    registered: bool = False
    employees: int = 0  # business: employees with labour contracts (Decree 88 Art. 20(4))
    costs: int | None = None  # remaining investment P1+P2+P3+P4
    t1_years: Decimal | None = None
    t2_years: Decimal | None = None
    # Found by the census to be created after the recovery notice (dated after the
    # round's cut-off, or first found in a supplementary round without a date) and not
    # admitted by an officer: Land Law 2024 Art. 105(2), nothing is paid for it.
    after_cutoff: bool = False
    # Land Law 2024 Art. 105(3): built under a time-limited building permit that has
    # expired by the time of recovery (support to dismantle, not compensation).
    permit_expired: bool = False
    # movable_plant: the actual damage of moving and replanting (Land Law Art. 103(3)).
    damage: int | None = None
    # remaining_investment: proven by the papers of Decree 88 Art. 17(3) (false: Art. 17(5)).
    documented: bool = True


@dataclass(slots=True)
class OtherSupport:
    code: str
    title: str
    amount: int
    basis: str = ""


@dataclass(slots=True)
class AgreedAverage:
    """Decree 49/2026 Art. 3(4), for the remaining land of a project built on agreements
    (Resolution 254 Art. 3(7)): per m² of one land-use code, the average agreed price Ttb
    and the plan's amount Tpa."""

    land_use_code: str
    ttb: int
    tpa: int


@dataclass(slots=True)
class CaseFacts:
    case_id: str
    kind: str = "household"  # household | organisation
    members: list[Member] = field(default_factory=list)
    parcels: list[Parcel] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    commune: str = ""
    commune_kind: str = "ward"
    notice_date: dt.date | None = None
    valuation_date: dt.date | None = None  # plan approval date (price basis)
    prior_plan_approved_on: dt.date | None = None
    prior_recovery_decision_on: dt.date | None = None
    # Another part of the project was approved on this date (Res. 254 Art. 3(13)(b)).
    project_part_approved_on: dt.date | None = None
    agricultural_area_in_use: Decimal | None = None
    relocating: bool = False
    relocation_difficult_area: bool = False
    has_other_residence_in_commune: bool = False
    direct_agricultural_producer: bool = False
    rental_months: Decimal | None = None
    # waiting | urban_waiting (urban-area project, Land Law Art. 111(7)) | repair
    # (QĐ 18/2025 Lào Cai Art. 12)
    rental_case: str = "waiting"
    self_arranged_housing: bool = False
    resettlement_plot_area: Decimal | None = None
    resettlement_segment: str | None = None
    resettlement_position: str = "VT1"
    resettlement_code: str = "ODT"
    record_debt: bool = False
    unpaid_obligations: int = 0
    handover_on: dt.date | None = None
    first_payment_on: dt.date | None = None
    posted_on: dt.date | None = None
    agreed_and_requested_on: dt.date | None = None
    other_supports: list[OtherSupport] = field(default_factory=list)
    # Contracted land already given production support in earlier projects (m²), for the
    # province's total cap (e.g. QĐ 18/2025 Lào Cai Art. 11(6): 5 ha).
    contracted_area_supported_before: Decimal | None = None
    # Land Law 2024 Art. 111(3), second paragraph: a resettlement house bought at the price
    # the competent committee decides (đồng/m²).
    resettlement_house_area: Decimal | None = None
    resettlement_house_price: int | None = None
    # Resolution 254 Art. 3(6), second paragraph: in-place resettlement priced at a
    # similar location the competent person chose, when the table has none there.
    resettlement_similar_segment: str | None = None
    # Decree 88 Art. 4: land of another use allocated in compensation.
    other_land_code: str | None = None
    other_land_area: Decimal | None = None
    other_land_segment: str | None = None
    other_land_position: str | None = None
    agreed_averages: list[AgreedAverage] = field(default_factory=list)
    # Land Law 2024 Art. 92(3)(a): the support the competent body decided for an
    # organisation not compensated for land that must move (đồng).
    organisation_relocation: int | None = None

    @classmethod
    def from_dict(cls, d: Any) -> CaseFacts:
        # Well-formed input takes the fast path; anything it does not accept as plainly
        # valid (an error, an unusual type) is parsed again by the reference parser, which
        # collects every error with its JSON path and value.
        try:
            return _fast_case(d)
        except _Slow:
            return _Parser().case(d)

    @classmethod
    def from_dicts(cls, ds: Iterable[Any]) -> list[CaseFacts]:
        """`[from_dict(d) for d in ds]` for a batch, with the cyclic garbage collector
        paused (as compute_many does): parsing creates no reference cycles, and otherwise
        collections triggered by the allocations rescan every case parsed so far (about
        40 % of the time for 20,000 households). A FactsError propagates as from_dict's.
        """
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return [cls.from_dict(d) for d in ds]
        finally:
            if was_enabled:
                gc.enable()

    def to_dict(self) -> dict[str, Any]:
        return _to_plain(self)

    def digest_text(self) -> str:
        """What the result digest hashes of the facts: the content of `to_dict()` as one
        canonical text (fields in declaration order; see _text_function), several times
        cheaper to build than the JSON of `to_dict()`."""
        return _text_of(CaseFacts)(self)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_SCALARS = (str, int, bool, type(None))


def _to_plain(obj: Any) -> Any:
    """JSON-ready copy of facts (dataclasses, lists and tuples, Decimal -> str, date -> ISO)."""
    cls = type(obj)
    if cls in _SCALARS:
        return obj
    if cls is Decimal:
        return str(obj)
    if cls is dt.date:
        return obj.isoformat()
    if cls is list or cls is tuple:
        return [_to_plain(v) for v in obj]
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(obj))
    return {name: _to_plain(getattr(obj, name)) for name in names}


def _text_function(cls: type) -> Callable[[Any], str]:
    """Compile `cls -> canonical text` for the digest: its fields in declaration order,
    separated by '|'. Text is written as a Python string literal (repr: quoted, escaped,
    so a '|' inside a value cannot be mistaken for a separator); numbers, booleans and None
    as themselves; Decimal as its text (str) and a date as ISO; a list of facts objects as
    [a;b;...]. Built with one f-string per class: no per-field reflection when hashing."""
    hints = typing.get_type_hints(cls)
    parts: list[str] = []
    env: dict[str, Any] = {}
    for f in fields(cls):
        t = hints[f.name]
        args = typing.get_args(t) or (t,)
        if Decimal in args or dt.date in args:
            parts.append(f"{{o.{f.name}!s}}")  # str(Decimal) / date ISO / None
        elif typing.get_origin(t) is tuple:
            parts.append(f"{{o.{f.name}!r}}")  # tuple of text or DepthArea: repr, unambiguous
        elif typing.get_origin(t) is list:
            (elem,) = typing.get_args(t)
            name = f"_text_{elem.__name__}"
            env[name] = _text_of(elem)
            parts.append(f"[{{';'.join([{name}(x) for x in o.{f.name}])}}]")
        else:
            parts.append(f"{{o.{f.name}!r}}")
    src = f"def text(o):\n    return f{'|'.join(parts)!r}\n"
    exec(src, env)  # generated from the dataclass fields above, not from data
    text: Callable[[Any], str] = env["text"]
    return text


_TEXT_FUNCTIONS: dict[type, Callable[[Any], str]] = {}


def _text_of(cls: type) -> Callable[[Any], str]:
    fn = _TEXT_FUNCTIONS.get(cls)
    if fn is None:
        fn = _TEXT_FUNCTIONS[cls] = _text_function(cls)
    return fn


_EXPECTED = {
    "dec": "expected a number (a JSON number, or text with '.' as the decimal point)",
    "money": "expected an integer number of đồng",
    "int": "expected a non-negative integer",
    "date": "expected a date YYYY-MM-DD",
    "bool": "expected true or false",
    "str": "expected text",
}


class _Parser:
    """Collects every error with its JSON path rather than stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def err(self, path: str, value: Any, problem: str) -> None:
        self.errors.append(f"{path} = {value!r}: {problem}")

    def known(self, d: dict[str, Any], what: str, path: str) -> None:
        for key in d.keys() - KNOWN_KEYS[what]:
            self.err(f"{path}.{key}", d[key], "unknown key (docs/compute-case-format.md)")

    def _get(self, d: dict[str, Any], key: str, path: str, conv: str, default: Any) -> Any:
        if key not in d or d[key] is None:
            return default
        v = d[key]
        where = f"{path}.{key}"
        try:
            if conv == "dec":
                if isinstance(v, bool):
                    raise TypeError
                out = dec(v)
                if not out.is_finite() or out < 0:  # NaN < 0 raises
                    self.err(where, v, "must be a non-negative number")
                    return default
                return out
            if conv == "money":
                if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                    self.err(where, v, "must be a non-negative integer number of đồng")
                    return default
                return v
            if conv == "int":
                if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                    raise TypeError
                return v
            if conv == "date":
                return dt.date.fromisoformat(v)
            if conv == "bool":
                if not isinstance(v, bool):
                    raise TypeError
                return v
            if conv == "str":
                if not isinstance(v, str):
                    raise TypeError
                return v
        except (TypeError, ValueError):
            self.err(where, v, _EXPECTED[conv])
            return default
        raise AssertionError(conv)

    def case(self, d: Any) -> CaseFacts:
        if not isinstance(d, dict):
            raise FactsError([f"$ = {type(d).__name__}: the case must be a JSON object"])
        p = "$"
        g = self._get
        case_id = g(d, "case_id", p, "str", None)
        if not case_id:
            self.err("$.case_id", d.get("case_id"), "required text")
        kind = g(d, "kind", p, "str", "household")
        if kind not in ("household", "organisation"):
            self.err("$.kind", kind, "household or organisation")
        dates = d.get("dates") or {}
        handover = d.get("handover") or {}
        res = d.get("resettlement") or {}
        sup = d.get("support") or {}
        self.known(d, "case", p)
        for what, sub in (
            ("dates", dates),
            ("handover", handover),
            ("resettlement", res),
            ("support", sup),
        ):
            if isinstance(sub, dict):
                self.known(sub, what, f"$.{what}")
        facts = CaseFacts(
            case_id=case_id or "",
            kind=kind,
            commune=g(d, "commune", p, "str", ""),
            commune_kind=self._kind(d, p),
            notice_date=g(dates, "notice", "$.dates", "date", None),
            valuation_date=g(dates, "valuation", "$.dates", "date", None),
            prior_plan_approved_on=g(dates, "prior_plan_approved", "$.dates", "date", None),
            prior_recovery_decision_on=g(dates, "prior_recovery_decision", "$.dates", "date", None),
            project_part_approved_on=g(dates, "project_part_approved", "$.dates", "date", None),
            agricultural_area_in_use=g(d, "agricultural_area_in_use", p, "dec", None),
            contracted_area_supported_before=g(
                sup, "contracted_area_supported_before", "$.support", "dec", None
            ),
            relocating=g(d, "relocating", p, "bool", False),
            relocation_difficult_area=g(d, "relocation_difficult_area", p, "bool", False),
            has_other_residence_in_commune=g(d, "has_other_residence_in_commune", p, "bool", False),
            direct_agricultural_producer=g(d, "direct_agricultural_producer", p, "bool", False),
            rental_months=g(sup, "rental_months", "$.support", "dec", None),
            rental_case=g(sup, "rental_case", "$.support", "str", "waiting"),
            self_arranged_housing=g(sup, "self_arranged_housing", "$.support", "bool", False),
            resettlement_plot_area=g(res, "plot_area", "$.resettlement", "dec", None),
            resettlement_segment=g(res, "segment", "$.resettlement", "str", None),
            resettlement_position=g(res, "position", "$.resettlement", "str", "VT1"),
            resettlement_code=g(res, "land_use_code", "$.resettlement", "str", "ODT"),
            record_debt=g(res, "record_debt", "$.resettlement", "bool", False),
            unpaid_obligations=g(d, "unpaid_obligations", p, "money", 0),
            handover_on=g(handover, "handed_over", "$.handover", "date", None),
            first_payment_on=g(handover, "first_payment", "$.handover", "date", None),
            posted_on=g(handover, "draft_posted", "$.handover", "date", None),
            agreed_and_requested_on=g(handover, "agreed_and_requested", "$.handover", "date", None),
            resettlement_house_area=g(res, "house_area", "$.resettlement", "dec", None),
            resettlement_house_price=g(res, "house_price", "$.resettlement", "money", None),
            resettlement_similar_segment=g(res, "similar_segment", "$.resettlement", "str", None),
            other_land_code=g(res, "other_land_code", "$.resettlement", "str", None),
            other_land_area=g(res, "other_land_area", "$.resettlement", "dec", None),
            other_land_segment=g(res, "other_land_segment", "$.resettlement", "str", None),
            other_land_position=g(res, "other_land_position", "$.resettlement", "str", None),
            organisation_relocation=g(sup, "organisation_relocation", "$.support", "money", None),
        )
        for i, m in enumerate(self._list(d, "members", p)):
            facts.members.append(self.member(m, f"$.members[{i}]"))
        for i, x in enumerate(self._list(d, "parcels", p)):
            facts.parcels.append(self.parcel(x, f"$.parcels[{i}]", facts))
        for i, x in enumerate(self._list(d, "items", p)):
            facts.items.append(self.item(x, f"$.items[{i}]"))
        for i, x in enumerate(self._list(sup, "other", "$.support")):
            facts.other_supports.append(self.other(x, f"$.support.other[{i}]"))
        for i, x in enumerate(self._list(sup, "agreed_average", "$.support")):
            facts.agreed_averages.append(self.agreed(x, f"$.support.agreed_average[{i}]"))
        if facts.other_land_code is not None and facts.other_land_code not in LAND_USE_CODES:
            self.err(
                "$.resettlement.other_land_code", facts.other_land_code, "unknown land-use code"
            )
        if facts.other_land_position not in (None, *POSITIONS):
            self.err(
                "$.resettlement.other_land_position",
                facts.other_land_position,
                f"one of {POSITIONS}",
            )
        if facts.resettlement_position not in POSITIONS:
            self.err("$.resettlement.position", facts.resettlement_position, f"one of {POSITIONS}")
        refs = [x.ref for x in facts.parcels]
        if len(set(refs)) != len(refs):
            self.err("$.parcels", refs, "parcel refs must be unique")
        ids = [x.id for x in facts.items]
        if len(set(ids)) != len(ids):
            self.err("$.items", ids, "item ids must be unique")
        if self.errors:
            raise FactsError(self.errors)
        return facts

    def _kind(self, d: dict[str, Any], path: str) -> str:
        kind = self._get(d, "commune_kind", path, "str", "ward")
        if kind not in ("ward", "commune"):
            self.err(f"{path}.commune_kind", kind, "ward (phường) or commune (xã)")
        return str(kind)

    def _list(self, d: dict[str, Any], key: str, path: str) -> list[Any]:
        v = d.get(key)
        if v is None:
            return []
        if not isinstance(v, list):
            self.err(f"{path}.{key}", v, "expected a list")
            return []
        out = []
        for i, x in enumerate(v):
            if isinstance(x, dict):
                out.append(x)
            else:
                self.err(f"{path}.{key}[{i}]", x, "expected an object")
        return out

    def member(self, d: dict[str, Any], p: str) -> Member:
        g = self._get
        self.known(d, "member", p)
        return Member(
            id=g(d, "id", p, "str", ""),
            name=g(d, "name", p, "str", ""),
            counts_for_support=g(d, "counts_for_support", p, "bool", True),
            direct_farmer=g(d, "direct_farmer", p, "bool", False),
            social_protection=g(d, "social_protection", p, "bool", False),
            share=g(d, "share", p, "dec", None),
        )

    def parcel(self, d: dict[str, Any], p: str, case: CaseFacts) -> Parcel:
        g = self._get
        self.known(d, "parcel", p)
        ref = g(d, "ref", p, "str", "")
        if not ref:
            self.err(f"{p}.ref", d.get("ref"), "required text")
        code = g(d, "land_use_code", p, "str", "")
        if code not in LAND_USE_CODES:
            self.err(f"{p}.land_use_code", code, "unknown land-use code")
        recovered = g(d, "recovered_area", p, "dec", None)
        if recovered is None:
            if d.get("recovered_area") is None:
                self.err(f"{p}.recovered_area", None, "required number (m²)")
            recovered = Decimal(0)
        origin = g(d, "origin", p, "str", "certificate")
        if origin not in ORIGINS:
            self.err(f"{p}.origin", origin, f"one of {ORIGINS}")
        position = g(d, "position", p, "str", None)
        if position is not None and position not in POSITIONS:
            self.err(f"{p}.position", position, f"one of {POSITIONS}")
        remainder_code = g(d, "remainder_code", p, "str", None)
        if remainder_code is not None and remainder_code not in LAND_USE_CODES:
            self.err(f"{p}.remainder_code", remainder_code, "unknown land-use code")
        kind = d.get("commune_kind", case.commune_kind)
        if kind not in ("ward", "commune"):
            self.err(f"{p}.commune_kind", kind, "ward or commune")
        parcel = Parcel(
            ref=ref,
            land_use_code=code,
            recovered_area=recovered,
            commune=g(d, "commune", p, "str", case.commune),
            commune_kind=kind,
            certificate_area=g(d, "certificate_area", p, "dec", None),
            measured_area=g(d, "measured_area", p, "dec", None),
            area_dispute=g(d, "area_dispute", p, "bool", False),
            origin=origin,
            stable_use_from=g(d, "stable_use_from", p, "date", None),
            payment_proven=g(d, "payment_proven", p, "bool", False),
            house_footprint=g(d, "house_footprint", p, "dec", None),
            remainder_code=remainder_code,
            position=position,
            segment=g(d, "segment", p, "str", None),
            with_residence=g(d, "with_residence", p, "bool", False),
            remainder_recovery=g(d, "remainder_recovery", p, "bool", None),
            term_years=g(d, "term_years", p, "dec", None),
            remaining_years=g(d, "remaining_years", p, "dec", None),
            corridor_area=g(d, "corridor_area", p, "dec", None),
            corridor_new_code=g(d, "corridor_new_code", p, "str", None),
            business_area=g(d, "business_area", p, "dec", None),
            business_code=g(d, "business_code", p, "str", None),
            certification_fee=g(d, "certification_fee", p, "int", None),
            transferred_on=g(d, "transferred_on", p, "date", None),
            transferor_origin=g(d, "transferor_origin", p, "str", None),
            remainder_buildable=g(d, "remainder_buildable", p, "bool", None),
            in_place_farmland_code=g(d, "in_place_farmland_code", p, "str", None),
        )
        if parcel.in_place_farmland_code not in (None, *AGRICULTURAL_CODES):
            self.err(
                f"{p}.in_place_farmland_code", parcel.in_place_farmland_code, "an agricultural code"
            )
        if parcel.transferor_origin not in (None, *TRANSFEROR_ORIGINS):
            self.err(
                f"{p}.transferor_origin", parcel.transferor_origin, f"one of {TRANSFEROR_ORIGINS}"
            )
        self._frontage(d, p, parcel)
        if parcel.business_code is not None and (
            parcel.business_code not in NON_AGRICULTURAL_CODES
            or parcel.business_code in RESIDENTIAL_CODES
        ):
            self.err(
                f"{p}.business_code",
                parcel.business_code,
                "a non-agricultural, non-residential land-use code (e.g. TMD, SKC)",
            )
        if parcel.corridor_new_code is not None and parcel.corridor_new_code not in LAND_USE_CODES:
            self.err(f"{p}.corridor_new_code", parcel.corridor_new_code, "unknown land-use code")
        if parcel.business_area is not None and parcel.business_area > recovered:
            self.err(
                f"{p}.business_area",
                str(parcel.business_area),
                f"larger than recovered_area {recovered}",
            )
        if parcel.measured_area is not None and recovered > parcel.measured_area:
            self.err(
                f"{p}.recovered_area",
                str(recovered),
                f"larger than measured_area {parcel.measured_area}",
            )
        return parcel

    def _frontage(self, d: dict[str, Any], p: str, parcel: Parcel) -> None:
        """Depth and frontage facts (docs/compute-case-format.md, "Depth and frontage")."""
        g = self._get
        fr = Frontage(
            depth=g(d, "depth", p, "dec", None),
            recovered_strip=g(d, "recovered_strip", p, "str", None),
            floor_segment=g(d, "floor_segment", p, "str", None),
            separated_from_road=g(d, "separated_from_road", p, "str", None),
        )
        if fr.depth is not None and fr.depth == 0:
            self.err(f"{p}.depth", d.get("depth"), "must be above 0 m")
        if fr.recovered_strip is not None and fr.recovered_strip not in STRIPS:
            self.err(f"{p}.recovered_strip", fr.recovered_strip, f"one of {STRIPS}")
        if fr.separated_from_road is not None and fr.separated_from_road not in SEPARATIONS:
            self.err(f"{p}.separated_from_road", fr.separated_from_road, f"one of {SEPARATIONS}")
        for key in ("other_segments", "alley_segments"):
            segs = d.get(key)
            if segs is None:
                continue
            if not isinstance(segs, list):
                self.err(f"{p}.{key}", segs, "expected a list of segment ids")
                continue
            for i, s in enumerate(segs):
                if not isinstance(s, str) or not s:
                    self.err(f"{p}.{key}[{i}]", s, "expected a segment id (text)")
            setattr(fr, key, tuple(s for s in segs if isinstance(s, str) and s))
        bands = self._list(d, "depth_areas", p)
        measured: list[DepthArea] = []
        last: Decimal | None = Decimal(0)
        total = Decimal(0)
        for i, x in enumerate(bands):
            where = f"{p}.depth_areas[{i}]"
            self.known(x, "depth_area", where)
            start = g(x, "from_m", where, "dec", None)
            end = g(x, "to_m", where, "dec", None)
            area = g(x, "area", where, "dec", None)
            if start is None or area is None:
                self.err(where, x, "needs from_m and area (to_m null = deeper than from_m)")
                continue
            if last is None or start < last:
                self.err(f"{where}.from_m", x.get("from_m"), "bands must be in order, not overlap")
            if end is not None and end <= start:
                self.err(f"{where}.to_m", x.get("to_m"), "must be deeper than from_m")
            last = end
            total += area
            measured.append(DepthArea(start, end, area))
        fr.depth_areas = tuple(measured)
        if fr.depth_areas and total != parcel.recovered_area:
            self.err(
                f"{p}.depth_areas",
                [str(x.area) for x in fr.depth_areas],
                f"areas add up to {total}, not the recovered_area {parcel.recovered_area}",
            )
        if fr != _NO_FRONTAGE:
            parcel.frontage = fr

    _KINDS = (
        "structure",
        "tree",
        "crop",
        "grave",
        "livestock",
        "moving",
        "business",
        "remaining_investment",
        "movable_plant",
        "forest",
        "state_housing",
    )

    def item(self, d: dict[str, Any], p: str) -> Item:
        g = self._get
        self.known(d, "item", p)
        kind = g(d, "kind", p, "str", "")
        if kind not in self._KINDS:
            self.err(f"{p}.kind", kind, f"one of {self._KINDS}")
        item_id = g(d, "id", p, "str", "")
        if not item_id:
            self.err(f"{p}.id", d.get("id"), "required text")
        count = g(d, "count", p, "int", 1)
        return Item(
            id=item_id,
            kind=kind,
            parcel_ref=g(d, "parcel_ref", p, "str", ""),
            species=g(d, "species", p, "str", "")
            or g(d, "class", p, "str", "")
            or g(d, "type", p, "str", "")
            or g(d, "group", p, "str", ""),
            subgroup=g(d, "subgroup", p, "str", ""),
            quantity=g(d, "quantity", p, "dec", Decimal(0)),
            area=g(d, "area", p, "dec", None),
            category=g(d, "category", p, "str", "other"),
            built_on=g(d, "built_on", p, "date", None),
            planted_on=g(d, "planted_on", p, "date", None),
            lawful=g(d, "lawful", p, "bool", True),
            on_residential_land_without_permit=g(
                d, "on_residential_land_without_permit", p, "bool", False
            ),
            violation_handled=g(d, "violation_handled", p, "bool", False),
            demolition=g(d, "demolition", p, "str", "full"),
            remainder_meets_standard=g(d, "remainder_meets_standard", p, "bool", False),
            meets_standard=g(d, "meets_standard", p, "bool", None),
            demolished_quantity=g(d, "demolished_quantity", p, "dec", None),
            repair_cost=g(d, "repair_cost", p, "money", None),
            years_used=g(d, "years_used", p, "dec", None),
            weight_kg=g(d, "weight_kg", p, "dec", None),
            count=count,
            self_relocated=g(d, "self_relocated", p, "bool", False),
            estimate=g(d, "estimate", p, "money", None),
            avg_after_tax_income=g(d, "avg_after_tax_income", p, "money", None),
            has_accounts=g(d, "has_accounts", p, "bool", True),
            registered=g(d, "registered", p, "bool", False),
            employees=g(d, "employees", p, "int", 0),
            costs=g(d, "costs", p, "money", None),
            t1_years=g(d, "t1_years", p, "dec", None),
            t2_years=g(d, "t2_years", p, "dec", None),
            after_cutoff=g(d, "after_cutoff", p, "bool", False),
            permit_expired=g(d, "permit_expired", p, "bool", False),
            damage=g(d, "damage", p, "money", None),
            documented=g(d, "documented", p, "bool", True),
        )

    def agreed(self, d: dict[str, Any], p: str) -> AgreedAverage:
        g = self._get
        self.known(d, "agreed_average", p)
        code = g(d, "land_use_code", p, "str", "")
        if code not in LAND_USE_CODES:
            self.err(f"{p}.land_use_code", code, "unknown land-use code")
        for key in ("ttb", "tpa"):
            if d.get(key) is None:
                self.err(f"{p}.{key}", None, "required integer number of đồng per m²")
        return AgreedAverage(code, g(d, "ttb", p, "money", 0), g(d, "tpa", p, "money", 0))

    def other(self, d: dict[str, Any], p: str) -> OtherSupport:
        g = self._get
        self.known(d, "other", p)
        return OtherSupport(
            code=g(d, "code", p, "str", "OTHER"),
            title=g(d, "title", p, "str", ""),
            amount=g(d, "amount", p, "money", 0),
            basis=g(d, "basis", p, "str", ""),
        )


# -- fast path ---------------------------------------------------------------------------
# Accepts only input that the reference parser (_Parser) accepts without any error, and
# builds exactly what it would build; on anything else it raises _Slow and from_dict falls
# back to _Parser, so error messages (JSON path and value) come from one place.


class _Slow(Exception):
    pass


# How a key is read: str and bool values are taken as they are (checked by exact type);
# the others are converted by _conv.
_STR: Any = str
_BOOL: Any = bool
_DEC, _DATE, _MONEY = 2, 3, 4
_Decimal = Decimal
_fromisoformat = dt.date.fromisoformat
# Quantities and areas repeat a lot across households ("120", "0.5"); Decimal is immutable,
# so equal texts can share one parsed value.
_DEC_CACHE: dict[str, Decimal] = {}
_DEC_CACHE_MAX = 50_000


def _conv(conv: Any, v: Any) -> Any:
    """A value (not None) converted as _Parser._get would, or _Slow if it would complain."""
    t = type(v)
    if conv == _DEC:
        if t is str:
            out = _DEC_CACHE.get(v)
            if out is not None:
                return out
            try:
                out = _Decimal(v.strip())
            except (ArithmeticError, ValueError):
                raise _Slow from None
            if out.is_finite() and out >= 0:
                if len(_DEC_CACHE) < _DEC_CACHE_MAX:
                    _DEC_CACHE[v] = out
                return out
        elif t is int:
            out = _Decimal(v)
            if out >= 0:
                return out
    elif conv == _DATE:
        if t is str:
            try:
                return _fromisoformat(v)
            except ValueError:
                raise _Slow from None
    elif conv == _MONEY:  # also "int" (count): the same test
        if t is int and v >= 0:
            return v
    elif t is conv:  # _STR, _BOOL
        return v
    raise _Slow


_MEMBER_KEYS = {
    "id": _STR,
    "name": _STR,
    "counts_for_support": _BOOL,
    "direct_farmer": _BOOL,
    "social_protection": _BOOL,
    "share": _DEC,
}
_PARCEL_KEYS = {
    "ref": _STR,
    "land_use_code": _STR,
    "recovered_area": _DEC,
    "commune": _STR,
    "certificate_area": _DEC,
    "measured_area": _DEC,
    "area_dispute": _BOOL,
    "origin": _STR,
    "stable_use_from": _DATE,
    "payment_proven": _BOOL,
    "house_footprint": _DEC,
    "remainder_code": _STR,
    "position": _STR,
    "segment": _STR,
    "with_residence": _BOOL,
    "remainder_recovery": _BOOL,
    "term_years": _DEC,
    "remaining_years": _DEC,
    "corridor_area": _DEC,
    "corridor_new_code": _STR,
    "business_area": _DEC,
    "business_code": _STR,
    "certification_fee": _MONEY,
    "depth": _DEC,
    "recovered_strip": _STR,
    "floor_segment": _STR,
    "separated_from_road": _STR,
    "transferred_on": _DATE,
    "transferor_origin": _STR,
    "remainder_buildable": _BOOL,
    "in_place_farmland_code": _STR,
}
_DEPTH_KEYS = {"from_m": _DEC, "to_m": _DEC, "area": _DEC}
_ITEM_KEYS = {
    "id": _STR,
    "kind": _STR,
    "parcel_ref": _STR,
    "subgroup": _STR,
    "quantity": _DEC,
    "area": _DEC,
    "category": _STR,
    "built_on": _DATE,
    "planted_on": _DATE,
    "lawful": _BOOL,
    "on_residential_land_without_permit": _BOOL,
    "violation_handled": _BOOL,
    "demolition": _STR,
    "remainder_meets_standard": _BOOL,
    "meets_standard": _BOOL,
    "demolished_quantity": _DEC,
    "repair_cost": _MONEY,
    "years_used": _DEC,
    "weight_kg": _DEC,
    "count": _MONEY,  # "int": a non-negative integer, same test
    "self_relocated": _BOOL,
    "estimate": _MONEY,
    "avg_after_tax_income": _MONEY,
    "has_accounts": _BOOL,
    "registered": _BOOL,
    "employees": _MONEY,  # "int": a non-negative integer, same test
    "costs": _MONEY,
    "t1_years": _DEC,
    "t2_years": _DEC,
    "after_cutoff": _BOOL,
    "permit_expired": _BOOL,
    "damage": _MONEY,
    "documented": _BOOL,
}
# Item.species is the first non-empty of these (structure class, grave type, livestock group).
_SPECIES_KEYS = ("species", "class", "type", "group")
_OTHER_KEYS = {"code": _STR, "title": _STR, "amount": _MONEY, "basis": _STR}
_AGREED_KEYS = {"land_use_code": _STR, "ttb": _MONEY, "tpa": _MONEY}
# Every key the format knows, per object (docs/compute-case-format.md): any other key is
# refused with its path, so that a misspelt fact is not silently left out.
KNOWN_KEYS: dict[str, frozenset[str]] = {
    "case": frozenset(
        {
            "case_id", "kind", "commune", "commune_kind", "dates", "members", "parcels",
            "items", "agricultural_area_in_use", "relocating", "relocation_difficult_area",
            "has_other_residence_in_commune", "direct_agricultural_producer", "support",
            "resettlement", "unpaid_obligations", "handover",
        }
    ),
    "dates": frozenset(
        {
            "notice",
            "valuation",
            "prior_plan_approved",
            "prior_recovery_decision",
            "project_part_approved",
        }
    ),
    "support": frozenset(
        {
            "rental_months", "rental_case", "self_arranged_housing", "other",
            "contracted_area_supported_before", "agreed_average", "organisation_relocation",
        }
    ),
    "resettlement": frozenset(
        {
            "plot_area", "segment", "position", "land_use_code", "record_debt", "house_area",
            "house_price", "similar_segment", "other_land_code", "other_land_area",
            "other_land_segment", "other_land_position",
        }
    ),
    "handover": frozenset({"handed_over", "first_payment", "draft_posted", "agreed_and_requested"}),
    "member": frozenset(_MEMBER_KEYS),
    "parcel": frozenset(
        {*_PARCEL_KEYS, "commune_kind", "other_segments", "alley_segments", "depth_areas"}
    ),
    "depth_area": frozenset(_DEPTH_KEYS),
    "item": frozenset({*_ITEM_KEYS, *_SPECIES_KEYS}),
    "other": frozenset(_OTHER_KEYS),
    "agreed_average": frozenset(_AGREED_KEYS),
}  # fmt: skip
_PARCEL_OTHER = KNOWN_KEYS["parcel"] - _PARCEL_KEYS.keys()
_ITEM_OTHER = frozenset(_SPECIES_KEYS)
_ITEM_KINDS = frozenset(_Parser._KINDS)
_ORIGINS = frozenset(ORIGINS)
_POSITIONS = frozenset(POSITIONS)
_WARD_OR_COMMUNE = ("ward", "commune")


def _fields(d: Any, spec: dict[str, Any], other: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The keys of `spec` in an object, converted; `other` keys are read by the caller, and
    any further key goes to _Parser, which refuses it with its path."""
    if type(d) is not dict:
        raise _Slow
    out = {}
    for key, v in d.items():
        conv = spec.get(key)
        if conv is None:
            if key not in other:
                raise _Slow
        elif v is not None:
            out[key] = v if type(v) is conv else _conv(conv, v)
    return out


def _objects(v: Any) -> list[Any]:
    if v is None:
        return []
    if type(v) is not list:
        raise _Slow
    return v


def _fast_member(d: Any) -> Member:
    kw = _fields(d, _MEMBER_KEYS)
    if "id" not in kw:
        kw["id"] = ""
    return Member(**kw)


def _fast_parcel(d: Any, commune: str, commune_kind: str) -> Parcel:
    kw = _fields(d, _PARCEL_KEYS, _PARCEL_OTHER)
    if (
        not kw.get("ref")
        or kw.get("land_use_code") not in LAND_USE_CODES
        or "recovered_area" not in kw
        or kw.get("origin", "certificate") not in _ORIGINS
        or kw.get("position", "VT1") not in _POSITIONS  # absent or null: not given
        or kw.get("remainder_code", "ODT") not in LAND_USE_CODES
        or kw.get("transferor_origin", "certificate") not in TRANSFEROR_ORIGINS
        or kw.get("in_place_farmland_code", "LUC") not in AGRICULTURAL_CODES
    ):
        raise _Slow
    kind = d.get("commune_kind", commune_kind)
    if kind not in _WARD_OR_COMMUNE:
        raise _Slow
    kw["commune_kind"] = kind
    if not _RARE_PARCEL_KEYS.isdisjoint(d):
        _fast_rare_parcel(d, kw)
    if "commune" not in kw:
        kw["commune"] = commune
    measured = kw.get("measured_area")
    if measured is not None and kw["recovered_area"] > measured:
        raise _Slow
    return Parcel(**kw)


# Keys most parcels do not have: checked only when one is present, so the usual parcel
# pays one set test for them.
_FRONTAGE_SCALARS = ("depth", "recovered_strip", "floor_segment", "separated_from_road")
_RARE_PARCEL_KEYS = frozenset(
    {
        "business_area",
        "business_code",
        "corridor_new_code",
        *_FRONTAGE_SCALARS,
        "other_segments",
        "alley_segments",
        "depth_areas",
    }
)


def _fast_rare_parcel(d: dict[str, Any], kw: dict[str, Any]) -> None:
    """The checks _Parser.parcel and _Parser._frontage make on the rare keys (business
    area, corridor, depth and frontage); anything they would refuse goes to them."""
    business_code = kw.get("business_code")
    if kw.get("corridor_new_code", "ODT") not in LAND_USE_CODES:
        raise _Slow
    if (
        business_code is not None
        and (business_code not in NON_AGRICULTURAL_CODES or business_code in RESIDENTIAL_CODES)
    ) or ("business_area" in kw and kw["business_area"] > kw["recovered_area"]):
        raise _Slow
    fr = {key: kw.pop(key) for key in _FRONTAGE_SCALARS if key in kw}
    if (
        ("depth" in fr and not fr["depth"])
        or fr.get("recovered_strip", "front") not in STRIPS
        or fr.get("separated_from_road", "own_agricultural_land") not in SEPARATIONS
    ):
        raise _Slow
    for key in ("other_segments", "alley_segments"):
        segs = d.get(key)
        if segs is not None:
            if type(segs) is not list:
                raise _Slow
            for x in segs:
                if type(x) is not str or not x:
                    raise _Slow
            fr[key] = tuple(segs)
    bands = d.get("depth_areas")
    if bands is not None:
        fr["depth_areas"] = _fast_depth_areas(bands, kw["recovered_area"])
    if fr:
        frontage = Frontage(**fr)
        if frontage != _NO_FRONTAGE:
            kw["frontage"] = frontage


def _fast_depth_areas(v: Any, recovered: Decimal) -> tuple[DepthArea, ...]:
    """parcels[].depth_areas as _Parser._frontage reads it: in order, not overlapping,
    adding up to the recovered area; anything else goes to the reference parser."""
    if type(v) is not list:
        raise _Slow
    out = []
    last: Decimal | None = Decimal(0)
    total = Decimal(0)
    for x in v:
        kw = _fields(x, _DEPTH_KEYS)
        start, end, area = kw.get("from_m"), kw.get("to_m"), kw.get("area")
        if (
            start is None
            or area is None
            or last is None
            or start < last
            or (end is not None and end <= start)
        ):
            raise _Slow
        last = end
        total += area
        out.append(DepthArea(start, end, area))
    if out and total != recovered:
        raise _Slow
    return tuple(out)


def _fast_item(d: Any) -> Item:
    kw = _fields(d, _ITEM_KEYS, _ITEM_OTHER)
    if kw.get("kind") not in _ITEM_KINDS or not kw.get("id"):
        raise _Slow
    for key in _SPECIES_KEYS:
        v = d.get(key)
        if v is None:
            continue
        if type(v) is not str:
            raise _Slow
        if v:
            kw["species"] = v
            break
    return Item(**kw)


def _fast_other(d: Any) -> OtherSupport:
    kw: dict[str, Any] = {"code": "OTHER", "title": "", "amount": 0}
    kw.update(_fields(d, _OTHER_KEYS))
    return OtherSupport(**kw)


def _fast_agreed(d: Any) -> AgreedAverage:
    kw = _fields(d, _AGREED_KEYS)
    if kw.get("land_use_code") not in LAND_USE_CODES or "ttb" not in kw or "tpa" not in kw:
        raise _Slow
    return AgreedAverage(**kw)


def _sub(d: dict[str, Any], key: str) -> dict[str, Any]:
    v = d.get(key) or {}
    if type(v) is not dict or not v.keys() <= KNOWN_KEYS[key]:
        raise _Slow
    return v


def _opt(d: dict[str, Any], key: str, conv: Any, default: Any) -> Any:
    v = d.get(key)
    return default if v is None else _conv(conv, v)


def _fast_case(d: Any) -> CaseFacts:
    if type(d) is not dict or not d.keys() <= KNOWN_KEYS["case"]:
        raise _Slow
    dates = _sub(d, "dates")
    handover = _sub(d, "handover")
    res = _sub(d, "resettlement")
    sup = _sub(d, "support")
    case_id = _opt(d, "case_id", _STR, None)
    kind = _opt(d, "kind", _STR, "household")
    commune = _opt(d, "commune", _STR, "")
    commune_kind = _opt(d, "commune_kind", _STR, "ward")
    position = _opt(res, "position", _STR, "VT1")
    if (
        not case_id
        or kind not in ("household", "organisation")
        or commune_kind not in _WARD_OR_COMMUNE
        or position not in _POSITIONS
    ):
        raise _Slow
    other_code = _opt(res, "other_land_code", _STR, None)
    other_position = _opt(res, "other_land_position", _STR, None)
    if (other_code is not None and other_code not in LAND_USE_CODES) or (
        other_position is not None and other_position not in _POSITIONS
    ):
        raise _Slow
    parcels = [_fast_parcel(x, commune, commune_kind) for x in _objects(d.get("parcels"))]
    items = [_fast_item(x) for x in _objects(d.get("items"))]
    refs = {x.ref for x in parcels}
    ids = {x.id for x in items}
    if len(refs) != len(parcels) or len(ids) != len(items):
        raise _Slow
    return CaseFacts(
        case_id=case_id,
        kind=kind,
        members=[_fast_member(x) for x in _objects(d.get("members"))],
        parcels=parcels,
        items=items,
        commune=commune,
        commune_kind=commune_kind,
        notice_date=_opt(dates, "notice", _DATE, None),
        valuation_date=_opt(dates, "valuation", _DATE, None),
        prior_plan_approved_on=_opt(dates, "prior_plan_approved", _DATE, None),
        prior_recovery_decision_on=_opt(dates, "prior_recovery_decision", _DATE, None),
        project_part_approved_on=_opt(dates, "project_part_approved", _DATE, None),
        agricultural_area_in_use=_opt(d, "agricultural_area_in_use", _DEC, None),
        relocating=_opt(d, "relocating", _BOOL, False),
        relocation_difficult_area=_opt(d, "relocation_difficult_area", _BOOL, False),
        has_other_residence_in_commune=_opt(d, "has_other_residence_in_commune", _BOOL, False),
        direct_agricultural_producer=_opt(d, "direct_agricultural_producer", _BOOL, False),
        rental_months=_opt(sup, "rental_months", _DEC, None),
        rental_case=_opt(sup, "rental_case", _STR, "waiting"),
        self_arranged_housing=_opt(sup, "self_arranged_housing", _BOOL, False),
        resettlement_plot_area=_opt(res, "plot_area", _DEC, None),
        resettlement_segment=_opt(res, "segment", _STR, None),
        resettlement_position=position,
        resettlement_code=_opt(res, "land_use_code", _STR, "ODT"),
        record_debt=_opt(res, "record_debt", _BOOL, False),
        unpaid_obligations=_opt(d, "unpaid_obligations", _MONEY, 0),
        handover_on=_opt(handover, "handed_over", _DATE, None),
        first_payment_on=_opt(handover, "first_payment", _DATE, None),
        posted_on=_opt(handover, "draft_posted", _DATE, None),
        agreed_and_requested_on=_opt(handover, "agreed_and_requested", _DATE, None),
        other_supports=[_fast_other(x) for x in _objects(sup.get("other"))],
        contracted_area_supported_before=_opt(sup, "contracted_area_supported_before", _DEC, None),
        resettlement_house_area=_opt(res, "house_area", _DEC, None),
        resettlement_house_price=_opt(res, "house_price", _MONEY, None),
        resettlement_similar_segment=_opt(res, "similar_segment", _STR, None),
        other_land_code=other_code,
        other_land_area=_opt(res, "other_land_area", _DEC, None),
        other_land_segment=_opt(res, "other_land_segment", _STR, None),
        other_land_position=other_position,
        agreed_averages=[_fast_agreed(x) for x in _objects(sup.get("agreed_average"))],
        organisation_relocation=_opt(sup, "organisation_relocation", _MONEY, None),
    )
