"""Named queries of the audit trail: who did what and when (audit_log), and analyst judgements."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipelines.db.models import AuditEntry, Judgement, User


@dataclass(frozen=True)
class Actor:
    """The person acting and the time of the act (the clock is passed in, never read here)."""

    user_id: int | None
    at: dt.datetime


@dataclass(frozen=True)
class Decision:
    """One analyst decision on a lead: kept in audit_log and as a judgements row."""

    action: str
    lead_id: int
    field: str | None = None
    old: str | None = None
    new: str | None = None
    reason: str | None = None
    detail: dict[str, Any] = dataclasses.field(default_factory=dict)


def record_action(
    session: Session, actor: Actor, action: str, object_type: str, object_id: str | int,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:  # fmt: skip
    entry = AuditEntry(at=actor.at, user_id=actor.user_id, action=action, object_type=object_type,
                       object_id=str(object_id), detail=dict(detail or {}))  # fmt: skip
    session.add(entry)
    return entry


def record_decision(session: Session, actor: Actor, decision: Decision) -> Judgement:
    """The judgement row (training data) and its audit entry, written together."""
    judgement = Judgement(
        lead_id=decision.lead_id, user_id=actor.user_id, at=actor.at, action=decision.action,
        field=decision.field, old_value=decision.old, new_value=decision.new,
        reason=decision.reason,
    )  # fmt: skip
    session.add(judgement)
    detail = {"field": decision.field, "old": decision.old, "new": decision.new,
              "reason": decision.reason, **decision.detail}  # fmt: skip
    record_action(session, actor, f"lead.{decision.action}", "lead", decision.lead_id, detail)
    return judgement


@dataclass(frozen=True)
class AuditLine:
    """An audit entry with the name of who made it."""

    at: dt.datetime
    user: str | None
    action: str
    object_type: str
    object_id: str
    detail: dict[str, Any]


def audit_lines(
    session: Session, object_type: str | None = None, object_ids: list[str] | None = None,
    limit: int = 200,
) -> list[AuditLine]:  # fmt: skip
    """Newest first; optionally only for some objects."""
    query = select(AuditEntry, User.name).outerjoin(User, User.id == AuditEntry.user_id)
    if object_type is not None:
        query = query.where(AuditEntry.object_type == object_type)
    if object_ids is not None:
        query = query.where(AuditEntry.object_id.in_(object_ids))
    rows = session.execute(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit))
    return [AuditLine(e.at, name, e.action, e.object_type, e.object_id, dict(e.detail or {}))
            for e, name in rows]  # fmt: skip


def judgements_of(session: Session, lead_id: int) -> list[tuple[Judgement, str | None]]:
    """A lead's judgements, oldest first, with the user name."""
    query = (
        select(Judgement, User.name)
        .outerjoin(User, User.id == Judgement.user_id)
        .where(Judgement.lead_id == lead_id)
        .order_by(Judgement.at, Judgement.id)
    )
    return [(j, name) for j, name in session.execute(query)]
