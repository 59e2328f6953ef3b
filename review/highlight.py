"""Evidence highlighting: the scraped text is escaped first, then the evidence is wrapped in marks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from pipelines.amounts import find_amounts
from pipelines.stage import stage_evidence

KIND_TITLES = {"investor": "投资方", "company": "企业", "capex": "投资额", "amount": "金额",
               "place": "地点", "stage": "阶段用语", "fact": "事实"}  # fmt: skip


@dataclass(frozen=True)
class Term:
    """A piece of evidence to find in the text, and what kind of evidence it is."""

    text: str
    kind: str


def evidence_terms(analysis: dict[str, Any] | None, title: str, text: str) -> list[Term]:
    """Company mentions, amounts, places, stage words and stated facts of one analysed article."""
    if not analysis:
        return []
    terms = [
        Term(c["mention"], "investor" if c.get("role") == "investor" else "company")
        for c in analysis.get("companies") or []
        if c.get("mention")
    ]
    capex = (analysis.get("capex") or {}).get("text")
    terms += [Term(capex, "capex")] if capex else []
    terms += [Term(a.text, "amount") for a in find_amounts(f"{title}\n{text}")]
    for key in ("destination", "origin"):
        place = (analysis.get(key) or {}).get("text")
        terms += [Term(place, "place")] if place else []
    stage = analysis.get("stage")
    word = stage_evidence(title, text, stage) if stage else None
    terms += [Term(word, "stage")] if word else []
    land = (analysis.get("facts") or {}).get("land_text")
    terms += [Term(land, "fact")] if land else []
    return [t for t in terms if t.text.strip()]


def spans(text: str, terms: Iterable[Term]) -> list[tuple[int, int, str]]:
    """Where the terms occur, without overlaps: earlier-listed kinds and longer terms win."""
    found: list[tuple[int, int, str]] = []
    ordered = sorted(enumerate(terms), key=lambda it: (_rank(it[1].kind), -len(it[1].text), it[0]))
    for _, term in ordered:
        start = text.find(term.text)
        while start >= 0:
            end = start + len(term.text)
            if all(end <= s or start >= e for s, e, _ in found):
                found.append((start, end, term.kind))
            start = text.find(term.text, end)
    return sorted(found)


def _rank(kind: str) -> int:
    return list(KIND_TITLES).index(kind) if kind in KIND_TITLES else len(KIND_TITLES)


def highlight(text: str, terms: Iterable[Term]) -> Markup:
    """HTML of `text` with each evidence span in a <mark>; every piece of text is escaped."""
    parts: list[str] = []
    position = 0
    for start, end, kind in spans(text, terms):
        parts.append(escape(text[position:start]))
        title = escape(KIND_TITLES.get(kind, kind))
        parts.append(
            Markup('<mark class="ev ev-{}" title="{}">{}</mark>').format(
                kind, title, text[start:end]
            )
        )
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def paragraphs(text: str, terms: list[Term]) -> list[Markup]:
    """The text split into paragraphs, each highlighted."""
    return [highlight(line, terms) for line in text.split("\n") if line.strip()]
