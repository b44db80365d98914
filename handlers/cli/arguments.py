"""Argument types that explain themselves when they are wrong."""

from __future__ import annotations

import argparse
import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from handlers.teams.people import USER_ID as TEAMS_USER


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2026-01-05") from None


def clock_time(value: str) -> time:
    try:
        return datetime.strptime(value, "%H:%M").time()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a time; use HH:MM on the 24-hour clock, e.g. 09:00") from None


def timezone_name(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(f"{value!r} is not a timezone; use a name such as Europe/London") from None
    return value


SLACK_CHANNEL = re.compile(r"[CG][A-Z0-9]+")
SLACK_USER = re.compile(r"[UW][A-Z0-9]+")
TEAMS_CHANNEL = re.compile(r"19:[^\s]+@thread\.(tacv2|skype)")
ENTRA_OBJECT_ID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _one_of(value: str, patterns: tuple[re.Pattern[str], ...], refusal: str) -> str:
    if any(pattern.fullmatch(value) for pattern in patterns):
        return value
    raise argparse.ArgumentTypeError(f"{value!r} {refusal}")


def channel_id(value: str) -> str:
    """A Slack channel ID, or a Teams channel id (`19:...@thread.tacv2`)."""
    return _one_of(
        value,
        (SLACK_CHANNEL, TEAMS_CHANNEL),
        "is not a Slack channel ID or a Teams channel id; use the ID from the channel's details "
        "(e.g. C0123456789), or in Teams the id in the channel's link (19:...@thread.tacv2), not its name",
    )


def person_id(value: str) -> str:
    """A Slack member ID or a Teams user id (`29:...`)."""
    return _one_of(
        value.strip(),
        (SLACK_USER, TEAMS_USER),
        "is not a Slack user ID or a Teams user id; use the member ID from their profile "
        "(e.g. U0123456789), or in Teams their user id (29:...), not their name",
    )


def enrolee(value: str) -> str:
    """A person to enrol: a Slack or Teams user id, or in Teams a Microsoft Entra object id or an email,
    found in the team's roster."""
    return _one_of(
        value.strip(),
        (SLACK_USER, TEAMS_USER, ENTRA_OBJECT_ID, EMAIL),
        "is not a Slack user ID or a Teams user id; use the member ID from their profile "
        "(e.g. U0123456789), or in Teams their user id (29:...), Microsoft Entra object id or email",
    )


WORKSPACE = (
    "--workspace",
    {"metavar": "ID", "help": "a Slack team ID (T...), an Enterprise Grid org ID (E...) or a Teams tenant ID"},
)
