"""How much a file may hold before GPMB refuses to read it — one place for every reader.

A small upload can expand enormously: a 1.5 KB workbook with cells at A1 and XFD1048576
asked the Excel reader for 512 GiB and killed the server; a 3.6 MB workbook or ZIP can
inflate to gigabytes. Readers check a file against these limits before reading it and
refuse it with a message naming the file and the limit. Each limit can be changed from
the environment (documented in .env.example)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from gpmb.core.env import ConfigError

MiB = 1 << 20


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ConfigError(f"{name}={raw!r}: expected a positive whole number")
    return value


@dataclass(frozen=True)
class ReadLimits:
    # Every member of a ZIP (an XLSX is one) inflated, in all.
    unpacked_bytes: int
    # One worksheet: rows and columns from A1 to its farthest cell, and their product
    # (the reader holds that rectangle in memory).
    sheet_rows: int
    sheet_columns: int
    sheet_cells: int


def read_limits() -> ReadLimits:
    """The limits in force, read from the environment each time (tests may set it)."""
    return ReadLimits(
        unpacked_bytes=_env_int("GPMB_MAX_UNPACKED_MB", 256) * MiB,
        sheet_rows=_env_int("GPMB_MAX_SHEET_ROWS", 250_000),
        sheet_columns=_env_int("GPMB_MAX_SHEET_COLUMNS", 256),
        sheet_cells=_env_int("GPMB_MAX_SHEET_CELLS", 5_000_000),
    )
