"""Admin pages: source health with the on/off switch, logins (add, disable, unlock), the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse

from pipelines.db.audit import Actor, audit_lines, record_action
from pipelines.db.source_switch import admin_switches, set_source_enabled
from pipelines.db.sources import source_health
from pipelines.db.users import ROLES, UserError, add_user, list_users, set_disabled, unlock
from review.cmd_crawl import MAX_ERROR_RATE, SILENT_DAYS
from review.passwords import PasswordError, hash_password
from review.site import NotFound, Viewer, acting, allowed, go, render, site_of

router = APIRouter(prefix="/admin")
Admin = Annotated[Viewer, Depends(allowed("admin"))]
Acting = Annotated[Viewer, Depends(acting("admin"))]
Text = Annotated[str, Form()]
SWITCHES = {"disable": "user.disable", "enable": "user.enable", "unlock": "user.unlock"}


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, viewer: Admin) -> HTMLResponse:
    site = site_of(request)
    with site.database.session() as session:
        health = source_health(session, site.clock(), SILENT_DAYS, MAX_ERROR_RATE)
        switches = admin_switches(session)
    return render(request, "sources.html", {"health": health, "switches": switches}, viewer)


@router.post("/sources/{key}")
def switch_source(request: Request, key: str, viewer: Acting, enabled: Text = "") -> Response:
    site = site_of(request)
    wanted = enabled == "1"
    with site.database.session() as session:
        before = set_source_enabled(session, key, wanted)
        if before is None:
            raise NotFound()
        record_action(session, Actor(viewer.user.id, site.clock()), "source.enable" if wanted else
                      "source.disable", "source", key, {"before": before, "after": wanted})  # fmt: skip
    return go(request, "/admin/sources")


def _users_page(
    request: Request, viewer: Viewer, error: str = "", status: int = 200
) -> HTMLResponse:
    site = site_of(request)
    with site.database.session() as session:
        users = list_users(session)
        audit = audit_lines(session, limit=50)
    context = {"users": users, "audit": audit, "roles": ROLES, "offices": site.catalog.offices,
               "error": error}  # fmt: skip
    return render(request, "users.html", context, viewer, status)


@router.get("/users", response_class=HTMLResponse)
def users(request: Request, viewer: Admin) -> HTMLResponse:
    return _users_page(request, viewer)


@router.post("/users")
def create_user(
    request: Request, viewer: Acting, name: Text = "", office: Text = "", role: Text = "",
    password: Text = "",
) -> Response:  # fmt: skip
    site = site_of(request)
    try:
        password_hash = hash_password(site.hasher, password)
        with site.database.session() as session:
            user = add_user(session, name.strip(), office, role, password_hash)
            record_action(session, Actor(viewer.user.id, site.clock()), "user.add", "user", user.id,
                          {"name": user.name, "office": office, "role": role})  # fmt: skip
    except (UserError, PasswordError) as exc:
        return _users_page(request, viewer, str(exc), 409)
    return go(request, "/admin/users")


@router.post("/users/{user_id}/{switch}")
def switch_user(request: Request, user_id: int, switch: str, viewer: Acting) -> Response:
    site = site_of(request)
    if switch not in SWITCHES:
        raise NotFound()
    if user_id == viewer.user.id and switch == "disable":
        return _users_page(request, viewer, "不能停用自己的账号", 409)
    try:
        with site.database.session() as session:
            if switch == "unlock":
                user = unlock(session, user_id)
            else:
                user = set_disabled(session, user_id, switch == "disable")
            record_action(session, Actor(viewer.user.id, site.clock()), SWITCHES[switch], "user",
                          user_id, {"name": user.name})  # fmt: skip
    except UserError:
        raise NotFound() from None
    return go(request, "/admin/users")
