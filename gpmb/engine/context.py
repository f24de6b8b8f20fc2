"""What every rule needs: the facts, the pack, the user's decisions, and one way to add a line."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from . import cite
from .facts import CaseFacts
from .lines import MISSING_BASIS, NEEDS_CONFIRMATION, OK, Line
from .money import ZERO, fmt_money
from .pack import Pack, Param

# code -> (Vietnamese title, English title, group)
TITLES: dict[str, tuple[str, str, str]] = {
    "REGIME": ("Chế độ áp dụng", "Applicable regime", "info"),
    "LAND_NONE": ("Không bồi thường về đất", "No land compensation", "info"),
    "LAND": ("Bồi thường về đất", "Land compensation", "land"),
    "CORRIDOR": (
        "Bồi thường thiệt hại do hạn chế khả năng sử dụng đất (hành lang bảo vệ an toàn)",
        "Damage from restricted use of land in a safety corridor",
        "land",
    ),
    "LAND_PRICE_RULE": (
        "Cách áp dụng quy định giá đất theo vị trí, chiều sâu",
        "How the price rules for position and depth apply",
        "info",
    ),
    "LAND_LIMIT_RULE": (
        "Hạn mức giao đất nông nghiệp áp dụng",
        "Agricultural allocation limit applied",
        "info",
    ),
    "SUPPORT_BASE_RULE": (
        "Diện tích đất nông nghiệp tính hỗ trợ",
        "Agricultural area counted for supports",
        "info",
    ),
    "RESIDENTIAL_AREA_RULE": (
        "Diện tích đất ở được bồi thường",
        "Residential area compensated",
        "info",
    ),
    "LAND_REMAINDER": (
        "Bồi thường phần diện tích còn lại dưới mức tối thiểu",
        "Compensation for a remainder below the minimum parcel area",
        "land",
    ),
    "LAND_FIXED_TERM": ("Bồi thường đất có thời hạn", "Compensation for fixed-term land", "land"),
    "REMAINING_INVESTMENT": (
        "Bồi thường chi phí đầu tư vào đất còn lại",
        "Remaining investment in land",
        "land",
    ),
    "LAND_SUPPORT": (
        "Hỗ trợ diện tích đất không được bồi thường",
        "Support for land area not compensated",
        "support",
    ),
    "STRUCTURE": ("Bồi thường nhà, công trình xây dựng", "Houses and structures", "assets"),
    "STRUCTURE_SUPPORT": (
        "Hỗ trợ nhà, công trình không đủ điều kiện bồi thường",
        "Support for structures not eligible for compensation",
        "assets",
    ),
    "AFTER_CUTOFF": (
        "Tài sản tạo lập sau thông báo thu hồi đất",
        "Asset created after the recovery notice",
        "assets",
    ),
    "CROP": ("Bồi thường cây hằng năm", "Annual crops", "assets"),
    "TREE": ("Bồi thường cây lâu năm", "Perennial trees", "assets"),
    "TREE_EXCESS": ("Hỗ trợ cây trồng vượt mật độ", "Support for trees above density", "assets"),
    "PLANT_MOVING": (
        "Bồi thường chi phí di chuyển và thiệt hại cây trồng di chuyển được",
        "Moving cost and damage of plants that can be moved",
        "assets",
    ),
    "FOREST": ("Bồi thường rừng tự nhiên, rừng trồng", "Natural and planted forests", "assets"),
    "STATE_HOUSING_REPAIR": (
        "Bồi thường chi phí tự cải tạo, sửa chữa nhà ở thuộc sở hữu nhà nước",
        "Own renovation costs of a state-owned house",
        "assets",
    ),
    "STATE_HOUSING_REHOUSING": (
        "Hỗ trợ chỗ ở cho người đang thuê nhà ở thuộc sở hữu nhà nước",
        "Rehousing of a tenant of a state-owned house",
        "support",
    ),
    "EXPIRED_PERMIT_SUPPORT": (
        "Hỗ trợ tháo dỡ, phá dỡ, di dời công trình theo giấy phép xây dựng có thời hạn đã hết hạn",
        "Support to dismantle a structure whose time-limited building permit has expired",
        "support",
    ),
    "CORRIDOR_STRUCTURE": (
        "Bồi thường, hỗ trợ nhà, công trình trong hành lang an toàn lưới điện",
        "House or structure in a power line's safety corridor",
        "assets",
    ),
    "CORRIDOR_STRUCTURE_SUPPORT": (
        "Hỗ trợ nhà, công trình trong hành lang an toàn lưới điện (đất không đủ điều kiện)",
        "Support for a house in a power line's safety corridor (land not eligible)",
        "support",
    ),
    "GRAVE": ("Bồi thường di chuyển mồ mả", "Grave relocation", "assets"),
    "GRAVE_SELF": (
        "Hỗ trợ tự bố trí đất di chuyển mồ mả",
        "Support for self-arranged grave land",
        "support",
    ),
    "MOVING": ("Bồi thường chi phí di chuyển tài sản", "Moving costs", "assets"),
    "LIVESTOCK": ("Hỗ trợ di dời vật nuôi", "Livestock moving support", "support"),
    "LIFE_STABILISATION": ("Hỗ trợ ổn định đời sống", "Life-stabilisation support", "support"),
    "PRODUCTION_AGRI": (
        "Hỗ trợ ổn định sản xuất (đất nông nghiệp)",
        "Production stabilisation support (agricultural land)",
        "support",
    ),
    "PRODUCTION_BUSINESS": (
        "Hỗ trợ ổn định sản xuất, kinh doanh",
        "Production and business stabilisation support",
        "support",
    ),
    "PRODUCTION_CONTRACTED": (
        "Hỗ trợ ổn định sản xuất (đất nhận giao khoán)",
        "Production stabilisation support (contracted land)",
        "support",
    ),
    "PRODUCTION_EMPLOYEES": (
        "Hỗ trợ trợ cấp ngừng việc cho người lao động",
        "Stoppage allowance for employees",
        "support",
    ),
    "JOB_CONVERSION": (
        "Hỗ trợ đào tạo, chuyển đổi nghề và tìm kiếm việc làm",
        "Job-conversion support",
        "support",
    ),
    "RENTAL": ("Hỗ trợ tiền thuê nhà", "Rental support", "support"),
    "SELF_ARRANGED": ("Hỗ trợ tự lo chỗ ở", "Self-arranged housing support", "support"),
    "OTHER_SUPPORT": ("Hỗ trợ khác", "Other support", "support"),
    "ORGANISATION_SUPPORT": (
        "Hỗ trợ tổ chức phải di dời đến cơ sở mới",
        "Support for an organisation that must move to a new site",
        "support",
    ),
    "AGREED_PRICE_TOPUP": (
        "Số tiền chênh lệch so với giá đất bình quân đã thỏa thuận",
        "Top-up to the average agreed land price",
        "support",
    ),
    "EARLY_HANDOVER": (
        "Thưởng bàn giao mặt bằng trước thời hạn",
        "Early-handover bonus",
        "support",
    ),
    "RESETTLEMENT_FEE": (
        "Tiền sử dụng đất lô tái định cư",
        "Resettlement plot land use fee",
        "resettlement",
    ),
    "IN_PLACE_RESETTLEMENT": (
        "Tái định cư tại chỗ: miễn tiền sử dụng đất khi chuyển đất nông nghiệp sang đất ở",
        "In-place resettlement: no land use fee on converting farmland to residential",
        "info",
    ),
    "RESETTLEMENT_HOUSE": (
        "Tiền mua nhà ở tái định cư",
        "Price of the resettlement house",
        "resettlement",
    ),
    "OTHER_LAND_FEE": (
        "Tiền sử dụng đất khi bồi thường bằng đất có mục đích sử dụng khác",
        "Land use fee for land of another use given in compensation",
        "resettlement",
    ),
    "OTHER_LAND_RENT": (
        "Tiền thuê đất khi bồi thường bằng cho thuê đất có mục đích sử dụng khác",
        "Land rent for land of another use leased in compensation",
        "resettlement",
    ),
    "RESETTLEMENT_TOPUP": (
        "Hỗ trợ đủ suất tái định cư tối thiểu",
        "Top-up to a minimum resettlement unit",
        "resettlement",
    ),
    "RESETTLEMENT_DEBT_RECORDED": (
        "Tiền sử dụng đất được ghi nợ",
        "Land use fee recorded as debt",
        "resettlement",
    ),
    "RESETTLEMENT_DEBT": ("Nợ tiền sử dụng đất tái định cư", "Resettlement fee debt", "debt"),
    "DEDUCTION": (
        "Khấu trừ nghĩa vụ tài chính chưa thực hiện",
        "Deduction of unpaid land obligations",
        "deductions",
    ),
    "LAND_FEE_OVER_LIMIT": (
        "Trừ tiền sử dụng đất phần đất ở vượt hạn mức",
        "Land-use fee deducted for residential area above the limit",
        "deductions",
    ),
    "LAND_FEE_ON_CERTIFICATION": (
        "Trừ tiền sử dụng đất, tiền thuê đất phải nộp như khi được cấp Giấy chứng nhận",
        "Land-use fee or rent payable as on certification, deducted",
        "deductions",
    ),
    "SHARE": (
        "Phần của người có chung quyền sử dụng đất",
        "Share of a co-holder",
        "info",
    ),
    "DEDUCTION_DEBT": (
        "Nghĩa vụ tài chính còn ghi nợ",
        "Unpaid obligations carried as debt",
        "debt",
    ),
}


_new_line = object.__new__


class Ctx:
    __slots__ = (
        "_agri_area",
        "_half_up",
        "_quantize",
        "agri_ineligible",
        "agri_limit_used",
        "agri_portions",
        "contracted_portions",
        "decisions",
        "facts",
        "land_price_basis",
        "lines",
        "pack",
        "params",
        "residential_comp",
        "residential_eligible",
        "residential_lines",
        "rnd",
        "stop",
        "tree_budget",
    )

    def __init__(
        self, facts: CaseFacts, pack: Pack, decisions: Mapping[str, Mapping[str, Any]] | None
    ) -> None:
        self.facts = facts
        self.pack = pack
        self.decisions = decisions or {}
        self.lines: list[Line] = []
        self.rnd = pack.line_rounding
        # Rounding to whole đồng (the usual rule) without a Python-level call per line.
        self._quantize = self.rnd.quantize_to_unit
        self._half_up = self.rnd.unit == 1 and self.rnd.mode == "half_up"
        # Values of pack params, what is missing (for the note), and their sources.
        # ctx.params["a", "b"] -> (values, missing, sources): see Pack.lookup.
        self.params = pack.param_lookup
        self.stop = False
        # (land-use code, eligible recovered area, commune, kind, position) of agricultural
        # land that qualifies for compensation: the base of several supports.
        self.agri_portions: list[tuple[str, Decimal, str, str, str | None]] = []
        self._agri_area: tuple[int, Decimal] | None = None
        # Recovered agricultural land not eligible for land compensation, by kind
        # ("contracted" or "not_eligible"): the base of Decree 88 Art. 19(2) support.
        # None until a parcel adds to it (most cases have none).
        self.agri_ineligible: dict[str, Decimal] | None = None
        # Area of the Art. 176 allocation limit already given, by limit group, to land
        # without a certificate (Decree 88 Art. 12(1)-(3): the limit is the person's).
        self.agri_limit_used: dict[str, Decimal] = {}
        # (land-use code, area, commune, kind, position) of contracted agricultural land
        # (giao khoán): the base of Decree 88 Art. 20(1)(b), (5) production support.
        self.contracted_portions: list[tuple[str, Decimal, str, str, str]] | None = None
        self.residential_comp = 0
        # The lines (by id) that residential_comp counts: a rule that changes one of their
        # amounts afterwards (Land Law Art. 94(5)) changes residential_comp with it.
        self.residential_lines: set[int] = set()
        # Some recovered residential land qualifies for compensation (Land Law Art. 95).
        self.residential_eligible = False
        self.land_price_basis = "table_x_k"
        # Trees left in each parcel's shared density budget (crops.density_rule
        # shared_budget_per_m2), by parcel ref; None until a tree draws on one.
        self.tree_budget: dict[str, Decimal] | None = None

    # -- lines ---------------------------------------------------------------------------
    def to_dong(self, amount: Decimal) -> int:
        """A line amount rounded by the pack's line rule, as integer đồng."""
        if self._half_up:
            # Rounding half up to whole đồng in exact integer arithmetic (the same result
            # as Decimal.quantize(1, ROUND_HALF_UP), at a third of the cost).
            n, d = amount.as_integer_ratio()
            if d == 1:
                return n
            whole, rest = divmod(n if n >= 0 else -n, d)
            if rest + rest >= d:
                whole += 1
            return whole if n >= 0 else -whole
        if (q := self._quantize) is not None:
            return int(q(amount))
        return int(self.rnd(amount))

    def add(
        self,
        code: str,
        *,
        quantity: Decimal,
        unit: str,
        unit_price: Decimal | None,
        coefficient: Decimal | None,
        amount: Decimal | int,
        formula: str | Callable[[], str],
        citations: tuple[str, ...],
        ref: str = "",
        status: str = OK,
        decision_key: str | None = None,
        options: tuple[str, ...] = (),
        note: str = "",
        deductible: bool = False,
        sign: int = 1,
    ) -> Line:
        vi, en, group = TITLES[code]
        value = amount if isinstance(amount, int) else self.to_dong(amount)
        decision: dict[str, Any] | None = None
        if decision_key is not None:
            given = self.decisions.get(decision_key)
            if given is not None and given.get("choice") in options:
                status = OK if status == NEEDS_CONFIRMATION else status
                decision = dict(given)
            elif given is not None:
                note = _join(note, f"quyết định không hợp lệ: {given.get('choice')!r}")
        line = Line(
            code,
            vi,
            en,
            group,
            quantity,
            unit,
            unit_price,
            coefficient,
            sign * value,
            formula,
            citations,
            status,
            decision_key,
            options,
            decision,
            note,
            ref,
            deductible,
        )
        self.lines.append(line)
        return line

    def put(
        self,
        code: str,
        quantity: Decimal,
        unit: str,
        unit_price: Decimal | None,
        coefficient: Decimal | None,
        amount: Decimal | int,
        formula: str | Callable[[], str],
        citations: tuple[str, ...],
        ref: str,
        note: str = "",
        deductible: bool = False,
    ) -> Line:
        """`add` for the common line (status ok, no decision, positive), with positional
        arguments: the same line, without keyword matching on the hot path."""
        value = amount if isinstance(amount, int) else self.to_dong(amount)
        # Line(...) with its fields set here rather than through Line.__init__ (one Python
        # call less per line); the same fields as Line.__init__ sets.
        line = _new_line(Line)
        line.code = code
        line.title_vi, line.title_en, line.group = TITLES[code]
        line.quantity = quantity
        line.unit = unit
        line.unit_price = unit_price
        line.coefficient = coefficient
        line.amount = value
        line._formula = formula
        line.citations = citations
        line.status = OK
        line.decision_key = None
        line.options = ()
        line.decision = None
        line.note = note
        line.ref = ref
        line.deductible = deductible
        self.lines.append(line)
        return line

    def agri_area(self) -> Decimal:
        """Total eligible agricultural area (the sum over agri_portions), summed once."""
        memo = self._agri_area
        n = len(self.agri_portions)
        if memo is None or memo[0] != n:
            total = ZERO
            for portion in self.agri_portions:
                total += portion[1]
            memo = self._agri_area = (n, total)
        return memo[1]

    def add_ineligible_agri(self, kind: str, area: Decimal, parcel: Any = None) -> None:
        found = self.agri_ineligible
        if found is None:
            found = self.agri_ineligible = {}
        found[kind] = found.get(kind, ZERO) + area
        if kind == "contracted" and parcel is not None:
            portions = self.contracted_portions
            if portions is None:
                portions = self.contracted_portions = []
            portions.append(
                (parcel.land_use_code, area, parcel.commune, parcel.commune_kind, parcel.position)
            )

    def choice(self, key: str, options: tuple[str, ...]) -> str | None:
        """The user's settled choice for an ambiguity, or None while unsettled."""
        d = self.decisions.get(key)
        if d is not None and d.get("choice") in options:
            return str(d["choice"])
        return None

    def missing(
        self,
        code: str,
        *,
        ref: str,
        what: Sequence[str],
        citations: tuple[str, ...],
        quantity: Decimal = Decimal(0),
        unit: str = "",
        unit_price: Decimal | None = None,
        coefficient: Decimal | None = None,
    ) -> Line:
        """A line the pack or the facts cannot price: amount 0, says what is missing."""
        return self.add(
            code,
            quantity=quantity,
            unit=unit,
            unit_price=unit_price,
            coefficient=coefficient,
            amount=0,
            formula="thiếu căn cứ: " + "; ".join(what),
            citations=citations,
            ref=ref,
            status=MISSING_BASIS,
            note="; ".join(what),
        )


def source_of(p: Param) -> str:
    return p.source + (" (minh họa)" if p.illustrative else "")


def _join(a: str, b: str) -> str:
    return f"{a}; {b}" if a else b


def money(v: Decimal | int) -> str:
    return fmt_money(v)


__all__ = ["MISSING_BASIS", "NEEDS_CONFIRMATION", "OK", "TITLES", "Ctx", "cite"]
