"""Failed logins per client address: past a limit within a window, that address must wait."""

from __future__ import annotations

import datetime as dt
import threading
from collections import deque

MAX_CLIENTS = 10_000  # memory bound: the oldest-touched addresses are forgotten first


class ClientThrottle:
    """Counts failures per address in a sliding window; thread-safe (handlers run in threads)."""

    def __init__(self, limit: int = 20, window: dt.timedelta = dt.timedelta(minutes=10)) -> None:
        self.limit, self.window = limit, window
        self._failures: dict[str, deque[dt.datetime]] = {}
        self._lock = threading.Lock()

    def blocked(self, client: str, now: dt.datetime) -> bool:
        with self._lock:
            return len(self._recent(client, now)) >= self.limit

    def failed(self, client: str, now: dt.datetime) -> None:
        with self._lock:
            self._recent(client, now).append(now)
            if len(self._failures) > MAX_CLIENTS:
                self._failures.pop(next(iter(self._failures)))

    def _recent(self, client: str, now: dt.datetime) -> deque[dt.datetime]:
        times = self._failures.pop(client, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        self._failures[client] = times  # re-inserted: dict order is least recently touched first
        return times
