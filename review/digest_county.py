"""What the leaders' weekly summary says: big new leads, targets, milestones, rates, offices, sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from catalog.model import Catalog
from pipelines.assessment import KpiReport, LifecycleRates, kpi_report
from pipelines.db.digests import week_leads
from pipelines.db.kpi_queries import COUNTY_TIMEZONE, project_records
from pipelines.db.sources import source_health
from review.cmd_crawl import MAX_ERROR_RATE, SILENT_DAYS
from review.digest_content import DigestLead, amount_zh, digest_lead
from review.weeks import IsoWeek

LEADERS = "leaders"  # the audience of the county summary in the send ledger
MAX_BIG_LEADS = 10
TARGET_NAMES = {  # key: (Chinese, English for a chart without a CJK font, unit)
    "total_investment_cny": ("招商引资总额", "Total investment", "CNY"),
    "projects_10m": ("千万元以上项目", "Projects ≥ 10M", "个"),
    "projects_100m": ("亿元以上项目", "Projects ≥ 100M", "个"),
    "fdi_contracted_usd": ("合同利用外资", "FDI contracted", "USD"),
    "fdi_used_usd": ("实际利用外资", "FDI used", "USD"),
}
MILESTONE_STATUS_ZH = {
    "met": "已完成",
    "missed": "未完成",
    "pending": "未到期",
    "reported": "无比例要求",
}


@dataclass(frozen=True)
class TargetLine:
    key: str
    name: str
    name_en: str
    value: str
    target: str
    share: float | None


@dataclass(frozen=True)
class MilestoneLine:
    name: str
    date: str
    target_share: float | None
    share: float | None
    status: str


@dataclass(frozen=True)
class RateLine:
    name: str
    rate: float | None
    detail: str


@dataclass(frozen=True)
class OfficeLine:
    name: str
    signed: str
    quota: str
    share: float | None


@dataclass(frozen=True)
class SourceLine:
    key: str
    name: str
    problem: str


@dataclass(frozen=True)
class CountySummary:
    """The leaders' picture of one week."""

    week: IsoWeek
    county_name: str
    recipients: tuple[str, ...]
    as_of: str
    new_leads: int
    big_leads: tuple[DigestLead, ...]
    big_threshold: str
    expected_share: float
    targets: tuple[TargetLine, ...]
    milestones: tuple[MilestoneLine, ...]
    rates: tuple[RateLine, ...]
    behind: tuple[OfficeLine, ...]
    sources_healthy: int
    source_problems: tuple[SourceLine, ...]
    audience: str = LEADERS


def county_summary(
    session: Session, catalog: Catalog, recipients: tuple[str, ...], week: IsoWeek,
    now: dt.datetime, review_url: str,
) -> CountySummary:  # fmt: skip
    """The week's big leads, and the KPIs as of its Sunday (or today, while the week runs)."""
    as_of = min(week.sunday, now.astimezone(COUNTY_TIMEZONE).date())
    limits = catalog.targets.thresholds
    leads = [digest_lead(r, catalog, review_url) for r in week_leads(session, week.start, week.end)]
    big = [d for d in leads if (d.capex_cny or 0) >= limits.big_project_cny][:MAX_BIG_LEADS]
    report = kpi_report(project_records(session, catalog.targets.year), catalog.targets,
                        [o.id for o in catalog.offices], as_of)  # fmt: skip
    health = [h for h in source_health(session, now, SILENT_DAYS, MAX_ERROR_RATE) if h.enabled]
    return CountySummary(
        week, catalog.county.name_zh, recipients, as_of.isoformat(), len(leads), tuple(big),
        amount_zh(limits.big_project_cny, "CNY") or "", report.schedule.expected_share,
        _targets(report), _milestones(report), _rates(report.rates.county),
        _behind(report, catalog), sum(1 for h in health if h.healthy),
        tuple(SourceLine(h.key, h.name, h.problem) for h in health if not h.healthy),
    )  # fmt: skip


def _quantity(value: float, unit: str) -> str:
    return f"{value:g} 个" if unit == "个" else amount_zh(value, unit) or "0"


def _targets(report: KpiReport) -> tuple[TargetLine, ...]:
    lines = []
    for target in report.progress.targets:
        name, name_en, unit = TARGET_NAMES.get(target.key, (target.key, target.key, "个"))
        lines.append(TargetLine(target.key, name, name_en, _quantity(target.value, unit),
                                _quantity(target.target, unit), target.share))  # fmt: skip
    return tuple(lines)


def _milestones(report: KpiReport) -> tuple[MilestoneLine, ...]:
    return tuple(
        MilestoneLine(
            m.name_zh,
            m.date.isoformat(),
            m.target_share,
            m.share,
            MILESTONE_STATUS_ZH.get(m.status, m.status),
        )
        for m in report.milestones
    )


def _rates(county: LifecycleRates) -> tuple[RateLine, ...]:
    return (
        RateLine("注册资金到位率", county.capital_rate,
                 f"到位 {amount_zh(county.capital_in_place_cny, 'CNY')} / "
                 f"注册 {amount_zh(county.registered_capital_cny, 'CNY')}"),
        RateLine("开工落地率", county.construction_rate,
                 f"开工 {county.started} / 签约 {county.signed} 个"),
        RateLine("投产达产率", county.production_rate,
                 f"投产 {county.in_production} / 开工 {county.started} 个"),
    )  # fmt: skip


def _behind(report: KpiReport, catalog: Catalog) -> tuple[OfficeLine, ...]:
    names = {o.id: o.name_zh for o in catalog.offices}
    return tuple(
        OfficeLine(
            names.get(o.office_id, o.office_id),
            amount_zh(o.signed_cny, "CNY") or "0",
            amount_zh(o.quota_cny, "CNY") or "0",
            o.share,
        )
        for o in report.schedule.offices
        if o.behind
    )
