"""The programme calendar: weeks and weekly slots counted in the cohort's own timezone.

Due instants are worked out as a local date and wall-clock time and only then turned
into UTC, so a 09:00 Monday slot stays 09:00 local across the clock changes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from bot.interaction.errors import InvalidInput
from bot.programme.cohort_facts import CohortFacts
from storage.models import Cohort, Delivery

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
PROMPT = "prompt"


def check_slot(local_time: time) -> None:
    """Refuse the 01:00-02:00 local hour: clocks change inside it, so it happens twice or not at all."""
    if local_time.hour == 1:
        raise InvalidInput(
            f"{local_time:%H:%M} is inside 01:00-02:00, when the clocks change; "
            "a post then could be skipped or sent twice. Please choose another time.",
            "time",
        )


def check_start(start: date, zone: str, now: datetime, weekday: int) -> None:
    """Refuse a start date already past in the cohort's timezone (its weeks would only be marked missed),
    or one that is not the day of the weekly post (week 1's post would fall on a later date than asked)."""
    today = now.astimezone(ZoneInfo(zone)).date()
    if start < today:
        raise InvalidInput(
            f"{start:%d %B %Y} has passed, so its weeks could not be posted. Choose today ({today:%Y-%m-%d}) or a later date.",
            "start",
        )
    if start.weekday() != weekday:
        before = start - timedelta(days=(start.weekday() - weekday) % 7)
        nearest = [day for day in (before, before + timedelta(weeks=1)) if day >= today]
        raise InvalidInput(
            f"{start:%A %d %B %Y} is not a {WEEKDAYS[weekday].capitalize()}, the day of the weekly post. "
            f"Start on {' or '.join(f'{day:%A %d %B %Y} ({day:%Y-%m-%d})' for day in nearest)}.",
            "start",
        )


def current_week(cohort: Cohort | CohortFacts, at: datetime) -> int | None:
    """The programme week (1..weeks) that `at` falls in, locally; None before or after the programme."""
    local_day = at.astimezone(ZoneInfo(cohort.timezone)).date()
    days = (local_day - cohort.start_date).days
    if days < 0:
        return None
    week = days // 7 + 1
    return week if week <= cohort.weeks else None


def slot_day(cohort: Cohort, week: int) -> date:
    """The local date of the weekly slot in `week`: the cohort's weekday within that week's seven days."""
    first = cohort.start_date + timedelta(weeks=week - 1)
    return first + timedelta(days=(cohort.weekday - first.weekday()) % 7)


def local_instant(day: date, at: time, zone: str) -> datetime:
    """A local wall-clock time as aware UTC; a time the clocks skip moves forward by the gap."""
    local = datetime.combine(day, at, tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC)


def due_at(cohort: Cohort, week: int, days_after: int = 0) -> datetime:
    """When the slot of `week` (plus whole local days) falls, in UTC."""
    return local_instant(slot_day(cohort, week) + timedelta(days=days_after), cohort.local_time, cohort.timezone)


def local_label(instant: datetime, zone: str) -> str:
    return instant.astimezone(ZoneInfo(zone)).strftime("%a %d %b %Y %H:%M")


def entry_week(cohort: Cohort | CohortFacts, claimed: object, at: datetime) -> int | None:
    """The week an entry belongs to: the one its form or button named, if it is a real week, else the current one.

    A form's context comes back from the platform, so it is checked rather than trusted.
    """
    if isinstance(claimed, int) and not isinstance(claimed, bool) and 1 <= claimed <= cohort.weeks:
        return claimed
    return current_week(cohort, at)


def week_prompt(cohort_id: ColumnElement[int] | int, week: ColumnElement[int] | int) -> Select[tuple[int | None]]:
    """The prompt a week's post carries (or will carry); no row when the week has no post."""
    return (
        select(Delivery.prompt_id)
        .where(Delivery.cohort_id == cohort_id, Delivery.week == week, Delivery.kind == PROMPT)
        .limit(1)
    )


def week_prompt_id(session: Session, cohort_id: int, week: int | None) -> int | None:
    """The prompt of a week's post, for linking reflections and evidence to it."""
    if week is None:
        return None
    return session.scalar(week_prompt(cohort_id, week))
