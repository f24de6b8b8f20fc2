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


_sha256 = hashlib.sha256


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


# Changes whenever what the digest covers, or how, changes (v1 hashed facts.to_dict() and
# every line's to_dict(), formula text included, as one sorted-keys JSON object).
DIGEST_FORMAT = "gpmb-result-digest-v2"

# The rules share a few citation tuples among all lines; each is hashed once.
_CITATION_KEYS: dict[tuple[str, ...], str] = {}


def _citations_key(citations: tuple[str, ...]) -> str:
    if type(citations) is not tuple:
        citations = tuple(citations)
    key = _CITATION_KEYS.get(citations)
    if key is None:
        text = json.dumps(citations, ensure_ascii=False, separators=(",", ":"))
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if len(_CITATION_KEYS) < 10_000:
            _CITATION_KEYS[citations] = key
    return key


def _line_text(x: Line) -> str:
    """A line's data fields, '|'-separated: text as a Python literal (repr: quoted and
    escaped, so unambiguous) except the engine's own codes (code, group, status: fixed
    words), numbers and None as themselves, Decimals as their text, the citations by the
    sha256 of their JSON, a decision as sorted-keys JSON."""
    c = x.citations
    ck = _CITATION_KEYS.get(c) if type(c) is tuple else None
    if ck is None:
        ck = _citations_key(c)
    d = x.decision
    dj = "None" if d is None else json.dumps(d, sort_keys=True, ensure_ascii=False)
    return (
        f"{x.code}|{x.group}|{x.quantity!s}|{x.unit!r}|{x.unit_price!s}|{x.coefficient!s}|"
        f"{x.amount}|{ck}|{x.status}|{x.decision_key!r}|{x.options!r}|{dj}|{x.note!r}|{x.ref!r}"
    )


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
        """sha256 of facts + pack digest + lines, computed on first use (batch speed).

        What is hashed is the canonical JSON array [format tag, facts, pack digest, lines]
        where the facts are the sha256 of `CaseFacts.digest_text()` (every field, fixed
        order) and the lines the sha256 of their canonical texts (see _line_text), one per
        line, joined by newlines (which the texts never contain). Titles and formula
        text are not hashed: they follow from the line code, the facts and the pack (all
        hashed) and the engine version (the format tag); rendering every formula and
        encoding every field as JSON was most of the cost of hashing a batch.
        """
        if self._digest is None:
            facts = _sha256(self._facts.digest_text().encode("utf-8")).hexdigest()
            lines = "\n".join([_line_text(x) for x in self.lines])  # no raw newline inside
            payload = [DIGEST_FORMAT, facts, self._pack_digest, _sha256(lines.encode()).hexdigest()]
            text = json.dumps(payload, separators=(",", ":"))
            self._digest = _sha256(text.encode("ascii")).hexdigest()
        return self._digest

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "totals": dict(self.totals),
            "lines": [line.to_dict() for line in self.lines],
            "pack_digest": self._pack_digest,
            "digest": self.digest,
        }
