"""Calculation lines and the result of a computation."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
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


@dataclass(slots=True)
class Line:
    """One entitlement with its basis. `amount` is integer đồng, already rounded."""

    code: str
    title_vi: str
    title_en: str
    group: str
    quantity: Decimal
    unit: str
    unit_price: Decimal | None
    coefficient: Decimal | None
    amount: int
    formula: str
    citations: tuple[str, ...]
    status: str = OK
    decision_key: str | None = None
    options: tuple[str, ...] = ()
    decision: dict[str, Any] | None = None
    note: str = ""
    ref: str = ""
    # Part of land compensation that unpaid land obligations may be offset against
    # (Land Law 2024 Art. 94(6)); set by the rules, read by the deduction rule.
    deductible: bool = field(default=False)

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

    __slots__ = ("_digest", "_facts_dict", "_pack_digest", "lines", "totals")

    def __init__(
        self,
        lines: list[Line],
        totals: dict[str, int],
        facts_dict: dict[str, Any],
        pack_digest: str,
    ) -> None:
        self.lines = lines
        self.totals = totals
        self._facts_dict = facts_dict
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
                "facts": self._facts_dict,
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
