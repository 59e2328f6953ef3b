"""Alembic environment: runs on the connection handed over by pipelines.db.schema.upgrade()."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from pipelines.db.models import Base


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


_connection = context.config.attributes.get("connection")
if _connection is None:
    raise RuntimeError("run migrations through `leadradar init`, not the alembic command")
run(_connection)
