"""Cohorts and who is in them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import TypeVar

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from bot.delivery.outbox import ROLE_GIVEN, enqueue
from bot.interaction.errors import CohortChoice, CohortChoiceNeeded, InvalidInput, NotEnrolled, NotFound
from bot.messaging.addresses import PersonRef, Place, Workspace
from bot.people.profiles import get_or_create_person, is_person
from bot.people.roles import DELEGATE, ROLES
from bot.programme.calendar import check_slot
from bot.programme.cohort_facts import CohortFacts
from storage.models import Cohort, Membership, Person

MAX_NAME = 100
NOT_ENROLLED = (
    "You're not enrolled in a cohort yet, so I can't save this. "
    "Ask your programme facilitator to add you; nothing you typed was stored."
)
NOT_IN_THAT_COHORT = "You're not a delegate in that cohort, so I can't save this there."
CHANNEL_TAKEN = "That channel already has a cohort, and each cohort needs a channel of its own. Please choose another."


def in_workspace(workspace: Workspace) -> ColumnElement[bool]:
    return and_(Cohort.platform == workspace.platform, Cohort.workspace == workspace.id)


AnyCohort = TypeVar("AnyCohort", Cohort, CohortFacts)


def workspace_of(cohort: Cohort | CohortFacts) -> Workspace:
    return Workspace(cohort.platform, cohort.workspace)


def place_of(cohort: Cohort) -> Place | None:
    """The cohort's channel, if it has one."""
    return workspace_of(cohort).place(cohort.conversation) if cohort.conversation else None


def is_channel_of(cohort: Cohort | CohortFacts, place: Place | None) -> bool:
    """Whether `place` is the cohort's channel (or a thread in it)."""
    return place is not None and (workspace_of(cohort), cohort.conversation) == (place.scope, place.conversation)


def cohort_at(session: Session, place: Place | None) -> Cohort | None:
    """The cohort whose channel this is (one at most: `uq_cohorts_platform_workspace_conversation`)."""
    if place is None:
        return None
    return session.scalar(select(Cohort).where(in_workspace(place.scope), Cohort.conversation == place.conversation))


def find_cohort(session: Session, workspace: Workspace, name: str) -> Cohort:
    cohort = session.scalar(select(Cohort).where(in_workspace(workspace), Cohort.name == name.strip()))
    if cohort is None:
        # Not a list of the others: whoever asked may not be allowed to know them.
        raise NotFound(f"There is no cohort called {name!r}. Check the name, in quotes if it has spaces.")
    return cohort


def new_name(session: Session, workspace: Workspace, name: str) -> str:
    """A cohort name, tidied, that no other cohort of the workspace has."""
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise InvalidInput(f"A cohort name needs 1 to {MAX_NAME} characters.", "name")
    if session.scalar(select(Cohort.id).where(in_workspace(workspace), Cohort.name == name)) is not None:
        raise InvalidInput(f"A cohort called {name!r} already exists.", "name")
    return name


def free_channel(session: Session, workspace: Workspace, conversation: str) -> None:
    """Refuse a channel that already has a cohort, naming none (`uq_cohorts_platform_workspace_conversation`)."""
    if cohort_at(session, workspace.place(conversation)) is not None:
        raise InvalidInput(CHANNEL_TAKEN, "channel")


def create_cohort(
    session: Session,
    workspace: Workspace,
    name: str,
    *,
    conversation: str | None,
    start_date: date,
    timezone: str,
    weeks: int = 26,
    weekday: int = 0,
    local_time: time = time(9, 0),
) -> Cohort:
    name = new_name(session, workspace, name)
    if conversation:
        free_channel(session, workspace, conversation)
    if not 1 <= weeks <= 104:
        raise InvalidInput("A programme runs for 1 to 104 weeks.", "weeks")
    if not 0 <= weekday <= 6:
        raise InvalidInput("Choose a day of the week.", "weekday")
    check_slot(local_time)
    cohort = Cohort(
        platform=workspace.platform,
        workspace=workspace.id,
        name=name,
        conversation=conversation or None,
        start_date=start_date,
        timezone=timezone,
        weeks=weeks,
        weekday=weekday,
        local_time=local_time,
    )
    session.add(cohort)
    session.flush()
    return cohort


@dataclass(frozen=True)
class Enrolled:
    added: bool  # False when they already had the role
    queued: tuple[int, ...] = ()  # the outbox row telling them who did it


def enrol(
    session: Session, cohort: Cohort, user_id: str, role: str, *, by: PersonRef | None, display_name: str | None = None
) -> Enrolled:
    """Give a person of the cohort's workspace a role in it, and queue a DM saying who did it.

    `by` is who did it; None is the operator at the server's command line. Nobody is told of
    a role they gave themselves, or already had.
    """
    if role not in ROLES:
        raise InvalidInput(f"Unknown role {role!r}; use one of: {', '.join(ROLES)}.", "role")
    person = get_or_create_person(session, workspace_of(cohort).person(user_id), display_name)
    exists = session.scalar(
        select(Membership.id).where(
            Membership.cohort_id == cohort.id, Membership.person_id == person.id, Membership.role == role
        )
    )
    if exists is not None:
        return Enrolled(added=False)
    session.add(Membership(cohort_id=cohort.id, person_id=person.id, role=role))
    session.flush()
    if by == workspace_of(cohort).person(user_id):
        return Enrolled(added=True)
    by_id = None if by is None else get_or_create_person(session, by).id
    told = enqueue(session, ROLE_GIVEN, workspace_of(cohort), cohort_id=cohort.id, person_id=person.id, role=role, by_id=by_id)
    return Enrolled(True, (told,))


def cohorts_of(session: Session, person: PersonRef, role: str = DELEGATE) -> list[Cohort]:
    return [cohort for _, cohort in _memberships(session, person, role)]


def delegate_memberships(session: Session, person: PersonRef) -> list[tuple[int, Cohort]]:
    """The person's id with each cohort they are a delegate of, by name; empty when they are in none."""
    return _memberships(session, person, DELEGATE)


def _memberships(session: Session, person: PersonRef, role: str) -> list[tuple[int, Cohort]]:
    query = (
        select(Membership.person_id, Cohort)
        .join(Cohort, Membership.cohort_id == Cohort.id)
        .join(Person, Membership.person_id == Person.id)
        .where(is_person(person), Membership.role == role)
        .order_by(Cohort.name)
    )
    return [(person_id, cohort) for person_id, cohort in session.execute(query)]


def cohort_for_entry(
    session: Session, person: PersonRef, *, place: Place | None = None, cohort_id: int | None = None
) -> tuple[int, Cohort]:
    """The delegate's person id and the cohort an entry belongs to (see `choose_cohort`)."""
    memberships = delegate_memberships(session, person)
    if not memberships:
        raise NotEnrolled(NOT_ENROLLED)
    cohorts = [cohort for _, cohort in memberships]
    return memberships[0][0], choose_cohort(cohorts, place=place, cohort_id=cohort_id)


def choose_cohort(cohorts: Sequence[AnyCohort], *, place: Place | None, cohort_id: int | None) -> AnyCohort:
    """Of a delegate's cohorts, the one an entry belongs to: the one named, the only one, or the channel's.

    Never one picked by order: a delegate of several cohorts typing outside exactly one of
    their channels is asked which.
    """
    if cohort_id is not None:
        for cohort in cohorts:
            if cohort.id == cohort_id:
                return cohort
        raise NotEnrolled(NOT_IN_THAT_COHORT)
    if len(cohorts) == 1:
        return cohorts[0]
    here = [cohort for cohort in cohorts if is_channel_of(cohort, place)]
    if len(here) == 1:
        return here[0]
    raise CohortChoiceNeeded([CohortChoice(cohort.id, cohort.name) for cohort in cohorts])
