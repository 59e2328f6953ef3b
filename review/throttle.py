"""Failed logins per client address: past a limit within a window, that address must wait.

The failures are kept in the database, so every server process (`serve --workers N`) and every
restart counts the same ones."""

from __future__ import annotations

import datetime as dt

from pipelines.db import Database
from pipelines.db.users import failures_since, note_failure


class ClientThrottle:
    """Counts failures per address in a sliding window of `window`."""

    def __init__(
        self, database: Database, limit: int = 20, window: dt.timedelta = dt.timedelta(minutes=10)
    ) -> None:
        self.database, self.limit, self.window = database, limit, window

    def blocked(self, client: str, now: dt.datetime) -> bool:
        with self.database.session() as session:
            return failures_since(session, client, now - self.window) >= self.limit

    def failed(self, client: str, now: dt.datetime) -> None:
        with self.database.session() as session:
            note_failure(session, client, now, forget_before=now - self.window)
