"""Following up each action agreed at a 1-2-1: "Did you ...?" done, not yet, or dropped."""

from __future__ import annotations

from datetime import timedelta

from bot import clock
from bot.coaching.logs import ACTION_FOLLOW_UP, PRIVATE
from bot.coaching.meetings import name
from bot.context import Context
from bot.delivery import subjects
from bot.delivery.jobs import Job, NothingToSend
from bot.interaction.errors import NotAllowed, NotFound, UserError
from bot.interaction.exchange import Button, Reply, Request
from bot.interaction.text import shorten
from bot.messaging.messenger import Message, Posted
from bot.people.profiles import person_ref
from bot.programme.times import label
from storage.models import CoachingAction

OPEN, DONE, DROPPED = "open", "done", "dropped"
ACTION_DONE, ACTION_NOT_YET, ACTION_DROPPED = "coach_action_done", "coach_action_not_yet", "coach_action_dropped"
MAX_ROUNDS = 3  # "not yet" twice, then no more asking


def follow_up_message(action: CoachingAction) -> Message:
    meeting = action.meeting
    value = str(action.id)
    return Message(
        title="An action from your 1-2-1",
        text=f"At your 1-2-1 with {name(meeting.coach)} on {label(meeting.starts_at, meeting.cohort)} you agreed to:\n\n"
        f"{shorten(action.text, 1000)}\n\nDid you?",
        buttons=(
            Button("Done", ACTION_DONE, value=value, style="primary"),
            Button("Not yet", ACTION_NOT_YET, value=value),
            Button("Dropped", ACTION_DROPPED, value=value),
        ),
        metadata={"kind": ACTION_FOLLOW_UP, "action_id": action.id},
    )


def send_follow_up(ctx: Context, job: Job) -> Posted | None:
    """The delivery kind's sender: one DM to the delegate, while the action is still open."""
    with ctx.db.read() as session:
        action = session.get(CoachingAction, job.subject_id)
        if action is None or action.status != OPEN:
            raise NothingToSend("the action is no longer open")
        delegate = action.meeting.delegate
        if delegate.erased_at is not None:
            raise NothingToSend("the delegate asked to be forgotten")
        message, person = follow_up_message(action), person_ref(delegate)
    return ctx.messenger.send_dm(person, message)


def _answer(req: Request, value: str, status: str) -> Reply:
    try:
        action_id = int(value)
    except ValueError:
        raise UserError("Sorry, that button no longer works.") from None
    now = clock.now()
    with req.ctx.db.write() as session:
        action = session.get(CoachingAction, action_id)
        if action is None:
            raise NotFound("Sorry, I can't find that action any more.")
        if person_ref(action.meeting.delegate) != req.actor.person:
            raise NotAllowed("Sorry, only the delegate who agreed that action can answer for it.")
        action.status, action.answered_at = status, now
        if status == DONE:
            return Reply(text=f"Well done: marked as done. {PRIVATE}")
        if status == DROPPED:
            return Reply(text=f"Marked as dropped; that's useful to know too. {PRIVATE}")
        action.follow_ups += 1
        if action.follow_ups >= MAX_ROUNDS:
            return Reply(text=f"Noted: not yet. I won't ask again; tell your coach how it goes. {PRIVATE}")
        days = req.ctx.settings.cohortbot_action_follow_up_days
        subjects.plan(
            session,
            cohort_id=action.meeting.cohort_id,
            kind=ACTION_FOLLOW_UP,
            subject_id=action.id,
            due_at=now + timedelta(days=days),
            round_=action.follow_ups + 1,
        )
        return Reply(text=f"Noted: not yet. I'll ask again in {days} days. {PRIVATE}")


def done(req: Request, value: str) -> Reply:
    return _answer(req, value, DONE)


def not_yet(req: Request, value: str) -> Reply:
    return _answer(req, value, OPEN)


def dropped(req: Request, value: str) -> Reply:
    return _answer(req, value, DROPPED)
