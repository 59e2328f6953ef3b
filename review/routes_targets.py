"""The targets page: annual targets, festival milestones, the three rates and offices, with charts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from catalog.model import Targets
from pipelines.assessment import KpiReport, kpi_report
from pipelines.db.kpi_queries import project_records
from pipelines.kpi import ProjectRecord, expected_share
from review import charts
from review.formatting import COUNTY_TIME, amount, count
from review.site import Viewer, allowed, render, site_of

router = APIRouter()
MONEY = {"total_investment_cny": "CNY", "fdi_contracted_usd": "USD", "fdi_used_usd": "USD"}


def shown(key: str, value: float) -> str:
    """A target's value as people say it: money in 万/亿, projects as a count."""
    return amount(value, MONEY[key]) if key in MONEY else f"{count(value)} 个"


def cumulative_shares(
    records: Sequence[ProjectRecord], targets: Targets, today: dt.date
) -> list[tuple[dt.date, float]]:
    """Share of the annual total signed by each signing day of the target year, up to today."""
    total, reached, points = targets.annual.total_investment_cny, 0.0, []
    for record in sorted(records, key=lambda r: r.signed_at):
        if record.signed_at.year == targets.year and record.signed_at <= today:
            reached += record.contract_amount_cny or 0.0
            points.append((record.signed_at, reached / total))
    return points


def expected_line(targets: Targets) -> list[tuple[dt.date, float]]:
    days = [dt.date(targets.year, 1, 1), *(m.date for m in targets.milestones if m.target_share is not None),
            dt.date(targets.year, 12, 31)]  # fmt: skip
    return [(day, expected_share(targets, day)) for day in sorted(days)]


def _charts(report: KpiReport, records: Sequence[ProjectRecord], targets: Targets, today: dt.date,
            office_names: dict[str, str]) -> dict[str, Any]:  # fmt: skip
    expected = report.schedule.expected_share
    marks = [charts.Mark(m.date, re.sub(r"[“”\"]", "", m.name_zh), m.target_share)
             for m in targets.milestones]  # fmt: skip
    rows = [
        charts.BarRow(office_names.get(o.office_id, o.office_id), o.share,
                      f"{amount(o.signed_cny)} / {amount(o.quota_cny)}")
        for o in report.schedule.offices
    ]  # fmt: skip
    targets_bars: dict[str, Markup] = {
        t.key: charts.bar(t.share, expected, f"{shown(t.key, t.value)} / {shown(t.key, t.target)}")
        for t in report.progress.targets
    }
    return {
        "year_chart": charts.year_chart(targets.year, cumulative_shares(records, targets, today),
                                        expected_line(targets), marks, today),
        "office_chart": charts.bar_chart(rows, expected), "target_bars": targets_bars,
    }  # fmt: skip


@router.get("/targets", response_class=HTMLResponse)
def targets_page(
    request: Request, viewer: Annotated[Viewer, Depends(allowed("read"))]
) -> HTMLResponse:
    site = site_of(request)
    targets, today = site.catalog.targets, site.clock().astimezone(COUNTY_TIME).date()
    with site.database.session() as session:
        records = project_records(session, targets.year)
    offices = [o.id for o in site.catalog.offices]
    report = kpi_report(records, targets, offices, today)
    names = {o.id: o.name_zh for o in site.catalog.offices}
    context = {
        "report": report, "targets": targets, "today": today, "shown": shown,
        "rate_bar": charts.bar, "projects": len(records),
        **_charts(report, records, targets, today, names),
    }  # fmt: skip
    return render(request, "targets.html", context, viewer)
