"""`cohortbot cohort ...`: set up cohorts and enrol people from a terminal."""

from __future__ import annotations

import argparse

from bot.cli.arguments import clock_time, iso_date, timezone_name
from bot.cohorts import create_cohort, enrol, find_cohort
from bot.config import Settings
from bot.roles import ROLES
from bot.services import Services

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("cohort", help="create cohorts and enrol people")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    create = actions.add_parser("create", help="create a cohort")
    create.add_argument("name")
    create.add_argument("--channel", help="the cohort's Slack channel ID, e.g. C0123456789")
    create.add_argument("--start", type=iso_date, required=True, help="first day of week 1, YYYY-MM-DD")
    create.add_argument("--weeks", type=int, default=26, help="length in weeks (default 26)")
    create.add_argument("--weekday", choices=WEEKDAYS, default="monday", help="day of the weekly post")
    create.add_argument("--time", type=clock_time, default="09:00", help="local time of the weekly post, HH:MM")
    create.add_argument("--timezone", type=timezone_name, help="default: COHORTBOT_TIMEZONE")
    create.set_defaults(func=create_command)

    enrol_parser = actions.add_parser("enrol", help="enrol people in a cohort with a role")
    enrol_parser.add_argument("name")
    for role in ROLES:
        enrol_parser.add_argument(f"--{role}", action="append", default=[], metavar="USER_ID", help=f"a {role}'s Slack ID")
    enrol_parser.set_defaults(func=enrol_command)

    listing = actions.add_parser("list", help="list cohorts")
    listing.set_defaults(func=list_command)


def create_command(args: argparse.Namespace, settings: Settings) -> int:
    services = Services.start(settings)
    with services.db.write() as session:
        cohort = create_cohort(
            session,
            args.name,
            channel_id=args.channel,
            start_date=args.start,
            timezone=args.timezone or settings.cohortbot_timezone,
            weeks=args.weeks,
            weekday=WEEKDAYS.index(args.weekday),
            local_time=args.time,
        )
        print(f"Created cohort {cohort.name}: {cohort.weeks} weeks from {cohort.start_date:%A %d %B %Y}.")
    return 0


def enrol_command(args: argparse.Namespace, settings: Settings) -> int:
    services = Services.start(settings)
    wanted = [(role, user_id) for role in ROLES for user_id in getattr(args, role)]
    if not wanted:
        print("Nothing to do: name people with --delegate, --facilitator or --evaluator.")
        return 2
    with services.db.write() as session:
        cohort = find_cohort(session, args.name)
        for role, user_id in wanted:
            added = enrol(session, cohort, user_id.strip(), role)
            print(f"{'Enrolled' if added else 'Already enrolled:'} {user_id} as {role} in {cohort.name}.")
    return 0


def list_command(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy import select

    from storage.models import Cohort

    services = Services.start(settings)
    with services.db.read() as session:
        cohorts = list(session.scalars(select(Cohort).order_by(Cohort.name)))
        if not cohorts:
            print("No cohorts yet. Create one with: cohortbot cohort create NAME --start YYYY-MM-DD")
        for cohort in cohorts:
            print(f"{cohort.name}\t{cohort.channel_id or '-'}\t{cohort.start_date}\t{cohort.weeks} weeks\t{cohort.status}")
    return 0
