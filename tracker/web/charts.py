"""View-count charts as plain numbers for SVG templates: a dashboard sparkline and a full chart.

Everything here returns coordinates and labels only; the templates draw them, so no page text
ever reaches the SVG unescaped and no chart library or script is needed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

Series = Sequence[tuple[dt.datetime, int]]


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    points: str
    first: int
    last: int
    end_x: float
    end_y: float


@dataclass(frozen=True)
class Tick:
    at: float
    label: str
    anchor: str = "middle"  # SVG text-anchor: the outermost time labels stay inside the chart
    # A time label's time and strftime pattern, for the page to show it in the reader's zone.
    when: dt.datetime | None = None
    pattern: str = ""


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label: str
    when: dt.datetime | None = None
    views: int | None = None


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    points: str
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    dots: list[Dot]


def _extended(series: Series, until: dt.datetime | None) -> list[tuple[dt.datetime, int]]:
    """The series as steps: a count holds until the next observation (or the last check)."""
    points = list(series)
    if points and until is not None and until > points[-1][0]:
        points.append((until, points[-1][1]))
    return points


def _steps(coords: list[tuple[float, float]]) -> str:
    out: list[tuple[float, float]] = []
    for x, y in coords:
        if out:
            out.append((x, out[-1][1]))
        out.append((x, y))
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in out)


def sparkline(
    series: Series, *, until: dt.datetime | None = None, width: int = 120, height: int = 28
) -> Sparkline | None:
    points = _extended(series, until)
    if not points:
        return None
    t0, t1 = points[0][0].timestamp(), points[-1][0].timestamp()
    lo, hi = min(v for _, v in points), max(v for _, v in points)
    pad = 3.0

    def x(t: dt.datetime) -> float:
        span = t1 - t0
        return pad + (width - 2 * pad) * ((t.timestamp() - t0) / span if span else 1.0)

    def y(v: int) -> float:
        span = hi - lo
        return height - pad - (height - 2 * pad) * ((v - lo) / span if span else 0.5)

    coords = [(x(t), y(v)) for t, v in points]
    return Sparkline(
        width,
        height,
        _steps(coords),
        first=points[0][1],
        last=points[-1][1],
        end_x=coords[-1][0],
        end_y=coords[-1][1],
    )


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (1, 2, 2.5 or 5 times a power of ten apart)."""
    if hi <= lo:
        lo, hi = lo - 1, hi + 1
    raw = (hi - lo) / max(1, count - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    value = start
    while value <= hi + step * 1e-9:
        ticks.append(value)
        value += step
    if ticks[-1] < hi:
        ticks.append(value)
    return ticks


def _time_pattern(span: float) -> str:
    if span <= 600:
        return "%H:%M:%S"
    if span <= 2 * 86400:
        return "%H:%M"
    if span <= 120 * 86400:
        return "%d %b"
    return "%b %Y"


def _time_label(when: dt.datetime, span: float) -> str:
    return when.strftime(_time_pattern(span))


def view_chart(
    series: Series,
    *,
    until: dt.datetime | None = None,
    width: int = 760,
    height: int = 240,
) -> Chart | None:
    """A step chart of the view count over time, with labelled axes and a dot per reading."""
    observed = list(series)
    points = _extended(observed, until)
    if not points:
        return None
    left, right, top, bottom = 64, 16, 12, 28
    t0, t1 = points[0][0].timestamp(), points[-1][0].timestamp()
    span_t = t1 - t0
    values = [v for _, v in points]
    y_values = nice_ticks(min(values), max(values))
    lo, hi = y_values[0], y_values[-1]
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(t: float) -> float:
        return left + plot_w * ((t - t0) / span_t if span_t else 0.5)

    def y(v: float) -> float:
        return top + plot_h - plot_h * ((v - lo) / (hi - lo) if hi > lo else 0.5)

    coords = [(x(t.timestamp()), y(v)) for t, v in points]
    x_ticks: list[Tick] = []
    if span_t:
        for k in range(5):
            t = t0 + span_t * k / 4
            anchor = "start" if k == 0 else "end" if k == 4 else "middle"
            when = dt.datetime.fromtimestamp(t, dt.UTC)
            label = _time_label(when, span_t)
            x_ticks.append(Tick(x(t), label, anchor, when, _time_pattern(span_t)))
    else:
        pattern = "%d %b %H:%M"
        x_ticks.append(
            Tick(x(t0), points[0][0].strftime(pattern), when=points[0][0], pattern=pattern)
        )
    y_ticks = [Tick(y(v), f"{int(v):,}" if v == int(v) else f"{v:,.1f}") for v in y_values]
    dots = [
        Dot(x(t.timestamp()), y(v), f"{v:,} views at {t.strftime('%Y-%m-%d %H:%M')} UTC", t, v)
        for t, v in observed
    ]
    return Chart(
        width,
        height,
        left,
        top,
        width - right,
        top + plot_h,
        _steps(coords),
        x_ticks,
        y_ticks,
        dots,
    )
