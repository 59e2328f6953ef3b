"""The lead page's content: highlighted articles, the facts table with sources, the score reasons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from pipelines.db.lead_detail import LeadDetail, SourceArticle
from pipelines.facts import sentence_of
from pipelines.normalise import normalise
from pipelines.stage import stage_evidence
from review.formatting import amount
from review.highlight import evidence_terms, highlight, paragraphs
from review.labels import FEATURE_ZH, LABELS

STATED, ESTIMATED, CORRECTED = "文中明示", "推断/估算", "人工更正"


@dataclass(frozen=True)
class ArticleView:
    source: SourceArticle
    title: Markup
    paragraphs: list[Markup]
    text: str


@dataclass(frozen=True)
class FactRow:
    """One fact: its value, the sentence it came from, and whether it was stated or estimated."""

    label: str
    value: str
    sentence: str | None
    basis: str


@dataclass(frozen=True)
class ReasonRow:
    """One score feature: its contribution and the reason."""

    label: str
    value: float
    contribution: float
    why: str
    rule: str


def article_views(detail: LeadDetail) -> list[ArticleView]:
    views = []
    for source in detail.articles:
        title = normalise(source.article.title)
        text = normalise(source.article.body_simplified or source.article.body)
        terms = evidence_terms(source.analysis, title, text)
        views.append(ArticleView(source, highlight(title, terms), paragraphs(text, terms), text))
    return views


def _sentence(text: str, term: str | None) -> str | None:
    if not term:
        return None
    position = text.find(term)
    return sentence_of(text, position) if position >= 0 else None


def fact_rows(detail: LeadDetail, views: list[ArticleView]) -> list[FactRow]:
    """The lead's facts, each with the sentence of the first article that states it."""
    lead, facts = detail.lead, detail.lead.facts or {}
    text = "\n".join(f"{normalise(v.source.article.title)}\n{v.text}" for v in views)
    corrected = set(facts.get("corrected", []))

    def row(field: str, label: str, value: str, term: str | None, sentence: str | None = None,
            estimated: bool = False) -> FactRow:  # fmt: skip
        found = sentence or _sentence(text, term)
        basis = CORRECTED if field in corrected else ESTIMATED if estimated or not found else STATED
        return FactRow(label, value, found, basis)

    rows = [row("company", "投资方", lead.company_name, _investor_mention(facts))]
    capex = facts.get("capex") or {}
    rows.append(row("capex", "投资额", _capex_text(lead), capex.get("text"),
                    (facts.get("evidence") or {}).get("capex"), bool(capex.get("estimated"))))  # fmt: skip
    rows += _place_rows(row, lead.destination, facts.get("origin"))
    rows.append(row("stage", "项目阶段", LABELS["stage"].get(lead.stage or "", "—"), None,
                    _stage_sentence(views, lead.stage)))  # fmt: skip
    rows.append(row("event_type", "事件类型", LABELS["event"].get(lead.event_type, lead.event_type),
                    None, "由事件模型根据全文判断", estimated=True))  # fmt: skip
    rows += _detail_rows(row, facts.get("details") or {})
    return rows


def _stage_sentence(views: list[ArticleView], stage: str | None) -> str | None:
    """The sentence with the stage words, in the first article analysed at the lead's stage."""
    for view in views:
        if stage is None or (view.source.analysis or {}).get("stage") != stage:
            continue
        title = normalise(view.source.article.title)
        word = stage_evidence(title, view.text, stage)
        if word:
            return title if word in title else _sentence(view.text, word)
    return None


def _investor_mention(facts: dict[str, Any]) -> str | None:
    investor = next((c for c in facts.get("companies") or [] if c.get("role") == "investor"), None)
    return (investor or {}).get("mention")


def _capex_text(lead: Any) -> str:
    if lead.capex_amount is None:
        return "未披露"
    text = amount(lead.capex_amount, lead.capex_currency)
    if lead.capex_currency != "CNY" and lead.capex_cny is not None:
        text += f"（约 {amount(lead.capex_cny)}）"
    return text


def _place_rows(
    row: Any, destination: dict[str, Any] | None, origin: dict[str, Any] | None
) -> list[FactRow]:
    rows = []
    if destination or not origin:
        rows.append(
            row("destination", "落户地", _place(destination), (destination or {}).get("text"))
        )
    if origin:
        rows.append(row("origin", "迁出地", _place(origin), origin.get("text")))
    return rows


def _place(place: dict[str, Any] | None) -> str:
    if not place:
        return "未定"
    parts = [place.get(k) for k in ("country", "province", "city", "county")]
    named = " ".join(dict.fromkeys(p for p in parts if p))
    return f"{place.get('text')}（{named}）" if named else str(place.get("text"))


def _detail_rows(row: Any, details: dict[str, Any]) -> list[FactRow]:
    rows = []
    if details.get("land_mu") is not None:
        rows.append(row("land_mu", "用地", f"{details['land_mu']:g} 亩", details.get("land_text")))
    if details.get("jobs") is not None:
        rows.append(row("jobs", "就业岗位", f"{details['jobs']} 个", str(details["jobs"])))
    return rows


def reason_rows(explanation: list[dict[str, Any]] | None) -> list[ReasonRow]:
    """Score features, biggest contribution first; an unknown feature is named by its rule."""
    rows = [
        ReasonRow(FEATURE_ZH.get(e["feature"]) or str(e.get("rule", e["feature"])).split("：")[0],
                  float(e.get("value", 0)), float(e.get("contribution", 0)), str(e.get("why", "")),
                  str(e.get("rule", "")))
        for e in explanation or []
    ]  # fmt: skip
    return sorted(rows, key=lambda r: -r.contribution)


def chain_reason(explanation: list[dict[str, Any]] | None) -> str | None:
    """Why the lead fits the chain: the reasons of the sector and chain features."""
    whys = [
        str(e.get("why"))
        for e in explanation or []
        if e.get("feature") in ("sector_fit", "chain_gap")
    ]
    return "；".join(w for w in whys if w) or None
