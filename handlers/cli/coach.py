"""`cohortbot coach ...`: give delegates a coach and see who coaches whom, from a terminal."""

from __future__ import annotations

import argparse

from bot.coaching.assignments import Assigned, assign, assignments_text, queue_announcements
from bot.config import Settings
from bot.delivery.drain import drain
from bot.programme.cohorts import find_cohort
from handlers.bootstrap import bootstrap
from handlers.cli.arguments import person_id


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("coach", help="give delegates a coach for 1-2-1 support")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    assign_parser = actions.add_parser("assign", help="make someone the coach of one or more delegates")
    assign_parser.add_argument("name", help="the cohort")
    assign_parser.add_argument("--coach", required=True, type=person_id, metavar="USER_ID", help="the coach's member ID")
    assign_parser.add_argument(
        "--delegate", required=True, action="append", type=person_id, metavar="USER_ID", help="a delegate's member ID"
    )
    assign_parser.set_defaults(func=assign_command)

    listing = actions.add_parser("list", help="who coaches whom in a cohort")
    listing.add_argument("name", help="the cohort")
    listing.set_defaults(func=list_command)


def assign_command(args: argparse.Namespace, settings: Settings) -> int:
    ctx = bootstrap(settings)
    with ctx.db.write() as session:
        cohort = find_cohort(session, ctx.workspace, args.name)
        done: list[Assigned] = [assign(session, cohort, args.coach, delegate, by=None) for delegate in args.delegate]
        queued = queue_announcements(session, done)
    drain(ctx, queued)
    for assigned in done:
        print(f"{assigned.delegate_id} is coached by {assigned.coach_id} in {assigned.cohort}.")
    return 0


def list_command(args: argparse.Namespace, settings: Settings) -> int:
    ctx = bootstrap(settings)
    with ctx.db.read() as session:
        print(assignments_text(session, find_cohort(session, ctx.workspace, args.name)))
    return 0
