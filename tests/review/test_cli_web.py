"""`leadradar users` and `leadradar serve`, and the demo's login, as a user runs them."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

import cli
from pipelines.bootstrap import initialise
from pipelines.db import open_database
from pipelines.db.models import User
from pipelines.settings import load_settings
from review import cmd_web


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(monkeypatch: pytest.MonkeyPatch, argv: list[str], stdin: str = "") -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    return cli.main(argv, out=out), out.getvalue()


def _users() -> dict[str, User]:
    database = open_database(load_settings().database_url)
    with database.session() as session:
        users = {u.name: u for u in session.scalars(select(User))}
    database.dispose()
    return users


def test_users_add_with_password_on_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = _run(monkeypatch, ["users", "add", "zhang", "--office", "kunshan_office", "--role", "office",
                                   "--password-stdin"], "a long password\n")  # fmt: skip
    assert code == 0 and "created user zhang" in out
    user = _users()["zhang"]
    assert (user.role, user.office_id) == ("office", "kunshan_office")
    assert PasswordHasher().verify(user.password_hash, "a long password")
    code, out = _run(monkeypatch, ["users"])
    assert code == 0 and "zhang" in out


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["wang", "--office", "nowhere", "--role", "analyst"], "a long password\n", "unknown office"),
        (["wang", "--office", "county_bureau", "--role", "analyst"], "short\n", "too short"),
        (["bad name!", "--office", "county_bureau", "--role", "analyst"], "a long password\n", "bad user name"),
    ],
)  # fmt: skip
def test_users_add_refuses_bad_input(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    stdin: str,
    message: str,
) -> None:
    code, _ = _run(monkeypatch, ["users", "add", *argv, "--password-stdin"], stdin)
    assert code == 2
    assert message in capsys.readouterr().err


def test_users_add_refuses_a_taken_name(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [
        "users",
        "add",
        "li",
        "--office",
        "county_bureau",
        "--role",
        "leader",
        "--password-stdin",
    ]
    assert _run(monkeypatch, argv, "a long password\n")[0] == 0
    assert _run(monkeypatch, argv, "a long password\n")[0] == 2
    assert "exists already" in capsys.readouterr().err


def test_users_add_prompts_twice_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter(["typed password", "typed password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    monkeypatch.setattr("sys.stdin", Terminal())
    assert (
        cli.main(
            ["users", "add", "zhao", "--office", "county_bureau", "--role", "admin"],
            out=io.StringIO(),
        )
        == 0
    )
    assert PasswordHasher().verify(_users()["zhao"].password_hash, "typed password")


def test_users_add_without_a_terminal_needs_the_stdin_flag(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = _run(
        monkeypatch, ["users", "add", "qian", "--office", "county_bureau", "--role", "admin"]
    )
    assert code == 2 and "--password-stdin" in capsys.readouterr().err


def test_serve_runs_uvicorn_with_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **options: seen.update(app=app, **options))
    code, out = _run(monkeypatch, ["serve", "--port", "8123", "--root-path", "/leadradar"])
    assert code == 0 and "http://127.0.0.1:8123/" in out
    assert (seen["host"], seen["port"], seen["root_path"]) == ("127.0.0.1", 8123, "/leadradar")
    assert seen["app"].state.site.catalog.county.id


def test_the_demo_prints_a_working_login(tmp_path: Path) -> None:
    settings = load_settings()
    initialise(settings)[0].dispose()
    out = io.StringIO()
    cmd_web.demo_login(settings, out)
    found = re.search(r"log in: demo / (\S+)", out.getvalue())
    assert found and "leadradar serve --db" in out.getvalue()
    user = _users()["demo"]
    assert user.role == "admin" and PasswordHasher().verify(user.password_hash, found.group(1))
