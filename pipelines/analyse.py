"""Analyse one news item: normalise ▸ companies ▸ event ▸ stage ▸ facts ▸ chain ▸ score ▸ route."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalog.match import ChainMatcher
from catalog.model import Catalog, Weights
from catalog.registry import Registry
from pipelines.companies import CompanyRecogniser
from pipelines.destination import DestinationFinder
from pipelines.events import BUNDLED_MODEL, EventModel, lead_input
from pipelines.facts import english_roundup, find_capex, find_details, many_projects
from pipelines.mentions import company_json
from pipelines.normalise import detect_lang, normalise
from pipelines.roles import assign_roles
from pipelines.route import RouteInput, route
from pipelines.score import LeadFacts, score, to_cny
from pipelines.score_weights import LearnedWeights
from pipelines.stage_model import BUNDLED_STAGE_MODEL, StageModel, stage_of
from spiders.dates import parse_date


@dataclass
class NewsItem:
    """One input item of `leadradar analyze` (and a stored article, seen the same way)."""

    id: str
    title: str
    text: str
    url: str | None = None
    published: str | None = None
    lang: str | None = None


@dataclass
class AnalysisContext:
    """What analysis reads: catalog, registry, recogniser, models, the clock. Built once."""

    catalog: Catalog
    registry: Registry
    recogniser: CompanyRecogniser
    destinations: DestinationFinder
    chains: ChainMatcher
    events: EventModel
    model_version: str
    now: dt.datetime | None = None
    open_lead_investors: set[str] = field(default_factory=set)
    stages: StageModel | None = None  # None: the stage rules alone
    weights: Weights | None = None  # None: the catalog's weights.yml
    versions: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls, catalog: Catalog, registry: Registry, model_path: Path | None = None,
        learned: list[tuple[str, str]] | None = None, blocked: list[tuple[str, str]] | None = None,
        now: dt.datetime | None = None, stage_model_path: Path | None = None,
        weights_path: Path | None = None,
    ) -> AnalysisContext:  # fmt: skip
        """The bundled models and the catalog's weights unless trained versions are given."""
        events = EventModel.load(model_path or BUNDLED_MODEL)
        stages = StageModel.load(stage_model_path or BUNDLED_STAGE_MODEL)
        learned_weights = LearnedWeights.load(weights_path) if weights_path else None
        versions = {"events": _version(events.meta), "stage": _version(stages.meta),
                    "weights": _version(learned_weights.meta) if learned_weights else "catalog"}  # fmt: skip
        return cls(
            catalog=catalog, registry=registry,
            recogniser=CompanyRecogniser(registry, learned or [], blocked or []),
            destinations=DestinationFinder(catalog), chains=ChainMatcher(catalog), events=events,
            model_version=versions["events"], now=now, stages=stages,
            weights=learned_weights.apply(catalog.weights) if learned_weights else None,
            versions=versions,
        )  # fmt: skip

    @property
    def score_weights(self) -> Weights:
        return self.weights or self.catalog.weights


def _version(meta: dict[str, Any]) -> str:
    return str(meta.get("version") or meta.get("data_hash", "?"))[:16]


def analyse(item: NewsItem, context: AnalysisContext) -> dict[str, Any]:
    """The analysis of one item, as the JSON object `leadradar analyze` prints."""
    return analyse_items([item], context)[0]


def analyse_items(items: Sequence[NewsItem], context: AnalysisContext) -> list[dict[str, Any]]:
    """The same as analyse() for each item, with one model call for the whole batch."""
    if not items:
        return []
    texts = [(normalise(item.title), normalise(item.text)) for item in items]
    inputs = [lead_input(t, x) for t, x in texts]
    events = context.events.predict(inputs)
    stages: list[tuple[str, float] | None] = (
        list(context.stages.predict(inputs)) if context.stages else [None] * len(items)
    )
    return [
        _analyse(item, title, text, (event, stage), context)
        for item, (title, text), event, stage in zip(items, texts, events, stages, strict=True)
    ]


Predictions = tuple[tuple[str, float], tuple[str, float] | None]


def _analyse(
    item: NewsItem, title: str, text: str, predictions: Predictions, context: AnalysisContext
) -> dict[str, Any]:
    now = context.now or dt.datetime.now(dt.UTC)
    combined = f"{title}\n{text}"
    (event_type, confidence), stage_prediction = predictions
    if english_roundup(title, text) or (event_type != "none" and many_projects(title, text)):
        event_type = "none"  # a campaign of many projects; its single figures belong to none
    found = context.recogniser.find(combined)
    mentions = assign_roles(found, combined, event_type)
    decision = stage_of(title, text, stage_prediction) if event_type != "none" else None
    stage = decision.stage if decision else None
    capex = find_capex(title, text, event=event_type != "none")
    taken = [(m.start, m.end) for m in found]
    destination = context.destinations.find(title, text, taken)
    if event_type == "none" and capex is None:
        destination = None  # a place in an earnings or launch story is not where a project goes
    origin = (
        context.destinations.find_origin(title, text, taken) if event_type == "relocation" else None
    )
    investor_mention = next((m for m in mentions if m.role == "investor"), None)
    investor = investor_mention.company if investor_mention else None
    if investor is None and event_type == "joint_venture":  # INEOS and Sinopec: the known side
        investor = next((m.company for m in mentions if m.company is not None), None)
    chain = context.chains.match(title, text, investor.industry if investor else None)
    weights = context.score_weights
    capex_cny = to_cny(capex.amount, capex.currency, weights) if capex else None
    facts = LeadFacts(
        event_type=event_type, stage=stage, investor=investor,
        investor_known=investor_mention is not None, capex_cny=capex_cny, chain=chain,
        destination=destination.as_json() if destination else None,
        origin=origin.as_json() if origin else None, home_county=context.catalog.county.name_zh,
        published=parse_date(item.published, now) if item.published else None, now=now,
        already_lead=bool(investor and investor.id in context.open_lead_investors),
    )  # fmt: skip
    value, explanation = score(facts, weights)
    is_lead = event_type != "none" and value >= weights.threshold
    routed = route(
        RouteInput(chain.sector.id if chain else None, investor,
                   origin.province if origin else None, origin.city if origin else None, capex_cny),
        context.catalog,
    ) if is_lead else []  # fmt: skip
    return {
        "id": item.id,
        "is_lead": is_lead,
        "score": value,
        "event_type": event_type,
        "event_confidence": round(confidence, 4),
        "stage": stage,
        "stage_source": decision.source if decision else None,
        "companies": [company_json(m, context.registry) for m in mentions],
        "capex": capex.as_json() if capex else None,
        "capex_cny": round(capex_cny) if capex_cny is not None else None,
        "destination": facts.destination,
        "origin": facts.origin,
        "sector": chain.sector.id if chain else None,
        "chain": {"link": chain.link_id, "relation": chain.relation}
        if chain and chain.link
        else None,
        "offices": list(dict.fromkeys(t.office_id for t in routed)),
        "tasks": [
            {
                "office": t.office_id,
                "kind": t.kind,
                "due_days": t.due_days,
                "why": t.reason,
                "leader_region": t.leader_region,
            }
            for t in routed
        ],
        "explanation": explanation,
        "evidence": {"capex": capex.sentence if capex else None},
        "facts": find_details(title, text),
        "lang": item.lang or detect_lang(combined),
        "model_version": context.model_version,
        "model_versions": context.versions,
    }
