"""Typed models of a county catalog (sectors, chain links, offices, parks, targets)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", min_length=1, max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Words = Annotated[list[Text], Field(min_length=1)]
Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, max_length=200, pattern=r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+$"
    ),
]

RELATION_BY_STATUS = {"present": "强链", "gap": "补链", "extension": "延链"}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChainLink(Strict):
    """One link of a sector's industry chain and the county's position in it."""

    id: Id
    position: Literal["upstream", "midstream", "downstream"]
    name_zh: Text
    name_en: Text
    status: Literal["present", "gap", "extension"]
    products_zh: Words
    products_en: Words
    keywords_zh: Words
    keywords_en: Words

    @property
    def relation(self) -> str:
        """强链 (present), 补链 (gap) or 延链 (extension)."""
        return RELATION_BY_STATUS[self.status]


class Sector(Strict):
    """A county industry: one lead leader, one department, one team, one guide."""

    id: Id
    kind: Literal["main", "specialty"]
    name_zh: Text
    name_en: Text
    lead_leader: Text
    department: Id
    team: Words
    guide_zh: Text
    guide_en: Text
    keywords_zh: Words
    keywords_en: Words
    industries: list[Id] = []
    links: Annotated[list[ChainLink], Field(min_length=1)]

    def link_id(self, link: ChainLink) -> str:
        """The catalog-wide id of a link, e.g. new_energy.battery_cells."""
        return f"{self.id}.{link.id}"


class Region(Strict):
    """A province, optionally narrowed to cities or with cities left out."""

    province: Text
    cities: list[Text] = []
    except_cities: list[Text] = []

    def covers(self, province: str | None, city: str | None) -> bool:
        if province != self.province:
            return False
        if city and city in self.except_cities:
            return False
        return not self.cities or (city is not None and city in self.cities)


class Office(Strict):
    """An office that receives tasks: a bureau, a park, a specialised or a stationed office."""

    id: Id
    name_zh: Text
    name_en: Text
    kind: Literal["county_bureau", "zone", "overseas", "park", "specialised", "stationed"]
    run_by: Text
    sectors: list[Id] = []
    regions: list[Region] = []
    email: Email | None = None  # where its weekly digest goes (LEADRADAR_OFFICE_EMAILS otherwise)


class LeaderRegion(Strict):
    """A region a county leader is stationed for."""

    id: Id
    name_zh: Text
    leader: Text
    regions: Annotated[list[Region], Field(min_length=1)]


class Park(Strict):
    """A platform that receives projects (两区四园)."""

    id: Id
    name_zh: Text
    name_en: Text
    kind: Literal["zone", "park"]
    office: Id
    sectors: list[Id] = []
    aliases_zh: list[Text] = []


class AnnualTargets(Strict):
    total_investment_cny: Annotated[int, Field(gt=0)]
    projects_10m: Annotated[int, Field(ge=0)]
    projects_100m: Annotated[int, Field(ge=0)]
    fdi_contracted_usd: Annotated[int, Field(ge=0)]
    fdi_used_usd: Annotated[int, Field(ge=0)]


class Thresholds(Strict):
    project_min_cny: Annotated[int, Field(gt=0)]
    big_project_cny: Annotated[int, Field(gt=0)]
    major_project_cny: Annotated[int, Field(gt=0)]
    mega_project_cny: Annotated[int, Field(gt=0)]


class Milestone(Strict):
    id: Id
    name_zh: Text
    name_en: Text
    date: dt.date
    target_share: Annotated[float, Field(ge=0, le=1)] | None = None


class Deadlines(Strict):
    respond_days: Annotated[int, Field(ge=0)]
    assess_days: Annotated[int, Field(ge=0)]
    feedback_days: Annotated[int, Field(ge=0)]


class Targets(Strict):
    year: Annotated[int, Field(ge=2000, le=2100)]
    annual: AnnualTargets
    thresholds: Thresholds
    milestones: list[Milestone]
    deadlines: Deadlines


class AmountBand(Strict):
    min: Annotated[float, Field(ge=0)]
    value: Annotated[float, Field(ge=0, le=1)]
    label: Text


class Weights(Strict):
    """Lead-score weights and parameters (weights.yml)."""

    threshold: Annotated[float, Field(ge=0, le=1)]
    weights: dict[Id, Annotated[float, Field(ge=0)]]
    amount_bands: Annotated[list[AmountBand], Field(min_length=1)]
    unknown_amount: Annotated[float, Field(ge=0, le=1)]
    cny_per_unit: dict[str, Annotated[float, Field(gt=0)]]
    high_cost_regions: list[Text] = []
    recency_days: Annotated[int, Field(ge=1)] = 90


class Routing(Strict):
    """Who gets which task for a new lead (routing.yml)."""

    register_office: Id
    overseas_office: Id
    leader_threshold_cny: Annotated[float, Field(ge=0)]
    fallback_assess_office: Id
    open_lead_days: Annotated[int, Field(ge=1)] = 180
    tasks: dict[
        Literal["register", "assess", "contact", "overseas", "leader"],
        Literal["respond_days", "assess_days", "feedback_days"],
    ]


class County(Strict):
    id: Id
    name_zh: Text
    name_en: Text
    province: Text
    city: Text
    aliases_zh: list[Text] = []
    aliases_en: list[Text] = []


class SectorsFile(Strict):
    sectors: Annotated[list[Sector], Field(min_length=1)]


class OfficesFile(Strict):
    offices: Annotated[list[Office], Field(min_length=1)]
    leader_regions: list[LeaderRegion] = []


class ParksFile(Strict):
    parks: list[Park]


class Catalog(Strict):
    """A whole county: what it makes, who acts, where projects land, what it must reach."""

    county: County
    sectors: list[Sector]
    offices: list[Office]
    leader_regions: list[LeaderRegion]
    parks: list[Park]
    targets: Targets
    weights: Weights
    routing: Routing

    def sector(self, sector_id: str) -> Sector:
        return next(s for s in self.sectors if s.id == sector_id)

    def office(self, office_id: str) -> Office:
        return next(o for o in self.offices if o.id == office_id)
