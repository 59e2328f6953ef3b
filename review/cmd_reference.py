"""The reference commands: `init`, `catalog`, `companies`, `demo`."""

from __future__ import annotations

import argparse
from typing import TextIO

from catalog.load import load_catalog
from catalog.registry import load_registry
from pipelines.bootstrap import initialise
from pipelines.settings import Settings
from review import reference_views as views
from review.render import write_json, write_jsonl


class UsageError(Exception):
    """Bad arguments that argparse cannot see (exit 2)."""


def init(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    database, counts = initialise(settings)
    database.dispose()
    url = database.engine.url.render_as_string(hide_password=True)
    out.write(f"数据库已就绪 database ready: {url}\n")
    for name, value in counts.items():
        out.write(f"  {name}: {value}\n")
    return 0


def catalog(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    loaded = load_catalog(settings.catalog_dir)
    if args.format == "json":
        write_json(views.catalog_json(loaded), out)
    else:
        views.write_catalog_tables(loaded, out)
    return 0


def companies(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    registry = load_registry(settings.registry_dir)
    try:
        chosen = list(views.select_companies(registry, args.list, args.search))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "jsonl":
        write_jsonl((views.company_record(c) for c in chosen), out)
    else:
        views.write_company_table(chosen, out)
    return 0
