"""A broken catalog gets exit 2 and one line naming the file, the line and the field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import cli


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture drift: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [i + 1 for i, line in enumerate(lines) if needle in line]
    return hits[occurrence - 1]


def _run_catalog(
    catalog: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setenv("LEADRADAR_CATALOG", str(catalog))
    code = cli.main(["catalog", "--format", "json"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _first_key_value(path: Path, key: str) -> str:
    match = re.search(rf"^\s*-?\s*{key}:\s*(\S+)\s*$", path.read_text(encoding="utf-8"), re.M)
    assert match, f"no {key} in {path}"
    return match.group(1)


def test_bad_yaml_names_file_and_line(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sectors = catalog_copy / "sectors.yml"
    line = _line_of(sectors, "name_en:")
    lines = sectors.read_text(encoding="utf-8").splitlines()
    lines[line - 1] = lines[line - 1].split("name_en:")[0] + "name_en: [unclosed, list"
    sectors.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = _run_catalog(catalog_copy, monkeypatch, capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert f"sectors.yml:{line}" in err or f"sectors.yml:{line + 1}" in err
    assert "YAML syntax" in err


def test_unknown_office_id(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sectors = catalog_copy / "sectors.yml"
    department = _first_key_value(sectors, "department")
    line = _line_of(sectors, f"department: {department}")
    _replace(sectors, f"department: {department}", "department: no_such_office")
    code, _, err = _run_catalog(catalog_copy, monkeypatch, capsys)
    assert code == 2
    assert err.strip().endswith("unknown office id 'no_such_office'")
    assert f"sectors.yml:{line}: field sectors[0].department:" in err


def test_duplicate_sector_id(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sectors = catalog_copy / "sectors.yml"
    _replace(sectors, "- id: electronics", "- id: power_equipment")
    line = _line_of(sectors, "- id: power_equipment", occurrence=2)
    code, _, err = _run_catalog(catalog_copy, monkeypatch, capsys)
    assert code == 2
    assert f"sectors.yml:{line}: field sectors[1].id: duplicate id 'power_equipment'" in err


def test_duplicate_office_id(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    offices = catalog_copy / "offices.yml"
    _replace(offices, "- id: ningbo_office", "- id: hangzhou_office")
    code, _, err = _run_catalog(catalog_copy, monkeypatch, capsys)
    assert code == 2
    assert "offices.yml:" in err
    assert "duplicate id 'hangzhou_office'" in err


def test_link_without_keywords(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sectors = catalog_copy / "sectors.yml"
    text = sectors.read_text(encoding="utf-8")
    start = text.index("links:")
    key = text.index("keywords_zh:", start)
    end = text.index("\n", key)
    # keep the key, empty its value (inline or block list both end before the next key)
    block_end = text.index("keywords_en:", key)
    indent = text[text.rindex("\n", 0, key) + 1 : key]
    sectors.write_text(
        text[:key] + "keywords_zh: []\n" + indent + text[block_end:], encoding="utf-8"
    )
    line = text[:key].count("\n") + 1
    assert end > key
    code, _, err = _run_catalog(catalog_copy, monkeypatch, capsys)
    assert code == 2
    assert f"sectors.yml:{line}: field sectors[0].links[0].keywords_zh:" in err
    assert "at least 1" in err


def test_unknown_and_duplicate_keys(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    targets = catalog_copy / "targets.yml"
    line = _line_of(targets, "annual:")
    _replace(targets, "annual:", "anual:")
    code, _, err = _run_catalog(catalog_copy, monkeypatch, capsys)
    assert code == 2
    assert f"targets.yml:{line}: field anual: unknown key" in err

    _replace(targets, "anual:", "annual:")
    line = _line_of(targets, "year:")
    _replace(targets, "year:", "year: 2026\nyear:")
    code, _, err = _run_catalog(catalog_copy, monkeypatch, capsys)
    assert code == 2
    assert f"targets.yml:{line + 1}: field year: duplicate key 'year'" in err


def test_missing_file(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (catalog_copy / "parks.yml").unlink()
    code, _, err = _run_catalog(catalog_copy, monkeypatch, capsys)
    assert code == 2
    assert "parks.yml: file not found" in err


def test_bad_catalog_writes_nothing_to_the_database(
    catalog_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "x.db"
    _replace(catalog_copy / "parks.yml", "office:", "office: nowhere\n    x_office:")
    monkeypatch.setenv("LEADRADAR_CATALOG", str(catalog_copy))
    code = cli.main(["init", "--db", f"sqlite:///{db}"])
    assert code == 2
    assert "parks.yml:" in capsys.readouterr().err
    assert not db.exists()
