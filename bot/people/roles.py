"""Who may do what: delegate, facilitator, evaluator, coach, and admins from COHORTBOT_ADMINS."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.interaction.errors import NotAllowed
from storage.models import Cohort, Membership, Person

DELEGATE = "delegate"
FACILITATOR = "facilitator"
EVALUATOR = "evaluator"
COACH = "coach"
ROLES = (DELEGATE, FACILITATOR, EVALUATOR, COACH)


def roles_in(session: Session, user_id: str, cohort: Cohort) -> set[str]:
    query = (
        select(Membership.role)
        .join(Person, Membership.person_id == Person.id)
        .where(Membership.cohort_id == cohort.id, Person.platform_user_id == user_id)
    )
    return set(session.scalars(query))


def has_any_role(session: Session, user_id: str, role: str) -> bool:
    query = (
        select(Membership.id)
        .join(Person, Membership.person_id == Person.id)
        .where(Person.platform_user_id == user_id, Membership.role == role)
        .limit(1)
    )
    return session.scalar(query) is not None


def require_role(
    session: Session, user_id: str, cohort: Cohort, allowed: Collection[str], admins: Collection[str]
) -> None:
    """Pass for admins and for members holding one of `allowed` in this cohort; refuse others politely."""
    if user_id in admins or roles_in(session, user_id, cohort) & set(allowed):
        return
    wanted = " or ".join(sorted(allowed))
    raise NotAllowed(f"Sorry, only a {wanted} of {cohort.name} can do that.")
