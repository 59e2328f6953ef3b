"""Analysis on every core: worker processes that each build the analysis context once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from catalog.load import load_catalog
from catalog.registry import load_registry
from pipelines.analyse import AnalysisContext, NewsItem, analyse_items

_worker_context: AnalysisContext | None = None


@dataclass(frozen=True)
class ContextRecipe:
    """How a worker rebuilds the context: files, not objects, cross the process boundary."""

    catalog_dir: Path
    registry_dir: Path
    model_path: Path | None
    now: dt.datetime | None
    learned: tuple[tuple[str, str], ...] = ()
    blocked: tuple[tuple[str, str], ...] = ()
    stage_model_path: Path | None = None
    weights_path: Path | None = None

    def build(self) -> AnalysisContext:
        return AnalysisContext.build(
            load_catalog(self.catalog_dir), load_registry(self.registry_dir), self.model_path,
            list(self.learned), list(self.blocked), now=self.now,
            stage_model_path=self.stage_model_path, weights_path=self.weights_path,
        )  # fmt: skip


def analyse_batch(
    context: AnalysisContext, items: Sequence[NewsItem], open_investors: set[str]
) -> list[dict[str, Any]]:
    context.open_lead_investors = set(open_investors)
    return analyse_items(items, context)


def _init_worker(recipe: ContextRecipe) -> None:
    global _worker_context  # one context per worker process, built once
    _worker_context = recipe.build()


def _work(items: list[NewsItem], open_investors: set[str]) -> list[dict[str, Any]]:
    assert _worker_context is not None
    return analyse_batch(_worker_context, items, open_investors)


class PoolAnalyser:
    """Splits each batch across `workers` processes; results come back in input order."""

    def __init__(self, recipe: ContextRecipe, workers: int) -> None:
        self.workers = workers
        self._pool = ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(recipe,))

    def __call__(self, items: Sequence[NewsItem], open_investors: set[str]) -> list[dict[str, Any]]:
        size = max(1, -(-len(items) // self.workers))
        chunks = [list(items[i : i + size]) for i in range(0, len(items), size)]
        futures = [self._pool.submit(_work, chunk, open_investors) for chunk in chunks]
        return [result for future in futures for result in future.result()]

    def worker_pids(self) -> list[int]:
        return [p.pid for p in (self._pool._processes or {}).values() if p.pid is not None]

    def __enter__(self) -> PoolAnalyser:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
