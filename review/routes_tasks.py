"""An office's task board: due and overdue tasks, and recording lifecycle steps with amounts."""

from __future__ import annotations

import math
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse

from pipelines.corrections import move_task
from pipelines.db.audit import Actor
from pipelines.db.boards import BOARD_PAGE, board_page, board_task, find_task, office_counts
from pipelines.decisions import DecisionError
from pipelines.lifecycle import STEPS, TERMINAL_STEPS, StepAmounts
from review.labels import AMOUNT_FIELDS
from review.site import Forbidden, NotFound, Viewer, acting, allowed, go, is_htmx, render, site_of

router = APIRouter()
UNIT = {"万元": 1e4, "万美元": 1e4}


def next_steps(step: str) -> list[str]:
    """The steps a task at `step` may be moved to (forward, the same, or closed/rejected)."""
    if step in TERMINAL_STEPS:
        return []
    return [*STEPS[STEPS.index(step) :], *TERMINAL_STEPS]


def _office_for(request: Request, viewer: Viewer, office: str) -> str:
    offices = {o.id for o in site_of(request).catalog.offices}
    if viewer.user.role == "office" or office not in offices:
        return viewer.user.office_id
    return office


@router.get("/board", response_class=HTMLResponse)
def board(
    request: Request, viewer: Annotated[Viewer, Depends(allowed("read"))], office: str = "",
    done: str = "", offset: int = 0,
) -> HTMLResponse:  # fmt: skip
    chosen = _office_for(request, viewer, office)
    return _board_page(request, viewer, chosen, done == "1", max(offset, 0))


def _board_page(request: Request, viewer: Viewer, office: str, include_done: bool, offset: int = 0,
                error: str = "", status: int = 200) -> HTMLResponse:  # fmt: skip
    site = site_of(request)
    now = site.clock()
    with site.database.session() as session:
        page = board_page(session, office, now, include_done, offset)
        counts = (
            site.counts.get(("offices", now.replace(second=0, microsecond=0)),
                            lambda: office_counts(session, now))
            if viewer.user.role != "office" else {}
        )  # fmt: skip
    query = {"office": office, **({"done": "1"} if include_done else {})}
    context = {
        "office": office, "offices": site.catalog.offices, "board": page, "counts": counts,
        "include_done": include_done, "error": error, "board_query": urlencode(query),
        **_task_helpers(viewer),
    }  # fmt: skip
    return render(request, "board.html", context, viewer, status)


def _task_helpers(viewer: Viewer) -> dict[str, Any]:
    can_work = viewer.can("work_tasks")
    return {"next_steps": next_steps, "amount_fields": AMOUNT_FIELDS, "can_work": can_work,
            "page_size": BOARD_PAGE}  # fmt: skip


def parse_amounts(form: dict[str, str]) -> StepAmounts:
    """Amounts typed in 万元 / 万美元 as StepAmounts in yuan / dollars; blank means not stated."""
    values: dict[str, float] = {}
    for name, label, unit in AMOUNT_FIELDS:
        text = form.get(name, "").strip().replace(",", "")
        if not text:
            continue
        try:
            value = float(text) * UNIT[unit]
        except ValueError:
            raise DecisionError(f"{label}应为数字（单位：{unit}），不是 {text!r}") from None
        if not math.isfinite(value) or value < 0:
            raise DecisionError(f"{label}不能为 {text!r}")
        values[name] = value
    return StepAmounts(**values)


@router.post("/tasks/{task_id}/step")
def record_task_step(
    request: Request, task_id: int, viewer: Annotated[Viewer, Depends(acting("work_tasks"))],
    step: Annotated[str, Form()] = "", note: Annotated[str, Form()] = "",
    contract_amount_cny: Annotated[str, Form()] = "",
    registered_capital_in_place_cny: Annotated[str, Form()] = "",
    fdi_contracted_usd: Annotated[str, Form()] = "", fdi_used_usd: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    site, office = site_of(request), _task_office(request, viewer, task_id)
    form = {"contract_amount_cny": contract_amount_cny, "fdi_used_usd": fdi_used_usd,
            "registered_capital_in_place_cny": registered_capital_in_place_cny,
            "fdi_contracted_usd": fdi_contracted_usd}  # fmt: skip
    error = ""
    try:
        with site.database.session() as session:
            move_task(session, task_id, step, Actor(viewer.user.id, site.clock()),
                      parse_amounts(form), note.strip()[:2000])  # fmt: skip
    except DecisionError as exc:
        error = str(exc)
    if is_htmx(request):
        return _task_fragment(request, viewer, task_id, error)
    if error:
        return _board_page(request, viewer, office, False, error=error, status=409)
    return go(request, "/board", office=office)


def _task_office(request: Request, viewer: Viewer, task_id: int) -> str:
    """The office of the task, if the viewer may work it (office staff: only their own)."""
    with site_of(request).database.session() as session:
        task = find_task(session, task_id)
    if task is None:
        raise NotFound()
    if not viewer.sees_office(task.office_id):
        raise Forbidden("work_tasks")
    return task.office_id


def _task_fragment(request: Request, viewer: Viewer, task_id: int, error: str) -> HTMLResponse:
    site = site_of(request)
    with site.database.session() as session:
        item = board_task(session, task_id, site.clock())
    context = {"item": item, "task_error": error, **_task_helpers(viewer)}
    return render(request, "_task_partial.html", context, viewer)
