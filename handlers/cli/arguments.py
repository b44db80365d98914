"""Argument types that explain themselves when they are wrong."""

from __future__ import annotations

import argparse
import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


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


def slack_channel(value: str) -> str:
    if not SLACK_CHANNEL.fullmatch(value):
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a Slack channel ID; use the ID from the channel's details (e.g. C0123456789), not its name"
        )
    return value


def slack_user(value: str) -> str:
    if not SLACK_USER.fullmatch(value.strip()):
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a Slack user ID; use the member ID from their profile (e.g. U0123456789), not their name"
        )
    return value.strip()


WORKSPACE = ("--workspace", {"metavar": "ID", "help": "a Slack team ID (T...) or Enterprise Grid org ID (E...)"})
