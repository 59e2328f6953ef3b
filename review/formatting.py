"""Template filters: money in 万/亿, county-local times, shares as percentages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from review.labels import CURRENCY_ZH

COUNTY_TIME = ZoneInfo("Asia/Shanghai")


def amount(value: float | None, currency: str | None = "CNY") -> str:
    """5e8 CNY → '5.00亿元', 3e7 USD → '3000万美元'; '—' when unknown."""
    if value is None:
        return "—"
    unit = CURRENCY_ZH.get(currency or "CNY", f" {currency}")
    number = float(value)
    if abs(number) >= 1e8:
        return f"{number / 1e8:.2f}亿{unit}"
    if abs(number) >= 1e4:
        return f"{number / 1e4:g}万{unit}"
    return f"{number:g}{unit}"


def local_time(value: dt.datetime | None) -> str:
    return value.astimezone(COUNTY_TIME).strftime("%Y-%m-%d %H:%M") if value else "—"


def local_date(value: dt.datetime | dt.date | None) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(COUNTY_TIME).strftime("%Y-%m-%d")
    return value.isoformat() if value else "—"


def percent(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def count(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def named(ids: list[str], names: dict[str, str]) -> list[str]:
    """Ids as their names (an unknown id stays as it is)."""
    return [names.get(i, i) for i in ids]


def safe_url(url: str | None) -> str:
    """Scraped links only when http(s): never javascript: or data: in an href."""
    text = (url or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else "#"


FILTERS: dict[str, Callable[..., Any]] = {
    "amount": amount, "local_time": local_time, "local_date": local_date, "percent": percent,
    "count": count, "named": named, "safe_url": safe_url,
}  # fmt: skip
