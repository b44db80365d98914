"""`cohort clone`: a new cohort with another's prompt sequence and settings, and none of its people.

The clone's calendar is written at once with the same prompt each week as the original, so
scheduling it later keeps them; it posts nothing until it is scheduled.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.delivery.jobs import COHORT_WEEK
from bot.interaction.errors import InvalidInput
from bot.interaction.exchange import Reply, Request
from bot.peers.rounds import scheme_of
from bot.people.admin_commands import require_create
from bot.people.roles import FACILITATOR
from bot.programme import schedule
from bot.programme.calendar import PROMPT, check_start
from bot.programme.cohorts import create_cohort, enrol, find_cohort, workspace_of
from storage.models import Cohort, Delivery, PeerScheme

USAGE = "Say the new name and start, e.g. `/cohortbot cohort clone \"Cohort 1\" --as \"Cohort 2\" --start 2027-05-03`."


def _prompts_by_week(session: Session, cohort: Cohort) -> dict[int, int | None]:
    query = select(Delivery.week, Delivery.prompt_id).where(
        Delivery.cohort_id == cohort.id, Delivery.kind == PROMPT, Delivery.subject_id == COHORT_WEEK
    )
    return {week: prompt_id for week, prompt_id in session.execute(query)}


def clone_cohort(session: Session, source: Cohort, name: str, start: date, channel: str | None) -> Cohort:
    check_start(start, source.timezone, clock.now(), source.weekday)
    clone = create_cohort(
        session,
        workspace_of(source),
        name,
        conversation=channel,
        start_date=start,
        timezone=source.timezone,
        weeks=source.weeks,
        weekday=source.weekday,
        local_time=source.local_time,
    )
    clone.reminder_days = source.reminder_days
    pairs = scheme_of(session, source.id)
    if pairs is not None:
        session.add(PeerScheme(cohort_id=clone.id, every_weeks=pairs.every_weeks, first_week=1))
    prompts = _prompts_by_week(session, source)
    schedule.materialise(session, clone)
    for row in session.scalars(select(Delivery).where(Delivery.cohort_id == clone.id, Delivery.kind == PROMPT)):
        row.prompt_id = prompts.get(row.week, row.prompt_id)
    return clone


def cloned_text(source: Cohort, clone: Cohort, command: str) -> str:
    """What was made; `command` is how the person runs cohort commands (`cohortbot` or `/cohortbot`)."""
    where = f"in {clone.conversation}" if clone.conversation else "with no channel yet"
    return (
        f"Created {clone.name} from {source.name}: the same {clone.weeks} weekly challenges, "
        f"{clone.local_time:%H:%M} {clone.timezone}, from {clone.start_date:%A %d %B %Y}, {where}. "
        f"No one is enrolled yet. Schedule it with `{command} cohort schedule \"{clone.name}\"`."
    )


def _option(args: list[str], flag: str) -> str | None:
    if flag not in args:
        return None
    at = args.index(flag)
    if at + 1 >= len(args):
        raise InvalidInput(USAGE)
    value = args[at + 1]
    del args[at : at + 2]
    return value


def clone_action(req: Request, args: list[str]) -> Reply:
    """`/cohortbot cohort clone NAME --as NEW --start YYYY-MM-DD [--channel C...]`: the caller facilitates the clone."""
    rest = list(args)
    new_name, start, channel = _option(rest, "--as"), _option(rest, "--start"), _option(rest, "--channel")
    if not rest or not new_name or not start:
        raise InvalidInput(USAGE)
    try:
        start_date = date.fromisoformat(start)
    except ValueError:
        raise InvalidInput(f"{start!r} is not a date; use YYYY-MM-DD, e.g. 2027-05-03.", "start") from None
    require_create(req)
    with req.ctx.db.write() as session:
        source = find_cohort(session, req.actor.person.scope, " ".join(rest))
        schedule.require_facilitator(session, req.actor.person, source, admin=req.ctx.is_admin(req.actor.person))
        clone = clone_cohort(session, source, new_name, start_date, channel)
        enrol(session, clone, req.actor.person.user_id, FACILITATOR, by=req.actor.person)
        return Reply(text=cloned_text(source, clone, "/cohortbot"))
