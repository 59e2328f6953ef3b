"""Analyse one news item: normalise ▸ companies ▸ event ▸ stage ▸ facts; the order lives here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog.model import Catalog
from catalog.registry import Registry
from pipelines.companies import CompanyRecogniser, Mention
from pipelines.destination import DestinationFinder
from pipelines.events import BUNDLED_MODEL, EventModel, model_input
from pipelines.facts import find_capex
from pipelines.normalise import detect_lang, normalise
from pipelines.roles import assign_roles
from pipelines.stage import detect_stage


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
    """What analysis reads: the catalog, the registry's recogniser, the models. Built once."""

    catalog: Catalog
    registry: Registry
    recogniser: CompanyRecogniser
    destinations: DestinationFinder
    events: EventModel
    model_version: str

    @classmethod
    def build(
        cls, catalog: Catalog, registry: Registry, model_path: Path | None = None,
        learned: list[tuple[str, str]] | None = None, blocked: list[tuple[str, str]] | None = None,
    ) -> AnalysisContext:  # fmt: skip
        path = model_path or BUNDLED_MODEL
        events = EventModel.load(path)
        return cls(
            catalog=catalog, registry=registry,
            recogniser=CompanyRecogniser(registry, learned or [], blocked or []),
            destinations=DestinationFinder(catalog), events=events,
            model_version=str(events.meta.get("version") or events.meta.get("data_hash", "?"))[:16],
        )  # fmt: skip


def analyse(item: NewsItem, context: AnalysisContext) -> dict[str, Any]:
    """The analysis of one item, as the JSON object `leadradar analyze` prints."""
    title, text = normalise(item.title), normalise(item.text)
    event_type, confidence = context.events.predict([model_input(title, text)])[0]
    combined = f"{title}\n{text}"
    found = context.recogniser.find(combined)
    mentions = assign_roles(found, combined, event_type)
    stage = detect_stage(title, text) if event_type != "none" else None
    if event_type != "none" and stage is None:
        stage = "announced"
    capex = find_capex(title, text)
    destination = context.destinations.find(title, text, [(m.start, m.end) for m in found])
    return {
        "id": item.id,
        "is_lead": event_type != "none",
        "score": round(1.0 - _none_probability(event_type, confidence), 4),
        "event_type": event_type,
        "event_confidence": round(confidence, 4),
        "stage": stage,
        "companies": [_company_json(m, context.registry) for m in mentions],
        "capex": capex.as_json() if capex else None,
        "destination": destination.as_json() if destination else None,
        "lang": item.lang or detect_lang(title + text),
    }


def _none_probability(event_type: str, confidence: float) -> float:
    return confidence if event_type == "none" else 1.0 - confidence


def _company_json(mention: Mention, registry: Registry) -> dict[str, Any]:
    company = mention.company
    return {
        "registry_id": mention.registry_id,
        "name_zh": company.name_zh if company else (mention.name if _is_zh(mention.name) else None),
        "name_en": company.name_en if company else (None if _is_zh(mention.name) else mention.name),
        "lists": list(company.lists) if company else [],
        "mention": mention.mention,
        "role": mention.role,
        "manufacturer": company.manufacturer if company else None,
        "group_id": _group(registry, company.id) if company and company.parent_id else None,
    }


def _group(registry: Registry, company_id: str) -> str:
    """A subsidiary stands for its group: follow parent ids to the top."""
    seen = {company_id}
    company = registry.get(company_id)
    while company and company.parent_id and company.parent_id not in seen:
        seen.add(company.parent_id)
        company_id = company.parent_id
        company = registry.get(company_id)
    return company_id


def _is_zh(name: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in name)
