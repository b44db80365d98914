"""The demo programme's sessions: one held, with answers, a late cancellation and attendance; one still to come."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.people.roles import DELEGATE, FACILITATOR
from bot.programme.calendar import local_instant
from bot.sessions.invitations import DECLINED, GOING
from bot.sessions.planning import plan_times
from storage.models import Cohort, CohortSession, Person, SessionInvitation


def add_sessions(session: Session, cohort: Cohort, delegates: list[Person], facilitators: list[Person], now: datetime) -> None:
    """Sessions for one demo cohort: the held one only once it is past."""
    held_day = cohort.start_date + timedelta(weeks=1, days=3)  # Thursday of week 2
    held = CohortSession(
        cohort=cohort,
        title="Show and tell: first experiments",
        starts_at=local_instant(held_day, time(14, 0), cohort.timezone),
        minutes=90,
        place="Committee Room 2",
        created_at=now,
    )
    if held.starts_at + timedelta(hours=2) < now:
        for index, person in enumerate(delegates):
            late = index == len(delegates) - 1  # the drifter drops out the day before
            answer = DECLINED if late or index == 4 else GOING
            held.invitations.append(
                SessionInvitation(
                    person_id=person.id,
                    role=DELEGATE,
                    answer=answer,
                    reason="A council meeting was moved" if late else None,
                    answered_at=held.starts_at - timedelta(hours=20 if late else 200),
                    late_cancellation=late,
                    attended=answer == GOING and index != 3,
                    attendance_marked_at=held.starts_at + timedelta(hours=2) if answer == GOING else None,
                )
            )
        held.invitations += [SessionInvitation(person_id=p.id, role=FACILITATOR, answer=GOING) for p in facilitators]
        session.add(held)
    day = now.astimezone(ZoneInfo(cohort.timezone)).date() + timedelta(days=4)
    day += timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)
    coming = CohortSession(
        cohort=cohort,
        title="Meet a service team",
        starts_at=local_instant(day, time(10, 30), cohort.timezone),
        minutes=60,
        link="https://meet.example.org/cohort",
        created_at=now,
    )
    coming.invitations = [
        SessionInvitation(person_id=p.id, role=DELEGATE, answer=GOING if i < 4 else None) for i, p in enumerate(delegates)
    ] + [SessionInvitation(person_id=p.id, role=FACILITATOR) for p in facilitators]
    session.add(coming)
    session.flush()
    plan_times(session, coming, now)
