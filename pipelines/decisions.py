"""Analyst decisions on a whole lead: accept, reject, merge; each audited and kept as a judgement."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.model import Catalog
from catalog.registry import Registry
from pipelines.db.audit import Actor, Decision, record_decision
from pipelines.db.lead_search import refresh_search_text
from pipelines.db.models import Lead, LeadArticle, LeadHistory, Task, TaskUpdate
from pipelines.leads import OPEN
from pipelines.lifecycle import SIGNED, STEPS, TERMINAL_STEPS, record_step
from pipelines.route import RouteInput, route

_STATUS_ZH = {"rejected": "否决", "merged": "合并", "accepted": "采纳", "new": "新建"}


class DecisionError(ValueError):
    """A decision that cannot be made; str() says why, for the analyst who tried."""


def open_lead(session: Session, lead_id: int) -> Lead:
    """The lead, if it is still open (new or accepted)."""
    lead = session.get(Lead, lead_id)
    if lead is None:
        raise DecisionError(f"线索 #{lead_id} 不存在 (no such lead)")
    if lead.status not in OPEN:
        raise DecisionError(
            f"线索 #{lead_id} 已{_STATUS_ZH.get(lead.status, lead.status)}，不能再处理"
        )
    return lead


def accept(
    session: Session, lead_id: int, actor: Actor, catalog: Catalog, registry: Registry
) -> int:
    """Accept the lead: confirm its routed tasks, or route and create them if it has none."""
    lead = open_lead(session, lead_id)
    has_tasks = session.scalar(select(Task.id).where(Task.lead_id == lead.id).limit(1))
    created = 0 if has_tasks else _create_routed_tasks(session, lead, catalog, registry, actor)
    old, lead.status, lead.updated_at = lead.status, "accepted", actor.at
    _history(session, lead.id, actor, "accepted", {"tasks_created": created})
    record_decision(session, actor, Decision("accept", lead.id, "status", old, "accepted",
                                             detail={"tasks_created": created}))  # fmt: skip
    return created


def _create_routed_tasks(
    session: Session, lead: Lead, catalog: Catalog, registry: Registry, actor: Actor
) -> int:
    origin = (lead.facts or {}).get("origin") or {}
    company = registry.get(lead.company_id) if lead.company_id else None
    capex = float(lead.capex_cny) if lead.capex_cny is not None else None
    routed = route(RouteInput(lead.sector, company, origin.get("province"), origin.get("city"),
                              capex), catalog)  # fmt: skip
    for task in routed:
        session.add(Task(lead_id=lead.id, office_id=task.office_id, kind=task.kind,
                         leader_region=task.leader_region, reason=task.reason, status="open",
                         step="lead", due_at=task.due_at(actor.at), created_at=actor.at,
                         updated_at=actor.at))  # fmt: skip
    session.flush()
    return len(routed)


def reject(session: Session, lead_id: int, actor: Actor, reason: str) -> int:
    """Reject the lead with a reason; its unfinished tasks are closed. Returns tasks closed."""
    reason = reason.strip()
    if not reason:
        raise DecisionError("否决需要填写理由 (a rejection needs a reason)")
    lead = open_lead(session, lead_id)
    tasks = _unfinished(session, lead.id)
    signed = [t for t in tasks if STEPS.index(t.step) >= SIGNED]
    if signed:
        raise DecisionError(f"任务 #{signed[0].id} 已签约，不能否决该线索 (a task is signed)")
    for task in tasks:
        record_step(session, task.id, "closed", actor.user_id, actor.at, note=f"线索否决：{reason}")
    old, lead.status, lead.updated_at = lead.status, "rejected", actor.at
    _history(session, lead.id, actor, "rejected", {"reason": reason, "tasks_closed": len(tasks)})
    record_decision(session, actor, Decision("reject", lead.id, "status", old, "rejected", reason))
    return len(tasks)


def merge(session: Session, lead_id: int, into_id: int, actor: Actor, reason: str = "") -> None:
    """Merge a duplicate lead into another: articles join it, tasks move (or close if doubled)."""
    if lead_id == into_id:
        raise DecisionError("不能与自身合并 (cannot merge a lead into itself)")
    lead, target = open_lead(session, lead_id), open_lead(session, into_id)
    copied = _copy_articles(session, lead, target, actor)
    moved, closed = _move_tasks(session, lead, target, actor)
    target.story_count += copied
    refresh_search_text(session, target)
    if lead.score > target.score:
        target.score, target.explanation = lead.score, lead.explanation
    old, lead.status, lead.merged_into_id = lead.status, "merged", target.id
    lead.updated_at = target.updated_at = actor.at
    detail = {"into": target.id, "articles": copied, "tasks_moved": moved, "tasks_closed": closed}
    _history(session, lead.id, actor, "merged", {**detail, "reason": reason})
    _history(session, target.id, actor, "merged_from", {"lead_id": lead.id, "articles": copied})
    decision = Decision("merge", lead.id, "merged_into_id", None, str(target.id), reason or None,
                        {**detail, "status": old})  # fmt: skip
    record_decision(session, actor, decision)


def _copy_articles(session: Session, lead: Lead, target: Lead, actor: Actor) -> int:
    theirs = set(
        session.scalars(select(LeadArticle.article_id).where(LeadArticle.lead_id == target.id))
    )
    ours = session.scalars(select(LeadArticle).where(LeadArticle.lead_id == lead.id))
    new = [link for link in ours if link.article_id not in theirs]
    for link in new:
        session.add(LeadArticle(lead_id=target.id, article_id=link.article_id, added_at=actor.at))
    return len(new)


def _move_tasks(session: Session, lead: Lead, target: Lead, actor: Actor) -> tuple[int, int]:
    twins = select(Task.office_id, Task.kind).where(Task.lead_id == target.id)
    taken = {(office, kind) for office, kind in session.execute(twins)}
    moved = closed = 0
    for task in _unfinished(session, lead.id):
        if (task.office_id, task.kind) in taken:
            record_step(session, task.id, "closed", actor.user_id, actor.at,
                        note=f"线索合并至 #{target.id}，该办事处已有同类任务")  # fmt: skip
            closed += 1
            continue
        task.lead_id, task.updated_at = target.id, actor.at
        session.add(TaskUpdate(task_id=task.id, user_id=actor.user_id, at=actor.at, step=task.step,
                               note=f"由线索 #{lead.id} 合并转入"))  # fmt: skip
        moved += 1
    session.flush()
    return moved, closed


def _unfinished(session: Session, lead_id: int) -> list[Task]:
    query = select(Task).where(Task.lead_id == lead_id, Task.step.not_in(TERMINAL_STEPS),
                               Task.status != "done").order_by(Task.id)  # fmt: skip
    return list(session.scalars(query))


def _history(
    session: Session, lead_id: int, actor: Actor, kind: str, detail: dict[str, object]
) -> None:
    session.add(LeadHistory(lead_id=lead_id, at=actor.at, kind=kind,
                            detail={"user_id": actor.user_id, **detail}))  # fmt: skip
