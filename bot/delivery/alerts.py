"""Alerts to a cohort's facilitators (a week not sent, weeks missed) go through the outbox.

Written in the transaction that records what went wrong, one row per facilitator, so an
alert that fails while the chat platform is down arrives once it is back.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Context
from bot.delivery.jobs import NothingToSend
from bot.delivery.outbox import FACILITATOR_ALERT, enqueue
from bot.interaction.exchange import Button
from bot.messaging.messenger import Message
from bot.people.profiles import person_ref
from bot.people.roles import FACILITATOR
from storage.models import Membership, Person


def alert_facilitators(session: Session, cohort_id: int, message: Message) -> list[int]:
    """Queue `message` for each facilitator of the cohort still here; returns the outbox rows' ids."""
    facilitators = session.scalars(
        select(Person)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.cohort_id == cohort_id, Membership.role == FACILITATOR, Person.erased_at.is_(None))
        .order_by(Person.id)
    )
    content = {"title": message.title, "text": message.text, "buttons": [asdict(button) for button in message.buttons]}
    return [
        enqueue(session, FACILITATOR_ALERT, person_ref(person).scope, person_id=person.id, message=content)
        for person in facilitators
    ]


def send_alert(ctx: Context, person_id: int, content: dict[str, Any]) -> None:
    """DM one queued alert; a refusal is left to the outbox to try again or give up."""
    with ctx.db.read() as session:
        person = session.get(Person, person_id)
        if person is None or person.erased_at is not None:
            raise NothingToSend("the facilitator's data has been erased")
        to = person_ref(person)
    buttons = tuple(Button(**button) for button in content["buttons"])
    ctx.messenger.send_dm(to, Message(text=content["text"], title=content["title"], buttons=buttons))
