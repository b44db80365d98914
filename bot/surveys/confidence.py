"""The confidence and competence survey (outcome 1): baseline, midpoint and final.

Each phase opens in its week and stays open until the next phase opens:
baseline in week 1, midpoint in the middle week (weeks // 2 + 1, so week 14 of 26),
final in the last week, staying open for FINAL_GRACE_WEEKS after the programme ends.
When a short programme puts two phases in the same week, the later phase wins.
Answering a phase again replaces the earlier answers; those are kept, marked superseded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.content import load
from bot.context import Context
from bot.interaction.errors import CohortChoiceNeeded, InvalidInput, NotEnrolled
from bot.interaction.exchange import Button, Field, Form, FormValues, Option, Reply, Request
from bot.interaction.text import parse_rating
from bot.journal.actions import EDIT_CHALLENGE
from bot.messaging.invites import button_cohort_id, delegates, dm_each
from bot.messaging.markup import their_words
from bot.messaging.messenger import Message
from bot.people.privacy import with_notice
from bot.programme.cohorts import cohort_for_entry
from storage.models import Cohort, ConfidenceRating, Person

BASELINE, MIDPOINT, FINAL = "baseline", "midpoint", "final"
PHASES = (BASELINE, MIDPOINT, FINAL)
FINAL_GRACE_WEEKS = 4
CONFIDENCE_FORM = "confidence"
OPEN_CONFIDENCE = "open_confidence"


@dataclass(frozen=True)
class Item:
    key: str
    measure: str
    statement: str


@dataclass(frozen=True)
class Instrument:
    scale: dict[int, str]
    items: tuple[Item, ...]


@cache
def instrument() -> Instrument:
    data = load("confidence.yaml")
    scale = {int(value): str(label) for value, label in data["scale"].items()}
    items = tuple(Item(str(i["key"]), str(i.get("measure", "")), str(i["statement"])) for i in data["items"])
    return Instrument(scale, items)


def phase_weeks(cohort: Cohort) -> dict[str, int]:
    return {BASELINE: 1, MIDPOINT: cohort.weeks // 2 + 1, FINAL: cohort.weeks}


def programme_week(cohort: Cohort, at: datetime) -> int:
    """The week `at` falls in, counted from the start in the cohort's timezone; below 1 before it starts."""
    local_day = at.astimezone(ZoneInfo(cohort.timezone)).date()
    return (local_day - cohort.start_date).days // 7 + 1


def open_phase(cohort: Cohort, at: datetime) -> str | None:
    week = programme_week(cohort, at)
    if week < 1 or week > cohort.weeks + FINAL_GRACE_WEEKS:
        return None
    opened = [phase for phase, starts in phase_weeks(cohort).items() if starts <= week]
    return opened[-1] if opened else None


def survey_invites_due(cohort: Cohort) -> dict[int, str]:
    """Week -> phase whose survey the calendar DMs that week (week 1, the middle week, the last week)."""
    return {week: phase for phase, week in phase_weeks(cohort).items()}


def _week_start(cohort: Cohort, week: int) -> str:
    return f"{cohort.start_date + timedelta(weeks=week - 1):%a %d %b}"


def not_open_message(cohort: Cohort) -> str:
    weeks = phase_weeks(cohort)
    when = ", ".join(f"the {phase} in week {week} (from {_week_start(cohort, week)})" for phase, week in weeks.items())
    return f"The confidence survey for {cohort.name} isn't open right now. It opens three times: {when}."


def current_ratings(session: Session, person_id: int, cohort_id: int, phase: str) -> dict[str, int]:
    rows = session.scalars(
        select(ConfidenceRating).where(
            ConfidenceRating.person_id == person_id,
            ConfidenceRating.cohort_id == cohort_id,
            ConfidenceRating.phase == phase,
            ConfidenceRating.superseded_at.is_(None),
        )
    )
    return {row.item_key: row.rating for row in rows}


def confidence_form(cohort: Cohort, phase: str, previous: dict[str, int]) -> Form:
    scale = instrument().scale
    options = tuple(Option(str(value), f"{value} {label}") for value, label in sorted(scale.items()))
    fields = tuple(
        Field(item.key, item.statement, kind="rating", options=options, initial=_initial(previous.get(item.key)))
        for item in instrument().items
    )
    intro = (
        f"**{cohort.name}: {phase} survey.** Rate each statement from 1 ({scale[1].lower()}) "
        f"to 5 ({scale[5].lower()}), as things are for you today. It takes about two minutes."
    )
    if previous:
        intro += " Your earlier answers are filled in; saving replaces them."
    return Form(CONFIDENCE_FORM, f"Confidence: {phase}", fields, intro=intro, context={"cohort_id": cohort.id, "phase": phase})


def _initial(rating: int | None) -> str | None:
    return str(rating) if rating is not None else None


def _form_for(session: Session, person_id: int, cohort: Cohort) -> Reply:
    phase = open_phase(cohort, clock.now())
    if phase is None:
        return Reply(text=not_open_message(cohort))
    return Reply(form=confidence_form(cohort, phase, current_ratings(session, person_id, cohort.id, phase)))


def _cohort_buttons(choice: CohortChoiceNeeded) -> Reply:
    return Reply(text="You're in more than one cohort. Which one is this survey for?", buttons=choice.buttons(OPEN_CONFIDENCE))


def confidence(req: Request, text: str) -> Reply:
    """/confidence: the survey phase that is open now, for the delegate's cohort."""
    with req.ctx.db.read() as session:
        try:
            person_id, cohort = cohort_for_entry(session, req.actor.person, place=req.actor.place)
        except CohortChoiceNeeded as choice:
            return _cohort_buttons(choice)
        return _form_for(session, person_id, cohort)


def _cohort_id(value: str | dict[str, Any]) -> int:
    return button_cohort_id(value, retry="Please try `/confidence`.")


def open_confidence(req: Request, value: str) -> Reply:
    """The survey button in a DM (or a cohort choice): the open phase's form."""
    with req.ctx.db.read() as session:
        person_id, cohort = cohort_for_entry(session, req.actor.person, cohort_id=_cohort_id(value))
        return _form_for(session, person_id, cohort)


def submit_confidence(req: Request, context: dict[str, Any], values: FormValues) -> Reply:
    items = instrument().items
    ratings = {item.key: parse_rating(values.get(item.key), field=item.key) for item in items}
    now = clock.now()
    with req.ctx.db.write() as session:
        try:
            person_id, cohort = cohort_for_entry(session, req.actor.person, cohort_id=_cohort_id(context))
        except NotEnrolled as error:
            raise InvalidInput(str(error), items[0].key) from None
        phase = str(context.get("phase"))
        if open_phase(cohort, now) != phase:
            raise InvalidInput(f"The {phase} survey is not open any more. " + not_open_message(cohort), items[0].key)
        session.get(Person, person_id, with_for_update=True)  # one answer set at a time per person
        replaced = session.execute(
            update(ConfidenceRating)
            .where(
                ConfidenceRating.person_id == person_id,
                ConfidenceRating.cohort_id == cohort.id,
                ConfidenceRating.phase == phase,
                ConfidenceRating.superseded_at.is_(None),
            )
            .values(superseded_at=now)
        ).rowcount
        session.add_all(
            ConfidenceRating(person_id=person_id, cohort_id=cohort.id, phase=phase, item_key=key, rating=rating, created_at=now)
            for key, rating in ratings.items()
        )
    average = sum(ratings.values()) / len(ratings)
    text = f"Thank you: your {phase} ratings for {cohort.name} are saved (average {average:.1f} out of 5)."
    if replaced:
        text += " They replace your earlier answers, which are kept in the history."
    text += " Only you, your facilitators and the programme's evaluators can see them."
    return Reply(text=with_notice(req.ctx.db, req.actor.person, text))


def _revisit(person: Person) -> str:
    """The midpoint's offer to look again at the personal challenge set at the start."""
    current = f": {their_words(person.personal_challenge)}" if person.personal_challenge else " (not set yet)"
    return (
        f"\n\nHalfway through is also a good time to look again at your personal challenge{current}. "
        "Does it still fit? You can revise it; the earlier version is kept."
    )


def _invite(cohort: Cohort, phase: str, answered: set[int]) -> Any:
    count = len(instrument().items)

    def message_for(person: Person) -> Message | None:
        if person.id in answered:
            return None
        midpoint = phase == MIDPOINT
        return Message(
            title=f"Confidence check: {phase}",
            text=(
                f"Please rate {count} short statements about your confidence with digital, as things are for you today. "
                "It takes about two minutes, and comparing your answers over the programme shows what changed."
            )
            + (_revisit(person) if midpoint else ""),
            buttons=(
                Button(
                    "Rate my confidence",
                    OPEN_CONFIDENCE,
                    value=json.dumps({"cohort_id": cohort.id, "phase": phase}),
                    style="primary",
                ),
                *((Button("Revisit my challenge", EDIT_CHALLENGE),) if midpoint else ()),
            ),
            metadata={"kind": "survey", "cohort_id": cohort.id, "phase": phase},
        )

    return message_for


def send_survey_invite(ctx: Context, cohort_id: int, week: int) -> int:
    """DM each delegate who hasn't yet answered the phase that opens in `week`; returns how many were sent."""
    cohort, people = delegates(ctx, cohort_id)
    phase = survey_invites_due(cohort).get(week)
    if phase is None:
        return 0
    with ctx.db.read() as session:
        answered = set(
            session.scalars(
                select(ConfidenceRating.person_id).where(
                    ConfidenceRating.cohort_id == cohort_id,
                    ConfidenceRating.phase == phase,
                    ConfidenceRating.superseded_at.is_(None),
                )
            )
        )
    return dm_each(ctx.messenger, people, _invite(cohort, phase, answered))
