"""The `leadradar` command as a user runs it: the installed script, its help, its output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import cli

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).parent / "leadradar"


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEADRADAR_")}
    env["LEADRADAR_HOME"] = str(home)
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )


def test_help_lists_only_working_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["--help"])
    assert info.value.code == 0
    listed = capsys.readouterr().out
    commands = set(cli.build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    for command in commands:
        assert command in listed
    assert commands >= {"init", "catalog", "companies", "demo"}


def test_catalog_json_shape(tmp_path: Path) -> None:
    result = _run("catalog", "--format", "json", home=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["summary"]["main_sectors"] == 2
    assert data["summary"]["specialty_sectors"] == 6
    assert {s["id"] for s in data["sectors"]} == {
        "power_equipment",
        "electronics",
        "new_energy",
        "new_materials",
        "auto_parts",
        "machinery",
        "food_processing",
        "textiles",
    }
    assert len(data["offices"]) == 13
    for sector in data["sectors"]:
        positions = {link["position"] for link in sector["links"]}
        assert positions == {"upstream", "midstream", "downstream"}, sector["id"]
        for link in sector["links"]:
            assert link["id"].startswith(sector["id"] + ".")
            assert link["relation"] in {"强链", "补链", "延链"}
    annual = data["targets"]["annual"]
    assert annual["total_investment_cny"] == 4_500_000_000
    assert (annual["projects_10m"], annual["projects_100m"]) == (150, 20)
    assert (annual["fdi_contracted_usd"], annual["fdi_used_usd"]) == (150_000_000, 50_000_000)
    assert data["targets"]["thresholds"]["big_project_cny"] == 30_000_000
    shares = {m["id"]: m["target_share"] for m in data["targets"]["milestones"]}
    assert shares["yanhua_sanyue"] == 0.5
    assert shares["lotus_festival"] == 1.0
    assert data["targets"]["deadlines"] == {"respond_days": 1, "assess_days": 3, "feedback_days": 7}


def test_catalog_table_and_unknown_list(tmp_path: Path) -> None:
    table = _run("catalog", home=tmp_path)
    assert table.returncode == 0
    assert "电力装备" in table.stdout
    bad = _run("companies", "--list", "forbes", home=tmp_path)
    assert bad.returncode == 2
    assert bad.stderr.startswith("leadradar: error: unknown list 'forbes'")
    assert "Traceback" not in bad.stderr


def test_demo_runs_offline(tmp_path: Path) -> None:
    result = _run("demo", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Top 10 leads" in result.stdout
    assert "crawl done: 4 sources" in result.stdout
    ranked = [line for line in result.stdout.splitlines() if line[:5].strip().rstrip(".").isdigit()]
    assert len(ranked) == 10
    assert (tmp_path / "demo" / "leadradar.db").exists()
