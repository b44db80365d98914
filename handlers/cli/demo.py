"""`cohortbot demo`: fill the database with a fictional programme to try things on."""

from __future__ import annotations

import argparse

from bot.config import Settings
from bot.demo import DEFAULT_WEEKS, PROGRAMME_WEEKS, build_demo
from handlers.bootstrap import bootstrap

DEMO_DATABASE_URL = "sqlite:///cohortbot-demo.db"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="fill the database with a fictional demo programme",
        description="Add two fictional cohorts with some weeks of reflections, evidence, confidence ratings and "
        "programme evaluations, so that `cohortbot console` and `cohortbot export` have something to show. "
        "A database that already has cohorts is left alone unless you add --force.",
    )
    parser.add_argument(
        "--weeks",
        type=programme_weeks,
        default=DEFAULT_WEEKS,
        help=f"how many weeks the first cohort has run, 1 to {PROGRAMME_WEEKS} (default {DEFAULT_WEEKS}: past the midpoint)",
    )
    parser.add_argument(
        "--force", action="store_true", help="add the demo even if there are cohorts; an earlier demo is replaced"
    )
    parser.set_defaults(func=demo_command)


def programme_weeks(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= PROGRAMME_WEEKS:
        raise argparse.ArgumentTypeError(f"The demo programme can have run for 1 to {PROGRAMME_WEEKS} weeks, not {value}.")
    return int(value)


def demo_settings(settings: Settings) -> Settings:
    """The demo's own database file unless DATABASE_URL names one: made-up people never reach a real workspace."""
    if "database_url" in settings.model_fields_set:
        return settings
    return settings.model_copy(update={"database_url": DEMO_DATABASE_URL})


def try_it_hint(settings: Settings) -> str:
    prefix = "" if "database_url" in settings.model_fields_set else f"DATABASE_URL={DEMO_DATABASE_URL} "
    return f"Try it: cohortbot console   or   {prefix}cohortbot export --out demo.xlsx"


def demo_command(args: argparse.Namespace, settings: Settings) -> int:
    ctx = bootstrap(demo_settings(settings))
    print(build_demo(ctx.db, weeks=args.weeks, replace=args.force).describe())
    print(try_it_hint(settings))
    return 0
