"""/cohortbot forget-me: a person erases everything they stored, after confirming."""

from __future__ import annotations

from sqlalchemy import select

from bot.context import Context
from bot.interaction.exchange import Button, Reply, Request
from bot.interaction.subcommands import Subcommand
from bot.messaging.invites import dm_each
from bot.messaging.messenger import Message
from bot.people.erasing import erase_person
from bot.people.erasure_done import erased_reply, tell_when_removed
from bot.people.profiles import find_person
from storage.models import Person

CONFIRM_FORGET_ME = "confirm_forget_me"
WARNING = (
    "This permanently erases everything you have stored with cohortbot: your reflections, evidence, "
    "confidence ratings, programme evaluation and challenge, your 1-2-1 notes and actions and your "
    "session answers, and removes you from your cohorts. "
    "It cannot be undone. Your facilitators will be told that you asked for this."
)


def _ask(req: Request, args: list[str]) -> Reply:
    button = Button(
        "Erase all my data", CONFIRM_FORGET_ME, style="danger", confirm="Erase everything now? This cannot be undone."
    )
    return Reply(text=WARNING, buttons=(button,))


def erase(req: Request, value: str) -> Reply:
    """Erase everything the person stored (see `bot.people.erasing`) and tell their facilitators."""
    with req.ctx.db.write() as session:
        person = find_person(session, req.actor.person)
        if person is None:
            return Reply(text="There is nothing of yours stored, so there was nothing to erase.")
        erased = erase_person(session, person)
        removals = list(erased.posts_to_remove)
        queued = [*erased.queued, tell_when_removed(session, req.actor.person, removals)] if removals else list(erased.queued)
    req.ctx.db.checkpoint()
    return Reply(text=erased_reply(len(removals)), queued=tuple(queued), home_page=0)


def tell_facilitators(ctx: Context, person_ids: list[int], text: str) -> int:
    """The notice of an erasure, by DM to each facilitator still here; returns how many were told."""
    with ctx.db.read() as session:
        people = list(session.scalars(select(Person).where(Person.id.in_(person_ids), Person.erased_at.is_(None))))
    return dm_each(ctx.messenger, people, lambda _person: Message(text=text))


SUBCOMMANDS = (Subcommand("forget-me", "forget-me", "erase everything you have stored (asks you to confirm)", _ask),)
