"""Write records as a terminal table, JSON, JSON lines or CSV (UTF-8, never ASCII-escaped)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table


def write_json(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False, default=str))
        out.write("\n")
        count += 1
    return count


def write_csv(records: Iterable[dict[str, Any]], columns: Sequence[str], out: TextIO) -> None:
    """CSV with spreadsheet formula injection neutralised (cells starting = + - @ get a quote)."""
    writer = csv.writer(out)
    writer.writerow(columns)
    for record in records:
        writer.writerow([neutralise(_cell(record.get(c))) for c in columns])


def write_table(
    rows: Iterable[Sequence[Any]], columns: Sequence[str], out: TextIO, title: str | None = None
) -> None:
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(value) for value in row))
    console = Console(file=out, width=160 if not out.isatty() else None, markup=False)
    console.print(table)


def neutralise(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_xlsx(records: Iterable[dict[str, Any]], columns: Sequence[str], path: str) -> None:
    """An Excel sheet through pandas/openpyxl; text cells neutralised like CSV."""
    import pandas as pd

    rows = [[_excel_cell(record.get(c)) for c in columns] for record in records]
    frame = pd.DataFrame(rows, columns=list(columns))
    frame.to_excel(path, index=False, engine="openpyxl")


def _excel_cell(value: Any) -> Any:
    if isinstance(value, bool | int | float) or value is None:
        return value
    return neutralise(_cell(value))
