"""People as the domain knows them: a platform user id, a name, a timezone."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.db import Database
from storage.models import Person


def find_person(session: Session, user_id: str) -> Person | None:
    return session.scalar(select(Person).where(Person.platform_user_id == user_id))


def get_or_create_person(session: Session, user_id: str, display_name: str | None = None) -> Person:
    """The person with this platform id, created on first sight; a known name is kept up to date."""
    person = find_person(session, user_id)
    if person is None:
        person = Person(platform_user_id=user_id, display_name=display_name or "")
        session.add(person)
        session.flush()
    elif display_name and person.display_name != display_name:
        person.display_name = display_name
    return person


def needs_profile(db: Database, user_id: str) -> bool:
    with db.read() as session:
        person = find_person(session, user_id)
        return person is not None and not person.display_name and person.erased_at is None


def update_profile(db: Database, user_id: str, *, display_name: str, timezone: str | None) -> None:
    with db.write() as session:
        person = find_person(session, user_id)
        if person is None:
            return
        person.display_name = display_name or person.display_name
        person.timezone = timezone or person.timezone
