"""The company registry: companies, their lists and aliases, read from CSV with clear errors."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from catalog.errors import CatalogError

LISTS = ("fortune_global_500", "china_500", "china_manufacturing_500", "city_top_100")
LIST_NAMES_ZH = {
    "fortune_global_500": "世界500强",
    "china_500": "中国企业500强",
    "china_manufacturing_500": "中国制造业500强",
    "city_top_100": "发达城市百强",
}
INDUSTRIES = frozenset(
    (
        "automotive", "auto_parts", "electronics", "semiconductors", "telecom_equipment",
        "computers", "home_appliances", "power_equipment", "cables", "new_energy", "batteries",
        "steel", "nonferrous_metals", "chemicals", "petrochemicals", "building_materials",
        "machinery", "construction_machinery", "aerospace_defense", "shipbuilding",
        "rail_equipment", "pharmaceuticals", "medical_devices", "food_beverage", "agriculture",
        "textiles_apparel", "paper_packaging", "tobacco", "consumer_goods", "oil_gas", "mining",
        "energy_utilities", "construction", "real_estate", "banking", "insurance",
        "financial_services", "trading", "retail", "logistics", "telecom_services", "internet",
        "software_services", "healthcare_services", "media_entertainment", "conglomerate",
        "other",
    )
)  # fmt: skip
COMPANY_COLUMNS = [
    "id", "name_zh", "name_en", "lists", "manufacturer", "industry", "hq_country",
    "hq_province", "hq_city", "parent_id", "global500_rank",
]  # fmt: skip
ALIAS_COLUMNS = ["company_id", "alias", "lang", "kind", "needs_context", "ambiguous"]
ALIAS_KINDS = frozenset(["short", "stock", "brand", "abbr", "former", "subsidiary", "english"])
_ID = re.compile(r"^[a-z0-9_]+$")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Alias:
    """A name the news uses for a company."""

    text: str
    lang: str
    kind: str
    needs_context: bool
    ambiguous: bool


@dataclass(frozen=True)
class Company:
    """One company of the registry."""

    id: str
    name_zh: str
    name_en: str
    lists: tuple[str, ...]
    manufacturer: bool
    industry: str
    hq_country: str
    hq_province: str | None
    hq_city: str | None
    parent_id: str | None
    global500_rank: int | None
    aliases: tuple[Alias, ...] = ()

    @property
    def lists_zh(self) -> list[str]:
        return [LIST_NAMES_ZH[name] for name in self.lists]


@dataclass(frozen=True)
class Registry:
    """All companies by id, in file order."""

    companies: dict[str, Company]

    def __len__(self) -> int:
        return len(self.companies)

    def get(self, company_id: str) -> Company | None:
        return self.companies.get(company_id)


def needs_context(alias: str) -> bool:
    """Chinese aliases of two characters or fewer match inside too many words to trust alone."""
    return bool(_CJK.search(alias)) and len(alias) <= 2


def load_registry(folder: Path) -> Registry:
    """Read companies.csv and aliases.csv from `folder` and check them whole."""
    companies_path, aliases_path = folder / "companies.csv", folder / "aliases.csv"
    companies: dict[str, Company] = {}
    for line, row in _rows(companies_path, COMPANY_COLUMNS):
        company = _company(companies_path, line, row)
        if company.id in companies:
            raise CatalogError(companies_path, line, "id", f"duplicate id {company.id!r}")
        companies[company.id] = company
    for company in companies.values():
        if company.parent_id and company.parent_id not in companies:
            raise CatalogError(companies_path, None, "parent_id", f"unknown {company.parent_id!r}")
    aliases = _aliases(aliases_path, companies)
    merged = {cid: _with_aliases(c, aliases.get(cid, [])) for cid, c in companies.items()}
    return Registry(companies=merged)


def _with_aliases(company: Company, aliases: list[Alias]) -> Company:
    return Company(**{**company.__dict__, "aliases": tuple(aliases)})


def _rows(path: Path, columns: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        handle = path.open(encoding="utf-8", newline="")
    except FileNotFoundError:
        raise CatalogError(path, None, None, "file not found") from None
    with handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header != columns:
            raise CatalogError(path, 1, None, f"header must be: {','.join(columns)}")
        for fields in reader:
            if not fields:
                continue
            if len(fields) != len(columns):
                raise CatalogError(
                    path, reader.line_num, None, f"{len(fields)} fields, expected {len(columns)}"
                )
            yield reader.line_num, dict(zip(columns, (f.strip() for f in fields), strict=True))


def _company(path: Path, line: int, row: dict[str, str]) -> Company:
    def fail(field: str, problem: str) -> CatalogError:
        return CatalogError(path, line, field, problem)

    if not _ID.match(row["id"]):
        raise fail("id", f"{row['id']!r} is not [a-z0-9_]+")
    for field in ("name_zh", "name_en", "hq_country"):
        if not row[field]:
            raise fail(field, "must not be empty")
    lists = tuple(x for x in row["lists"].split(";") if x)
    for name in lists:
        if name not in LISTS:
            raise fail("lists", f"unknown list {name!r}")
    if row["industry"] not in INDUSTRIES:
        raise fail("industry", f"unknown industry {row['industry']!r}")
    rank = row["global500_rank"]
    if rank and not rank.isdigit():
        raise fail("global500_rank", f"{rank!r} is not a number")
    return Company(
        id=row["id"],
        name_zh=row["name_zh"],
        name_en=row["name_en"],
        lists=lists,
        manufacturer=_flag(path, line, "manufacturer", row["manufacturer"]),
        industry=row["industry"],
        hq_country=row["hq_country"],
        hq_province=row["hq_province"] or None,
        hq_city=row["hq_city"] or None,
        parent_id=row["parent_id"] or None,
        global500_rank=int(rank) if rank else None,
    )


def _flag(path: Path, line: int, field: str, value: str) -> bool:
    if value not in ("true", "false"):
        raise CatalogError(path, line, field, f"{value!r} must be true or false")
    return value == "true"


def _aliases(path: Path, companies: dict[str, Company]) -> dict[str, list[Alias]]:
    result: dict[str, list[Alias]] = {}
    owners: dict[str, tuple[str, bool, int]] = {}
    for line, row in _rows(path, ALIAS_COLUMNS):
        company_id, text = row["company_id"], row["alias"]
        if company_id not in companies:
            raise CatalogError(path, line, "company_id", f"unknown company {company_id!r}")
        if not text:
            raise CatalogError(path, line, "alias", "must not be empty")
        if row["lang"] not in ("zh", "en"):
            raise CatalogError(path, line, "lang", f"{row['lang']!r} must be zh or en")
        if row["kind"] not in ALIAS_KINDS:
            raise CatalogError(path, line, "kind", f"unknown kind {row['kind']!r}")
        alias = Alias(
            text=text,
            lang=row["lang"],
            kind=row["kind"],
            needs_context=_flag(path, line, "needs_context", row["needs_context"]),
            ambiguous=_flag(path, line, "ambiguous", row["ambiguous"]),
        )
        if needs_context(text) and not alias.needs_context:
            raise CatalogError(path, line, "needs_context", f"short Chinese alias {text!r}")
        key = text.casefold()
        if any(a.text.casefold() == key for a in result.get(company_id, [])):
            raise CatalogError(path, line, "alias", f"duplicate alias {text!r} of {company_id!r}")
        if key in owners and owners[key][0] != company_id:
            other, other_ambiguous, other_line = owners[key]
            if not (alias.ambiguous and other_ambiguous):
                raise CatalogError(
                    path,
                    line,
                    "ambiguous",
                    f"alias {text!r} also names {other!r} (line {other_line}); mark both ambiguous",
                )
        owners.setdefault(key, (company_id, alias.ambiguous, line))
        result.setdefault(company_id, []).append(alias)
    return result
