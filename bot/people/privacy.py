"""The privacy notice each person sees once, beside the confirmation of the first thing they store."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.messaging.addresses import PersonRef
from bot.people.profiles import is_person
from storage.db import Database
from storage.models import Person

NOTICE = (
    "**How your journal is used** (shown once)\n"
    "• I store what you write and rate here, with your name and the date.\n"
    "• Private entries are seen only by you, your cohort's facilitators and the programme's evaluators; "
    "entries you share are seen by your cohort too.\n"
    "• The programme's evaluation uses your entries and ratings to measure what changed. "
    "Exports for the evaluation can be pseudonymised (names replaced by codes).\n"
    "• Nothing you write is quoted in the programme's open content unless you opt in for that entry.\n"
    "• You can edit or delete any entry from the bot's Home tab, or erase everything with `/cohortbot forget-me`."
)


def notice_seen_already(session: Session, person_id: int) -> bool:
    """Read outside the write, so most writes skip the conditional update below."""
    return session.scalar(select(Person.privacy_notice_seen_at).where(Person.id == person_id)) is not None


def first_sight(session: Session, person: PersonRef) -> bool:
    """Mark the notice seen; True only the first time (a conditional update, so races agree)."""
    result = session.execute(
        update(Person)
        .where(is_person(person), Person.privacy_notice_seen_at.is_(None))
        .values(privacy_notice_seen_at=clock.now())
    )
    return result.rowcount == 1


def add_notice(confirmation: str, first_time: bool) -> str:
    return f"{confirmation}\n\n{NOTICE}" if first_time else confirmation


def with_notice(db: Database, person: PersonRef, confirmation: str) -> str:
    """The confirmation, followed by the notice the first time only.

    Called after the entry is stored, so the notice never holds back what the person typed.
    """
    with db.write() as session:
        return add_notice(confirmation, first_sight(session, person))
