"""The lifecycle of a task: record a step (线索 → 接洽 → … → 投产, or rejected/closed) with its amounts."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass

from sqlalchemy.orm import Session

from pipelines.db.models import Task, TaskUpdate

STEPS = (
    "lead", "contact", "visit", "signed", "capital_in_place", "construction", "production",
)  # fmt: skip
TERMINAL_STEPS = ("rejected", "closed")
STEP_NAMES_ZH = {
    "lead": "线索", "contact": "接洽", "visit": "考察", "signed": "签约",
    "capital_in_place": "注册资金到位", "construction": "开工", "production": "投产",
    "rejected": "否决", "closed": "关闭",
}  # fmt: skip
SIGNED = STEPS.index("signed")


@dataclass(frozen=True)
class StepAmounts:
    """Amounts known at a step: running totals that replace the task's values, never increments."""

    contract_amount_cny: float | None = None
    registered_capital_in_place_cny: float | None = None
    fdi_contracted_usd: float | None = None
    fdi_used_usd: float | None = None

    def given(self) -> dict[str, float]:
        """The amounts that were stated, by column name."""
        return {name: value for name, value in asdict(self).items() if value is not None}


def step_rank(step: str) -> int:
    """Position of a lifecycle step (0 = 线索 … 6 = 投产); ValueError for anything else."""
    if step not in STEPS:
        raise ValueError(f"not a lifecycle step: {step!r} (steps: {', '.join(STEPS)})")
    return STEPS.index(step)


def status_for(step: str) -> str:
    """open at 线索, done at 投产 or when rejected/closed, in_progress in between."""
    if step == "production" or step in TERMINAL_STEPS:
        return "done"
    return "open" if step == "lead" else "in_progress"


def record_step(
    session: Session,
    task_id: int,
    step: str,
    user_id: int | None,
    at: dt.datetime,
    amounts: StepAmounts | None = None,
    note: str | None = None,
) -> TaskUpdate:
    """Move a task to `step` (or keep it there), set its amounts and write the TaskUpdate.

    Refused with a ValueError: an unknown task or step, a naive time, a task already rejected
    or closed, a step backwards (only rejected/closed may follow any step), amounts before 签约
    or on rejected/closed, and negative or non-finite amounts. Repeating the current step is
    allowed: it records a note or newer amounts (capital arriving in instalments).
    """
    task = session.get(Task, task_id)
    if task is None:
        raise ValueError(f"task {task_id} does not exist")
    if at.tzinfo is None:
        raise ValueError("naive time: pass an aware datetime for `at`")
    _check_move(task, step)
    stated = _check_amounts(task, step, amounts)
    for column, value in stated.items():
        setattr(task, column, value)
    task.step, task.status, task.updated_at = step, status_for(step), at
    update = TaskUpdate(task_id=task.id, user_id=user_id, at=at, step=step, note=note)
    session.add(update)
    session.flush()
    return update


def _check_move(task: Task, step: str) -> None:
    if task.step in TERMINAL_STEPS:
        raise ValueError(f"task {task.id} is {task.step} ({_zh(task.step)}); no further steps")
    current = step_rank(task.step)
    if step in TERMINAL_STEPS:
        return
    if step_rank(step) < current:
        raise ValueError(
            f"task {task.id} is at {task.step} ({_zh(task.step)}); cannot go back to "
            f"{step} ({_zh(step)}): only rejected or closed may follow"
        )


def _check_amounts(task: Task, step: str, amounts: StepAmounts | None) -> dict[str, float]:
    stated = amounts.given() if amounts else {}
    if not stated:
        return {}
    if step in TERMINAL_STEPS or step_rank(step) < SIGNED:
        raise ValueError(
            f"task {task.id}: amounts are recorded from signed (签约) on, not at {step} ({_zh(step)})"
        )
    for column, value in stated.items():
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"task {task.id}: {column} must be a non-negative number, not {value}")
    return stated


def _zh(step: str) -> str:
    return STEP_NAMES_ZH.get(step, step)
