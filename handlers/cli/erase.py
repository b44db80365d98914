"""`cohortbot erase --person ID`: an operator erases everything about one person, as forget-me does."""

from __future__ import annotations

import argparse
import sys

from bot.config import Settings
from bot.people.subject_requests import erase_subject, erasure_preview
from handlers.bootstrap import bootstrap
from handlers.cli.arguments import WORKSPACE, chosen_workspace, person_id


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "erase",
        help="erase everything stored about one person (a request to be forgotten)",
        description="Shows what would be erased; with --yes erases it, removes their shared posts and tells their "
        "facilitators, as /cohortbot forget-me does. It cannot be undone.",
    )
    parser.add_argument("--person", type=person_id, required=True, metavar="USER_ID", help="their Slack member ID")
    parser.add_argument(WORKSPACE[0], **WORKSPACE[1])
    parser.add_argument("--yes", action="store_true", help="erase now (without it, nothing is erased)")
    parser.set_defaults(func=erase_command)


def erase_command(args: argparse.Namespace, settings: Settings) -> int:
    ctx = bootstrap(settings)
    person = chosen_workspace(args.workspace, ctx.workspace).person(args.person)
    if not args.yes:
        print(erasure_preview(ctx, person))
        print("cohortbot: nothing was erased. Run again with --yes to erase it; this cannot be undone.", file=sys.stderr)
        return 1
    print(erase_subject(ctx, person, deliver=bool(settings.slack_bot_token)))
    return 0
