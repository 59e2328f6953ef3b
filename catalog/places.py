"""The gazetteer: China's provinces, cities and counties (cpca's adcode table) and countries."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import distribution
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
    "自治州",
    "省",
    "市",
    "县",
)
ENGLISH = {
    "陕西": "Shaanxi", "内蒙古": "Inner Mongolia", "西藏": "Tibet", "香港": "Hong Kong",
    "澳门": "Macau", "台湾": "Taiwan", "呼和浩特": "Hohhot", "乌鲁木齐": "Urumqi",
}  # fmt: skip
MUNICIPALITIES = ("11", "12", "31", "50")
BARE_DISTRICTS_IN = ("江苏省",)


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

    def within(self, other: Place) -> bool:
        """True when this place lies inside `other` (or is it)."""
        if self.country != other.country:
            return False
        return all(
            getattr(other, part) in (None, getattr(self, part))
            for part in ("province", "city", "county")
        )


def short_name(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def english_name(name: str) -> str:
    short = short_name(name)
    return ENGLISH.get(short) or "".join(lazy_pinyin(short)).capitalize()


def adcode_rows() -> list[tuple[str, str]]:
    """(adcode, name) of every division, from the table the cpca package ships (MIT licence)."""
    path = Path(str(distribution("cpca").locate_file("cpca/resources/adcodes.csv")))
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["adcode"], row["name"]) for row in csv.DictReader(handle)]


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Place]:
    """Every usable name (full, short, pinyin) → its Place; ambiguous bare names are left out."""
    rows = adcode_rows()
    provinces = {code[:2]: name for code, name in rows if code[2:] == "0" * 10}
    cities = {code[:4]: name for code, name in rows if code[4:] == "0" * 8 and code[2:4] != "00"}
    places: list[tuple[str, Place]] = []
    for code, name in rows:
        province = provinces.get(code[:2])
        if province is None:
            continue
        if code[2:] == "0" * 10:
            places.append((name, Place("province", name, "中国", province)))
            continue
        city = cities.get(code[:4]) or (province if code[:2] in MUNICIPALITIES else None)
        if code[4:] == "0" * 8:
            places.append((name, Place("city", name, "中国", province, name)))
        elif code[6:] == "0" * 6 and city:
            places.append((name, Place("county", name, "中国", province, city, name)))
    return _index(places)


def _index(places: list[tuple[str, Place]]) -> dict[str, Place]:
    by_form: dict[str, list[Place]] = {}
    for name, place in places:
        for form in _forms(name, place):
            by_form.setdefault(form, []).append(place)
    names: dict[str, Place] = {}
    for form, found in by_form.items():
        general = min(found, key=lambda p: p.rank)
        # 湘潭 is the city and the county inside it: the city; 通州 (Beijing or Nantong): nothing
        if all(p.within(general) for p in found):
            names[form] = general
        elif form.isascii():  # Suzhou (苏州 or 宿州): English news near home means the one at home
            home = [p for p in found if p.province in BARE_DISTRICTS_IN and p.level == "city"]
            if len(home) == 1:
                names[form] = home[0]
    for name, place in places:
        if (
            place.level == "county" and place.city
        ):  # 南通通州, 扬州市宝应县: unambiguous with the city
            bare = name[:-1] if name.endswith("区") and len(name) >= 3 else short_name(name)
            for city_form in (place.city, short_name(place.city)):
                names.setdefault(city_form + name, place)
                names.setdefault(city_form + bare, place)
    countries = read_yaml(PLACES_DIR / "countries.yml").data
    for country in countries["countries"]:
        place = Place("country", country["zh"], country["zh"])
        for alias in [country["zh"], country["en"], *country.get("aliases", [])]:
            names.setdefault(alias, place)
    for country_zh, regions in countries.get("regions", {}).items():
        for region in regions:
            names.setdefault(region, Place("country", country_zh, country_zh))
    for extra in read_yaml(PLACES_DIR / "zones.yml").data["zones"]:
        names.setdefault(extra["name"], names[extra["in"]])
    return names


def _forms(name: str, place: Place) -> list[str]:
    forms = [name]
    short = short_name(name)
    if short != name and len(short) >= 2 and not name.endswith("区"):
        forms.append(short)
    elif name.endswith("区") and len(name) >= 3 and place.province in BARE_DISTRICTS_IN:
        forms.append(
            name[:-1]
        )  # 江都区 → 江都 near home; elsewhere 新建, 运河, 西湖 are words first
    if place.level in ("province", "city") or (place.level == "county" and not name.endswith("区")):
        forms.append(english_name(name))
    return forms
