"""Reminders of an agreed 1-2-1, to the delegate and the coach: the day before and an hour before."""

from __future__ import annotations

from collections.abc import Callable

from bot.coaching.logs import log_button
from bot.coaching.meetings import AGREED, DAY_BEFORE, name
from bot.context import Context
from bot.delivery.jobs import Job, NothingToSend
from bot.messaging.invites import dm_each
from bot.messaging.messenger import Message, PostRef
from bot.programme.times import label
from storage.models import CoachingMeeting, Person


def send_reminder(ctx: Context, job: Job) -> PostRef | None:
    """The delivery kinds' sender: both people, while the 1-2-1 is still agreed for a time to come."""
    with ctx.db.read() as session:
        meeting = session.get(CoachingMeeting, job.subject_id)
        if meeting is None or meeting.status != AGREED or meeting.starts_at is None:
            raise NothingToSend("the 1-2-1 is no longer agreed")
        people = [person for person in (meeting.delegate, meeting.coach) if person.erased_at is None]
        message_for = _messages(meeting, tomorrow=job.kind == DAY_BEFORE)
    if not dm_each(ctx.messenger, people, message_for):
        raise NothingToSend("neither person could be reached")
    return None


def _messages(meeting: CoachingMeeting, *, tomorrow: bool) -> Callable[[Person], Message]:
    when = label(meeting.starts_at, meeting.cohort) if meeting.starts_at else ""
    soon = "tomorrow" if tomorrow else "in an hour"

    def message_for(person: Person) -> Message:
        is_coach = person.id == meeting.coach_id
        other = meeting.delegate if is_coach else meeting.coach
        return Message(
            title=f"1-2-1 {soon}",
            text=f"A reminder: your 1-2-1 with {name(other)} is {soon}, {when}.",
            # After the hour-before reminder the coach has the log form one press away.
            buttons=(log_button(meeting.id),) if is_coach and not tomorrow else (),
        )

    return message_for
