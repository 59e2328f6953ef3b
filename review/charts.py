"""Charts as inline SVG (no script, no inline style: the CSP allows neither); all values escaped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import LiteralString

from markupsafe import Markup

BAR, EXPECTED, TRACK, BEHIND, INK = "#2f6fb3", "#d9822b", "#e6eaf0", "#c23b3b", "#333"


def svg(template: LiteralString, *values: object) -> Markup:
    """Markup from a literal template of this module; Markup.format escapes every value."""
    return Markup(template).format(*values)  # noqa: S704 - literal template, escaped values


def _join(parts: Sequence[Markup]) -> Markup:
    return Markup("").join(parts)


def _clip(share: float | None) -> float:
    return 0.0 if share is None else max(0.0, min(share, 1.0))


def _n(value: float) -> str:
    return f"{value:.1f}"


def bar(share: float | None, expected: float | None = None, label: str = "", width: int = 160,
        height: int = 12) -> Markup:  # fmt: skip
    """A progress bar; `expected` draws the marker of where it should be by now."""
    colour = BEHIND if expected is not None and (share or 0.0) < expected else BAR
    title = label or (f"{share:.0%}" if share is not None else "—")
    marker = Markup("")
    if expected is not None:
        x = _n(_clip(expected) * width)
        marker = svg(
            '<line x1="{}" x2="{}" y1="0" y2="{}" stroke="{}" stroke-width="2"/>',
            x,
            x,
            height,
            EXPECTED,
        )
    return svg(
        '<svg class="bar" viewBox="0 0 {0} {1}" width="{0}" height="{1}" role="img" aria-label="{2}">'
        '<title>{2}</title><rect width="{0}" height="{1}" rx="3" fill="{3}"/>'
        '<rect width="{4}" height="{1}" rx="3" fill="{5}"/>{6}</svg>',
        width, height, title, TRACK, _n(_clip(share) * width), colour, marker,
    )  # fmt: skip


@dataclass(frozen=True)
class BarRow:
    label: str
    share: float | None
    text: str


def bar_chart(rows: Sequence[BarRow], expected: float | None = None, width: int = 560) -> Markup:
    """Labelled horizontal bars (one per office), with the expected share as a dashed line."""
    label_w, row_h = 190, 22
    bar_w, height = width - label_w - 110, row_h * len(rows) + 8
    parts = []
    for i, row in enumerate(rows):
        y, behind = 4 + i * row_h, expected is not None and (row.share or 0.0) < expected
        parts.append(svg(
            '<text x="{0}" y="{1}" text-anchor="end" font-size="12" fill="{2}">{3}</text>'
            '<rect x="{4}" y="{5}" width="{6}" height="14" rx="3" fill="{7}"/>'
            '<rect x="{4}" y="{5}" width="{8}" height="14" rx="3" fill="{9}"/>'
            '<text x="{10}" y="{1}" font-size="12" fill="{2}">{11}</text>',
            label_w - 6, y + 14, INK, row.label, label_w, y + 3, bar_w, TRACK,
            _n(_clip(row.share) * bar_w), BEHIND if behind else BAR, label_w + bar_w + 6, row.text,
        ))  # fmt: skip
    if expected is not None:
        x = _n(label_w + _clip(expected) * bar_w)
        parts.append(svg('<line x1="{0}" x2="{0}" y1="0" y2="{1}" stroke="{2}" stroke-width="2" '
                         'stroke-dasharray="4 3"/>', x, height, EXPECTED))  # fmt: skip
    return svg('<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="各单位进度">{}</svg>',
               width, height, _join(parts))  # fmt: skip


@dataclass(frozen=True)
class Mark:
    """A milestone on the year line."""

    day: dt.date
    label: str
    share: float | None


@dataclass(frozen=True)
class Frame:
    """The plotting area of the year chart: day → x and share → y."""

    year: int
    width: int
    height: int
    peak: float
    left: int = 44
    top: int = 12
    bottom: int = 28

    def x(self, day: dt.date) -> float:
        start = dt.date(self.year, 1, 1)
        days = (dt.date(self.year, 12, 31) - start).days
        return (
            self.left + (self.width - self.left - 12) * min(max((day - start).days, 0), days) / days
        )

    def y(self, share: float) -> float:
        return self.top + (self.height - self.top - self.bottom) * (1 - share / self.peak)


def year_chart(
    year: int, actual: Sequence[tuple[dt.date, float]], expected: Sequence[tuple[dt.date, float]],
    marks: Sequence[Mark], today: dt.date, width: int = 640, height: int = 220,
) -> Markup:  # fmt: skip
    """Cumulative share of the annual total signed (steps) against the expected line, by day."""
    frame = Frame(year, width, height, max([1.0, *(s for _, s in actual)]))
    line = " ".join(f"{_n(frame.x(d))},{_n(frame.y(s))}" for d, s in expected)
    parts = [_grid(frame, frame.y),
             svg('<polyline points="{}" fill="none" stroke="{}" stroke-width="2" stroke-dasharray="5 4"/>',
                 line, EXPECTED),
             svg('<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"/>',
                 _steps(frame, actual, today), BAR)]  # fmt: skip
    for mark in marks:
        x = _n(frame.x(mark.day))
        parts.append(svg(
            '<line x1="{0}" x2="{0}" y1="{1}" y2="{2}" stroke="#999" stroke-dasharray="2 3"/>'
            '<text x="{3}" y="{4}" font-size="10" fill="{5}">{6}</text>',
            x, frame.top, height - frame.bottom, _n(frame.x(mark.day) + 3), height - 8, INK, mark.label,
        ))  # fmt: skip
    return svg('<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="全年进度">{}</svg>',
               width, height, _join(parts))  # fmt: skip


def _steps(frame: Frame, actual: Sequence[tuple[dt.date, float]], today: dt.date) -> str:
    points, level = [f"{_n(frame.x(dt.date(frame.year, 1, 1)))},{_n(frame.y(0))}"], 0.0
    for day, share in actual:
        points += [
            f"{_n(frame.x(day))},{_n(frame.y(level))}",
            f"{_n(frame.x(day))},{_n(frame.y(share))}",
        ]
        level = share
    points.append(f"{_n(frame.x(min(today, dt.date(frame.year, 12, 31))))},{_n(frame.y(level))}")
    return " ".join(points)


def _grid(frame: Frame, y: Callable[[float], float]) -> Markup:
    """Grid lines at 0, 50% and 100% of the annual total, and the left axis."""
    right, bottom = frame.width - 12, frame.height - frame.bottom
    parts = [
        svg('<line x1="{0}" x2="{1}" y1="{2}" y2="{2}" stroke="{3}"/>'
            '<text x="{4}" y="{5}" text-anchor="end" font-size="11" fill="{6}">{7}</text>',
            frame.left, right, _n(y(share)), TRACK, frame.left - 6, _n(y(share) + 4), INK, f"{share:.0%}")
        for share in (0.0, 0.5, 1.0)
    ]  # fmt: skip
    parts.append(
        svg(
            '<line x1="{0}" x2="{0}" y1="{1}" y2="{2}" stroke="#999"/>',
            frame.left,
            frame.top,
            bottom,
        )
    )
    return _join(parts)
