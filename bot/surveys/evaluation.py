"""The programme evaluation (outcome 3): quality, relevance, effectiveness and applicability.

Each is rated 1-5 with an optional comment, in one form sent by DM at the end of the
programme (facilitators can send it earlier). One evaluation per delegate and cohort:
answering again updates it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import clock
from bot.content import load
from bot.context import Context
from bot.delivery.outbox import SEND_EVALUATION, enqueue
from bot.interaction.errors import CohortChoiceNeeded, InvalidInput, NotEnrolled
from bot.interaction.exchange import Button, Field, Form, FormValues, Option, Reply, Request
from bot.interaction.subcommands import Subcommand
from bot.interaction.text import MAX_ENTRY_CHARS, clean_entry, parse_rating
from bot.messaging.invites import button_cohort_id, delegates, dm_each
from bot.messaging.messenger import Message
from bot.people.privacy import with_notice
from bot.people.profiles import get_or_create_person, person_ref
from bot.people.roles import DELEGATE, FACILITATOR, has_any_role, require_role
from bot.programme.cohorts import cohort_for_entry, find_cohort, workspace_of
from storage.models import Cohort, Evaluation, Person

EVALUATION_FORM = "evaluation"
OPEN_EVALUATION = "open_evaluation"
COMMENT = "_comment"


@dataclass(frozen=True)
class Question:
    key: str
    question: str
    low: str
    high: str
    comment_prompt: str


@cache
def questions() -> tuple[Question, ...]:
    return tuple(
        Question(str(q["key"]), str(q["question"]), str(q["low"]), str(q["high"]), str(q["comment_prompt"]))
        for q in load("evaluation.yaml")["questions"]
    )


def _options(question: Question) -> tuple[Option, ...]:
    labels = {1: f"1 {question.low}", 5: f"5 {question.high}"}
    return tuple(Option(str(n), labels.get(n, str(n))) for n in range(1, 6))


def evaluation_form(cohort: Cohort, previous: dict[str, Any]) -> Form:
    fields: list[Field] = []
    for q in questions():
        answer = previous.get(q.key) or {}
        fields.append(Field(q.key, q.question, kind="rating", options=_options(q), initial=_text(answer.get("rating"))))
        fields.append(
            Field(
                q.key + COMMENT,
                q.comment_prompt,
                kind="long_text",
                required=False,
                max_length=MAX_ENTRY_CHARS,
                initial=answer.get("comment") or None,
            )
        )
    intro = (
        f"**Your evaluation of {cohort.name}.** Four ratings from 1 to 5, each with room for a comment. "
        "Your answers help improve the programme for the next cohort."
    )
    return Form(EVALUATION_FORM, "Programme evaluation", tuple(fields), intro=intro, context={"cohort_id": cohort.id})


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _cohort_id(value: str | dict[str, Any]) -> int:
    return button_cohort_id(value, retry="Please ask your facilitator to send the evaluation again.")


def _form_for(session: Session, person_id: int, cohort: Cohort) -> Reply:
    """The evaluation form, with the delegate's earlier answers if they gave any."""
    existing = session.scalar(select(Evaluation).where(Evaluation.person_id == person_id, Evaluation.cohort_id == cohort.id))
    return Reply(form=evaluation_form(cohort, existing.answers if existing else {}))


def open_evaluation(req: Request, value: str) -> Reply:
    """The button in the evaluation DM (or a cohort choice)."""
    with req.ctx.db.read() as session:
        return _form_for(session, *cohort_for_entry(session, req.actor.person, cohort_id=_cohort_id(value)))


def _evaluate_command(req: Request, args: list[str]) -> Reply:
    """`/cohortbot evaluation`: the form for the delegate's cohort, without waiting for the DM."""
    with req.ctx.db.read() as session:
        try:
            person_id, cohort = cohort_for_entry(session, req.actor.person, place=req.actor.place)
        except CohortChoiceNeeded as choice:
            text = "You're in more than one cohort. Which one are you evaluating?"
            return Reply(text=text, buttons=choice.buttons(OPEN_EVALUATION))
        return _form_for(session, person_id, cohort)


def _answers(values: FormValues) -> dict[str, dict[str, Any]]:
    answers: dict[str, dict[str, Any]] = {}
    for q in questions():
        rating = parse_rating(values.get(q.key), field=q.key)
        raw = values.get(q.key + COMMENT)
        comment = clean_entry(str(raw), field=q.key + COMMENT, what="Your comment") if raw and str(raw).strip() else None
        answers[q.key] = {"rating": rating, "comment": comment}
    return answers


def submit_evaluation(req: Request, context: dict[str, Any], values: FormValues) -> Reply:
    answers = _answers(values)
    try:
        updated = _store(req, _cohort_id(context), answers)
    except IntegrityError:  # the first answer was stored by another request at the same moment
        updated = _store(req, _cohort_id(context), answers)
    text = "Thank you: your evaluation is saved." + (" It replaces your earlier answers." if updated else "")
    text += " Your facilitators and the programme's evaluators will read it; exports can be pseudonymised."
    return Reply(text=with_notice(req.ctx.db, req.actor.person, text))


def _store(req: Request, cohort_id: int, answers: dict[str, dict[str, Any]]) -> bool:
    now = clock.now()
    with req.ctx.db.write() as session:
        try:
            person_id, cohort = cohort_for_entry(session, req.actor.person, cohort_id=cohort_id)
        except NotEnrolled as error:
            raise InvalidInput(str(error), questions()[0].key) from None
        existing = session.scalar(select(Evaluation).where(Evaluation.person_id == person_id, Evaluation.cohort_id == cohort.id))
        if existing is not None:
            existing.answers = answers
            existing.updated_at = now
            return True
        session.add(Evaluation(person_id=person_id, cohort_id=cohort.id, answers=answers, created_at=now, updated_at=now))
        session.flush()
        return False


def send_evaluation(ctx: Context, cohort_id: int) -> int:
    """DM the evaluation form's button to each delegate of the cohort; returns how many were sent."""
    cohort, people = delegates(ctx, cohort_id)

    def message_for(person: Person) -> Message:
        return Message(
            title="How was the programme?",
            text=(
                f"Please tell us what you thought of {cohort.name}: four ratings, each with room for a comment. "
                "It takes about five minutes and shapes the programme for the next cohort."
            ),
            buttons=(Button("Give my evaluation", OPEN_EVALUATION, value=json.dumps({"cohort_id": cohort.id}), style="primary"),),
            metadata={"kind": "evaluation", "cohort_id": cohort.id},
        )

    return dm_each(ctx.messenger, people, message_for)


def _send_command(req: Request, args: list[str]) -> Reply:
    if len(args) != 1:
        raise InvalidInput("Usage: `/cohortbot send-evaluation COHORT` (put a name with spaces in quotes).")
    with req.ctx.db.write() as session:
        cohort = find_cohort(session, req.actor.person.scope, args[0])
        require_role(session, req.actor.person, cohort, {FACILITATOR}, admin=req.ctx.is_admin(req.actor.person))
        asker = get_or_create_person(session, req.actor.person)
        queued = enqueue(session, SEND_EVALUATION, workspace_of(cohort), cohort_id=cohort.id, person_id=asker.id)
        name = cohort.name
    return Reply(text=f"Sending the programme evaluation to the delegates of {name} now.", queued=(queued,))


def send_evaluation_for(ctx: Context, cohort_id: int, person_id: int) -> None:
    """/cohortbot send-evaluation, after the answer: send it, then tell the person who asked how many went."""
    sent = send_evaluation(ctx, cohort_id)
    with ctx.db.read() as session:
        asker = session.get(Person, person_id)
        cohort = session.get(Cohort, cohort_id)
    if asker is not None and cohort is not None:
        told = Message(text=f"I sent the evaluation to {sent} delegates of {cohort.name}.")
        ctx.messenger.send_dm(person_ref(asker), told)


def _delegates(req: Request) -> bool:
    with req.ctx.db.read() as session:
        return has_any_role(session, req.actor.person, DELEGATE)


def _facilitators(req: Request) -> bool:
    if req.ctx.is_admin(req.actor.person):
        return True
    with req.ctx.db.read() as session:
        return has_any_role(session, req.actor.person, FACILITATOR)


SUBCOMMANDS = (
    Subcommand("evaluation", "evaluation", "give or revise your evaluation of the programme", _evaluate_command, _delegates),
    Subcommand(
        "send-evaluation", "send-evaluation COHORT", "send the programme evaluation to a cohort now", _send_command, _facilitators
    ),
)
