"""Named queries behind the admin's source switch: turn a source on or off, and read the switches.

The sources file sets `enabled` and `sync_sources` copies it on every crawl; an admin's switch
on the review page is kept in the audit log too, so it outlives that copy: `admin_switches`
gives the latest decision per source for the crawl to honour.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipelines.db.models import AuditEntry, Source

SWITCH_ACTIONS = {"source.enable": True, "source.disable": False}


def set_source_enabled(session: Session, key: str, enabled: bool) -> bool | None:
    """Switch the source; returns its previous state, or None when there is no such source."""
    source = session.get(Source, key)
    if source is None:
        return None
    before = source.enabled
    source.enabled = enabled
    return before


def admin_switches(session: Session) -> dict[str, bool]:
    """Source key -> the admin's latest on/off decision (sources never switched are absent)."""
    query = (
        select(AuditEntry.object_id, AuditEntry.action)
        .where(AuditEntry.object_type == "source", AuditEntry.action.in_(SWITCH_ACTIONS))
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    return {key: SWITCH_ACTIONS[action] for key, action in session.execute(query)}
