"""KPIs from lifecycle records: the project record, annual progress and the festival milestones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from catalog.model import Milestone, Targets, Thresholds


class Jsonable:
    """Mixin of the result dataclasses: `as_json()` gives plain JSON types (dates as ISO text)."""

    def as_json(self) -> dict[str, object]:
        return {name: _plain(value) for name, value in vars(self).items()}


def _plain(value: object) -> object:
    if isinstance(value, Jsonable):
        return value.as_json()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


@dataclass(frozen=True)
class ProjectRecord(Jsonable):
    """A signed project (one lead) as its lifecycle recorded it; dates are county-local days.

    Amounts are the latest recorded totals; `None` means not recorded.
    """

    lead_id: int
    office_id: str
    signed_at: dt.date
    contract_amount_cny: float | None = None
    registered_capital_cny: float | None = None
    capital_in_place_cny: float | None = None
    fdi_contracted_usd: float | None = None
    fdi_used_usd: float | None = None
    construction_at: dt.date | None = None
    production_at: dt.date | None = None
    is_foreign: bool = False

    def started_by(self, day: dt.date) -> bool:
        """开工 by `day` (a project in production has started, whatever was recorded)."""
        return any(d is not None and d <= day for d in (self.construction_at, self.production_at))

    def producing_by(self, day: dt.date) -> bool:
        return self.production_at is not None and self.production_at <= day


def signed_in(records: Iterable[ProjectRecord], year: int, day: dt.date) -> list[ProjectRecord]:
    """Projects signed in `year`, up to and including `day`."""
    return [r for r in records if r.signed_at.year == year and r.signed_at <= day]


def share(value: float, whole: float) -> float | None:
    """value ÷ whole, or None when there is nothing to divide by."""
    return value / whole if whole > 0 else None


# -- annual targets -------------------------------------------------------------------------------


def _amount(value: float | None) -> float:
    return value or 0.0


def total_investment_cny(projects: Sequence[ProjectRecord], limits: Thresholds) -> float:
    """招商引资总额: contract amounts of the projects signed."""
    return sum(_amount(p.contract_amount_cny) for p in projects)


def projects_10m(projects: Sequence[ProjectRecord], limits: Thresholds) -> float:
    """1000万元以上项目: signed projects whose contract amount reaches project_min_cny."""
    return sum(1 for p in projects if _amount(p.contract_amount_cny) >= limits.project_min_cny)


def projects_100m(projects: Sequence[ProjectRecord], limits: Thresholds) -> float:
    """亿元以上项目: signed projects whose contract amount reaches major_project_cny."""
    return sum(1 for p in projects if _amount(p.contract_amount_cny) >= limits.major_project_cny)


def fdi_contracted_usd(projects: Sequence[ProjectRecord], limits: Thresholds) -> float:
    """合同利用外资 (USD) of the projects signed."""
    return sum(_amount(p.fdi_contracted_usd) for p in projects)


def fdi_used_usd(projects: Sequence[ProjectRecord], limits: Thresholds) -> float:
    """实际利用外资 (USD) of the projects signed (amounts carry no date: counted on signing)."""
    return sum(_amount(p.fdi_used_usd) for p in projects)


Measure = Callable[[Sequence[ProjectRecord], Thresholds], float]
# Each measure is named after its field of AnnualTargets; its docstring says what it counts.
MEASURES: tuple[tuple[str, Measure], ...] = (
    ("total_investment_cny", total_investment_cny),
    ("projects_10m", projects_10m),
    ("projects_100m", projects_100m),
    ("fdi_contracted_usd", fdi_contracted_usd),
    ("fdi_used_usd", fdi_used_usd),
)


@dataclass(frozen=True)
class TargetProgress(Jsonable):
    """One annual target: the value reached, the target and their share (None if no target)."""

    key: str
    explanation: str
    value: float
    target: float
    share: float | None


@dataclass(frozen=True)
class AnnualProgress(Jsonable):
    year: int
    as_of: dt.date
    targets: tuple[TargetProgress, ...]

    def target(self, key: str) -> TargetProgress:
        return next(t for t in self.targets if t.key == key)


def annual_progress(
    records: Iterable[ProjectRecord], targets: Targets, as_of: dt.date
) -> AnnualProgress:
    """Progress against every annual target of targets.yml, from projects signed by `as_of`."""
    projects = signed_in(records, targets.year, as_of)
    items = []
    for key, measure in MEASURES:
        value, target = measure(projects, targets.thresholds), getattr(targets.annual, key)
        doc = (measure.__doc__ or key).strip()
        items.append(TargetProgress(key, doc, value, target, share(value, target)))
    return AnnualProgress(targets.year, as_of, tuple(items))


# -- festival milestones --------------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneStatus(Jsonable):
    """A milestone against 招商引资总额: met, missed, pending (date ahead) or reported (no share).

    `share` is the share of the annual total reached by the milestone date (by `as_of` while
    pending); it is None for a milestone without a target share.
    """

    id: str
    name_zh: str
    date: dt.date
    target_share: float | None
    value_cny: float
    share: float | None
    status: str


def milestone_status(
    records: Sequence[ProjectRecord], targets: Targets, milestone: Milestone, as_of: dt.date
) -> MilestoneStatus:
    """Where the county stood on the milestone date (or stands today, if the date is ahead)."""
    day = min(milestone.date, as_of)
    total = targets.annual.total_investment_cny
    value = total_investment_cny(signed_in(records, targets.year, day), targets.thresholds)
    wanted = milestone.target_share
    if milestone.date > as_of:
        status = "pending"
    elif wanted is None:
        status = "reported"
    else:  # compare amounts, not quotients, so that exactly 50% is met
        status = "met" if value >= wanted * total else "missed"
    reached = share(value, total) if wanted is not None else None
    return MilestoneStatus(
        milestone.id, milestone.name_zh, milestone.date, wanted, value, reached, status
    )


def milestone_statuses(
    records: Iterable[ProjectRecord], targets: Targets, as_of: dt.date
) -> tuple[MilestoneStatus, ...]:
    """Every milestone of targets.yml, in date order."""
    projects = list(records)
    ordered = sorted(targets.milestones, key=lambda m: m.date)
    return tuple(milestone_status(projects, targets, m, as_of) for m in ordered)


def expected_share(targets: Targets, day: dt.date) -> float:
    """The share of the annual total the milestones expect by `day`.

    A straight line from 0 on 1 January through each milestone that has a target share (50% on
    the 烟花三月 festival, 100% on the 荷藕节), then flat at the last share. A step function
    would expect nothing until the first festival and then jump, so it could not warn early.
    """
    start = dt.date(targets.year, 1, 1)
    milestones = [m for m in targets.milestones if m.target_share is not None]
    shares = sorted((m.date, m.target_share or 0.0) for m in milestones)
    points = [(start, 0.0), *shares]
    if day <= start:
        return 0.0
    for (d0, s0), (d1, s1) in pairwise(points):
        if day <= d1:
            return s0 + (s1 - s0) * (day - d0).days / (d1 - d0).days
    return points[-1][1]
