"""How a company mention appears in an analysis (JSON), subsidiaries standing for their group."""

from __future__ import annotations

from typing import Any

from catalog.registry import Registry
from pipelines.companies import Mention


def company_json(mention: Mention, registry: Registry) -> dict[str, Any]:
    company = mention.company
    zh = _is_zh(mention.name)
    return {
        "registry_id": mention.registry_id,
        "name_zh": company.name_zh if company else (mention.name if zh else None),
        "name_en": company.name_en if company else (None if zh else mention.name),
        "lists": list(company.lists) if company else [],
        "mention": mention.mention,
        "role": mention.role,
        "manufacturer": company.manufacturer if company else None,
        "group_id": _group_id(mention, registry),
    }


def group_of(registry: Registry, company_id: str) -> str:
    """A subsidiary stands for its group: follow parent ids to the top."""
    seen = {company_id}
    company = registry.get(company_id)
    while company and company.parent_id and company.parent_id not in seen:
        seen.add(company.parent_id)
        company_id = company.parent_id
        company = registry.get(company_id)
    return company_id


def _group_id(mention: Mention, registry: Registry) -> str | None:
    company = mention.company
    if company is None:
        return None
    if mention.subsidiary or company.parent_id:
        return group_of(registry, company.id)
    return None


def _is_zh(name: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in name)
