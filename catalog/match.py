"""Sector and chain-link matching: which of the county's links a text is about, and why."""

from __future__ import annotations

from dataclasses import dataclass, field

import ahocorasick

from catalog.model import Catalog, ChainLink, Sector

TITLE_WEIGHT = 2.0
INDUSTRY_BONUS = 3.0
MIN_SECTOR_SCORE = 2.0
MIN_LINK_SCORE = 1.0


@dataclass(frozen=True)
class ChainMatch:
    """The best sector (and link) for a text, with the words that put it there."""

    sector: Sector
    link: ChainLink | None
    score: float
    words: tuple[str, ...]
    by_industry: bool

    @property
    def link_id(self) -> str | None:
        return self.sector.link_id(self.link) if self.link else None

    @property
    def relation(self) -> str | None:
        return self.link.relation if self.link else None

    def reason(self) -> str:
        parts = []
        if self.words:
            parts.append("关键词 " + "、".join(self.words[:5]))
        if self.by_industry:
            parts.append("投资方所属行业")
        where = f"{self.sector.name_zh}·{self.link.name_zh}" if self.link else self.sector.name_zh
        relation = f"（{self.relation}）" if self.relation else ""
        return f"{where}{relation}：{'，'.join(parts)}"


@dataclass
class _Tally:
    sector: float = 0.0
    links: dict[str, float] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)


class ChainMatcher:
    """Keywords and products of every link and sector in one automaton over lower-case text."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._automaton = ahocorasick.Automaton()
        targets: dict[str, list[tuple[str, str | None]]] = {}
        for sector in catalog.sectors:
            for word in [*sector.keywords_zh, *sector.keywords_en]:
                targets.setdefault(word.lower(), []).append((sector.id, None))
            for link in sector.links:
                words = [*link.keywords_zh, *link.keywords_en, *link.products_zh, *link.products_en]
                for word in words:
                    targets.setdefault(word.lower(), []).append((sector.id, link.id))
        for word, owners in targets.items():
            self._automaton.add_word(word, (word, owners))
        self._automaton.make_automaton()

    def match(self, title: str, text: str, industry: str | None = None) -> ChainMatch | None:
        """The sector with most evidence (keywords, title counted double, investor industry)."""
        tallies: dict[str, _Tally] = {}
        for weight, part in ((TITLE_WEIGHT, title), (1.0, text)):
            for word, owners in self._words(part.lower()):
                for sector_id, link_id in owners:
                    tally = tallies.setdefault(sector_id, _Tally())
                    tally.sector += weight
                    if link_id:
                        tally.links[link_id] = tally.links.get(link_id, 0.0) + weight
                    if word not in tally.words:
                        tally.words.append(word)
        by_industry = {s.id for s in self.catalog.sectors if industry and industry in s.industries}
        for sector_id in by_industry:
            tallies.setdefault(sector_id, _Tally()).sector += INDUSTRY_BONUS
        if not tallies:
            return None
        sector_id, tally = max(tallies.items(), key=lambda kv: (kv[1].sector, kv[0] in by_industry))
        if tally.sector < MIN_SECTOR_SCORE:
            return None
        sector = self.catalog.sector(sector_id)
        return ChainMatch(sector, self._best_link(sector, tally), tally.sector, tuple(tally.words),
                          sector_id in by_industry)  # fmt: skip

    def _words(self, text: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
        found = []
        for end, (word, owners) in self._automaton.iter(text):
            start = end - len(word) + 1
            if word.isascii() and not _bounded(text, start, end + 1):
                continue
            found.append((word, owners))
        return found

    @staticmethod
    def _best_link(sector: Sector, tally: _Tally) -> ChainLink | None:
        if not tally.links:
            return None
        link_id, score = max(tally.links.items(), key=lambda kv: kv[1])
        if score < MIN_LINK_SCORE:
            return None
        return next(link for link in sector.links if link.id == link_id)


def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()
