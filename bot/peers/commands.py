"""`cohort pairs NAME --every N` for facilitators, and sitting a round out for delegates."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.delivery.claims import PENDING, SKIPPED
from bot.delivery.jobs import COHORT_WEEK
from bot.interaction.errors import InvalidInput, UserError
from bot.interaction.exchange import Reply, Request
from bot.interaction.subcommands import Subcommand
from bot.peers.rounds import DAYS_AFTER_POST, PEER_ROUND, round_weeks, scheme_of, skip_next_round
from bot.programme import schedule
from bot.programme.calendar import due_at, local_label
from bot.programme.cohort_request import cohort_for
from bot.programme.cohorts import cohort_for_entry, find_cohort
from storage.models import Cohort, Delivery, PeerScheme

CHANGED = "peer pairs changed"
USAGE = (
    "`/cohortbot pairs [NAME] --every 2`: introduce the cohort's delegates in pairs every 2 weeks (facilitators)\n"
    "`/cohortbot pairs skip [NAME]`: sit out the next round of pairs"
)


def set_pairs(session: Session, cohort: Cohort, every: int) -> str:
    """Pair the delegates every `every` weeks from the next slot; rounds already sent stay as they were."""
    if not 1 <= every <= cohort.weeks:
        raise InvalidInput(f"Pairs can change every 1 to {cohort.weeks} weeks.", "every")
    now = clock.now()
    first = next((week for week in range(1, cohort.weeks + 1) if due_at(cohort, week, DAYS_AFTER_POST) > now), None)
    if first is None:
        raise UserError(f"{cohort.name}'s programme has finished, so there are no rounds left to pair.")
    scheme = scheme_of(session, cohort.id)
    if scheme is None:
        scheme = PeerScheme(cohort_id=cohort.id, every_weeks=every, first_week=first)
        session.add(scheme)
    else:
        scheme.every_weeks, scheme.first_week = every, first
    planned = set(round_weeks(cohort, scheme))
    rows = session.scalars(
        select(Delivery).where(Delivery.cohort_id == cohort.id, Delivery.kind == PEER_ROUND, Delivery.subject_id == COHORT_WEEK)
    )
    for row in rows:
        if row.status == PENDING and row.week not in planned:
            row.status, row.error = SKIPPED, CHANGED
        elif row.status == SKIPPED and row.error == CHANGED and row.week in planned:
            row.status, row.error = PENDING, None
    session.flush()
    if cohort.status == schedule.PLANNED:
        return f"{cohort.name}: delegates will be paired every {every} week(s) once the cohort is scheduled."
    schedule.materialise(session, cohort)
    return (
        f"{cohort.name}: delegates will be paired every {every} week(s), first in week {first} "
        f"({local_label(due_at(cohort, first, DAYS_AFTER_POST), cohort.timezone)})."
    )


def _every(args: list[str]) -> tuple[int, list[str]]:
    """The N of `--every N` (or `every N`), and the other words."""
    for index, word in enumerate(args[:-1]):
        if word.lower() in ("--every", "every"):
            value = args[index + 1]
            if not value.isdigit():
                raise InvalidInput(f"{value!r} is not a number of weeks.", "every")
            return int(value), args[:index] + args[index + 2:]
    raise InvalidInput("Say how often, e.g. `/cohortbot pairs \"Cohort 1\" --every 2`.")


def skip_round(req: Request, cohort_id: int | None, name: str = "") -> Reply:
    with req.ctx.db.write() as session:
        if name:
            cohort_id = find_cohort(session, req.actor.person.scope, name).id
        person_id, cohort = cohort_for_entry(session, req.actor.person, place=req.actor.place, cohort_id=cohort_id)
        return Reply(text=skip_next_round(session, cohort, person_id))


def skip_button(req: Request, value: str) -> Reply:
    return skip_round(req, int(value) if value.isdigit() else -1)


def pairs_command(req: Request, args: list[str]) -> Reply:
    if not args:
        return Reply(text=USAGE)
    if args[0].lower() == "skip":
        return skip_round(req, None, " ".join(args[1:]))
    every, name = _every(args)
    with req.ctx.db.write() as session:
        cohort, _ = cohort_for(session, req, name)
        return Reply(text=set_pairs(session, cohort, every))


SUBCOMMANDS = (
    Subcommand("pairs", "pairs [NAME] --every N | skip", "peer pairs: set them up, or sit a round out", pairs_command),
)
