"""`leadradar init` on SQLite and on the machine's PostgreSQL: idempotent schema and counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

import cli
from pipelines.db import DatabaseUnavailable, open_database
from pipelines.db.models import Article, Source
from pipelines.db.schema import current_revision, head_revision
from pipelines.db.sync import reference_counts


def _schema(url: str) -> dict[str, list[str]]:
    database = open_database(url, migrate=False)
    inspector = inspect(database.engine)
    tables = {
        t: sorted(c["name"] for c in inspector.get_columns(t)) for t in inspector.get_table_names()
    }
    database.dispose()
    return tables


def _counts(url: str) -> dict[str, int]:
    database = open_database(url, migrate=False)
    with database.session() as session:
        counts = reference_counts(session)
    database.dispose()
    return counts


def _init_twice(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["init", "--db", url]) == 0
    first_schema, first_counts = _schema(url), _counts(url)
    assert cli.main(["init", "--db", url]) == 0
    assert _schema(url) == first_schema
    assert _counts(url) == first_counts
    assert first_counts["offices"] == 13
    assert first_counts["sectors"] == 8
    assert first_counts["companies"] >= 1200
    assert first_counts["company_aliases"] > first_counts["companies"]
    assert {"leads", "tasks", "judgements", "digests_sent", "audit_log", "users"} <= set(
        first_schema
    )
    out = capsys.readouterr().out
    assert "companies: " in out


def test_init_twice_sqlite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'lr.db'}"
    _init_twice(url, capsys)
    database = open_database(url, migrate=False)
    assert current_revision(database.engine) == head_revision()
    database.dispose()


@pytest.mark.postgres
def test_init_twice_postgres(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _init_twice(pg_url, capsys)


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_times_come_back_in_utc(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'lr.db'}"
        if backend == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    database = open_database(url)
    shanghai = dt.timezone(dt.timedelta(hours=8))
    published = dt.datetime(2026, 3, 12, 9, 30, tzinfo=shanghai)
    with database.session() as session:
        session.add(Source(key="s", name="S", kind="feed", url="http://127.0.0.1/", lang="zh"))
        session.flush()
        session.add(
            Article(
                url="http://127.0.0.1/a",
                source_key="s",
                title="t",
                body="b",
                published_at=published,
                fetched_at=published,
                content_hash="h",
                fetched_url="http://127.0.0.1/a",
            )
        )
    with database.session() as session:
        stored = session.scalars(select(Article)).one()
    assert stored.published_at == published
    assert stored.published_at is not None and stored.published_at.utcoffset() == dt.timedelta(0)
    database.dispose()


def test_sqlite_enforces_foreign_keys(tmp_path: Path) -> None:
    from sqlalchemy.exc import IntegrityError

    database = open_database(f"sqlite:///{tmp_path / 'lr.db'}")
    now = dt.datetime.now(dt.UTC)
    with pytest.raises(IntegrityError), database.session() as session:
        session.add(
            Article(
                url="u",
                source_key="missing",
                title="t",
                body="b",
                fetched_at=now,
                content_hash="h",
                fetched_url="u",
            )
        )
    database.dispose()


def test_unreachable_database_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["init", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("leadradar: database unavailable:")
    assert "Traceback" not in err
    with pytest.raises(DatabaseUnavailable):
        open_database("not a url")
