"""Run a baseline and a candidate interleaved, several times; report the median ratio.

Both must produce the same output, so a speed-up cannot hide a change of behaviour.
"""

from __future__ import annotations

import json
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent


@dataclass
class Pair:
    """One comparison: seconds per repetition of each side and the median speed-up."""

    name: str
    baseline: str
    candidate: str
    baseline_s: list[float] = field(default_factory=list)
    candidate_s: list[float] = field(default_factory=list)
    units: int = 1
    note: str = ""

    @property
    def ratio(self) -> float:
        """How many times faster the candidate is (median over repetitions)."""
        return statistics.median(self.baseline_s) / max(statistics.median(self.candidate_s), 1e-12)

    @property
    def candidate_rate(self) -> float:
        return self.units / max(statistics.median(self.candidate_s), 1e-12)


@dataclass
class Report:
    pairs: list[Pair] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)

    def write(self) -> None:
        machine = {"python": platform.python_version(), "machine": platform.machine(),
                   "processor": platform.processor() or platform.machine(),
                   "versions": {p: version(p) for p in ("scikit-learn", "pyahocorasick", "SQLAlchemy", "trafilatura")}}  # fmt: skip
        data = {"machine": machine, "figures": self.figures,
                "pairs": [{**asdict(p), "ratio": round(p.ratio, 2), "candidate_rate": round(p.candidate_rate, 1)} for p in self.pairs]}  # fmt: skip
        (RESULTS / "results.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        (RESULTS / "results.md").write_text(self.markdown(machine), encoding="utf-8")

    def markdown(self, machine: dict[str, Any]) -> str:
        lines = ["# Benchmark results", "", f"Machine: {machine}", "", "## Figures", ""]
        lines += [f"- **{k}**: {v}" for k, v in self.figures.items()]
        lines += ["", "## Pairs (median of interleaved repetitions)", "",
                  "| benchmark | baseline | candidate | ratio | candidate rate /s | note |", "|---|---|---|---|---|---|"]  # fmt: skip
        lines += [
            f"| {p.name} | {p.baseline} | {p.candidate} | {p.ratio:.1f}× | {p.candidate_rate:.0f} | {p.note} |"
            for p in self.pairs
        ]
        return "\n".join(lines) + "\n"


def compare(
    report: Report, name: str, baseline: tuple[str, Callable[[], Any]], candidate: tuple[str, Callable[[], Any]],
    repeat: int = 5, units: int = 1, note: str = "",
) -> Pair:  # fmt: skip
    """Interleave baseline and candidate `repeat` times; refuse if their outputs differ."""
    pair = Pair(name, baseline[0], candidate[0], units=units, note=note)
    expected = None
    for _ in range(repeat):
        for label, function, times in (
            (baseline[0], baseline[1], pair.baseline_s),
            (candidate[0], candidate[1], pair.candidate_s),
        ):
            start = time.perf_counter()
            output = function()
            times.append(time.perf_counter() - start)
            if expected is None:
                expected = output
            elif output != expected:
                raise AssertionError(f"{name}: {label} gave a different output")
    report.pairs.append(pair)
    print(
        f"{name}: {pair.ratio:.1f}× ({pair.candidate} {pair.candidate_rate:.0f}/s vs {pair.baseline})",
        flush=True,
    )
    return pair
