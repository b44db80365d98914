"""Mending a cohort: the changes facilitators make when something was set up wrong or went wrong.

Like `bot.programme.schedule`, every function takes a cohort the caller may already run;
the `/cohortbot cohort` commands and the CLI are two ways of calling them.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import clock
from bot.context import Context
from bot.delivery.claims import FAILED, MISSED, PENDING, SKIPPED
from bot.interaction.errors import InvalidInput, UserError
from bot.people.profiles import is_person
from bot.people.roles import DELEGATE, FACILITATOR, ROLES
from bot.programme.calendar import PROMPT, due_at, local_label
from bot.programme.cohorts import cohorts_of, free_channel, new_name, place_of, workspace_of
from bot.programme.lifecycle import ARCHIVED, ENDED, stop_pending
from bot.programme.schedule import (
    SKIPPED_BY_FACILITATOR,
    calendar_rows,
    make_due_now,
    materialise,
    refuse_ended,
    require_running,
    week_row,
)
from storage.models import Cohort, Membership, Person

MOST_WEEKS_TO_SHIFT = 52
CHANNEL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9:@._-]*")  # a Slack channel ID, or a Teams conversation id


def _members(session: Session, cohort: Cohort, role: str) -> int:
    query = select(func.count(Membership.id)).where(Membership.cohort_id == cohort.id, Membership.role == role)
    return session.scalar(query) or 0


def unenrol(session: Session, cohort: Cohort, user_id: str, role: str) -> bool:
    """Take a role in the cohort from a person; False if they did not have it. What they wrote is kept."""
    if role not in ROLES:
        raise InvalidInput(f"Unknown role {role!r}; use one of: {', '.join(ROLES)}.", "role")
    membership = session.scalar(
        select(Membership)
        .join(Person, Membership.person_id == Person.id)
        .where(Membership.cohort_id == cohort.id, Membership.role == role, is_person(workspace_of(cohort).person(user_id)))
    )
    if membership is None:
        return False
    if role == FACILITATOR and _members(session, cohort, FACILITATOR) == 1:
        raise UserError(f"{cohort.name} would have no facilitator left. Enrol another facilitator first.")
    session.delete(membership)
    session.flush()
    return True


def no_delegates(session: Session, cohort: Cohort) -> bool:
    return _members(session, cohort, DELEGATE) == 0


def also_delegate_in(session: Session, cohort: Cohort, user_id: str) -> list[str]:
    """The other cohorts still going on (not finished or archived) where this person is a delegate."""
    others = cohorts_of(session, workspace_of(cohort).person(user_id), DELEGATE)
    return [other.name for other in others if other.id != cohort.id and other.status not in ENDED]


def rename(session: Session, cohort: Cohort, name: str) -> str:
    old, cohort.name = cohort.name, new_name(session, workspace_of(cohort), name)
    return f"{old} is now called {cohort.name}."


def move_channel(session: Session, cohort: Cohort, conversation: str) -> str:
    conversation = conversation.strip()
    if not CHANNEL_ID.fullmatch(conversation):
        raise InvalidInput("Give the channel's ID, e.g. C0123456789 (from the channel's details), not its name.", "channel")
    if conversation == cohort.conversation:
        raise UserError(f"{cohort.name} already posts in {conversation}.")
    free_channel(session, workspace_of(cohort), conversation)
    cohort.conversation = conversation
    return f"{cohort.name} now posts in {conversation}; I'm joining it. Posts already made stay where they are."


def join_channel(ctx: Context, cohort_id: int) -> None:
    """Join the cohort's channel (the one it has now), so the next post can go there."""
    with ctx.db.read() as session:
        cohort = session.get(Cohort, cohort_id)
        place = place_of(cohort) if cohort else None
    if place is not None:
        ctx.messenger.join(place)


def unskip(session: Session, cohort: Cohort, week: int) -> str:
    refuse_ended(cohort)
    post = week_row(session, cohort, week)
    if post.status != SKIPPED:
        raise UserError(f"Week {week} of {cohort.name} is not skipped; it is {post.status}.")
    slot = due_at(cohort, week)
    if slot <= clock.now():
        raise UserError(
            f"Week {week}'s time has passed ({local_label(slot, cohort.timezone)}). "
            f'To post it now, run `/cohortbot cohort resend "{cohort.name}" {week}`.'
        )
    for row in calendar_rows(session, cohort):
        if row.week == week and row.status == SKIPPED and row.error == SKIPPED_BY_FACILITATOR:
            row.status, row.error, row.retry_at = PENDING, None, None
    materialise(session, cohort)
    return f"Week {week} of {cohort.name} will be posted after all, {local_label(slot, cohort.timezone)}."


def archive(session: Session, cohort: Cohort) -> str:
    if cohort.status == ARCHIVED:
        raise UserError(f"{cohort.name} is already archived.")
    cohort.status = ARCHIVED
    stop_pending(session, cohort, "the cohort was archived")
    return (
        f"{cohort.name} is archived: nothing more will be posted or sent for it. "
        "Everything it holds is kept for the evaluation and export."
    )


def prepare_resend(session: Session, cohort: Cohort, week: int) -> int:
    """Make a missed, failed or skipped week's post due now; the delivery to send. Its claim sends it once."""
    require_running(cohort)
    post = week_row(session, cohort, week)
    if post.status == PENDING and post.due_at > clock.now():
        raise UserError(
            f"Week {week} of {cohort.name} is not due until {local_label(post.due_at, cohort.timezone)}. "
            "To post the current week early, use `post-now`."
        )
    make_due_now(session, cohort, post)
    return post.id


def shift(session: Session, cohort: Cohort, weeks: int) -> str:
    """Move every week not yet posted `weeks` later; missed or failed weeks that now fall ahead will be posted after all."""
    refuse_ended(cohort)
    if not 1 <= weeks <= MOST_WEEKS_TO_SHIFT:
        raise InvalidInput(f"Shift by 1 to {MOST_WEEKS_TO_SHIFT} weeks.", "weeks")
    rows = calendar_rows(session, cohort)
    if not rows:
        raise UserError(f"{cohort.name} is not scheduled yet. Schedule it first.")
    remaining = [row for row in rows if row.status in (PENDING, MISSED, FAILED)]
    if not any(row.kind == PROMPT for row in remaining):
        raise UserError(f"Every week of {cohort.name} has been posted or skipped; there is nothing to move.")
    cohort.start_date += timedelta(weeks=weeks)
    before = {row.id: (row.status, row.error) for row in remaining}
    for row in remaining:
        row.status, row.error, row.retry_at = PENDING, None, None
    materialise(session, cohort)
    now = clock.now()
    for row in remaining:
        if row.due_at <= now:
            row.status, row.error = before[row.id]
    first = next((row for row in remaining if row.kind == PROMPT and row.status == PENDING), None)  # in week order
    moved = f"Every week of {cohort.name} not yet posted moves {weeks} week{'s' if weeks > 1 else ''} later."
    if first is None:
        return moved + " None of them falls in the future, so nothing more will be posted."
    return moved + f" Next: week {first.week}, {local_label(first.due_at, cohort.timezone)}."
