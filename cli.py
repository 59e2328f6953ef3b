"""The `leadradar` command: parses arguments and calls the packages; no logic of its own."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from catalog.errors import CatalogError
from catalog.load import load_catalog
from catalog.registry import load_registry
from pipelines.bootstrap import initialise
from pipelines.db import DatabaseUnavailable
from pipelines.settings import Settings, load_settings
from review import reference_views as views
from review.render import write_json, write_jsonl

Handler = Callable[[argparse.Namespace, Settings, TextIO], int]


class UsageError(Exception):
    """Bad arguments that argparse cannot see (exit 2)."""


def cmd_init(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    database, counts = initialise(settings)
    database.dispose()
    url = database.engine.url.render_as_string(hide_password=True)
    out.write(f"数据库已就绪 database ready: {url}\n")
    for name, value in counts.items():
        out.write(f"  {name}: {value}\n")
    return 0


def cmd_catalog(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    catalog = load_catalog(settings.catalog_dir)
    if args.format == "json":
        write_json(views.catalog_json(catalog), out)
    else:
        views.write_catalog_tables(catalog, out)
    return 0


def cmd_companies(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
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


def cmd_demo(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from pipelines.demo import run_demo

    return run_demo(settings, out)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", metavar="URL", help="SQLAlchemy URL (overrides LEADRADAR_DATABASE_URL)"
    )
    parser = argparse.ArgumentParser(
        prog="leadradar",
        description="招商线索雷达: news → scored leads → follow-up tasks for a county bureau",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    init = sub.add_parser(
        "init", parents=[common], help="create or upgrade the schema, load catalog and registry"
    )
    init.set_defaults(handler=cmd_init)
    cat = sub.add_parser("catalog", parents=[common], help="show the county catalog")
    cat.add_argument("--format", choices=["table", "json"], default="table")
    cat.set_defaults(handler=cmd_catalog)
    comp = sub.add_parser("companies", parents=[common], help="show the company registry")
    comp.add_argument("--format", choices=["table", "jsonl"], default="table")
    comp.add_argument("--list", metavar="NAME", help="only one list, e.g. fortune_global_500")
    comp.add_argument("--search", metavar="TEXT", help="names or aliases containing TEXT")
    comp.set_defaults(handler=cmd_companies)
    demo = sub.add_parser(
        "demo", parents=[common], help="the offline demo on a fresh demo database"
    )
    demo.set_defaults(handler=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args, load_settings(database_url=args.db), out)
    except (CatalogError, UsageError) as exc:
        print(f"leadradar: error: {exc}", file=sys.stderr)
        return 2
    except DatabaseUnavailable as exc:
        print(f"leadradar: database unavailable: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
