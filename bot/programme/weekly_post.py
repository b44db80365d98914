"""The weekly post: "Week N of M", the challenge, its resources, and two buttons."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from bot.context import Context
from bot.delivery.jobs import Job, NothingToSend, Planned, post_to_channel
from bot.interaction.errors import InvalidInput
from bot.interaction.exchange import Button, Reply, Request
from bot.journal.reflections import reflection_form
from bot.messaging.messenger import DELIVERY_KEY, Message, Posted
from bot.programme.calendar import due_at
from bot.programme.library import ensure_library, library
from storage.models import Cohort, Prompt

OPEN_REFLECTION = "open_reflection"
OPEN_EVIDENCE = "open_evidence"


def plan_prompts(session: Session, cohort: Cohort) -> list[Planned]:
    """One post a week; prompts are taken in library order and start again if the library runs out."""
    ensure_library(session)
    prompts = library(session)
    return [
        Planned(week, due_at(cohort, week), prompts[(week - 1) % len(prompts)].id)
        for week in range(1, cohort.weeks + 1)
    ]


def week_button_value(cohort_id: int, week: int) -> str:
    """What a button about one week of a cohort carries; read back with `week_value`."""
    return json.dumps({"cohort_id": cohort_id, "week": week})


def week_buttons(cohort_id: int, week: int) -> tuple[Button, ...]:
    value = week_button_value(cohort_id, week)
    return (
        Button("Write a reflection", OPEN_REFLECTION, value, style="primary"),
        Button("Log evidence", OPEN_EVIDENCE, value),
    )


def challenge_text(prompt: Prompt) -> str:
    lines = [prompt.challenge.strip()]
    if prompt.resources:
        lines += ["", "**Resources**"] + [f"• {r['title']}: {r['url']}" for r in prompt.resources]
    return "\n".join(lines)


def credit(prompt: Prompt) -> str:
    """Who wrote the challenge and under what licence, as the post shows it: "By Jo Bloggs, CC BY 4.0"."""
    return f"By {prompt.author}, {prompt.licence}" if prompt.author else prompt.licence


def weekly_message(prompt: Prompt, job: Job) -> Message:
    return Message(
        title=f"Week {job.week} of {job.weeks}: {prompt.title}",
        text=challenge_text(prompt),
        buttons=week_buttons(job.cohort_id, job.week),
        footer=f"{credit(prompt)}. Reflect privately with /reflect or the button below.",
        metadata={DELIVERY_KEY: job.id, "cohort_id": job.cohort_id, "week": job.week, "kind": job.kind},
    )


def send_prompt(ctx: Context, job: Job) -> Posted:
    if job.place is None:
        raise NothingToSend("the cohort has no channel")
    with ctx.db.read() as session:
        prompt = session.get(Prompt, job.prompt_id) if job.prompt_id else None
        if prompt is None:
            raise NothingToSend("the week has no prompt")
        message = weekly_message(prompt, job)
    return post_to_channel(ctx.messenger, job.place, message)


def find_prompt_post(ctx: Context, job: Job) -> Posted | None:
    return ctx.messenger.find_post(job.place, DELIVERY_KEY, job.id) if job.place else None


def week_value(value: str, instead: str = "/reflect") -> dict[str, Any]:
    """The cohort and week a button names; an out-of-date button says to use `instead`."""
    try:
        data = json.loads(value)
        return {"cohort_id": int(data["cohort_id"]), "week": int(data["week"])}
    except (ValueError, KeyError, TypeError):
        raise InvalidInput(f"Sorry, that button is out of date. Use {instead} instead.") from None


def open_reflection(req: Request, value: str) -> Reply:
    """The post's "Write a reflection" button: the reflection form, linked to that week."""
    week = week_value(value)
    return Reply(form=reflection_form(week=week["week"], cohort_id=week["cohort_id"]))

