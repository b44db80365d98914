"""Reflections shared with the cohort: posted into the thread of that week's prompt."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Context
from bot.messaging.messenger import Message, Messenger
from bot.messaging.refusals import MessengerError, Refusal
from storage.models import Delivery, Reflection

log = logging.getLogger(__name__)
PRIVATE = "private"
SHARED = "cohort"
WHO_CAN_SEE = {
    PRIVATE: "Only you, your facilitators and the programme's evaluators can see it.",
    SHARED: "Everyone in your cohort can see it.",
}


def _thread(session: Session, reflection: Reflection) -> tuple[str | None, str | None]:
    """Where the week's prompt was posted (channel, ts); else the cohort channel, top level."""
    delivery = session.scalar(
        select(Delivery).where(
            Delivery.cohort_id == reflection.cohort_id,
            Delivery.week == reflection.week,
            Delivery.kind == "prompt",
            Delivery.message_ts.is_not(None),
        )
    )
    if delivery is not None and delivery.channel_id:
        return delivery.channel_id, delivery.message_ts
    return reflection.cohort.channel_id, None


def _post_text(reflection: Reflection) -> str:
    author = reflection.person.display_name or "A delegate"
    return f"{author} shared a reflection:\n\n{reflection.text}"


def sync_shared_post(ctx: Context, reflection_id: int) -> None:
    """Make the cohort's copy match the entry: removed when private or deleted, (re)posted when shared.

    Best effort: the journal entry is the record; a failed post is logged, never lost.
    """
    with ctx.db.read() as session:
        reflection = session.get(Reflection, reflection_id)
        if reflection is None:
            return
        channel, thread_ts = _thread(session, reflection)
        old_ts = reflection.shared_message_ts
        wanted = reflection.visibility == SHARED and reflection.deleted_at is None and reflection.person.erased_at is None
        text = _post_text(reflection)
    if channel is None:
        return
    posted_ts = old_ts  # what stays recorded unless the old post is really gone
    try:
        if old_ts:
            _remove_post(ctx.messenger, channel, old_ts)
            posted_ts = None
        if wanted:
            ref = ctx.messenger.post(channel, Message(text=text, thread_ts=thread_ts, metadata={"reflection_id": reflection_id}))
            posted_ts = ref.ts
    except MessengerError as error:
        log.warning("sharing reflection %s failed: %s", reflection_id, error)
    with ctx.db.write() as session:
        stored = session.get(Reflection, reflection_id)
        if stored is not None:
            stored.shared_message_ts = posted_ts


def _remove_post(messenger: Messenger, channel: str, ts: str) -> None:
    """Delete a post; one that is already gone counts as deleted."""
    try:
        messenger.delete_post(channel, ts)
    except MessengerError as error:
        if error.reason is not Refusal.GONE:
            raise


def delete_shared_posts(messenger: Messenger, posts: list[tuple[str, str]]) -> None:
    for channel, ts in posts:
        try:
            messenger.delete_post(channel, ts)
        except MessengerError as error:
            log.warning("removing shared post %s failed: %s", ts, error)


def shared_posts(session: Session, person_id: int) -> list[tuple[str, str]]:
    """(channel, ts) of every post of this person's shared reflections, e.g. before erasing them."""
    reflections = session.scalars(
        select(Reflection).where(Reflection.person_id == person_id, Reflection.shared_message_ts.is_not(None))
    )
    posts = []
    for reflection in reflections:
        channel, _ = _thread(session, reflection)
        if channel and reflection.shared_message_ts:
            posts.append((channel, reflection.shared_message_ts))
    return posts
