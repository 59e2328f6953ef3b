"""`leadradar serve` (the review web page under uvicorn) and `leadradar users` (its logins)."""

from __future__ import annotations

import argparse
import getpass
import os
import secrets
import sys
from typing import TextIO

from argon2 import PasswordHasher

from pipelines.bootstrap import initialise
from pipelines.db import open_database
from pipelines.db.users import UserError, add_user, list_users
from pipelines.settings import Settings, secret_key
from review.cmd_reference import UsageError
from review.passwords import PasswordError, hash_password
from review.render import write_table


def serve(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """One process, or with --workers N that many, each building the app from the environment."""
    import uvicorn

    from review.app import create_app

    options = {"host": args.host, "port": args.port, "proxy_headers": True, "log_level": "info",
               "forwarded_allow_ips": args.forwarded_allow_ips, "root_path": args.root_path}  # fmt: skip
    out.write(f"leadradar 审阅页面 review page: http://{args.host}:{args.port}/  (Ctrl-C 停止)\n")
    out.flush()
    if args.workers > 1:
        secret_key(settings)  # made once here, not raced for by the workers
        open_database(settings.database_url).dispose()  # migrated once, before they start
        os.environ["LEADRADAR_DATABASE_URL"] = settings.database_url  # --db reaches the workers
        uvicorn.run("review.app:create_app_from_environment", factory=True, workers=args.workers,
                    **options)  # fmt: skip
    else:
        uvicorn.run(create_app(settings), **options)
    return 0


def read_password(args: argparse.Namespace, stdin: TextIO | None = None) -> str:
    """From standard input with --password-stdin (first line), else typed twice at a prompt."""
    stdin = stdin or sys.stdin
    if args.password_stdin:
        return stdin.readline().rstrip("\r\n")
    if not stdin.isatty():
        raise UsageError("no terminal to ask for the password: use --password-stdin")
    first = getpass.getpass("密码 password: ")
    if getpass.getpass("再输一次 again: ") != first:
        raise UsageError("the two passwords differ")
    return first


def users_add(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    try:
        password_hash = hash_password(PasswordHasher(), read_password(args))
        database, _ = initialise(settings)
        with database.session() as session:
            user = add_user(session, args.name, args.office, args.role, password_hash, args.email)
        database.dispose()
    except (UserError, PasswordError) as exc:
        raise UsageError(str(exc)) from None
    out.write(f"created user {user.name} ({user.role}, {user.office_id})\n")
    return 0


def users_list(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    database, _ = initialise(settings)
    with database.session() as session:
        users = list_users(session)
    database.dispose()
    rows = ([u.name, u.role, u.office_id, "disabled" if u.disabled else "active",
             u.created_at.isoformat(timespec="minutes")] for u in users)  # fmt: skip
    write_table(rows, ["name", "role", "office", "state", "created_at"], out, title="用户 Users")
    return 0


DEMO_USER = "demo"


def demo_login(settings: Settings, out: TextIO) -> None:
    """The demo's admin login with a fresh password, and how to open the page with it."""
    password = secrets.token_urlsafe(9)
    database = open_database(settings.database_url)
    with database.session() as session:
        add_user(
            session, DEMO_USER, "county_bureau", "admin", hash_password(PasswordHasher(), password)
        )
    database.dispose()
    out.write(
        "\n审阅页面 Review page:\n"
        f"  .venv/bin/leadradar serve --db {settings.database_url}\n"
        f"  然后打开 then open http://127.0.0.1:8000/  登录 log in: {DEMO_USER} / {password}\n"
    )
