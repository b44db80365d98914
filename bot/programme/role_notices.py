"""The DM telling a person who gave them a role, and in which cohort (queued by `cohorts.enrol`)."""

from __future__ import annotations

from bot.context import Context
from bot.delivery.jobs import NothingToSend
from bot.messaging.markup import bold, person
from bot.messaging.messenger import Message
from bot.people.profiles import person_ref
from storage.models import Cohort, Person

OPERATOR = "The operator who runs cohortbot, from the command line on its server,"
NOT_EXPECTED = "If you weren't expecting this, please tell your programme's admin."


def role_message(who: str, cohort: str, role: str) -> Message:
    article = "an" if role[0] in "aeiou" else "a"
    return Message(title="You have a new role", text=f"{who} added you to {bold(cohort)} as {article} {role}. {NOT_EXPECTED}")


def tell_of_role(ctx: Context, cohort_id: int, person_id: int, role: str, by_id: int | None) -> None:
    """DM the person; a refusal is raised, so the outbox tries again after an outage."""
    with ctx.db.read() as session:
        cohort, given = session.get(Cohort, cohort_id), session.get(Person, person_id)
        by = None if by_id is None else session.get(Person, by_id)
        if cohort is None or given is None or given.erased_at is not None or (by is None) != (by_id is None):
            raise NothingToSend("the cohort or a person is no longer here")
        who = OPERATOR if by is None else person(by.platform_user_id)
        message, to = role_message(who, cohort.name, role), person_ref(given)
    ctx.messenger.send_dm(to, message)
