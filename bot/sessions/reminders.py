"""Session reminders the day before and an hour before, to everyone going or yet to answer; none to those who declined."""

from __future__ import annotations

from bot.context import Context
from bot.delivery.jobs import Job, NothingToSend
from bot.messaging.invites import dm_each
from bot.messaging.messenger import Message, Posted
from bot.people.roles import DELEGATE
from bot.sessions.attendance import check_in_button
from bot.sessions.invitations import DECLINED, GOING, answer_buttons, describe
from bot.sessions.planning import CANCELLED, DAY_BEFORE
from storage.models import CohortSession, SessionInvitation


def send_reminders(ctx: Context, job: Job) -> Posted | None:
    tomorrow = job.kind == DAY_BEFORE
    with ctx.db.read() as session:
        planned = session.get(CohortSession, job.subject_id)
        if planned is None or planned.status == CANCELLED:
            raise NothingToSend("the session was cancelled")
        invited = [i for i in planned.invitations if i.answer != DECLINED and i.person.erased_at is None]
        messages = {i.person_id: _message(planned, i, tomorrow=tomorrow) for i in invited}
        people = [i.person for i in invited]
    if not people:
        raise NothingToSend("everyone invited has declined")
    dm_each(ctx.messenger, people, lambda person: messages.get(person.id))
    return None


def _message(planned: CohortSession, invitation: SessionInvitation, *, tomorrow: bool) -> Message:
    soon = "tomorrow" if tomorrow else "in an hour"
    if invitation.answer != GOING:
        buttons, ask = answer_buttons(invitation), " Will you come?"
    elif not tomorrow and invitation.role == DELEGATE:
        buttons, ask = (check_in_button(invitation),), " Press I'm here when you arrive."
    else:
        buttons, ask = (), ""
    return Message(title=f"{planned.title} {soon}", text=f"A reminder: {describe(planned)}.{ask}", buttons=buttons)
