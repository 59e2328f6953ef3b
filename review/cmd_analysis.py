"""The offline analysis commands: `analyze` and `eval` (no database needed)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any, TextIO

from sqlalchemy.engine import make_url

from catalog.load import load_catalog
from catalog.registry import load_registry
from pipelines.analyse import AnalysisContext, analyse
from pipelines.corpus import read_items
from pipelines.db import DatabaseUnavailable, open_database
from pipelines.evaluate import evaluate
from pipelines.labels import check_labels
from pipelines.learning import ActiveModels, active_models
from pipelines.settings import Settings
from review.progress import Reporter
from review.render import write_json, write_jsonl, write_table
from spiders.dates import parse_date


def _context(settings: Settings) -> AnalysisContext:
    """The bundled models, or the trained versions in use when there is a database to ask."""
    models = _active_models(settings)
    return AnalysisContext.build(
        load_catalog(settings.catalog_dir), load_registry(settings.registry_dir),
        models.events if models else None, now=None,
        stage_model_path=models.stage if models else None,
        weights_path=models.weights if models else None,
    )  # fmt: skip


def _active_models(settings: Settings) -> ActiveModels | None:
    """Analysis needs no database: with none (or an unreachable one) the bundled models serve."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and not (url.database and Path(url.database).is_file()):
        return None
    try:
        database = open_database(settings.database_url, migrate=False)
        try:
            return active_models(database)
        finally:
            database.dispose()
    except DatabaseUnavailable:
        return None


def _open(stack: ExitStack, name: str | None) -> tuple[IO[str], str]:
    if not name or name == "-":
        return sys.stdin, "<stdin>"
    path = Path(name)
    if not path.is_file():
        from catalog.errors import CatalogError

        raise CatalogError(path, None, None, "file not found")
    return stack.enter_context(path.open(encoding="utf-8")), str(path)


def analyze(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """One JSON line out per line in, same order; a bad line stops with exit 2 before output."""
    context = _context(settings)
    with ExitStack() as stack:
        handle, name = _open(stack, args.file)
        items = list(read_items(handle, name))
    write_jsonl((analyse(item, context) for item, _ in items), out)
    return 0


def eval_file(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    context = _context(settings)
    with ExitStack() as stack:
        handle, name = _open(stack, args.file)
        items = list(read_items(handle, name, check=check_labels))
    pairs = []
    with Reporter("eval", len(items)) as reporter:
        for item, record in items:
            context.now = _news_time(item.published)  # judge each item as of its own day
            pairs.append((analyse(item, context), record))
            if len(pairs) % 100 == 0 or len(pairs) == len(items):
                reporter.advance(
                    f"{len(pairs)} analysed",
                    steps=100 if len(pairs) % 100 == 0 else len(pairs) % 100,
                )
    report = evaluate(pairs)
    if args.format == "json":
        write_json(report, out)
        return 0
    write_eval_report(report, name, out)
    return 0


def write_eval_report(report: dict[str, Any], name: str, out: TextIO) -> None:
    fields = report["fields"]
    write_table(
        ((f, v["precision"], v["recall"], v["f1"], v["support"]) for f, v in fields.items()),
        ["field", "precision", "recall", "f1", "support"], out,
        title=f"评估 Evaluation: {name} ({report['items']} items)",
    )  # fmt: skip
    per_type = report["event_type"]["per_type"]
    write_table(
        ((k, v["precision"], v["recall"], v["f1"], v["support"]) for k, v in per_type.items()),
        ["event_type", "precision", "recall", "f1", "support"], out,
        title=f"事件类型 event type, macro-F1 {report['event_type']['macro_f1']}",
    )  # fmt: skip
    kinds = list(report["confusion"])
    write_table(
        ([truth, *(report["confusion"][truth][guess] for guess in kinds)] for truth in kinds),
        ["truth \\ predicted", *kinds], out, title="混淆矩阵 confusion matrix",
    )  # fmt: skip
    out.write(f"P@10 (ranking by score): {report['precision_at_10']}\n")


def _news_time(published: str | None) -> dt.datetime | None:
    if not published:
        return None
    found = parse_date(published, dt.datetime.now(dt.UTC))
    return found + dt.timedelta(days=1) if found else None
