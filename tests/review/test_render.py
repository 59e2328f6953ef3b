"""Exports never let scraped text run as a spreadsheet formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from review.render import neutralise, write_csv, write_xlsx

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "正常公司"]


@pytest.mark.parametrize("text", HOSTILE)
def test_neutralise(text: str) -> None:
    cleaned = neutralise(text)
    assert cleaned[:1] not in ("=", "+", "-", "@", "\t") or cleaned == text == "正常公司"


def test_csv_and_xlsx_cells_are_text(tmp_path: Path) -> None:
    records = [{"company": text, "score": 0.5} for text in HOSTILE]
    buffer = io.StringIO()
    write_csv(records, ["company", "score"], buffer)
    cells = [row["company"] for row in csv.DictReader(io.StringIO(buffer.getvalue()))]
    assert cells[0].startswith("'=") and cells[-1] == "正常公司"
    path = tmp_path / "x.xlsx"
    write_xlsx(records, ["company", "score"], str(path))
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    values = [sheet.cell(row, 1).value for row in range(2, len(HOSTILE) + 2)]
    assert all(not str(v).startswith(("=", "+", "-", "@")) for v in values)
    assert sheet.cell(2, 2).value == 0.5
