"""People as the domain knows them: a person on a platform, a name, a timezone."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, ColumnElement, and_, select
from sqlalchemy.orm import Session

from bot.messaging.addresses import PersonRef
from storage.db import Database
from storage.models import Base, Person


def is_person(ref: PersonRef) -> ColumnElement[bool]:
    """The SQL condition that finds this person, in their own platform and workspace only."""
    return and_(Person.platform == ref.platform, Person.workspace == ref.workspace, Person.platform_user_id == ref.user_id)


def person_columns() -> list[Column[Any]]:
    """Every column, in every table, that names a person (a foreign key to `people`)."""
    return [
        column
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if any(key.column.table is Person.__table__ for key in column.foreign_keys)
    ]


def person_ref(person: Person) -> PersonRef:
    return PersonRef(person.platform, person.workspace, person.platform_user_id)


def find_person(session: Session, ref: PersonRef) -> Person | None:
    return session.scalar(select(Person).where(is_person(ref)))


def is_placeholder(name: str | None, user_id: str) -> bool:
    """No name at all, or the person's id standing in for one: never stored as their name."""
    return not name or name.strip() in ("", user_id)


def get_or_create_person(session: Session, ref: PersonRef, display_name: str | None = None) -> Person:
    """The person, created on first sight; a known name is kept up to date, and never replaced by a placeholder."""
    name = None if is_placeholder(display_name, ref.user_id) else display_name
    person = find_person(session, ref)
    if person is None:
        person = Person(platform=ref.platform, workspace=ref.workspace, platform_user_id=ref.user_id, display_name=name or "")
        session.add(person)
        session.flush()
    elif name and person.display_name != name:
        person.display_name = name
    return person


def needs_profile(db: Database, ref: PersonRef) -> bool:
    """Whether the platform should be asked for the person's name: they have none yet, or only a placeholder."""
    with db.read() as session:
        person = find_person(session, ref)
        return person is not None and is_placeholder(person.display_name, ref.user_id) and person.erased_at is None


def update_profile(db: Database, ref: PersonRef, *, display_name: str, timezone: str | None) -> None:
    """What the platform says of the person; a name it gives replaces theirs, a placeholder does not."""
    with db.write() as session:
        person = find_person(session, ref)
        if person is None or person.erased_at is not None:
            return  # a profile looked up before an erasure must not bring the name back
        if not is_placeholder(display_name, ref.user_id):
            person.display_name = display_name
        person.timezone = timezone or person.timezone
