"""`cohortbot demo`: fill the database with a fictional programme to try things on."""

from __future__ import annotations

import argparse

from bot.config import Settings
from bot.demo import DEFAULT_WEEKS, PROGRAMME_WEEKS, build_demo
from handlers.bootstrap import bootstrap


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
        type=int,
        default=DEFAULT_WEEKS,
        help=f"how many weeks the first cohort has run, 1 to {PROGRAMME_WEEKS} (default {DEFAULT_WEEKS}: past the midpoint)",
    )
    parser.add_argument(
        "--force", action="store_true", help="add the demo even if there are cohorts; an earlier demo is replaced"
    )
    parser.set_defaults(func=demo_command)


def demo_command(args: argparse.Namespace, settings: Settings) -> int:
    ctx = bootstrap(settings)
    print(build_demo(ctx.db, weeks=args.weeks, replace=args.force).describe())
    print("Try it: cohortbot console   or   cohortbot export --out demo.xlsx")
    return 0
