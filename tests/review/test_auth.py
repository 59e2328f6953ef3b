"""Logging in: sessions, CSRF, throttling, expiry, safe redirects and the security headers."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from pipelines.db.models import User
from pipelines.db.users import FREE_FAILURES
from review.routes_auth import safe_next
from review.sessions import COOKIE
from tests.review.conftest import PASSWORD, USERS, Clock, Session, csrf_of, log_in


def _user(app: FastAPI, name: str) -> User:
    with app.state.site.database.session() as session:
        return session.scalars(select(User).where(User.name == name)).one()


def test_login_page_has_a_csrf_token_and_the_security_headers(client: TestClient) -> None:
    response = client.get("/login")
    assert response.status_code == 200
    assert csrf_of(response)
    headers = response.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"
    assert 'lang="zh-CN"' in response.text


@pytest.mark.parametrize(("role", "home"), [("analyst", "/leads"), ("office", "/board"),
                                            ("leader", "/targets"), ("admin", "/leads")])  # fmt: skip
def test_login_sends_each_role_home_with_a_safe_cookie(
    client: TestClient, role: str, home: str
) -> None:
    response = log_in(client, USERS[role][0])
    assert response.status_code == 303
    assert response.headers["location"] == home
    cookie = response.headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
    assert client.get(home).status_code == 200


def test_a_wrong_password_is_refused_and_counted(client: TestClient, app: FastAPI) -> None:
    response = log_in(client, "ana", "wrong password")
    assert response.status_code == 401
    assert "用户名或密码错误" in response.text
    assert _user(app, "ana").failed_logins == 1
    assert client.get("/leads").status_code == 303  # still not logged in
    assert log_in(client, "nobody", "whatever1").status_code == 401


def test_repeated_failures_lock_the_account_for_a_while(
    client: TestClient, app: FastAPI, clock: Clock
) -> None:
    for _ in range(FREE_FAILURES):
        assert log_in(client, "ana", "wrong password").status_code == 401
    assert _user(app, "ana").locked_until is not None
    assert log_in(client, "ana", PASSWORD).status_code == 401  # even the right password waits
    clock.advance(minutes=1)
    assert log_in(client, "ana", PASSWORD).status_code == 303
    assert _user(app, "ana").failed_logins == 0


def test_many_failures_from_one_address_are_throttled(client: TestClient) -> None:
    statuses = [log_in(client, f"guess{i}", "wrong password").status_code for i in range(21)]
    assert statuses[:20] == [401] * 20
    assert statuses[20] == 429
    assert log_in(client, "ana").status_code == 429


@pytest.mark.parametrize("token", ["", "forged-token"])
def test_login_without_the_form_token_is_refused(client: TestClient, token: str) -> None:
    client.get("/login")
    response = client.post(
        "/login", data={"username": "ana", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 403
    assert client.get("/leads").status_code == 303


@pytest.mark.parametrize(
    "target",
    ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)",
     "http:/evil.example", "/leads\r\nSet-Cookie: x=1", "\\\\evil.example", "evil.example"],
)  # fmt: skip
def test_no_open_redirect_after_login(client: TestClient, target: str) -> None:
    response = log_in(client, "ana", next_path=target)
    assert response.status_code == 303
    assert response.headers["location"] == "/leads"


def test_the_page_asked_for_is_shown_after_login(client: TestClient) -> None:
    response = client.get("/leads/3?x=1")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fleads%2F3%3Fx%3D1"
    assert log_in(client, "ana", next_path="/leads/3?x=1").headers["location"] == "/leads/3?x=1"


def test_safe_next() -> None:
    assert safe_next("/board?office=kunshan_office") == "/board?office=kunshan_office"
    assert safe_next("") is None
    assert safe_next("//x") is None


def test_sessions_expire(as_role: Callable[[str], Session], clock: Clock) -> None:
    analyst = as_role("analyst")
    clock.advance(hours=7, minutes=59)
    assert analyst.get("/leads").status_code == 200
    clock.advance(minutes=2)
    response = analyst.get("/leads")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_a_forged_cookie_is_not_a_session(client: TestClient) -> None:
    log_in(client, "root")
    token = client.cookies[COOKIE]
    client.cookies.set(COOKIE, token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"))
    assert client.get("/leads").status_code == 303


def test_a_disabled_user_is_logged_out(as_role: Callable[[str], Session]) -> None:
    admin, analyst = as_role("admin"), as_role("analyst")
    users = admin.get("/admin/users").text
    analyst_id = re.search(r'id="user-(\d+)"><th scope="row">ana<', users)
    assert analyst_id
    assert admin.post(f"/admin/users/{analyst_id.group(1)}/disable").status_code == 303
    assert analyst.get("/leads").status_code == 303
    assert admin.post(f"/admin/users/{analyst_id.group(1)}/enable").status_code == 303
    assert analyst.get("/leads").status_code == 200


def test_logout_needs_the_token_and_ends_the_session(as_role: Callable[[str], Session]) -> None:
    analyst = as_role("analyst")
    assert analyst.client.post("/logout", data={"csrf_token": "nope"}).status_code == 403
    response = analyst.post("/logout")
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert analyst.get("/leads").status_code == 303


def test_a_copied_cookie_is_worthless_after_logout(
    as_role: Callable[[str], Session], app: FastAPI, clock: Clock
) -> None:
    analyst = as_role("analyst")
    copy = TestClient(app, follow_redirects=False)
    copy.cookies.set(COOKIE, analyst.client.cookies[COOKIE])
    assert copy.get("/leads").status_code == 200  # the copy works while the session lasts
    clock.advance(minutes=5)
    assert analyst.post("/logout").status_code == 303
    assert copy.get("/leads").status_code == 303  # ended on the server, not just in the browser
    clock.advance(seconds=1)
    again = TestClient(app, follow_redirects=False)
    assert log_in(again, USERS["analyst"][0]).status_code == 303
    assert again.get("/leads").status_code == 200  # a new login is a new session


def test_pages_carry_no_inline_script_or_style(as_role: Callable[[str], Session]) -> None:
    admin = as_role("admin")
    for url in ("/leads", "/leads/1", "/board", "/targets", "/admin/sources", "/admin/users"):
        html = admin.get(url).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert not re.search(r"\sstyle=|<style", html), url
        assert not re.search(r"\son[a-z]+=", html), url
