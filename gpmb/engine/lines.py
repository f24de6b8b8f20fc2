"""Calculation lines and the result of a computation."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

OK = "ok"
NEEDS_CONFIRMATION = "needs_confirmation"
MISSING_BASIS = "missing_basis"
STATUSES = (OK, NEEDS_CONFIRMATION, MISSING_BASIS)

# Groups of lines, and of Result.totals.
LAND = "land"
ASSETS = "assets"
SUPPORT = "support"
RESETTLEMENT = "resettlement"
DEDUCTIONS = "deductions"
DEBT = "debt"
INFO = "info"  # regime and eligibility notes: amount always 0
GROUPS = (LAND, ASSETS, SUPPORT, RESETTLEMENT, DEDUCTIONS, DEBT, INFO)


class Formula:
    """A formula rendered on demand from parts (text, or callables returning text)."""

    __slots__ = ("parts",)

    def __init__(self, *parts: str | Callable[[], str]) -> None:
        self.parts = parts

    def __add__(self, part: str | Callable[[], str]) -> Formula:
        return Formula(*self.parts, part)

    def __call__(self) -> str:
        return "".join(p if isinstance(p, str) else p() for p in self.parts)


class Line:
    """One entitlement with its basis. `amount` is integer đồng, already rounded.

    A plain slotted class rather than a dataclass so that `formula` can be given as a
    zero-argument callable and rendered only when read: a batch of 20,000 households
    computes totals without formatting 250,000 strings nobody looks at.
    """

    __slots__ = (
        "_formula",
        "amount",
        "citations",
        "code",
        "coefficient",
        "decision",
        "decision_key",
        "deductible",
        "group",
        "note",
        "options",
        "quantity",
        "ref",
        "status",
        "title_en",
        "title_vi",
        "unit",
        "unit_price",
    )

    def __init__(
        self,
        code: str,
        title_vi: str,
        title_en: str,
        group: str,
        quantity: Decimal,
        unit: str,
        unit_price: Decimal | None,
        coefficient: Decimal | None,
        amount: int,
        formula: str | Callable[[], str],
        citations: tuple[str, ...],
        status: str = OK,
        decision_key: str | None = None,
        options: tuple[str, ...] = (),
        decision: dict[str, Any] | None = None,
        note: str = "",
        ref: str = "",
        deductible: bool = False,
    ) -> None:
        self.code = code
        self.title_vi = title_vi
        self.title_en = title_en
        self.group = group
        self.quantity = quantity
        self.unit = unit
        self.unit_price = unit_price
        self.coefficient = coefficient
        self.amount = amount
        self._formula = formula
        self.citations = citations
        self.status = status
        self.decision_key = decision_key
        self.options = options
        self.decision = decision
        self.note = note
        self.ref = ref
        # Part of land compensation that unpaid land obligations may be offset against
        # (Land Law 2024 Art. 94(6)); set by the rules, read by the deduction rule.
        self.deductible = deductible

    @property
    def formula(self) -> str:
        f = self._formula
        if not isinstance(f, str):
            f = self._formula = f()
        return f

    def __repr__(self) -> str:
        return f"Line({self.code!r}, {self.amount}, {self.status!r}, ref={self.ref!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Line) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title_vi": self.title_vi,
            "title_en": self.title_en,
            "group": self.group,
            "quantity": _dec_str(self.quantity),
            "unit": self.unit,
            "unit_price": _dec_str(self.unit_price),
            "coefficient": _dec_str(self.coefficient),
            "amount": self.amount,
            "formula": self.formula,
            "citations": list(self.citations),
            "status": self.status,
            "decision_key": self.decision_key,
            "options": list(self.options),
            "decision": self.decision,
            "note": self.note,
            "ref": self.ref,
        }


def _dec_str(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


class Result:
    """Lines of one case, their totals and a deterministic digest."""

    __slots__ = ("_digest", "_facts", "_pack_digest", "lines", "totals")

    def __init__(
        self,
        lines: list[Line],
        totals: dict[str, int],
        facts: Any,
        pack_digest: str,
    ) -> None:
        self.lines = lines
        self.totals = totals
        self._facts = facts  # CaseFacts; serialised only when the digest is asked for
        self._pack_digest = pack_digest
        self._digest: str | None = None

    @property
    def status(self) -> str:
        """Worst status of the lines: a plan can be submitted only when this is ok."""
        statuses = {line.status for line in self.lines}
        for status in (MISSING_BASIS, NEEDS_CONFIRMATION):
            if status in statuses:
                return status
        return OK

    @property
    def digest(self) -> str:
        """sha256 of facts + pack digest + lines, computed on first use (batch speed)."""
        if self._digest is None:
            payload = {
                "facts": self._facts.to_dict(),
                "pack": self._pack_digest,
                "lines": [line.to_dict() for line in self.lines],
            }
            text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            self._digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return self._digest

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "totals": dict(self.totals),
            "lines": [line.to_dict() for line in self.lines],
            "pack_digest": self._pack_digest,
            "digest": self.digest,
        }
