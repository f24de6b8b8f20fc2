"""Charts drawn on the server as inline SVG (no script, no CDN): the coordinates are
computed here and the template draws them, so every label is escaped like any text. The
review report's DOCX gets the same charts as PNG pictures (matplotlib)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

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


# -- the same charts as PNG pictures, for the review report's DOCX ----------------------

# DejaVu Sans ships with matplotlib and has every Vietnamese letter (ắ, ệ, ữ …).
FONT = "DejaVu Sans"


def _png(figure: Any) -> bytes:
    out = io.BytesIO()
    FigureCanvasAgg(figure).print_png(out)
    return out.getvalue()


def progress_png(series: list[tuple[dt.date, int]], total: int) -> bytes | None:
    """Households handed over by the end of each week against the households to hand
    over, drawn as a picture (matplotlib's Agg renderer: no display, no pyplot state)."""
    if not series:
        return None
    figure = Figure(figsize=(8, 3), dpi=150)
    axes = figure.add_subplot()
    days = [d for d, _v in series]
    xs = date2num(days)
    axes.plot(xs, [v for _d, v in series], color="#1f5f99", linewidth=2, label="Đã bàn giao")
    axes.axhline(total, color="#888888", linestyle="--", linewidth=1, label="Tổng số hộ")
    axes.set_ylim(0, max(total, series[-1][1], 1) * 1.1)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: format_number(int(v))))
    axes.set_ylabel("Số hộ", fontfamily=FONT)
    axes.set_title("Số hộ đã bàn giao mặt bằng theo tuần", fontfamily=FONT)
    axes.set_xticks(xs[::4], [format_date(d)[:5] for d in days[::4]], fontfamily=FONT)
    axes.legend(prop={"family": FONT}, loc="upper left")
    figure.tight_layout()
    return _png(figure)


def share_png(rows: list[tuple[str, Decimal | None, bool]]) -> bytes | None:
    """The share of households handed over by ward (label, share in %, lagging), lagging
    wards in red, as a picture."""
    if not rows:
        return None
    figure = Figure(figsize=(8, 0.8 + 0.35 * len(rows)), dpi=150)
    axes = figure.add_subplot()
    labels = [label for label, _s, _l in rows][::-1]
    values = [float(share or 0) for _l, share, _g in rows][::-1]
    colours = ["#c0392b" if lagging else "#1f5f99" for _l, _s, lagging in rows][::-1]
    axes.barh(labels, values, color=colours)
    for y, value in enumerate(values):
        axes.text(value + 1, y, format_number(Decimal(str(value)), 1) + "%", va="center")
    axes.set_xlim(0, 110)
    axes.set_xlabel("Tỷ lệ hộ đã bàn giao (%); màu đỏ: chậm tiến độ", fontfamily=FONT)
    axes.set_title("Tỷ lệ bàn giao mặt bằng theo xã/phường", fontfamily=FONT)
    for tick in axes.get_yticklabels():
        tick.set_fontfamily(FONT)
    figure.tight_layout()
    return _png(figure)
