"""A coach logs a 1-2-1: when, how long, what was covered, and the actions agreed. Notes stay between the two."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.coaching.assignments import coaches_of, delegate_of
from bot.coaching.meetings import (
    AFTER,
    AGREED,
    DAY_BEFORE,
    HELD,
    HOUR_BEFORE,
    coaches_meeting,
    meeting_for_dm,
    name,
    still_here,
)
from bot.context import Context
from bot.delivery import subjects
from bot.delivery.outbox import COACHING_NOTES, enqueue
from bot.interaction.errors import InvalidInput, UserError
from bot.interaction.exchange import Button, Field, Form, FormValues, Reply, Request
from bot.interaction.text import MAX_ENTRY_CHARS, clean_entry
from bot.messaging.invites import dm_each
from bot.messaging.markup import bold, their_words
from bot.messaging.messenger import Message
from bot.programme.times import TIME_HINT, field_value, label, read_time
from storage.models import CoachAssignment, CoachingAction, CoachingMeeting

LOG_FORM = "coach_log"
LOG_MEETING = "coach_log_meeting"
ACTION_FOLLOW_UP = "coaching_action_follow_up"
MAX_MINUTES = 480
PRIVATE = "Only you and your coach can see this."


def log_button(meeting_id: int) -> Button:
    return Button("Log this 1-2-1", LOG_MEETING, value=str(meeting_id), style="primary")


def _form(assignment: CoachAssignment, *, when: str, context: dict[str, Any]) -> Form:
    zone = assignment.cohort.timezone
    fields = (
        Field("when", "When", initial=when, max_length=16, hint=f"{TIME_HINT}, {zone} time"),
        Field("minutes", "Minutes", max_length=3, hint="How long it lasted, e.g. 45"),
        Field("notes", "Topics", kind="long_text", max_length=MAX_ENTRY_CHARS, hint="Only you and the delegate see these."),
        Field(
            "actions",
            "Actions agreed",
            kind="long_text",
            required=False,
            max_length=MAX_ENTRY_CHARS,
            hint="One a line. I'll ask the delegate about each later.",
        ),
    )
    intro = f"A 1-2-1 with {name(assignment.delegate)}."
    return Form(LOG_FORM, "Log a 1-2-1", fields, intro=intro, context=context)


def open_log(req: Request, delegate_user_id: str | None) -> Reply:
    """`/coach log @delegate`: the form, for a delegate this person coaches."""
    if delegate_user_id is None:
        raise InvalidInput("Say whose 1-2-1 it was, e.g. `/coach log @Sam`.")
    with req.ctx.db.read() as session:
        assignment = delegate_of(session, req.actor.person, delegate_user_id)
        when = field_value(clock.now(), assignment.cohort)
        return Reply(form=_form(assignment, when=when, context={"delegate": delegate_user_id}))


def open_log_for_meeting(req: Request, value: str) -> Reply:
    """The button in the coach's reminder: the form for that 1-2-1, its time filled in."""
    with req.ctx.db.read() as session:
        meeting = coaches_meeting(session, req.actor.person, _number(value))
        assignment = delegate_of(session, req.actor.person, meeting.delegate.platform_user_id)
        when = field_value(meeting.starts_at or clock.now(), meeting.cohort)
        return Reply(form=_form(assignment, when=when, context={"meeting_id": meeting.id}))


def _number(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise UserError("Sorry, that button no longer works. Use `/coach log` and the delegate's name.") from None


def _minutes(value: object) -> int:
    text = str(value or "").strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_MINUTES:
        raise InvalidInput(f"Minutes must be a whole number from 1 to {MAX_MINUTES}.", "minutes")
    return int(text)


def _actions(value: object) -> list[str]:
    if value is None or not str(value).strip():
        return []
    text = clean_entry(str(value), field="actions", what="The actions")
    return [line.strip(" -•*\t") for line in text.splitlines() if line.strip(" -•*\t")]


def _meeting(session: Session, req: Request, context: dict[str, Any]) -> CoachingMeeting:
    """The agreed 1-2-1 being logged, or a new record for one arranged outside the bot."""
    if context.get("meeting_id") is not None:
        meeting = coaches_meeting(session, req.actor.person, _number(context["meeting_id"]))
        if meeting.status == HELD:
            raise UserError("This 1-2-1 has already been logged.")
        return meeting
    assignment = delegate_of(session, req.actor.person, str(context.get("delegate") or ""))
    meeting = CoachingMeeting(
        cohort_id=assignment.cohort_id, delegate_id=assignment.delegate_id, coach_id=assignment.coach_id, status=AGREED
    )
    session.add(meeting)
    return meeting


def submit_log(req: Request, context: dict[str, Any], values: FormValues) -> Reply:
    minutes = _minutes(values.get("minutes"))
    notes = clean_entry(str(values.get("notes") or ""), field="notes", what="The topics")
    actions = _actions(values.get("actions"))
    now = clock.now()
    with req.ctx.db.write() as session:
        if req.source_key and session.scalar(select(CoachingMeeting.id).where(CoachingMeeting.source_key == req.source_key)):
            return Reply(text="That 1-2-1 is logged.")
        meeting = _meeting(session, req, context)
        session.flush()
        meeting.starts_at = read_time(str(values.get("when") or ""), meeting.cohort, field="when", now=now, future=False)
        meeting.status, meeting.minutes, meeting.notes, meeting.logged_at = HELD, minutes, notes, now
        meeting.source_key = meeting.source_key or req.source_key
        for kind in (DAY_BEFORE, HOUR_BEFORE, AFTER):
            subjects.withdraw(session, kind=kind, subject_id=meeting.id, reason="the 1-2-1 was logged")
        due = now + timedelta(days=req.ctx.settings.cohortbot_action_follow_up_days)
        for text in actions:
            action = CoachingAction(meeting=meeting, text=text, created_at=now)
            session.add(action)
            session.flush()
            subjects.plan(session, cohort_id=meeting.cohort_id, kind=ACTION_FOLLOW_UP, subject_id=action.id, due_at=due, round_=1)
        queued = (enqueue(session, COACHING_NOTES, req.actor.person.scope, meeting_id=meeting.id),)
        who = name(meeting.delegate)
    return Reply(
        text=f"Logged: your 1-2-1 with {who}, {minutes} minutes, {len(actions)} action(s) agreed. "
        f"Only you and {who} can see the notes.",
        queued=queued,
    )


def send_notes(ctx: Context, meeting_id: int) -> None:
    """DM the delegate the notes and actions their coach logged."""
    with ctx.db.read() as session:
        meeting = meeting_for_dm(session, meeting_id)
        message, delegate = _notes_message(meeting, ctx.settings.cohortbot_action_follow_up_days), still_here([meeting.delegate])
    dm_each(ctx.messenger, delegate, lambda _person: message)


def _notes_message(meeting: CoachingMeeting, days: int) -> Message:
    logged = f"{name(meeting.coach)} logged your 1-2-1 of {label(meeting.starts_at, meeting.cohort)}."
    lines = [logged, "", their_words(meeting.notes or "")]
    if meeting.actions:
        lines += ["", "Actions agreed:", *(f"• {their_words(action.text)}" for action in meeting.actions)]
        lines += ["", f"I'll ask you about each in {days} days."]
    lines += ["", PRIVATE]
    return Message(title="Your 1-2-1 notes", text="\n".join(lines))


# Reading the notes


def notes(req: Request, delegate_user_id: str | None) -> Reply:
    """`/coach notes`: a delegate's own 1-2-1s; `/coach notes @delegate`: a coach's delegate's. Nobody else's."""
    with req.ctx.db.read() as session:
        if delegate_user_id is None or delegate_user_id == req.actor.person.user_id:
            assignments = coaches_of(session, req.actor.person)
        else:
            assignments = [delegate_of(session, req.actor.person, delegate_user_id)]
        return Reply(text="\n\n".join(notes_text(session, assignment) for assignment in assignments))


def notes_text(session: Session, assignment: CoachAssignment) -> str:
    held = session.scalars(
        select(CoachingMeeting)
        .where(
            CoachingMeeting.delegate_id == assignment.delegate_id,
            CoachingMeeting.coach_id == assignment.coach_id,
            CoachingMeeting.cohort_id == assignment.cohort_id,
            CoachingMeeting.status == HELD,
        )
        .order_by(CoachingMeeting.starts_at)
    )
    lines = [bold(f"1-2-1s: {name(assignment.delegate)} with {name(assignment.coach)}")]
    for meeting in held:
        lines += ["", f"{label(meeting.starts_at, meeting.cohort)}, {meeting.minutes} minutes", their_words(meeting.notes or "")]
        lines += [f"• {their_words(action.text)} ({action.status})" for action in meeting.actions]
    if len(lines) == 1:
        lines.append("None logged yet.")
    lines += ["", "Only the delegate and their coach can see these notes."]
    return "\n".join(lines)
