"""Co-creation: anyone enrolled suggests a challenge; facilitators accept it into the library or decline with a note.

The author chooses the open licence their idea is shared under if it is accepted (CC BY 4.0
unless they pick another), and the prompt credits them as its author. Either answer reaches
the author by DM through the outbox.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import clock
from bot.context import Context
from bot.delivery.outbox import SUGGESTION_ANSWER, enqueue
from bot.export.licences import OPEN_LICENCES
from bot.interaction.errors import InvalidInput, NotEnrolled, NotFound, UserError
from bot.interaction.exchange import Button, Field, Form, FormValues, Option, Reply, Request
from bot.interaction.subcommands import Subcommand
from bot.interaction.text import MAX_ENTRY_CHARS, clean_entry, shorten
from bot.messaging.addresses import PersonRef
from bot.messaging.markup import bold, person, their_words
from bot.messaging.messenger import Message
from bot.people.profiles import get_or_create_person, is_person, person_ref
from bot.people.roles import FACILITATOR, require_role
from bot.programme.cohorts import workspace_of
from bot.programme.library import DEFAULT_LICENCE
from storage.models import Cohort, Membership, Person, Prompt, Suggestion

SUGGEST_FORM = "suggest"
DECLINE_FORM = "suggestion_decline"
ACCEPT = "suggestion_accept"
DECLINE = "suggestion_decline_button"
OPEN, ACCEPTED, DECLINED = "open", "accepted", "declined"
LISTED = 10  # suggestions shown at once, oldest first
MAX_NOTE = 1000
TITLE_CHARS = 80


def suggest_form(idea: str | None) -> Form:
    licences = tuple(Option(licence, licence) for licence in OPEN_LICENCES)
    return Form(
        SUGGEST_FORM,
        "Suggest a challenge",
        (
            Field("idea", "Your challenge idea", kind="long_text", max_length=MAX_ENTRY_CHARS, initial=idea,
                  hint="What could a future week ask people to try?"),
            Field("licence", "Licence if it is used", kind="select", options=licences, initial=DEFAULT_LICENCE,
                  hint="So other organisations can reuse it. CC BY 4.0 credits you by name."),
        ),
        intro="If the facilitators add it to the prompt library, you are credited as its author under the licence you choose.",
        submit_label="Send",
    )


def _memberships(session: Session, ref: PersonRef) -> list[Cohort]:
    query = (
        select(Cohort)
        .join(Membership, Membership.cohort_id == Cohort.id)
        .join(Person, Membership.person_id == Person.id)
        .where(is_person(ref))
        .order_by(Cohort.id.desc())
    )
    return list(dict.fromkeys(session.scalars(query)))


def suggest(req: Request, args: list[str]) -> Reply:
    with req.ctx.db.read() as session:
        if not _memberships(session, req.actor.person):
            raise NotEnrolled("You're not enrolled in a cohort yet, so I can't take a suggestion from you. Nothing was stored.")
    return Reply(form=suggest_form(args[0] if args else None))


def submit_suggestion(req: Request, context: dict[str, Any], values: FormValues) -> Reply:
    text = clean_entry(str(values.get("idea") or ""), field="idea", what="Your idea")
    licence = str(values.get("licence") or DEFAULT_LICENCE)
    if licence not in OPEN_LICENCES:
        raise InvalidInput("Choose one of the open licences listed.", "licence")
    try:
        with req.ctx.db.write() as session:
            cohorts = _memberships(session, req.actor.person)
            if not cohorts:
                raise NotEnrolled("You're not enrolled in a cohort yet, so I can't take a suggestion from you.")
            here = req.actor.place.conversation if req.actor.place else None
            cohort = next((c for c in cohorts if here and c.conversation == here), cohorts[0])
            author = get_or_create_person(session, req.actor.person, req.actor.display_name)
            session.add(
                Suggestion(cohort_id=cohort.id, person_id=author.id, text=text, licence=licence, source_key=req.source_key)
            )
            name = cohort.name
    except IntegrityError:  # the same submission, arriving twice
        pass
    else:
        return Reply(text=f"Thank you: your idea is with the facilitators of {name}. "
                     f"If they add it to the library, it will be credited to you under {licence}.")
    return Reply(text="Thank you: your idea is with the facilitators.")


def _facilitated(session: Session, ref: PersonRef) -> list[int]:
    query = (
        select(Membership.cohort_id)
        .join(Person, Membership.person_id == Person.id)
        .where(is_person(ref), Membership.role == FACILITATOR)
    )
    return list(session.scalars(query))


def waiting_count(session: Session, cohort_ids: list[int]) -> int:
    query = select(func.count()).select_from(Suggestion).where(Suggestion.cohort_id.in_(cohort_ids), Suggestion.status == OPEN)
    return session.scalar(query) or 0


REVIEW_HINT = "challenge idea(s) from your cohorts waiting for review: type `/cohortbot suggestions`."


def waiting_for(session: Session, ref: PersonRef) -> int:
    """Ideas waiting in the cohorts this person facilitates."""
    return waiting_count(session, _facilitated(session, ref))


def review_list(req: Request, args: list[str]) -> Reply:
    admin = req.ctx.is_admin(req.actor.person)
    with req.ctx.db.read() as session:
        query = select(Suggestion).join(Cohort, Suggestion.cohort_id == Cohort.id).where(Suggestion.status == OPEN)
        if admin:
            query = query.where(Cohort.platform == req.actor.person.platform, Cohort.workspace == req.actor.person.workspace)
        else:
            query = query.where(Suggestion.cohort_id.in_(_facilitated(session, req.actor.person)))
        waiting = list(session.scalars(query.order_by(Suggestion.id).limit(LISTED)))
        if not waiting:
            return Reply(text="No challenge ideas are waiting for review.")
        lines = [bold("Challenge ideas waiting for review") + " (oldest first)"]
        buttons: list[Button] = []
        for number, idea in enumerate(waiting, 1):
            lines.append(
                f"{number}. From {person(idea.person.platform_user_id)} in {idea.cohort.name}, {idea.licence}: "
                f"{their_words(shorten(idea.text, 300))}"
            )
            buttons += [
                Button(f"Accept {number}", ACCEPT, value=str(idea.id), style="primary"),
                Button(f"Decline {number}", DECLINE, value=str(idea.id)),
            ]
    return Reply(text="\n".join(lines), buttons=tuple(buttons))


def _reviewable(session: Session, req: Request, value: object) -> Suggestion:
    idea = session.get(Suggestion, int(value)) if str(value).isdigit() else None
    if idea is None:
        raise NotFound("Sorry, I can't find that idea any more.")
    require_role(session, req.actor.person, idea.cohort, {FACILITATOR}, admin=req.ctx.is_admin(req.actor.person))
    if idea.status != OPEN:
        raise UserError(f"That idea was already {idea.status}.")
    return idea


def _slug(idea: Suggestion) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", idea.text.lower()).split()[:5]
    return "-".join(["idea", *words, str(idea.id)])


def accept(req: Request, value: str) -> Reply:
    with req.ctx.db.write() as session:
        idea = _reviewable(session, req, value)
        author = idea.person.display_name or idea.person.platform_user_id
        last = session.scalar(select(func.max(Prompt.position))) or 0
        prompt = Prompt(
            slug=_slug(idea),
            title=shorten(idea.text.splitlines()[0], TITLE_CHARS),
            challenge=idea.text,
            licence=idea.licence,
            author=author,
            position=last + 1,
            resources=[],
            themes=[],
        )
        session.add(prompt)
        session.flush()
        idea.status, idea.prompt_id, idea.reviewed_at = ACCEPTED, prompt.id, clock.now()
        queued = enqueue(session, SUGGESTION_ANSWER, workspace_of(idea.cohort), suggestion_id=idea.id)
        return Reply(
            text=f"Added to the prompt library as `{prompt.slug}`, credited to {their_words(author)} under {idea.licence}. "
            f"Put it in a week with `/cohortbot cohort swap \"{idea.cohort.name}\" WEEK {prompt.slug}`.",
            queued=(queued,),
        )


def open_decline(req: Request, value: str) -> Reply:
    with req.ctx.db.read() as session:
        idea = _reviewable(session, req, value)
        note = Field("note", "A note to the author", kind="long_text", max_length=MAX_NOTE,
                     hint="Why not this time: they will get it by DM.")
        return Reply(form=Form(DECLINE_FORM, "Decline an idea", (note,), intro=shorten(idea.text, 500),
                               submit_label="Send", context={"suggestion": idea.id}))


def submit_decline(req: Request, context: dict[str, Any], values: FormValues) -> Reply:
    note = clean_entry(str(values.get("note") or ""), field="note", what="The note")
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"The note can be at most {MAX_NOTE} characters.", "note")
    with req.ctx.db.write() as session:
        idea = _reviewable(session, req, context.get("suggestion"))
        idea.status, idea.note, idea.reviewed_at = DECLINED, note, clock.now()
        queued = enqueue(session, SUGGESTION_ANSWER, workspace_of(idea.cohort), suggestion_id=idea.id)
    return Reply(text="Declined. I've sent your note to its author.", queued=(queued,))


def tell_author(ctx: Context, suggestion_id: int) -> None:
    """The outbox's DM to the author: accepted (with the licence) or declined (with the note)."""
    with ctx.db.read() as session:
        idea = session.get(Suggestion, suggestion_id)
        if idea is None or idea.person.erased_at is not None:
            return
        if idea.status == ACCEPTED:
            text = (f"Your challenge idea is now in the prompt library, credited to you under {idea.licence}. "
                    "Thank you for shaping the programme.")
        else:
            text = (f"The facilitators of {idea.cohort.name} won't add your challenge idea to the library this time. "
                    f"Their note: {their_words(idea.note or '')}")
        message = Message(title="Your challenge idea", text=f"{text}\n\nYour idea: {their_words(shorten(idea.text, 500))}")
        who = person_ref(idea.person)
    ctx.messenger.send_dm(who, message)


def may_review(req: Request) -> bool:
    if req.ctx.is_admin(req.actor.person):
        return True
    with req.ctx.db.read() as session:
        return bool(_facilitated(session, req.actor.person))


SUBCOMMANDS = (
    Subcommand("suggest", "suggest [a challenge idea]", "suggest a challenge for the programme's library", suggest,
               free_text=True),
    Subcommand("suggestions", "suggestions", "review the challenge ideas people suggested", review_list, may_review),
)
