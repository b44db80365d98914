"""`/cohortbot cohort ...`: facilitators steer their cohorts from Slack.

Only facilitators of the cohort named (and admins) may run these; anyone else gets a
polite refusal and nothing changes. Where NAME is left out, the cohort whose channel
the command was typed in is meant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot import clock
from bot.delivery.outbox import POST_NOW, enqueue
from bot.interaction.errors import InvalidInput, NotAllowed
from bot.interaction.exchange import Field, Form, FormValues, Option, Reply, Request
from bot.interaction.subcommands import Subcommand
from bot.messaging.markup import person
from bot.people.admin_commands import require_create
from bot.people.roles import DELEGATE, FACILITATOR, has_any_role
from bot.programme import schedule
from bot.programme.calendar import WEEKDAYS, check_slot, check_start
from bot.programme.cloning import clone_action
from bot.programme.cohort_request import cohort_for, on_cohort, on_cohort_with, people_and_role, week_number
from bot.programme.cohorts import create_cohort, enrol, workspace_of
from bot.programme.mending import also_delegate_in
from bot.programme.mending_commands import MENDING_ACTIONS

CREATE_FORM = "cohort_create"
ACTIONS = (
    "create|enrol|unenrol|schedule|calendar|skip|unskip|swap|pause|resume|shift|post-now|resend|status|rename|channel|archive|clone"
)
USAGE = (
    "`/cohortbot cohort create` opens a form; `/cohortbot cohort create NAME --start YYYY-MM-DD` makes this channel's "
    "cohort at once\n"
    "`/cohortbot cohort enrol|unenrol NAME [delegate|facilitator|evaluator|coach] @person ...`\n"
    "`/cohortbot cohort schedule|calendar|pause|resume|post-now|status|archive [NAME]`\n"
    "`/cohortbot cohort skip|unskip|resend [NAME] WEEK`, `/cohortbot cohort swap [NAME] WEEK PROMPT-SLUG`\n"
    "`/cohortbot cohort shift [NAME] WEEKS` moves every week not yet posted later\n"
    "`/cohortbot cohort rename [NAME] NEW-NAME`, `/cohortbot cohort channel [NAME] CHANNEL-ID`\n"
    "`/cohortbot cohort clone NAME --as NEW --start YYYY-MM-DD [--channel C...]`\n"
    "Put a NAME with spaces in quotes. Without a NAME, the cohort of this channel is used."
)


def may_facilitate(req: Request) -> bool:
    if req.ctx.is_admin(req.actor.person):
        return True
    with req.ctx.db.read() as session:
        return has_any_role(session, req.actor.person, FACILITATOR)


def _swap(req: Request, args: list[str]) -> Reply:
    if len(args) < 2:
        raise InvalidInput("Say the week and the prompt, e.g. `/cohortbot cohort swap 5 meet-your-users`.")
    with req.ctx.db.write() as session:
        cohort, rest = cohort_for(session, req, args, numbers=2)
        return Reply(text=schedule.swap(session, cohort, week_number(rest[0]), rest[1]))


def _post_now(req: Request, args: list[str]) -> Reply:
    with req.ctx.db.write() as session:
        cohort, _ = cohort_for(session, req, args)
        delivery_id, week = schedule.prepare_post_now(session, cohort)
        queued = enqueue(session, POST_NOW, workspace_of(cohort), delivery_id=delivery_id)
    return Reply(text=f"Posting week {week} of {cohort.name} now.", queued=(queued,))


def _enrol(req: Request, args: list[str]) -> Reply:
    people, role, name = people_and_role(req, args, "enrol")
    with req.ctx.db.write() as session:
        cohort, _ = cohort_for(session, req, name)
        done = [(user_id, enrol(session, cohort, user_id, role, by=req.actor.person)) for user_id in people]
        added = [user_id for user_id, enrolled in done if enrolled.added]
        notes = [
            f"{person(user_id)} is also a delegate in {', '.join(others)}."
            for user_id in added
            if role == DELEGATE and (others := also_delegate_in(session, cohort, user_id))
        ]
    queued = tuple(row for _, enrolled in done for row in enrolled.queued)
    text = f"Enrolled {len(added)} of {len(people)} as {role} in {cohort.name}; the others were already in it."
    text += " I'll tell them by DM that you did." if queued else ""
    return Reply(text="\n".join([text, *notes]), queued=queued)


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


def _create_args(args: list[str]) -> dict[str, str]:
    """`NAME --start YYYY-MM-DD`: what a facilitator typed after `cohort create`, as the create form's values."""
    given: dict[str, str] = {}
    words = iter(args)
    for word in words:
        if word == "--start":
            given["start"] = next(words, "")
        elif word.startswith("--"):
            raise InvalidInput(f"I don't know {word} here: type `/cohortbot cohort create NAME --start YYYY-MM-DD`.")
        else:
            given["name"] = f"{given['name']} {word}" if "name" in given else word
    return given


def _create(req: Request, args: list[str]) -> Reply:
    """The create form, with what was typed filled in; given a NAME and `--start` in a channel, its cohort at once."""
    require_create(req)
    form = create_form(req)
    given = _create_args(args)
    if req.actor.place is not None and {"name", "start"} <= given.keys():
        return submit_create(req, {}, {field.key: field.initial for field in form.fields} | given)
    fields = tuple(replace(field, initial=given.get(field.key, field.initial)) for field in form.fields)
    return Reply(form=replace(form, fields=fields))


def _value(values: FormValues, key: str) -> str:
    value = values.get(key)
    return value.strip() if isinstance(value, str) else ""


def submit_create(req: Request, context: dict[str, Any], values: FormValues) -> Reply:
    require_create(req)
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
    weekday = _value(values, "weekday") or "0"
    if weekday not in {str(day) for day in range(len(WEEKDAYS))}:
        raise InvalidInput("Choose a day of the week.", "weekday")
    zone = _value(values, "timezone")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"{zone!r} is not a timezone; use a name such as Europe/London.", "timezone") from None
    check_start(start, zone, clock.now(), int(weekday))
    with req.ctx.db.write() as session:
        cohort = create_cohort(
            session,
            req.actor.person.scope,
            _value(values, "name"),
            conversation=_value(values, "channel"),
            start_date=start,
            timezone=zone,
            weeks=int(_value(values, "weeks")),
            weekday=int(weekday),
            local_time=local_time,
        )
        enrol(session, cohort, req.actor.person.user_id, FACILITATOR, by=req.actor.person)
        name = cohort.name
    return Reply(text=f"Created {name}, with you as its facilitator. Schedule it with `/cohortbot cohort schedule \"{name}\"`.")


COHORT_ACTIONS: dict[str, Callable[[Request, list[str]], Reply]] = {
    "create": _create,
    "enrol": _enrol,
    "calendar": on_cohort(schedule.calendar_text),
    "skip": on_cohort_with("which week", "skip 5", schedule.skip, week_number),
    "swap": _swap,
    "pause": on_cohort(schedule.pause),
    "resume": on_cohort(schedule.resume),
    "post-now": _post_now,
    "status": on_cohort(schedule.status_text),
    **MENDING_ACTIONS,
    "clone": clone_action,
}


def cohort_command(req: Request, args: list[str]) -> Reply:
    if not may_facilitate(req):
        raise NotAllowed("Sorry, only facilitators and admins can run cohorts.")
    action = COHORT_ACTIONS.get(args[0].lower()) if args else None
    return action(req, args[1:]) if action else Reply(text=USAGE)


SUBCOMMANDS = (
    Subcommand("cohort", f"cohort {ACTIONS}", "run your cohorts (`/cohortbot cohort` shows how)", cohort_command, may_facilitate),
)
