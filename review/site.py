"""What every page shares: the app state, the logged-in viewer, role checks, CSRF and rendering."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from argon2 import PasswordHasher
from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from catalog.model import Catalog
from catalog.registry import Registry
from pipelines.db import Database
from pipelines.db.models import User
from pipelines.db.users import get_user, session_ended
from pipelines.settings import Settings
from review.counts import CountCache
from review.formatting import FILTERS
from review.labels import LABELS
from review.sessions import COOKIE, SessionData, SessionSigner, same_token
from review.throttle import ClientThrottle

TEMPLATES = Path(__file__).resolve().parent / "templates" / "web"
# Who may do what. Office staff read only the leads of their office and work only its tasks.
PERMISSIONS = {
    "read": {"analyst", "office", "leader", "admin"},
    "judge": {"analyst", "admin"},
    "work_tasks": {"analyst", "office", "admin"},
    "admin": {"admin"},
}


@dataclass
class Site:
    """The state of one running review app."""

    settings: Settings
    database: Database
    catalog: Catalog
    registry: Registry
    signer: SessionSigner
    hasher: PasswordHasher
    clock: Callable[[], dt.datetime]
    templates: Environment
    throttle: ClientThrottle
    counts: CountCache = field(default_factory=CountCache)


class LoginRequired(Exception):
    """No valid session: the viewer is sent to the login page."""


class Forbidden(Exception):
    """The viewer's role may not do this."""


class NotFound(Exception):
    """No such page, or none the viewer may see (office staff are not told which exists)."""


class CsrfRefused(Exception):
    """A form came without the viewer's CSRF token."""


@dataclass(frozen=True)
class Viewer:
    """The logged-in user (detached from the database) and their session."""

    user: User
    session: SessionData

    def can(self, permission: str) -> bool:
        return self.user.role in PERMISSIONS[permission]

    def sees_office(self, office_id: str) -> bool:
        """Office staff see their own office only; every other role sees all."""
        return self.user.role != "office" or self.user.office_id == office_id


def template_environment(catalog: Catalog) -> Environment:
    """Jinja with autoescape on for every template: scraped text is never trusted as HTML."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)  # fmt: skip
    env.filters.update(FILTERS)
    env.globals["labels"] = LABELS
    env.globals["names"] = catalog_names(catalog)
    return env


def catalog_names(catalog: Catalog) -> dict[str, dict[str, str]]:
    """Chinese names of the catalog's sectors, chain links and offices, by id."""
    links = {
        f"{s.id}.{link.id}": f"{s.name_zh}·{link.name_zh}"
        for s in catalog.sectors
        for link in s.links
    }
    return {
        "sector": {s.id: s.name_zh for s in catalog.sectors},
        "office": {o.id: o.name_zh for o in catalog.offices},
        "link": links,
    }


def site_of(request: Request) -> Site:
    site: Site = request.app.state.site
    return site


def session_of(request: Request) -> SessionData | None:
    site = site_of(request)
    return site.signer.loads(request.cookies.get(COOKIE), site.clock().timestamp())


def viewer_of(request: Request) -> Viewer | None:
    """The logged-in user, unless the session is gone, the user disabled or the password changed."""
    site, data = site_of(request), session_of(request)
    if data is None or data.user_id is None:
        return None
    with site.database.session() as session:
        user = get_user(session, data.user_id)
    if user is None or user.disabled or session_ended(user, data.issued):
        return None
    if not same_token(data.password_mark, site.signer.password_mark(user.password_hash)):
        return None
    return Viewer(user, data)


def signed_in(request: Request) -> Viewer:
    viewer = viewer_of(request)
    if viewer is None:
        raise LoginRequired()
    return viewer


def allowed(permission: str) -> Callable[..., Viewer]:
    """A dependency: the viewer, if their role has `permission`."""

    def check(viewer: Annotated[Viewer, Depends(signed_in)]) -> Viewer:
        if not viewer.can(permission):
            raise Forbidden(permission)
        return viewer

    return check


def acting(permission: str) -> Callable[..., Viewer]:
    """A dependency of every POST: the role check, then the form's CSRF token."""

    # A default, not an annotation: string annotations cannot see this function's locals.
    role_checked: Viewer = Depends(allowed(permission))

    def check(viewer: Viewer = role_checked, csrf_token: Annotated[str, Form()] = "") -> Viewer:
        if not same_token(csrf_token, viewer.session.csrf):
            raise CsrfRefused()
        return viewer

    return check


def root_of(request: Request) -> str:
    """The path prefix the office web server mounts the app under ('' at the top)."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def go(request: Request, path: str, **params: str | int) -> RedirectResponse:
    """See other: the page at `path` (after a POST, or to log in)."""
    query = f"?{urlencode(params)}" if params else ""
    return RedirectResponse(f"{root_of(request)}{path}{query}", status_code=303)


def render(
    request: Request, name: str, context: dict[str, Any], viewer: Viewer | None = None,
    status: int = 200,
) -> HTMLResponse:  # fmt: skip
    site = site_of(request)
    base = {
        "root": root_of(request), "viewer": viewer, "csrf": viewer.session.csrf if viewer else "",
        "now": site.clock(), "path": request.url.path, "county": site.catalog.county,
    }  # fmt: skip
    html = site.templates.get_template(name).render({**base, **context})
    return HTMLResponse(html, status_code=status)


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"
