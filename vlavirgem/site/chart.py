"""A step chart as inline SVG: counts that hold from one day to the next change, drawn in Python so
that the template only prints path data (no script is needed to read the chart).

The x axis runs from the first to the last day, the y axis from 0 to the largest value, rounded up
to a round step (1, 2 or 5 times a power of ten).  Markers are points that are not part of a series: the figures others reported,
drawn apart so that the eye never reads them as computed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 28


@dataclass(frozen=True)
class Line:
    """One series: its name for the legend, its colour class and its SVG path."""

    label: str
    css: str
    path: str


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Marker:
    """A reported figure on the chart: where it is drawn and what its tooltip says."""

    x: float
    y: float
    title: str


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    lines: tuple[Line, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    markers: tuple[Marker, ...]
    baseline: float  # the y of 0


@dataclass(frozen=True)
class _Axes:
    """Days and values to pixels."""

    start: date
    end: date
    top: int
    step: int  # between two ticks of the y axis

    def x(self, day: date) -> float:
        span = max((self.end - self.start).days, 1)
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - self.start).days / span, 1)

    def y(self, value: float) -> float:
        return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / self.top), 1)


def _step(largest: float) -> int:
    """A round step (1, 2 or 5 times a power of ten) that cuts 0..largest into at most five parts."""
    power = 1
    while True:
        for factor in (1, 2, 5):
            if largest / (factor * power) <= 5:
                return factor * power
        power *= 10


def step_chart(title: str, days: Sequence[date], series: Sequence[tuple[str, str, Sequence[int]]],
               markers: Sequence[tuple[date, float, str]] = ()) -> Chart:
    """A chart of ``series`` (label, css class, one value per day of ``days``) as steps: each value
    holds until the next day's.  ``markers`` are (day, value, title) drawn as points apart."""
    start, end = days[0], days[-1]
    largest = max([*(v for _, _, values in series for v in values), *(m[1] for m in markers), 1])
    step = _step(largest)
    axes = _Axes(start, end, int(math.ceil(largest / step) * step), step)
    lines = []
    for label, css, values in series:
        parts = [f"M{axes.x(days[0])} {axes.y(values[0])}"]
        parts += [f"H{axes.x(day)} V{axes.y(value)}" for day, value in zip(days[1:], values[1:], strict=True)]
        lines.append(Line(label, css, " ".join(parts)))
    years = range(start.year + (start != date(start.year, 1, 1)), end.year + 1)
    x_ticks = tuple(Tick(axes.x(date(year, 1, 1)), HEIGHT - 8, str(year)) for year in years)
    y_ticks = tuple(Tick(LEFT - 6, axes.y(value), str(value)) for value in range(0, axes.top + 1, axes.step))
    shown = tuple(Marker(axes.x(day), axes.y(value), text) for day, value, text in markers if start <= day <= end)
    return Chart(title, WIDTH, HEIGHT, tuple(lines), x_ticks, y_ticks, shown, axes.y(0))
