"""Reflections shared with the cohort: posted into the thread of that week's prompt."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Context
from bot.messaging.messenger import OUTBOX_KEY, Message, PostRef
from bot.messaging.refusals import MessengerError, Refusal
from storage.models import Delivery, Reflection

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


def _record(ctx: Context, reflection_id: int, ts: str | None) -> None:
    with ctx.db.write() as session:
        stored = session.get(Reflection, reflection_id)
        if stored is not None:
            stored.shared_message_ts = ts


def sync_shared_post(ctx: Context, reflection_id: int, outbox_id: int) -> PostRef | None:
    """Make the cohort's copy match the entry: removed when private or deleted, (re)posted when shared.

    Done from the outbox row `outbox_id`: a refusal is raised so the row is tried again, and
    what is recorded always matches what is posted (a post Slack would not delete stays recorded).
    """
    with ctx.db.read() as session:
        reflection = session.get(Reflection, reflection_id)
        if reflection is None:
            return None
        channel, thread_ts = _thread(session, reflection)
        old_ts = reflection.shared_message_ts
        wanted = reflection.visibility == SHARED and reflection.deleted_at is None and reflection.person.erased_at is None
        text = _post_text(reflection)
    if channel is None:
        return None
    if old_ts:
        remove_post(ctx, channel, old_ts)
        _record(ctx, reflection_id, None)
    if not wanted:
        return None
    metadata = {"reflection_id": reflection_id, OUTBOX_KEY: outbox_id}
    ref = ctx.messenger.post(channel, Message(text=text, thread_ts=thread_ts, metadata=metadata))
    _record(ctx, reflection_id, ref.ts)
    return ref


def find_shared_post(ctx: Context, reflection_id: int, outbox_id: int) -> PostRef | None:
    """The post an interrupted try of outbox row `outbox_id` made, recorded as the entry's copy."""
    with ctx.db.read() as session:
        reflection = session.get(Reflection, reflection_id)
        if reflection is None:
            return None
        channel, thread_ts = _thread(session, reflection)
    if channel is None:
        return None
    ref = ctx.messenger.find_post(channel, OUTBOX_KEY, outbox_id, thread_ts=thread_ts)
    if ref is not None:
        _record(ctx, reflection_id, ref.ts)
    return ref


def remove_post(ctx: Context, channel: str, ts: str) -> None:
    """Delete a post; one that is already gone counts as deleted."""
    try:
        ctx.messenger.delete_post(channel, ts)
    except MessengerError as error:
        if error.reason is not Refusal.GONE:
            raise


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
