"""Who is who and which channel is whose: names for front ends that show people, not ids."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from bot.interaction.errors import NotFound
from bot.messaging.addresses import PersonRef, Place, Workspace
from bot.people.profiles import is_person
from bot.programme.cohorts import cohort_at
from storage.db import Database
from storage.models import Cohort, Membership, Person


@dataclass(frozen=True)
class Role:
    role: str
    cohort: str
    place: Place | None


@dataclass(frozen=True)
class Member:
    person: PersonRef
    name: str
    roles: tuple[Role, ...]

    @property
    def user_id(self) -> str:
        return self.person.user_id

    @property
    def home_place(self) -> Place | None:
        """The channel they would type in: their cohort's, when they belong to exactly one."""
        places = {role.place for role in self.roles}
        return places.pop() if len(places) == 1 else None

    def describe_roles(self) -> str:
        """e.g. `facilitator in Cohort 1 and Cohort 2`."""
        cohorts: dict[str, list[str]] = defaultdict(list)
        for role in self.roles:
            cohorts[role.role].append(role.cohort)
        return "; ".join(f"{role} in {' and '.join(names)}" for role, names in cohorts.items()) or "no cohort"


def members(db: Database, workspace: Workspace) -> list[Member]:
    """Everyone in the workspace who holds a role in a cohort, by name."""
    query = (
        select(Person.platform_user_id, Person.display_name, Membership.role, Cohort.name, Cohort.conversation)
        .join(Membership, Membership.person_id == Person.id)
        .join(Cohort, Membership.cohort_id == Cohort.id)
        .where(Person.platform == workspace.platform, Person.workspace == workspace.id, Person.erased_at.is_(None))
        .order_by(Cohort.name, Membership.role, Person.display_name)
    )
    names: dict[str, str] = {}
    roles: dict[str, list[Role]] = defaultdict(list)
    with db.read() as session:
        for user_id, name, role, cohort, channel in session.execute(query):
            names[user_id] = name or user_id
            roles[user_id].append(Role(role, cohort, workspace.place(channel) if channel else None))
    found = [Member(workspace.person(user_id), names[user_id], tuple(roles[user_id])) for user_id in names]
    return sorted(found, key=lambda member: member.name.lower())


def find_member(db: Database, workspace: Workspace, wanted: str) -> Member:
    """A member by id, full name, or a part of their name that fits only them."""
    wanted = wanted.strip().lower()
    everyone = members(db, workspace)
    exact = [m for m in everyone if wanted in (m.user_id.lower(), m.name.lower())]
    found = exact or [m for m in everyone if any(word.startswith(wanted) for word in m.name.lower().split())]
    found = found or [m for m in everyone if wanted and wanted in m.name.lower()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(f"There is no one called {wanted!r} here. Type /who to see who you can be.")
    names = ", ".join(member.name for member in found)
    raise NotFound(f"{wanted!r} could be {names}. Please type more of the name.")


def person_name(db: Database, person: PersonRef) -> str | None:
    with db.read() as session:
        return session.scalar(select(Person.display_name).where(is_person(person))) or None


def channel_name(db: Database, place: Place) -> str | None:
    """A channel's readable name, from the cohort that uses it: `Cohort 1 (demo)` becomes `cohort-1-demo`."""
    with db.read() as session:
        cohort = cohort_at(session, place)
    if cohort is None:
        return None
    return re.sub(r"[^a-z0-9]+", "-", cohort.name.lower()).strip("-") or None
