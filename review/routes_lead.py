"""The lead page and the analyst's actions on it: accept, reject, merge, correct, reassign."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from pipelines.corrections import FIELD_NAMES_ZH, correct, reassign
from pipelines.db.audit import Actor, judgements_of
from pipelines.db.boards import find_task, task_updates
from pipelines.db.lead_detail import lead_detail, lead_office_ids, office_names, sector_names
from pipelines.db.users import list_users
from pipelines.decisions import DecisionError, accept, merge, reject
from review import charts
from review.lead_view import article_views, chain_reason, fact_rows, reason_rows
from review.site import Forbidden, NotFound, Site, Viewer, acting, allowed, go, render, site_of

router = APIRouter()
DONE = {
    "accept": "已采纳：路由任务已确认/创建。", "reject": "已否决。", "merge": "已合并。",
    "correct": "已更正。", "reassign": "已改派。",
}  # fmt: skip


def _lead_context(session: Session, lead_id: int, viewer: Viewer) -> dict[str, Any]:
    detail = lead_detail(session, lead_id)
    if detail is None:
        raise NotFound()
    if viewer.user.role == "office" and viewer.user.office_id not in lead_office_ids(
        session, lead_id
    ):
        raise NotFound()
    views = article_views(detail)
    reasons = reason_rows(detail.lead.explanation)
    top = max((r.contribution for r in reasons), default=0.0) or 1.0
    return {
        "detail": detail, "lead": detail.lead, "views": views, "facts": fact_rows(detail, views),
        "reasons": [(r, charts.bar(r.contribution / top, label=f"{r.contribution:.3f}")) for r in reasons],
        "chain_reason": chain_reason(detail.lead.explanation),
        "updates": task_updates(session, [t.id for t in detail.tasks]),
        "judgements": judgements_of(session, lead_id),
        "users": {u.id: u.name for u in list_users(session)},
        "offices": office_names(session), "sectors": sector_names(session),
        "fields": FIELD_NAMES_ZH,
    }  # fmt: skip


def _page(request: Request, lead_id: int, viewer: Viewer, notice: str = "", error: str = "",
          status: int = 200) -> HTMLResponse:  # fmt: skip
    site = site_of(request)
    with site.database.session() as session:
        context = _lead_context(session, lead_id, viewer)
    return render(
        request, "lead.html", {**context, "notice": notice, "error": error}, viewer, status
    )


@router.get("/leads/{lead_id}", response_class=HTMLResponse)
def lead_page(
    request: Request,
    lead_id: int,
    viewer: Annotated[Viewer, Depends(allowed("read"))],
    done: str = "",
) -> HTMLResponse:
    return _page(request, lead_id, viewer, notice=DONE.get(done, ""))


def _decide(request: Request, lead_id: int, viewer: Viewer, action: str,
            act: Callable[[Session, Site, Actor], object]) -> Response:  # fmt: skip
    """Run one decision in one transaction; on refusal show the page with the reason."""
    site = site_of(request)
    actor = Actor(viewer.user.id, site.clock())
    try:
        with site.database.session() as session:
            act(session, site, actor)
    except DecisionError as exc:
        return _page(request, lead_id, viewer, error=str(exc), status=409)
    return go(request, f"/leads/{lead_id}", done=action)


Judge = Annotated[Viewer, Depends(acting("judge"))]
Text = Annotated[str, Form()]


@router.post("/leads/{lead_id}/accept")
def accept_lead(request: Request, lead_id: int, viewer: Judge) -> Response:
    return _decide(request, lead_id, viewer, "accept",
                   lambda s, site, a: accept(s, lead_id, a, site.catalog, site.registry))  # fmt: skip


@router.post("/leads/{lead_id}/reject")
def reject_lead(request: Request, lead_id: int, viewer: Judge, reason: Text = "") -> Response:
    return _decide(
        request, lead_id, viewer, "reject", lambda s, site, a: reject(s, lead_id, a, reason)
    )


@router.post("/leads/{lead_id}/merge")
def merge_lead(
    request: Request, lead_id: int, viewer: Judge, into: Text = "", reason: Text = ""
) -> Response:
    def act(session: Session, site: Site, actor: Actor) -> None:
        target = into.strip().lstrip("#")
        if not target.isdigit():
            raise DecisionError("请填写要并入的线索编号 (the number of the lead to merge into)")
        merge(session, lead_id, int(target), actor, reason.strip())

    return _decide(request, lead_id, viewer, "merge", act)


@router.post("/leads/{lead_id}/correct")
def correct_lead(
    request: Request,
    lead_id: int,
    viewer: Judge,
    field: Text = "",
    value: Text = "",
    reason: Text = "",
) -> Response:
    return _decide(request, lead_id, viewer, "correct",
                   lambda s, site, a: correct(s, lead_id, field, value, a, site.catalog, reason))  # fmt: skip


@router.post("/tasks/{task_id}/reassign")
def reassign_task(
    request: Request, task_id: int, viewer: Judge, office: Text = "", reason: Text = ""
) -> Response:
    site = site_of(request)
    with site.database.session() as session:
        task = find_task(session, task_id)
    if task is None:
        raise NotFound()
    if not viewer.sees_office(task.office_id):
        raise Forbidden("reassign")
    return _decide(request, task.lead_id, viewer, "reassign",
                   lambda s, site, a: reassign(s, task_id, office, a, reason))  # fmt: skip
