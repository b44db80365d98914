"""Steering a cohort's programme: schedule, calendar, skip, swap, pause, resume, post now, status.

Every function here takes a cohort the caller may already run (see `require_facilitator`);
the Slack commands and the CLI are two ways of calling the same operations.
"""

from __future__ import annotations

import math
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.delivery.claims import CLAIMED, FAILED, MISSED, PENDING, SENT, SKIPPED
from bot.delivery.jobs import COHORT_WEEK
from bot.delivery.kinds import DELIVERY_KINDS, DIGEST, REMINDER
from bot.interaction.errors import InvalidInput, UserError
from bot.messaging.addresses import PersonRef
from bot.people.roles import FACILITATOR, require_role
from bot.programme.calendar import PROMPT, check_slot, current_week, local_label
from bot.programme.library import ensure_library, find_prompt
from bot.programme.lifecycle import ENDED, PAUSED, PLANNED, RUNNING
from storage.models import Cohort, Delivery, Prompt

UNSENT = (PENDING, MISSED, FAILED, SKIPPED)
SKIPPED_BY_FACILITATOR = "skipped by a facilitator"


def require_facilitator(session: Session, person: PersonRef, cohort: Cohort, *, admin: bool) -> None:
    require_role(session, person, cohort, {FACILITATOR}, admin=admin)


def calendar_rows(session: Session, cohort: Cohort, kind: str | None = None) -> list[Delivery]:
    query = select(Delivery).where(Delivery.cohort_id == cohort.id, Delivery.subject_id == COHORT_WEEK)
    if kind:
        query = query.where(Delivery.kind == kind)
    return list(session.scalars(query.order_by(Delivery.week, Delivery.kind)))


def materialise(session: Session, cohort: Cohort) -> int:
    """Write the calendar: one row per week and kind; pending rows follow the current slot. New rows made."""
    existing = {(row.week, row.kind): row for row in calendar_rows(session, cohort)}
    made = 0
    for kind, spec in DELIVERY_KINDS.items():
        for planned in spec.planner(session, cohort):
            row = existing.get((planned.week, kind))
            if row is None:
                session.add(
                    Delivery(
                        cohort_id=cohort.id, week=planned.week, kind=kind, prompt_id=planned.prompt_id, due_at=planned.due_at
                    )
                )
                made += 1
            elif row.status == PENDING:
                row.due_at = planned.due_at
    session.flush()
    return made


def refuse_ended(cohort: Cohort) -> None:
    if cohort.status in ENDED:
        raise UserError(f"{cohort.name} is {cohort.status}, so nothing more is posted for it.")


def schedule(session: Session, cohort: Cohort) -> str:
    refuse_ended(cohort)
    if not cohort.conversation:
        raise InvalidInput(f"{cohort.name} has no Slack channel yet, so there is nowhere to post.")
    check_slot(cohort.local_time)
    ensure_library(session)
    materialise(session, cohort)
    if cohort.status == PLANNED:
        cohort.status = RUNNING
    first = next((row for row in calendar_rows(session, cohort, PROMPT) if row.status == PENDING), None)
    when = f" The next post is week {first.week}, {local_label(first.due_at, cohort.timezone)}." if first else ""
    return f"{cohort.name} is scheduled: {cohort.weeks} weekly challenges in its channel.{when}"


def require_running(cohort: Cohort) -> None:
    refuse_ended(cohort)
    if cohort.status == PLANNED:
        raise UserError(f"{cohort.name} is not scheduled yet. Schedule it first.")
    if cohort.status == PAUSED:
        raise UserError(f"{cohort.name} is paused. Resume it first.")


def week_row(session: Session, cohort: Cohort, week: int, kind: str = PROMPT) -> Delivery:
    if not 1 <= week <= cohort.weeks:
        raise InvalidInput(f"{cohort.name} has weeks 1 to {cohort.weeks}.", "week")
    row = session.scalar(select(Delivery).where(Delivery.cohort_id == cohort.id, Delivery.week == week, Delivery.kind == kind))
    if row is None:
        raise UserError(f"{cohort.name} is not scheduled yet. Schedule it first.")
    return row


def skip(session: Session, cohort: Cohort, week: int) -> str:
    post = week_row(session, cohort, week)
    if post.status in (SENT, CLAIMED):
        raise UserError(f"Week {week} has already been posted, so it can't be skipped.")
    for row in calendar_rows(session, cohort):
        if row.week == week and row.kind in (PROMPT, REMINDER, DIGEST) and row.status != SENT:
            row.status, row.error = SKIPPED, SKIPPED_BY_FACILITATOR
    return f"Week {week} of {cohort.name} will not be posted."


def swap(session: Session, cohort: Cohort, week: int, slug: str) -> str:
    post = week_row(session, cohort, week)
    if post.status in (SENT, CLAIMED):
        raise UserError(f"Week {week} has already been posted, so its challenge can't change.")
    prompt = find_prompt(session, slug)
    post.prompt_id = prompt.id
    return f"Week {week} of {cohort.name} will be: {prompt.title}."


def pause(session: Session, cohort: Cohort) -> str:
    if cohort.status != RUNNING:
        raise UserError(f"{cohort.name} is {cohort.status}, not running, so there is nothing to pause.")
    cohort.status = PAUSED
    return f"{cohort.name} is paused: nothing will be posted until you resume it. No weeks are lost."


def resume(session: Session, cohort: Cohort) -> str:
    """Restart a paused cohort; the remaining weeks move later by whole weeks, so none is lost."""
    if cohort.status != PAUSED:
        raise UserError(f"{cohort.name} is {cohort.status}, not paused.")
    cohort.status = RUNNING
    now = clock.now()
    posts = calendar_rows(session, cohort, PROMPT)
    first = next((row for row in posts if row.status == PENDING), None)
    if first is None:
        return f"{cohort.name} is running again. All its weeks are already done."
    if first.due_at < now:
        cohort.start_date += timedelta(weeks=math.ceil((now - first.due_at) / timedelta(weeks=1)))
    for row in calendar_rows(session, cohort):
        if row.week < first.week and row.status == PENDING:
            row.status, row.error = SKIPPED, "belonged to a week before the pause"
    materialise(session, cohort)
    return f"{cohort.name} is running again. Week {first.week} will be posted {local_label(first.due_at, cohort.timezone)}."


def make_due_now(session: Session, cohort: Cohort, post: Delivery) -> None:
    """Make a week's post due now (and its reminder due after it), unless it is being or has been posted.

    A conditional update: of two callers racing a claim, the one that finds the post taken is refused.
    """
    now = clock.now()
    reset = session.execute(
        update(Delivery)
        .where(Delivery.id == post.id, Delivery.status.in_(UNSENT))
        .values(status=PENDING, due_at=now, retry_at=None, error=None, claim_token=None)
        .execution_options(synchronize_session=False)
    )
    if not reset.rowcount:
        raise UserError(f"Week {post.week} has already been posted.")
    if cohort.reminder_days is not None:
        session.execute(
            update(Delivery)
            .where(
                Delivery.cohort_id == cohort.id,
                Delivery.week == post.week,
                Delivery.kind == REMINDER,
                Delivery.subject_id == COHORT_WEEK,
                Delivery.status.in_(UNSENT),
            )
            .values(status=PENDING, due_at=now + timedelta(days=cohort.reminder_days), error=None)
            .execution_options(synchronize_session=False)
        )


def prepare_post_now(session: Session, cohort: Cohort) -> tuple[int, int]:
    """Make the current week's post due now; (delivery id, week) to send."""
    require_running(cohort)
    now = clock.now()
    week = current_week(cohort, now) or (1 if now.date() < cohort.start_date else None)
    if week is None:
        raise UserError(f"{cohort.name}'s programme has finished; there is no current week.")
    post = week_row(session, cohort, week)
    make_due_now(session, cohort, post)
    return post.id, week


def set_reminders(session: Session, cohort: Cohort, days: int | None) -> str:
    if days is not None and not 1 <= days <= 6:
        raise InvalidInput("Reminders go 1 to 6 days after the weekly post.", "reminder_days")
    cohort.reminder_days = days
    for row in calendar_rows(session, cohort, REMINDER):
        if row.status == PENDING and days is None:
            row.status, row.error = SKIPPED, "reminders turned off"
    materialise(session, cohort)
    return f"Reminders for {cohort.name}: " + (f"{days} days after each post." if days else "off.")


def calendar_text(session: Session, cohort: Cohort) -> str:
    titles = {row.id: row.title for row in session.execute(select(Prompt.id, Prompt.title))}
    lines = [f"**{cohort.name}** ({cohort.status}), times in {cohort.timezone}"]
    for row in calendar_rows(session, cohort, PROMPT):
        when = row.sent_at if row.status == SENT and row.sent_at else row.due_at
        title = titles.get(row.prompt_id, "no prompt") if row.prompt_id else "no prompt"
        note = f" ({row.error})" if row.status in (MISSED, FAILED) and row.error else ""
        lines.append(f"Week {row.week}: {local_label(when, cohort.timezone)}, {title}, {row.status}{note}")
    if len(lines) == 1:
        lines.append("Not scheduled yet.")
    return "\n".join(lines)


def status_text(session: Session, cohort: Cohort) -> str:
    posts = calendar_rows(session, cohort, PROMPT)
    week = current_week(cohort, clock.now())
    by_status = {status: [row.week for row in posts if row.status == status] for status in (SENT, MISSED, FAILED, SKIPPED)}
    upcoming = next((row for row in posts if row.status == PENDING), None)
    lines = [
        f"**{cohort.name}**: {cohort.status}, channel {cohort.conversation or 'not set'}, "
        + (f"week {week} of {cohort.weeks}" if week else f"{cohort.weeks} weeks from {cohort.start_date:%d %B %Y}"),
        f"Posted: {len(by_status[SENT])} of {cohort.weeks}",
        "Reminders: " + (f"{cohort.reminder_days} days after each post" if cohort.reminder_days else "off"),
    ]
    if upcoming:
        lines.append(f"Next post: week {upcoming.week}, {local_label(upcoming.due_at, cohort.timezone)}")
    for status, label in ((MISSED, "Missed"), (FAILED, "Failed"), (SKIPPED, "Skipped")):
        if by_status[status]:
            lines.append(f"{label}: week(s) {', '.join(map(str, by_status[status]))}")
    return "\n".join(lines)
