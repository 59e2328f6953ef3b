"""Named queries for learning: judged articles, learned aliases, model versions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pipelines.db.models import (
    Analysis,
    Article,
    Judgement,
    LeadArticle,
    LearnedAlias,
    ModelVersion,
)

# a rejection for these reasons says "a real project, but not ours": not a label for the model
NOT_A_LABEL = ("范围", "不相关", "已知", "重复", "out of scope", "duplicate", "already", "known")


@dataclass(frozen=True)
class JudgedArticle:
    title: str
    body: str
    event_type: str


def judged_articles(session: Session) -> list[JudgedArticle]:
    """Each article of a judged lead with the label the latest judgement implies."""
    labels: dict[int, str] = {}
    for judgement in session.scalars(
        select(Judgement).where(Judgement.lead_id.is_not(None)).order_by(Judgement.at, Judgement.id)
    ):
        label = _label(judgement)
        if label is not None and judgement.lead_id is not None:
            labels[judgement.lead_id] = label
    result = []
    for lead_id, label in labels.items():
        rows = session.execute(
            select(Article.title, Article.body, Analysis.event_type)
            .join(LeadArticle, LeadArticle.article_id == Article.id)
            .outerjoin(Analysis, Analysis.article_id == Article.id)
            .where(LeadArticle.lead_id == lead_id)
        ).all()
        for title, body, predicted in rows:
            event = (predicted or "none") if label == "confirmed" else label
            result.append(JudgedArticle(title, body, event))
    return result


def _label(judgement: Judgement) -> str | None:
    if judgement.action == "correct" and judgement.field == "event_type" and judgement.new_value:
        return judgement.new_value
    if judgement.action == "reject":
        reason = (judgement.reason or "").lower()
        return None if any(word in reason for word in NOT_A_LABEL) else "none"
    if judgement.action == "accept":
        return "confirmed"
    return None


def learned_aliases(session: Session) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(learned, blocked) pairs of (company_id, alias) that the recogniser reads."""
    rows = session.execute(
        select(LearnedAlias.company_id, LearnedAlias.alias, LearnedAlias.blocked)
    ).all()
    return [(c, a) for c, a, b in rows if not b], [(c, a) for c, a, b in rows if b]


def active_model(session: Session, kind: str = "events") -> ModelVersion | None:
    query = select(ModelVersion).where(ModelVersion.kind == kind, ModelVersion.active.is_(True))
    return session.scalars(query).first()


def model_versions(session: Session, kind: str | None = "events") -> Sequence[ModelVersion]:
    """Versions of one kind (every kind when None), newest first."""
    query = select(ModelVersion).order_by(ModelVersion.created_at.desc(), ModelVersion.id.desc())
    if kind is not None:
        query = query.where(ModelVersion.kind == kind)
    return session.scalars(query).all()


def kinds_of_version(session: Session, version: str) -> list[str]:
    query = select(ModelVersion.kind).where(ModelVersion.version == version)
    return sorted(session.scalars(query))


def add_version(session: Session, kind: str, version: str, path: str, data_hash: str,
                metrics: dict[str, Any], promote: bool, at: dt.datetime) -> ModelVersion:  # fmt: skip
    row = ModelVersion(kind=kind, version=version, path=path, data_hash=data_hash, metrics=metrics,
                       active=False, created_at=at)  # fmt: skip
    session.add(row)
    session.flush()
    if promote:
        activate(session, kind, version)
    return row


def activate(session: Session, kind: str, version: str) -> bool:
    """Make `version` the one in use; False when there is no such version."""
    target = session.scalars(
        select(ModelVersion).where(ModelVersion.kind == kind, ModelVersion.version == version)
    ).first()
    if target is None:
        return False
    session.execute(update(ModelVersion).where(ModelVersion.kind == kind).values(active=False))
    target.active = True
    return True
