"""The leaders' progress chart: each annual target's share against the festival line, as a PNG."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from review.digest_county import TargetLine

# Fonts with Chinese glyphs, best first; Debian's fonts-noto-cjk gives the first ones.
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Source Han Sans SC",
             "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Serif CJK SC", "SimHei")  # fmt: skip
BAR, LINE, DONE = "#2563eb", "#dc2626", "#16a34a"


@cache
def cjk_font() -> str | None:
    """The first installed font of CJK_FONTS, or None (the chart then speaks English)."""
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def progress_chart(targets: Sequence[TargetLine], expected: float) -> bytes:
    """Horizontal bars of each target's share (0–100%+) and a dashed line where it should be."""
    font = cjk_font()
    figure = Figure(figsize=(6.4, 0.5 + 0.42 * len(targets)), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    shares = [min(t.share or 0.0, 1.2) * 100 for t in targets]
    colours = [DONE if (t.share or 0.0) >= expected else BAR for t in targets]
    rows = range(len(targets))
    axes.barh(rows, shares, color=colours, height=0.6)
    axes.axvline(expected * 100, color=LINE, linestyle="--", linewidth=1.2)
    for row, share, target in zip(rows, shares, targets, strict=True):  # bars stop at 120%
        axes.text(share + 1, row, f"{(target.share or 0.0) * 100:.0f}%", va="center", fontsize=8)
    _label(axes, [t.name if font else t.name_en for t in targets], expected, font)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _label(axes: Axes, names: list[str], expected: float, font: str | None) -> None:
    family = font or "sans-serif"
    axes.set_yticks(list(range(len(names))), names, fontsize=9, fontfamily=family)
    axes.invert_yaxis()
    axes.set_xlim(0, 125)
    axes.xaxis.set_major_formatter(PercentFormatter(100))
    legend = "完成比例；红线：按节点应完成" if font else "share done; red line: expected"
    axes.set_xlabel(f"{legend} {expected * 100:.0f}%", fontsize=8, fontfamily=family)
    axes.spines[["top", "right"]].set_visible(False)
