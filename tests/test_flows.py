"""The Prefect flows through Prefect's test harness: schedules, crawl ▸ process, alerts to the admin."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.settings import (
    PREFECT_API_URL,
    PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
    temporary_settings,
)
from prefect.testing.utilities import prefect_test_harness
from sqlalchemy import func, select

import flows  # also switches telemetry off (DO_NOT_TRACK) before the harness starts a server
from cli import main
from pipelines.db import open_database
from pipelines.db.models import CrawlRun, Lead
from pipelines.settings import load_settings
from spiders.demo_server import DemoSite
from tests.loopback import Inbox, free_port, smtp_server

BROKEN_SOURCE = """
  - key: broken_feed
    name: 不存在的源
    kind: feed
    url: http://127.0.0.1:{port}/rss.xml
    lang: zh
"""


@pytest.fixture(scope="session", autouse=True)
def harness() -> Iterator[None]:
    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}), prefect_test_harness():
        yield


@pytest.fixture
def admin_inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    with smtp_server() as (handler, port):
        monkeypatch.setenv("LEADRADAR_SMTP_URL", f"smtp://127.0.0.1:{port}")
        monkeypatch.setenv("LEADRADAR_ADMIN_EMAIL", "admin@example.cn")
        yield handler


@pytest.fixture
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        flows, "crawl_source", flows.crawl_source.with_options(retry_delay_seconds=0)
    )
    monkeypatch.setenv("LEADRADAR_CRAWL_DELAY", "0")


def test_schedules_in_county_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADRADAR_CRAWL_CRON", "0 */2 * * *")
    ids = {d.name: d.apply() for d in flows.deployments(load_settings())}
    found = {}
    with get_client(sync_client=True) as client:
        for name, deployment_id in ids.items():
            deployment = client.read_deployment(deployment_id)
            flow = client.read_flow(deployment.flow_id)
            crons = [(s.schedule.cron, s.schedule.timezone) for s in deployment.schedules]  # type: ignore[union-attr]
            found[name] = (flow.name, crons)
            assert deployment.global_concurrency_limit is not None
            assert deployment.global_concurrency_limit.limit == 1
    shanghai = "Asia/Shanghai"
    assert found == {
        "crawl": ("crawl", [("0 */2 * * *", shanghai)]),
        "process": ("process", []),
        "digest": ("digest", [("0 8 * * 1", shanghai)]),
        "health": ("health", [("30 7 * * *", shanghai)]),
        "retrain": ("retrain", [("0 2 * * 0", shanghai)]),
    }


def test_crawl_runs_one_task_per_source_retries_failures_then_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_retries: None
) -> None:
    sources = tmp_path / "sources.yml"
    with DemoSite() as site:
        sources.write_text(site.sources_yaml() + BROKEN_SOURCE.format(port=free_port()), "utf-8")
        monkeypatch.setenv("LEADRADAR_SOURCES", str(sources))
        summary = flows.crawl()
    assert sorted(summary["ok"]) == ["caijing_api", "industry_en_sitemap", "jsnews_feed",
                                     "yzgov_listing"]  # fmt: skip
    assert len(summary["failed"]) == 1 and summary["failed"][0].startswith("broken_feed: ")
    assert summary["process"]["articles"] >= 30 and summary["process"]["leads_new"] >= 8
    database = open_database(load_settings().database_url)
    with database.session() as session:
        runs = dict(
            session.execute(
                select(CrawlRun.source_key, func.count()).group_by(CrawlRun.source_key)
            ).all()
        )
        leads = session.scalar(select(func.count()).select_from(Lead))
    database.dispose()
    assert runs.pop("broken_feed") == 3  # the first try and two retries, judged from stats
    assert set(runs.values()) == {1}  # the sources crawled side by side, each once
    assert leads == summary["process"]["leads_new"]


def test_a_failed_run_mails_the_admin_once(
    admin_inbox: Inbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LEADRADAR_CATALOG", str(tmp_path / "no-catalog"))
    state = flows.process(return_state=True)
    assert state.is_failed()
    assert len(admin_inbox.messages()) == 1
    mail = admin_inbox.messages()[0]
    assert mail["To"] == "admin@example.cn" and "flow failed: process" in mail["Subject"]
    assert "no-catalog" in mail.get_content()


def test_a_failed_subflow_mails_once_for_its_parent(
    admin_inbox: Inbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fast_retries: None
) -> None:
    sources = tmp_path / "sources.yml"
    sources.write_text("sources:" + BROKEN_SOURCE.format(port=free_port()), encoding="utf-8")
    monkeypatch.setenv("LEADRADAR_SOURCES", str(sources))
    monkeypatch.setattr(flows, "crawl_source", flows.crawl_source.with_options(retries=0))
    monkeypatch.setenv("LEADRADAR_CATALOG", str(tmp_path / "no-catalog"))
    assert flows.crawl(return_state=True).is_failed()
    assert [m["Subject"].split(":")[1].split()[0] for m in admin_inbox.messages()] == ["crawl"]


def test_health_reports_problems_to_the_admin(
    admin_inbox: Inbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    sources = tmp_path / "sources.yml"
    sources.write_text("sources:" + BROKEN_SOURCE.format(port=1), encoding="utf-8")
    monkeypatch.setenv("LEADRADAR_SOURCES", str(sources))
    flows.sources_to_crawl(load_settings())  # registered, never crawled
    result = flows.health()
    assert result["sources"] == ["broken_feed"] and result["notified"].startswith("mailed")
    assert len(admin_inbox.messages()) == 1
    assert "broken_feed" in admin_inbox.messages()[0].get_content()


def test_digest_without_smtp_files_the_week_in_the_outbox() -> None:
    result = flows.digest(week="2026-W48")
    assert result["filed_in"] == str(load_settings().outbox)
    assert (load_settings().outbox / "2026-W48-leaders.eml").exists()


def test_schedule_needs_a_reachable_prefect_server(capsys: pytest.CaptureFixture[str]) -> None:
    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        assert main(["schedule"]) == 2
    with temporary_settings({PREFECT_API_URL: f"http://127.0.0.1:{free_port()}/api"}):
        assert main(["schedule"]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert errors[0].startswith("leadradar: error: no Prefect server: run `prefect server start`")
    assert errors[1].startswith("leadradar: Prefect server unavailable at http://127.0.0.1:")


def test_retrain_runs_the_learning_loop() -> None:
    result = flows.retrain()
    assert result["items"] > 0 and 0 < result["macro_f1"] <= 1
    assert result["promoted"] is True  # nothing judged yet: as good as the bundled model
    assert (load_settings().models_dir / f"events-{result['version']}.json").exists()
    assert result["stage"]["promoted"] is True and 0 < result["stage"]["macro_f1"] <= 1
    assert result["weights"]["version"] == "-" and "needs 20" in result["weights"]["reason"]
