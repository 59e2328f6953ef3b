"""The review web page: create_app(settings) builds the FastAPI app with its pages and safeguards."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from argon2 import PasswordHasher
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import PlainTextResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pipelines.bootstrap import Reference, load_reference
from pipelines.db import open_database
from pipelines.settings import Settings, load_settings, secret_key
from review import (
    routes_admin,
    routes_auth,
    routes_lead,
    routes_leads,
    routes_targets,
    routes_tasks,
)
from review.counts import ForgetCountsOnChange
from review.routes_auth import safe_next
from review.sessions import SessionSigner
from review.site import (
    CsrfRefused,
    Forbidden,
    LoginRequired,
    NotFound,
    Site,
    go,
    is_htmx,
    render,
    root_of,
    template_environment,
    viewer_of,
)
from review.throttle import ClientThrottle

STATIC = Path(__file__).resolve().parent / "static"
SESSION_HOURS = 8.0
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
HEADERS = {
    "Content-Security-Policy": CSP, "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff", "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}  # fmt: skip


class SecurityHeaders:
    """Adds the security headers to every response; pages (not static files) are never cached."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
                if "/static/" not in scope["path"]:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


ROUTERS = (routes_auth, routes_leads, routes_lead, routes_tasks, routes_targets, routes_admin)


def create_app(
    settings: Settings, clock: Callable[[], dt.datetime] | None = None,
    hasher: PasswordHasher | None = None, session_hours: float = SESSION_HOURS,
    reference: Reference | None = None,
) -> FastAPI:  # fmt: skip
    """The app for `settings`: reads the catalog (unless given), opens and migrates the database."""
    reference = reference or load_reference(settings)
    database = open_database(settings.database_url)
    site = Site(
        settings=settings, database=database,
        catalog=reference.catalog, registry=reference.registry,
        signer=SessionSigner(secret_key(settings), int(session_hours * 3600)),
        hasher=hasher or PasswordHasher(), clock=clock or _utcnow,
        templates=template_environment(reference.catalog), throttle=ClientThrottle(database),
    )  # fmt: skip
    app = FastAPI(title="leadradar", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=_lifespan)  # fmt: skip
    app.state.site = site
    app.add_middleware(ForgetCountsOnChange, counts=site.counts)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in ROUTERS:
        app.include_router(module.router)
    app.add_api_route("/healthz", _healthz, methods=["GET"], include_in_schema=False)
    _add_error_pages(app)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    app.state.site.database.dispose()


def create_app_from_environment() -> FastAPI:
    """The app for the settings of the environment: what each `serve --workers N` process runs."""
    return create_app(load_settings())


def _healthz() -> PlainTextResponse:
    return PlainTextResponse("ok")


def _add_error_pages(app: FastAPI) -> None:
    def page(status: int, message: str) -> Callable[[Request, Exception], Response]:
        def handler(request: Request, exc: Exception) -> Response:
            context = {"status": status, "message": message}
            return render(request, "error.html", context, viewer_of(request), status)

        return handler

    app.add_exception_handler(LoginRequired, _to_login)
    app.add_exception_handler(Forbidden, page(403, "您的角色无权访问此页面或执行此操作。"))
    app.add_exception_handler(NotFound, page(404, "没有找到该页面或记录。"))
    app.add_exception_handler(
        CsrfRefused, page(403, "表单已失效（安全校验未通过），请刷新页面后重试。")
    )
    app.add_exception_handler(RequestValidationError, page(400, "请求参数有误。"))
    app.add_exception_handler(HTTPException, _http_error)


def _to_login(request: Request, exc: Exception) -> Response:
    wanted = request.url.path.removeprefix(root_of(request)) or "/"
    if request.method == "GET" and request.url.query:
        wanted += f"?{request.url.query}"
    target = safe_next(wanted) if request.method == "GET" else None
    if is_htmx(request):
        return Response(headers={"HX-Redirect": f"{root_of(request)}/login"})
    return go(request, "/login", **({"next": target} if target and target != "/" else {}))


def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    message = "没有找到该页面。" if status == 404 else "请求无法处理。"
    return render(
        request, "error.html", {"status": status, "message": message}, viewer_of(request), status
    )
