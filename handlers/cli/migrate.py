"""`cohortbot migrate`: bring the database's schema up to date and exit, e.g. before starting replicas."""

from __future__ import annotations

import argparse

from bot.config import Settings
from handlers.bootstrap import open_database
from storage.db import safe_url


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "migrate",
        help="bring the database up to date and exit",
        description="Apply any new database migrations. Safe to run from several processes at once: they take "
        "turns. `run`, `tick` and the other commands do this too when they start.",
    )
    parser.set_defaults(func=migrate_command)


def migrate_command(args: argparse.Namespace, settings: Settings) -> int:
    db = open_database(settings)
    try:
        print(f"The database at {safe_url(settings.database_url)} is up to date (migration {db.revision()}).")
    finally:
        db.dispose()
    return 0
