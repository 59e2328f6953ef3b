"""`crawl` and `sources` as the contract says: exit codes, failures per source, health, --check."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import cli
from pipelines.db import open_database
from pipelines.db.sources import RunStats, record_run, source_health, sync_sources
from spiders.demo_server import DemoSite
from tests.loopback import free_port


def test_every_source_failing_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADRADAR_CRAWL_DELAY", "0")
    port = free_port()
    sources = tmp_path / "sources.yml"
    sources.write_text(
        "sources:\n"
        f"  - {{key: gone, name: 无法访问, kind: feed, url: 'http://127.0.0.1:{port}/rss.xml', lang: zh}}\n",
        encoding="utf-8",
    )
    code = cli.main(["crawl", "--sources", str(sources), "--db", f"sqlite:///{tmp_path / 'c.db'}"])
    out = capsys.readouterr().out
    assert code == 1
    assert "failed gone: start page failed (connection)" in out


def test_some_sources_failing_exit_0_and_show_in_health(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADRADAR_CRAWL_DELAY", "0")
    db = ["--db", f"sqlite:///{tmp_path / 'c.db'}"]
    port = free_port()
    with DemoSite() as site:
        sources = tmp_path / "sources.yml"
        sources.write_text(
            site.sources_yaml()
            + f"  - {{key: gone, name: 无法访问, kind: feed, url: 'http://127.0.0.1:{port}/rss.xml', lang: zh}}\n",
            encoding="utf-8",
        )
        code = cli.main(
            ["crawl", "--sources", str(sources), "--source", "caijing_api", "--source", "gone", *db]
        )
        assert code == 0
        assert "failed gone" in capsys.readouterr().out
        assert cli.main(["sources", "--sources", str(sources), "--format", "json", *db]) == 0
        health = {h["key"]: h for h in json.loads(capsys.readouterr().out)}
        assert health["caijing_api"]["healthy"] is True
        assert health["gone"]["healthy"] is False and "failed" in health["gone"]["problem"]
        assert (
            cli.main(["sources", "--sources", str(sources), "--check", "--format", "json", *db])
            == 1
        )
        checked = {h["key"]: h["check"] for h in json.loads(capsys.readouterr().out)}
    assert checked["jsnews_feed"].startswith("OK HTTP 200")
    assert checked["gone"].startswith("FAIL")


def test_silent_and_erroring_sources_are_flagged(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'h.db'}")
    now = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
    with database.session() as session:
        sync_sources(
            session,
            [
                ("quiet", "q", "feed", "http://a/", "zh", True),
                ("noisy", "n", "feed", "http://b/", "zh", True),
            ],
        )
        for key, errors, new in (("quiet", {}, 0), ("noisy", {"http_5xx": 8}, 3)):
            record_run(
                session,
                RunStats(
                    key, now - dt.timedelta(hours=1), 2.0, "finished", True, 5, new, 10, errors
                ),
            )
        session.flush()
        for row in session.scalars(
            __import__("sqlalchemy").select(
                __import__("pipelines.db.models", fromlist=["Source"]).Source
            )
        ):
            row.created_at = now - dt.timedelta(days=30)
    with database.session() as session:
        health = {h.key: h for h in source_health(session, now, silent_days=7, max_error_rate=0.5)}
    assert not health["quiet"].healthy and "天无新文章" in health["quiet"].problem
    assert not health["noisy"].healthy and "错误率" in health["noisy"].problem


def test_the_admins_switch_wins_over_the_file(tmp_path: Path) -> None:
    from pipelines.crawling import choose, register_sources
    from pipelines.db.models import AuditEntry
    from pipelines.sources import SourceEntry

    database = open_database(f"sqlite:///{tmp_path / 's.db'}")
    entries = [
        SourceEntry(key=k, name=k, kind="feed", url=f"http://127.0.0.1/{k}", lang="zh")
        for k in ("a", "b")
    ]
    register_sources(database, entries)
    with database.session() as session:
        session.add(
            AuditEntry(action="source.disable", object_type="source", object_id="a", detail={})
        )
    enabled = register_sources(database, entries)
    assert enabled == {"a": False, "b": True}
    assert [e.key for e in choose(entries, [], enabled)] == ["b"]
    assert [e.key for e in choose(entries, ["a"], enabled)] == ["a"]  # named explicitly: it runs
