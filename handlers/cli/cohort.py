"""`cohortbot cohort ...`: set up cohorts and enrol people from a terminal.

Names and user ids are those of the workspace the CLI works in (see `Context.workspace`): the Slack bot
token's, or with only Teams configured the Teams tenant's. A cohort is created in Teams when its channel is
a Teams one; people are enrolled there by Teams user id, Microsoft Entra object id or email.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.config import Settings
from bot.context import Context
from bot.delivery.drain import drain
from bot.delivery.engine import deliver_now
from bot.delivery.outbox import JOIN_CHANNEL, enqueue
from bot.interaction.errors import UserError
from bot.messaging.addresses import TEAMS
from bot.peers.commands import set_pairs
from bot.people.roles import DELEGATE, ROLES
from bot.programme import mending, schedule
from bot.programme.calendar import WEEKDAYS, check_start
from bot.programme.cloning import clone_cohort, cloned_text
from bot.programme.cohorts import create_cohort, enrol, find_cohort, in_workspace, workspace_of
from handlers.bootstrap import bootstrap, require_posting
from handlers.cli.arguments import TEAMS_CHANNEL, channel_id, clock_time, enrolee, iso_date, timezone_name
from handlers.teams.roster import channel_workspace, roster_user_id
from storage.models import Cohort

# Operations on one named cohort: (help, extra arguments, what to run).
Operation = Callable[[Session, Cohort, argparse.Namespace], str]
WEEK = ("--week", {"type": int, "required": True, "help": "programme week number"})
OPERATIONS: dict[str, tuple[str, tuple[tuple[str, dict], ...], Operation]] = {
    "calendar": ("show the weeks, their prompts and what was sent", (), lambda s, c, a: schedule.calendar_text(s, c)),
    "skip": ("do not post a week", (WEEK,), lambda s, c, a: schedule.skip(s, c, a.week)),
    "swap": (
        "change a week's prompt",
        (WEEK, ("--prompt", {"required": True, "metavar": "SLUG", "help": "the prompt's slug"})),
        lambda s, c, a: schedule.swap(s, c, a.week, a.prompt),
    ),
    "pause": ("stop posting until resumed", (), lambda s, c, a: schedule.pause(s, c)),
    "resume": ("start posting again; the remaining weeks move later", (), lambda s, c, a: schedule.resume(s, c)),
    "pairs": (
        "introduce the delegates to each other in pairs, a new pairing every N weeks",
        (("--every", {"type": int, "required": True, "metavar": "N", "help": "weeks between rounds"}),),
        lambda s, c, a: set_pairs(s, c, a.every),
    ),
    "status": ("where the cohort is, and anything missed or failed", (), lambda s, c, a: schedule.status_text(s, c)),
    "unskip": ("post a skipped week after all", (WEEK,), lambda s, c, a: mending.unskip(s, c, a.week)),
    "shift": (
        "move every week not yet posted later, e.g. after a pause or an outage",
        (("--weeks", {"type": int, "required": True, "help": "how many weeks later"}),),
        lambda s, c, a: mending.shift(s, c, a.weeks),
    ),
    "rename": (
        "give the cohort a new name",
        (("new_name", {"metavar": "NEW"}),),
        lambda s, c, a: mending.rename(s, c, a.new_name),
    ),
    "archive": ("post and send nothing more for the cohort; its data is kept", (), lambda s, c, a: mending.archive(s, c)),
}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("cohort", help="create cohorts and enrol people")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    create = actions.add_parser("create", help="create a cohort")
    create.add_argument("name")
    create.add_argument(
        "--channel", type=channel_id, help="the cohort's channel ID: Slack's (C0123456789) or Teams' (19:...@thread.tacv2)"
    )
    create.add_argument("--start", type=iso_date, required=True, help="first day of week 1, YYYY-MM-DD")
    create.add_argument("--weeks", type=int, default=26, help="length in weeks (default 26)")
    create.add_argument("--weekday", choices=WEEKDAYS, default="monday", help="day of the weekly post")
    create.add_argument("--time", type=clock_time, default="09:00", help="local time of the weekly post, HH:MM")
    create.add_argument("--timezone", type=timezone_name, help="default: COHORTBOT_TIMEZONE")
    create.set_defaults(func=create_command)

    for verb, summary, command in (
        ("enrol", "enrol people in a cohort with a role", enrol_command),
        ("unenrol", "take people out of a cohort; what they wrote is kept", unenrol_command),
    ):
        people = actions.add_parser(verb, help=summary)
        people.add_argument("name")
        for role in ROLES:
            people.add_argument(
                f"--{role}",
                action="append",
                default=[],
                type=enrolee,
                metavar="USER_ID",
                help=f"a person to {verb} as {role}: Slack member ID, or Teams user id (29:...), Entra object id or email",
            )
        people.set_defaults(func=command)

    listing = actions.add_parser("list", help="list cohorts")
    listing.set_defaults(func=list_command)

    schedule = actions.add_parser("schedule", help="write the cohort's calendar and start posting")
    schedule.add_argument("name")
    reminders = schedule.add_mutually_exclusive_group()
    reminders.add_argument("--reminder-days", type=int, help="days after each post to nudge (default 2)")
    reminders.add_argument("--no-reminders", action="store_true", help="send no reminder DMs")
    schedule.add_argument("--yes", action="store_true", help="schedule it even if it has no delegates yet")
    schedule.set_defaults(func=schedule_command)

    for action, (summary, extra, operation) in OPERATIONS.items():
        sub = actions.add_parser(action, help=summary)
        sub.add_argument("name")
        for flag, options in extra:
            sub.add_argument(flag, **options)
        sub.set_defaults(func=operation_command, operation=operation)

    clone = actions.add_parser("clone", help="a new cohort with this one's prompts and settings, without its people")
    clone.add_argument("name")
    clone.add_argument("--as", dest="new_name", required=True, metavar="NEW", help="the new cohort's name")
    clone.add_argument("--start", type=iso_date, required=True, help="first day of the new cohort's week 1, YYYY-MM-DD")
    clone.add_argument("--channel", type=channel_id, help="the new cohort's channel ID")
    clone.set_defaults(func=clone_command)

    post_now = actions.add_parser("post-now", help="post the current week's challenge now")
    post_now.add_argument("name")
    post_now.set_defaults(func=post_now_command)

    resend = actions.add_parser("resend", help="post a missed, failed or skipped week now, once")
    resend.add_argument("name")
    resend.add_argument(WEEK[0], **WEEK[1])
    resend.set_defaults(func=resend_command)

    channel = actions.add_parser("channel", help="move the cohort to another channel; the bot joins it")
    channel.add_argument("name")
    channel.add_argument("channel", type=channel_id, help="the new channel's ID, e.g. C0123456789")
    channel.set_defaults(func=channel_command)


def create_command(args: argparse.Namespace, settings: Settings) -> int:
    timezone = args.timezone or settings.cohortbot_timezone
    check_start(args.start, timezone, clock.now(), WEEKDAYS.index(args.weekday))
    ctx = bootstrap(settings)
    teams = bool(args.channel and TEAMS_CHANNEL.fullmatch(args.channel))
    workspace = channel_workspace(ctx.db, args.channel) if teams else ctx.workspace
    with ctx.db.write() as session:
        cohort = create_cohort(
            session,
            workspace,
            args.name,
            conversation=args.channel,
            start_date=args.start,
            timezone=timezone,
            weeks=args.weeks,
            weekday=WEEKDAYS.index(args.weekday),
            local_time=args.time,
        )
        print(f"Created cohort {cohort.name}: {cohort.weeks} weeks from {cohort.start_date:%A %d %B %Y}.")
    return 0


def _people(args: argparse.Namespace) -> list[tuple[str, str]]:
    wanted = [(role, user_id.strip()) for role in ROLES for user_id in getattr(args, role)]
    if not wanted:
        raise UserError(f"Nothing to do: name people with {', '.join(f'--{role}' for role in ROLES)}.")
    return wanted


PersonChange = Callable[[Session, Cohort, str, str], tuple[int, ...]]  # returns the outbox rows it queued


def _for_each_person(args: argparse.Namespace, settings: Settings, change: PersonChange) -> None:
    """`change(session, cohort, role, user_id)` for each person named with a role flag, in one transaction."""
    ctx = bootstrap(settings)
    wanted = _people(args)
    with ctx.db.read() as session:
        cohort = find_cohort(session, ctx.workspace, args.name)
    if cohort.platform == TEAMS:  # emails and Entra object ids are looked up in the team's roster first
        wanted = [(role, roster_user_id(ctx, cohort, who)) for role, who in wanted]
    with ctx.db.write() as session:
        cohort = find_cohort(session, ctx.workspace, args.name)
        queued = [row for role, user_id in wanted for row in change(session, cohort, role, user_id)]
    if queued:
        drain(ctx, queued)


def enrol_command(args: argparse.Namespace, settings: Settings) -> int:
    def add(session: Session, cohort: Cohort, role: str, user_id: str) -> tuple[int, ...]:
        enrolled = enrol(session, cohort, user_id, role, by=None)
        print(f"{'Enrolled' if enrolled.added else 'Already enrolled:'} {user_id} as {role} in {cohort.name}.")
        if enrolled.added and role == DELEGATE and (others := mending.also_delegate_in(session, cohort, user_id)):
            print(f"Note: {user_id} is also a delegate in {', '.join(others)}.")
        if enrolled.queued:
            print(f"{user_id} is told by DM that the operator enrolled them, from the command line.")
        return enrolled.queued

    _for_each_person(args, settings, add)
    return 0


def unenrol_command(args: argparse.Namespace, settings: Settings) -> int:
    def remove(session: Session, cohort: Cohort, role: str, user_id: str) -> tuple[int, ...]:
        removed = mending.unenrol(session, cohort, user_id, role)
        print(f"{'Unenrolled' if removed else 'Not enrolled:'} {user_id} as {role} in {cohort.name}.")
        return ()

    _for_each_person(args, settings, remove)
    print("What they wrote is kept.")
    return 0


def list_command(args: argparse.Namespace, settings: Settings) -> int:
    ctx = bootstrap(settings)
    with ctx.db.read() as session:
        cohorts = list(session.scalars(select(Cohort).where(in_workspace(ctx.workspace)).order_by(Cohort.name)))
        if not cohorts:
            print("No cohorts yet. Create one with: cohortbot cohort create NAME --start YYYY-MM-DD")
        for cohort in cohorts:
            print(f"{cohort.name}\t{cohort.conversation or '-'}\t{cohort.start_date}\t{cohort.weeks} weeks\t{cohort.status}")
    return 0


def schedule_command(args: argparse.Namespace, settings: Settings) -> int:
    ctx = bootstrap(settings)
    with ctx.db.write() as session:
        cohort = find_cohort(session, ctx.workspace, args.name)
        if not args.yes and mending.no_delegates(session, cohort):
            raise UserError(
                f"{cohort.name} has no delegates yet, so its weekly posts would go to an empty room. "
                "Enrol them first, or run this again with --yes to schedule it anyway."
            )
        if args.no_reminders or args.reminder_days is not None:
            print(schedule.set_reminders(session, cohort, None if args.no_reminders else args.reminder_days))
        print(schedule.schedule(session, cohort))
    return 0


def operation_command(args: argparse.Namespace, settings: Settings) -> int:
    ctx = bootstrap(settings)
    with ctx.db.write() as session:
        print(args.operation(session, find_cohort(session, ctx.workspace, args.name), args))
    return 0


def clone_command(args: argparse.Namespace, settings: Settings) -> int:
    ctx = bootstrap(settings)
    with ctx.db.write() as session:
        source = find_cohort(session, ctx.workspace, args.name)
        clone = clone_cohort(session, source, args.new_name, args.start, args.channel)
        print(cloned_text(source, clone, "cohortbot"))
    return 0


def _post(settings: Settings, prepare: Callable[[Session, Context], tuple[int, int]]) -> int:
    """Make a week due now with `prepare` (delivery id, week), then send it through its claim."""
    require_posting(settings)
    ctx = bootstrap(settings)
    with ctx.db.write() as session:
        delivery_id, week = prepare(session, ctx)
    report = deliver_now(ctx, delivery_id)
    print(f"Week {week}: {report}.")
    return 0 if report.sent else 1


def post_now_command(args: argparse.Namespace, settings: Settings) -> int:
    def prepare(session: Session, ctx: Context) -> tuple[int, int]:
        return schedule.prepare_post_now(session, find_cohort(session, ctx.workspace, args.name))

    return _post(settings, prepare)


def resend_command(args: argparse.Namespace, settings: Settings) -> int:
    def prepare(session: Session, ctx: Context) -> tuple[int, int]:
        return mending.prepare_resend(session, find_cohort(session, ctx.workspace, args.name), args.week), args.week

    return _post(settings, prepare)


def channel_command(args: argparse.Namespace, settings: Settings) -> int:
    ctx = bootstrap(settings)
    with ctx.db.write() as session:
        cohort = find_cohort(session, ctx.workspace, args.name)
        print(mending.move_channel(session, cohort, args.channel))
        queued = enqueue(session, JOIN_CHANNEL, workspace_of(cohort), cohort_id=cohort.id)
    if not settings.slack_bot_token:
        print("SLACK_BOT_TOKEN is not set here, so the running bot will join the channel on its next tick.")
        return 0
    if drain(ctx, [queued]).done:
        return 0
    print(f"I couldn't join {args.channel} yet. If it is private, type `/invite @cohortbot` in it.", file=sys.stderr)
    return 1
