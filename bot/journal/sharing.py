"""Reflections shared with the cohort: posted into the thread of that week's prompt."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Context
from bot.messaging.addresses import Place
from bot.messaging.markup import their_words
from bot.messaging.messenger import OUTBOX_KEY, Message, Posted
from bot.messaging.refusals import MessengerError, Refusal
from bot.programme.cohorts import place_of, workspace_of
from storage.models import Delivery, Reflection

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
    return f"{their_words(author)} shared a reflection:\n\n{their_words(reflection.text)}"


def _record(ctx: Context, reflection_id: int, message_id: str | None) -> None:
    with ctx.db.write() as session:
        stored = session.get(Reflection, reflection_id)
        if stored is not None:
            stored.shared_message_id = message_id


def sync_shared_post(ctx: Context, reflection_id: int, outbox_id: int) -> Posted | None:
    """Make the cohort's copy match the entry: removed when private or deleted, (re)posted when shared.

    Done from the outbox row `outbox_id`: a refusal is raised so the row is tried again, and
    what is recorded always matches what is posted (a post the platform would not delete stays recorded).
    """
    with ctx.db.read() as session:
        reflection = session.get(Reflection, reflection_id)
        if reflection is None:
            return None
        place = _thread(session, reflection)
        old_id = reflection.shared_message_id
        wanted = reflection.visibility == SHARED and reflection.deleted_at is None and reflection.person.erased_at is None
        text = _post_text(reflection)
    if place is None:
        return None
    if old_id:
        remove_post(ctx, Posted(place, old_id))
        _record(ctx, reflection_id, None)
    if not wanted:
        return None
    posted = ctx.messenger.post(place, Message(text=text, metadata={"reflection_id": reflection_id, OUTBOX_KEY: outbox_id}))
    _record(ctx, reflection_id, posted.message_id)
    return posted


def find_shared_post(ctx: Context, reflection_id: int, outbox_id: int) -> Posted | None:
    """The post an interrupted try of outbox row `outbox_id` made, recorded as the entry's copy."""
    with ctx.db.read() as session:
        reflection = session.get(Reflection, reflection_id)
        if reflection is None:
            return None
        place = _thread(session, reflection)
    if place is None:
        return None
    posted = ctx.messenger.find_post(place, OUTBOX_KEY, outbox_id)
    if posted is not None:
        _record(ctx, reflection_id, posted.message_id)
    return posted


def remove_post(ctx: Context, posted: Posted) -> None:
    """Delete a post; one that is already gone counts as deleted."""
    try:
        ctx.messenger.delete_post(posted)
    except MessengerError as error:
        if error.reason is not Refusal.GONE:
            raise


def posted_to_payload(posted: Posted) -> dict[str, Any]:
    """A post as an outbox row keeps it (JSON), e.g. to delete it after its reflection is erased."""
    place = posted.place
    return {
        "platform": place.platform,
        "workspace": place.workspace,
        "conversation": place.conversation,
        "thread": place.thread,
        "message_id": posted.message_id,
    }


def posted_from_payload(payload: dict[str, Any]) -> Posted:
    place = Place(payload["platform"], payload["workspace"], payload["conversation"], payload.get("thread"))
    return Posted(place, payload["message_id"])


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
