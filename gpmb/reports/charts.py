"""Charts drawn on the server as inline SVG (no script, no CDN): the coordinates are
computed here and the template draws them, so every label is escaped like any text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from gpmb.core.vnformat import format_date, format_number

WIDTH, HEIGHT, PAD = 640, 220, 40


@dataclass
class Line:
    points: str  # "x,y x,y …" for <polyline>
    total_y: float  # where the households-to-hand-over line is drawn
    ticks: list[tuple[float, str]]  # x and date label
    levels: list[tuple[float, str]]  # y and count label
    last: tuple[float, float, str]


def progress_line(series: list[tuple[dt.date, int]], total: int) -> Line | None:
    """Households handed over by the end of each week, against the households to hand
    over."""
    if not series:
        return None
    top = max(total, series[-1][1], 1)
    span_x = WIDTH - 2 * PAD
    span_y = HEIGHT - 2 * PAD
    step = span_x / max(len(series) - 1, 1)

    def y(value: int) -> float:
        return round(HEIGHT - PAD - span_y * value / top, 1)

    xs = [round(PAD + i * step, 1) for i in range(len(series))]
    points = " ".join(f"{x},{y(v)}" for x, (_d, v) in zip(xs, series, strict=True))
    ticks = [(xs[i], format_date(series[i][0])[:5]) for i in range(0, len(series), 4)]
    levels = [(y(v), format_number(v)) for v in sorted({0, top // 2, top})]
    return Line(
        points, y(total), ticks, levels, (xs[-1], y(series[-1][1]), format_number(series[-1][1]))
    )


@dataclass
class Bar:
    label: str
    y: float
    width: float
    value: str
    lagging: bool
    code: str


def share_bars(rows: list[tuple[str, str, Decimal | None, bool]]) -> tuple[list[Bar], int]:
    """One bar per ward (label, code, share in %, lagging): the share handed over."""
    bars = []
    for index, (label, code, share, lagging) in enumerate(rows):
        value = share or Decimal(0)
        bars.append(
            Bar(
                label=label,
                y=10 + index * 26,
                width=round(float(value) * 4, 1),  # 100 % = 400 px
                value=format_number(value, 1) + "%",
                lagging=lagging,
                code=code,
            )
        )
    return bars, 20 + len(rows) * 26
