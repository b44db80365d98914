"""/cohortbot forget-me: a person erases everything they stored, after confirming."""

from __future__ import annotations

from sqlalchemy import delete, select

from bot import clock
from bot.context import Context
from bot.delivery.outbox import DELETE_POST, ERASURE_NOTICE, enqueue
from bot.interaction.exchange import Button, Reply, Request
from bot.interaction.subcommands import Subcommand
from bot.journal.sharing import posted_to_payload, shared_posts
from bot.messaging.invites import dm_each
from bot.messaging.messenger import Message
from bot.people.profiles import find_person
from bot.people.roles import FACILITATOR
from storage.models import (
    CoachAssignment,
    CoachingMeeting,
    Cohort,
    ConfidenceRating,
    Evaluation,
    Evidence,
    Membership,
    Person,
    Reflection,
    SessionInvitation,
)

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
    """Hard-delete the person's entries and ratings, blank their name, and tell their facilitators."""
    with req.ctx.db.write() as session:
        person = find_person(session, req.actor.person)
        if person is None:
            return Reply(text="There is nothing of yours stored, so there was nothing to erase.")
        name = person.display_name or person.platform_user_id
        cohorts = list(session.scalars(select(Cohort).join(Membership).where(Membership.person_id == person.id).distinct()))
        facilitators = list(
            session.scalars(
                select(Person)
                .join(Membership, Membership.person_id == Person.id)
                .where(
                    Membership.cohort_id.in_([c.id for c in cohorts]),
                    Membership.role == FACILITATOR,
                    Person.id != person.id,
                    Person.erased_at.is_(None),
                )
                .distinct()
            )
        )
        # The posts' places are kept as the platform gave them: the entries they copied are erased here.
        queued = [
            enqueue(session, DELETE_POST, post.place.scope, **posted_to_payload(post))
            for post in shared_posts(session, person.id)
        ]
        for model in (Reflection, Evidence, ConfidenceRating, Evaluation, Membership, SessionInvitation):
            session.execute(delete(model).where(model.person_id == person.id))
        # Their 1-2-1s go with their actions (deleted by the database's cascade); so does who coached them.
        session.execute(delete(CoachingMeeting).where(CoachingMeeting.delegate_id == person.id))
        session.execute(delete(CoachAssignment).where(CoachAssignment.delegate_id == person.id))
        person.display_name = ""
        person.personal_challenge = None
        person.challenge_updated_at = None
        person.timezone = None
        person.erased_at = clock.now()
        cohort_names = ", ".join(c.name for c in cohorts) or "no cohort"
        if facilitators:
            notice = (
                f"{name} ({cohort_names}) asked cohortbot to erase their data. Their journal entries, ratings, "
                "evaluation, challenge, 1-2-1 notes and session answers have been deleted and they have left the cohort."
            )
            told = [p.id for p in facilitators]
            queued.append(enqueue(session, ERASURE_NOTICE, req.actor.person.scope, person_ids=told, text=notice))
    return Reply(text="Done: everything you stored with cohortbot is erased.", queued=tuple(queued), home_page=0)


def tell_facilitators(ctx: Context, person_ids: list[int], text: str) -> int:
    """The notice of an erasure, by DM to each facilitator still here; returns how many were told."""
    with ctx.db.read() as session:
        people = list(session.scalars(select(Person).where(Person.id.in_(person_ids), Person.erased_at.is_(None))))
    return dm_each(ctx.messenger, people, lambda _person: Message(text=text))


SUBCOMMANDS = (Subcommand("forget-me", "forget-me", "erase everything you have stored (asks you to confirm)", _ask),)
