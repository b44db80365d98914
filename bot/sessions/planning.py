"""Adding, listing, cancelling and moving a cohort's sessions; each change plans or withdraws what is sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.delivery import subjects
from bot.interaction.errors import InvalidInput, NotFound
from bot.journal.evidence import checked_link
from bot.messaging.markup import bold
from bot.people.roles import DELEGATE, FACILITATOR
from bot.programme.calendar import local_instant
from bot.programme.times import label, read_time
from storage.models import Cohort, CohortSession, Membership, SessionInvitation

PLANNED, CANCELLED = "planned", "cancelled"
INVITE, DAY_BEFORE, HOUR_BEFORE, ATTENDANCE = "session_invite", "session_day_before", "session_hour_before", "session_attendance"
SCHEDULED = (INVITE, DAY_BEFORE, HOUR_BEFORE, ATTENDANCE)
MAX_TITLE = 200
MAX_PLACE = 300


@dataclass(frozen=True)
class SessionDetails:
    title: str
    at: str  # as typed, YYYY-MM-DD HH:MM in the cohort's timezone
    minutes: int = 90
    place: str | None = None
    link: str | None = None


def _checked(cohort: Cohort, details: SessionDetails, now: datetime) -> datetime:
    title = details.title.strip()
    if not title or len(title) > MAX_TITLE:
        raise InvalidInput(f"A session needs a title of 1 to {MAX_TITLE} characters.", "title")
    if not 15 <= details.minutes <= 480:
        raise InvalidInput("A session lasts 15 to 480 minutes.", "minutes")
    if details.place and details.link:
        raise InvalidInput("Give a place or a link, not both.", "place")
    if details.place and len(details.place) > MAX_PLACE:
        raise InvalidInput(f"The place can be at most {MAX_PLACE} characters.", "place")
    checked_link(details.link)
    starts = read_time(details.at, cohort, field="at", now=now)
    _within_programme(cohort, starts)
    return starts


def _within_programme(cohort: Cohort, starts: datetime) -> None:
    day = starts.astimezone(ZoneInfo(cohort.timezone)).date()
    last = cohort.start_date + timedelta(weeks=cohort.weeks, days=-1)
    if not cohort.start_date <= day <= last:
        raise InvalidInput(
            f"{cohort.name} runs from {cohort.start_date:%d %B %Y} to {last:%d %B %Y}; please choose a day inside the programme.",
            "at",
        )


def add_session(session: Session, cohort: Cohort, details: SessionDetails) -> CohortSession:
    """The session, everyone enrolled as delegate or facilitator invited, and its DMs planned."""
    now = clock.now()
    starts = _checked(cohort, details, now)
    added = CohortSession(
        cohort_id=cohort.id,
        title=details.title.strip(),
        starts_at=starts,
        minutes=details.minutes,
        place=(details.place or "").strip() or None,
        link=details.link,
        created_at=now,
    )
    session.add(added)
    session.flush()
    members = session.execute(
        select(Membership.person_id, Membership.role)
        .where(Membership.cohort_id == cohort.id, Membership.role.in_((DELEGATE, FACILITATOR)))
        .order_by(Membership.role, Membership.person_id)
    )
    seen: set[int] = set()
    for person_id, role in members:
        if person_id not in seen:
            seen.add(person_id)
            session.add(SessionInvitation(session_id=added.id, person_id=person_id, role=role))
    subjects.plan(session, cohort_id=cohort.id, kind=INVITE, subject_id=added.id, due_at=now)
    plan_times(session, added, now)
    return added


def plan_times(session: Session, planned: CohortSession, now: datetime) -> None:
    """Reminders the day before (at the cohort's posting time) and an hour before; attendance when it ends."""
    cohort = planned.cohort
    local_day = planned.starts_at.astimezone(ZoneInfo(cohort.timezone)).date()
    due = {
        DAY_BEFORE: local_instant(local_day - timedelta(days=1), cohort.local_time, cohort.timezone),
        HOUR_BEFORE: planned.starts_at - timedelta(hours=1),
        ATTENDANCE: planned.starts_at + timedelta(minutes=planned.minutes),
    }
    for kind, at in due.items():
        if at > now:
            subjects.plan(session, cohort_id=cohort.id, kind=kind, subject_id=planned.id, due_at=at)
        else:
            subjects.withdraw(session, kind=kind, subject_id=planned.id, reason="already past when the session was planned")


def find_session(session: Session, cohort: Cohort, number: str) -> CohortSession:
    try:
        found = session.get(CohortSession, int(number))
    except ValueError:
        found = None
    if found is None or found.cohort_id != cohort.id:
        raise NotFound(f"{cohort.name} has no session {number}. `session list` shows their numbers.")
    return found


@dataclass(frozen=True)
class Change:
    """What a facilitator is told, and the DM for everyone invited who hasn't declined."""

    session_id: int
    reply: str
    title: str
    notice: str


def cancel_session(session: Session, planned: CohortSession) -> Change:
    if planned.status == CANCELLED:
        raise InvalidInput(f"Session {planned.id} was already cancelled.")
    planned.status = CANCELLED
    for kind in SCHEDULED:
        subjects.withdraw(session, kind=kind, subject_id=planned.id, reason="the session was cancelled")
    when = label(planned.starts_at, planned.cohort)
    return Change(
        planned.id,
        f"Cancelled session {planned.id}, {planned.title}. I've told everyone who hadn't declined.",
        "Session cancelled",
        f"{planned.title}, {when}, is cancelled.",
    )


def move_session(session: Session, planned: CohortSession, at: str) -> Change:
    if planned.status == CANCELLED:
        raise InvalidInput("That session was cancelled, so it can't move. Add a new one instead.")
    now = clock.now()
    starts = read_time(at, planned.cohort, field="at", now=now)
    _within_programme(planned.cohort, starts)
    planned.starts_at = starts
    plan_times(session, planned, now)
    when = label(starts, planned.cohort)
    return Change(
        planned.id,
        f"Moved session {planned.id}, {planned.title}, to {when}. I've told everyone invited who hadn't declined.",
        "Session moved",
        f"{planned.title} has moved to {when}.",
    )


def session_line(planned: CohortSession) -> str:
    counts = {"going": 0, "declined": 0, None: 0}
    for invitation in planned.invitations:
        counts[invitation.answer] = counts.get(invitation.answer, 0) + 1
    where = planned.place or planned.link or "place to be confirmed"
    state = " (cancelled)" if planned.status == CANCELLED else ""
    return (
        f"{planned.id}. {label(planned.starts_at, planned.cohort)}, {planned.title}, {planned.minutes} min, {where}{state}: "
        f"{counts['going']} going, {counts['declined']} can't make it, {counts[None]} not answered"
    )


def sessions_text(session: Session, cohort: Cohort) -> str:
    found = session.scalars(select(CohortSession).where(CohortSession.cohort_id == cohort.id).order_by(CohortSession.starts_at))
    lines = [session_line(planned) for planned in found]
    return "\n".join([bold(f"Sessions of {cohort.name}"), *(lines or ["None yet."])])
