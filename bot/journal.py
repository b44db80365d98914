"""The learning journal: reflections (and, later, evidence) written by delegates."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import clock
from bot.calendar import current_week
from bot.cohorts import cohort_for_entry
from bot.people import get_or_create_person
from bot.text import clean_entry
from storage.db import Database
from storage.models import Reflection

PRIVATE = "private"
SHARED = "cohort"
WHO_CAN_SEE = {
    PRIVATE: "Only you, your facilitators and the programme's evaluators can see it.",
    SHARED: "Everyone in your cohort can see it.",
}


@dataclass(frozen=True)
class EntrySaved:
    id: int
    cohort_name: str
    week: int | None
    visibility: str
    duplicate: bool

    @property
    def confirmation(self) -> str:
        where = f"{self.cohort_name}, week {self.week}" if self.week else self.cohort_name
        return f"Saved to your journal ({where}). {WHO_CAN_SEE[self.visibility]}"


@dataclass(frozen=True)
class ReflectionRequest:
    user_id: str
    text: str
    display_name: str | None = None
    channel_id: str | None = None
    cohort_id: int | None = None
    week: int | None = None
    source_key: str | None = None


def _existing(session: Session, source_key: str | None) -> Reflection | None:
    if source_key is None:
        return None
    return session.scalar(select(Reflection).where(Reflection.source_key == source_key))


def _saved(reflection: Reflection, duplicate: bool) -> EntrySaved:
    return EntrySaved(reflection.id, reflection.cohort.name, reflection.week, reflection.visibility, duplicate)


def add_reflection(db: Database, request: ReflectionRequest) -> EntrySaved:
    """Store a reflection once: a repeat of the same `source_key` returns the first copy."""
    text = clean_entry(request.text, field="text")
    try:
        with db.write() as session:
            existing = _existing(session, request.source_key)
            if existing is not None:
                return _saved(existing, duplicate=True)
            cohort = cohort_for_entry(session, request.user_id, channel_id=request.channel_id, cohort_id=request.cohort_id)
            person = get_or_create_person(session, request.user_id, request.display_name)
            now = clock.now()
            reflection = Reflection(
                person_id=person.id,
                cohort=cohort,
                week=request.week or current_week(cohort, now),
                text=text,
                visibility=PRIVATE,
                source_key=request.source_key,
                created_at=now,
                updated_at=now,
            )
            session.add(reflection)
            session.flush()
            return _saved(reflection, duplicate=False)
    except IntegrityError:
        # Another worker stored the same request between our check and our insert.
        with db.read() as session:
            existing = _existing(session, request.source_key)
            if existing is None:
                raise
            return _saved(existing, duplicate=True)
