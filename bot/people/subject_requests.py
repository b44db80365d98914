"""A person's request handled by an operator: erase everything about them (`cohortbot erase`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Context
from bot.delivery.claims import FAILED, PENDING
from bot.delivery.drain import drain
from bot.interaction.errors import NotFound
from bot.messaging.addresses import PersonRef
from bot.people.erasing import Erasure, erase_person, stored_counts
from bot.people.profiles import find_person
from storage.models import OutboxItem, Person

ALSO_ERASED = "and their name, timezone, challenge and reminder settings"


def find_subject(session: Session, ref: PersonRef) -> Person:
    person = find_person(session, ref)
    if person is None:
        raise NotFound(f"No one with the id {ref.user_id} is stored in workspace {ref.workspace}.")
    return person


def counts_text(counts: dict[str, int]) -> str:
    return "\n".join(f"  {label}: {count}" for label, count in counts.items())


def erasure_preview(ctx: Context, ref: PersonRef) -> str:
    with ctx.db.read() as session:
        counts = stored_counts(session, find_subject(session, ref))
    return f"Erasing {ref.user_id} would delete:\n{counts_text(counts)}\n  {ALSO_ERASED}."


def erase_subject(ctx: Context, ref: PersonRef, *, deliver: bool) -> str:
    """Erase the person as forget-me does; with `deliver`, remove their shared posts and tell their
    facilitators now. Says what was erased and what is still to do."""
    with ctx.db.write() as session:
        erased = erase_person(session, find_subject(session, ref))
    ctx.db.checkpoint()
    if deliver and erased.queued:
        drain(ctx, only=erased.queued)
    return f"Erased {ref.user_id}:\n{counts_text(erased.removed)}\n  {ALSO_ERASED}.\n{_still_to_do(ctx, erased)}"


def _still_to_do(ctx: Context, erased: Erasure) -> str:
    with ctx.db.read() as session:
        statuses = dict(session.execute(select(OutboxItem.id, OutboxItem.status).where(OutboxItem.id.in_(erased.queued))).all())
    posts = [statuses[row] for row in erased.posts_to_remove]
    left = [f"removing {posts.count(PENDING)} shared post(s) from their cohort's channel"] if PENDING in posts else []
    left += ["telling their facilitators"] if erased.notice is not None and statuses[erased.notice] == PENDING else []
    lines = [f"Could not remove {posts.count(FAILED)} shared post(s): please delete them in the channel."]
    lines = lines if FAILED in posts else []
    if left:
        lines.append(f"Still to do: {' and '.join(left)}. The running bot does this on its next tick (or run: cohortbot tick).")
    return "\n".join(lines) or "Nothing is left to do."
