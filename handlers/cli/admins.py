"""`cohortbot admins ...`: who may do anything in a workspace, besides COHORTBOT_ADMINS."""

from __future__ import annotations

import argparse

from bot.config import Settings
from bot.people.admin_commands import ALLOW_CREATE, SWITCH
from bot.people.admins import add_admin, admins_of, allow_facilitators_to_create, remove_admin, who_creates
from handlers.bootstrap import bootstrap
from handlers.cli.arguments import WORKSPACE, chosen_workspace, person_id


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "admins",
        help="name the admins of a Slack workspace",
        description="Admins may create cohorts, enrol people with any role and export everything in their workspace; "
        "facilitators may create cohorts only where an admin allows it. "
        "The workspace is the one the bot token belongs to, unless --workspace names another (its team or org ID).",
    )
    parser.add_argument(WORKSPACE[0], **WORKSPACE[1])
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    for action, summary, run in (("add", "make someone an admin", _add), ("remove", "no longer an admin", _remove)):
        sub = actions.add_parser(action, help=summary)
        sub.add_argument("user_id", type=person_id, metavar="USER_ID")
        sub.set_defaults(func=run)
    actions.add_parser("list", help="list the workspace's admins").set_defaults(func=_list)
    allow = actions.add_parser(ALLOW_CREATE, help="let the workspace's facilitators create cohorts (on), or only admins (off)")
    allow.add_argument("switch", choices=tuple(SWITCH))
    allow.set_defaults(func=_allow_create)


def _add(args: argparse.Namespace, settings: Settings) -> int:
    ctx = bootstrap(settings)
    person = chosen_workspace(args.workspace, ctx.workspace).person(args.user_id)
    print(f"{person.user_id} is {'now' if add_admin(ctx.db, person) else 'already'} an admin of {person.workspace}.")
    return 0


def _remove(args: argparse.Namespace, settings: Settings) -> int:
    ctx = bootstrap(settings)
    person = chosen_workspace(args.workspace, ctx.workspace).person(args.user_id)
    print(f"{person.user_id} is {'no longer' if remove_admin(ctx.db, person) else 'not'} an admin of {person.workspace}.")
    return 0


def _list(args: argparse.Namespace, settings: Settings) -> int:
    ctx = bootstrap(settings)
    workspace = chosen_workspace(args.workspace, ctx.workspace)
    admins = admins_of(ctx.db, workspace)
    print("\n".join(admins) if admins else f"No admins of {workspace.id} beyond COHORTBOT_ADMINS.")
    return 0


def _allow_create(args: argparse.Namespace, settings: Settings) -> int:
    ctx = bootstrap(settings)
    workspace = chosen_workspace(args.workspace, ctx.workspace)
    allowed = SWITCH[args.switch]
    changed = allow_facilitators_to_create(ctx.db, workspace, allowed)
    print(f"{'Done' if changed else 'Nothing to change'} in {workspace.id}: {who_creates(allowed)}")
    return 0
