"""Set a database up: migrate the schema and load the catalog and the registry into it."""

from __future__ import annotations

from dataclasses import dataclass

from catalog.load import load_catalog
from catalog.model import Catalog
from catalog.registry import Registry, load_registry
from pipelines.db import Database, open_database
from pipelines.db.schema import current_revision
from pipelines.db.sync import sync_reference
from pipelines.settings import Settings


@dataclass(frozen=True)
class Reference:
    """The active catalog and registry, validated."""

    catalog: Catalog
    registry: Registry


def load_reference(settings: Settings) -> Reference:
    """Read and validate both; raises CatalogError before anything touches the database."""
    return Reference(
        catalog=load_catalog(settings.catalog_dir), registry=load_registry(settings.registry_dir)
    )


def initialise(settings: Settings) -> tuple[Database, dict[str, int | str | None]]:
    """Validate the inputs, then migrate and load them in one transaction (idempotent)."""
    reference = load_reference(settings)
    database = open_database(settings.database_url)
    with database.session() as session:
        counts: dict[str, int | str | None] = dict(
            sync_reference(session, reference.catalog, reference.registry)
        )
    counts["schema"] = current_revision(database.engine)
    return database, counts
