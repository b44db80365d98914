"""The demo programme's coaching: a coach for every delegate, past 1-2-1s with actions, one booked, one asked for."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.coaching.actions import DONE, DROPPED, OPEN
from bot.coaching.meetings import AGREED, HELD, REQUESTED, plan_reminders
from bot.programme.calendar import local_instant
from storage.models import CoachAssignment, CoachingAction, CoachingMeeting, Cohort, Person

TOPICS = (
    "Talked through the board paper on the new case management system and who needs to be in the room.",
    "Worked on how to explain the service's data gaps without it sounding like blame.",
    "Planned a first conversation with the supplier about the contract's exit clauses.",
    "Looked at the challenge again: it is now about one service, not the whole directorate.",
)
ACTIONS = (
    "Ask the service manager for an hour of user research",
    "Share the draft paper with the CDO before the board",
    "Book a show and tell with the team",
    "Read the GDS service manual section on discovery",
)
HELD_IN_WEEKS = (2, 6, 10)  # weeks of the programme in which the first delegates had a 1-2-1


def add_coaching(session: Session, cohort: Cohort, coach: Person, delegates: list[Person], now: datetime, seed: int) -> int:
    """Coaching for one demo cohort; returns how many 1-2-1s were logged."""
    rng = random.Random(seed + cohort.id)
    session.add_all(CoachAssignment(cohort_id=cohort.id, delegate_id=d.id, coach_id=coach.id) for d in delegates)
    held = 0
    for delegate in delegates[:3]:
        for week in HELD_IN_WEEKS:
            day = cohort.start_date + timedelta(weeks=week - 1, days=2)
            starts = local_instant(day, time(14, 0), cohort.timezone)
            if starts + timedelta(days=1) > now:
                break
            meeting = _meeting(cohort, coach, delegate, HELD, starts)
            meeting.minutes, meeting.notes, meeting.logged_at = rng.choice((30, 45, 60)), rng.choice(TOPICS), starts
            meeting.actions = [
                CoachingAction(text=text, status=rng.choice((DONE, DONE, DROPPED, OPEN)), created_at=starts)
                for text in rng.sample(ACTIONS, rng.randint(1, 2))
            ]
            session.add(meeting)
            held += 1
    day = now.astimezone(ZoneInfo(cohort.timezone)).date() + timedelta(days=3)
    day += timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)  # a weekday
    booked = _meeting(cohort, coach, delegates[0], AGREED, local_instant(day, time(10, 0), cohort.timezone))
    booked.request = "Getting ready for the midpoint review"
    asked = _meeting(cohort, coach, delegates[1], REQUESTED, None)
    asked.request = "How to bring the supplier along on the change"
    session.add_all((booked, asked))
    session.flush()
    plan_reminders(session, booked, now)
    return held


def _meeting(cohort: Cohort, coach: Person, delegate: Person, status: str, starts: datetime | None) -> CoachingMeeting:
    return CoachingMeeting(
        cohort=cohort, coach_id=coach.id, delegate_id=delegate.id, status=status, starts_at=starts, created_at=starts
    )
