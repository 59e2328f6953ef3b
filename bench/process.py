"""`process` end to end on stored articles: batched commits against one commit per article."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from bench.corpus import news_items
from bench.harness import Report, compare
from catalog.load import load_catalog
from catalog.registry import load_registry
from pipelines.analyse import AnalysisContext
from pipelines.db import open_database
from pipelines.db.articles import NewArticle, store_article
from pipelines.db.models import Analysis, Lead
from pipelines.db.sync import sync_reference
from pipelines.parallel import ContextRecipe, PoolAnalyser
from pipelines.process import process
from pipelines.settings import BUNDLED_CATALOG, BUNDLED_REGISTRY

NOW = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)


def seed(path: Path, count: int) -> None:
    database = open_database(f"sqlite:///{path}")
    catalog, registry = load_catalog(BUNDLED_CATALOG), load_registry(BUNDLED_REGISTRY)
    with database.session() as session:
        sync_reference(session, catalog, registry)
        for item in news_items(count):
            url = f"http://127.0.0.1/{item.id}"
            store_article(
                session,
                NewArticle(url, url, None, item.title, item.text, None, item.lang, NOW, NOW, {}),
            )
    database.dispose()


def _run(
    template: Path, folder: Path, batch: int, workers: int, context: AnalysisContext
) -> tuple[int, int]:
    copy = folder / f"run-{time.monotonic_ns()}.db"
    shutil.copy(template, copy)
    database = open_database(f"sqlite:///{copy}", migrate=False)
    if workers > 1:
        recipe = ContextRecipe(Path(BUNDLED_CATALOG), Path(BUNDLED_REGISTRY), None, NOW)
        with PoolAnalyser(recipe, workers) as pool:
            process(database, context, batch=batch, analyser=pool)
    else:
        process(database, context, batch=batch)
    with database.session() as session:
        counts = (session.scalar(select(func.count()).select_from(Analysis)) or 0,
                  session.scalar(select(func.count()).select_from(Lead)) or 0)  # fmt: skip
    database.dispose()
    copy.unlink()
    return counts


def run(report: Report, small: int = 1000, large: int = 10_000) -> None:
    context = AnalysisContext.build(
        load_catalog(BUNDLED_CATALOG), load_registry(BUNDLED_REGISTRY), now=NOW
    )
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        seed(folder / "small.db", small)
        compare(report, f"process: {small} articles, one core",
                ("one commit per article", lambda: _run(folder / "small.db", folder, 1, 1, context)),
                ("batches of 200", lambda: _run(folder / "small.db", folder, 200, 1, context)),
                repeat=2, units=small)  # fmt: skip
        seed(folder / "large.db", large)
        start = time.perf_counter()
        analyses, leads = _run(folder / "large.db", folder, 200, 2, context)
        seconds = time.perf_counter() - start
    report.figures[f"process {large} stored articles, 2 workers (items/s)"] = round(
        large / seconds, 1
    )
    report.figures[f"process {large}: analyses / leads"] = f"{analyses} / {leads}"
    print(f"process {large} articles on 2 workers: {large / seconds:.0f} items/s", flush=True)
