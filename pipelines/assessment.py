"""Assessment (考核督查): the three rates of signed projects, offices behind schedule, the KPI report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from catalog.model import Targets
from pipelines.kpi import (
    AnnualProgress,
    Jsonable,
    MilestoneStatus,
    ProjectRecord,
    annual_progress,
    expected_share,
    milestone_statuses,
    share,
    signed_in,
    total_investment_cny,
)


@dataclass(frozen=True)
class LifecycleRates(Jsonable):
    """注册资金到位率, 开工落地率 and 投产达产率 of one office (or the county, office_id None).

    capital_rate = capital in place ÷ registered capital, over signed projects whose registered
    capital is known; each project counts at most its own registered capital, so capital beyond
    it cannot make up for another project's shortfall and the rate never exceeds 1.0.
    construction_rate = started ÷ signed; production_rate = in production ÷ started.
    A rate is None when its denominator is zero.
    """

    office_id: str | None
    signed: int
    registered_capital_cny: float
    capital_in_place_cny: float
    started: int
    in_production: int
    capital_rate: float | None
    construction_rate: float | None
    production_rate: float | None


def lifecycle_rates(
    projects: Sequence[ProjectRecord], day: dt.date, office_id: str | None = None
) -> LifecycleRates:
    """The three rates of `projects` (already chosen: signed, of one office or all), on `day`."""
    known = [p for p in projects if p.registered_capital_cny]
    registered = sum(p.registered_capital_cny or 0.0 for p in known)
    in_place = sum(
        min(p.capital_in_place_cny or 0.0, p.registered_capital_cny or 0.0) for p in known
    )
    started = sum(1 for p in projects if p.started_by(day))
    producing = sum(1 for p in projects if p.producing_by(day))
    return LifecycleRates(
        office_id, len(projects), registered, in_place, started, producing,
        share(in_place, registered), share(started, len(projects)), share(producing, started),
    )  # fmt: skip


@dataclass(frozen=True)
class RatesReport(Jsonable):
    county: LifecycleRates
    offices: tuple[LifecycleRates, ...]


def assessment_rates(
    records: Iterable[ProjectRecord], targets: Targets, as_of: dt.date
) -> RatesReport:
    """The rates of the projects signed in the target year by `as_of`: county, then per office."""
    projects = signed_in(records, targets.year, as_of)
    offices = sorted({p.office_id for p in projects})
    return RatesReport(
        lifecycle_rates(projects, as_of),
        tuple(
            lifecycle_rates([p for p in projects if p.office_id == o], as_of, o) for o in offices
        ),
    )


@dataclass(frozen=True)
class OfficeSchedule(Jsonable):
    """An office's signed investment against its part of the annual total."""

    office_id: str
    signed_cny: float
    quota_cny: float
    share: float | None
    behind: bool


@dataclass(frozen=True)
class ScheduleCheck(Jsonable):
    as_of: dt.date
    expected_share: float
    offices: tuple[OfficeSchedule, ...]

    @property
    def behind(self) -> tuple[str, ...]:
        return tuple(o.office_id for o in self.offices if o.behind)

    def as_json(self) -> dict[str, object]:
        return {**super().as_json(), "behind": list(self.behind)}


def offices_behind_schedule(
    records: Iterable[ProjectRecord],
    targets: Targets,
    office_ids: Sequence[str],
    as_of: dt.date,
    quotas: Mapping[str, float] | None = None,
) -> ScheduleCheck:
    """Which offices are behind the festival schedule on `as_of`.

    The rule: an office's own share is the investment it signed in the target year by `as_of`
    (contract amounts of the projects attributed to it) ÷ its quota. Its quota is `quotas[id]`
    when quotas are given (an office left out has no quota) and otherwise an equal part of the
    annual 招商引资总额. The office is behind when it has a quota and its share is below the
    county's expected share on that day (`expected_share`: the straight line through the
    milestones). Offices with no signed project are included at 0, so they are behind as soon
    as anything is expected. Offices come back least advanced first.
    """
    projects = signed_in(records, targets.year, as_of)
    expected = expected_share(targets, as_of)
    equal_part = targets.annual.total_investment_cny / max(len(office_ids), 1)
    rows = []
    for office_id in office_ids:
        own = [p for p in projects if p.office_id == office_id]
        signed = total_investment_cny(own, targets.thresholds)
        quota = quotas.get(office_id, 0.0) if quotas is not None else equal_part
        reached = share(signed, quota)
        behind = reached is not None and reached < expected
        rows.append(OfficeSchedule(office_id, signed, quota, reached, behind))
    rows.sort(key=lambda o: (o.share is None, o.share or 0.0, o.office_id))
    return ScheduleCheck(as_of, expected, tuple(rows))


@dataclass(frozen=True)
class KpiReport(Jsonable):
    """The county leaders' picture on one day."""

    progress: AnnualProgress
    milestones: tuple[MilestoneStatus, ...]
    rates: RatesReport
    schedule: ScheduleCheck


def kpi_report(
    records: Iterable[ProjectRecord],
    targets: Targets,
    office_ids: Sequence[str],
    as_of: dt.date,
    quotas: Mapping[str, float] | None = None,
) -> KpiReport:
    """Progress, milestones, rates and offices behind schedule, from one list of records."""
    projects = list(records)
    return KpiReport(
        annual_progress(projects, targets, as_of),
        milestone_statuses(projects, targets, as_of),
        assessment_rates(projects, targets, as_of),
        offices_behind_schedule(projects, targets, office_ids, as_of, quotas),
    )
