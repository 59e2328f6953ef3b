"""End-to-end analysis speed: per-item model calls against batched, one core against two, p95, memory."""

from __future__ import annotations

import resource
import statistics
import time
from pathlib import Path

from bench.corpus import news_items
from bench.harness import Report, compare
from catalog.load import load_catalog
from catalog.registry import load_registry
from pipelines.analyse import AnalysisContext, analyse, analyse_items
from pipelines.parallel import ContextRecipe, PoolAnalyser
from pipelines.settings import BUNDLED_CATALOG, BUNDLED_REGISTRY

NOW = None


def run(report: Report, count: int = 2000) -> None:
    context = AnalysisContext.build(load_catalog(BUNDLED_CATALOG), load_registry(BUNDLED_REGISTRY))
    items = news_items(count)
    analyse_items(items[:50], context)  # warm caches

    def one_by_one() -> list[dict[str, object]]:
        return [analyse(item, context) for item in items]

    def batched() -> list[dict[str, object]]:
        return [
            r for i in range(0, len(items), 200) for r in analyse_items(items[i : i + 200], context)
        ]

    compare(report, "analysis: one core", ("one-item predict calls", one_by_one),
            ("batched predict", batched), repeat=3, units=count)  # fmt: skip
    recipe = ContextRecipe(Path(BUNDLED_CATALOG), Path(BUNDLED_REGISTRY), None, NOW)
    with PoolAnalyser(recipe, 2) as pool:
        pool(items[:20], set())  # start the workers and build their contexts

        def two_cores() -> list[dict[str, object]]:
            return [r for i in range(0, len(items), 400) for r in pool(items[i : i + 400], set())]

        compare(report, "analysis: two cores", ("one core, batched", batched),
                ("two worker processes", two_cores), repeat=3, units=count)  # fmt: skip
        workers = [_pss_mb(pid) for pid in pool.worker_pids()]
        report.figures["worker memory, proportional set size MB (each)"] = " / ".join(
            f"{w:.0f}" for w in workers
        )
    latencies = []
    for item in items[:500]:
        start = time.perf_counter()
        analyse(item, context)
        latencies.append((time.perf_counter() - start) * 1000)
    report.figures["analysis p95 per item (ms)"] = round(
        statistics.quantiles(latencies, n=20)[18], 2
    )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report.figures["main process peak RSS MB (with the benchmark's own data)"] = f"{own:.0f}"


def _pss_mb(pid: int) -> float:
    """Memory a forked worker really costs: its proportional share of pages (Linux)."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="utf-8")
    except OSError:
        return float("nan")
    line = next(row for row in rollup.splitlines() if row.startswith("Pss:"))
    return int(line.split()[1]) / 1024
