"""The pure modules of spiders/ import neither Scrapy nor anything else of the project."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHECK = """
import sys
import spiders.dates, spiders.encoding, spiders.extract, spiders.urls
forbidden = {"scrapy", "twisted", "pipelines", "catalog", "review", "prefect", "cli", "flows"}
print(sorted({name.split(".")[0] for name in sys.modules} & forbidden))
"""


def test_pure_modules_import_no_scrapy_and_nothing_of_the_project() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
