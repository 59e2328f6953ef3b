"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from pipelines.db import open_database
from pipelines.db.models import Base
from pipelines.db.schema import alembic_config, make_engine, upgrade


def _differences(url: str) -> list[object]:
    database = open_database(url)
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        found = list(compare_metadata(context, Base.metadata))
    database.dispose()
    return found


def test_sqlite_schema_matches_the_models(tmp_path: Path) -> None:
    assert _differences(f"sqlite:///{tmp_path / 'm.db'}") == []


@pytest.mark.postgres
def test_postgres_schema_matches_the_models(pg_url: str) -> None:
    assert _differences(pg_url) == []


def test_upgrading_fills_the_search_text_of_stored_leads(tmp_path: Path) -> None:
    """Leads stored before migration 0003 are found by company names and titles afterwards."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        connection.execute(text(
            "INSERT INTO companies (id, name_zh, name_en, lists, manufacturer, industry, hq_country)"
            " VALUES ('catl', '宁德时代', 'CATL', '[]', 1, 'battery', '中国')"
        ))  # fmt: skip
        for lead_id, company in ((1, "catl"), (2, None)):
            connection.execute(text(
                "INSERT INTO leads (id, project_key, company_id, company_name, event_type, score,"
                " status, company_key, story_count, facts, explanation, first_seen_at, updated_at)"
                " VALUES (:id, :key, :company, :name, 'new_plant', 0.5, 'new', :key, 1, '{}', '[]',"
                " '2026-11-01 00:00:00.000000', '2026-11-01 00:00:00.000000')"
            ), {"id": lead_id, "key": f"k{lead_id}", "company": company, "name": f"企业{lead_id}"})  # fmt: skip
        for article_id, title in ((1, "Battery Plant in Jiangsu"), (2, "二期扩产")):
            connection.execute(text(
                "INSERT INTO articles (id, url, fetched_url, title, body, fetched_at, content_hash,"
                " meta) VALUES (:id, :url, :url, :title, '', '2026-11-01 00:00:00.000000', :hash,"
                " '{}')"
            ), {"id": article_id, "url": f"https://x.example/{article_id}", "title": title,
                "hash": str(article_id)})  # fmt: skip
            connection.execute(text(
                "INSERT INTO lead_articles (lead_id, article_id, added_at)"
                " VALUES (1, :id, '2026-11-01 00:00:00.000000')"
            ), {"id": article_id})  # fmt: skip
    upgrade(engine)
    with engine.connect() as connection:
        found = dict(connection.execute(text("SELECT id, search_text FROM leads")).all())
    engine.dispose()
    assert found == {1: "企业1\n宁德时代\ncatl\nbattery plant in jiangsu\n二期扩产", 2: "企业2"}


def _open_together(url: str, barrier: Any) -> str:
    """Runs in a fresh process: wait for the others, then open (and migrate) the database."""
    barrier.wait(timeout=60)
    try:
        open_database(url).dispose()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return "ok"


def _start_together(url: str, processes: int = 4) -> list[str]:
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier = manager.Barrier(processes)
        with context.Pool(processes) as pool:
            return pool.starmap(_open_together, [(url, barrier)] * processes)


def test_commands_starting_together_migrate_once(tmp_path: Path) -> None:
    """`serve --workers 4` on a new database: every worker starts, none trips over another."""
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert _start_together(url) == ["ok"] * 4
    assert _differences(url) == []


@pytest.mark.postgres
def test_commands_starting_together_migrate_once_on_postgres(pg_url: str) -> None:
    assert _start_together(pg_url) == ["ok"] * 4
    assert _differences(pg_url) == []
