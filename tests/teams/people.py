"""A Teams cohort on the test database, with Teams people in it, for tests of the Teams front end."""

from __future__ import annotations

from datetime import date

from bot.context import Context
from bot.interaction.exchange import Actor, Request
from bot.messaging.addresses import TEAMS, Workspace
from bot.people.roles import DELEGATE, EVALUATOR, FACILITATOR
from bot.programme.cohorts import create_cohort, enrol
from storage.models import Cohort

TENANT = Workspace(TEAMS, "tenant-1")
CHANNEL = "19:cohort1@thread.tacv2"
DELEGATE_ID = "29:delegate"
FACILITATOR_ID = "29:facilitator"
EVALUATOR_ID = "29:evaluator"


def teams_cohort(ctx: Context, name: str = "Cohort 1", start: date = date(2026, 11, 2)) -> Cohort:
    with ctx.db.write() as session:
        cohort = create_cohort(session, TENANT, name, conversation=CHANNEL, start_date=start, timezone="Europe/London", weeks=26)
        for user_id, role in ((DELEGATE_ID, DELEGATE), (FACILITATOR_ID, FACILITATOR), (EVALUATOR_ID, EVALUATOR)):
            enrol(session, cohort, user_id, role, by=TENANT.person(user_id))
        return cohort


def teams_request(ctx: Context, user_id: str = DELEGATE_ID, source_key: str | None = None) -> Request:
    return Request(ctx=ctx, actor=Actor(person=TENANT.person(user_id)), source_key=source_key)
