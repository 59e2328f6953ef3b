"""Two crawler processes share one frontier in the machine's real Redis: each article once."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import redis
from sqlalchemy import select

from pipelines.db import open_database
from pipelines.db.models import Article
from spiders.demo_server import DemoSite

REDIS_URL = os.environ.get("LEADRADAR_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
CLI = Path(sys.executable).parent / "leadradar"


def test_two_crawlers_fetch_each_article_exactly_once(tmp_path: Path) -> None:
    run_id = f"t{uuid.uuid4().hex[:10]}"
    database_url = f"sqlite:///{tmp_path / 'shared.db'}"
    with DemoSite() as site:
        sources = tmp_path / "sources.yml"
        sources.write_text(site.sources_yaml(), encoding="utf-8")
        open_database(database_url).dispose()  # schema first, so the two start on equal terms
        crawlers = [
            subprocess.Popen(
                [
                    str(CLI),
                    "crawl",
                    "--sources",
                    str(sources),
                    "--source",
                    "jsnews_feed",
                    "--source",
                    "caijing_api",
                    "--frontier",
                    REDIS_URL,
                    "--run-id",
                    run_id,
                    "--db",
                    database_url,
                ],
                env={
                    **os.environ,
                    "LEADRADAR_HOME": str(tmp_path / f"home{i}"),
                    "LEADRADAR_CRAWL_DELAY": "0",
                },
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for i in range(2)
        ]
        outputs = [c.communicate(timeout=180) for c in crawlers]
        hits = dict(site.hits)
    assert [c.returncode for c in crawlers] == [0, 0], outputs
    database = open_database(database_url)
    with database.session() as session:
        stored = list(session.scalars(select(Article.url)))
    database.dispose()
    paths = [u.split("/", 3)[3] for u in stored]
    assert len(stored) == len(set(stored)) >= 14
    for path in paths:
        assert hits.get("/" + path) == 1, (path, hits.get("/" + path))
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"leadradar:{run_id}:*"):
        client.delete(key)
