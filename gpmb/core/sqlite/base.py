"""The embedded SQLite backend, reading back every number it holds.

SQLite keeps a decimal column as a REAL whatever its declared precision, so a row can
hold 10^20 in a column declared for 14 digits (a direct write, an old import, a repair
by hand). Django's reader quantizes it within the declared precision and raises
InvalidOperation, and every page that lists the row answers 500 with no way to fix it
from the web (UX review D1). This reader quantizes with room for any REAL: the value
comes back as stored, the page shows it, and the field's range (core.bounds) refuses it
on the next edit with a message."""

from __future__ import annotations

import decimal
from typing import Any

from django.db.backends.sqlite3 import base, operations
from django.db.models.expressions import Col

# A REAL reaches 1.8 × 10^308: its digits and any declared decimals fit in this.
WIDE = decimal.Context(prec=400)


class DatabaseOperations(operations.DatabaseOperations):
    def get_decimalfield_converter(self, expression: Any) -> Any:
        converter = super().get_decimalfield_converter(expression)
        if not isinstance(expression, Col):
            return converter
        exact = decimal.Context(prec=15).create_decimal_from_float  # SQLite keeps 15 digits
        field: Any = expression.output_field
        cents = decimal.Decimal(1).scaleb(-field.decimal_places)

        def wide(value: Any, expression: Any, connection: Any) -> Any:
            if value is None:
                return None
            number = exact(value)
            return number.quantize(cents, context=WIDE) if number.is_finite() else number

        return wide


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
