"""The company registry: size, lists, unique ids, aliases that cannot collide, loader errors."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from catalog.errors import CatalogError
from catalog.registry import LISTS, Registry, load_registry, needs_context
from pipelines.settings import BUNDLED_REGISTRY


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(BUNDLED_REGISTRY)


def test_size_and_lists(registry: Registry) -> None:
    assert len(registry) >= 1200
    counts = Counter(name for c in registry.companies.values() for name in c.lists)
    assert counts["fortune_global_500"] == 500
    assert set(counts) == set(LISTS)
    assert counts["china_500"] >= 250
    assert counts["china_manufacturing_500"] >= 250
    assert counts["city_top_100"] >= 150


def test_fortune_global_500_ranks_are_complete(registry: Registry) -> None:
    ranks = sorted(
        c.global500_rank for c in registry.companies.values() if c.global500_rank is not None
    )
    assert ranks == list(range(1, 501))
    for company in registry.companies.values():
        on_list = "fortune_global_500" in company.lists
        assert on_list == (company.global500_rank is not None), company.id


def test_well_known_companies(registry: Registry) -> None:
    byd = registry.get("byd")
    assert byd is not None
    assert byd.manufacturer
    assert {"fortune_global_500", "china_500"} <= set(byd.lists)
    assert "比亚迪" in {a.text for a in byd.aliases}


def test_no_alias_names_two_companies_unless_marked(registry: Registry) -> None:
    owners: dict[str, set[str]] = {}
    flags: dict[tuple[str, str], bool] = {}
    for company in registry.companies.values():
        for alias in company.aliases:
            owners.setdefault(alias.text.casefold(), set()).add(company.id)
            flags[(alias.text.casefold(), company.id)] = alias.ambiguous
    for text, ids in owners.items():
        if len(ids) > 1:
            assert all(flags[(text, cid)] for cid in ids), (text, ids)


def test_short_chinese_aliases_need_context(registry: Registry) -> None:
    short = [a for c in registry.companies.values() for a in c.aliases if needs_context(a.text)]
    assert short, "the registry should hold some short aliases such as 国网"
    assert all(a.needs_context for a in short)


def test_ids_and_canonical_names_unique(registry: Registry) -> None:
    names = Counter(c.name_zh for c in registry.companies.values())
    assert [n for n, k in names.items() if k > 1] == []
    for company in registry.companies.values():
        assert company.parent_id is None or company.parent_id in registry.companies


def _broken_copy(tmp_path: Path) -> Path:
    target = tmp_path / "companies"
    shutil.copytree(BUNDLED_REGISTRY, target, ignore=shutil.ignore_patterns("parts"))
    return target


def _append(path: Path, line: str) -> int:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    return len(path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize(
    ("file", "row", "field"),
    [
        ("companies.csv", "byd,X,X,,true,automotive,中国,,,,", "id"),
        ("companies.csv", "newco,新公司,NewCo,fortune_500,true,automotive,中国,,,,", "lists"),
        ("companies.csv", "newco,新公司,NewCo,,maybe,automotive,中国,,,,", "manufacturer"),
        ("companies.csv", "newco,新公司,NewCo,,true,spaceships,中国,,,,", "industry"),
        ("aliases.csv", "no_such_company,某某,zh,short,false,false", "company_id"),
        ("aliases.csv", "byd,迪,zh,short,false,false", "needs_context"),
        ("aliases.csv", "byd,Toyota,en,english,false,false", "ambiguous"),
    ],
)
def test_bad_rows_name_file_line_field(tmp_path: Path, file: str, row: str, field: str) -> None:
    folder = _broken_copy(tmp_path)
    line = _append(folder / file, row)
    with pytest.raises(CatalogError) as info:
        load_registry(folder)
    assert info.value.path.name == file
    assert info.value.line == line
    assert info.value.field == field


def test_companies_jsonl_lists_every_fortune_500_company(
    registry: Registry, capsys: pytest.CaptureFixture[str]
) -> None:
    import cli

    assert cli.main(["companies", "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == len(registry) >= 1200
    fortune = [r for r in records if "fortune_global_500" in r["lists"]]
    assert len(fortune) == 500
    assert cli.main(["companies", "--format", "jsonl", "--search", "比亚迪"]) == 0
    found = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert "byd" in {r["registry_id"] for r in found}
