"""Story clusters: syndicated copies of one story found by MinHash over character shingles + LSH."""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

SHINGLE = 5
NUM_PERM = 64
THRESHOLD = 0.5
_STRIP = re.compile(r"[\s\W_]+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    compact = _STRIP.sub("", text.lower())
    if len(compact) <= size:
        return {compact.encode()} if compact else set()
    return {compact[i : i + size].encode() for i in range(len(compact) - size + 1)}


def signature(text: str) -> MinHash:
    minhash = MinHash(num_perm=NUM_PERM, seed=7)
    minhash.update_batch(list(shingles(text)))
    return minhash


@dataclass
class StoryIndex:
    """Recent stories only: entries older than `window` are evicted, so memory stays bounded."""

    window: dt.timedelta = dt.timedelta(days=14)
    max_entries: int = 200_000
    _lsh: MinHashLSH = field(init=False)
    _order: deque[tuple[dt.datetime, str]] = field(default_factory=deque, init=False)
    _cluster: dict[str, str] = field(default_factory=dict, init=False)
    _representatives: set[str] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        self._lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)

    def __len__(self) -> int:
        return len(self._cluster)

    def add(self, key: str, text: str, when: dt.datetime) -> str:
        """Index `key`; return the story id (the first key of its cluster).

        Only the first article of a story goes into the LSH index, so a story syndicated a
        hundred times still costs one bucket entry and queries stay small.
        """
        self._evict(when)
        if key in self._cluster:
            return self._cluster[key]
        minhash = signature(text)
        match = next((m for m in self._lsh.query(minhash) if m in self._cluster), None)
        if match is None:
            self._lsh.insert(key, minhash)
            self._representatives.add(key)
        self._cluster[key] = self._cluster[match] if match is not None else key
        self._order.append((when, key))
        return self._cluster[key]

    def relabel(self, key: str, story: str) -> None:
        """Name the story that `key` started by a durable id (e.g. its cluster row)."""
        self._cluster[key] = story

    def _evict(self, now: dt.datetime) -> None:
        while self._order and (
            now - self._order[0][0] > self.window or len(self._order) > self.max_entries
        ):
            _, old = self._order.popleft()
            if old in self._representatives:
                self._representatives.discard(old)
                self._lsh.remove(old)
            self._cluster.pop(old, None)
