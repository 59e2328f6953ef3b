"""ISO weeks in county time: `2026-W48` and the Monday-to-Monday window it names."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipelines.db.kpi_queries import COUNTY_TIMEZONE

_LABEL = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, order=True)
class IsoWeek:
    """One ISO week (Monday to Sunday) of the county's calendar."""

    year: int
    week: int

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """`2026-W48` → IsoWeek(2026, 48); ValueError for anything else or a week that is not."""
        found = _LABEL.match(text.strip())
        if not found:
            raise ValueError(f"{text!r} is not a week like 2026-W48")
        year, week = int(found[1]), int(found[2])
        try:
            dt.date.fromisocalendar(year, week, 1)
        except ValueError:
            raise ValueError(f"{text!r}: {year} has no week {week}") from None
        return cls(year, week)

    @classmethod
    def of(cls, moment: dt.datetime) -> IsoWeek:
        """The week that `moment` (an aware time) falls in, in county time."""
        year, week, _ = moment.astimezone(COUNTY_TIMEZONE).isocalendar()
        return cls(year, week)

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def start(self) -> dt.datetime:
        """Monday 00:00 county time, as an aware time."""
        return dt.datetime.combine(self.monday, dt.time(), COUNTY_TIMEZONE)

    @property
    def end(self) -> dt.datetime:
        """The next Monday 00:00 county time (the window is start ≤ t < end)."""
        return self.start + dt.timedelta(days=7)

    def previous(self) -> IsoWeek:
        return IsoWeek.of(self.start - dt.timedelta(days=1))

    def __str__(self) -> str:
        return self.label


def last_complete_week(now: dt.datetime) -> IsoWeek:
    """The week before the one `now` is in: what Monday's digest reports."""
    return IsoWeek.of(now).previous()
