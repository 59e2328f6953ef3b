"""Named queries of an office's task board: its tasks with their leads and latest updates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from pipelines.db.models import Lead, Task, TaskUpdate, User

ACTIVE = ("open", "in_progress")
BOARD_PAGE = 60


@dataclass(frozen=True)
class BoardTask:
    """A task as the board shows it."""

    task: Task
    lead_id: int
    company: str
    event_type: str
    capex_cny: float | None
    score: float
    overdue: bool
    last_update: TaskUpdate | None
    last_user: str | None


@dataclass(frozen=True)
class BoardPage:
    """One page of an office's board; `total` and `overdue` count the whole board."""

    tasks: list[BoardTask]
    total: int
    overdue: int
    offset: int
    more: bool


def board_page(
    session: Session, office_id: str, now: dt.datetime, include_done: bool = False,
    offset: int = 0, limit: int = BOARD_PAGE,
) -> BoardPage:  # fmt: skip
    """The office's tasks, unfinished first, then by due date (so the overdue lead the list)."""
    mine = [Task.office_id == office_id]
    if not include_done:
        mine.append(Task.status.in_(ACTIVE))
    late = case((and_(Task.status.in_(ACTIVE), Task.due_at < now), 1), else_=0)
    total, overdue = session.execute(select(func.count(Task.id), func.sum(late)).where(*mine)).one()
    order = [Task.due_at, Task.id]
    if include_done:
        order.insert(0, case((Task.status.in_(ACTIVE), 0), else_=1))  # type: ignore[arg-type]
    # The page's ids first (sorted from the index), then only those tasks with their leads.
    ids = list(
        session.scalars(
            select(Task.id).where(*mine).order_by(*order).offset(offset).limit(limit + 1)
        )
    )
    rows = _board_rows(session, ids, now)
    return BoardPage(rows[:limit], total or 0, overdue or 0, offset, len(rows) > limit)


def board_task(session: Session, task_id: int, now: dt.datetime) -> BoardTask | None:
    """One task as the board shows it."""
    rows = _board_rows(session, [task_id], now)
    return rows[0] if rows else None


def _board_rows(session: Session, task_ids: list[int], now: dt.datetime) -> list[BoardTask]:
    """The tasks in the order of `task_ids`, with the few lead columns a card shows."""
    query = select(Task, Lead.id, Lead.company_name, Lead.event_type, Lead.capex_cny, Lead.score)
    found = {row[0].id: row for row in session.execute(query.join(Lead, Lead.id == Task.lead_id)
                                                       .where(Task.id.in_(task_ids)))}  # fmt: skip
    latest = _latest_updates(session, task_ids)
    return [
        BoardTask(
            task, lead_id, company, event_type, float(capex) if capex is not None else None, score,
            task.status in ACTIVE and task.due_at < now, *latest.get(task.id, (None, None)),
        )
        for task, lead_id, company, event_type, capex, score in (found[i] for i in task_ids if i in found)
    ]  # fmt: skip


def _latest_updates(
    session: Session, task_ids: list[int]
) -> dict[int, tuple[TaskUpdate, str | None]]:
    return {task_id: updates[-1] for task_id, updates in task_updates(session, task_ids).items()}


def task_updates(
    session: Session, task_ids: list[int]
) -> dict[int, list[tuple[TaskUpdate, str | None]]]:
    """Every update of the tasks, oldest first, with who recorded it."""
    query = (
        select(TaskUpdate, User.name)
        .outerjoin(User, User.id == TaskUpdate.user_id)
        .where(TaskUpdate.task_id.in_(task_ids))
        .order_by(TaskUpdate.at, TaskUpdate.id)
    )
    result: dict[int, list[tuple[TaskUpdate, str | None]]] = {}
    for update, name in session.execute(query):
        result.setdefault(update.task_id, []).append((update, name))
    return result


def office_counts(session: Session, now: dt.datetime) -> dict[str, tuple[int, int]]:
    """Per office: (unfinished tasks, overdue tasks)."""
    late = case((Task.due_at < now, 1), else_=0)
    query = (
        select(Task.office_id, func.count(Task.id), func.sum(late))
        .where(Task.status.in_(ACTIVE))
        .group_by(Task.office_id)
    )
    return {office: (active, overdue or 0) for office, active, overdue in session.execute(query)}


def find_task(session: Session, task_id: int) -> Task | None:
    return session.get(Task, task_id)
