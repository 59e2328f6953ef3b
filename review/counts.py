"""Counts the pages show (matching leads, each office's open tasks), kept for a few seconds.

Counting is the dear part of a queue page: the page itself reads 51 rows in rank order, but
the count reads every match up to the cap. Twenty analysts on the same views would count the
same leads again and again; a count kept for `SECONDS` answers them all. Any change made
through this process forgets every count at once (another worker's counts lag by at most
`SECONDS`); the rows on a page are always read fresh.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from starlette.types import ASGIApp, Receive, Scope, Send

SECONDS = 15.0
SIZE = 1024  # kept counts; the least recently used go first

T = TypeVar("T")


class CountCache:
    """A small thread-safe cache of counts by key, each expiring after `seconds`."""

    def __init__(self, seconds: float = SECONDS, size: int = SIZE,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.seconds, self.size, self.clock = seconds, size, clock
        self._kept: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()
        self._generation = 0

    def get(self, key: Hashable, count: Callable[[], T]) -> T:
        """The kept count for `key`, else `count()` (which is then kept)."""
        now = self.clock()
        with self._lock:
            found = self._kept.get(key)
            if found is not None and now - found[0] < self.seconds:
                self._kept.move_to_end(key)
                return found[1]  # type: ignore[return-value]
            generation = self._generation
        value = count()  # outside the lock: counts of other keys go on meanwhile
        with self._lock:
            if generation == self._generation:  # not counted across a change: keep it
                self._kept[key] = (now, value)
                self._kept.move_to_end(key)
                while len(self._kept) > self.size:
                    self._kept.popitem(last=False)
        return value

    def forget(self) -> None:
        """Something changed: every kept count may be wrong."""
        with self._lock:
            self._generation += 1
            self._kept.clear()


class ForgetCountsOnChange:
    """After every request that may change data (anything but GET and HEAD), forget the counts."""

    def __init__(self, app: ASGIApp, counts: CountCache) -> None:
        self.app, self.counts = app, counts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        changes = scope["type"] == "http" and scope["method"] not in ("GET", "HEAD")
        try:
            await self.app(scope, receive, send)
        finally:
            if changes:
                self.counts.forget()
