"""The review page's fixtures: one crawled and processed database per session, copied per test."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from pipelines.bootstrap import Reference, load_reference
from pipelines.db import open_database
from pipelines.db.users import add_user
from pipelines.settings import Settings, load_settings
from pipelines.sources import load_sources
from review.app import create_app
from review.cmd_crawl import crawl_into
from review.cmd_leads import run_process
from spiders.demo_server import DemoSite

FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_TIMEOUT": "2",
        "RETRY_TIMES": "0"}  # fmt: skip
PROCESSED_AT = dt.datetime(2026, 11, 25, 8, tzinfo=dt.UTC)
PASSWORD = "correct horse 7"
# Cheap argon2 parameters: each login of the tests verifies a hash; production uses the defaults.
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
USERS = {  # role -> (user name, office)
    "analyst": ("ana", "county_bureau"),
    "office": ("kun", "kunshan_office"),
    "leader": ("lead", "county_bureau"),
    "admin": ("root", "county_bureau"),
}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclasses.dataclass
class Clock:
    """The app's clock, moved by the tests."""

    now: dt.datetime

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample sites crawled over loopback and processed, with one user per role."""
    home = tmp_path_factory.mktemp("review-template")
    settings = dataclasses.replace(
        load_settings(env={"LEADRADAR_HOME": str(home)}), sources_file=home / "sources.yml"
    )
    with DemoSite() as site:
        settings.sources_file.write_text(site.sources_yaml(), encoding="utf-8")
        crawl_into(settings, load_sources(settings.sources_file), None, None, FAST)
    run_process(settings, now=PROCESSED_AT)
    database = open_database(settings.database_url)
    with database.session() as session:
        for role, (name, office) in USERS.items():
            add_user(session, name, office, role, CHEAP.hash(PASSWORD))
    database.dispose()
    return home / "leadradar.db"


@pytest.fixture(scope="session")
def reference() -> Reference:
    return load_reference(load_settings(env={}))


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database (WAL included) through the backup API."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


@pytest.fixture
def settings(tmp_path: Path, template_db: Path) -> Settings:
    home = tmp_path / "web"
    home.mkdir()
    copy_database(template_db, home / "leadradar.db")
    return load_settings(env={"LEADRADAR_HOME": str(home)})


@pytest.fixture
def clock() -> Clock:
    return Clock(PROCESSED_AT + dt.timedelta(hours=1))


@pytest.fixture
def app(settings: Settings, clock: Clock, reference: Reference) -> Iterator[FastAPI]:
    app = create_app(settings, clock=clock, hasher=CHEAP, reference=reference)
    yield app
    app.state.site.database.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def csrf_of(response: Response) -> str:
    found = CSRF.search(response.text)
    assert found, f"no CSRF token in {response.request.url}"
    return found.group(1)


def log_in(
    client: TestClient, name: str, password: str = PASSWORD, next_path: str = ""
) -> Response:
    token = csrf_of(client.get("/login"))
    response: Response = client.post("/login", data={"username": name, "password": password,
                                       "csrf_token": token, "next": next_path})  # fmt: skip
    return response


@dataclasses.dataclass
class Session:
    """A logged-in test client: `post` adds the session's CSRF token to the form."""

    client: TestClient
    csrf: str

    def get(self, url: str, **kwargs: Any) -> Response:
        response: Response = self.client.get(url, **kwargs)
        return response

    def post(self, url: str, data: dict[str, str] | None = None, **kwargs: Any) -> Response:
        form = {"csrf_token": self.csrf, **(data or {})}
        response: Response = self.client.post(url, data=form, **kwargs)
        return response


@pytest.fixture
def as_role(app: FastAPI) -> Iterator[Callable[[str], Session]]:
    """Log in as the user of a role (analyst, office, leader, admin), one client each."""
    clients: list[TestClient] = []

    def make(role: str) -> Session:
        client = TestClient(
            app, follow_redirects=False
        ).__enter__()  # one event loop for all requests
        clients.append(client)
        response = log_in(client, USERS[role][0])
        assert response.status_code == 303, response.text
        return Session(client, csrf_of(client.get("/targets")))

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def lead_ids(app: FastAPI, office: str | None = None, without: str | None = None) -> list[int]:
    """Leads best first; only those with a task of `office`, or with none of `without`."""
    from sqlalchemy import select

    from pipelines.db.models import Lead, Task

    with app.state.site.database.session() as session:
        query = select(Lead.id).order_by(Lead.score.desc())
        if office:
            query = query.where(Lead.id.in_(select(Task.lead_id).where(Task.office_id == office)))
        if without:
            query = query.where(
                Lead.id.not_in(select(Task.lead_id).where(Task.office_id == without))
            )
        return list(session.scalars(query))


def task_ids(app: FastAPI, office: str) -> list[int]:
    from sqlalchemy import select

    from pipelines.db.models import Task

    with app.state.site.database.session() as session:
        return list(
            session.scalars(select(Task.id).where(Task.office_id == office).order_by(Task.id))
        )
