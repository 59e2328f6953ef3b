"""Load a county catalog folder; every problem is a CatalogError naming file, line and field."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from catalog.errors import CatalogError
from catalog.model import (
    Catalog,
    County,
    OfficesFile,
    ParksFile,
    Routing,
    SectorsFile,
    Targets,
    Weights,
)
from catalog.registry import INDUSTRIES
from catalog.yamlfile import Loc, YamlDoc, read_yaml

M = TypeVar("M", bound=BaseModel)

FILES = (
    "county.yml", "sectors.yml", "offices.yml", "parks.yml", "targets.yml", "weights.yml",
    "routing.yml",
)  # fmt: skip


def load_catalog(folder: Path) -> Catalog:
    """Read and validate `folder`; cross-references between files are checked too."""
    if not folder.is_dir():
        raise CatalogError(folder, None, None, "catalog folder not found")
    docs = {name: read_yaml(folder / name) for name in FILES}
    county_doc = docs["county.yml"]
    county = _validate(county_doc, County, ("county",))
    sectors = _validate(docs["sectors.yml"], SectorsFile, ())
    offices = _validate(docs["offices.yml"], OfficesFile, ())
    parks = _validate(docs["parks.yml"], ParksFile, ())
    targets = _validate(docs["targets.yml"], Targets, ())
    weights = _validate(docs["weights.yml"], Weights, ())
    routing = _validate(docs["routing.yml"], Routing, ())
    _check_references(docs, sectors, offices, parks)
    _check_scoring(docs, weights, routing, {o.id for o in offices.offices}, sectors)
    return Catalog(
        county=county,
        sectors=sectors.sectors,
        offices=offices.offices,
        leader_regions=offices.leader_regions,
        parks=parks.parks,
        targets=targets,
        weights=weights,
        routing=routing,
    )


def _validate(doc: YamlDoc, model: type[M], root: Loc) -> M:
    data = doc.data
    for key in root:
        if not isinstance(data, dict) or key not in data:
            raise doc.error(root[: root.index(key)], f"missing required key {key!r}")
        data = data[key]
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = first_error(exc)
        loc: Loc = (*root, *first["loc"])
        raise doc.error(loc, _problem(first["type"], first["msg"])) from None


def first_error(exc: ValidationError) -> Any:
    """The most telling error: a misspelt key is reported as unknown, not as a missing one."""
    errors = exc.errors()
    return next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])


def _problem(kind: str, message: str) -> str:
    if kind == "missing":
        return "missing required key"
    if kind == "extra_forbidden":
        return "unknown key"
    return message


def _check_references(
    docs: dict[str, YamlDoc], sectors: SectorsFile, offices: OfficesFile, parks: ParksFile
) -> None:
    sector_ids = _unique(docs["sectors.yml"], "sectors", (s.id for s in sectors.sectors))
    office_ids = _unique(docs["offices.yml"], "offices", (o.id for o in offices.offices))
    _unique(docs["parks.yml"], "parks", (p.id for p in parks.parks))
    _unique(docs["offices.yml"], "leader_regions", (r.id for r in offices.leader_regions))
    sdoc, odoc, pdoc = docs["sectors.yml"], docs["offices.yml"], docs["parks.yml"]
    for i, sector in enumerate(sectors.sectors):
        _unique(sdoc, ("sectors", i, "links"), (link.id for link in sector.links))
        if sector.department not in office_ids:
            raise sdoc.error(
                ("sectors", i, "department"), f"unknown office id {sector.department!r}"
            )
    for i, office in enumerate(offices.offices):
        for j, sector_id in enumerate(office.sectors):
            if sector_id not in sector_ids:
                raise odoc.error(("offices", i, "sectors", j), f"unknown sector id {sector_id!r}")
    for i, park in enumerate(parks.parks):
        if park.office not in office_ids:
            raise pdoc.error(("parks", i, "office"), f"unknown office id {park.office!r}")
        for j, sector_id in enumerate(park.sectors):
            if sector_id not in sector_ids:
                raise pdoc.error(("parks", i, "sectors", j), f"unknown sector id {sector_id!r}")


def _unique(doc: YamlDoc, where: str | Loc, ids: Iterable[str]) -> set[str]:
    base: Loc = (where,) if isinstance(where, str) else where
    seen: set[str] = set()
    for i, item_id in enumerate(ids):
        if item_id in seen:
            raise doc.error((*base, i, "id"), f"duplicate id {item_id!r}")
        seen.add(item_id)
    return seen


FEATURES = (
    "company_tier", "event_type", "stage", "amount_band", "sector_fit", "chain_gap",
    "actionability", "recency", "novelty",
)  # fmt: skip


def _check_scoring(
    docs: dict[str, YamlDoc], weights: Weights, routing: Routing, office_ids: set[str],
    sectors: SectorsFile,
) -> None:  # fmt: skip
    wdoc, rdoc, sdoc = docs["weights.yml"], docs["routing.yml"], docs["sectors.yml"]
    for name in weights.weights:
        if name not in FEATURES:
            raise wdoc.error(
                ("weights", name), f"unknown feature {name!r}; one of {', '.join(FEATURES)}"
            )
    if "CNY" not in weights.cny_per_unit:
        raise wdoc.error(("cny_per_unit",), "must give CNY")
    for key in ("register_office", "overseas_office", "fallback_assess_office"):
        if getattr(routing, key) not in office_ids:
            raise rdoc.error((key,), f"unknown office id {getattr(routing, key)!r}")
    for i, sector in enumerate(sectors.sectors):
        for j, industry in enumerate(sector.industries):
            if industry not in INDUSTRIES:
                raise sdoc.error(("sectors", i, "industries", j), f"unknown industry {industry!r}")
