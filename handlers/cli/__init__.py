"""The `cohortbot` command: run the bot, administer cohorts, export, and more."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from bot.config import ConfigError, load_settings
from bot.interaction.errors import UserError
from handlers.cli import admins, coach, cohort, console, demo, erase, export, migrate, prompts, run, session, teams, tick

COMMANDS = (run, migrate, console, demo, tick, cohort, admins, coach, session, prompts, export, erase, teams)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cohortbot", description="Run cohort-based learning programmes in Slack.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug detail")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.add_parser(subparsers)
    return parser


def quiet_libraries(*, verbose: bool) -> None:
    """No library noise at the default level: every Slack API failure is raised to our code, which says it once."""
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if not verbose:
        logging.getLogger("slack_sdk").setLevel(logging.CRITICAL)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    quiet_libraries(verbose=args.verbose)
    try:
        return int(args.func(args, load_settings()) or 0)
    except ConfigError as error:
        print(f"cohortbot: {error}", file=sys.stderr)
        return 2
    except UserError as error:
        print(f"cohortbot: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # e.g. an --out path in a folder that does not exist
        where = f" ({error.filename})" if error.filename else ""
        print(f"cohortbot: {error.strerror or error}{where}. Nothing was written.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
