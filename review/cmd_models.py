"""The learning commands: `train`, `models`, `models use VERSION`."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from catalog.load import load_catalog
from pipelines.db import open_database
from pipelines.db.learning import activate, kinds_of_version, model_versions
from pipelines.learning import TrainOutcome
from pipelines.retraining import retrain_all
from pipelines.settings import Settings
from review.cmd_reference import UsageError
from review.render import write_jsonl, write_table

KIND_ZH = {"events": "事件类型模型 events model", "stage": "项目阶段模型 stage model",
           "weights": "评分权重 score weights"}  # fmt: skip
COLUMNS = ["kind", "version", "active", "created_at", "macro_f1", "accuracy", "auc", "items",
           "data_hash"]  # fmt: skip


def train(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    catalog = load_catalog(settings.catalog_dir)
    database = open_database(settings.database_url)
    try:
        outcomes = retrain_all(database, settings.models_dir, catalog.weights)
    finally:
        database.dispose()
    for outcome in outcomes:
        _write_outcome(outcome, out)
    return 0


def _write_outcome(outcome: TrainOutcome, out: TextIO) -> None:
    name = KIND_ZH[outcome.kind]
    if outcome.version == "-":
        out.write(f"未训练 {name}: {outcome.reason}\n")
        return
    out.write(
        f"训练完成 trained {name} {outcome.version} from {outcome.judged} judged items: "
        f"{outcome.metrics}\n  {outcome.reason}\n"
    )
    if not outcome.promoted:
        out.write(
            f"  管理员注意 admin: the new {outcome.kind} version was kept as a candidate; "
            f"`leadradar models use {outcome.version}` promotes it.\n"
        )


def models(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    database = open_database(settings.database_url)
    try:
        if args.action == "use":
            return _use(database, args, out)
        with database.session() as session:
            rows = [_row(v.kind, v.version, v.active, v.created_at.isoformat(timespec="seconds"),
                         v.metrics, v.data_hash, v.path) for v in model_versions(session, None)]  # fmt: skip
    finally:
        database.dispose()
    if args.format == "jsonl":
        write_jsonl(rows, out)
    else:
        write_table(([r[c] for c in COLUMNS] for r in rows), COLUMNS, out,
                    title="模型版本 Model versions (bundled models and the catalog's weights when none is active)")  # fmt: skip
    return 0


def _row(kind: str, version: str, active: bool, created_at: str, metrics: dict[str, Any],
         data_hash: str, path: str) -> dict[str, Any]:  # fmt: skip
    return {"kind": kind, "version": version, "active": active, "created_at": created_at,
            "macro_f1": metrics.get("macro_f1"), "accuracy": metrics.get("accuracy"),
            "auc": metrics.get("auc"), "items": metrics.get("items"), "data_hash": data_hash[:12],
            "path": path}  # fmt: skip


def _use(database: Any, args: argparse.Namespace, out: TextIO) -> int:
    if not args.version:
        raise UsageError("models use needs a VERSION (see `leadradar models`)")
    with database.session() as session:
        kinds = [args.kind] if args.kind else kinds_of_version(session, args.version)
        if len(kinds) > 1:
            raise UsageError(f"version {args.version!r} exists for {', '.join(kinds)}: add --kind")
        if not kinds or not activate(session, kinds[0], args.version):
            raise UsageError(f"no model version {args.version!r}")
    out.write(f"现在使用 now using {kinds[0]} version {args.version}\n")
    return 0
