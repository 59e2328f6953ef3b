"""Database writes: analyses stored in batches against one commit per row (SQLite)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select

from bench.harness import Report, compare
from pipelines.db import open_database
from pipelines.db.analyses import store_analyses
from pipelines.db.articles import NewArticle, store_article
from pipelines.db.models import Analysis, Article

NOW = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)


def run(report: Report, count: int = 2000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"sqlite:///{Path(folder) / 'bench.db'}")
        with database.session() as session:
            for i in range(count):
                store_article(session, NewArticle(f"http://127.0.0.1/{i}", f"http://127.0.0.1/{i}", None, f"t{i}", "body",
                                                  None, "zh", None, NOW, {}))  # fmt: skip
            ids = list(session.scalars(select(Article.id)))
        rows = [_row(i) for i in ids]

        def per_row() -> int:
            _clear(database)
            for row in rows:
                with database.session() as session:
                    store_analyses(session, [row])
            return _count(database)

        def batched() -> int:
            _clear(database)
            for start in range(0, len(rows), 500):
                with database.session() as session:
                    store_analyses(session, rows[start : start + 500])
            return _count(database)

        compare(report, "storage: analyses", ("one commit per row", per_row),
                ("batches of 500", batched), repeat=3, units=count)  # fmt: skip
        database.dispose()


def _row(article_id: int) -> dict[str, Any]:
    return {"article_id": article_id, "analysed_at": NOW, "model_version": "b", "catalog_version": "b",
            "event_type": "none", "stage": None, "sector": None, "score": 0.1, "is_lead": False,
            "result": {"id": article_id}}  # fmt: skip


def _clear(database: Any) -> None:
    with database.session() as session:
        session.execute(delete(Analysis))


def _count(database: Any) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(Analysis)) or 0)
