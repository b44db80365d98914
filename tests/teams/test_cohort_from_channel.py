"""`cohortbot cohort create NAME --start D` typed in a channel makes the cohort of that channel at once."""

from __future__ import annotations

import time_machine
from sqlalchemy import select

from bot.context import Context
from bot.interaction import dispatch
from bot.interaction.exchange import Actor, Reply, Request
from bot.interaction.outcomes import FieldError
from bot.programme.commands import CREATE_FORM
from storage.models import Cohort
from tests.teams.people import CHANNEL, FACILITATOR_ID, TENANT


def facilitator(ctx: Context, *, in_channel: bool = True) -> Request:
    settings = ctx.settings.model_copy(update={"cohortbot_admins": frozenset({FACILITATOR_ID})})
    ctx = Context(settings, ctx.db, ctx.messenger, TENANT)
    return Request(ctx, Actor(TENANT.person(FACILITATOR_ID), TENANT.place(CHANNEL) if in_channel else None))


@time_machine.travel("2026-12-01 10:00:00+00:00", tick=False)
def test_a_cohort_created_in_a_channel_lives_in_that_channel(neutral_ctx: Context) -> None:
    reply = dispatch.run_command(facilitator(neutral_ctx), "/cohortbot", 'cohort create "Cohort 2" --start 2027-01-04')
    assert isinstance(reply, Reply) and reply.text.startswith("Created Cohort 2, with you as its facilitator.")
    with neutral_ctx.db.read() as session:
        cohort = session.scalar(select(Cohort).where(Cohort.name == "Cohort 2"))
    assert (cohort.platform, cohort.workspace, cohort.conversation) == ("teams", TENANT.id, CHANNEL)
    assert str(cohort.start_date) == "2027-01-04" and cohort.weeks == 26


@time_machine.travel("2026-12-01 10:00:00+00:00", tick=False)
def test_a_bad_start_is_refused_and_without_a_start_or_a_channel_the_form_opens(neutral_ctx: Context) -> None:
    refused = dispatch.run_command(facilitator(neutral_ctx), "/cohortbot", 'cohort create "Cohort 2" --start 4/1/27')
    assert isinstance(refused, FieldError) and refused.message.startswith("Use YYYY-MM-DD")
    for req, text in (
        (facilitator(neutral_ctx), 'cohort create "Cohort 2"'),
        (facilitator(neutral_ctx, in_channel=False), 'cohort create "Cohort 2" --start 2027-01-04'),
    ):
        reply = dispatch.run_command(req, "/cohortbot", text)
        assert isinstance(reply, Reply) and reply.form is not None and reply.form.form_id == CREATE_FORM
        assert {field.key: field.initial for field in reply.form.fields}["name"] == "Cohort 2"  # what was typed is kept
    with neutral_ctx.db.read() as session:
        assert session.scalar(select(Cohort.id)) is None
