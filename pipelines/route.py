"""Routing: which offices get which task for a new lead, from the catalog's routing rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from catalog.model import Catalog, Region
from catalog.registry import Company

MAINLAND_EXCLUDED = ("香港特别行政区", "澳门特别行政区", "台湾省")


@dataclass(frozen=True)
class RoutedTask:
    """A task to create: an office, a kind, a due date and why it goes there."""

    office_id: str
    kind: str
    due_days: int
    reason: str
    leader_region: str | None = None

    def due_at(self, created: dt.datetime) -> dt.datetime:
        return created + dt.timedelta(days=self.due_days)


@dataclass(frozen=True)
class RouteInput:
    sector_id: str | None
    investor: Company | None
    origin_province: str | None
    origin_city: str | None
    capex_cny: float | None


def route(lead: RouteInput, catalog: Catalog) -> list[RoutedTask]:
    """Rules 1-5 of routing.yml, in order; an office appears once per kind."""
    rules, days = catalog.routing, catalog.targets.deadlines
    due = {kind: getattr(days, deadline) for kind, deadline in rules.tasks.items()}
    tasks = [RoutedTask(rules.register_office, "register", due["register"], "县招商局登记台账")]
    sector = next((s for s in catalog.sectors if s.id == lead.sector_id), None)
    assess_office = sector.department if sector else rules.fallback_assess_office
    why = f"{sector.name_zh}产业责任部门评估" if sector else "未匹配产业，由县招商局评估"
    tasks.append(RoutedTask(assess_office, "assess", due["assess"], why))
    province, city, whence = _where_from(lead)
    for office in catalog.offices:
        if office.kind == "stationed" and _covers(office.regions, province, city):
            tasks.append(
                RoutedTask(
                    office.id,
                    "contact",
                    due["contact"],
                    f"{whence}在{city or province}，由{office.name_zh}对接",
                )
            )
            break
    if lead.investor and _abroad(lead.investor):
        tasks.append(
            RoutedTask(
                rules.overseas_office,
                "overseas",
                due["overseas"],
                f"境外投资方（{lead.investor.hq_country}）",
            )
        )
    if lead.capex_cny is not None and lead.capex_cny >= rules.leader_threshold_cny:
        region = next(
            (r for r in catalog.leader_regions if _covers(r.regions, province, city)), None
        )
        if region:
            tasks.append(RoutedTask(rules.register_office, "leader", due["leader"],
                                    f"亿元以上项目，{region.leader}挂钩跟进", region.id))  # fmt: skip
    return tasks


def _where_from(lead: RouteInput) -> tuple[str | None, str | None, str]:
    if lead.origin_province:
        return lead.origin_province, lead.origin_city, "项目迁出地"
    if lead.investor and lead.investor.hq_country == "中国":
        return lead.investor.hq_province, lead.investor.hq_city, "投资方总部"
    return None, None, ""


def _covers(regions: list[Region], province: str | None, city: str | None) -> bool:
    return province is not None and any(r.covers(province, city) for r in regions)


def _abroad(company: Company) -> bool:
    return company.hq_country != "中国" or (company.hq_province or "") in MAINLAND_EXCLUDED
