"""The personal challenge each delegate works on through the programme."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.interaction.errors import NotEnrolled, UserError
from bot.interaction.exchange import Field, Form, FormValues, Reply, Request
from bot.interaction.subcommands import Subcommand
from bot.interaction.text import MAX_ENTRY_CHARS, clean_entry, with_their_words
from bot.people.privacy import with_notice
from bot.people.profiles import find_person, get_or_create_person
from bot.programme.cohorts import cohorts_of
from storage.models import ChallengeRevision, Person

CHALLENGE_FORM = "challenge"
WHO = "You, your facilitators and the programme's evaluators can see it."


def challenge_form(current: str | None) -> Form:
    field = Field(
        "challenge",
        "The challenge I'm working on",
        kind="long_text",
        max_length=MAX_ENTRY_CHARS,
        initial=current,
        hint="A real problem from your own work that involves technology or data. You can revise it any time.",
    )
    return Form(CHALLENGE_FORM, "My challenge", (field,))


def keep_history(session: Session, person: Person, new_text: str) -> None:
    """Record the new version; the first revision also records the version set before history was kept."""
    now = clock.now()
    if person.personal_challenge is not None and not session.scalar(
        select(ChallengeRevision.id).where(ChallengeRevision.person_id == person.id).limit(1)
    ):
        earlier = person.challenge_updated_at or person.created_at
        session.add(ChallengeRevision(person_id=person.id, text=person.personal_challenge, created_at=earlier))
    session.add(ChallengeRevision(person_id=person.id, text=new_text, created_at=now))


def set_challenge(req: Request, text: str) -> str:
    challenge = clean_entry(text, field="challenge", what="Your challenge")
    with req.ctx.db.write() as session:
        if not cohorts_of(session, req.actor.person):
            raise NotEnrolled("You're not enrolled in a cohort yet, so I can't save your challenge. Nothing was stored.")
        person = get_or_create_person(session, req.actor.person, req.actor.display_name)
        revised = person.personal_challenge is not None
        keep_history(session, person, challenge)
        person.personal_challenge = challenge
        person.challenge_updated_at = clock.now()
    kept = " Your earlier version is kept." if revised else ""
    confirmation = f"Your challenge is {'revised' if revised else 'saved'}.{kept} {WHO}"
    return with_notice(req.ctx.db, req.actor.person, confirmation)


def _current(req: Request) -> str | None:
    with req.ctx.db.read() as session:
        person = find_person(session, req.actor.person)
        return person.personal_challenge if person else None


def open_challenge(req: Request, value: str = "") -> Reply:
    return Reply(form=challenge_form(_current(req)))


def _command(req: Request, args: list[str]) -> Reply:
    if not args:
        return open_challenge(req)
    [text] = args
    try:
        confirmation = set_challenge(req, text)
    except UserError as error:
        return Reply(text=with_their_words(str(error), text))
    return Reply(text=confirmation, home_page=0)


def submit_challenge(req: Request, context: dict[str, Any], values: FormValues) -> Reply:
    confirmation = set_challenge(req, str(values.get("challenge") or ""))
    return Reply(text=confirmation, home_page=0)


SUBCOMMANDS = (
    Subcommand(
        "challenge", "challenge [text]", "set or revise the challenge you're working on", _command, free_text=True
    ),
)
