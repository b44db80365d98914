"""Who coaches whom: facilitators assign a coach to each delegate; both are told by DM."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Context
from bot.delivery.jobs import NothingToSend
from bot.delivery.outbox import COACH_ASSIGNED, enqueue
from bot.interaction.errors import CohortChoice, CohortChoiceNeeded, InvalidInput, NotAllowed
from bot.messaging.addresses import PersonRef, Place, Workspace
from bot.messaging.invites import dm_each
from bot.messaging.markup import bold
from bot.messaging.messenger import Message
from bot.people.profiles import get_or_create_person, is_person
from bot.people.roles import COACH, DELEGATE, FACILITATOR, roles_in
from bot.programme.cohorts import enrol, is_channel_of, workspace_of
from storage.models import CoachAssignment, Cohort, Person

NO_COACH = "You don't have a coach yet. Ask your programme facilitator to assign one."


@dataclass(frozen=True)
class Assigned:
    cohort: str
    cohort_id: int
    coach_id: str
    delegate_id: str
    changed: bool
    coach: int  # their rows in people
    delegate: int
    workspace: Workspace
    queued: tuple[int, ...] = ()  # the DM telling a newly enrolled coach who enrolled them


def assign(session: Session, cohort: Cohort, coach_id: str, delegate_id: str, *, by: PersonRef | None) -> Assigned:
    """Make `coach_id` the coach of `delegate_id` in `cohort`; a coach who is not a facilitator there is enrolled as coach.

    `by` is who did it, as for `enrol`.
    """
    workspace = workspace_of(cohort)
    if DELEGATE not in roles_in(session, workspace.person(delegate_id), cohort):
        raise InvalidInput(f"{delegate_id} is not a delegate of {cohort.name}. Enrol them first.")
    if coach_id == delegate_id:
        raise InvalidInput("A delegate can't be their own coach.")
    queued: tuple[int, ...] = ()
    if not roles_in(session, workspace.person(coach_id), cohort) & {FACILITATOR, COACH}:
        queued = enrol(session, cohort, coach_id, COACH, by=by).queued
    coach = get_or_create_person(session, workspace.person(coach_id))
    delegate = get_or_create_person(session, workspace.person(delegate_id))
    existing = session.scalar(
        select(CoachAssignment).where(CoachAssignment.cohort_id == cohort.id, CoachAssignment.delegate_id == delegate.id)
    )
    changed = existing is None or existing.coach_id != coach.id
    if existing is None:
        session.add(CoachAssignment(cohort_id=cohort.id, delegate_id=delegate.id, coach_id=coach.id))
    else:
        existing.coach_id = coach.id
    session.flush()
    return Assigned(cohort.name, cohort.id, coach_id, delegate_id, changed, coach.id, delegate.id, workspace, queued)


def queue_announcements(session: Session, done: list[Assigned]) -> tuple[int, ...]:
    """Outbox rows telling each delegate with a new coach, and that coach, by DM; returns their ids (and the role DMs')."""
    return tuple(row for a in done for row in a.queued) + tuple(
        enqueue(session, COACH_ASSIGNED, a.workspace, cohort_id=a.cohort_id, coach_id=a.coach, delegate_id=a.delegate)
        for a in done
        if a.changed
    )


def announce(ctx: Context, cohort_id: int, coach_id: int, delegate_id: int) -> None:
    """Tell the delegate and the coach, by DM."""
    with ctx.db.read() as session:
        cohort = session.get(Cohort, cohort_id)
        coach, delegate = session.get(Person, coach_id), session.get(Person, delegate_id)
        if cohort is None or coach is None or delegate is None:
            raise NothingToSend("the cohort or a person is no longer here")
        messages = {
            delegate.id: Message(
                title="Your coach",
                text=f"{coach.display_name or coach.platform_user_id} is your coach for {cohort.name}. "
                "Type `/coach` and what you'd like help with to ask for a 1-2-1.",
            ),
            coach.id: Message(
                title="A new delegate to coach",
                text=f"You are now {delegate.display_name or delegate.platform_user_id}'s coach for {cohort.name}. "
                f"They can ask you for a 1-2-1 with `/coach`; log one with `/coach log` and their name.",
            ),
        }
        people = [person for person in (delegate, coach) if person.erased_at is None]
    dm_each(ctx.messenger, people, lambda person: messages[person.id])


def coaches_of(session: Session, delegate: PersonRef) -> list[CoachAssignment]:
    """The delegate's coach in each of their cohorts; a polite refusal if they have none."""
    query = (
        select(CoachAssignment)
        .join(Person, CoachAssignment.delegate_id == Person.id)
        .where(is_person(delegate))
        .order_by(CoachAssignment.cohort_id)
    )
    assignments = list(session.scalars(query))
    if not assignments:
        raise NotAllowed(NO_COACH)
    return assignments


def coach_assignment(
    session: Session, delegate: PersonRef, *, place: Place | None = None, cohort_id: int | None = None
) -> CoachAssignment:
    """The delegate's coach assignment: the cohort's named, the only one, or the channel's; else they are asked which."""
    assignments = coaches_of(session, delegate)
    if cohort_id is not None:
        assignments = [a for a in assignments if a.cohort_id == cohort_id]
        if not assignments:
            raise NotAllowed(NO_COACH)
    here = [a for a in assignments if is_channel_of(a.cohort, place)]
    if len(assignments) == 1 or len(here) == 1:
        return (here or assignments)[0]
    raise CohortChoiceNeeded([CohortChoice(a.cohort_id, a.cohort.name) for a in assignments])


def coached_by(session: Session, coach: PersonRef) -> list[CoachAssignment]:
    query = (
        select(CoachAssignment)
        .join(Person, CoachAssignment.coach_id == Person.id)
        .where(is_person(coach))
        .order_by(CoachAssignment.cohort_id, CoachAssignment.id)
    )
    return list(session.scalars(query))


def delegate_of(session: Session, coach: PersonRef, delegate_user_id: str) -> CoachAssignment:
    """The assignment making `coach` the coach of `delegate_user_id` (in their workspace); refused politely otherwise."""
    for assignment in coached_by(session, coach):
        if assignment.delegate.platform_user_id == delegate_user_id:
            return assignment
    raise NotAllowed("Sorry, you can only do that for the delegates you coach.")


def assignments_text(session: Session, cohort: Cohort) -> str:
    query = select(CoachAssignment).where(CoachAssignment.cohort_id == cohort.id).order_by(CoachAssignment.id)
    lines = [
        f"{a.delegate.display_name or a.delegate.platform_user_id}: coached by {a.coach.display_name or a.coach.platform_user_id}"
        for a in session.scalars(query)
    ]
    return "\n".join([bold(f"Coaches in {cohort.name}"), *(lines or ["No coaches assigned yet."])])
