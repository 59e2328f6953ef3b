"""The review page under 20 concurrent clients for one minute, on loopback: no errors."""

from __future__ import annotations

from pathlib import Path

from bench.review_queue import load, prepared
from pipelines.settings import load_settings


def test_twenty_clients_for_a_minute_without_an_error(tmp_path: Path) -> None:
    settings = prepared(load_settings(env={"LEADRADAR_HOME": str(tmp_path)}), 2_000)
    result = load(settings, clients=20, seconds=60.0)
    print(f"review page under load: {result}")
    assert result["errors"] == 0
    assert result["requests"] >= 200  # every client kept being served for the whole minute
