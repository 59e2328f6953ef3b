"""The sample sites through a real loopback server: crawl, then process, then rerun."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from pipelines.crawl import CrawlResult
from pipelines.db import open_database
from pipelines.db.models import Article, CrawlRun, Lead, LeadArticle, Task
from pipelines.settings import Settings, load_settings
from pipelines.sources import load_sources
from review.cmd_crawl import crawl_into
from review.cmd_leads import run_process
from spiders.demo_server import DemoSite

FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_TIMEOUT": "2",
        "RETRY_TIMES": "0"}  # fmt: skip
NOW = dt.datetime(2026, 11, 25, 8, tzinfo=dt.UTC)
SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclasses.dataclass
class Crawled:
    settings: Settings
    results: list[CrawlResult]
    base: str


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    home = tmp_path_factory.mktemp("e2e")
    settings = dataclasses.replace(
        load_settings(env={"LEADRADAR_HOME": str(home)}), sources_file=home / "sources.yml"
    )
    with DemoSite() as site:
        settings.sources_file.write_text(site.sources_yaml(), encoding="utf-8")
        results = crawl_into(settings, load_sources(settings.sources_file), None, None, FAST)
        yield Crawled(settings, results, site.base)


def _articles(settings: Settings) -> list[Article]:
    database = open_database(settings.database_url)
    with database.session() as session:
        rows = list(session.scalars(select(Article)))
    database.dispose()
    return rows


def test_every_source_ran_and_was_recorded(crawled: Crawled) -> None:
    assert [r.ok for r in crawled.results] == [True] * 4
    database = open_database(crawled.settings.database_url)
    with database.session() as session:
        runs = list(session.scalars(select(CrawlRun)))
    assert {r.source_key for r in runs} == {r.source_key for r in crawled.results}
    assert all(r.ok and r.items > 0 and r.duration_s is not None for r in runs)


def test_every_fault_was_counted_and_none_stopped_the_run(crawled: Crawled) -> None:
    by_source = {r.source_key: r for r in crawled.results}
    feed, listing = by_source["jsnews_feed"].errors, by_source["yzgov_listing"].errors
    assert feed.get("timeout", 0) >= 1  # /faults/slow.html answers after the timeout
    assert feed.get("too_large", 0) >= 1  # /faults/big.html is over DOWNLOAD_MAXSIZE
    for kind in ("http_4xx", "http_5xx", "non_html", "redirect_loop", "robots_forbidden"):
        assert listing.get(kind, 0) >= 1, (kind, listing)
    assert all(r.ok and r.items > 0 for r in crawled.results)


def test_articles_are_clean(crawled: Crawled) -> None:
    articles = _articles(crawled.settings)
    assert len(articles) >= 30
    for article in articles:
        assert article.title, article.url
        assert "版权所有" not in article.body and "ICP" not in article.body, article.url
        assert article.lang in {"zh", "en"}
    gbk = next(a for a in articles if "gbk_" in a.url)
    assert "益海嘉里" in gbk.body  # the wrong HTTP charset was repaired
    dated = [a for a in articles if a.published_at is not None]
    assert len(dated) >= len(articles) - 2
    assert all(
        dt.datetime(2026, 11, 1, tzinfo=SHANGHAI) <= a.published_at < NOW  # the sites' dates
        for a in dated
        if a.published_at
    )
    english = [a for a in articles if "/industry-en/" in a.url]
    assert english and all(a.lang == "en" for a in english)


def test_robots_txt_was_obeyed(crawled: Crawled) -> None:
    assert not [a for a in _articles(crawled.settings) if "/private/" in a.url]
    listing = next(r for r in crawled.results if r.source_key == "yzgov_listing")
    assert listing.errors.get("robots_forbidden", 0) >= 1


def test_second_crawl_fetches_nothing_stored(crawled: Crawled) -> None:
    with DemoSite() as site:
        path = crawled.settings.home / "again.yml"
        path.write_text(site.sources_yaml().replace(site.base, crawled.base), encoding="utf-8")
    # the first server is still serving; article URLs are already stored
    results = crawl_into(crawled.settings, load_sources(path), ["jsnews_feed"], None, FAST)
    assert results[0].new_items == 0


def test_process_makes_ranked_leads_once(crawled: Crawled) -> None:
    first = run_process(crawled.settings, now=NOW)
    assert first.articles >= 30
    assert first.leads_new >= 8
    database = open_database(crawled.settings.database_url)
    with database.session() as session:
        counts = (session.scalar(select(func.count()).select_from(Lead)),
                  session.scalar(select(func.count()).select_from(Task)),
                  session.scalar(select(func.count()).select_from(LeadArticle)))  # fmt: skip
    again = run_process(crawled.settings, now=NOW)
    assert again.articles == 0
    rescored = run_process(crawled.settings, rescore=True, now=NOW)
    assert rescored.articles == first.articles
    assert rescored.leads_new == 0
    with database.session() as session:
        after = (session.scalar(select(func.count()).select_from(Lead)),
                 session.scalar(select(func.count()).select_from(Task)),
                 session.scalar(select(func.count()).select_from(LeadArticle)))  # fmt: skip
        leads = list(session.scalars(select(Lead).order_by(Lead.score.desc())))
        tasks = list(session.scalars(select(Task)))
    database.dispose()
    assert after == counts
    assert all(lead.sector and lead.explanation for lead in leads[:5])
    assert all(t.due_at > NOW for t in tasks)
    registers = [t for t in tasks if t.kind == "register"]
    assert {t.office_id for t in registers} == {"county_bureau"}


def test_leads_and_tasks_exports(
    crawled: Crawled, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import csv
    import io
    import json

    import openpyxl

    import cli

    run_process(crawled.settings, now=NOW)
    db = ["--db", crawled.settings.database_url]
    assert cli.main(["leads", "--format", "jsonl", "--top", "5", *db]) == 0
    leads = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [lead["rank"] for lead in leads] == [1, 2, 3, 4, 5]
    assert leads == sorted(leads, key=lambda lead: -lead["score"])
    assert all(lead["offices"] and lead["explanation"] for lead in leads)
    assert cli.main(["leads", "--format", "csv", *db]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) >= 8 and rows[0]["rank"] == "1"
    assert cli.main(["tasks", "--format", "csv", "--office", "county_bureau", *db]) == 0
    tasks = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert tasks and {t["office"] for t in tasks} == {"county_bureau"}
    out = tmp_path / "leads.xlsx"
    assert cli.main(["leads", "--format", "xlsx", "--out", str(out), *db]) == 0
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None and sheet.cell(1, 1).value == "rank" and sheet.max_row == len(rows) + 1
    assert cli.main(["leads", "--format", "xlsx", *db]) == 2
    assert "--out" in capsys.readouterr().err


def _answer_key() -> dict[str, tuple[str, str]]:
    """file path → (kind L/N, priority A/B/C or '') from the sample sites' EXPECTED.md tables."""
    key: dict[str, tuple[str, str]] = {}
    for line in (
        (Path(__file__).resolve().parents[1] / "spiders/demo_site/EXPECTED.md")
        .read_text(encoding="utf-8")
        .splitlines()
    ):
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 3 and cells[1][:1] in ("L", "N") and cells[1][1:2].isdigit():
            path = cells[2].split("`")[1]
            priority = cells[-3] if cells[1].startswith("L") else ""
            key[path] = (cells[1][0], priority[:1])
    return key


def test_real_investment_stories_rank_above_the_rest(crawled: Crawled) -> None:
    run_process(crawled.settings, now=NOW)
    key = _answer_key()
    assert len(key) >= 40
    database = open_database(crawled.settings.database_url)
    with database.session() as session:
        from pipelines.db.models import Analysis

        rows = session.execute(
            select(Article.url, Analysis.score, Analysis.is_lead).join(Analysis)
        ).all()
        leads = session.execute(
            select(Lead.score, Article.url).join(LeadArticle, LeadArticle.lead_id == Lead.id)
            .join(Article, Article.id == LeadArticle.article_id)
        ).all()  # fmt: skip
    database.dispose()
    judged = [(key[p][0], score, lead) for url, score, lead in rows
              for p in [url.split("/", 3)[3]] if p in key]  # fmt: skip
    real = [lead for kind, _, lead in judged if kind == "L"]
    noise = [lead for kind, _, lead in judged if kind == "N"]
    assert sum(real) / len(real) >= 0.9, "most real investment stories become leads"
    assert sum(noise) / len(noise) <= 0.1, "hard negatives do not"
    best_noise = max(score for kind, score, _ in judged if kind == "N")
    real_scores = sorted((score for kind, score, _ in judged if kind == "L"), reverse=True)
    assert sum(s > best_noise for s in real_scores) >= 0.9 * len(real_scores)
    band = {p: key[p][1] for p in key}
    lead_scores = {url.split("/", 3)[3]: score for score, url in leads}
    a_scores = [s for p, s in lead_scores.items() if band.get(p) == "A"]
    c_scores = [s for p, s in lead_scores.items() if band.get(p) == "C"]
    assert a_scores and c_scores and min(a_scores) > max(c_scores), (
        "every Baoying project ranks above every one abroad"
    )
