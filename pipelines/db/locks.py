"""One writer at a time for lead building: PostgreSQL advisory lock, SQLite's write lock."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

LEADS_LOCK = 7_420_001  # an arbitrary constant naming "building leads" among advisory locks


def take_write_lock(session: Session) -> None:
    """Block until this transaction is the only one building leads; released at commit/rollback.

    Two `process` runs then never race on the same project: the second sees the first's leads.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LEADS_LOCK})
    else:  # any write statement takes SQLite's RESERVED lock for the rest of the transaction
        session.execute(text("UPDATE story_clusters SET size = size WHERE 1 = 0"))
