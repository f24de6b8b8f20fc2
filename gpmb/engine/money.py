"""Exact money: Decimal arithmetic, integer đồng results, the pack's rounding rule.

No float ever touches money. Quantities (m², trees, kg) are Decimal; amounts are int đồng.
"""

from __future__ import annotations

import decimal
import operator
from collections.abc import Callable
from decimal import Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

_MODES = {
    "half_up": decimal.ROUND_HALF_UP,
    "half_even": decimal.ROUND_HALF_EVEN,
    "up": decimal.ROUND_UP,
    "down": decimal.ROUND_DOWN,
    "ceiling": decimal.ROUND_CEILING,
    "floor": decimal.ROUND_FLOOR,
}
ROUNDING_MODES = frozenset(_MODES)


def dec(value: object) -> Decimal:
    """Exact Decimal from int, str or Decimal. Floats are refused: they are not exact."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("bool is not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except decimal.InvalidOperation:
            raise ValueError(f"not a number: {value!r}") from None
    if isinstance(value, float):
        # YAML/JSON may hand us a float for "0.4"; its repr is the shortest exact decimal
        # string of what the author typed, so this is safe for data files.
        return Decimal(repr(value))
    raise TypeError(f"not a number: {value!r}")


class Rounding:
    """A rounding rule: to a multiple of `unit` đồng with a named mode."""

    __slots__ = ("_mode", "_unit", "mode", "quantize_to_unit", "unit")

    def __init__(self, unit: int = 1, mode: str = "half_up") -> None:
        if mode not in _MODES:
            raise ValueError(f"unknown rounding mode {mode!r}")
        self.unit = unit
        self.mode = mode
        self._mode = _MODES[mode]
        self._unit = Decimal(unit)
        # For unit 1: amount -> amount.quantize(1, mode) in C (int() of it is __call__);
        # callers on the hot path use it to skip a Python-level call per line.
        self.quantize_to_unit: Callable[[Decimal], Decimal] | None = (
            operator.methodcaller("quantize", ONE, self._mode) if unit == 1 else None
        )

    def __call__(self, amount: Decimal) -> int:
        # rounding given positionally: keyword parsing doubled the cost of a quantize
        if self.unit == 1:
            return int(amount.quantize(ONE, self._mode))
        return int((amount / self._unit).quantize(ONE, self._mode)) * self.unit

    def round_int(self, amount: int) -> int:
        """`self(Decimal(amount))` for an integer amount, in integer arithmetic."""
        unit = self.unit
        if unit == 1:
            return amount
        whole, rest = divmod(-amount if amount < 0 else amount, unit)
        if rest:
            mode, negative = self.mode, amount < 0
            if (
                mode == "up"
                or (mode == "half_up" and rest + rest >= unit)
                or (
                    mode == "half_even"
                    and (rest + rest > unit or (rest + rest == unit and whole % 2))
                )
                or (mode == "ceiling" and not negative)
                or (mode == "floor" and negative)
            ):
                whole += 1
        return (-whole if amount < 0 else whole) * unit

    def describe(self) -> str:
        return f"làm tròn {self.mode} đến {self.unit:,} đồng".replace(",", ".")


def fmt_money(amount: int | Decimal) -> str:
    """Vietnamese grouping: 1.234.567."""
    if isinstance(amount, Decimal) and amount != amount.to_integral_value():
        return fmt_num(amount)
    return f"{int(amount):,}".replace(",", ".")


# Formulas repeat the same areas, prices and coefficients (the demo's 55,000 numbers
# hold 12,000 distinct values). The text depends only on the value (equal Decimals such
# as 1.2 and 1.20 normalise alike), so each is formatted once.
_NUM_TEXT: dict[Decimal, str] = {}
_NUM_TEXT_MAX = 50_000


def fmt_num(value: Decimal) -> str:
    """Vietnamese decimal: 1.234,5 (thousands '.', decimal ',')."""
    text = _NUM_TEXT.get(value)
    if text is not None:
        return text
    if value == value.to_integral_value():
        text = f"{int(value):,}".replace(",", ".")
    else:
        whole, _, frac = format(value.normalize(), "f").partition(".")
        sign = "-" if whole.startswith("-") else ""
        whole = whole.lstrip("-")
        text = f"{sign}{int(whole):,}".replace(",", ".") + "," + frac
    if len(_NUM_TEXT) < _NUM_TEXT_MAX:
        _NUM_TEXT[value] = text
    return text
