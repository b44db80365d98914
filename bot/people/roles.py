"""Who may do what: delegate, facilitator, evaluator, coach; admins are decided by the context."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.interaction.errors import NotAllowed
from bot.messaging.addresses import PersonRef
from bot.people.profiles import is_person
from storage.models import Cohort, Membership, Person

DELEGATE = "delegate"
FACILITATOR = "facilitator"
EVALUATOR = "evaluator"
COACH = "coach"
ROLES = (DELEGATE, FACILITATOR, EVALUATOR, COACH)


def roles_in(session: Session, person: PersonRef, cohort: Cohort) -> set[str]:
    query = (
        select(Membership.role)
        .join(Person, Membership.person_id == Person.id)
        .where(Membership.cohort_id == cohort.id, is_person(person))
    )
    return set(session.scalars(query))


def has_any_role(session: Session, person: PersonRef, role: str) -> bool:
    query = (
        select(Membership.id)
        .join(Person, Membership.person_id == Person.id)
        .where(is_person(person), Membership.role == role)
        .limit(1)
    )
    return session.scalar(query) is not None


def require_role(session: Session, person: PersonRef, cohort: Cohort, allowed: Collection[str], *, admin: bool) -> None:
    """Pass for admins and for members holding one of `allowed` in this cohort; refuse others politely."""
    if admin or roles_in(session, person, cohort) & set(allowed):
        return
    wanted = " or ".join(sorted(allowed))
    raise NotAllowed(f"Sorry, only a {wanted} of {cohort.name} can do that.")
