"""Exact money: Decimal arithmetic, integer đồng results, the pack's rounding rule.

No float ever touches money. Quantities (m², trees, kg) are Decimal; amounts are int đồng.
"""

from __future__ import annotations

import decimal
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

    __slots__ = ("_mode", "_unit", "mode", "unit")

    def __init__(self, unit: int = 1, mode: str = "half_up") -> None:
        if mode not in _MODES:
            raise ValueError(f"unknown rounding mode {mode!r}")
        self.unit = unit
        self.mode = mode
        self._mode = _MODES[mode]
        self._unit = Decimal(unit)

    def __call__(self, amount: Decimal) -> int:
        if self.unit == 1:
            return int(amount.quantize(ONE, rounding=self._mode))
        return int((amount / self._unit).quantize(ONE, rounding=self._mode)) * self.unit

    def describe(self) -> str:
        return f"làm tròn {self.mode} đến {self.unit:,} đồng".replace(",", ".")


def fmt_money(amount: int | Decimal) -> str:
    """Vietnamese grouping: 1.234.567."""
    if isinstance(amount, Decimal) and amount != amount.to_integral_value():
        return fmt_num(amount)
    return f"{int(amount):,}".replace(",", ".")


def fmt_num(value: Decimal) -> str:
    """Vietnamese decimal: 1.234,5 (thousands '.', decimal ',')."""
    if value == value.to_integral_value():
        return f"{int(value):,}".replace(",", ".")
    text = format(value.normalize(), "f")
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    return f"{sign}{int(whole):,}".replace(",", ".") + "," + frac
