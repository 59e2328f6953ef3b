"""The gazetteer: provinces, cities, Jiangsu counties and countries, in Chinese and pinyin."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pypinyin import lazy_pinyin

from catalog.yamlfile import read_yaml

PLACES_DIR = Path(__file__).resolve().parent / "places"
SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "省",
    "市",
    "县",
    "区",
)
ENGLISH = {
    "陕西": "Shaanxi", "内蒙古": "Inner Mongolia", "西藏": "Tibet", "香港": "Hong Kong",
    "澳门": "Macau", "台湾": "Taiwan", "呼和浩特": "Hohhot", "乌鲁木齐": "Urumqi",
    "苏州工业园区": "Suzhou Industrial Park",
}  # fmt: skip


@dataclass(frozen=True)
class Place:
    """A named place; county and city are None above their level."""

    level: str  # country | province | city | county
    name: str
    country: str
    province: str | None = None
    city: str | None = None
    county: str | None = None

    @property
    def rank(self) -> int:
        """How specific the place is: county 3 … country 0."""
        return ("country", "province", "city", "county").index(self.level)


def short_name(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def english_name(name: str) -> str:
    short = short_name(name)
    return ENGLISH.get(short) or "".join(lazy_pinyin(short)).capitalize()


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Place]:
    """Every name (full, short, pinyin, English) → its Place; longer names win on clashes."""
    names: dict[str, Place] = {}
    china = read_yaml(PLACES_DIR / "china.yml").data
    for province, info in china["provinces"].items():
        _add(names, Place("province", province, "中国", province=province), province)
        for city in info["cities"]:
            _add(names, Place("city", city, "中国", province=province, city=city), city)
    city_province = {c: p for p, info in china["provinces"].items() for c in info["cities"]}
    for city, counties in china["counties"].items():
        for county in counties:
            place = Place("county", county, "中国", city_province[city], city, county)
            _add(names, place, county)
    for country in read_yaml(PLACES_DIR / "countries.yml").data["countries"]:
        place = Place("country", country["zh"], country["zh"])
        for alias in [country["zh"], country["en"], *country.get("aliases", [])]:
            names.setdefault(alias, place)
    return names


def _add(names: dict[str, Place], place: Place, name: str) -> None:
    names.setdefault(name, place)
    short = short_name(name)
    if short != name and len(short) >= 2:
        names.setdefault(short, place)
    names.setdefault(english_name(name), place)
