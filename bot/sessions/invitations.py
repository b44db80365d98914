"""Invitations by DM, answers that can change, and late cancellations told to facilitators at once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.context import Context
from bot.delivery.jobs import Job, NothingToSend
from bot.delivery.outbox import LATE_CANCELLATION, SESSION_CHANGE, enqueue
from bot.interaction.errors import InvalidInput, NotAllowed, NotFound, UserError
from bot.interaction.exchange import Button, Field, Form, FormValues, Reply, Request
from bot.interaction.text import shorten
from bot.messaging.addresses import PersonRef
from bot.messaging.invites import dm_each
from bot.messaging.markup import their_words
from bot.messaging.messenger import Message, Posted
from bot.people.profiles import person_ref
from bot.people.roles import FACILITATOR
from bot.programme.calendar import current_week
from bot.programme.cohorts import workspace_of
from bot.programme.times import label
from bot.sessions.planning import CANCELLED, Change
from storage.models import Cohort, CohortSession, Person, SessionInvitation

GOING, DECLINED = "going", "declined"
ANSWER_GOING, ANSWER_DECLINE = "session_going", "session_decline"
DECLINE_FORM = "session_decline"
MAX_REASON = 500


def where(planned: CohortSession) -> str:
    return planned.place or planned.link or "place to be confirmed"


def describe(planned: CohortSession) -> str:
    """e.g. `Show and tell: Thu 19 Nov 2026 14:00 (Europe/London), 90 minutes, Room 4`."""
    return f"{planned.title}: {label(planned.starts_at, planned.cohort)}, {planned.minutes} minutes, {where(planned)}"


def answer_buttons(invitation: SessionInvitation) -> tuple[Button, ...]:
    value = str(invitation.id)
    return (
        Button("Going", ANSWER_GOING, value=value, style="primary"),
        Button("Can't make it", ANSWER_DECLINE, value=value),
    )


def send_invitations(ctx: Context, job: Job) -> Posted | None:
    """The delivery kind's sender: one DM to each person invited."""
    with ctx.db.read() as session:
        planned = _planned(session, job.subject_id)
        messages = {
            invitation.person_id: Message(
                title=f"You're invited: {planned.title}",
                text=f"{describe(planned)}.\n\nWill you come? You can change your answer later.",
                buttons=answer_buttons(invitation),
                metadata={"kind": "session_invitation", "session_id": planned.id},
            )
            for invitation in planned.invitations
        }
        people = [invitation.person for invitation in planned.invitations if invitation.person.erased_at is None]
    dm_each(ctx.messenger, people, lambda person: messages.get(person.id))
    return None


def _planned(session: Session, session_id: int) -> CohortSession:
    planned = session.get(CohortSession, session_id)
    if planned is None or planned.status == CANCELLED:
        raise NothingToSend("the session was cancelled")
    return planned


def own_invitation(session: Session, person: PersonRef, value: str | int | None) -> SessionInvitation:
    """The invitation a button names, if it is this person's; a polite refusal otherwise."""
    try:
        invitation = session.get(SessionInvitation, int(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        invitation = None
    if invitation is None:
        raise NotFound("Sorry, I can't find that invitation any more.")
    if person_ref(invitation.person) != person:
        raise NotAllowed("Sorry, that invitation is someone else's.")
    planned = invitation.session
    if planned.status == CANCELLED:
        raise UserError(f"{planned.title} was cancelled, so there's nothing to answer.")
    if planned.starts_at <= clock.now():
        raise UserError(f"{planned.title} has already started, so the answer can't change now.")
    return invitation


def going(req: Request, value: str) -> Reply:
    with req.ctx.db.write() as session:
        invitation = own_invitation(session, req.actor.person, value)
        invitation.answer, invitation.reason, invitation.answered_at = GOING, None, clock.now()
        invitation.late_cancellation = False
        return Reply(text=f"Thank you: you're going to {describe(invitation.session)}. I'll remind you the day before.")


def open_decline(req: Request, value: str) -> Reply:
    with req.ctx.db.read() as session:
        invitation = own_invitation(session, req.actor.person, value)
        field = Field("reason", "Reason (optional)", kind="long_text", required=False, max_length=MAX_REASON)
        return Reply(
            form=Form(
                DECLINE_FORM,
                "Can't make it",
                (field,),
                intro=f"{describe(invitation.session)}. A reason helps the facilitators, but you needn't give one.",
                submit_label="Send",
                context={"invitation": invitation.id},
            )
        )


def submit_decline(req: Request, context: dict[str, Any], values: FormValues) -> Reply:
    reason = str(values.get("reason") or "").strip() or None
    if reason and len(reason) > MAX_REASON:
        raise InvalidInput(f"The reason can be at most {MAX_REASON} characters.", "reason")
    now = clock.now()
    with req.ctx.db.write() as session:
        invitation = own_invitation(session, req.actor.person, context.get("invitation"))
        planned = invitation.session
        window = timedelta(hours=req.ctx.settings.cohortbot_late_cancellation_hours)
        late = invitation.answer != DECLINED and planned.starts_at - now <= window
        invitation.answer, invitation.reason, invitation.answered_at = DECLINED, reason, now
        invitation.late_cancellation = invitation.late_cancellation or late
        queued = (enqueue(session, LATE_CANCELLATION, req.actor.person.scope, invitation_id=invitation.id),) if late else ()
        return Reply(queued=queued, text="Thank you for letting us know. You can still change your mind from the invitation.")


def tell_of_late_cancellation(ctx: Context, invitation_id: int) -> None:
    """A DM to each facilitator invited to the session."""
    window = timedelta(hours=ctx.settings.cohortbot_late_cancellation_hours)
    with ctx.db.read() as session:
        invitation = session.get(SessionInvitation, invitation_id)
        if invitation is None:
            raise NothingToSend("the invitation is no longer here")
        planned = invitation.session
        facilitators = [
            i.person
            for i in planned.invitations
            if i.role == FACILITATOR and i.person.erased_at is None and i.id != invitation.id
        ]
        who = invitation.person.display_name or invitation.person.platform_user_id
        reason = " They gave no reason."
        if invitation.reason:
            reason = f" Their reason: {their_words(shorten(invitation.reason, 300))}"
        hours = int(window.total_seconds() // 3600)
        message = Message(
            title="A late cancellation",
            text=f"{who} can't make it to {describe(planned)}: less than {hours} hours before it starts.{reason}",
        )
    dm_each(ctx.messenger, facilitators, lambda person: message)


def queue_change(session: Session, change: Change) -> int:
    """An outbox row telling everyone invited of a move or a cancellation; returns its id."""
    planned = session.get_one(CohortSession, change.session_id)
    scope = workspace_of(planned.cohort)
    return enqueue(session, SESSION_CHANGE, scope, session_id=change.session_id, title=change.title, notice=change.notice)


def tell_invited(ctx: Context, session_id: int, title: str, notice: str) -> None:
    """A DM to everyone invited who hasn't said they can't come (a move, a cancellation)."""
    with ctx.db.read() as session:
        planned = session.get(CohortSession, session_id)
        if planned is None:
            raise NothingToSend("the session is no longer here")
        people: list[Person] = [i.person for i in planned.invitations if i.answer != DECLINED and i.person.erased_at is None]
    dm_each(ctx.messenger, people, lambda person: Message(title=title, text=notice))


def late_cancellations(session: Session, cohort: Cohort, week: int) -> list[str]:
    """`Ben (Show and tell)` for each late cancellation made during programme week `week`."""
    query = (
        select(SessionInvitation)
        .join(CohortSession, SessionInvitation.session_id == CohortSession.id)
        .where(CohortSession.cohort_id == cohort.id, SessionInvitation.late_cancellation.is_(True))
        .order_by(SessionInvitation.answered_at)
    )
    return [
        f"{i.person.display_name or i.person.platform_user_id} ({i.session.title})"
        for i in session.scalars(query)
        if i.answered_at is not None and current_week(cohort, i.answered_at) == week
    ]
