"""`/coach`: a delegate asks their coach for a 1-2-1; a coach logs one or reads a delegate's notes."""

from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from bot import clock
from bot.coaching import logs
from bot.coaching.assignments import coached_by
from bot.coaching.meetings import AGREED, REQUESTED, ask, name, request_form
from bot.interaction.errors import CohortChoiceNeeded
from bot.interaction.exchange import Reply, Request
from bot.messaging.addresses import PersonRef
from bot.messaging.markup import bold
from bot.programme.times import label
from storage.models import CoachingMeeting

COACH_WORDS = {"log": logs.open_log, "notes": logs.notes}
HELP = (
    "`/coach what I'd like help with`: ask your coach for a 1-2-1\n"
    "`/coach`: the same, with a form for times that suit you\n"
    "`/coach notes`: your 1-2-1 notes and actions\n"
    "Coaches: `/coach log @delegate` logs a 1-2-1, `/coach notes @delegate` shows their notes."
)


def coach(req: Request, text: str) -> Reply:
    words = text.split()
    if text.strip().lower() == "help":
        return Reply(text=HELP)
    # `log` or `notes`, alone or with one person, is a coach's word; anything else is a request.
    if words and words[0].lower() in COACH_WORDS and len(words) <= 2:
        person = req.person_named(words[1]) if len(words) == 2 else None
        if len(words) == 1 or person is not None:
            return COACH_WORDS[words[0].lower()](req, person)
    if text.strip():
        try:
            return ask(req, text, [])
        except CohortChoiceNeeded:
            return Reply(form=request_form(req, draft=text))
    with req.ctx.db.read() as session:
        if coached_by(session, req.actor.person):
            return Reply(text=coach_overview(session, req.actor.person))
    return Reply(form=request_form(req))


def coach_overview(session: Session, coach: PersonRef) -> str:
    """A coach's delegates, each with their next agreed 1-2-1."""
    now = clock.now()
    lines = [bold("The delegates you coach")]
    for assignment in coached_by(session, coach):
        waiting = session.scalars(
            select(CoachingMeeting)
            .where(
                CoachingMeeting.delegate_id == assignment.delegate_id,
                CoachingMeeting.coach_id == assignment.coach_id,
                or_(
                    CoachingMeeting.status == REQUESTED,
                    and_(CoachingMeeting.status == AGREED, CoachingMeeting.starts_at > now),
                ),
            )
            .order_by(CoachingMeeting.starts_at.is_(None), CoachingMeeting.starts_at)
        ).first()
        if waiting is None:
            when = "no 1-2-1 booked"
        elif waiting.starts_at is None:
            when = "asked for a 1-2-1, no time agreed yet"
        else:
            when = f"next 1-2-1 {label(waiting.starts_at, assignment.cohort)}"
        lines.append(f"{name(assignment.delegate)} ({assignment.cohort.name}): {when}")
    return "\n".join([*lines, "", HELP])
