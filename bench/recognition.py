"""Company recognition: one Aho-Corasick automaton against a loop over all aliases and a regex."""

from __future__ import annotations

import re

import ahocorasick

from bench.corpus import texts
from bench.harness import Report, compare
from catalog.registry import load_registry
from pipelines.normalise import normalise
from pipelines.settings import BUNDLED_REGISTRY


def alias_keys() -> list[str]:
    registry = load_registry(BUNDLED_REGISTRY)
    keys = {
        n.lower()
        for c in registry.companies.values()
        for n in (c.name_zh, c.name_en, *(a.text for a in c.aliases))
    }
    return sorted(k for k in keys if len(k) >= 2)


def run(report: Report, count: int = 2000) -> None:
    keys = alias_keys()
    documents = [normalise(t).lower() for t in texts(count)]
    automaton = ahocorasick.Automaton()
    for key in keys:
        automaton.add_word(key, key)
    automaton.make_automaton()
    pattern = re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)))

    def loop() -> list[frozenset[str]]:
        return [frozenset(k for k in keys if k in d) for d in documents]

    def every_match() -> list[frozenset[str]]:
        return [frozenset(key for _, key in automaton.iter(d)) for d in documents]

    def alternation() -> list[tuple[str, ...]]:
        return [tuple(m.group(0) for m in pattern.finditer(d)) for d in documents]

    def longest() -> list[tuple[str, ...]]:
        return [_leftmost_longest(automaton, d) for d in documents]

    compare(report, f"recognition: {len(keys)} aliases", ("loop over aliases", loop),
            ("Aho-Corasick", every_match), repeat=3, units=count)  # fmt: skip
    compare(report, "recognition: leftmost-longest", ("regex alternation", alternation),
            ("Aho-Corasick, leftmost-longest", longest), repeat=3, units=count)  # fmt: skip


def _leftmost_longest(automaton: ahocorasick.Automaton, document: str) -> tuple[str, ...]:
    """What a longest-first regex alternation finds, from all the automaton's matches."""
    matches = sorted(
        ((end - len(key) + 1, -len(key), key) for end, key in automaton.iter(document))
    )
    chosen, position = [], 0
    for start, negative_length, key in matches:
        if start >= position:
            chosen.append(key)
            position = start - negative_length
    return tuple(chosen)
