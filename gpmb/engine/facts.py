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


# Decree 88 Art. 24(2): what a tenant of a demolished state-owned house with no other
# home may choose: rent at the resettlement site (and buy it later), land or a house
# sold to them, or money to arrange a home themselves.
REHOUSING = ("rent_at_site", "buy_or_allocate", "self_arranged")

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
    # Decree 88 Art. 12(2), second paragraph: agricultural land the user reclaimed
    # himself ("tự khai hoang") and used stably: the province's limit, not Art. 176.
    self_reclaimed: bool = False


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
    # E.g. QĐ 18/2025 Lào Cai Art. 23(3)(a): a structure on agricultural land next to, or
    # in the grounds of, the same user's lawfully built house, serving living or farming,
    # built before the commune's meeting, confirmed by the commune.
    on_farmland_by_lawful_house: bool = False
    violation_handled: bool = False
    demolition: str = "full"  # full | partial
    remainder_meets_standard: bool = False
    meets_standard: bool | None = None  # meets specialised-law technical standards
    demolished_quantity: Decimal | None = None
    repair_cost: int | None = None
    years_used: Decimal | None = None
    weight_kg: Decimal | None = None
    distance_km: Decimal | None = None  # livestock: how far it is moved (by-distance costs)
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
    # A house or structure left standing inside the safety corridor of an overhead power
    # line (its land not recovered): the province's rule (e.g. QĐ 18/2025 Lào Cai Art. 9).
    in_power_corridor: bool = False
    # movable_plant: the actual damage of moving and replanting (Land Law Art. 103(3)).
    damage: int | None = None
    # remaining_investment: proven by the papers of Decree 88 Art. 17(3) (false: Art. 17(5)).
    documented: bool = True
    # state_housing (Decree 88 Art. 24(2)): the tenant has no other home in the area, and
    # what the household chose: rent_at_site, buy_or_allocate or self_arranged ("" = ask).
    no_other_home: bool = False
    rehousing: str = ""


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
class ApprovedPrice:
    """Land Law 2024 Art. 94(5): the unit price (and, for land, the coefficient K) of one
    line of the case's approved plan, for its adjustment: the `index`-th line (from 0) of
    that code and ref. A lower price in the adjustment is not used; this one is."""

    code: str
    ref: str = ""
    index: int = 0
    unit_price: Decimal = Decimal(0)
    coefficient: Decimal | None = None


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
    # Waiting for a resettlement plot or flat (Decree 88 Art. 3(2)(n), added by Decree 49:
    # "bố trí tạm cư, thời gian và kinh phí tạm cư"): from the day the household must hand
    # over its land to the day its plot can be given (None: not known yet, and the rent
    # line says so). Used when rental_months is not given.
    waiting_for_resettlement: bool = False
    waiting_from: dt.date | None = None
    waiting_until: dt.date | None = None
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
    # Decree 88 Art. 4(1) (Decree 49 Art. 11(2)): that land leased, not allocated, with the
    # rent for the whole term paid at once; the rent the rent law gives (đồng).
    other_land_lease: bool = False
    other_land_rent: int | None = None
    agreed_averages: list[AgreedAverage] = field(default_factory=list)
    # Land Law 2024 Art. 92(3)(a): the support the competent body decided for an
    # organisation not compensated for land that must move (đồng).
    organisation_relocation: int | None = None
    # Land Law 2024 Art. 94(5): the prices of the approved plan this one adjusts.
    approved_prices: list[ApprovedPrice] = field(default_factory=list)

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


# -- the facts, declared once -------------------------------------------------------------
# One table per object of the format (docs/compute-case-format.md): each JSON key with how
# it is read, its default and the values it may take. Both parsers below read these
# tables: the checked one (_Parser, every error with its JSON path) and the fast one (the
# usual well-formed household). A new fact is one row here (and its dataclass field).


@dataclass(frozen=True, slots=True)
class Fact:
    """One JSON key of the format.

    conv: how the value is read: "str", "bool", "date", "dec" (non-negative number),
    "money" (non-negative integer đồng) or "int" (non-negative integer). default: the value
    when the key is absent or null. attr: the dataclass field (default: the key). allowed:
    the values it may take (checked on the default too, so a default outside it makes the
    key required); problem: the message when it is not one of them. required: the message
    when it is missing (text: empty). section: the sub-object of the case it sits in."""

    key: str
    conv: str
    default: Any = None
    attr: str = ""
    allowed: Any = None  # a container; None: any value of its kind
    problem: str = ""
    required: str = ""
    section: str = ""

    @property
    def name(self) -> str:
        return self.attr or self.key


class _AboveZero:
    """The allowed values of a depth: any number above 0."""

    def __contains__(self, v: Any) -> bool:
        return bool(v > 0)


_CODE = "unknown land-use code"
_ONE_OF_POSITIONS = f"one of {POSITIONS}"
_ITEM_KIND_VALUES = (
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

CASE_FACTS: tuple[Fact, ...] = (
    Fact("case_id", "str", "", required="required text"),
    Fact("kind", "str", "household", allowed=("household", "organisation"),
         problem="household or organisation"),
    Fact("commune", "str", ""),
    Fact("commune_kind", "str", "ward", allowed=("ward", "commune"),
         problem="ward (phường) or commune (xã)"),
    Fact("notice", "date", attr="notice_date", section="dates"),
    Fact("valuation", "date", attr="valuation_date", section="dates"),
    Fact("prior_plan_approved", "date", attr="prior_plan_approved_on", section="dates"),
    Fact("prior_recovery_decision", "date", attr="prior_recovery_decision_on", section="dates"),
    Fact("project_part_approved", "date", attr="project_part_approved_on", section="dates"),
    Fact("agricultural_area_in_use", "dec"),
    Fact("contracted_area_supported_before", "dec", section="support"),
    Fact("relocating", "bool", False),
    Fact("relocation_difficult_area", "bool", False),
    Fact("has_other_residence_in_commune", "bool", False),
    Fact("direct_agricultural_producer", "bool", False),
    Fact("rental_months", "dec", section="support"),
    Fact("rental_case", "str", "waiting", section="support"),
    Fact("waiting_for_resettlement", "bool", False, section="support"),
    Fact("waiting_from", "date", section="support"),
    Fact("waiting_until", "date", section="support"),
    Fact("self_arranged_housing", "bool", False, section="support"),
    Fact("plot_area", "dec", attr="resettlement_plot_area", section="resettlement"),
    Fact("segment", "str", attr="resettlement_segment", section="resettlement"),
    Fact("position", "str", "VT1", attr="resettlement_position", section="resettlement",
         allowed=POSITIONS, problem=_ONE_OF_POSITIONS),
    Fact("land_use_code", "str", "ODT", attr="resettlement_code", section="resettlement"),
    Fact("record_debt", "bool", False, section="resettlement"),
    Fact("unpaid_obligations", "money", 0),
    Fact("handed_over", "date", attr="handover_on", section="handover"),
    Fact("first_payment", "date", attr="first_payment_on", section="handover"),
    Fact("draft_posted", "date", attr="posted_on", section="handover"),
    Fact("agreed_and_requested", "date", attr="agreed_and_requested_on", section="handover"),
    Fact("house_area", "dec", attr="resettlement_house_area", section="resettlement"),
    Fact("house_price", "money", attr="resettlement_house_price", section="resettlement"),
    Fact("similar_segment", "str", attr="resettlement_similar_segment",
         section="resettlement"),
    Fact("other_land_code", "str", section="resettlement", allowed=LAND_USE_CODES,
         problem=_CODE),
    Fact("other_land_area", "dec", section="resettlement"),
    Fact("other_land_segment", "str", section="resettlement"),
    Fact("other_land_position", "str", section="resettlement", allowed=POSITIONS,
         problem=_ONE_OF_POSITIONS),
    Fact("other_land_lease", "bool", False, section="resettlement"),
    Fact("other_land_rent", "money", section="resettlement"),
    Fact("organisation_relocation", "money", section="support"),
)  # fmt: skip
# Lists of objects in the case, read by the parsers with the tables below.
_CASE_LISTS = {
    "": ("members", "parcels", "items", "approved_prices"),
    "support": ("other", "agreed_average"),
}

MEMBER_FACTS: tuple[Fact, ...] = (
    Fact("id", "str", ""),
    Fact("name", "str", ""),
    Fact("counts_for_support", "bool", True),
    Fact("direct_farmer", "bool", False),
    Fact("social_protection", "bool", False),
    Fact("share", "dec"),
)

# commune: the case's when absent (None here); commune_kind, other_segments,
# alley_segments and depth_areas are read by hand (see _Parser.parcel and _fast_parcel).
PARCEL_FACTS: tuple[Fact, ...] = (
    Fact("ref", "str", "", required="required text"),
    Fact("land_use_code", "str", "", allowed=LAND_USE_CODES, problem=_CODE),
    Fact("recovered_area", "dec", Decimal(0), required="required number (m²)"),
    Fact("origin", "str", "certificate", allowed=ORIGINS, problem=f"one of {ORIGINS}"),
    Fact("position", "str", allowed=POSITIONS, problem=_ONE_OF_POSITIONS),
    Fact("remainder_code", "str", allowed=LAND_USE_CODES, problem=_CODE),
    Fact("commune", "str"),
    Fact("certificate_area", "dec"),
    Fact("measured_area", "dec"),
    Fact("area_dispute", "bool", False),
    Fact("stable_use_from", "date"),
    Fact("payment_proven", "bool", False),
    Fact("house_footprint", "dec"),
    Fact("segment", "str"),
    Fact("with_residence", "bool", False),
    Fact("remainder_recovery", "bool"),
    Fact("term_years", "dec"),
    Fact("remaining_years", "dec"),
    Fact("corridor_area", "dec"),
    Fact("corridor_new_code", "str", allowed=LAND_USE_CODES, problem=_CODE),
    Fact("business_area", "dec"),
    Fact("business_code", "str", allowed=NON_AGRICULTURAL_CODES - RESIDENTIAL_CODES,
         problem="a non-agricultural, non-residential land-use code (e.g. TMD, SKC)"),
    Fact("certification_fee", "int"),
    Fact("transferred_on", "date"),
    Fact("transferor_origin", "str", allowed=TRANSFEROR_ORIGINS,
         problem=f"one of {TRANSFEROR_ORIGINS}"),
    Fact("remainder_buildable", "bool"),
    Fact("in_place_farmland_code", "str", allowed=AGRICULTURAL_CODES,
         problem="an agricultural code"),
    Fact("self_reclaimed", "bool", False),
)  # fmt: skip

# Keys on the parcel that go to its Frontage.
FRONTAGE_FACTS: tuple[Fact, ...] = (
    Fact("depth", "dec", allowed=_AboveZero(), problem="must be above 0 m"),
    Fact("recovered_strip", "str", allowed=STRIPS, problem=f"one of {STRIPS}"),
    Fact("floor_segment", "str"),
    Fact("separated_from_road", "str", allowed=SEPARATIONS, problem=f"one of {SEPARATIONS}"),
)

DEPTH_AREA_FACTS: tuple[Fact, ...] = (
    Fact("from_m", "dec"),
    Fact("to_m", "dec"),
    Fact("area", "dec"),
)

# Item.species is the first non-empty of these (structure class, grave type, livestock
# group), read by hand.
_SPECIES_KEYS = ("species", "class", "type", "group")
ITEM_FACTS: tuple[Fact, ...] = (
    Fact("kind", "str", "", allowed=_ITEM_KIND_VALUES, problem=f"one of {_ITEM_KIND_VALUES}"),
    Fact("id", "str", "", required="required text"),
    Fact("count", "int", 1),
    Fact("parcel_ref", "str", ""),
    Fact("subgroup", "str", ""),
    Fact("quantity", "dec", Decimal(0)),
    Fact("area", "dec"),
    Fact("category", "str", "other"),
    Fact("built_on", "date"),
    Fact("planted_on", "date"),
    Fact("lawful", "bool", True),
    Fact("on_residential_land_without_permit", "bool", False),
    Fact("on_farmland_by_lawful_house", "bool", False),
    Fact("violation_handled", "bool", False),
    Fact("demolition", "str", "full"),
    Fact("remainder_meets_standard", "bool", False),
    Fact("meets_standard", "bool"),
    Fact("demolished_quantity", "dec"),
    Fact("repair_cost", "money"),
    Fact("years_used", "dec"),
    Fact("weight_kg", "dec"),
    Fact("distance_km", "dec"),
    Fact("self_relocated", "bool", False),
    Fact("estimate", "money"),
    Fact("avg_after_tax_income", "money"),
    Fact("has_accounts", "bool", True),
    Fact("registered", "bool", False),
    Fact("employees", "int", 0),
    Fact("costs", "money"),
    Fact("t1_years", "dec"),
    Fact("t2_years", "dec"),
    Fact("after_cutoff", "bool", False),
    Fact("permit_expired", "bool", False),
    Fact("in_power_corridor", "bool", False),
    Fact("damage", "money"),
    Fact("documented", "bool", True),
    Fact("no_other_home", "bool", False),
    Fact(
        "rehousing",
        "str",
        "",
        allowed=("", *REHOUSING),
        problem=f"one of {REHOUSING}",
    ),
)

OTHER_SUPPORT_FACTS: tuple[Fact, ...] = (
    Fact("code", "str", "OTHER"),
    Fact("title", "str", ""),
    Fact("amount", "money", 0),
    Fact("basis", "str", ""),
)

AGREED_AVERAGE_FACTS: tuple[Fact, ...] = (
    Fact("land_use_code", "str", "", allowed=LAND_USE_CODES, problem=_CODE),
    Fact("ttb", "money", 0, required="required integer number of đồng per m²"),
    Fact("tpa", "money", 0, required="required integer number of đồng per m²"),
)


APPROVED_PRICE_FACTS: tuple[Fact, ...] = (
    Fact("code", "str", "", required="required text"),
    Fact("ref", "str", ""),
    Fact("index", "int", 0),
    Fact("unit_price", "dec", Decimal(0), required="required number (đồng per unit)"),
    Fact("coefficient", "dec"),
)


def _keys(*tables: tuple[Fact, ...], section: str = "") -> frozenset[str]:
    return frozenset(f.key for t in tables for f in t if f.section == section)


# Every key the format knows, per object (docs/compute-case-format.md): any other key is
# refused with its path, so that a misspelt fact is not silently left out.
KNOWN_KEYS: dict[str, frozenset[str]] = {
    "case": _keys(CASE_FACTS) | set(_CASE_LISTS[""])
    | {"dates", "support", "resettlement", "handover"},
    "dates": _keys(CASE_FACTS, section="dates"),
    "support": _keys(CASE_FACTS, section="support") | set(_CASE_LISTS["support"]),
    "resettlement": _keys(CASE_FACTS, section="resettlement"),
    "handover": _keys(CASE_FACTS, section="handover"),
    "member": _keys(MEMBER_FACTS),
    "parcel": _keys(PARCEL_FACTS, FRONTAGE_FACTS)
    | {"commune_kind", "other_segments", "alley_segments", "depth_areas"},
    "depth_area": _keys(DEPTH_AREA_FACTS),
    "item": _keys(ITEM_FACTS) | set(_SPECIES_KEYS),
    "other": _keys(OTHER_SUPPORT_FACTS),
    "agreed_average": _keys(AGREED_AVERAGE_FACTS),
    "approved_price": _keys(APPROVED_PRICE_FACTS),
}  # fmt: skip


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

    _KINDS = _ITEM_KIND_VALUES

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

    def facts(
        self, table: tuple[Fact, ...], d: dict[str, Any], p: str, subs: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """The facts of `table` read from `d` (a case: from its sections in `subs`), as
        keyword arguments of the dataclass, with every error of conversion, requirement
        and allowed values."""
        kw: dict[str, Any] = {}
        for f in table:
            src, path = (d, p) if not f.section else (subs[f.section], f"{p}.{f.section}")  # type: ignore[index]
            v = self._get(src, f.key, path, f.conv, f.default)
            if f.required and (not v if f.conv == "str" else src.get(f.key) is None):
                self.err(f"{path}.{f.key}", src.get(f.key), f.required)
            elif f.allowed is not None and v is not None and v not in f.allowed:
                self.err(f"{path}.{f.key}", v if f.conv == "str" else src.get(f.key), f.problem)
            kw[f.name] = v
        return kw

    def case(self, d: Any) -> CaseFacts:
        if not isinstance(d, dict):
            raise FactsError([f"$ = {type(d).__name__}: the case must be a JSON object"])
        p = "$"
        subs: dict[str, Any] = {}
        self.known(d, "case", p)
        for what in ("dates", "handover", "resettlement", "support"):
            sub = subs[what] = d.get(what) or {}
            if isinstance(sub, dict):
                self.known(sub, what, f"$.{what}")
            else:
                self.err(f"$.{what}", sub, "expected an object")
                subs[what] = {}
        facts = CaseFacts(**self.facts(CASE_FACTS, d, p, subs))
        sup = subs["support"]
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
        for i, x in enumerate(self._list(d, "approved_prices", p)):
            facts.approved_prices.append(self.approved(x, f"$.approved_prices[{i}]"))
        refs = [x.ref for x in facts.parcels]
        if len(set(refs)) != len(refs):
            self.err("$.parcels", refs, "parcel refs must be unique")
        ids = [x.id for x in facts.items]
        if len(set(ids)) != len(ids):
            self.err("$.items", ids, "item ids must be unique")
        if self.errors:
            raise FactsError(self.errors)
        return facts

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
        self.known(d, "member", p)
        return Member(**self.facts(MEMBER_FACTS, d, p))

    def parcel(self, d: dict[str, Any], p: str, case: CaseFacts) -> Parcel:
        self.known(d, "parcel", p)
        kw = self.facts(PARCEL_FACTS, d, p)
        if kw["commune"] is None:
            kw["commune"] = case.commune
        kind = d.get("commune_kind", case.commune_kind)
        if kind not in ("ward", "commune"):
            self.err(f"{p}.commune_kind", kind, "ward or commune")
        parcel = Parcel(commune_kind=kind, **kw)
        self._frontage(d, p, parcel)
        recovered = parcel.recovered_area
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
        fr = Frontage(**self.facts(FRONTAGE_FACTS, d, p))
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
            kw = self.facts(DEPTH_AREA_FACTS, x, where)
            start, end, area = kw["from_m"], kw["to_m"], kw["area"]
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

    def item(self, d: dict[str, Any], p: str) -> Item:
        g = self._get
        self.known(d, "item", p)
        kw = self.facts(ITEM_FACTS, d, p)
        species = ""
        for key in _SPECIES_KEYS:
            species = species or g(d, key, p, "str", "")
        return Item(species=species, **kw)

    def agreed(self, d: dict[str, Any], p: str) -> AgreedAverage:
        self.known(d, "agreed_average", p)
        return AgreedAverage(**self.facts(AGREED_AVERAGE_FACTS, d, p))

    def approved(self, d: dict[str, Any], p: str) -> ApprovedPrice:
        self.known(d, "approved_price", p)
        return ApprovedPrice(**self.facts(APPROVED_PRICE_FACTS, d, p))

    def other(self, d: dict[str, Any], p: str) -> OtherSupport:
        self.known(d, "other", p)
        return OtherSupport(**self.facts(OTHER_SUPPORT_FACTS, d, p))


# -- fast path ---------------------------------------------------------------------------
# Accepts only input that the reference parser (_Parser) accepts without any error, and
# builds exactly what it would build; on anything else it raises _Slow and from_dict falls
# back to _Parser, so error messages (JSON path and value) come from one place. It reads
# the same tables: a key's conversion, the allowed values and the required keys.


class _Slow(Exception):
    pass


# How a key is read: str and bool values are taken as they are (checked by exact type);
# the others are converted by _conv.
_STR: Any = str
_BOOL: Any = bool
_DEC, _DATE, _MONEY = 2, 3, 4
_FAST_CONV = {"str": _STR, "bool": _BOOL, "dec": _DEC, "date": _DATE, "money": _MONEY}
_FAST_CONV["int"] = _MONEY  # a non-negative integer: the same test
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


def _spec(*tables: tuple[Fact, ...]) -> dict[str, Any]:
    """JSON key -> how the fast path reads it."""
    return {f.key: _FAST_CONV[f.conv] for t in tables for f in t}


def _checks(table: tuple[Fact, ...]) -> tuple[tuple[str, Any, Any], ...]:
    """(key, default, allowed values) of the keys whose values are restricted."""
    return tuple((f.key, f.default, f.allowed) for f in table if f.allowed is not None)


def _required(table: tuple[Fact, ...]) -> tuple[tuple[str, bool], ...]:
    """(key, is text) of the required keys: text must not be empty, others present."""
    return tuple((f.key, f.conv == "str") for f in table if f.required)


_MEMBER_KEYS = _spec(MEMBER_FACTS)
_PARCEL_KEYS = _spec(PARCEL_FACTS, FRONTAGE_FACTS)
_DEPTH_KEYS = _spec(DEPTH_AREA_FACTS)
_ITEM_KEYS = _spec(ITEM_FACTS)
_OTHER_KEYS = _spec(OTHER_SUPPORT_FACTS)
_AGREED_KEYS = _spec(AGREED_AVERAGE_FACTS)
_APPROVED_KEYS = _spec(APPROVED_PRICE_FACTS)
_CASE_SECTIONS = ("dates", "handover", "resettlement", "support")
# Section -> JSON key -> (CaseFacts field, how the fast path reads it).
_CASE_SPECS: dict[str, dict[str, tuple[str, Any]]] = {
    section: {f.key: (f.name, _FAST_CONV[f.conv]) for f in CASE_FACTS if f.section == section}
    for section in ("", *_CASE_SECTIONS)
}
_PARCEL_OTHER = KNOWN_KEYS["parcel"] - _PARCEL_KEYS.keys()
_ITEM_OTHER = frozenset(_SPECIES_KEYS)
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


def _checker(
    required: tuple[tuple[str, bool], ...], checks: tuple[tuple[str, Any, Any], ...]
) -> Callable[[dict[str, Any]], None]:
    """Compile `kw -> None or _Slow`: _Slow unless the required keys are given (text not
    empty) and every restricted value, or its default, is allowed. One expression built
    from the table (no loop over it per object: this runs for every parcel and item)."""
    env: dict[str, Any] = {"_Slow": _Slow}
    tests = []
    for key, text in required:
        tests.append(f"not kw.get({key!r})" if text else f"{key!r} not in kw")
    for i, (key, default, allowed) in enumerate(checks):
        env[f"A{i}"] = frozenset(allowed) if isinstance(allowed, (tuple, set)) else allowed
        if default is None:
            tests.append(f"((v := kw.get({key!r})) is not None and v not in A{i})")
        else:
            env[f"D{i}"] = default
            tests.append(f"kw.get({key!r}, D{i}) not in A{i}")
    src = "def check(kw):\n"
    if tests:
        src += f"    if {' or '.join(tests)}:\n        raise _Slow\n"
    src += "    return None\n"
    exec(src, env)  # generated from the fact tables above, not from data
    check: Callable[[dict[str, Any]], None] = env["check"]
    return check


_check_parcel = _checker(_required(PARCEL_FACTS), _checks(PARCEL_FACTS))
_check_frontage = _checker((), _checks(FRONTAGE_FACTS))
_check_item = _checker(_required(ITEM_FACTS), _checks(ITEM_FACTS))
# The case's checks read its facts by field name (keys repeat across its sections).
_check_case = _checker(
    tuple((f.name, f.conv == "str") for f in CASE_FACTS if f.required),
    tuple((f.name, f.default, f.allowed) for f in CASE_FACTS if f.allowed is not None),
)
_check_agreed = _checker(_required(AGREED_AVERAGE_FACTS), _checks(AGREED_AVERAGE_FACTS))
_check_approved = _checker(_required(APPROVED_PRICE_FACTS), _checks(APPROVED_PRICE_FACTS))


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


# Keys most parcels do not have: read only when one is present, so the usual parcel pays
# one set test for them.
_FRONTAGE_SCALARS = tuple(f.key for f in FRONTAGE_FACTS)
_RARE_PARCEL_KEYS = frozenset(
    {"business_area", *_FRONTAGE_SCALARS, "other_segments", "alley_segments", "depth_areas"}
)


def _fast_parcel(d: Any, commune: str, commune_kind: str) -> Parcel:
    kw = _fields(d, _PARCEL_KEYS, _PARCEL_OTHER)
    _check_parcel(kw)
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


def _fast_rare_parcel(d: dict[str, Any], kw: dict[str, Any]) -> None:
    """The checks _Parser.parcel and _Parser._frontage make on the rare keys (business
    area, depth and frontage); anything they would refuse goes to them."""
    if "business_area" in kw and kw["business_area"] > kw["recovered_area"]:
        raise _Slow
    fr = {key: kw.pop(key) for key in _FRONTAGE_SCALARS if key in kw}
    _check_frontage(fr)
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
    _check_item(kw)
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
    _check_agreed(kw)
    return AgreedAverage(**kw)


def _fast_approved(d: Any) -> ApprovedPrice:
    kw = _fields(d, _APPROVED_KEYS)
    _check_approved(kw)
    return ApprovedPrice(**kw)


def _sub(d: dict[str, Any], key: str) -> dict[str, Any]:
    v = d.get(key) or {}
    if type(v) is not dict or not v.keys() <= KNOWN_KEYS[key]:
        raise _Slow
    return v


def _read(src: dict[str, Any], spec: dict[str, tuple[str, Any]], kw: dict[str, Any]) -> None:
    """The given keys of one section of the case (its keys already known), converted, into
    `kw` under their field names; absent keys take the dataclass defaults."""
    for key, v in src.items():
        read = spec.get(key)
        if read is not None and v is not None:
            name, conv = read
            kw[name] = v if type(v) is conv else _conv(conv, v)


def _fast_case(d: Any) -> CaseFacts:
    if type(d) is not dict or not d.keys() <= KNOWN_KEYS["case"]:
        raise _Slow
    kw: dict[str, Any] = {}
    _read(d, _CASE_SPECS[""], kw)
    for section in _CASE_SECTIONS:
        _read(_sub(d, section), _CASE_SPECS[section], kw)
    _check_case(kw)
    commune, commune_kind = kw.get("commune", ""), kw.get("commune_kind", "ward")
    sup = d.get("support") or {}
    parcels = [_fast_parcel(x, commune, commune_kind) for x in _objects(d.get("parcels"))]
    items = [_fast_item(x) for x in _objects(d.get("items"))]
    refs = {x.ref for x in parcels}
    ids = {x.id for x in items}
    if len(refs) != len(parcels) or len(ids) != len(items):
        raise _Slow
    return CaseFacts(
        members=[_fast_member(x) for x in _objects(d.get("members"))],
        parcels=parcels,
        items=items,
        other_supports=[_fast_other(x) for x in _objects(sup.get("other"))],
        agreed_averages=[_fast_agreed(x) for x in _objects(sup.get("agreed_average"))],
        approved_prices=[_fast_approved(x) for x in _objects(d.get("approved_prices"))],
        **kw,
    )
