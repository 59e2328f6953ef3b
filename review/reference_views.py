"""How `leadradar catalog` and `leadradar companies` present the reference data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from catalog.model import Catalog
from catalog.registry import LIST_NAMES_ZH, Company, Registry
from review.render import write_table

KIND_ZH = {"main": "主导产业", "specialty": "特色产业"}


def catalog_json(catalog: Catalog) -> dict[str, Any]:
    """The whole catalog as JSON, each link with its catalog-wide id and relation."""
    data = catalog.model_dump(mode="json")
    for sector, sector_data in zip(catalog.sectors, data["sectors"], strict=True):
        for link, link_data in zip(sector.links, sector_data["links"], strict=True):
            link_data["id"] = sector.link_id(link)
            link_data["relation"] = link.relation
    data["summary"] = {
        "main_sectors": sum(s.kind == "main" for s in catalog.sectors),
        "specialty_sectors": sum(s.kind == "specialty" for s in catalog.sectors),
        "chain_links": sum(len(s.links) for s in catalog.sectors),
        "offices": len(catalog.offices),
        "parks": len(catalog.parks),
    }
    return data


def write_catalog_tables(catalog: Catalog, out: TextIO) -> None:
    county = catalog.county
    out.write(f"{county.name_zh} ({county.name_en}) — {county.province}{county.city}\n")
    write_table(
        (
            (
                s.id,
                KIND_ZH[s.kind],
                s.name_zh,
                s.department,
                s.lead_leader,
                "; ".join(f"{link.name_zh}[{link.relation}]" for link in s.links),
            )
            for s in catalog.sectors
        ),
        ["sector", "类别", "名称", "责任部门", "牵头领导", "产业链环节"],
        out,
        title="产业 Sectors",
    )
    write_table(
        ((o.id, o.name_zh, o.kind, o.run_by, _regions(o.regions)) for o in catalog.offices),
        ["office", "名称", "类型", "承办", "驻点区域"],
        out,
        title="招商机构 Offices",
    )
    write_table(
        ((p.id, p.name_zh, p.kind, p.office, ", ".join(p.sectors)) for p in catalog.parks),
        ["park", "名称", "类型", "office", "主导产业"],
        out,
        title="载体 Parks (两区四园)",
    )
    t = catalog.targets
    write_table(
        [
            ("引资总额", f"{t.annual.total_investment_cny / 1e8:g} 亿元"),
            ("千万元以上项目", str(t.annual.projects_10m)),
            ("其中亿元以上", str(t.annual.projects_100m)),
            ("合同外资", f"{t.annual.fdi_contracted_usd / 1e4:g} 万美元"),
            ("实际到账外资", f"{t.annual.fdi_used_usd / 1e4:g} 万美元"),
            ("重大项目门槛", f"{t.thresholds.big_project_cny / 1e4:g} 万元"),
            *((m.name_zh, f"{m.date} {_share(m.target_share)}") for m in t.milestones),
        ],
        ["目标 Target", f"{t.year}"],
        out,
        title="年度目标与节点 Targets",
    )


def company_record(company: Company) -> dict[str, Any]:
    return {
        "registry_id": company.id,
        "name_zh": company.name_zh,
        "name_en": company.name_en,
        "lists": list(company.lists),
        "manufacturer": company.manufacturer,
        "industry": company.industry,
        "hq_country": company.hq_country,
        "hq_province": company.hq_province,
        "hq_city": company.hq_city,
        "parent_id": company.parent_id,
        "global500_rank": company.global500_rank,
        "aliases": [a.text for a in company.aliases],
    }


def select_companies(
    registry: Registry, list_name: str | None, search: str | None
) -> Iterable[Company]:
    wanted_list = _list_id(list_name) if list_name else None
    needle = search.casefold() if search else None
    for company in registry.companies.values():
        if wanted_list and wanted_list not in company.lists:
            continue
        if needle and not any(needle in n.casefold() for n in _names(company)):
            continue
        yield company


def write_company_table(companies: Iterable[Company], out: TextIO) -> None:
    write_table(
        (
            (
                c.id,
                c.name_zh,
                c.name_en,
                " ".join(c.lists_zh),
                c.industry,
                f"{c.hq_province or c.hq_country}{c.hq_city or ''}",
            )
            for c in companies
        ),
        ["id", "名称", "name", "榜单", "行业", "总部"],
        out,
    )


def _list_id(name: str) -> str:
    for list_id, name_zh in LIST_NAMES_ZH.items():
        if name in (list_id, name_zh):
            return list_id
    raise ValueError(f"unknown list {name!r}; one of {', '.join(LIST_NAMES_ZH)}")


def _names(company: Company) -> list[str]:
    return [company.id, company.name_zh, company.name_en, *(a.text for a in company.aliases)]


def _regions(regions: Iterable[Any]) -> str:
    parts = []
    for r in regions:
        cities = "、".join(r.cities) if r.cities else "全境"
        parts.append(
            f"{r.province}({cities})"
            + (f" 除{'、'.join(r.except_cities)}" if r.except_cities else "")
        )
    return "; ".join(parts)


def _share(share: float | None) -> str:
    return f"完成全年目标 {share:.0%}" if share is not None else "新突破"
