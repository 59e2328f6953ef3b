"""Charts as inline SVG (no script, no inline style: the CSP allows neither); all text escaped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

BAR, EXPECTED, TRACK, BEHIND, INK = "#2f6fb3", "#d9822b", "#e6eaf0", "#c23b3b", "#333"


def _clip(share: float | None) -> float:
    return 0.0 if share is None else max(0.0, min(share, 1.0))


def bar(share: float | None, expected: float | None = None, label: str = "", width: int = 160,
        height: int = 12) -> Markup:  # fmt: skip
    """A progress bar; `expected` draws the marker of where it should be by now."""
    filled = _clip(share) * width
    colour = BEHIND if expected is not None and (share or 0.0) < expected else BAR
    marker = ""
    if expected is not None:
        x = _clip(expected) * width
        marker = f'<line x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{height}" stroke="{EXPECTED}" stroke-width="2"/>'
    title = escape(label or (f"{share:.0%}" if share is not None else "—"))
    return Markup(
        f'<svg class="bar" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{title}"><title>{title}</title>'
        f'<rect width="{width}" height="{height}" rx="3" fill="{TRACK}"/>'
        f'<rect width="{filled:.1f}" height="{height}" rx="3" fill="{colour}"/>{marker}</svg>'
    )


@dataclass(frozen=True)
class BarRow:
    label: str
    share: float | None
    text: str


def bar_chart(rows: Sequence[BarRow], expected: float | None = None, width: int = 560) -> Markup:
    """Labelled horizontal bars (one per office), with the expected share as a dashed line."""
    label_w, row_h, bar_w = 190, 22, width - 190 - 90
    height = row_h * len(rows) + 8
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="各单位进度">'
    ]
    for i, row in enumerate(rows):
        y = 4 + i * row_h
        behind = expected is not None and (row.share or 0.0) < expected
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" font-size="12" fill="{INK}">'
            f"{escape(row.label)}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="14" rx="3" fill="{TRACK}"/>'
            f'<rect x="{label_w}" y="{y + 3}" width="{_clip(row.share) * bar_w:.1f}" height="14" rx="3" '
            f'fill="{BEHIND if behind else BAR}"/>'
            f'<text x="{label_w + bar_w + 6}" y="{y + 14}" font-size="12" fill="{INK}">{escape(row.text)}</text>'
        )
    if expected is not None:
        x = label_w + _clip(expected) * bar_w
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{height}" stroke="{EXPECTED}" '
                     'stroke-width="2" stroke-dasharray="4 3"/>')  # fmt: skip
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class Mark:
    """A milestone on the year line."""

    day: dt.date
    label: str
    share: float | None


def year_chart(
    year: int, actual: Sequence[tuple[dt.date, float]], expected: Sequence[tuple[dt.date, float]],
    marks: Sequence[Mark], today: dt.date, width: int = 640, height: int = 220,
) -> Markup:  # fmt: skip
    """Cumulative share of the annual total signed (steps) against the expected line, by day."""
    left, right, top, bottom = 44, 12, 12, 28
    start, days = dt.date(year, 1, 1), (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days or 1
    peak = max([1.0, *(s for _, s in actual)])

    def x(day: dt.date) -> float:
        return left + (width - left - right) * min(max((day - start).days, 0), days) / days

    def y(share: float) -> float:
        return top + (height - top - bottom) * (1 - share / peak)

    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="全年进度">',
             _axes(left, width - right, top, height - bottom, y)]  # fmt: skip
    line = " ".join(f"{x(d):.1f},{y(s):.1f}" for d, s in expected)
    parts.append(
        f'<polyline points="{line}" fill="none" stroke="{EXPECTED}" stroke-width="2" stroke-dasharray="5 4"/>'
    )
    steps, level = [f"{x(start):.1f},{y(0):.1f}"], 0.0
    for day, share in actual:
        steps += [f"{x(day):.1f},{y(level):.1f}", f"{x(day):.1f},{y(share):.1f}"]
        level = share
    steps.append(f"{x(min(today, dt.date(year, 12, 31))):.1f},{y(level):.1f}")
    parts.append(
        f'<polyline points="{" ".join(steps)}" fill="none" stroke="{BAR}" stroke-width="2.5"/>'
    )
    for mark in marks:
        parts.append(
            f'<line x1="{x(mark.day):.1f}" x2="{x(mark.day):.1f}" y1="{top}" y2="{height - bottom}" '
            f'stroke="#999" stroke-dasharray="2 3"/><text x="{x(mark.day) + 3:.1f}" y="{height - 8}" '
            f'font-size="11" fill="{INK}">{escape(mark.label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _axes(x0: float, x1: float, y0: float, y1: float, y: Callable[[float], float]) -> str:
    """Grid lines at 0, 50% and 100% of the annual total, and the left axis."""
    ticks = []
    for share in (0.0, 0.5, 1.0):
        at = y(share)
        ticks.append(f'<line x1="{x0}" x2="{x1}" y1="{at:.1f}" y2="{at:.1f}" stroke="{TRACK}"/>'
                     f'<text x="{x0 - 6}" y="{at + 4:.1f}" text-anchor="end" font-size="11" '
                     f'fill="{INK}">{share:.0%}</text>')  # fmt: skip
    return "".join(ticks) + f'<line x1="{x0}" x2="{x0}" y1="{y0}" y2="{y1}" stroke="#999"/>'
