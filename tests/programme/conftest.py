from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.context import Context
from bot.programme import schedule as scheduling
from bot.programme.cohorts import find_cohort
from handlers.slack.app import web_client
from handlers.slack.messenger import SlackMessenger
from storage.db import Database
from storage.models import Delivery
from tests.workspaces import TEAM

# make_cohort's default: week 1 starts Monday 2 November 2026, 09:00 London (GMT).
WEEK_1 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def context_for(ctx: Context, db: Database | None = None) -> Context:
    """A context like `ctx` with its own Slack client, on `db` when given (e.g. a second process's engine)."""
    return Context(db=db or ctx.db, messenger=SlackMessenger(web_client(ctx.settings)), settings=ctx.settings)


@pytest.fixture
def schedule(db: Database, make_cohort: Callable[..., object]) -> Callable[..., int]:
    """Create and schedule a cohort; returns its id."""

    def make(name: str = "Cohort 1", **kwargs: object) -> int:
        make_cohort(name, **kwargs)
        with db.write() as session:
            cohort = find_cohort(session, TEAM, name)
            scheduling.schedule(session, cohort)
            return cohort.id

    return make


def deliveries(db: Database, kind: str = "prompt") -> list[Delivery]:
    with db.read() as session:
        return list(session.scalars(select(Delivery).where(Delivery.kind == kind).order_by(Delivery.cohort_id, Delivery.week)))


def row(db: Database, cohort_id: int, week: int, kind: str = "prompt") -> Delivery:
    return next(d for d in deliveries(db, kind) if d.cohort_id == cohort_id and d.week == week)


def channel_posts(fake_slack: object) -> list:
    """chat.postMessage calls to channels, leaving out DMs (surveys, alerts)."""
    return [c for c in fake_slack.calls("chat.postMessage") if not c.params["channel"].startswith("D")]  # type: ignore[attr-defined]
