"""Copy the catalog and the registry into the reference tables, idempotently (upserts)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, delete, func, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from catalog.model import Catalog
from catalog.registry import Registry
from pipelines.db.models import (
    Base,
    ChainLinkRow,
    CompanyAliasRow,
    CompanyRow,
    OfficeRow,
    SectorRow,
)

BATCH = 500


def sync_reference(session: Session, catalog: Catalog, registry: Registry) -> dict[str, int]:
    """Upsert offices, sectors, links, companies and aliases; return the table counts."""
    _upsert(session, OfficeRow, _office_rows(catalog), ["id"])
    _upsert(session, SectorRow, _sector_rows(catalog), ["id"])
    _upsert(session, ChainLinkRow, _link_rows(catalog), ["id"])
    _upsert(session, CompanyRow, _company_rows(registry), ["id"])
    _upsert(session, CompanyAliasRow, _alias_rows(registry), ["company_id", "alias"])
    _drop_stale_aliases(session, registry)
    return reference_counts(session)


def reference_counts(session: Session) -> dict[str, int]:
    tables = (OfficeRow, SectorRow, ChainLinkRow, CompanyRow, CompanyAliasRow)
    return {
        t.__tablename__: session.scalar(select(func.count()).select_from(t)) or 0 for t in tables
    }


def _upsert(
    session: Session, model: type[Base], rows: Sequence[dict[str, Any]], keys: list[str]
) -> None:
    table = model.__table__
    assert isinstance(table, Table)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        statement = insert(table).values(list(chunk))
        updates = {c: statement.excluded[c] for c in chunk[0] if c not in keys}
        session.execute(statement.on_conflict_do_update(index_elements=keys, set_=updates))


def _drop_stale_aliases(session: Session, registry: Registry) -> None:
    wanted = {(c.id, a.text) for c in registry.companies.values() for a in c.aliases}
    stored = session.execute(select(CompanyAliasRow.company_id, CompanyAliasRow.alias)).all()
    stale = [tuple(row) for row in stored if tuple(row) not in wanted]
    for start in range(0, len(stale), BATCH):
        pairs = stale[start : start + BATCH]
        session.execute(
            delete(CompanyAliasRow).where(
                tuple_(CompanyAliasRow.company_id, CompanyAliasRow.alias).in_(pairs)
            )
        )


def _office_rows(catalog: Catalog) -> list[dict[str, Any]]:
    return [
        {"id": o.id, "name_zh": o.name_zh, "name_en": o.name_en, "kind": o.kind, "email": o.email}
        for o in catalog.offices
    ]


def _sector_rows(catalog: Catalog) -> list[dict[str, Any]]:
    return [
        {
            "id": s.id,
            "kind": s.kind,
            "name_zh": s.name_zh,
            "name_en": s.name_en,
            "department": s.department,
        }
        for s in catalog.sectors
    ]


def _link_rows(catalog: Catalog) -> list[dict[str, Any]]:
    return [
        {
            "id": s.link_id(link),
            "sector_id": s.id,
            "position": link.position,
            "name_zh": link.name_zh,
            "name_en": link.name_en,
            "status": link.status,
        }
        for s in catalog.sectors
        for link in s.links
    ]


def _company_rows(registry: Registry) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "name_zh": c.name_zh,
            "name_en": c.name_en,
            "lists": list(c.lists),
            "manufacturer": c.manufacturer,
            "industry": c.industry,
            "hq_country": c.hq_country,
            "hq_province": c.hq_province,
            "hq_city": c.hq_city,
            "parent_id": c.parent_id,
            "global500_rank": c.global500_rank,
        }
        for c in registry.companies.values()
    ]


def _alias_rows(registry: Registry) -> list[dict[str, Any]]:
    return [
        {
            "company_id": c.id,
            "alias": a.text,
            "lang": a.lang,
            "kind": a.kind,
            "needs_context": a.needs_context,
            "ambiguous": a.ambiguous,
        }
        for c in registry.companies.values()
        for a in c.aliases
    ]
