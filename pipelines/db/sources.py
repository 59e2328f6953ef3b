"""Named queries on sources and crawl runs, and the health of each source."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy import update as sa_update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from pipelines.db.news import CrawlRun, Source
from pipelines.db.source_switch import admin_switches


@dataclass(frozen=True)
class RunStats:
    """The numbers of one finished crawl run."""

    source_key: str
    started_at: dt.datetime
    duration_s: float
    finish_reason: str
    ok: bool
    items: int
    new_items: int
    requests: int
    errors: dict[str, int]


@dataclass(frozen=True)
class SourceHealth:
    """How a source is doing, and why it is flagged when it is."""

    key: str
    name: str
    kind: str
    enabled: bool
    last_run_at: dt.datetime | None
    last_ok: bool | None
    last_items: int
    last_new_items: int
    last_errors: dict[str, int]
    last_new_item_at: dt.datetime | None
    healthy: bool
    problem: str


def sync_sources(
    session: Session, entries: Iterable[tuple[str, str, str, str, str, bool]]
) -> dict[str, bool]:
    """Upsert (key, name, kind, url, lang, enabled) rows from the sources file; an admin's switch
    on the review page wins over the file's `enabled`. Returns key → enabled. Safe when several
    crawlers register the same sources at once."""
    rows = [
        dict(zip(("key", "name", "kind", "url", "lang", "enabled"), e, strict=True))
        for e in entries
    ]
    if rows:
        insert = (
            postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
        )
        statement = insert(Source).values(rows)
        updates = {c: statement.excluded[c] for c in ("name", "kind", "url", "lang", "enabled")}
        session.execute(statement.on_conflict_do_update(index_elements=["key"], set_=updates))
    switches = admin_switches(session)
    for key, enabled in switches.items():
        session.execute(sa_update(Source).where(Source.key == key).values(enabled=enabled))
    session.flush()
    return {str(row["key"]): switches.get(str(row["key"]), bool(row["enabled"])) for row in rows}


def record_run(session: Session, run: RunStats) -> None:
    session.add(
        CrawlRun(
            source_key=run.source_key, started_at=run.started_at,
            finished_at=run.started_at + dt.timedelta(seconds=run.duration_s),
            finish_reason=run.finish_reason, items=run.items, new_items=run.new_items,
            requests=run.requests, errors=dict(run.errors), duration_s=run.duration_s, ok=run.ok,
        )
    )  # fmt: skip
    if run.new_items:
        source = session.get(Source, run.source_key)
        if source is not None:
            source.last_new_item_at = run.started_at


def source_health(
    session: Session, now: dt.datetime, silent_days: float, max_error_rate: float
) -> list[SourceHealth]:
    """Every source with its last run; unhealthy when failing, erroring or silent too long."""
    result = []
    for source in session.scalars(select(Source).order_by(Source.key)):
        last = session.scalars(
            select(CrawlRun)
            .where(CrawlRun.source_key == source.key)
            .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
            .limit(1)
        ).first()
        problem = _problem(source, last, now, silent_days, max_error_rate)
        result.append(
            SourceHealth(
                key=source.key, name=source.name, kind=source.kind, enabled=source.enabled,
                last_run_at=last.started_at if last else None, last_ok=last.ok if last else None,
                last_items=last.items if last else 0, last_new_items=last.new_items if last else 0,
                last_errors=dict(last.errors) if last else {},
                last_new_item_at=source.last_new_item_at, healthy=not problem, problem=problem,
            )
        )  # fmt: skip
    return result


def _problem(
    source: Source, last: CrawlRun | None, now: dt.datetime, silent_days: float, max_rate: float
) -> str:
    if last is None:
        return "" if not source.enabled else "从未抓取 never crawled"
    if not last.ok:
        return f"上次抓取失败 last run failed: {last.finish_reason}"
    errors = sum(last.errors.values())
    if last.requests and errors / last.requests > max_rate:
        return f"错误率高 error rate {errors / last.requests:.0%}"
    since = source.last_new_item_at or source.created_at
    if now - since > dt.timedelta(days=silent_days):
        return f"{(now - since).days} 天无新文章 no new articles for {(now - since).days} days"
    return ""
