"""Direct messages to each delegate of a cohort, e.g. a survey or the evaluation with its button."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from bot.context import Context
from bot.interaction.errors import UserError
from bot.messaging.messenger import Message, Messenger
from bot.messaging.refusals import PASSING, MessengerError, Refusal
from bot.people.profiles import person_ref
from bot.people.roles import DELEGATE
from storage.models import Cohort, Membership, Person

log = logging.getLogger(__name__)


def delegates(ctx: Context, cohort_id: int) -> tuple[Cohort, list[Person]]:
    with ctx.db.read() as session:
        cohort = session.get(Cohort, cohort_id)
        if cohort is None:
            raise LookupError(f"no cohort {cohort_id}")
        people = session.scalars(
            select(Person)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.cohort_id == cohort_id, Membership.role == DELEGATE, Person.erased_at.is_(None))
            .order_by(Person.id)
        )
        return cohort, list(people)


def dm_each(messenger: Messenger, people: list[Person], message_for: Callable[[Person], Message | None]) -> int:
    """DM everyone `message_for` has a message for; one refusal doesn't stop the rest. Returns how many were sent.

    When nobody got it and a refusal may pass (an outage), that refusal is raised so the work is
    tried again later: as nobody has it yet, nobody gets it twice.
    """
    sent = 0
    passing: MessengerError | None = None
    maybe_sent = False
    for person in people:
        message = message_for(person)
        if message is None:
            continue
        try:
            messenger.send_dm(person_ref(person), message)
            sent += 1
        except MessengerError as error:
            log.warning("DM to %s failed: %s", person.platform_user_id, error)
            passing = passing or (error if error.reason in PASSING else None)
            maybe_sent = maybe_sent or error.reason is Refusal.UNKNOWN_OUTCOME
    if not sent and passing is not None and not maybe_sent:
        raise passing
    return sent


def button_cohort_id(value: str | dict[str, Any], *, retry: str) -> int:
    """The cohort a DM's button (JSON value) or a form's context names; `retry` says what to do instead."""
    try:
        data = json.loads(value) if isinstance(value, str) else value
        return int(data["cohort_id"])
    except (ValueError, TypeError, KeyError):
        raise UserError(f"Sorry, that button no longer works. {retry}") from None
