"""Asking for a 1-2-1 and agreeing its time; both people are told, and reminded the day before and an hour before."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import clock
from bot.coaching.assignments import coach_assignment
from bot.context import Context
from bot.delivery import subjects
from bot.delivery.jobs import NothingToSend
from bot.delivery.outbox import COACHING_AGREED, COACHING_REQUEST, enqueue
from bot.interaction.errors import CohortChoiceNeeded, NotAllowed, NotFound, UserError
from bot.interaction.exchange import Button, Field, Form, FormValues, Option, Reply, Request
from bot.interaction.text import MAX_ENTRY_CHARS, clean_entry, shorten
from bot.messaging.addresses import PersonRef
from bot.messaging.invites import dm_each
from bot.messaging.markup import their_words
from bot.messaging.messenger import Message
from bot.people.profiles import person_ref
from bot.programme.calendar import local_instant
from bot.programme.cohorts import workspace_of
from bot.programme.times import TIME_HINT, label, read_time
from storage.models import CoachAssignment, CoachingAction, CoachingMeeting, Person

REQUEST_FORM = "coach_request"
PROPOSE_FORM = "coach_propose"
ACCEPT_TIME = "coach_accept_time"
PROPOSE_TIME = "coach_propose_time"
REQUESTED, AGREED, HELD = "requested", "agreed", "held"
DAY_BEFORE, HOUR_BEFORE, AFTER = "coaching_day_before", "coaching_hour_before", "coaching_after"
PREFERRED_FIELDS = ("time_1", "time_2", "time_3")
QUESTION = "What would you like help with?"


def name(person: Person) -> str:
    return person.display_name or person.platform_user_id


# What a delegate sees


def outlook(session: Session, assignment: CoachAssignment) -> str:
    """The delegate's next 1-2-1 and open actions, in a few lines."""
    now = clock.now()
    upcoming = session.scalars(
        select(CoachingMeeting)
        .where(
            CoachingMeeting.delegate_id == assignment.delegate_id,
            CoachingMeeting.status == AGREED,
            CoachingMeeting.starts_at > now,
        )
        .order_by(CoachingMeeting.starts_at)
    ).first()
    lines = [f"Your coach is {name(assignment.coach)}."]
    if upcoming is not None and upcoming.starts_at is not None:
        lines.append(f"Your next 1-2-1: {label(upcoming.starts_at, upcoming.cohort)}.")
    else:
        lines.append("No 1-2-1 is booked yet.")
    actions = open_actions(session, assignment.delegate_id)
    if actions:
        lines.append("Your open actions: " + "; ".join(shorten(action.text, 200) for action in actions) + ".")
    return "\n".join(lines)


def open_actions(session: Session, delegate_id: int) -> list[CoachingAction]:
    return list(
        session.scalars(
            select(CoachingAction)
            .join(CoachingMeeting, CoachingAction.meeting_id == CoachingMeeting.id)
            .where(CoachingMeeting.delegate_id == delegate_id, CoachingAction.status == "open")
            .order_by(CoachingAction.id)
        )
    )


def request_form(req: Request, draft: str | None = None) -> Form:
    """The form for this delegate's coach; with a coach in several cohorts, outside one's channel, they choose which."""
    choices: tuple[Field, ...] = ()
    with req.ctx.db.read() as session:
        try:
            assignment = coach_assignment(session, req.actor.person, place=req.actor.place)
            intro, zone, context = outlook(session, assignment), assignment.cohort.timezone, {"cohort_id": assignment.cohort_id}
        except CohortChoiceNeeded as choice:
            options = tuple(Option(str(c.id), c.name) for c in choice.choices)
            choices = (Field("cohort", "Which cohort's coach?", kind="select", options=options),)
            intro, zone, context = "You have a coach in more than one cohort.", "the cohort's", {}
    times = tuple(
        Field(key, f"A time that suits you ({index})", required=False, max_length=16, hint=f"{TIME_HINT}, {zone} time")
        for index, key in enumerate(PREFERRED_FIELDS, start=1)
    )
    fields = (*choices, Field("request", QUESTION, kind="long_text", max_length=MAX_ENTRY_CHARS, initial=draft), *times)
    return Form(REQUEST_FORM, "Ask for a 1-2-1", fields, intro=intro, submit_label="Send", context=context)


# Asking


def ask(req: Request, request: str, times: list[str], cohort_id: int | None = None) -> Reply:
    """Store the request once per platform request and DM the coach with buttons to agree a time.

    The coach is the one of the cohort named, or the only one, or this channel's cohort's: never one picked by order.
    """
    request = clean_entry(request, field="request", what="What you'd like help with")
    now = clock.now()
    queued: tuple[int, ...] = ()
    try:
        with req.ctx.db.write() as session:
            meeting = session.scalar(select(CoachingMeeting).where(CoachingMeeting.source_key == req.source_key))
            if meeting is None:
                assignment = coach_assignment(session, req.actor.person, place=req.actor.place, cohort_id=cohort_id)
                preferred = [
                    read_time(text, assignment.cohort, field=key, now=now).isoformat()
                    for key, text in zip(PREFERRED_FIELDS, times, strict=False)
                    if text.strip()
                ]
                meeting = CoachingMeeting(
                    cohort_id=assignment.cohort_id,
                    delegate_id=assignment.delegate_id,
                    coach_id=assignment.coach_id,
                    request=request,
                    preferred=preferred,
                    source_key=req.source_key,
                    created_at=now,
                )
                session.add(meeting)
                session.flush()
                queued = (enqueue(session, COACHING_REQUEST, req.actor.person.scope, meeting_id=meeting.id),)
            coach = name(meeting.coach)
    except IntegrityError:  # the same request, arriving twice at once
        pass
    else:
        return Reply(
            text=f"I've asked {coach}, your coach, for a 1-2-1. You'll get a message when a time is agreed.", queued=queued
        )
    return Reply(text="I've asked your coach for a 1-2-1. You'll get a message when a time is agreed.")


def meeting_for_dm(session: Session, meeting_id: int) -> CoachingMeeting:
    """The 1-2-1 an outbox row names, for the DMs about it; nothing to send if it has gone."""
    meeting = session.get(CoachingMeeting, meeting_id)
    if meeting is None:
        raise NothingToSend("the 1-2-1 is no longer here")
    return meeting


def still_here(people: list[Person]) -> list[Person]:
    return [person for person in people if person.erased_at is None]


def send_request(ctx: Context, meeting_id: int) -> None:
    """DM the coach the delegate's request, with buttons to agree a time."""
    with ctx.db.read() as session:
        meeting = meeting_for_dm(session, meeting_id)
        message, coach = _request_message(meeting), still_here([meeting.coach])
    dm_each(ctx.messenger, coach, lambda _person: message)


def _request_message(meeting: CoachingMeeting) -> Message:
    buttons = [
        Button(
            f"Accept {label(datetime.fromisoformat(at), meeting.cohort)}"[:75],
            ACCEPT_TIME,
            value=json.dumps({"meeting": meeting.id, "at": at}),
            style="primary",
        )
        for at in meeting.preferred
    ]
    buttons.append(Button("Propose a time", PROPOSE_TIME, value=str(meeting.id)))
    suits = "They offered the times below." if meeting.preferred else "They didn't suggest a time."
    asked = their_words(shorten(meeting.request or "", 2000))
    return Message(
        title="A request for a 1-2-1",
        text=f"{name(meeting.delegate)} would like a 1-2-1.\n\n{QUESTION}\n{asked}\n\n{suits}",
        buttons=tuple(buttons),
        metadata={"kind": "coaching_request", "meeting_id": meeting.id},
    )


def submit_request(req: Request, context: dict[str, Any], values: FormValues) -> Reply:
    times = [str(values.get(key) or "") for key in PREFERRED_FIELDS]
    chosen = values.get("cohort")
    cohort_id = int(chosen) if isinstance(chosen, str) and chosen.isdigit() else context.get("cohort_id")
    return ask(req, str(values.get("request") or ""), times, cohort_id)


# Agreeing a time


def coaches_meeting(session: Session, coach: PersonRef, meeting_id: int) -> CoachingMeeting:
    """The meeting, if `coach` is its coach; a polite refusal otherwise."""
    meeting = session.get(CoachingMeeting, meeting_id)
    if meeting is None:
        raise NotFound("Sorry, I can't find that 1-2-1 any more.")
    if person_ref(meeting.coach) != coach:
        raise NotAllowed("Sorry, only the delegate's coach can do that.")
    return meeting


def _meeting_id(value: str | int | None) -> int:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise UserError("Sorry, that button no longer works. Ask the delegate to send their request again.") from None


def accept_time(req: Request, value: str) -> Reply:
    try:
        data = json.loads(value)
        meeting_id, at = _meeting_id(data["meeting"]), datetime.fromisoformat(data["at"])
    except (ValueError, TypeError, KeyError):
        raise UserError("Sorry, that button no longer works. Use Propose a time instead.") from None
    with req.ctx.db.write() as session:
        meeting = coaches_meeting(session, req.actor.person, meeting_id)
        if at.isoformat() not in meeting.preferred:
            raise UserError("Sorry, that time wasn't one the delegate offered. Use Propose a time instead.")
        if at <= clock.now():
            raise UserError("That time has passed. Use Propose a time to suggest another.")
        return agree(session, meeting, at)


def propose_time(req: Request, value: str) -> Reply:
    with req.ctx.db.read() as session:
        meeting = coaches_meeting(session, req.actor.person, _meeting_id(value))
        field = Field("at", "When", max_length=16, hint=f"{TIME_HINT}, {meeting.cohort.timezone} time")
        intro = f"A 1-2-1 with {name(meeting.delegate)}. They'll be told the time straight away."
        return Reply(form=Form(PROPOSE_FORM, "Propose a time", (field,), intro=intro, context={"meeting_id": meeting.id}))


def submit_proposal(req: Request, context: dict[str, Any], values: FormValues) -> Reply:
    with req.ctx.db.write() as session:
        meeting = coaches_meeting(session, req.actor.person, _meeting_id(context.get("meeting_id")))
        at = read_time(str(values.get("at") or ""), meeting.cohort, field="at", now=clock.now())
        return agree(session, meeting, at)


def agree(session: Session, meeting: CoachingMeeting, at: datetime) -> Reply:
    """Fix the time, plan the reminders, and tell both people."""
    if meeting.status == HELD:
        raise UserError("This 1-2-1 has already been logged.")
    meeting.status, meeting.starts_at = AGREED, at
    plan_reminders(session, meeting, clock.now())
    queued = (enqueue(session, COACHING_AGREED, workspace_of(meeting.cohort), meeting_id=meeting.id),)
    return Reply(text=f"Agreed: {name(meeting.delegate)}, {label(at, meeting.cohort)}. I've told you both.", queued=queued)


def tell_agreed(ctx: Context, meeting_id: int) -> None:
    """DM the delegate and the coach the agreed time."""
    with ctx.db.read() as session:
        meeting = meeting_for_dm(session, meeting_id)
        if meeting.starts_at is None:
            raise NothingToSend("the 1-2-1 has no time")
        when = label(meeting.starts_at, meeting.cohort)
        messages = {
            person.id: Message(
                title="1-2-1 agreed",
                text=f"Your 1-2-1 with {name(other)} is at {when}. I'll remind you the day before and an hour before.",
            )
            for person, other in ((meeting.delegate, meeting.coach), (meeting.coach, meeting.delegate))
        }
        people = still_here([meeting.delegate, meeting.coach])
    dm_each(ctx.messenger, people, lambda person: messages[person.id])


def plan_reminders(session: Session, meeting: CoachingMeeting, now: datetime) -> None:
    """The day before (at the cohort's posting time) and an hour before; an hour after, the coach is asked to log it.

    One already past is not sent.
    """
    assert meeting.starts_at is not None
    cohort = meeting.cohort
    local_day = meeting.starts_at.astimezone(ZoneInfo(cohort.timezone)).date()
    due = {
        DAY_BEFORE: local_instant(local_day - timedelta(days=1), cohort.local_time, cohort.timezone),
        HOUR_BEFORE: meeting.starts_at - timedelta(hours=1),
        AFTER: meeting.starts_at + timedelta(hours=1),
    }
    for kind, at in due.items():
        if at > now:
            subjects.plan(session, cohort_id=cohort.id, kind=kind, subject_id=meeting.id, due_at=at)
        else:
            subjects.withdraw(session, kind=kind, subject_id=meeting.id, reason="the time was agreed after this was due")
