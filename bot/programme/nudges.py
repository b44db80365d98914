"""Nudges that respect senior people's time: one reminder DM, a weekly digest, snooze and opt-out.

Reminders go by DM only, never as an @-mention in the channel, and only to delegates
who have not yet reflected on that week's challenge.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.context import Context
from bot.delivery.jobs import Job, NothingToSend, Planned
from bot.interaction.errors import InvalidInput
from bot.interaction.exchange import Reply, Request
from bot.interaction.subcommands import Subcommand
from bot.messaging.invites import dm_each
from bot.messaging.messenger import DELIVERY_KEY, Message
from bot.people.profiles import get_or_create_person
from bot.people.roles import DELEGATE, FACILITATOR, has_any_role
from bot.programme.calendar import PROMPT, due_at
from bot.programme.suggestions import waiting_count
from bot.programme.weekly_post import challenge_text, week_buttons
from bot.sessions.invitations import late_cancellations
from storage.models import Cohort, Delivery, Evidence, Membership, Person, Prompt, Reflection

DEFAULT_SNOOZE_DAYS = 7
DIGEST_DAYS_AFTER = 6  # the day before the next week's post
DRIFTING_WEEKS = 2


def plan_reminders(session: Session, cohort: Cohort) -> list[Planned]:
    if cohort.reminder_days is None:
        return []
    return [Planned(week, due_at(cohort, week, cohort.reminder_days)) for week in range(1, cohort.weeks + 1)]


def plan_digests(session: Session, cohort: Cohort) -> list[Planned]:
    return [Planned(week, due_at(cohort, week, DIGEST_DAYS_AFTER)) for week in range(1, cohort.weeks + 1)]


def _members(session: Session, cohort_id: int, role: str) -> list[Person]:
    query = (
        select(Person)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.cohort_id == cohort_id, Membership.role == role, Person.erased_at.is_(None))
        .order_by(Person.display_name, Person.platform_user_id)
    )
    return list(session.scalars(query))


def _posted_weeks(session: Session, cohort_id: int) -> list[int]:
    query = select(Delivery.week).where(
        Delivery.cohort_id == cohort_id, Delivery.kind == PROMPT, Delivery.status == "sent"
    )
    return sorted(session.scalars(query))


def _active(session: Session, model: type[Reflection] | type[Evidence], cohort_id: int) -> set[tuple[int, int]]:
    """(person id, week) pairs with at least one entry that was not deleted."""
    query = select(model.person_id, model.week).where(
        model.cohort_id == cohort_id, model.deleted_at.is_(None), model.week.is_not(None)
    )
    return {(person_id, week) for person_id, week in session.execute(query)}


def _name(person: Person) -> str:
    return person.display_name or person.platform_user_id


def wants_reminders(person: Person) -> bool:
    snoozed = person.reminders_snoozed_until
    return not person.reminders_opt_out and (snoozed is None or snoozed <= clock.now())


def send_reminder(ctx: Context, job: Job) -> None:
    with ctx.db.read() as session:
        if job.week not in _posted_weeks(session, job.cohort_id):
            raise NothingToSend(f"week {job.week} was not posted")
        prompt = session.scalar(
            select(Prompt)
            .join(Delivery, Delivery.prompt_id == Prompt.id)
            .where(Delivery.cohort_id == job.cohort_id, Delivery.week == job.week, Delivery.kind == PROMPT)
        )
        reflected = {person for person, week in _active(session, Reflection, job.cohort_id) if week == job.week}
        due = [
            person
            for person in _members(session, job.cohort_id, DELEGATE)
            if person.id not in reflected and wants_reminders(person)
        ]
        title = f"A gentle nudge: week {job.week} of {job.weeks}" + (f", {prompt.title}" if prompt else "")
        text = challenge_text(prompt) if prompt else "This week's challenge is in your cohort channel."
    message = Message(
        title=title,
        text=text,
        footer="Snooze these with `/cohortbot snooze 7` or stop them with `/cohortbot reminders off`.",
        buttons=week_buttons(job.cohort_id, job.week)[:1],
        metadata={DELIVERY_KEY: job.id, "kind": job.kind},
    )
    dm_each(ctx.messenger, due, lambda _person: message)


def digest_text(session: Session, cohort_id: int, week: int) -> str:
    delegates = _members(session, cohort_id, DELEGATE)
    reflections = _active(session, Reflection, cohort_id)
    evidence = _active(session, Evidence, cohort_id)
    posted = [w for w in _posted_weeks(session, cohort_id) if w <= week]

    def did(person: Person, w: int) -> bool:
        return (person.id, w) in reflections or (person.id, w) in evidence

    def names(people: list[Person]) -> str:
        return ", ".join(_name(p) for p in people) or "nobody"

    drifting = []
    for person in delegates:
        run = 0
        for w in reversed(posted):
            if did(person, w):
                break
            run += 1
        if run >= DRIFTING_WEEKS:
            drifting.append(f"{_name(person)} ({run} weeks)")
    lines = [
        f"Reflected: {names([p for p in delegates if (p.id, week) in reflections])}",
        f"Logged evidence: {names([p for p in delegates if (p.id, week) in evidence])}",
        f"Not yet: {names([p for p in delegates if not did(p, week)])}",
        f"Missed {DRIFTING_WEEKS} or more weeks in a row: {', '.join(drifting) or 'nobody'}",
    ]
    cohort = session.get(Cohort, cohort_id)
    late = late_cancellations(session, cohort, week) if cohort else []
    if late:
        lines.append(f"Late cancellations of sessions: {len(late)} ({', '.join(late)})")
    ideas = waiting_count(session, [cohort_id])
    if ideas:
        lines.append(f"Challenge ideas waiting for your review: {ideas} (`/cohortbot suggestions`)")
    return "\n".join(lines)


def send_digest(ctx: Context, job: Job) -> None:
    with ctx.db.read() as session:
        text = digest_text(session, job.cohort_id, job.week)
        facilitators = _members(session, job.cohort_id, FACILITATOR)
    message = Message(title=f"{job.cohort_name}: week {job.week} of {job.weeks}", text=text,
                      metadata={DELIVERY_KEY: job.id, "kind": job.kind})
    dm_each(ctx.messenger, facilitators, lambda _person: message)


# What delegates type


def snooze(req: Request, args: list[str]) -> Reply:
    try:
        days = int(args[0]) if args else DEFAULT_SNOOZE_DAYS
    except ValueError:
        raise InvalidInput("Say how many days, e.g. `/cohortbot snooze 7`.") from None
    if not 1 <= days <= 90:
        raise InvalidInput("You can snooze reminders for 1 to 90 days.")
    until = clock.now() + timedelta(days=days)
    with req.ctx.db.write() as session:
        get_or_create_person(session, req.actor.person).reminders_snoozed_until = until
    return Reply(text=f"Reminders snoozed for {days} days. The weekly challenge still appears in your cohort channel.")


def reminders(req: Request, args: list[str]) -> Reply:
    choice = args[0].lower() if args else ""
    if choice not in ("on", "off"):
        raise InvalidInput("Say `/cohortbot reminders off` or `/cohortbot reminders on`.")
    with req.ctx.db.write() as session:
        person = get_or_create_person(session, req.actor.person)
        person.reminders_opt_out = choice == "off"
        person.reminders_snoozed_until = None
    if choice == "off":
        return Reply(text="Reminders are off. You won't get nudges by DM; turn them back on with `/cohortbot reminders on`.")
    return Reply(text="Reminders are on. I'll send one DM if you haven't reflected a couple of days after each challenge.")


def is_delegate(req: Request) -> bool:
    with req.ctx.db.read() as session:
        return has_any_role(session, req.actor.person, DELEGATE)


SUBCOMMANDS = (
    Subcommand("snooze", "snooze [days]", "pause reminder DMs for a few days (default 7)", snooze, is_delegate),
    Subcommand("reminders", "reminders off|on", "stop or restart reminder DMs", reminders, is_delegate),
)
