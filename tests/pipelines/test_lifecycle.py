"""The task lifecycle: steps move forward only, amounts are checked, every step leaves an update."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipelines.db import Database, open_database
from pipelines.db.models import Lead, OfficeRow, Task, TaskUpdate, User
from pipelines.lifecycle import StepAmounts, record_step, status_for

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    database = open_database(f"sqlite:///{tmp_path / 'x.db'}")
    with database.session() as session:
        session.add(
            OfficeRow(
                id="kunshan_office", name_zh="驻昆山办事处", name_en="Kunshan", kind="stationed"
            )
        )
    yield database
    database.dispose()


def _new_task(session: Session) -> int:
    lead = Lead(
        project_key="p1", company_name="某电机公司", event_type="new_plant", score=0.8,
        company_key="p1",
    )  # fmt: skip
    session.add(lead)
    session.flush()
    task = Task(lead_id=lead.id, office_id="kunshan_office", kind="contact", due_at=NOW)
    session.add(task)
    session.flush()
    return task.id


def _walk(session: Session, task_id: int, steps: list[str]) -> None:
    for day, step in enumerate(steps):
        record_step(session, task_id, step, None, NOW + dt.timedelta(days=day))


def _updates(session: Session, task_id: int) -> int:
    return session.scalar(select(func.count()).where(TaskUpdate.task_id == task_id)) or 0


@pytest.mark.parametrize(
    ("steps", "step", "status"),
    [
        (["lead"], "lead", "open"),
        (["contact"], "contact", "in_progress"),
        (["contact", "visit", "signed"], "signed", "in_progress"),
        (["contact", "contact"], "contact", "in_progress"),  # a note at the same step
        (["signed", "production"], "production", "done"),  # forward skips are allowed
        (["visit", "rejected"], "rejected", "done"),
        (["construction", "closed"], "closed", "done"),
    ],
)
def test_steps_move_the_task(database: Database, steps: list[str], step: str, status: str) -> None:
    with database.session() as session:
        task_id = _new_task(session)
        _walk(session, task_id, steps)
        task = session.get(Task, task_id)
        assert task is not None
        assert (task.step, task.status) == (step, status)
        assert task.updated_at == NOW + dt.timedelta(days=len(steps) - 1)
        assert _updates(session, task_id) == len(steps)


@pytest.mark.parametrize(
    ("before", "step", "amounts", "message"),
    [
        (["visit"], "contact", None, "cannot go back to contact (接洽)"),
        (["production"], "signed", None, "cannot go back to signed (签约)"),
        (["rejected"], "contact", None, "is rejected (否决); no further steps"),
        (["closed"], "closed", None, "is closed (关闭); no further steps"),
        ([], "signing", None, "not a lifecycle step: 'signing'"),
        ([], "contact", StepAmounts(contract_amount_cny=1e8), "amounts are recorded from signed"),
        (["signed"], "closed", StepAmounts(fdi_used_usd=1.0), "not at closed (关闭)"),
        ([], "signed", StepAmounts(contract_amount_cny=-1.0), "contract_amount_cny must be"),
        ([], "signed", StepAmounts(fdi_used_usd=math.nan), "fdi_used_usd must be a non-negative"),
    ],
)
def test_refused_steps_change_nothing(
    database: Database, before: list[str], step: str, amounts: StepAmounts | None, message: str
) -> None:
    with database.session() as session:
        task_id = _new_task(session)
        _walk(session, task_id, before)
        task = session.get(Task, task_id)
        assert task is not None
        was = (task.step, task.status, task.updated_at, task.contract_amount_cny)
        with pytest.raises(ValueError, match=re.escape(message)):
            record_step(session, task_id, step, None, NOW + dt.timedelta(days=30), amounts)
        assert (task.step, task.status, task.updated_at, task.contract_amount_cny) == was
        assert _updates(session, task_id) == len(before)


def test_unknown_task_and_naive_time_are_refused(database: Database) -> None:
    with database.session() as session:
        task_id = _new_task(session)
        with pytest.raises(ValueError, match="task 999 does not exist"):
            record_step(session, 999, "contact", None, NOW)
        with pytest.raises(ValueError, match="naive time"):
            record_step(session, task_id, "contact", None, NOW.replace(tzinfo=None))


def test_amounts_are_running_totals_and_the_update_is_written(database: Database) -> None:
    with database.session() as session:
        session.add(User(name="wang", office_id="kunshan_office", role="staff", password_hash="x"))
        task_id = _new_task(session)
        user_id = session.scalars(select(User.id)).one()
        signed = StepAmounts(contract_amount_cny=5e7, fdi_contracted_usd=2e6)
        record_step(session, task_id, "signed", user_id, NOW, signed, "签约仪式")
        first = StepAmounts(registered_capital_in_place_cny=2e7, fdi_used_usd=1e6)
        record_step(session, task_id, "capital_in_place", user_id, NOW, first)
        # more than the contract amount is allowed here; the KPI caps it per project
        later = NOW + dt.timedelta(days=20)
        record_step(session, task_id, "capital_in_place", user_id, later,
                    StepAmounts(registered_capital_in_place_cny=6e7), "第二笔到位")  # fmt: skip
    with database.session() as session:
        task = session.get(Task, task_id)
        assert task is not None
        amounts = [task.contract_amount_cny, task.registered_capital_in_place_cny,
                   task.fdi_contracted_usd, task.fdi_used_usd]  # fmt: skip
        assert [float(a) for a in amounts if a is not None] == [5e7, 6e7, 2e6, 1e6]
        assert (task.step, task.status, task.updated_at) == (
            "capital_in_place",
            "in_progress",
            later,
        )
        updates = session.scalars(select(TaskUpdate).order_by(TaskUpdate.id)).all()
        assert [(u.step, u.note, u.user_id, u.at) for u in updates] == [
            ("signed", "签约仪式", user_id, NOW),
            ("capital_in_place", None, user_id, NOW),
            ("capital_in_place", "第二笔到位", user_id, later),
        ]


@pytest.mark.parametrize(
    ("step", "status"),
    [("lead", "open"), ("visit", "in_progress"), ("production", "done"), ("closed", "done")],
)
def test_status_follows_the_step(step: str, status: str) -> None:
    assert status_for(step) == status
