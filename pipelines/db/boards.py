"""Named queries of an office's task board: its tasks with their leads and latest updates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from pipelines.db.models import Lead, Task, TaskUpdate, User

ACTIVE = ("open", "in_progress")


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


def board_tasks(
    session: Session, office_id: str, now: dt.datetime, include_done: bool = False
) -> list[BoardTask]:
    """The office's tasks: overdue first, then by due date; finished ones only when asked."""
    query = (
        select(Task, Lead).join(Lead, Lead.id == Task.lead_id).where(Task.office_id == office_id)
    )
    if not include_done:
        query = query.where(Task.status.in_(ACTIVE))
    board = _board_rows(session, query, now)
    return sorted(board, key=lambda b: (not b.overdue, b.task.due_at, b.task.id))


def board_task(session: Session, task_id: int, now: dt.datetime) -> BoardTask | None:
    """One task as the board shows it."""
    query = select(Task, Lead).join(Lead, Lead.id == Task.lead_id).where(Task.id == task_id)
    rows = _board_rows(session, query, now)
    return rows[0] if rows else None


def _board_rows(session: Session, query: Select[Task, Lead], now: dt.datetime) -> list[BoardTask]:
    rows = session.execute(query.order_by(Task.due_at, Task.id)).all()
    latest = _latest_updates(session, [task.id for task, _ in rows])
    return [
        BoardTask(
            task, lead.id, lead.company_name, lead.event_type,
            float(lead.capex_cny) if lead.capex_cny is not None else None, lead.score,
            task.status in ACTIVE and task.due_at < now, *latest.get(task.id, (None, None)),
        )
        for task, lead in rows
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
    """Per office: (active tasks, overdue tasks)."""
    counts: dict[str, tuple[int, int]] = {}
    query = select(Task.office_id, Task.due_at).where(Task.status.in_(ACTIVE))
    for office, due in session.execute(query):
        active, overdue = counts.get(office, (0, 0))
        counts[office] = (active + 1, overdue + (due < now))
    return counts


def find_task(session: Session, task_id: int) -> Task | None:
    return session.get(Task, task_id)
