"""The query behind the KPIs: one ProjectRecord per signed lead, from its tasks and their updates."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipelines.db.models import CompanyRow, Lead, Task, TaskUpdate
from pipelines.kpi import ProjectRecord
from pipelines.lifecycle import SIGNED, STEPS
from pipelines.route import MAINLAND_EXCLUDED

# Days are counted in the county's time: a contract signed at 01:00 on 1 January is this year's.
COUNTY_TIMEZONE = ZoneInfo("Asia/Shanghai")
SIGNED_STEPS = STEPS[SIGNED:]
AMOUNT_COLUMNS = (
    "contract_amount_cny", "registered_capital_in_place_cny", "fdi_contracted_usd", "fdi_used_usd",
)  # fmt: skip

# task id -> lifecycle rank -> first time the task was recorded at that step
FirstReached = dict[int, dict[int, dt.datetime]]


def project_records(session: Session, year: int) -> list[ProjectRecord]:
    """One record per lead first signed in `year` (签约 or any later step), in county days.

    A lead's tasks make one project: its office is that of the task that went furthest (ties:
    the task that got there first, then the older task); each amount is the largest recorded on
    any of its tasks; each date is the first day any task reached that step or a later one.
    Tasks keep no registered capital yet, so the contract amount stands in for it.
    """
    tasks, firsts = _signed_tasks(session)
    by_lead: dict[int, list[Task]] = defaultdict(list)
    for task in sorted(tasks.values(), key=lambda t: t.id):
        by_lead[task.lead_id].append(task)
    abroad = _foreign_investor_leads(session)
    projects = [_project(ts, firsts, lead in abroad) for lead, ts in sorted(by_lead.items())]
    return [p for p in projects if p.signed_at.year == year]


def _signed_tasks(session: Session) -> tuple[dict[int, Task], FirstReached]:
    """Tasks recorded at 签约 or later, and when each first reached each of those steps."""
    tasks: dict[int, Task] = {}
    firsts: FirstReached = defaultdict(dict)
    query = (
        select(Task, TaskUpdate.step, TaskUpdate.at)
        .join(TaskUpdate, TaskUpdate.task_id == Task.id)
        .where(TaskUpdate.step.in_(SIGNED_STEPS))
    )
    for task, step, at in session.execute(query):
        tasks[task.id] = task
        rank = STEPS.index(step)
        firsts[task.id][rank] = min(at, firsts[task.id].get(rank, at))
    return tasks, firsts


def _project(tasks: list[Task], firsts: FirstReached, foreign_investor: bool) -> ProjectRecord:
    def first_day(rank: int) -> dt.date | None:
        times = [at for t in tasks for r, at in firsts[t.id].items() if r >= rank]
        return min(times).astimezone(COUNTY_TIMEZONE).date() if times else None

    def progress(task: Task) -> tuple[int, dt.datetime, int]:
        furthest = max(firsts[task.id])
        return -furthest, firsts[task.id][furthest], task.id

    amounts = {column: _largest(tasks, column) for column in AMOUNT_COLUMNS}
    signed_at = first_day(SIGNED)
    assert signed_at is not None  # every task here has a step from 签约 on
    return ProjectRecord(
        lead_id=tasks[0].lead_id,
        office_id=min(tasks, key=progress).office_id,
        signed_at=signed_at,
        contract_amount_cny=amounts["contract_amount_cny"],
        registered_capital_cny=amounts["contract_amount_cny"],
        capital_in_place_cny=amounts["registered_capital_in_place_cny"],
        fdi_contracted_usd=amounts["fdi_contracted_usd"],
        fdi_used_usd=amounts["fdi_used_usd"],
        construction_at=first_day(STEPS.index("construction")),
        production_at=first_day(STEPS.index("production")),
        is_foreign=foreign_investor
        or bool(amounts["fdi_contracted_usd"] or amounts["fdi_used_usd"]),
    )


def _largest(tasks: list[Task], column: str) -> float | None:
    values = [float(value) for t in tasks if (value := getattr(t, column)) is not None]
    return max(values) if values else None


def _foreign_investor_leads(session: Session) -> set[int]:
    """Leads of signed tasks whose investor has its headquarters abroad (港澳台 included)."""
    signed_leads = (
        select(Task.lead_id)
        .join(TaskUpdate, TaskUpdate.task_id == Task.id)
        .where(TaskUpdate.step.in_(SIGNED_STEPS))
    )
    query = (
        select(Lead.id, CompanyRow.hq_country, CompanyRow.hq_province)
        .join(CompanyRow, CompanyRow.id == Lead.company_id)
        .where(Lead.id.in_(signed_leads))
    )
    return {
        lead_id
        for lead_id, country, province in session.execute(query)
        if country != "中国" or (province or "") in MAINLAND_EXCLUDED
    }
