"""Who came: facilitators mark attendance after a session (and can correct it); delegates can check in during it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from bot import clock
from bot.context import Context
from bot.delivery.jobs import Job, NothingToSend
from bot.interaction.errors import NotAllowed, NotFound, UserError
from bot.interaction.exchange import Button, Reply, Request
from bot.messaging.invites import dm_each
from bot.messaging.messenger import Message, Posted
from bot.people.profiles import person_ref
from bot.people.roles import DELEGATE, FACILITATOR, require_role
from storage.models import CohortSession, SessionInvitation

MARK_ATTENDED = "session_mark_attended"
CHECK_IN = "session_check_in"
CHECK_IN_EARLY = timedelta(minutes=15)


def _name(invitation: SessionInvitation) -> str:
    return invitation.person.display_name or invitation.person.platform_user_id


def check_in_button(invitation: SessionInvitation) -> Button:
    return Button("I'm here", CHECK_IN, value=str(invitation.id), style="primary")


def attendance_buttons(invitation: SessionInvitation) -> tuple[Button, Button]:
    name = _name(invitation)[:50]
    return (
        Button(f"Came: {name}", MARK_ATTENDED, value=f"{invitation.id}:yes"),
        Button(f"Didn't come: {name}", MARK_ATTENDED, value=f"{invitation.id}:no"),
    )


def send_attendance(ctx: Context, job: Job) -> Posted | None:
    """After the session: the facilitators get the delegates who said they were going, to mark who came."""
    with ctx.db.read() as session:
        planned = session.get(CohortSession, job.subject_id)
        if planned is None or planned.status == "cancelled":
            raise NothingToSend("the session was cancelled")
        expected = [i for i in planned.invitations if i.role == DELEGATE and i.answer == "going"]
        checked_in = [_name(i) for i in expected if i.attended]
        lines = [f"Who came to {planned.title}? These delegates said they were going:"]
        lines += [f"• {_name(i)}" for i in expected] or ["• nobody"]
        if checked_in:
            lines.append(f"Checked in with I'm here: {', '.join(checked_in)}.")
        lines.append("Press a button for each; you can correct it later by pressing the other.")
        buttons = tuple(button for i in expected for button in attendance_buttons(i))[:24]
        message = Message(title=f"Attendance: {planned.title}", text="\n".join(lines), buttons=buttons)
        facilitators = [i.person for i in planned.invitations if i.role == FACILITATOR and i.person.erased_at is None]
    if not facilitators:
        raise NothingToSend("the cohort has no facilitator to ask")
    dm_each(ctx.messenger, facilitators, lambda person: message)
    return None


def _invitation(session: Session, value: str) -> SessionInvitation:
    try:
        invitation = session.get(SessionInvitation, int(value))
    except ValueError:
        invitation = None
    if invitation is None:
        raise NotFound("Sorry, I can't find that person's invitation any more.")
    return invitation


def mark_attended(req: Request, value: str) -> Reply:
    """Record once; pressing the other button corrects it."""
    number, _, said = value.partition(":")
    if said not in ("yes", "no"):
        raise UserError("Sorry, that button no longer works.")
    came = said == "yes"
    with req.ctx.db.write() as session:
        invitation = _invitation(session, number)
        planned = invitation.session
        require_role(session, req.actor.person, planned.cohort, {FACILITATOR}, admin=req.ctx.is_admin(req.actor.person))
        if planned.starts_at > clock.now():
            raise UserError(f"{planned.title} hasn't started yet, so attendance can't be marked.")
        what = "came" if came else "didn't come"
        if invitation.attended is came:
            return Reply(text=f"Already recorded: {_name(invitation)} {what}.")
        corrected = invitation.attended is not None
        invitation.attended, invitation.attendance_marked_at = came, clock.now()
        return Reply(text=f"{'Corrected' if corrected else 'Recorded'}: {_name(invitation)} {what} to {planned.title}.")


def check_in(req: Request, value: str) -> Reply:
    now = clock.now()
    with req.ctx.db.write() as session:
        invitation = _invitation(session, value)
        if person_ref(invitation.person) != req.actor.person:
            raise NotAllowed("Sorry, that check-in is someone else's.")
        planned = invitation.session
        if not planned.starts_at - CHECK_IN_EARLY <= now <= planned.starts_at + timedelta(minutes=planned.minutes):
            raise UserError(f"Check-in is open from 15 minutes before {planned.title} until it ends.")
        if invitation.attended:
            return Reply(text="You're already checked in. Enjoy the session.")
        invitation.attended, invitation.attendance_marked_at = True, now
        return Reply(text=f"Checked in to {planned.title}. Enjoy the session.")
