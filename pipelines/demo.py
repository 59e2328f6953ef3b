"""`leadradar demo`: everything the pipeline can do so far, offline, on a fresh demo database."""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import TextIO

from pipelines.bootstrap import initialise, load_reference
from pipelines.settings import Settings


def run_demo(settings: Settings, out: TextIO) -> int:
    """Build a fresh demo database under $LEADRADAR_HOME/demo and report what it holds."""
    demo_home = settings.home / "demo"
    demo_db = demo_home / "leadradar.db"
    for suffix in ("", "-wal", "-shm"):
        demo_db.with_name(demo_db.name + suffix).unlink(missing_ok=True)
    demo_settings = dataclasses.replace(
        settings, home=demo_home, database_url=f"sqlite:///{demo_db.as_posix()}"
    )
    reference = load_reference(demo_settings)
    database, counts = initialise(demo_settings)
    database.dispose()
    catalog, registry = reference.catalog, reference.registry
    out.write(f"leadradar demo — {catalog.county.name_zh} ({catalog.county.name_en})\n\n")
    out.write("产业链目录 Industry-chain catalog:\n")
    for sector in catalog.sectors:
        relations = Counter(link.relation for link in sector.links)
        summary = " ".join(f"{k}{v}" for k, v in sorted(relations.items()))
        out.write(f"  {sector.name_zh:<8} {sector.id:<16} {len(sector.links)} 环节 ({summary})\n")
    lists = Counter(name for c in registry.companies.values() for name in c.lists)
    out.write(f"\n企业库 Company registry: {len(registry)} companies\n")
    for name, count in sorted(lists.items()):
        out.write(f"  {name}: {count}\n")
    out.write(f"\n演示数据库 Demo database: {demo_db}\n")
    for name, value in counts.items():
        out.write(f"  {name}: {value}\n")
    out.write(
        "\n下一步 Next: .venv/bin/leadradar catalog\n"
        "             .venv/bin/leadradar companies --search 比亚迪\n"
    )
    return 0
