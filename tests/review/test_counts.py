"""Counts kept for a few seconds: expiry, forgetting on a change, and a bounded size."""

from __future__ import annotations

import threading
from collections.abc import Callable

from fastapi import FastAPI

from review.counts import CountCache
from tests.review.conftest import Session, lead_ids


class Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def counter() -> tuple[list[int], Callable[[], int]]:
    calls: list[int] = []

    def count() -> int:
        calls.append(1)
        return len(calls)

    return calls, count


def test_a_count_is_kept_until_it_expires() -> None:
    ticks, (calls, count) = Ticks(), counter()
    cache = CountCache(seconds=15, clock=ticks)
    assert [cache.get("a", count), cache.get("a", count)] == [1, 1]
    ticks.now += 14.9
    assert cache.get("a", count) == 1
    ticks.now += 0.2
    assert cache.get("a", count) == 2 and len(calls) == 2


def test_forget_drops_every_count() -> None:
    cache, (calls, count) = CountCache(clock=Ticks()), counter()
    cache.get("a", count)
    cache.get("b", count)
    cache.forget()
    assert cache.get("a", count) == 3 and len(calls) == 3


def test_a_count_made_across_a_change_is_not_kept() -> None:
    cache = CountCache(clock=Ticks())
    started, finish = threading.Event(), threading.Event()

    def slow() -> int:  # counts the old data while a change commits
        started.set()
        finish.wait(timeout=10)
        return 41

    worker = threading.Thread(target=lambda: cache.get("a", slow))
    worker.start()
    assert started.wait(timeout=10)
    cache.forget()
    finish.set()
    worker.join(timeout=10)
    assert cache.get("a", lambda: 40) == 40


def test_the_oldest_counts_go_first() -> None:
    cache = CountCache(size=2, clock=Ticks())
    for key in "abc":
        cache.get(key, lambda: 1)
    assert cache.get("a", lambda: 2) == 2  # dropped to keep two
    assert cache.get("c", lambda: 3) == 1


def test_the_queue_count_follows_a_decision_at_once(
    as_role: Callable[[str], Session], app: FastAPI
) -> None:
    analyst, leads = as_role("analyst"), lead_ids(app)
    assert f"共 <strong>{len(leads)}</strong> 条线索" in analyst.get("/leads").text
    assert analyst.post(f"/leads/{leads[0]}/reject", {"reason": "重复"}).status_code == 303
    assert f"共 <strong>{len(leads) - 1}</strong> 条线索" in analyst.get("/leads").text
