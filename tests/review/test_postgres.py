"""The review page's queries and decisions on PostgreSQL (the server on 127.0.0.1:5432)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, insert, select

from pipelines.bootstrap import initialise, load_reference
from pipelines.corrections import correct, move_task, reassign
from pipelines.db.audit import Actor
from pipelines.db.boards import board_page, office_counts
from pipelines.db.models import Judgement, Lead, Task
from pipelines.db.review_queries import QueueFilter, queue_page
from pipelines.decisions import accept, merge, reject
from pipelines.lifecycle import StepAmounts
from pipelines.settings import load_settings

pytestmark = pytest.mark.postgres
NOW = dt.datetime(2026, 11, 25, 8, tzinfo=dt.UTC)


def _leads(count: int) -> list[dict[str, object]]:
    return [
        {"project_key": f"pg:{i}", "company_id": "byd" if i % 2 else None, "company_name": f"企业{i}号",
         "company_key": f"pg:{i}", "event_type": "new_plant", "stage": "signed", "sector": "new_energy",
         "score": 0.5 + (i % 7) / 100, "status": "new", "first_seen_at": NOW - dt.timedelta(days=i),
         "updated_at": NOW, "facts": {}, "explanation": [], "capex_cny": 1e8}
        for i in range(count)
    ]  # fmt: skip


def test_queue_boards_and_decisions_on_postgresql(pg_url: str) -> None:
    settings = dataclasses.replace(load_settings(env={}), database_url=pg_url)
    database, _ = initialise(settings)
    reference = load_reference(settings)
    actor = Actor(None, NOW)
    with database.session() as session:
        ids = list(session.scalars(insert(Lead).returning(Lead.id), _leads(12)))
        session.add_all([Task(lead_id=i, office_id="kunshan_office", kind="contact", due_at=NOW, status="open",
                              step="lead") for i in ids[:4]])  # fmt: skip
    with database.session() as session:
        everything = [r.lead_id for r in queue_page(session, QueueFilter(), None, 100).rows]
        walked, cursor = [], None
        while True:
            page = queue_page(session, QueueFilter(), cursor, 5)
            walked += [r.lead_id for r in page.rows]
            if (cursor := page.next_cursor) is None:
                break
        assert walked == everything and len(everything) == 12
        assert queue_page(session, QueueFilter(company_list="fortune_global_500")).total == 6
        assert queue_page(session, QueueFilter(text="企业1")).total == 3  # 1, 10, 11
        assert queue_page(session, QueueFilter(office="kunshan_office")).total == 4
        assert (
            queue_page(session, QueueFilter(since=NOW - dt.timedelta(days=2, hours=1))).total == 3
        )
    with database.session() as session:
        assert accept(session, ids[5], actor, reference.catalog, reference.registry) > 0
        reject(session, ids[6], actor, "重复")
        merge(session, ids[0], ids[1], actor)
        correct(session, ids[2], "capex", "5亿元", actor, reference.catalog)
        task = session.scalars(select(Task.id).where(Task.lead_id == ids[1])).first()
        assert task is not None
        reassign(session, task, "hangzhou_office", actor)
        move_task(session, task, "signed", actor, StepAmounts(contract_amount_cny=3e8))
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Judgement)) == 5
        page = board_page(session, "hangzhou_office", NOW + dt.timedelta(days=1))
        assert [b.task.id for b in page.tasks] == [task] and page.overdue == 1
        assert office_counts(session, NOW)["kunshan_office"][0] >= 1
    database.dispose()
