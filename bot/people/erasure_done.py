"""After forget-me: the truth about shared posts still being removed, and a DM once they are gone.

The person's row no longer names them after an erasure, so the outbox row that tells them
keeps their address in its payload until it is done (finished rows forget their payload).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Context
from bot.delivery.claims import CLAIMED, PENDING, SENT
from bot.delivery.jobs import NotYet
from bot.delivery.outbox import ERASURE_DONE, enqueue
from bot.messaging.addresses import PersonRef
from bot.messaging.messenger import Message
from storage.models import OutboxItem

ERASED = "Done: everything you stored with cohortbot is erased."


def _posts(count: int) -> str:
    return "one channel post" if count == 1 else f"{count} channel posts"


def erased_reply(removing: int) -> str:
    """What forget-me answers at once, while `removing` shared posts are still to be removed."""
    if not removing:
        return ERASED
    still = "is still being removed; I'll tell you when it's gone" if removing == 1 else (
        "are still being removed; I'll tell you when they're gone"
    )
    return f"Erased. {_posts(removing).capitalize()} {still}."


def tell_when_removed(session: Session, person: PersonRef, removals: list[int]) -> int:
    """Queue the DM that says the posts of outbox rows `removals` are gone; returns its outbox row."""
    return enqueue(session, ERASURE_DONE, person.scope, to=asdict(person), removals=removals)


def removed_text(removed: int, left: int) -> str:
    if not left:
        done = "The channel post you shared has" if removed == 1 else f"The {removed} channel posts you shared have"
        return f"{done} been removed. Nothing you stored with cohortbot is left."
    those = "it" if left == 1 else "them"
    return (
        f"I couldn't remove {_posts(left)} you shared: I no longer have access to the channel. "
        f"Please ask a workspace admin to delete {those}. Everything else you stored with cohortbot is erased."
    )


def send_removed(ctx: Context, to: dict[str, Any], removals: list[int]) -> None:
    """Tell the person once every removal is done; until then, wait (the outbox tries again later)."""
    with ctx.db.read() as session:
        statuses = list(session.scalars(select(OutboxItem.status).where(OutboxItem.id.in_(removals))))
    waiting = sum(status in (PENDING, CLAIMED) for status in statuses)
    if waiting:
        raise NotYet(f"{_posts(waiting)} still being removed")
    left = sum(status != SENT for status in statuses)
    ctx.messenger.send_dm(PersonRef(**to), Message(text=removed_text(len(removals) - left, left)))
