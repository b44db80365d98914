"""`/cohortbot cohort unenrol|rename|channel|unskip|archive|resend|shift`, scheduling with a check, and their buttons.

The same permission rule as every cohort command: facilitators of the cohort and admins.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from bot.delivery.outbox import JOIN_CHANNEL, POST_NOW, enqueue
from bot.interaction.errors import InvalidInput
from bot.interaction.exchange import Button, Reply, Request
from bot.programme import mending, schedule
from bot.programme.cohort_request import cohort_by_id, cohort_for, on_cohort, on_cohort_with, people_and_role, week_number
from bot.programme.cohorts import workspace_of
from bot.programme.weekly_post import week_value
from storage.models import Cohort

SCHEDULE_ANYWAY = "schedule_anyway"


def _unenrol(req: Request, args: list[str]) -> Reply:
    people, role, name = people_and_role(req, args, "unenrol")
    with req.ctx.db.write() as session:
        cohort, _ = cohort_for(session, req, name)
        removed = [user_id for user_id in people if mending.unenrol(session, cohort, user_id, role)]
    return Reply(
        text=f"Unenrolled {len(removed)} of {len(people)} as {role} from {cohort.name}; "
        "the others were not in it. What they wrote is kept."
    )


def _channel(req: Request, args: list[str]) -> Reply:
    if not args:
        raise InvalidInput("Say which channel, by its ID, e.g. `/cohortbot cohort channel C0123456789`.")
    with req.ctx.db.write() as session:
        cohort, rest = cohort_for(session, req, args, numbers=1)
        text = mending.move_channel(session, cohort, rest[0])
        queued = enqueue(session, JOIN_CHANNEL, workspace_of(cohort), cohort_id=cohort.id)
    return Reply(text=text, queued=(queued,))


def _resend(session: Session, cohort: Cohort, week: int) -> Reply:
    delivery_id = mending.prepare_resend(session, cohort, week)
    queued = enqueue(session, POST_NOW, workspace_of(cohort), delivery_id=delivery_id)
    return Reply(text=f"Posting week {week} of {cohort.name} now.", queued=(queued,))


def _resend_command(req: Request, args: list[str]) -> Reply:
    if not args:
        raise InvalidInput("Say which week, e.g. `/cohortbot cohort resend 3`.")
    with req.ctx.db.write() as session:
        cohort, rest = cohort_for(session, req, args, numbers=1)
        return _resend(session, cohort, week_number(rest[0]))


def resend_week(req: Request, value: str) -> Reply:
    """The "Post week N now" button of the missed-while-stopped note."""
    wanted = week_value(value, instead="`/cohortbot cohort resend`")
    with req.ctx.db.write() as session:
        cohort = cohort_by_id(session, req, wanted["cohort_id"])
        return _resend(session, cohort, wanted["week"])


def _schedule_reply(session: Session, cohort: Cohort, *, confirmed: bool) -> Reply:
    if not confirmed and mending.no_delegates(session, cohort):
        return Reply(
            text=f"{cohort.name} has no delegates yet, so its weekly posts would go to an empty room. "
            f'Enrol them first with `/cohortbot cohort enrol "{cohort.name}" @person`, or schedule it anyway.',
            buttons=(Button("Schedule with no delegates", SCHEDULE_ANYWAY, str(cohort.id)),),
        )
    return Reply(text=schedule.schedule(session, cohort))


def _schedule(req: Request, args: list[str]) -> Reply:
    with req.ctx.db.write() as session:
        cohort, _ = cohort_for(session, req, args)
        return _schedule_reply(session, cohort, confirmed=False)


def schedule_anyway(req: Request, value: str) -> Reply:
    if not value.isdigit():
        raise InvalidInput("Sorry, that button is out of date. Use `/cohortbot cohort schedule` instead.")
    with req.ctx.db.write() as session:
        return _schedule_reply(session, cohort_by_id(session, req, int(value)), confirmed=True)


MENDING_ACTIONS: dict[str, Callable[[Request, list[str]], Reply]] = {
    "schedule": _schedule,
    "unenrol": _unenrol,
    "rename": on_cohort_with("the new name", 'rename "Cohort 1" "Spring 2027"', mending.rename),
    "channel": _channel,
    "unskip": on_cohort_with("which week", "unskip 5", mending.unskip, week_number),
    "archive": on_cohort(mending.archive),
    "resend": _resend_command,
    "shift": on_cohort_with("by how many weeks", "shift 2", mending.shift, week_number),
}
