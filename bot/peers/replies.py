"""Replies in the thread of a week's post to others' shared reflections, counted as peer support.

Only who replied, in which cohort and week, and the platform's id for the reply are kept,
never the text. A reply counts when its author is a delegate of the cohort and someone else
has shared a reflection in that week; a retried event counts once.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.context import Context
from bot.journal.sharing import SHARED
from bot.messaging.addresses import PersonRef, Place
from bot.people.profiles import is_person
from bot.people.roles import DELEGATE
from bot.programme.calendar import PROMPT
from bot.programme.cohorts import in_workspace
from storage.models import Cohort, Delivery, Membership, PeerReply, Person, Reflection


def record_reply(ctx: Context, author: PersonRef, place: Place, message_id: str) -> bool:
    """Count the reply `message_id` written by `author` in the thread `place`; False if it does not count."""
    if place.thread is None or place.thread == message_id:
        return False
    try:
        with ctx.db.write() as session:
            post = session.execute(
                select(Delivery.cohort_id, Delivery.week)
                .join(Cohort, Delivery.cohort_id == Cohort.id)
                .where(
                    in_workspace(place.scope),
                    Delivery.kind == PROMPT,
                    Delivery.conversation == place.conversation,
                    Delivery.message_id == place.thread,
                )
            ).first()
            if post is None:
                return False
            cohort_id, week = post
            person_id = session.scalar(
                select(Person.id)
                .join(Membership, Membership.person_id == Person.id)
                .where(is_person(author), Membership.cohort_id == cohort_id, Membership.role == DELEGATE)
            )
            shared_by_others = select(Reflection.id).where(
                Reflection.cohort_id == cohort_id,
                Reflection.week == week,
                Reflection.visibility == SHARED,
                Reflection.deleted_at.is_(None),
                Reflection.person_id != person_id,
            )
            counted = select(PeerReply.id).where(PeerReply.conversation == place.conversation, PeerReply.message_id == message_id)
            if person_id is None or session.scalar(shared_by_others.limit(1)) is None or session.scalar(counted) is not None:
                return False
            session.add(
                PeerReply(
                    cohort_id=cohort_id, person_id=person_id, week=week, conversation=place.conversation, message_id=message_id
                )
            )
    except IntegrityError:  # the same event, retried while the first was being stored
        return False
    return True
