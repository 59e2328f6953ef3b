"""Every route for every role: what each may see and do, and what it may not."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from pipelines.db.models import AuditEntry
from tests.review.conftest import Session, lead_ids, task_ids

ROLES = ("analyst", "office", "leader", "admin")
PAGES = {  # path -> roles allowed (others get 403)
    "/leads": ROLES, "/leads/{lead}": ROLES, "/leads/export.csv": ROLES,
    "/leads/export.xlsx": ROLES, "/board": ROLES, "/targets": ROLES,
    "/admin/sources": ("admin",), "/admin/users": ("admin",),
}  # fmt: skip


def _audit_count(app: FastAPI) -> int:
    with app.state.site.database.session() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


@pytest.mark.parametrize("role", ROLES)
def test_pages_by_role(as_role: Callable[[str], Session], app: FastAPI, role: str) -> None:
    lead, viewer = lead_ids(app, office="kunshan_office")[0], as_role(role)
    statuses = {page: viewer.get(page.format(lead=lead)).status_code for page in PAGES}
    assert statuses == {page: 200 if role in allowed else 403 for page, allowed in PAGES.items()}


@pytest.mark.parametrize("page", [*PAGES, "/", "/leads/1"])
def test_pages_need_a_login(client: TestClient, page: str) -> None:
    response = client.get(page.format(lead=1))
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


def test_health_check_needs_no_login(client: TestClient) -> None:
    assert client.get("/healthz").text == "ok"


def test_office_staff_see_only_their_office(
    as_role: Callable[[str], Session], app: FastAPI
) -> None:
    office = as_role("office")
    other = lead_ids(app, without="kunshan_office")[0]
    assert office.get(f"/leads/{other}").status_code == 404
    queue = office.get("/leads?office=county_bureau").text
    for lead in lead_ids(app, without="kunshan_office"):
        assert f'href="/leads/{lead}"' not in queue
    assert all(f'href="/leads/{lead}"' in queue for lead in lead_ids(app, office="kunshan_office"))
    board = office.get("/board?office=county_bureau").text
    assert "宝应县驻昆山招商办事处" in board and 'name="office"' not in board
    csv = office.get("/leads/export.csv").text
    assert csv.count("\n") == len(lead_ids(app, office="kunshan_office")) + 1


ACTIONS = {  # form action -> roles allowed
    "/leads/{lead}/accept": ("analyst", "admin"),
    "/leads/{lead}/reject": ("analyst", "admin"),
    "/leads/{lead}/merge": ("analyst", "admin"),
    "/leads/{lead}/correct": ("analyst", "admin"),
    "/tasks/{task}/reassign": ("analyst", "admin"),
    "/tasks/{task}/step": ("analyst", "office", "admin"),
    "/admin/sources/jsnews_feed": ("admin",),
    "/admin/users": ("admin",),
    "/admin/users/1/unlock": ("admin",),
}
FORMS = {
    "/leads/{lead}/reject": {"reason": "重复"}, "/leads/{lead}/merge": {"into": "{other}"},
    "/leads/{lead}/correct": {"field": "stage", "value": "signed"},
    "/tasks/{task}/reassign": {"office": "hangzhou_office"}, "/tasks/{task}/step": {"step": "contact"},
    "/admin/sources/jsnews_feed": {"enabled": "0"},
    "/admin/users": {"name": "newbie", "office": "county_bureau", "role": "office", "password": "long enough 1"},
}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_actions_by_role(
    as_role: Callable[[str], Session], app: FastAPI, role: str, action: str
) -> None:
    lead, other = lead_ids(app, office="kunshan_office")[:2]
    task = task_ids(app, "kunshan_office")[0]
    url = action.format(lead=lead, task=task)
    form = {k: v.format(other=other) for k, v in FORMS.get(action, {}).items()}
    before = _audit_count(app)
    response = as_role(role).post(url, form)
    if role in ACTIONS[action]:
        assert response.status_code == 303, response.text[:500]
        assert _audit_count(app) > before
    else:
        assert response.status_code == 403
        assert _audit_count(app) == before


@pytest.mark.parametrize("action", ACTIONS)
def test_actions_need_the_csrf_token(
    as_role: Callable[[str], Session], app: FastAPI, action: str
) -> None:
    lead, other = lead_ids(app, office="kunshan_office")[:2]
    url = action.format(lead=lead, task=task_ids(app, "kunshan_office")[0])
    admin = as_role("admin")
    for token in ("", "x" * 43):
        form = {
            **{k: v.format(other=other) for k, v in FORMS.get(action, {}).items()},
            "csrf_token": token,
        }
        assert admin.client.post(url, data=form).status_code == 403
    assert _audit_count(app) == 0


def test_actions_need_a_login(client: TestClient, app: FastAPI) -> None:
    lead = lead_ids(app)[0]
    response = client.post(f"/leads/{lead}/accept", data={"csrf_token": "x"})
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_office_staff_work_only_their_own_tasks(
    as_role: Callable[[str], Session], app: FastAPI
) -> None:
    office = as_role("office")
    foreign = task_ids(app, "county_bureau")[0]
    assert office.post(f"/tasks/{foreign}/step", {"step": "contact"}).status_code == 403
    assert _audit_count(app) == 0


def test_unknown_things_are_not_found(as_role: Callable[[str], Session]) -> None:
    analyst = as_role("analyst")
    assert analyst.get("/leads/999999").status_code == 404
    assert analyst.get("/leads/abc").status_code in (400, 404)
    assert analyst.get("/nowhere").status_code == 404
    assert analyst.post("/tasks/999999/step", {"step": "contact"}).status_code == 404
