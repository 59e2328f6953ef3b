"""The review page under load: queue pages over 100,000 leads (SQLite, PostgreSQL), 20 clients.

`python -m bench.review_queue [--leads N] [--pg URL] [--seconds S]` prints server-time p95 per
queue view and the concurrent-load result; `run(report)` adds the same figures to `make bench`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import insert, select, text

from bench.harness import Report
from pipelines.bootstrap import initialise
from pipelines.db import Database
from pipelines.db.lead_search import search_text
from pipelines.db.models import Article, CompanyRow, Lead, LeadArticle, Task
from pipelines.db.users import add_user
from pipelines.settings import Settings, load_settings, secret_key
from review.app import create_app

NOW = dt.datetime(2026, 11, 25, 8, tzinfo=dt.UTC)
PASSWORD = "bench password"  # noqa: S105 - a throwaway login of the benchmark database
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
VIEWS = {
    "first page": "/leads", "second page": None, "sector": "/leads?sector=new_energy",
    "office": "/leads?office=kunshan_office", "list": "/leads?list=fortune_global_500",
    "search": "/leads?q=电池", "filters": "/leads?event=new_plant&stage=signed&min_score=0.6",
    "all statuses": "/leads?status=all&since=2026-06-01",
}  # fmt: skip
SECTORS = ["power_equipment", "electronics", "new_energy", "new_materials", "auto_parts", "machinery",
           "food_processing", "textiles"]  # fmt: skip
OFFICES = [
    "devzone_bureau",
    "kunshan_office",
    "dongguan_office",
    "hangzhou_office",
    "ningbo_office",
]
WORDS = ["电池", "电缆", "传感器", "光伏", "储能", "汽车零部件", "纺织", "食品", "机床", "芯片"]


def seed(database: Database, count: int, rng: random.Random) -> None:
    """`count` leads, each with one article and two tasks, in batches of 5,000."""
    with database.session() as session:
        companies = list(session.scalars(select(CompanyRow.id)))
    for start in range(0, count, 5000):
        batch = range(start, min(start + 5000, count))
        with database.session() as session:
            leads = [_lead(i, rng.choice(companies), rng) for i in batch]
            articles = [_article(i, rng) for i in batch]
            for lead, article in zip(leads, articles, strict=True):
                lead["search_text"] = search_text([lead["company_name"]], [article["title"]])
            ids = list(session.scalars(insert(Lead).returning(Lead.id), leads))
            article_ids = list(session.scalars(insert(Article).returning(Article.id), articles))
            session.execute(insert(LeadArticle), [{"lead_id": lead, "article_id": article, "added_at": NOW}
                                                  for lead, article in zip(ids, article_ids, strict=True)])  # fmt: skip
            tasks = [t for lead, i in zip(leads, ids, strict=True) for t in _tasks(lead, i, rng)]
            session.execute(insert(Task), tasks)


def _lead(i: int, company: str, rng: random.Random) -> dict[str, Any]:
    seen = NOW - dt.timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
    return {"project_key": f"bench:{i}", "company_id": company, "company_name": f"基准企业{i}",
            "company_key": company, "event_type": rng.choice(["new_plant", "expansion", "relocation"]),
            "stage": rng.choice(["announced", "signed", "construction"]), "score": rng.random(),
            "sector": rng.choice(SECTORS), "status": rng.choice(["new"] * 8 + ["accepted", "rejected"]),
            "capex_amount": rng.randrange(1, 500) * 1e7, "capex_currency": "CNY",
            "first_seen_at": seen, "updated_at": seen, "facts": {}, "explanation": [],
            "destination": {"text": "宝应"}}  # fmt: skip


def _article(i: int, rng: random.Random) -> dict[str, Any]:
    return {"url": f"https://bench.example/{i}", "fetched_url": f"https://bench.example/{i}",
            "title": f"基准企业{i}投资建设{rng.choice(WORDS)}项目", "body": "", "fetched_at": NOW,
            "content_hash": f"{i:064d}", "meta": {}}  # fmt: skip


def _tasks(lead: dict[str, Any], lead_id: int, rng: random.Random) -> list[dict[str, Any]]:
    """Two tasks; those of leads older than a month are finished, as offices close them."""
    old = lead["first_seen_at"] < NOW - dt.timedelta(days=30)
    status, step = ("done", "closed") if old else ("open", "lead")
    due = lead["first_seen_at"] + dt.timedelta(days=rng.choice([1, 3, 7]))
    return [{"lead_id": lead_id, "office_id": office, "kind": kind, "status": status, "step": step,
             "due_at": due, "created_at": lead["first_seen_at"], "updated_at": NOW}
            for office, kind in (("county_bureau", "register"), (rng.choice(OFFICES), "contact"))]  # fmt: skip


def prepared(settings: Settings, count: int) -> Settings:
    database, _ = initialise(settings)
    with database.session() as session:
        add_user(session, "bench", "county_bureau", "analyst", CHEAP.hash(PASSWORD))
    seed(database, count, random.Random(7))  # noqa: S311 - benchmark data, not secrets
    if database.engine.dialect.name == "postgresql":
        with database.session() as session:  # what autovacuum does a minute after a bulk load
            session.execute(text("ANALYZE"))
    database.dispose()
    return settings


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]


def server_times(settings: Settings, repeat: int = 20) -> dict[str, float]:
    """p95 milliseconds of each queue view, timed around the app (no network)."""
    app = create_app(settings, hasher=CHEAP, clock=lambda: NOW)
    result = {}
    with TestClient(app, follow_redirects=False) as client:
        _log_in(client)
        second = _next_link(client.get("/leads").text)
        for name, url in VIEWS.items():
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                response = client.get(url or second)
                times.append(time.perf_counter() - start)
                assert response.status_code == 200, (name, response.status_code)
            result[name] = round(p95(times) * 1000, 1)
    return result


def _log_in(client: Any) -> None:
    page = client.get("/login").text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post(
        "/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 303, response.text


def _next_link(html: str) -> str:
    return html.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")


@contextmanager
def serving(settings: Settings, workers: int = 2) -> Iterator[str]:
    """The app as `leadradar serve --workers N` runs it: its own processes, so the load
    generator (this process) does not share an interpreter lock with the server. The socket
    is listening before they start: early requests wait in its backlog, none is refused."""
    secret_key(settings)  # made once here, not raced for by the workers
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(512)
    env = {**os.environ, "LEADRADAR_HOME": str(settings.home),
           "LEADRADAR_DATABASE_URL": settings.database_url}  # fmt: skip
    command = [sys.executable, "-m", "uvicorn", "review.app:create_app_from_environment",
               "--factory", "--fd", str(sock.fileno()), "--workers", str(workers),
               "--log-level", "warning", "--no-access-log"]  # fmt: skip
    server = subprocess.Popen(command, env=env, pass_fds=[sock.fileno()])
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        _warm_up(base, server)
        yield base
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        sock.close()


def _warm_up(base: str, server: subprocess.Popen[bytes], answers: int = 20) -> None:
    """A few answers from the started workers before anything is timed."""
    with httpx.Client(base_url=base, timeout=120) as client:
        for _ in range(answers):
            if client.get("/healthz").status_code != 200 or server.poll() is not None:
                raise RuntimeError(f"the review server did not start (exit {server.poll()})")


def load(
    settings: Settings, clients: int = 20, seconds: float = 60.0, workers: int = 2
) -> dict[str, float]:
    """`clients` logged-in clients browsing queue, lead, board and targets pages for `seconds`."""
    with serving(settings, workers) as base:
        deadline = time.monotonic() + seconds
        with ThreadPoolExecutor(clients) as pool:
            runs = list(pool.map(lambda i: _browse(base, deadline, i), range(clients)))
    times = [t for run in runs for t in run["times"]]
    return {"requests": len(times), "errors": sum(run["errors"] for run in runs),
            "p95_ms": round(p95(times) * 1000, 1), "rps": round(len(times) / seconds, 1),
            "workers": workers}  # fmt: skip


def _browse(base: str, deadline: float, seed_: int) -> dict[str, Any]:
    rng, times, errors = random.Random(seed_), [], 0  # noqa: S311 - which page to ask for
    pages = [*[u for u in VIEWS.values() if u], "/leads/{lead}", "/board", "/targets"]
    with httpx.Client(base_url=base, follow_redirects=False, timeout=30) as client:
        _log_in(client)
        while time.monotonic() < deadline:
            url = rng.choice(pages).format(lead=rng.randrange(1, 1000))
            start = time.perf_counter()
            status = client.get(url).status_code
            times.append(time.perf_counter() - start)
            errors += status != 200
    return {"times": times, "errors": errors}


def measure(url: str | None, count: int, seconds: float, folder: Path) -> dict[str, Any]:
    settings = load_settings(database_url=url, env={"LEADRADAR_HOME": str(folder)})
    prepared(settings, count)
    return {"server_p95_ms": server_times(settings), "load": load(settings, seconds=seconds)}


def run(
    report: Report, count: int = 100_000, pg_url: str | None = None, seconds: float = 60.0
) -> None:
    with tempfile.TemporaryDirectory(prefix="leadradar-bench-") as folder:
        report.figures["review_sqlite"] = measure(None, count, seconds, Path(folder))
        if pg_url:
            report.figures["review_postgresql"] = measure(pg_url, count, seconds, Path(folder))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--pg", metavar="URL", help="an empty PostgreSQL database to fill")
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    report = Report()
    run(report, args.leads, args.pg, args.seconds)
    for name, figures in report.figures.items():
        print(name, figures)


if __name__ == "__main__":
    main()
