"""Crash, concurrency and outage: nothing lost, nothing duplicated, clear errors."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bench.corpus import news_items
from pipelines.bootstrap import load_reference
from pipelines.db import open_database
from pipelines.db.articles import NewArticle, store_article
from pipelines.db.models import Analysis, Article, Lead, LeadArticle, Task
from pipelines.db.sync import sync_reference
from pipelines.settings import load_settings

CLI = Path(sys.executable).parent / "leadradar"
FETCHED = dt.datetime.now(dt.UTC)


def seed(url: str, count: int) -> None:
    """`count` stored articles (from the labelled corpus, varied) and the reference tables."""
    database = open_database(url)
    reference = load_reference(load_settings(database_url=url))
    with database.session() as session:
        sync_reference(session, reference.catalog, reference.registry)
        for item in news_items(count):
            store_article(session, NewArticle(
                f"http://127.0.0.1/{item.id}", f"http://127.0.0.1/{item.id}", None, item.title,
                item.text, None, item.lang, FETCHED, FETCHED, {}))  # fmt: skip
    database.dispose()


def snapshot(url: str) -> tuple[int, int, set[str], set[tuple[str, str, str]], int]:
    """Articles, analyses, lead keys, (lead, office, kind) of tasks, lead-article links."""
    database = open_database(url, migrate=False)
    with database.session() as session:
        articles = session.scalar(select(func.count()).select_from(Article)) or 0
        analyses = session.scalar(select(func.count()).select_from(Analysis)) or 0
        keys = set(session.scalars(select(Lead.project_key)))
        tasks = {(k, o, kind) for k, o, kind in session.execute(
            select(Lead.project_key, Task.office_id, Task.kind).join(Lead, Lead.id == Task.lead_id))}  # fmt: skip
        links = session.scalar(select(func.count()).select_from(LeadArticle)) or 0
    database.dispose()
    return articles, analyses, keys, tasks, links


def run_process(url: str, home: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "LEADRADAR_HOME": str(home)}
    return subprocess.Popen([str(CLI), "process", "--workers", "1", "--db", url, *extra], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip


def test_sigkill_halfway_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    count = 1200
    fresh = tmp_path / "fresh.db"
    seed(f"sqlite:///{fresh}", count)
    reference, crashed = tmp_path / "reference.db", tmp_path / "crashed.db"
    shutil.copy(fresh, reference)
    shutil.copy(fresh, crashed)
    whole = run_process(f"sqlite:///{reference}", tmp_path)
    assert whole.wait(timeout=300) == 0, whole.stderr.read() if whole.stderr else ""
    victim = run_process(f"sqlite:///{crashed}", tmp_path)
    assert victim.stderr is not None
    for line in victim.stderr:  # the progress lines say when a batch has been committed
        if f"/{count}" in line and not line.startswith(f"[process {count}/"):
            break
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=60)
    partial = snapshot(f"sqlite:///{crashed}")
    assert 0 < partial[1] < count, "the kill should land between batches"
    again = run_process(f"sqlite:///{crashed}", tmp_path)
    assert again.wait(timeout=300) == 0
    after, expected = snapshot(f"sqlite:///{crashed}"), snapshot(f"sqlite:///{reference}")
    assert after[:2] == (count, count)
    assert after[2] == expected[2] and after[3] == expected[3] and after[4] == expected[4]


@pytest.mark.postgres
def test_two_process_runs_at_once_on_postgres(pg_url: str, tmp_path: Path) -> None:
    count = 600
    seed(pg_url, count)
    runs = [run_process(pg_url, tmp_path / f"h{i}") for i in range(2)]
    outputs = [r.communicate(timeout=300) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], outputs
    reference = tmp_path / "reference.db"
    seed(f"sqlite:///{reference}", count)
    assert run_process(f"sqlite:///{reference}", tmp_path).wait(timeout=300) == 0
    together, alone = snapshot(pg_url), snapshot(f"sqlite:///{reference}")
    assert together[:2] == (count, count)
    assert together[2:] == alone[2:]


class Proxy:
    """A TCP relay on loopback that the test can cut, as if the database host went away."""

    def __init__(self, port: int) -> None:
        self.target = port
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.open = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self.open:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                return
            upstream = socket.create_connection(("127.0.0.1", self.target))
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.close()

    def cut(self) -> None:
        self.open = False
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        self.server.close()
        for end in self.sockets:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def proxied_pg(pg_url: str) -> Iterator[tuple[str, Proxy]]:
    from sqlalchemy.engine import make_url

    url = make_url(pg_url)
    proxy = Proxy(url.port or 5432)
    yield url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False), proxy
    proxy.cut()


@pytest.mark.postgres
def test_database_going_away_mid_run(
    pg_url: str, proxied_pg: tuple[str, Proxy], tmp_path: Path
) -> None:
    count = 1200
    seed(pg_url, count)
    url, proxy = proxied_pg
    victim = run_process(url, tmp_path)
    assert victim.stderr is not None
    for line in victim.stderr:
        if f"/{count}" in line:
            break
    proxy.cut()
    code = victim.wait(timeout=120)
    err = victim.stderr.read()
    assert code == 1, err
    assert "database unavailable" in err and "Traceback" not in err
    articles, analyses, *_ = snapshot(pg_url)
    assert articles == count and 0 < analyses < count and analyses % 200 == 0  # whole batches only
    again = run_process(pg_url, tmp_path)
    assert again.wait(timeout=300) == 0
    assert snapshot(pg_url)[1] == count
