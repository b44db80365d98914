"""`cohortbot session ...`: plan a cohort's sessions from a terminal; invitations go by DM from the tick."""

from __future__ import annotations

import argparse

from bot.config import Settings
from bot.delivery.drain import drain
from bot.programme.cohorts import find_cohort
from bot.sessions.invitations import describe, queue_change
from bot.sessions.planning import SessionDetails, add_session, cancel_session, find_session, move_session, sessions_text
from handlers.cli.workspaces import add_workspace_options, cli_context

AT = ("--at", {"required": True, "metavar": '"YYYY-MM-DD HH:MM"', "help": "start, in the cohort's timezone"})


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("session", help="plan cohort sessions: invitations, reminders, attendance")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    add = actions.add_parser("add", help="add a session and invite the cohort")
    add.add_argument("name", help="the cohort")
    add.add_argument(AT[0], **AT[1])
    add.add_argument("--title", required=True)
    add.add_argument("--minutes", type=int, default=90, help="length (default 90)")
    where = add.add_mutually_exclusive_group()
    where.add_argument("--place", help="where it happens")
    where.add_argument("--link", help="the link to join online")
    add.set_defaults(func=add_command)

    listing = actions.add_parser("list", help="a cohort's sessions and their answers")
    listing.add_argument("name", help="the cohort")
    listing.set_defaults(func=list_command)

    cancel = actions.add_parser("cancel", help="cancel a session; those invited are told")
    cancel.add_argument("name", help="the cohort")
    cancel.add_argument("number", help="the session's number, from `session list`")
    cancel.set_defaults(func=change_command)

    move = actions.add_parser("move", help="move a session; those invited are told")
    move.add_argument("name", help="the cohort")
    move.add_argument("number", help="the session's number, from `session list`")
    move.add_argument(AT[0], **AT[1])
    move.set_defaults(func=change_command)
    add_workspace_options(actions)


def add_command(args: argparse.Namespace, settings: Settings) -> int:
    ctx = cli_context(settings, args)
    details = SessionDetails(args.title, args.at, args.minutes, args.place, args.link)
    with ctx.db.write() as session:
        added = add_session(session, find_cohort(session, ctx.workspace, args.name), details)
        print(f"Added session {added.id}: {describe(added)}. Invitations go out by DM at the next tick.")
    return 0


def list_command(args: argparse.Namespace, settings: Settings) -> int:
    ctx = cli_context(settings, args)
    with ctx.db.read() as session:
        print(sessions_text(session, find_cohort(session, ctx.workspace, args.name)))
    return 0


def change_command(args: argparse.Namespace, settings: Settings) -> int:
    ctx = cli_context(settings, args)
    with ctx.db.write() as session:
        planned = find_session(session, find_cohort(session, ctx.workspace, args.name), args.number)
        change = cancel_session(session, planned) if args.action == "cancel" else move_session(session, planned, args.at)
        queued = queue_change(session, change)
    drain(ctx, [queued])
    print(change.reply)
    return 0
