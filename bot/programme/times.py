"""Times people type (a 1-2-1, a session): read in the cohort's timezone, kept in UTC."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.interaction.errors import InvalidInput
from bot.programme.calendar import check_slot, local_instant, local_label
from storage.models import Cohort

TIME_FORMAT = "%Y-%m-%d %H:%M"
TIME_HINT = "YYYY-MM-DD HH:MM, e.g. 2026-12-01 10:30"


def read_time(text: str, cohort: Cohort, *, field: str, now: datetime, future: bool = True) -> datetime:
    """`text` as a local time in the cohort's timezone, in UTC; to come (or, for a log, already past)."""
    try:
        local = datetime.strptime(text.strip(), TIME_FORMAT)
    except ValueError:
        raise InvalidInput(f"I couldn't read {text.strip()!r} as a time. Please write it as {TIME_HINT}.", field) from None
    try:
        check_slot(local.time())
    except InvalidInput as error:
        raise InvalidInput(str(error), field) from None
    instant = local_instant(local.date(), local.time(), cohort.timezone)
    if future and instant <= now:
        raise InvalidInput(f"{label(instant, cohort)} has passed. Please choose a time still to come.", field)
    if not future and instant > now:
        raise InvalidInput(f"{label(instant, cohort)} is still to come. Please give a time that has passed.", field)
    return instant


def label(instant: datetime, cohort: Cohort) -> str:
    """e.g. `Tue 01 Dec 2026 10:30 (Europe/London)`."""
    return f"{local_label(instant, cohort.timezone)} ({cohort.timezone})"


def field_value(instant: datetime, cohort: Cohort) -> str:
    """A UTC instant written as people type it, to fill in a form."""
    return instant.astimezone(ZoneInfo(cohort.timezone)).strftime(TIME_FORMAT)
