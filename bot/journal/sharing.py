"""Reflections shared with the cohort: posted into the thread of that week's prompt."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Context
from bot.messaging.addresses import Place
from bot.messaging.messenger import Message, Messenger, Posted
from bot.messaging.refusals import MessengerError, Refusal
from bot.programme.cohorts import place_of, workspace_of
from storage.models import Delivery, Reflection

log = logging.getLogger(__name__)
PRIVATE = "private"
SHARED = "cohort"
WHO_CAN_SEE = {
    PRIVATE: "Only you, your facilitators and the programme's evaluators can see it.",
    SHARED: "Everyone in your cohort can see it.",
}


def _thread(session: Session, reflection: Reflection) -> Place | None:
    """The thread of the week's prompt where it was posted; else the cohort's channel, top level."""
    delivery = session.scalar(
        select(Delivery).where(
            Delivery.cohort_id == reflection.cohort_id,
            Delivery.week == reflection.week,
            Delivery.kind == "prompt",
            Delivery.message_id.is_not(None),
        )
    )
    if delivery is not None and delivery.conversation:
        return workspace_of(reflection.cohort).place(delivery.conversation, thread=delivery.message_id)
    return place_of(reflection.cohort)


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
        place = _thread(session, reflection)
        old_id = reflection.shared_message_id
        wanted = reflection.visibility == SHARED and reflection.deleted_at is None and reflection.person.erased_at is None
        text = _post_text(reflection)
    if place is None:
        return
    posted_id = old_id  # what stays recorded unless the old post is really gone
    try:
        if old_id:
            _remove_post(ctx.messenger, Posted(place, old_id))
            posted_id = None
        if wanted:
            posted_id = ctx.messenger.post(place, Message(text=text, metadata={"reflection_id": reflection_id})).message_id
    except MessengerError as error:
        log.warning("sharing reflection %s failed: %s", reflection_id, error)
    with ctx.db.write() as session:
        stored = session.get(Reflection, reflection_id)
        if stored is not None:
            stored.shared_message_id = posted_id


def _remove_post(messenger: Messenger, posted: Posted) -> None:
    """Delete a post; one that is already gone counts as deleted."""
    try:
        messenger.delete_post(posted)
    except MessengerError as error:
        if error.reason is not Refusal.GONE:
            raise


def delete_shared_posts(messenger: Messenger, posts: list[Posted]) -> None:
    for posted in posts:
        try:
            messenger.delete_post(posted)
        except MessengerError as error:
            log.warning("removing shared post %s failed: %s", posted.message_id, error)


def shared_posts(session: Session, person_id: int) -> list[Posted]:
    """Every post of this person's shared reflections, e.g. before erasing them."""
    reflections = session.scalars(
        select(Reflection).where(Reflection.person_id == person_id, Reflection.shared_message_id.is_not(None))
    )
    posts = []
    for reflection in reflections:
        place = _thread(session, reflection)
        if place is not None and reflection.shared_message_id:
            posts.append(Posted(place, reflection.shared_message_id))
    return posts
