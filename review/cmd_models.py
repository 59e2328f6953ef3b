"""The learning commands: `train`, `models`, `models use VERSION`."""

from __future__ import annotations

import argparse
from typing import TextIO

from pipelines.db import open_database
from pipelines.db.learning import activate, model_versions
from pipelines.learning import retrain
from pipelines.settings import Settings
from review.cmd_reference import UsageError
from review.render import write_jsonl, write_table


def train(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    database = open_database(settings.database_url)
    outcome = retrain(database, settings.models_dir)
    database.dispose()
    out.write(
        f"训练完成 trained events model {outcome.version} on the corpus and {outcome.judged} judged "
        f"articles: dev {outcome.metrics}\n  {outcome.reason}\n"
    )
    if not outcome.promoted:
        out.write(
            "  管理员注意 admin: the new model was kept as a candidate; `leadradar models use` promotes it.\n"
        )
    return 0


def models(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    database = open_database(settings.database_url)
    if args.action == "use":
        if not args.version:
            raise UsageError("models use needs a VERSION (see `leadradar models`)")
        with database.session() as session:
            if not activate(session, "events", args.version):
                raise UsageError(f"no model version {args.version!r}")
        out.write(f"now using events model {args.version}\n")
        return 0
    with database.session() as session:
        rows = [{"version": v.version, "active": v.active, "created_at": v.created_at.isoformat(timespec="seconds"),
                 "macro_f1": v.metrics.get("macro_f1"), "accuracy": v.metrics.get("accuracy"),
                 "items": v.metrics.get("items"), "data_hash": v.data_hash[:12], "path": v.path}
                for v in model_versions(session)]  # fmt: skip
    database.dispose()
    if args.format == "jsonl":
        write_jsonl(rows, out)
    else:
        columns = ["version", "active", "created_at", "macro_f1", "accuracy", "data_hash"]
        write_table(
            ([r[c] for c in columns] for r in rows),
            columns,
            out,
            title="模型版本 Model versions (bundled model when none is active)",
        )
    return 0
