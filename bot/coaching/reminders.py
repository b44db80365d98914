"""Reminders of an agreed 1-2-1 to both people, the day before and an hour before; after it, the coach is asked to log it."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from bot.coaching.logs import log_button
from bot.coaching.meetings import AGREED, DAY_BEFORE, name
from bot.context import Context
from bot.delivery.jobs import Job, NothingToSend
from bot.messaging.invites import dm_each
from bot.messaging.messenger import Message, Posted
from bot.people.profiles import person_ref
from bot.programme.times import label
from storage.models import CoachingMeeting, Person


def _agreed(session: Session, job: Job) -> CoachingMeeting:
    meeting = session.get(CoachingMeeting, job.subject_id)
    if meeting is None or meeting.status != AGREED or meeting.starts_at is None:
        raise NothingToSend("the 1-2-1 is no longer agreed, or is logged already")
    return meeting


def send_reminder(ctx: Context, job: Job) -> Posted | None:
    """The delivery kinds' sender: both people, while the 1-2-1 is still agreed."""
    with ctx.db.read() as session:
        meeting = _agreed(session, job)
        people = [person for person in (meeting.delegate, meeting.coach) if person.erased_at is None]
        message_for = _messages(meeting, tomorrow=job.kind == DAY_BEFORE)
    if not dm_each(ctx.messenger, people, message_for):
        raise NothingToSend("neither person could be reached")
    return None


def _messages(meeting: CoachingMeeting, *, tomorrow: bool) -> Callable[[Person], Message]:
    when = label(meeting.starts_at, meeting.cohort) if meeting.starts_at else ""
    soon = "tomorrow" if tomorrow else "in an hour"

    def message_for(person: Person) -> Message:
        other = meeting.delegate if person.id == meeting.coach_id else meeting.coach
        return Message(title=f"1-2-1 {soon}", text=f"A reminder: your 1-2-1 with {name(other)} is {soon}, {when}.")

    return message_for


def send_log_prompt(ctx: Context, job: Job) -> Posted | None:
    """An hour after the agreed time, the coach gets the log form one press away (unless it is logged)."""
    with ctx.db.read() as session:
        meeting = _agreed(session, job)
        coach = meeting.coach
        message = Message(
            title="Log your 1-2-1",
            text=f"How did your 1-2-1 with {name(meeting.delegate)} go? Log it while it's fresh: "
            "the notes stay between the two of you.",
            buttons=(log_button(meeting.id),),
        )
    if coach.erased_at is not None:
        raise NothingToSend("the coach asked to be forgotten")
    return ctx.messenger.send_dm(person_ref(coach), message)
