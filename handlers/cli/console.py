"""`cohortbot console`: try the bot in a terminal, as anyone in the programme, with no Slack."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from bot.config import Settings
from bot.demo import LEAD_ID, build_demo, has_cohorts
from bot.interaction import outcomes
from handlers.bootstrap import bootstrap
from handlers.cli.demo import demo_settings
from handlers.console.session import ConsoleSession
from handlers.console.terminal import Terminal

OUTBOX = Path("cohortbot-files")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "console",
        help="talk to the bot in this terminal, with no Slack",
        description="Type the same commands as in Slack (/reflect, /cohortbot help, ...) and see the replies, "
        "channel posts and DMs here. On a database with no cohorts, a fictional demo programme is added first.",
    )
    parser.add_argument("--as", dest="person", metavar="NAME", help="who to be at first (default: the first delegate)")
    parser.set_defaults(func=console_command)


def console_command(args: argparse.Namespace, settings: Settings) -> int:
    if not args.verbose:
        # The terminal is the person's screen: a failure is one polite line there; -v adds its traceback.
        logging.getLogger(outcomes.__name__).setLevel(logging.CRITICAL)
    # The demo's programme lead may do what an admin may, so every /cohortbot command can be tried.
    settings = demo_settings(settings).model_copy(update={"cohortbot_admins": settings.cohortbot_admins | {LEAD_ID}})
    ctx = bootstrap(settings)
    if not has_cohorts(ctx.db):
        print(build_demo(ctx.db).describe())

    try:
        return ConsoleSession(ctx, Terminal(sys.stdin, sys.stdout), outbox=OUTBOX).run(args.person)
    finally:
        ctx.db.dispose()
