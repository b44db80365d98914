"""`/cohortbot cohort ...`: facilitators steer their cohorts from Slack.

Only facilitators of the cohort named (and admins) may run these; anyone else gets a
polite refusal and nothing changes. Where NAME is left out, the cohort whose channel
the command was typed in is meant.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from bot import clock
from bot.delivery.outbox import POST_NOW, enqueue
from bot.interaction.errors import InvalidInput, NotAllowed
from bot.interaction.exchange import Field, Form, FormValues, Option, Reply, Request
from bot.interaction.subcommands import Subcommand
from bot.people.admins import facilitators_may_create
from bot.people.roles import DELEGATE, FACILITATOR, ROLES, has_any_role
from bot.programme import schedule
from bot.programme.calendar import WEEKDAYS, check_slot, check_start
from bot.programme.cohorts import cohort_at, create_cohort, enrol, find_cohort
from storage.models import Cohort

CREATE_FORM = "cohort_create"
ACTIONS = "create|enrol|schedule|calendar|skip|swap|pause|resume|post-now|status"
USAGE = (
    "`/cohortbot cohort create` opens a form\n"
    "`/cohortbot cohort enrol NAME [delegate|facilitator|evaluator|coach] @person ...`\n"
    "`/cohortbot cohort schedule|calendar|pause|resume|post-now|status [NAME]`\n"
    "`/cohortbot cohort skip [NAME] WEEK`, `/cohortbot cohort swap [NAME] WEEK PROMPT-SLUG`\n"
    "Put a NAME with spaces in quotes. Without a NAME, the cohort of this channel is used."
)


def may_facilitate(req: Request) -> bool:
    if req.ctx.is_admin(req.actor.person):
        return True
    with req.ctx.db.read() as session:
        return has_any_role(session, req.actor.person, FACILITATOR)


def _cohort(session: Session, req: Request, args: list[str], numbers: int = 0) -> tuple[Cohort, list[str]]:
    """The cohort named before `numbers` trailing arguments, or this channel's; checked for permission."""
    named = args[: len(args) - numbers] if numbers else args
    rest = args[len(named):]
    if named:
        cohort = find_cohort(session, req.actor.person.scope, " ".join(named))
    else:
        cohort = cohort_at(session, req.actor.place)
        if cohort is None:
            raise InvalidInput("Which cohort? Name it, e.g. `/cohortbot cohort status \"Cohort 1\"`.")
    schedule.require_facilitator(session, req.actor.person, cohort, admin=req.ctx.is_admin(req.actor.person))
    return cohort, rest


def _week(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InvalidInput(f"{value!r} is not a week number.") from None


def _simple(operation: Callable[[Session, Cohort], str]) -> Callable[[Request, list[str]], Reply]:
    def run(req: Request, args: list[str]) -> Reply:
        with req.ctx.db.write() as session:
            cohort, _ = _cohort(session, req, args)
            return Reply(text=operation(session, cohort))

    return run


def _skip(req: Request, args: list[str]) -> Reply:
    if not args:
        raise InvalidInput("Say which week, e.g. `/cohortbot cohort skip 5`.")
    with req.ctx.db.write() as session:
        cohort, rest = _cohort(session, req, args, numbers=1)
        return Reply(text=schedule.skip(session, cohort, _week(rest[0])))


def _swap(req: Request, args: list[str]) -> Reply:
    if len(args) < 2:
        raise InvalidInput("Say the week and the prompt, e.g. `/cohortbot cohort swap 5 meet-your-users`.")
    with req.ctx.db.write() as session:
        cohort, rest = _cohort(session, req, args, numbers=2)
        return Reply(text=schedule.swap(session, cohort, _week(rest[0]), rest[1]))


def _post_now(req: Request, args: list[str]) -> Reply:
    with req.ctx.db.write() as session:
        cohort, _ = _cohort(session, req, args)
        delivery_id, week = schedule.prepare_post_now(session, cohort)
        queued = enqueue(session, POST_NOW, delivery_id=delivery_id)
    return Reply(text=f"Posting week {week} of {cohort.name} now.", queued=(queued,))


def _enrol(req: Request, args: list[str]) -> Reply:
    people = [(word, user_id) for word in args if (user_id := req.person_named(word))]
    named = {word for word, _ in people}
    role = next((word.lower() for word in args if word.lower() in ROLES), DELEGATE)
    name = [word for word in args if word not in named and word.lower() not in ROLES]
    if not people:
        raise InvalidInput("Name the people to enrol, e.g. `/cohortbot cohort enrol \"Cohort 1\" delegate @Sam`.")
    with req.ctx.db.write() as session:
        cohort, _ = _cohort(session, req, name)
        done = [enrol(session, cohort, user_id, role, by=req.actor.person) for _, user_id in people]
    added = sum(enrolled.added for enrolled in done)
    queued = tuple(row for enrolled in done for row in enrolled.queued)
    text = f"Enrolled {added} of {len(people)} as {role} in {cohort.name}; the others were already in it."
    return Reply(text=text + (" I'll tell them by DM that you did." if queued else ""), queued=queued)


def create_form(req: Request) -> Form:
    weekdays = tuple(Option(str(i), day.capitalize()) for i, day in enumerate(WEEKDAYS))
    here = req.actor.place.conversation if req.actor.place else None
    return Form(
        CREATE_FORM,
        "New cohort",
        (
            Field("name", "Name", max_length=100),
            Field("channel", "Channel ID", initial=here, hint="The cohort's Slack channel, e.g. C0123456789"),
            Field("start", "First day of week 1", hint="YYYY-MM-DD", max_length=10),
            Field("weeks", "Weeks", initial="26", max_length=3),
            Field("weekday", "Day of the weekly post", kind="select", options=weekdays, initial="0"),
            Field("time", "Local time of the post", initial="09:00", max_length=5, hint="HH:MM, not between 01:00 and 02:00"),
            Field("timezone", "Timezone", initial=req.ctx.settings.cohortbot_timezone, max_length=64),
        ),
        submit_label="Create",
    )


def may_create(req: Request) -> bool:
    """Admins; facilitators too where an admin allows it (`admins allow-facilitators-to-create on`)."""
    if req.ctx.is_admin(req.actor.person):
        return True
    return facilitators_may_create(req.ctx.db, req.actor.person.scope) and may_facilitate(req)


def _require_create(req: Request) -> None:
    if not may_create(req):
        raise NotAllowed("Sorry, only an admin can create cohorts here. An admin can allow facilitators to create them too.")


def _create(req: Request, args: list[str]) -> Reply:
    _require_create(req)
    return Reply(form=create_form(req))


def _value(values: FormValues, key: str) -> str:
    value = values.get(key)
    return value.strip() if isinstance(value, str) else ""


def submit_create(req: Request, context: dict[str, Any], values: FormValues) -> Reply:
    _require_create(req)
    try:
        start = date.fromisoformat(_value(values, "start"))
    except ValueError:
        raise InvalidInput("Use YYYY-MM-DD, e.g. 2026-01-05.", "start") from None
    try:
        local_time = datetime.strptime(_value(values, "time"), "%H:%M").time()
    except ValueError:
        raise InvalidInput("Use HH:MM on the 24-hour clock, e.g. 09:00.", "time") from None
    check_slot(local_time)
    if not _value(values, "weeks").isdigit():
        raise InvalidInput("Weeks must be a whole number.", "weeks")
    if not (_value(values, "weekday") or "0").isdigit():
        raise InvalidInput("Choose a day of the week.", "weekday")
    zone = _value(values, "timezone")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"{zone!r} is not a timezone; use a name such as Europe/London.", "timezone") from None
    check_start(start, zone, clock.now())
    with req.ctx.db.write() as session:
        cohort = create_cohort(
            session,
            req.actor.person.scope,
            _value(values, "name"),
            conversation=_value(values, "channel"),
            start_date=start,
            timezone=zone,
            weeks=int(_value(values, "weeks")),
            weekday=int(_value(values, "weekday") or 0),
            local_time=local_time,
        )
        enrol(session, cohort, req.actor.person.user_id, FACILITATOR, by=req.actor.person)
        name = cohort.name
    return Reply(text=f"Created {name}, with you as its facilitator. Schedule it with `/cohortbot cohort schedule \"{name}\"`.")


COHORT_ACTIONS: dict[str, Callable[[Request, list[str]], Reply]] = {
    "create": _create,
    "enrol": _enrol,
    "schedule": _simple(schedule.schedule),
    "calendar": _simple(schedule.calendar_text),
    "skip": _skip,
    "swap": _swap,
    "pause": _simple(schedule.pause),
    "resume": _simple(schedule.resume),
    "post-now": _post_now,
    "status": _simple(schedule.status_text),
}


def cohort_command(req: Request, args: list[str]) -> Reply:
    if not may_facilitate(req):
        raise NotAllowed("Sorry, only facilitators and admins can run cohorts.")
    action = COHORT_ACTIONS.get(args[0].lower()) if args else None
    return action(req, args[1:]) if action else Reply(text=USAGE)


SUBCOMMANDS = (
    Subcommand("cohort", f"cohort {ACTIONS}", "run your cohorts (`/cohortbot cohort` shows how)", cohort_command, may_facilitate),
)
