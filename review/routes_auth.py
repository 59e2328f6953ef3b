"""Logging in and out: throttled password checks, fresh sessions, and no open redirects."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from pipelines.db.models import User
from pipelines.db.users import (
    end_sessions,
    find_user,
    is_locked,
    note_failed_login,
    note_login,
)
from review.passwords import verify_password
from review.sessions import COOKIE, SessionData, new_session, same_token
from review.site import (
    CsrfRefused,
    Site,
    Viewer,
    acting,
    go,
    render,
    root_of,
    session_of,
    site_of,
    viewer_of,
)

router = APIRouter()
HOME = {"office": "/board", "leader": "/targets"}
FAILED = "用户名或密码错误；连续失败多次后账号会被暂时锁定，请稍后再试。"
THROTTLED = "登录失败次数过多，请稍后再试。"


def safe_next(target: str | None) -> str | None:
    """A path inside this app, or None: never another host (//evil, /\\evil, https://…)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def home_of(user: User) -> str:
    return HOME.get(user.role, "/leads")


@router.get("/")
def home(request: Request) -> RedirectResponse:
    viewer = viewer_of(request)
    return go(request, home_of(viewer.user) if viewer else "/login")


@router.get("/login", response_model=None)
def login_page(request: Request, next: str = "") -> Response:
    viewer = viewer_of(request)
    if viewer is not None:
        return go(request, safe_next(next) or home_of(viewer.user))
    return _login_form(request, next, "", 200)


def _login_form(request: Request, next_path: str, error: str, status: int) -> HTMLResponse:
    site = site_of(request)
    anonymous = session_of(request)
    if anonymous is None or anonymous.user_id is not None:
        anonymous = new_session(site.clock().timestamp())
    response = render(request, "login.html", {"csrf": anonymous.csrf, "next": safe_next(next_path) or "",
                                              "error": error}, status=status)  # fmt: skip
    _set_cookie(request, response, site, anonymous)
    return response


@router.post("/login", response_model=None)
def login(
    request: Request, username: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    site, anonymous = site_of(request), session_of(request)
    if anonymous is None or not same_token(csrf_token, anonymous.csrf):
        raise CsrfRefused()
    now, client = site.clock(), request.client.host if request.client else "?"
    if site.throttle.blocked(client, now):
        return _login_form(request, next, THROTTLED, 429)
    user = _check_password(site, username.strip(), password, now)
    if user is None:
        site.throttle.failed(client, now)
        return _login_form(request, next, FAILED, 401)
    response = go(request, safe_next(next) or home_of(user))
    mark = site.signer.password_mark(user.password_hash)
    _set_cookie(request, response, site, new_session(now.timestamp(), user.id, mark))
    return response


def _check_password(site: Site, name: str, password: str, now: dt.datetime) -> User | None:
    """The user when name and password match and the account is neither disabled nor locked."""
    with site.database.session() as session:
        user = find_user(session, name) if name else None
        usable = user is not None and not user.disabled and not is_locked(user, now)
        matches = verify_password(
            site.hasher, user.password_hash if usable and user else None, password
        )
        if user is None or not usable:
            return None
        if not matches:
            note_failed_login(session, user, now)
            return None
        note_login(session, user)
        return user


@router.post("/logout")
def logout(
    request: Request, viewer: Annotated[Viewer, Depends(acting("read"))]
) -> RedirectResponse:
    site = site_of(request)
    with site.database.session() as session:  # a copy of the cookie is worth nothing after this
        end_sessions(session, viewer.user.id, site.clock())
    response = go(request, "/login")
    response.delete_cookie(COOKIE, path=_cookie_path(request))
    return response


def _set_cookie(request: Request, response: Response, site: Site, data: SessionData) -> None:
    response.set_cookie(
        COOKIE, site.signer.dumps(data), max_age=site.signer.max_age_s, httponly=True,
        samesite="lax", secure=request.url.scheme == "https", path=_cookie_path(request),
    )  # fmt: skip


def _cookie_path(request: Request) -> str:
    return root_of(request) or "/"
