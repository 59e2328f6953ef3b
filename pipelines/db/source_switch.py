"""Named queries behind the admin's source switch: turn a stored source on or off."""

from __future__ import annotations

from sqlalchemy.orm import Session

from pipelines.db.models import Source


def set_source_enabled(session: Session, key: str, enabled: bool) -> bool | None:
    """Switch the source; returns its previous state, or None when there is no such source."""
    source = session.get(Source, key)
    if source is None:
        return None
    before = source.enabled
    source.enabled = enabled
    return before
