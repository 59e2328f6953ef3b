"""The labels of a line that `leadradar eval` reads, checked before anything is analysed."""

from __future__ import annotations

from typing import Any

from catalog.errors import CatalogError
from pipelines.events import EVENT_TYPES
from pipelines.stage import STAGES

ROLES = ("investor", "partner", "target", "mentioned")


def check_labels(record: dict[str, Any], name: str, number: int) -> None:
    """Raise CatalogError naming the file, line and field of the first malformed label."""
    for field, problem in _problems(record):
        raise CatalogError(name, number, field, problem)


def _problems(record: dict[str, Any]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []

    def check(field: str, ok: bool, problem: str) -> None:
        if field in record and not ok:
            found.append((field, problem))

    value = record.get
    check("is_lead", isinstance(value("is_lead"), bool), "must be true or false")
    check(
        "event_type", value("event_type") in EVENT_TYPES, f"must be one of {', '.join(EVENT_TYPES)}"
    )
    check("stage", value("stage") is None or value("stage") in STAGES,
          f"must be null or one of {', '.join(STAGES)}")  # fmt: skip
    check("companies", _companies(value("companies")),
          'must be a list of names or {"name": ..., "role": ...} objects')  # fmt: skip
    check("capex_amount", value("capex_amount") is None or _number(value("capex_amount")),
          "must be a number or null")  # fmt: skip
    check("capex_currency", value("capex_currency") is None or _currency(value("capex_currency")),
          "must be a three-letter currency code (CNY, USD, EUR…) or null")  # fmt: skip
    check("capex", _capex(value("capex")),
          'must be null or {"amount": <number>, "currency": <code>}')  # fmt: skip
    check("destination", value("destination") is None or isinstance(value("destination"), dict),
          'must be null or an object like {"country": "中国", "province": "江苏省"}')  # fmt: skip
    check("sector", value("sector") is None or isinstance(value("sector"), str),
          "must be a sector id or null")  # fmt: skip
    return found


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def _currency(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 3 and value.isalpha() and value.isupper()


def _companies(value: Any) -> bool:
    if not isinstance(value, list):
        return False
    return all(
        isinstance(c, str)
        or (
            isinstance(c, dict)
            and isinstance(c.get("name"), str)
            and c.get("role", "mentioned") in ROLES
        )
        for c in value
    )


def _capex(value: Any) -> bool:
    if value is None:
        return True
    return (
        isinstance(value, dict)
        and _number(value.get("amount"))
        and _currency(value.get("currency"))
    )
