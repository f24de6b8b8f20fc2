"""What every rule needs: the facts, the pack, the user's decisions, and one way to add a line."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from . import cite
from .facts import CaseFacts
from .lines import MISSING_BASIS, NEEDS_CONFIRMATION, OK, Line
from .money import fmt_money
from .pack import Pack, Param

# code -> (Vietnamese title, English title, group)
TITLES: dict[str, tuple[str, str, str]] = {
    "REGIME": ("Chế độ áp dụng", "Applicable regime", "info"),
    "LAND_NONE": ("Không bồi thường về đất", "No land compensation", "info"),
    "LAND": ("Bồi thường về đất", "Land compensation", "land"),
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
    "CROP": ("Bồi thường cây hằng năm", "Annual crops", "assets"),
    "TREE": ("Bồi thường cây lâu năm", "Perennial trees", "assets"),
    "TREE_EXCESS": ("Hỗ trợ cây trồng vượt mật độ", "Support for trees above density", "assets"),
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
    "JOB_CONVERSION": (
        "Hỗ trợ đào tạo, chuyển đổi nghề và tìm kiếm việc làm",
        "Job-conversion support",
        "support",
    ),
    "RENTAL": ("Hỗ trợ tiền thuê nhà", "Rental support", "support"),
    "SELF_ARRANGED": ("Hỗ trợ tự lo chỗ ở", "Self-arranged housing support", "support"),
    "OTHER_SUPPORT": ("Hỗ trợ khác", "Other support", "support"),
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
    "DEDUCTION_DEBT": (
        "Nghĩa vụ tài chính còn ghi nợ",
        "Unpaid obligations carried as debt",
        "debt",
    ),
}


class Ctx:
    __slots__ = (
        "agri_portions",
        "decisions",
        "facts",
        "land_price_basis",
        "lines",
        "pack",
        "residential_comp",
        "rnd",
        "stop",
    )

    def __init__(
        self, facts: CaseFacts, pack: Pack, decisions: Mapping[str, Mapping[str, Any]] | None
    ) -> None:
        self.facts = facts
        self.pack = pack
        self.decisions = decisions or {}
        self.lines: list[Line] = []
        self.rnd = pack.line_rounding
        self.stop = False
        # (land-use code, eligible recovered area, commune, kind, position) of agricultural
        # land that qualifies for compensation: the base of several supports.
        self.agri_portions: list[tuple[str, Decimal, str, str, str]] = []
        self.residential_comp = 0
        self.land_price_basis = "table_x_k"

    # -- lines ---------------------------------------------------------------------------
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
        value = amount if isinstance(amount, int) else self.rnd(amount)
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

    # -- params --------------------------------------------------------------------------
    def params(self, *keys: str) -> tuple[tuple[Any, ...], tuple[str, ...], tuple[str, ...]]:
        """Values of pack params, what is missing (for the note), and their sources."""
        return self.pack.lookup(keys)


def source_of(p: Param) -> str:
    return p.source + (" (minh họa)" if p.illustrative else "")


def _join(a: str, b: str) -> str:
    return f"{a}; {b}" if a else b


def money(v: Decimal | int) -> str:
    return fmt_money(v)


__all__ = ["MISSING_BASIS", "NEEDS_CONFIRMATION", "OK", "TITLES", "Ctx", "cite"]
