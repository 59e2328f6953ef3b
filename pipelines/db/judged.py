"""Named queries for the stage model and the score weights: what the analysts' judgements say."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipelines.db.models import Analysis, Article, Judgement, Lead, LeadArticle

# a rejection for these reasons says nothing about the score: the project is already known
NOT_A_SCORE_LABEL = ("已知", "重复", "duplicate", "already", "known")


@dataclass(frozen=True)
class JudgedStage:
    title: str
    body: str
    stage: str


@dataclass(frozen=True)
class JudgedLead:
    """A lead's score features (value in [0, 1] each) and whether the analyst accepted it."""

    lead_id: int
    values: dict[str, float]
    accepted: bool


def _judgements(session: Session) -> list[Judgement]:
    query = select(Judgement).where(Judgement.lead_id.is_not(None))
    return list(session.scalars(query.order_by(Judgement.at, Judgement.id)))


def judged_stages(session: Session) -> list[JudgedStage]:
    """A stage correction labels the lead's newest article; an accept confirms each article's stage.

    A rejection (or a corrected event type of `none`) teaches the stage model nothing.
    """
    corrected: dict[int, str] = {}
    accepted: dict[int, bool] = {}
    for judgement in _judgements(session):
        lead_id = judgement.lead_id
        assert lead_id is not None  # the query keeps only judgements of a lead
        if judgement.action == "correct" and judgement.field == "stage" and judgement.new_value:
            corrected[lead_id] = judgement.new_value
        elif judgement.action in ("accept", "reject"):
            accepted[lead_id] = judgement.action == "accept"
    result = []
    for lead_id in sorted(set(corrected) | {k for k, ok in accepted.items() if ok}):
        rows = session.execute(
            select(Article.title, Article.body, Analysis.stage)
            .join(LeadArticle, LeadArticle.article_id == Article.id)
            .outerjoin(Analysis, Analysis.article_id == Article.id)
            .where(LeadArticle.lead_id == lead_id)
            .order_by(LeadArticle.added_at.desc(), Article.id.desc())
        ).all()
        if lead_id in corrected and rows:
            result.append(JudgedStage(rows[0][0], rows[0][1], corrected[lead_id]))
        elif lead_id not in corrected:
            result += [JudgedStage(t, b, stage) for t, b, stage in rows if stage]
    return result


def judged_leads(session: Session, features: list[str]) -> list[JudgedLead]:
    """Leads whose latest decision is an accept (1) or a reject that speaks to the score (0).

    An out-of-scope rejection counts (the score should rank such leads lower: sector fit), a
    rejection as already known or duplicate does not. Leads stored without all `features` are left out.
    """
    decisions: dict[int, bool] = {}
    for judgement in _judgements(session):
        lead_id = judgement.lead_id
        assert lead_id is not None
        reason = (judgement.reason or "").lower()
        if judgement.action == "accept":
            decisions[lead_id] = True
        elif judgement.action == "reject" and not any(w in reason for w in NOT_A_SCORE_LABEL):
            decisions[lead_id] = False
    result = []
    for lead_id, accepted in sorted(decisions.items()):
        lead = session.get(Lead, lead_id)
        values = _feature_values(lead.explanation if lead else [])
        if all(name in values for name in features):
            result.append(JudgedLead(lead_id, {n: values[n] for n in features}, accepted))
    return result


def investment_explanations(session: Session, limit: int = 5000) -> list[dict[str, float]]:
    """The score features of the most recently analysed investment events (leads or not)."""
    query = (
        select(Analysis.result)
        .where(Analysis.event_type.is_not(None), Analysis.event_type != "none")
        .order_by(Analysis.analysed_at.desc(), Analysis.id.desc())
        .limit(limit)
    )
    return [
        _feature_values((result or {}).get("explanation") or [])
        for result in session.scalars(query)
    ]


def _feature_values(explanation: list[dict[str, object]]) -> dict[str, float]:
    values = {}
    for entry in explanation or []:
        value = entry.get("value") if isinstance(entry, dict) else None
        if isinstance(value, int | float) and isinstance(entry.get("feature"), str):
            values[str(entry["feature"])] = min(max(float(value), 0.0), 1.0)
    return values
